"""问题台账: every problem across projects, grouped by responsible unit, open and overdue first.

The current year's ledger as of the reporting month; each earlier year's as it stood at the year's end: the
problems still open then, and those resolved during that year.
"""

from __future__ import annotations

from collections.abc import Iterator

from ... import urls
from ...figures import fmt
from ...figures.model import SiteModel
from .common import NOT_SEARCHED, Page, YearView, records, year_links

LEDGER_ONE_PAGE = 300  # up to this many problems (a county's) the ledger is one page; beyond, a page per unit


def ledger_pages(model: SiteModel, view: YearView) -> Iterator[Page]:
    problems = view.snap.problems
    projects, units = model.content.projects, model.content.units
    by_owner: dict[str, list[dict]] = {}
    for problem in records(problems):
        for owner in problem["owners"]:  # a problem with two owner units is listed under both
            by_owner.setdefault(owner, []).append(problem)
    groups = []
    for owner, rows in by_owner.items():
        rows.sort(key=lambda p: (not p["open"], not p["overdue"], -p["days_overdue"], p["deadline"]))
        groups.append({
            "unit": units[owner].name, "anchor": f"unit-{owner}", "url": urls.ledger_unit(owner, view.url_year),
            "open": sum(p["open"] for p in rows), "overdue": sum(p["overdue"] for p in rows), "total": len(rows),
            "rows": [{"project": projects[p["project"]].name, "url": urls.project(p["project"]), "text": p["text"],
                      "raised": fmt.iso(p["raised"]), "meeting_url": model.meeting_url(p["meeting"] or ""),
                      "deadline": fmt.iso(p["deadline"]), "open": p["open"], "overdue": p["overdue"],
                      "days_overdue": int(p["days_overdue"]), "resolved": None if p["open"] else fmt.iso(p["resolved"])}
                     for p in rows],
        })
    groups.sort(key=lambda g: (-g["overdue"], -g["open"], g["unit"]))
    split = len(problems) > LEDGER_ONE_PAGE
    as_of = fmt.cn_date(view.snap.as_of)
    title = "问题台账" if view.current else f"{view.year}年问题台账"
    yield Page(urls.ledger(view.url_year), "ledger.md.j2", {
        "groups": groups, "split": split, "as_of": as_of, "year": view.year,
        "years": year_links(model, view.year, urls.ledger),
        "total": len(problems), "open": int(problems["open"].sum()), "overdue": int(problems["overdue"].sum()),
        "resolved": int((~problems["open"]).sum()),
    }, title)
    for group in groups if split else []:
        yield Page(group["url"], "ledger_unit.md.j2", {"group": group, "as_of": as_of},
                   f"{title}：{group['unit']}", NOT_SEARCHED)
