"""The areas' outlines, optional: `content/boundaries.geojson`, one GeoJSON FeatureCollection.

Each feature is one area's Polygon or MultiPolygon, named by `properties.area` (an id of site.yml's
`areas`); other properties, as GIS tools export them, are left alone. Coordinates are longitude, latitude
in WGS-84 (CGCS2000 for 天地图 and 标准地图 data is the same to within centimetres), as GeoJSON requires
(RFC 7946). Whether outlines are drawn at all is the map's business (a 审图号 is needed, `site/maps.py`).

The file is parsed with `json`; a message's line is found, only when there is one, by composing the text
again as YAML (JSON is YAML's flow style), as `yamlsource` does for the records.
"""

from __future__ import annotations

import json

import yaml

from .errors import ContentError
from .geo import in_china
from .load import Content, SourceFile, shown_path
from .yamlsource import KeyPath, YamlDocument

FILE = "boundaries.geojson"
MAX_BYTES = 5_000_000  # a county's townships, simplified for a page 360 px wide, take a few hundred KB
GEOMETRIES = {"Polygon": 1, "MultiPolygon": 2}  # how deep the list of rings is nested


class _JsonDocument(YamlDocument):
    def position(self, path: KeyPath, at_key: bool = False) -> tuple[int, int]:
        try:
            return super().position(path, at_key)
        except yaml.YAMLError:  # JSON that YAML does not read (tabs for indentation): the file is still named
            return (1, 1)


def read(content: Content) -> None:
    """Check `content/boundaries.geojson` when there is one, into `content.boundaries` or its errors."""
    path = content.root / FILE
    if not path.is_file():
        return
    shown = shown_path(path)
    if path.stat().st_size > MAX_BYTES:
        size = path.stat().st_size
        content.errors.append(ContentError(shown, 1, 1, "", f"区域轮廓文件过大（期望 不超过 {MAX_BYTES // 1_000_000} "
                                                            f"MB，实际 {size:,} 字节）：请先简化轮廓"))
        return
    try:
        text = path.read_bytes().decode("utf-8-sig")
        data = json.loads(text)
    except UnicodeDecodeError:
        content.errors.append(ContentError(shown, 1, 1, "", "区域轮廓文件不是 UTF-8 编码，请另存为 UTF-8"))
        return
    except json.JSONDecodeError as error:
        content.errors.append(ContentError(shown, error.lineno, error.colno, "",
                                           f"不是有效的 GeoJSON（JSON 格式错误：{error.msg}）"))
        return
    content.files["boundaries"] = SourceFile(shown, FILE, _JsonDocument(data, source=text))
    _Reader(content).collection(data)


class _Reader:
    def __init__(self, content: Content) -> None:
        self.content = content
        self.areas = {area.id for area in content.site.areas} if content.site else None

    def error(self, path: KeyPath, message: str) -> None:
        self.content.error("boundaries", path, message)

    def collection(self, data: object) -> None:
        if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
            self.error(("type",), "区域轮廓文件应是 GeoJSON 的 FeatureCollection"
                                  "（期望 \"type\": \"FeatureCollection\"）")
            return
        features = data.get("features")
        if not isinstance(features, list):
            self.error(("features",), "缺少 features 列表（期望 每个区域一个 Feature）")
            return
        for index, feature in enumerate(features):
            self.feature(index, feature)

    def feature(self, index: int, feature: object) -> None:
        path: KeyPath = ("features", index)
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            self.error((*path, "type"), "每一项应是一个 Feature（期望 \"type\": \"Feature\"）")
            return
        properties = feature.get("properties")
        area = properties.get("area") if isinstance(properties, dict) else None
        if not isinstance(area, str):
            self.error((*path, "properties"), "缺少 properties.area（期望 site.yml 中 areas 的编号，如 \"yilu\"）")
            return
        if self.areas is not None and area not in self.areas:
            self.error((*path, "properties", "area"), f"找不到区域 {area}（期望 site.yml 的 areas 中已有的编号）")
            return
        if area in self.content.boundaries:
            self.error((*path, "properties", "area"), f"区域 {area} 的轮廓重复（一个区域只写一个 Feature，"
                                                      f"几块飞地用 MultiPolygon）")
            return
        polygons = self.geometry((*path, "geometry"), feature.get("geometry"))
        if polygons is not None:
            self.content.boundaries[area] = polygons

    def geometry(self, path: KeyPath, geometry: object) -> list | None:
        kind = geometry.get("type") if isinstance(geometry, dict) else None
        if kind not in GEOMETRIES:
            self.error((*path, "type"), f"轮廓只能是 Polygon 或 MultiPolygon（实际 {kind}）")
            return None
        coordinates = geometry.get("coordinates")
        polygons = [coordinates] if kind == "Polygon" else coordinates
        if not isinstance(polygons, list) or not polygons:
            self.error((*path, "coordinates"), "coordinates 应是坐标列表")
            return None
        found = []
        for number, rings in enumerate(polygons):
            at = (*path, "coordinates", *((number,) if kind == "MultiPolygon" else ()))
            polygon = self.polygon(at, rings)
            if polygon is None:
                return None
            found.append(polygon)
        return found

    def polygon(self, path: KeyPath, rings: object) -> list | None:
        if not isinstance(rings, list) or not rings:
            self.error(path, "多边形应是一组环（第一个为外轮廓），每个环是 [经度, 纬度] 点的列表")
            return None
        found = []
        for number, ring in enumerate(rings):
            if not isinstance(ring, list) or len(ring) < 4:
                self.error((*path, number), "每个环至少 4 个点，且首尾两点相同")
                return None
            points = []
            for position, point in enumerate(ring):
                if not (isinstance(point, list) and len(point) in (2, 3)
                        and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in point)):
                    self.error((*path, number, position), f"点应写成 [经度, 纬度]（实际 {json.dumps(point)[:40]}）")
                    return None
                lon, lat = float(point[0]), float(point[1])
                if not in_china(lat, lon):
                    self.error((*path, number, position), f"点不在中国境内（实际 经度 {lon:g}，纬度 {lat:g}）："
                                                          f"GeoJSON 先写经度、后写纬度")
                    return None
                points.append((lon, lat))
            if points[0] != points[-1]:
                self.error((*path, number), "环没有闭合（期望 最后一个点与第一个点相同）")
                return None
            found.append(points)
        return found
