"""项目: the list of a year's projects and its static facet pages (by category, area, unit, leader, kind, light).

The current year's lists live at `projects/`; each earlier year's, as it stood at its end, at `2021/projects/`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pandas as pd

from ... import urls
from ...figures import compute, fmt
from ...figures.model import SiteModel
from ...figures.rules import LIGHT_NAMES
from .common import (
    NOT_SEARCHED,
    WIDE_LIST,
    Page,
    YearView,
    group_rows,
    list_order,
    paginate,
    pinyin_key,
    project_rows,
    records_by_index,
    year_links,
)
from .places import map_view

_LIGHT_ORDER = ["red", "yellow", "green", "none"]


def _facet_frame(view: YearView) -> pd.DataFrame:
    """The year's projects in list order (`list_order`), with the column the `kind` facet goes by."""
    return list_order(view.snap.projects.assign(kind_slug=view.snap.projects["kind"].map(urls.KIND_SLUGS)))


def facet_values(model: SiteModel, view: YearView) -> dict[str, list[dict]]:
    """For each dimension, its values with a name and a project count, in a stable order."""
    frame = _facet_frame(view)
    names = {
        "category": dict(zip(frame["category"], frame["category_name"], strict=True)),
        "area": dict(zip(frame["area"], frame["area_name"], strict=True)),
        "unit": dict(zip(frame["unit"], frame["unit_name"], strict=True)),
        "leader": dict(zip(frame["leader"], frame["leader_name"], strict=True)),
        "kind": {slug: kind for kind, slug in urls.KIND_SLUGS.items()},
        "light": LIGHT_NAMES,
    }
    order = {
        "category": [c.id for c in model.site.categories],
        "area": [a.id for a in model.site.areas],
        "unit": sorted(names["unit"], key=lambda key: pinyin_key(names["unit"][key])),
        "leader": [leader for leader in model.content.leaders if leader in names["leader"]],
        "kind": list(urls.KIND_SLUGS.values()),
        "light": _LIGHT_ORDER,
    }
    result = {}
    for dimension, (column, _) in urls.FACETS.items():
        counts = frame[column].value_counts()
        result[dimension] = [{"value": value, "name": names[dimension].get(value, value),
                              "count": int(counts[value]), "url": urls.facet(dimension, value, year=view.url_year)}
                             for value in order[dimension] if counts.get(value, 0)]
    return result


def _pages(url_of, rows: list[dict]) -> list[dict]:
    return [{"number": n, "url": url_of(n)} for n in range(1, len(paginate(rows)) + 1)]


def _as_of(view: YearView) -> str:
    """What the figures of a list are as of, in words."""
    return f"数据截至{fmt.cn_month(view.month)}底" if view.current else f"{view.year}年年底的情况"


def index_pages(model: SiteModel, view: YearView, facets: dict) -> Iterator[Page]:
    rows = project_rows(view.snap, list_order(view.snap.projects))
    pages = _pages(lambda n: urls.projects(n, year=view.url_year), rows)
    heading = "项目" if view.current else f"{view.year}年度重点项目"
    for number, chunk in enumerate(paginate(rows), start=1):
        yield Page(urls.projects(number, year=view.url_year), "projects.md.j2", {
            "rows": chunk, "facets": facets, "dimensions": urls.FACETS, "pages": pages, "current": number,
            "count": len(rows), "year": view.year, "as_of": _as_of(view), "current_year": view.current,
            "years": year_links(model, view.year),
        }, heading if number == 1 else f"{heading}（第 {number} 页）", WIDE_LIST)


def facet_index_pages(view: YearView, facets: dict) -> Iterator[Page]:
    """One page per dimension at the folder of its facet pages (`projects/by-area/`), listing every value."""
    prefix = "" if view.current else f"{view.year}年度 · "
    for dimension, (_, label) in urls.FACETS.items():
        yield Page(urls.facet_index(dimension, year=view.url_year), "facet_index.md.j2", {
            "label": label, "facets": facets[dimension], "as_of": _as_of(view),
            "all": urls.projects(year=view.url_year), "count": len(view.snap.projects),
        }, f"{prefix}按{label}浏览项目", NOT_SEARCHED)


def _visits(weeks: dict | None) -> dict | None:
    if not weeks:
        return None
    visited, elapsed = int(weeks["weeks_visited"]), int(weeks["weeks"])
    return {"weeks_visited": visited, "weeks": elapsed, "rate": fmt.pct(visited / elapsed if elapsed else None)}


def facet_pages(model: SiteModel, view: YearView, facets: dict,
                dimensions: Iterable[str] = urls.FACETS) -> Iterator[Page]:
    """The static facet pages of one year's `dimensions` (all by default)."""
    frame = _facet_frame(view)
    prefix = "" if view.current else f"{view.year}年度 · "
    for dimension in dimensions:
        column, label = urls.FACETS[dimension]
        compliance = records_by_index(compute.group_compliance(view.visits, frame, column)) \
            if column in ("unit", "leader") else {}
        summaries = {row["key"]: row for row in group_rows(
            compute.group_figures(frame, column, column, view.month), column)}
        for key, summary in summaries.items():
            summary["visits"] = _visits(compliance.get(key))
        members_of = dict(tuple(frame.groupby(column, sort=False)))
        for facet in facets[dimension]:
            summary = summaries[facet["value"]]
            rows = project_rows(view.snap, members_of[facet["value"]])
            pages = _pages(lambda n, d=dimension, v=facet["value"]: urls.facet(d, v, n, year=view.url_year), rows)
            for number, chunk in enumerate(paginate(rows), start=1):
                url = urls.facet(dimension, facet["value"], number, year=view.url_year)
                where = map_view(model, view.snap, members_of[facet["value"]], url, facet["value"]) \
                    if dimension == "area" and number == 1 else None
                yield Page(url, "facet.md.j2", {
                    "label": label, "facet": facet, "summary": summary, "rows": chunk, "pages": pages,
                    "current": number, "as_of": _as_of(view), "all": urls.projects(year=view.url_year), "map": where,
                    "dimension": dimension,
                }, f"{prefix}{label}：{facet['name']}", WIDE_LIST)
