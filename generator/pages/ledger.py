"""问题台账: every problem across projects, grouped by responsible unit, open and overdue first."""

from __future__ import annotations

from .. import fmt, urls
from ..model import SiteModel
from .common import Page


def ledger_page(model: SiteModel) -> Page:
    problems = model.now.problems
    names = model.now.projects["name"]
    units = model.content.units
    by_owner = problems.assign(owner=problems["owners"]).explode("owner")
    groups = []
    for owner, rows in by_owner.groupby("owner", sort=False):
        rows = rows.sort_values(["open", "overdue", "days_overdue", "deadline"], ascending=[False, False, False, True])
        groups.append({
            "unit": units[owner].name, "anchor": f"unit-{owner}",
            "open": int(rows["open"].sum()), "overdue": int(rows["overdue"].sum()), "total": len(rows),
            "rows": [{"project": names[r.project], "url": urls.project(r.project), "text": r.text,
                      "raised": fmt.iso(r.raised), "meeting_url": model.meeting_url(r.meeting or ""),
                      "deadline": fmt.iso(r.deadline), "open": r.open, "overdue": r.overdue,
                      "days_overdue": int(r.days_overdue), "resolved": None if r.open else fmt.iso(r.resolved)}
                     for r in rows.itertuples()],
        })
    groups.sort(key=lambda g: (-g["overdue"], -g["open"], g["unit"]))
    return Page(urls.ledger(), "ledger.md.j2", {
        "groups": groups, "month": fmt.cn_month(model.month), "as_of": fmt.cn_date(model.now.as_of),
        "total": len(problems), "open": int(problems["open"].sum()), "overdue": int(problems["overdue"].sum()),
        "resolved": int((~problems["open"]).sum()),
    }, "问题台账")
