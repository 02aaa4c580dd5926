"""What every page builder shares: the Page record and the rows of a project table."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from .. import fmt, urls
from ..figures import LIGHT_NAMES

PAGE_SIZE = 200  # rows per page of a project list; a province's lists are paginated, a county's are not


@dataclass
class Page:
    url: str  # the page's folder, e.g. "projects/hengyuan-food/"
    template: str
    context: dict = field(default_factory=dict)
    title: str = ""
    meta: dict = field(default_factory=dict)  # front matter beside the title, e.g. {"search": {"exclude": True}}
    standalone: bool = False  # a whole HTML page of our own (the printable card), copied by MkDocs as is

    @property
    def file(self) -> str:
        return f"{self.url}index.html" if self.standalone else f"{self.url}index.md"

NOT_SEARCHED = {"search": {"exclude": True}}  # lists that only repeat what project pages hold


def project_rows(frame: pd.DataFrame) -> list[dict]:
    """Display-ready rows for a project table; every figure comes from the snapshot."""
    columns = ["id", "name", "category", "category_name", "area", "area_name", "unit", "unit_name",
               "leader", "leader_name", "kind", "plan", "completed", "rate", "gap", "light", "reason"]
    rows = []
    for row in frame[columns].to_dict("records"):
        row.update(url=urls.project(row["id"]), kind_slug=urls.KIND_SLUGS[row["kind"]],
                   plan=fmt.wan(row["plan"]), completed=fmt.wan(row["completed"]), rate=fmt.pct(row["rate"]),
                   gap=fmt.points(row["gap"]), light_name=LIGHT_NAMES[row["light"]])
        rows.append(row)
    return rows


def ranking_rows(ranking: pd.DataFrame) -> list[dict]:
    """`compute.unit_ranking` as display rows with their rank."""
    return [{**row, "rank": rank}
            for row, rank in zip(group_rows(ranking, "unit_name"), ranking["rank"], strict=True)]


def records_by(frame: pd.DataFrame, key: str) -> dict[object, list[dict]]:
    """The rows of `frame` as dicts, grouped by one column, in one pass (no per-group filtering)."""
    grouped: dict[object, list[dict]] = {}
    for row in frame.to_dict("records"):
        grouped.setdefault(row[key], []).append(row)
    return grouped


def paginate(rows: list, size: int = PAGE_SIZE) -> list[list]:
    return [rows[start:start + size] for start in range(0, len(rows), size)] or [[]]


def group_rows(groups: pd.DataFrame, name: str) -> list[dict]:
    """Display-ready rows of `compute.group_figures`."""
    return [{
        "key": row[groups.columns[0]], "name": row[name], "projects": row["projects"], "total": fmt.wan(row["total"]),
        "plan": fmt.wan(row["plan"]), "completed": fmt.wan(row["completed"]), "rate": fmt.pct(row["rate"]),
        "gap": fmt.points(row["gap"]), "red": row["red"], "yellow": row["yellow"], "green": row["green"],
    } for row in groups.to_dict("records")]
