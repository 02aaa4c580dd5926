"""Maps: the datum conversion, points where the coordinates say, every point linked, outlines only with a
审图号, the area outlines' validation, and coordinates in the downloads."""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
from pathlib import Path

import pytest

from generator.records import geo
from generator.site import maps
from generator.site.build import build

from .conftest import SAMPLE, edit, loaded
from .test_validation import messages


def test_gcj02_conversion_matches_published_reference_points():
    # coord-transform (Rust crate) documents wgs2gcj((118.0, 32.0)) to full precision
    assert geo.wgs84_to_gcj02(32.0, 118.0) == pytest.approx((31.997964381055795, 118.00543101383846), abs=1e-12)
    # Beijing railway station, WGS-84 (39.90105, 116.42079) ↔ GCJ-02 (39.90245, 116.42703), given to five
    # decimals (about a metre)
    assert geo.wgs84_to_gcj02(39.90105, 116.42079) == pytest.approx((39.90245, 116.42703), abs=1.5e-5)
    assert geo.gcj02_to_wgs84(39.90245, 116.42703) == pytest.approx((39.90105, 116.42079), abs=1.5e-5)


def test_gcj02_inverse_round_trips_within_a_millimetre_across_china():
    for lat in range(19, 53, 3):
        for lon in range(75, 135, 4):
            back = geo.gcj02_to_wgs84(*geo.wgs84_to_gcj02(lat + 0.37, lon + 0.61))
            assert back == pytest.approx((lat + 0.37, lon + 0.61), abs=1e-8)  # 1e-8 degrees ≈ 1 mm
    assert geo.wgs84_to_gcj02(48.85, 2.35) == (48.85, 2.35)  # outside China the datums coincide


def test_positions_use_the_sites_datum_or_the_locations_own(sample_model):
    projects, site = sample_model.content.projects, sample_model.site
    gcj = projects["hengyuan-food"].location
    assert site.map.datum == "GCJ-02" and gcj.datum is None
    expected = geo.gcj02_to_wgs84(gcj.latitude, gcj.longitude)
    assert geo.position(gcj, site) == (round(expected[0], 6), round(expected[1], 6))
    assert abs(geo.position(gcj, site)[1] - gcj.longitude) > 0.004  # the shift here is about 500 m: it matters
    gps = projects["yilu-village"].location
    assert gps.datum == "WGS-84" and geo.position(gps, site) == (gps.latitude, gps.longitude)
    assert geo.position(projects["gas-pipeline"].location, site) is None  # county-wide: no point


def _svg(page: str) -> str:
    found = re.search(r'<svg class="map".*?</svg>', page, re.S)
    assert found, "no map on the page"
    return found.group(0)


def _marks(svg: str) -> dict[str, tuple[float, float]]:
    """Each linked mark's target centre, by the page it links to."""
    return {href: (float(x), float(y)) for href, x, y in
            re.findall(r'<a href="([^"]+)" tabindex="-1"><title>[^<]*</title><circle class="map-target" '
                       r'cx="([\d.]+)" cy="([\d.]+)"', svg)}


def test_home_map_marks_every_placed_project_where_its_coordinates_say(sample_site: Path, sample_model):
    svg = _svg((sample_site / "index.html").read_text(encoding="utf-8"))
    marks = _marks(svg)
    listed = [sample_model.content.projects[pid] for pid in sample_model.now.projects.index]  # this year's list
    placed = {f"projects/{p.id}/": geo.position(p.location, sample_model.site)
              for p in listed if p.location.latitude is not None}
    assert set(marks) == set(placed) and len(placed) > 30
    for href in marks:  # every mark is a link that leads to a built page
        assert (sample_site / href / "index.html").is_file()
    # x grows with longitude and y falls with latitude, at one scale each, the east-west one shrunk by cos(latitude)
    pairs = [(placed[href], marks[href]) for href in marks]
    (lat0, lon0), (x0, y0) = pairs[0]
    far = max(pairs, key=lambda pair: abs(pair[0][1] - lon0) + abs(pair[0][0] - lat0))
    scale_x = (far[1][0] - x0) / (far[0][1] - lon0)
    scale_y = (far[1][1] - y0) / (far[0][0] - lat0)
    assert scale_y < 0 < scale_x
    assert scale_x / -scale_y == pytest.approx(0.832, abs=0.01)  # cos(33.65°)
    for (lat, lon), (x, y) in pairs:
        assert x == pytest.approx(x0 + scale_x * (lon - lon0), abs=0.15)
        assert y == pytest.approx(y0 + scale_y * (lat - lat0), abs=0.15)


