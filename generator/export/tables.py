"""The four data tables, built from the computed site model as of the reporting month.

Every figure is the compute stage's (the snapshot of the reporting month); nothing here re-derives one
except the per-month rates of the progress table, with the same formulas of `rules.py`. Values stay
plain Python (str, float, int, bool, None) so that CSV, XLSX and JSON write exactly the same thing.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from .. import urls
from ..figures import rules
from ..figures.model import SiteModel
from ..figures.rules import LIGHT_NAMES
from ..records.geo import position
from ..records.models import MEETING_KIND_NAMES
from .columns import DECISIONS, LIST_SEPARATOR, PROBLEMS, PROGRESS, PROJECTS, TABLES, Table


def plain(value: object) -> object:
    """NaN, NaT and pandas' own scalars as plain Python values (None for missing)."""
    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalars
        return plain(value.item())
    return value


def percent(rate: float | None) -> float | None:
    return None if rules.missing(rate) else round(rate * 100, 2)


def points(gap: float | None) -> float | None:
    return None if rules.missing(gap) else round(gap, 2)


def _frame(table: Table, rows: list[dict]) -> pd.DataFrame:
    # object dtype keeps every value as written (no int → float on a missing value)
    return pd.DataFrame([[row[key] for key in table.keys] for row in rows], columns=table.keys, dtype=object)


def _names(records: dict, keys: list[str]) -> str:
    return LIST_SEPARATOR.join(records[key].name for key in keys)


def meeting_label(model: SiteModel, meeting_id: str | None) -> str | None:
    meeting = model.content.meetings.get(meeting_id or "")
    if meeting is None:
        return None
    return f"{meeting.date:%Y-%m-%d} {meeting.title or MEETING_KIND_NAMES[meeting.kind]}"


def project_rows(model: SiteModel) -> list[dict]:
    content, now = model.content, model.now
    figures_of, visits_of = now.projects.to_dict("index"), model.visits.to_dict("index")
    rows = []
    for project_id in sorted(content.projects):
        project, row, visits = content.projects[project_id], figures_of[project_id], visits_of[project_id]
        start = project.actual_start if project.actual_start and project.actual_start <= now.as_of else None
        latitude, longitude = position(project.location, model.site) or (None, None)  # WGS-84
        rows.append({
            "id": project.id, "name": project.name, "category": row["category_name"], "kind": project.kind,
            "area": row["area_name"], "address": project.location.address,
            "latitude": latitude, "longitude": longitude,
            "leader": row["leader_name"], "leader_title": content.leaders[project.leader].title,
            "responsible_unit": row["unit_name"], "responsible_person": project.responsible.person,
            "builder_unit": content.units[project.builder.unit].name, "builder_person": project.builder.person,
            "cooperating_units": _names(content.units, [p.unit for p in project.cooperating]),
            "inspector": project.inspector.name,
            "total": project.total_investment, "plan": project.annual_plan, "completed": row["completed"],
            "rate": percent(row["rate"]), "time_progress": percent(rules.time_progress(model.month)),
            "gap": points(row["gap"]), "light": LIGHT_NAMES[row["light"]], "light_reason": row["reason"],
            "planned_start": project.planned_start, "actual_start": start,
            "planned_completion": project.planned_completion, "started": bool(row["started"]),
            "image": row["image"], "last_report": row["last_report"],
            "approvals_total": row["approvals_total"], "approvals_done": row["approvals_done"],
            "open_problems": row["open_problems"], "overdue_problems": row["overdue_problems"],
            "weeks_visited": visits["weeks_visited"], "weeks": visits["weeks"], "month": model.month,
            "url": model.absolute_url(urls.project(project.id)),
            "json": model.absolute_url(urls.project_json(project.id)),
        })
    return rows


def progress_rows(model: SiteModel) -> list[dict]:
    """Each report up to the reporting month: the record's cumulative figure and its rate for that month."""
    reported = model.tables.progress[model.tables.progress["month"] <= model.month]
    names, plans = model.tables.projects["name"].to_dict(), model.tables.projects["plan"].to_dict()
    rows = []
    for entry in reported.sort_values(["project", "month"], kind="stable").to_dict("records"):
        project, month = entry["project"], entry["month"]
        rate = rules.completion_rate(entry["completed"], plans[project])
        rows.append({"project": project, "project_name": names[project], "month": month,
                     "completed": entry["completed"], "plan": plans[project], "rate": percent(rate),
                     "time_progress": percent(rules.time_progress(month)),
                     "gap": points(rules.gap_points(rate, month)), "image": entry["image"]})
    return rows


def problem_rows(model: SiteModel) -> list[dict]:
    """The ledger as of the reporting month's end (problems raised later are not in it yet)."""
    problems = model.now.problems.sort_values(["project", "number"], kind="stable")
    names, units = model.tables.projects["name"].to_dict(), model.content.units
    return [{
        "project": p["project"], "project_name": names[p["project"]], "number": p["number"] + 1, "text": p["text"],
        "owners": _names(units, list(p["owners"])), "owner_names": [units[u].name for u in p["owners"]],
        "raised": p["raised"],
        "meeting": meeting_label(model, plain(p["meeting"])), "deadline": p["deadline"],
        "status": "未解决" if p["open"] else "已解决", "overdue": bool(p["overdue"]),
        "days_overdue": p["days_overdue"], "resolved": None if p["open"] else p["resolved"],
        "resolution": None if p["open"] else p["resolution"],
    } for p in problems.to_dict("records")]


def decision_rows(model: SiteModel) -> list[dict]:
    """The decisions of every dispatch meeting whose bulletin is published, in meeting order."""
    content, rows = model.content, []
    for bulletin in sorted(model.bulletins, key=lambda b: (b.meeting.date, b.meeting_id)):
        for number, decision in enumerate(bulletin.meeting.decisions, start=1):
            rows.append({
                "meeting": meeting_label(model, bulletin.meeting_id), "meeting_date": bulletin.meeting.date,
                "bulletin": bulletin.title, "number": number, "text": decision.text,
                "owners": _names(content.units, decision.owners), "deadline": decision.deadline,
                "projects": LIST_SEPARATOR.join(decision.projects),
                "project_names": _names(content.projects, decision.projects),
                "status": decision.status, "done": decision.done, "project_ids": list(decision.projects),
            })
    return rows


def build_rows(model: SiteModel) -> dict[str, list[dict]]:
    """The rows of every table by name, as plain values (decision rows keep their project ids for grouping)."""
    built = {PROJECTS.name: project_rows(model), PROGRESS.name: progress_rows(model),
             PROBLEMS.name: problem_rows(model), DECISIONS.name: decision_rows(model)}
    return {name: [{key: plain(value) for key, value in row.items()} for row in rows] for name, rows in built.items()}


def build_tables(rows: dict[str, list[dict]]) -> dict[str, pd.DataFrame]:
    """One DataFrame per table, its columns named by the JSON field names of `columns.py`."""
    return {table.name: _frame(table, rows[table.name]) for table in TABLES}
