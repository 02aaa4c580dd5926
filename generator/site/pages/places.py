"""The map of a page (the home page's county, an area page's area): its points, outlines and caption.

Outlines are drawn only when site.yml's `map.review_number` names the 审图号 of the approved base map they
come from (《地图管理条例》: a map published in China needs one); otherwise the map shows project points only
and says it is a 示意图, which shows places, not boundaries.
"""

from __future__ import annotations

import pandas as pd

from ... import urls
from ...figures.compute import Snapshot
from ...figures.model import SiteModel
from ...figures.rules import LIGHT_NAMES
from ...records.geo import position
from .. import maps
from .common import project_rows

LEGEND = [{"light": light, "symbol": symbol, "name": LIGHT_NAMES[light] if light != "none" else "不亮灯"}
          for light, symbol in (("red", "▲"), ("yellow", "◆"), ("green", "●"), ("none", "○"))]
MAP_POINTS = 400  # more projects than this (a province's home page): one mark per area, linking to its page


def _outlines(model: SiteModel, area: str | None) -> list[maps.Outline]:
    if not model.site.map.review_number:
        return []
    names = {a.id: a.name for a in model.site.areas}
    chosen = [area] if area else [a.id for a in model.site.areas]
    return [maps.Outline(names[key], model.content.boundaries[key]) for key in chosen
            if key in model.content.boundaries]


def caption(model: SiteModel, outlined: bool) -> list[str]:
    settings, lines = model.site.map, []
    if outlined:
        lines.append(f"审图号：{settings.review_number}")
        if settings.base_map:
            lines.append(f"底图：{settings.base_map}")
    else:
        lines.append("示意图：只标出项目的大致位置，不表示行政区域界线。")
    if model.site.demo:
        lines.append("示例数据：项目位置为虚构" + ("，区域轮廓为示意，不是真实的行政区划。" if outlined else "。"))
    return lines


def map_view(model: SiteModel, snap: Snapshot, frame: pd.DataFrame, page_url: str,
             area: str | None = None) -> dict | None:
    """What a page's map shows: the projects of `frame` (rows of `snap`) with their lights there, and
    `area`'s outline, or every area's on the home page. None when there is nothing to place."""
    rows = project_rows(snap, frame)
    projects = model.content.projects
    placed, unplaced = [], []
    for row in rows:
        found = position(projects[row["id"]].location, model.site)
        (placed if found else unplaced).append((row, found))
    outlines = _outlines(model, area)
    if not placed and not outlines:
        return None
    grouped = len(placed) > MAP_POINTS
    if grouped:
        points, items = _by_area(placed)
    else:
        points = [maps.Point(row["name"], row["url"], row["light"], lat, lon) for row, (lat, lon) in placed]
        items = [{"name": row["name"], "url": row["url"], "light": row["light"], "area": row["area_name"]}
                 for row, _ in placed]
    kind = "分布图" if outlines else "分布示意图"
    place = next((a.name for a in model.site.areas if a.id == area), "") if area else model.site.county
    label = f"{place}重点项目{kind}"
    return {
        "svg": maps.draw(points, outlines, label, page_url), "label": label, "caption": caption(model, bool(outlines)),
        "items": items, "grouped": grouped, "placed": len(placed), "legend": [] if grouped else LEGEND,
        "unplaced": [{"name": row["name"], "url": row["url"]} for row, _ in unplaced],
    }


def _by_area(placed: list) -> tuple[list[maps.Point], list[dict]]:
    """One mark per area at the middle of its projects, for maps with too many projects to mark each."""
    areas: dict[str, list] = {}
    for row, found in placed:
        areas.setdefault(row["area"], []).append((row, found))
    points, items = [], []
    for key, members in areas.items():
        name, url = members[0][0]["area_name"], urls.facet("area", key)
        lat = sum(found[0] for _, found in members) / len(members)
        lon = sum(found[1] for _, found in members) / len(members)
        points.append(maps.Point(f"{name}（{len(members)} 个项目）", url, "none", lat, lon, len(members)))
        items.append({"name": f"{name}：{len(members)} 个项目", "url": url, "light": None, "area": None})
    return points, items