def test_map_loads_nothing_and_says_what_it_is(sample_site: Path, sample_model):
    page = (sample_site / "index.html").read_text(encoding="utf-8")
    svg = _svg(page)
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "") and "<image" not in svg
    assert "<script" not in svg and " on" not in re.sub(r'"[^"]*"', '""', svg)  # no handler attributes
    assert "审图号：GS（2021）0000号（示例）" in page and "区域轮廓为示意，不是真实的行政区划" in page
    listed = [sample_model.content.projects[pid] for pid in sample_model.now.projects.index]
    unplaced = [p for p in listed if p.location.latitude is None]
    assert unplaced and f"另有 {len(unplaced)} 个未标注位置" in page  # county-wide projects: no point, still listed
    assert svg.count('class="map-area"') == len(sample_model.content.boundaries)


def test_tap_targets_are_44_units_where_neighbours_allow():
    spots = [(10.0, 10.0), (200.0, 200.0), (206.0, 200.0)]
    assert maps._targets(spots) == [maps.TARGET, maps.MARK + 3, maps.MARK + 3]


def test_area_page_maps_its_own_projects(sample_site: Path, sample_model):
    page = (sample_site / "projects" / "by-area" / "gxq" / "index.html").read_text(encoding="utf-8")
    svg = _svg(page)
    ids = {pid for pid, p in sample_model.content.projects.items() if p.location.area == "gxq"}
    assert {href.split("/")[-2] for href in _marks(svg)} == ids
    assert svg.count('class="map-area"') == 1 and "高新区重点项目分布图" in svg


@pytest.fixture
def placed_tree(tree: Path) -> Path:
    """The fixture tree with coordinates on two projects."""
    edit(tree, "projects/alpha.yml", "location: {area: east, address: 东区一路1号}",
         "location: {area: east, address: 东区一路1号, latitude: 33.6, longitude: 115.2}")
    edit(tree, "projects/beta.yml", "location: {", "location: {latitude: 33.65, longitude: 115.26, datum: WGS-84, ")
    return tree


BOUNDARY = {"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"area": "east"}, "geometry": {"type": "Polygon", "coordinates": [
        [[115.15, 33.55], [115.3, 33.55], [115.3, 33.7], [115.15, 33.7], [115.15, 33.55]]]}}]}


def test_without_a_review_number_outlines_are_not_drawn_and_the_map_is_a_schematic(placed_tree: Path, tmp_path: Path):
    (placed_tree / "boundaries.geojson").write_text(json.dumps(BOUNDARY), encoding="utf-8")
    build(placed_tree, tmp_path / "site", tmp_path / "docs")
    page = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    svg = _svg(page)
    assert "map-area" not in svg and len(_marks(svg)) == 2
    assert "示意图：只标出项目的大致位置，不表示行政区域界线。" in page and "审图号" not in page
    edit(placed_tree, "site.yml", "areas:", "map: {review_number: GS（2020）1234号, base_map: 某省标准地图}\nareas:")
    build(placed_tree, tmp_path / "site", tmp_path / "docs")
    page = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert _svg(page).count('class="map-area"') == 1 and "审图号：GS（2020）1234号" in page and "底图：某省标准地图" in page


def test_a_county_without_coordinates_gets_no_map(fixture_site: Path):
    assert 'class="map"' not in (fixture_site / "index.html").read_text(encoding="utf-8")


def test_downloads_and_oc4ids_carry_wgs84_coordinates(placed_tree: Path, tmp_path: Path):
    build(placed_tree, tmp_path / "site", tmp_path / "docs")
    data = tmp_path / "site" / "data"
    rows = {row["项目编号"]: row for row in csv.DictReader(io.StringIO((data / "projects.csv").read_text("utf-8-sig")))}
    lat, lon = geo.gcj02_to_wgs84(33.6, 115.2)
    assert (float(rows["alpha"]["纬度"]), float(rows["alpha"]["经度"])) == (round(lat, 6), round(lon, 6))
    assert (rows["beta"]["纬度"], rows["beta"]["经度"]) == ("33.65", "115.26")  # WGS-84 already
    assert rows["gamma"]["纬度"] == ""
    listed = {p["id"]: p for p in json.loads((data / "projects.json").read_text(encoding="utf-8"))["projects"]}
    assert (listed["alpha"]["latitude"], listed["alpha"]["longitude"]) == (round(lat, 6), round(lon, 6))
    package = json.loads((data / "oc4ids.json").read_text(encoding="utf-8"))
    geometry = {p["identifiers"][0]["id"]: p["locations"][0].get("geometry") for p in package["projects"]}
    assert geometry["alpha"] == {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]}
    assert geometry["gamma"] is None


