"""项目: the list of all projects and its static facet pages (by category, area, unit, leader, kind, light)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pandas as pd

from ...figures import compute, fmt
from ... import urls
from ...figures.rules import LIGHT_NAMES
from ...figures.model import SiteModel
from .common import NOT_SEARCHED, Page, group_rows, paginate, project_rows, records_by_index
from .places import map_view

_LIGHT_ORDER = ["red", "yellow", "green", "none"]


def _facet_frame(model: SiteModel) -> pd.DataFrame:
    """The reporting month's projects with the column the `kind` facet goes by."""
    return model.now.projects.assign(kind_slug=model.now.projects["kind"].map(urls.KIND_SLUGS))


def facet_values(model: SiteModel) -> dict[str, list[dict]]:
    """For each dimension, its values with a name and a project count, in a stable order."""
    frame = _facet_frame(model)
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
        "unit": sorted(names["unit"], key=lambda key: names["unit"][key]),
        "leader": [leader for leader in model.content.leaders if leader in names["leader"]],
        "kind": list(urls.KIND_SLUGS.values()),
        "light": _LIGHT_ORDER,
    }
    result = {}
    for dimension, (column, _) in urls.FACETS.items():
        counts = frame[column].value_counts()
        result[dimension] = [{"value": value, "name": names[dimension].get(value, value),
                              "count": int(counts[value]), "url": urls.facet(dimension, value)}
                             for value in order[dimension] if counts.get(value, 0)]
    return result


def _pages(url_of, rows: list[dict]) -> list[dict]:
    return [{"number": n, "url": url_of(n)} for n in range(1, len(paginate(rows)) + 1)]


def index_pages(model: SiteModel, facets: dict) -> Iterator[Page]:
    rows = project_rows(model.now)
    pages = _pages(urls.projects, rows)
    for number, chunk in enumerate(paginate(rows), start=1):
        yield Page(urls.projects(number), "projects.md.j2", {
            "rows": chunk, "facets": facets, "dimensions": urls.FACETS, "pages": pages, "current": number,
            "count": len(rows), "month": fmt.cn_month(model.month),
        }, "项目" if number == 1 else f"项目（第 {number} 页）", NOT_SEARCHED)


def _visits(weeks: dict | None) -> dict | None:
    if not weeks:
        return None
    visited, elapsed = int(weeks["weeks_visited"]), int(weeks["weeks"])
    return {"weeks_visited": visited, "weeks": elapsed, "rate": fmt.pct(visited / elapsed if elapsed else None)}


def facet_pages(model: SiteModel, facets: dict, dimensions: Iterable[str] = urls.FACETS) -> Iterator[Page]:
    """The static facet pages of `dimensions` (all by default)."""
    frame = _facet_frame(model)
    for dimension in dimensions:
        column, label = urls.FACETS[dimension]
        compliance = records_by_index(compute.group_compliance(model.visits, frame, column)) \
            if column in ("unit", "leader") else {}
        summaries = {row["key"]: row for row in group_rows(
            compute.group_figures(frame, column, column, model.month), column)}
        for key, summary in summaries.items():
            summary["visits"] = _visits(compliance.get(key))
        members_of = dict(tuple(frame.groupby(column, sort=False)))
        for facet in facets[dimension]:
            summary = summaries[facet["value"]]
            rows = project_rows(model.now, members_of[facet["value"]])
            pages = _pages(lambda n, d=dimension, v=facet["value"]: urls.facet(d, v, n), rows)
            for number, chunk in enumerate(paginate(rows), start=1):
                url = urls.facet(dimension, facet["value"], number)
                where = map_view(model, members_of[facet["value"]], url, facet["value"]) \
                    if dimension == "area" and number == 1 else None
                yield Page(url, "facet.md.j2", {
                    "label": label, "facet": facet, "summary": summary, "rows": chunk, "pages": pages,
                    "current": number, "month": fmt.cn_month(model.month), "all": urls.projects(), "map": where,
                }, f"{label}：{facet['name']}", NOT_SEARCHED)

