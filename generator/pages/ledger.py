"""问题台账: every problem across projects, grouped by responsible unit, open and overdue first."""

from __future__ import annotations

from .. import fmt, urls
from ..model import SiteModel
from .common import Page


def ledger_page(model: SiteModel) -> Page:
    problems = model.now.problems
    projects, units = model.content.projects, model.content.units
    by_owner: dict[str, list[dict]] = {}
    for problem in problems.to_dict("records"):
        for owner in problem["owners"]:  # a problem with two owner units is listed under both
            by_owner.setdefault(owner, []).append(problem)
    groups = []
    for owner, rows in by_owner.items():
        rows.sort(key=lambda p: (not p["open"], not p["overdue"], -p["days_overdue"], p["deadline"]))
        groups.append({
            "unit": units[owner].name, "anchor": f"unit-{owner}",
            "open": sum(p["open"] for p in rows), "overdue": sum(p["overdue"] for p in rows), "total": len(rows),
            "rows": [{"project": projects[p["project"]].name, "url": urls.project(p["project"]), "text": p["text"],
                      "raised": fmt.iso(p["raised"]), "meeting_url": model.meeting_url(p["meeting"] or ""),
                      "deadline": fmt.iso(p["deadline"]), "open": p["open"], "overdue": p["overdue"],
                      "days_overdue": int(p["days_overdue"]), "resolved": None if p["open"] else fmt.iso(p["resolved"])}
                     for p in rows],
        })
    groups.sort(key=lambda g: (-g["overdue"], -g["open"], g["unit"]))
    return Page(urls.ledger(), "ledger.md.j2", {
        "groups": groups, "month": fmt.cn_month(model.month), "as_of": fmt.cn_date(model.now.as_of),
        "total": len(problems), "open": int(problems["open"].sum()), "overdue": int(problems["overdue"].sum()),
        "resolved": int((~problems["open"]).sum()),
    }, "问题台账")