def test_bad_coordinates_are_refused(tree: Path):
    edit(tree, "projects/alpha.yml", "location: {area: east, address: 东区一路1号}",
         "location: {area: east, address: 东区一路1号, latitude: 33.6}")
    edit(tree, "projects/beta.yml", "location: {", "location: {latitude: 33.6, longitude: 33.6, datum: BD-09, ")
    edit(tree, "projects/gamma.yml", "location: {", "location: {latitude: 33.6, longitude: 33.6, ")
    found = [m.split(" ", 1)[1] for m in messages(tree)]
    assert found == [
        "location.longitude — 纬度（latitude）和经度（longitude）要一起填写，或都不填",
        "location.datum — 坐标系：取值无效（期望 以下之一：GCJ-02, WGS-84，实际 “BD-09”）",
        "location.latitude — 坐标不在中国境内（实际 纬度 33.6，经度 33.6）：纬度和经度是否写反了？",
    ]


@pytest.mark.parametrize("text, expected", [
    ('{"type": "FeatureCollection", "features": [\n  {"type": "Feature",, }]}',
     ["boundaries.geojson:2:22 — 不是有效的 GeoJSON（JSON 格式错误：Expecting property name enclosed in double quotes）"]),
    ('{"type": "FeatureCollection", "features": [\n{"type": "Feature", "properties": {"area": "north"},\n'
     '"geometry": {"type": "Point", "coordinates": [115, 33]}}]}',
     ["boundaries.geojson:2:44 features[1].properties.area — 找不到区域 north（期望 site.yml 的 areas 中已有的编号）"]),
    ('{"type": "FeatureCollection", "features": [\n{"type": "Feature", "properties": {"area": "east"},\n'
     '"geometry": {"type": "Polygon", "coordinates": [[[33.6, 115.2], [33.7, 115.2], [33.7, 115.3], [33.6, 115.2]]]}}]}',
     ["boundaries.geojson:3:50 features[1].geometry.coordinates[1][1] — 点不在中国境内（实际 经度 33.6，纬度 115.2）："
      "GeoJSON 先写经度、后写纬度"]),
    ('{"type": "FeatureCollection", "features": [\n{"type": "Feature", "properties": {"area": "east"},\n'
     '"geometry": {"type": "Polygon", "coordinates": [[[115.2, 33.6], [115.2, 33.7], [115.3, 33.7], [115.3, 33.6]]]}},\n'
     '{"type": "Feature", "properties": {"name": "西区"}, "geometry": null}]}',
     ["boundaries.geojson:3:49 features[1].geometry.coordinates[1] — 环没有闭合（期望 最后一个点与第一个点相同）",
      "boundaries.geojson:4:35 features[2].properties — 缺少 properties.area（期望 site.yml 中 areas 的编号，如 \"yilu\"）"]),
])
def test_bad_boundaries_are_refused_with_file_line_and_key(tree: Path, text: str, expected: list[str]):
    (tree / "boundaries.geojson").write_text(text, encoding="utf-8")
    assert messages(tree) == expected


def test_sample_boundaries_hold_every_placed_project_in_its_own_area():
    content = loaded(SAMPLE)

    def inside(lon: float, lat: float, ring: list) -> bool:
        crossings = False
        for (x1, y1), (x2, y2) in itertools.pairwise(ring):
            if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
                crossings = not crossings
        return crossings

    for project in content.projects.values():
        point = geo.position(project.location, content.site)
        if point is None:
            continue
        polygons = content.boundaries[project.location.area]
        assert any(inside(point[1], point[0], polygon[0]) and not any(inside(point[1], point[0], hole)
                   for hole in polygon[1:]) for polygon in polygons), project.id


def test_a_province_sized_map_marks_areas_not_projects(sample_model, monkeypatch):
    from generator.site.pages import places

    monkeypatch.setattr(places, "MAP_POINTS", 5)
    view = places.map_view(sample_model, sample_model.now, sample_model.now.projects, "")
    areas = {p.location.area for p in sample_model.content.projects.values() if p.location.latitude is not None}
    marks = _marks(str(view["svg"]))
    assert view["grouped"] and set(marks) == {f"projects/by-area/{area}/" for area in areas}
    assert sum(int(re.search(r"：(\d+) 个项目", item["name"]).group(1)) for item in view["items"]) == view["placed"]


def test_names_on_the_map_are_text(placed_tree: Path, tmp_path: Path):
    edit(placed_tree, "projects/alpha.yml", "name: 甲食品加工项目", "name: '<script>x</script>甲'")
    build(placed_tree, tmp_path / "site", tmp_path / "docs")
    svg = _svg((tmp_path / "site" / "index.html").read_text(encoding="utf-8"))
    assert "<script>" not in svg and "<title>&lt;script&gt;x&lt;/script&gt;甲</title>" in svg
