"""The parts of an OC4IDS project made from the schedule and the monthly reports: milestones, metrics, and
the extension fields of our own (the light, the problem ledger, on-site visits) that the standard lacks.

Amounts: the records are in 万元; OC4IDS amounts are in currency units, so every amount is in yuan (CNY),
the record × 10,000. Dates are days in China Standard Time; "as of" is the end of the reporting month.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

from ..figures.rules import LIGHT_NAMES, month_end
from ..records.models import Project
from .records import approval_done, date_status, on_or_before

CURRENCY = "CNY"
YUAN_PER_WAN = 10_000
EXTENSIONS = {
    "progressLight": "红黄绿灯：灯色、原因、投资完成率、序时进度、序时差",
    "problemLedger": "问题台账：每个问题的责任单位、办结时限、状态、是否逾期",
    "onSiteVisits": "现场办公：有现场办公的周数、应办公周数和每次现场办公记录",
}
LIGHT_CODES = {name: code for code, name in LIGHT_NAMES.items()}
_ZONE = "+08:00"


def day(date: dt.date) -> str:
    return f"{date.isoformat()}T00:00:00{_ZONE}"


def end_of(date: dt.date) -> str:
    return f"{date.isoformat()}T23:59:59{_ZONE}"


def yuan(wan: float) -> dict:
    """An OC4IDS Value from an amount in 万元."""
    amount = round(wan * YUAN_PER_WAN, 2)
    return {"amount": int(amount) if amount.is_integer() else amount, "currency": CURRENCY}


def uri(url: str) -> str:
    """An http(s) address as an RFC 3986 URI (non-ASCII characters percent-encoded)."""
    return quote(url, safe=":/?#[]@!$&'()*+,;=%~")


def _period(start: dt.date | None, end: dt.date | None) -> dict | None:
    period = {"startDate": day(start) if start else None, "endDate": end_of(end) if end else None}
    return {key: value for key, value in period.items() if value} or None


def _dated(**dates: dt.date | None) -> dict:
    return {key: day(value) for key, value in dates.items() if value}


def milestones(project: Project, as_of: dt.date) -> list[dict]:
    """倒排工期 as delivery milestones, the start as `commencement`, 联审联批 items as approval milestones."""
    modified = end_of(as_of)
    items = [{"id": f"schedule-{number}", "title": m.name, "type": "delivery",
              **_dated(dueDate=m.planned, dateMet=on_or_before(m.actual, as_of)),
              "status": date_status(m.planned, m.actual, as_of), "dateModified": modified}
             for number, m in enumerate(project.milestones, start=1)]
    if project.planned_start or on_or_before(project.actual_start, as_of):
        items.append({"id": "commencement", "title": "开工", "type": "delivery", "code": "commencement",
                      **_dated(dueDate=project.planned_start, dateMet=on_or_before(project.actual_start, as_of)),
                      "status": date_status(project.planned_start, project.actual_start, as_of),
                      "dateModified": modified})
    for number, approval in enumerate(project.approvals, start=1):
        done = approval_done(approval, as_of)
        items.append({"id": f"approval-{number}", "title": approval.name, "type": "approval",
                      "code": "projectApproval", "description": "联审联批事项", **_dated(dateMet=done),
                      "status": "met" if done else "notMet", "dateModified": modified})
    return items


def metrics(project: Project, year: int, plan: float | None, progress: list[dict]) -> list[dict]:
    """financialProgress (the year's plan as target, each month's cumulative completed) and physicalProgress."""
    financial = [] if plan is None else [
        {"id": "annual-plan", "period": _period(dt.date(year, 1, 1), dt.date(year, 12, 31)),
         "value": yuan(plan), "dimensions": {"observationType": "target"}, "notes": f"{year} 年度计划投资"}]
    physical = []
    for row in progress:
        month, first = row["month"], dt.date.fromisoformat(f"{row['month']}-01")
        rate = "—" if row["rate"] is None else f"{row['rate']:.2f}%"
        financial.append({"id": month, "period": _period(first.replace(month=1), month_end(month)),
                          "value": yuan(row["completed"]), "dimensions": {"observationType": "actual"},
                          "notes": f"本年累计完成投资，投资完成率 {rate}，序时进度 {row['time_progress']:.2f}%"})
        physical.append({"id": month, "period": _period(first, month_end(month)), "measure": row["image"]})
    result = [{"id": "financialProgress", "title": "本年累计完成投资",
               "description": "自年初至当月底累计完成的投资（元）；目标为年度计划投资", "observations": financial}]
    if physical:
        result.append({"id": "physicalProgress", "title": "形象进度", "description": "每月报送的形象进度",
                       "observations": physical})
    return result


def _day_of(iso: str | None) -> str | None:
    return day(dt.date.fromisoformat(iso)) if iso else None


def extensions(row: dict, problems: list[dict], visits: list[dict], as_of: dt.date) -> dict:
    """`progressLight`, `problemLedger` and `onSiteVisits`, from the rows of the data tables."""
    light = {"code": LIGHT_CODES[row["light"]], "name": row["light"], "reason": row["light_reason"],
             "completionRate": row["rate"], "timeProgress": row["time_progress"], "gapPoints": row["gap"],
             "asOf": end_of(as_of)}
    ledger = [{"id": f"problem-{p['number']}", "description": p["text"], "owners": p["owner_names"],
               "raisedDate": _day_of(p["raised"]), "raisedAt": p["meeting"], "dueDate": _day_of(p["deadline"]),
               "status": "open" if p["status"] == "未解决" else "resolved", "overdue": p["overdue"],
               "daysOverdue": p["days_overdue"], "resolvedDate": _day_of(p["resolved"]),
               "resolution": p["resolution"]} for p in problems]
    weeks = row["weeks"]
    visited = {"weeksVisited": row["weeks_visited"], "weeksElapsed": weeks,
               "complianceRate": round(row["weeks_visited"] / weeks * 100, 2) if weeks else None,
               "visits": [{**visit, "date": _day_of(visit["date"])} for visit in visits]}
    return {"progressLight": light, "problemLedger": ledger, "onSiteVisits": visited}
