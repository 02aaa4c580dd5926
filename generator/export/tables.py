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
from .columns import DECISIONS, EARLIER, LIST_SEPARATOR, PROBLEMS, PROGRESS, PROJECTS, TABLES, YEARS, Table

_PLAIN = {str, int, bool, type(None)}


def plain(value: object) -> object:
    """NaN, NaT and pandas' own scalars as plain Python values (None for missing)."""
    if type(value) in _PLAIN:  # most values, quickly
        return value
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


def points(rate: float | None, month: str) -> float | None:
    """序时差 to two decimals: the difference of the two percentages as this file writes them (the pages print
    one decimal and subtract those)."""
    return None if rules.missing(rate) else round(percent(rate) - percent(rules.time_progress(month)), 2)


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


def _project_row(model: SiteModel, project_id: str, snap, row: dict, visits: dict) -> dict:
    """One project's row as of `snap`; `row` is its figures (plain Python values, as `to_dict` gives them:
    numpy's rounding of a float differs from Python's)."""
    content = model.content
    project = content.projects[project_id]
    start = project.actual_start if project.actual_start and project.actual_start <= snap.as_of else None
    finish = project.actual_completion if project.actual_completion and project.actual_completion <= snap.as_of \
        else None
    latitude, longitude = position(project.location, model.site) or (None, None)  # WGS-84
    return {
        "id": project.id, "name": project.name, "year": snap.year, "category": row["category_name"],
        "kind": row["kind"], "area": row["area_name"], "address": project.location.address,
        "latitude": latitude, "longitude": longitude,
        "leader": row["leader_name"], "leader_title": content.leaders[project.leader].title,
        "responsible_unit": row["unit_name"], "responsible_person": project.responsible.person,
        "builder_unit": content.units[project.builder.unit].name, "builder_person": project.builder.person,
        "cooperating_units": _names(content.units, [p.unit for p in project.cooperating]),
        "inspector": project.inspector.name,
        "total": project.total_investment, "plan": row["plan"], "completed": row["completed"],
        "since_start": row["since_start"],
        "rate": percent(row["rate"]), "time_progress": percent(rules.time_progress(snap.month)),
        "gap": points(row["rate"], snap.month), "light": LIGHT_NAMES[row["light"]], "light_reason": row["reason"],
        "planned_start": project.planned_start, "actual_start": start,
        "planned_completion": project.planned_completion, "actual_completion": finish,
        "started": bool(row["started"]),
        "image": row["image"], "last_report": row["last_report"], "reported": bool(row["reported"]),
        "approvals_total": row["approvals_total"], "approvals_done": row["approvals_done"],
        "open_problems": row["open_problems"], "overdue_problems": row["overdue_problems"],
        "weeks_visited": visits["weeks_visited"], "weeks": visits["weeks"], "month": snap.month,
        "url": model.absolute_url(urls.project(project.id)),
        "json": model.absolute_url(urls.project_json(project.id)),
    }


def project_rows(model: SiteModel) -> list[dict]:
    """The projects on the current year's list, as of the reporting month."""
    visits_of, figures_of = model.visits.to_dict("index"), model.now.projects.to_dict("index")
    return [_project_row(model, project_id, model.now, figures_of[project_id], visits_of[project_id])
            for project_id in sorted(model.now.projects.index)]


def earlier_project_rows(model: SiteModel) -> list[dict]:
    """The public projects not on this year's list (completed, or dropped), each as the last year it was on
    the list ended: their own data files keep the figures their pages show."""
    rows = []
    for project_id in sorted(set(model.public_ids) - set(model.now.projects.index)):
        year = max(entry.year for entry in model.content.projects[project_id].years if entry.year < model.year)
        snap, visits_of = model.year_end(year), model.year_visits(year).to_dict("index")
        row = snap.projects.loc[[project_id]].to_dict("index")[project_id]
        rows.append(_project_row(model, project_id, snap, row, visits_of[project_id]))
    return rows


def progress_rows(model: SiteModel) -> list[dict]:
    """Each report up to the reporting month: the record's cumulative figure and its rate against the plan of
    the report's own year."""
    progress = model.tables.progress
    reported = progress[(progress["month"] <= model.month) & progress["project"].isin(model.public_ids)]
    names = model.tables.projects["name"].to_dict()
    plans = {(row["project"], row["year"]): row["plan"] for row in model.tables.plans.to_dict("records")}
    rows = []
    for entry in reported.sort_values(["project", "month"], kind="stable").to_dict("records"):
        project, month = entry["project"], entry["month"]
        plan = plans.get((project, entry["year"]))
        rate = rules.completion_rate(entry["completed"], plan)
        rows.append({"project": project, "project_name": names[project], "month": month,
                     "completed": entry["completed"], "plan": plan, "rate": percent(rate),
                     "time_progress": percent(rules.time_progress(month)),
                     "gap": points(rate, month), "image": entry["image"]})
    return rows


def year_rows(model: SiteModel) -> list[dict]:
    """Each year's list, up to the current year: every project on it with its kind and plan that year, and
    what it completed (an earlier year by its end, this year so far)."""
    rows = []
    for year in sorted(y for y in model.tables.years if y <= model.year):
        snap = model.now if year == model.year else model.year_end(year)
        for project_id, row in snap.projects.to_dict("index").items():
            rows.append({"year": year, "project": project_id, "project_name": row["name"], "kind": row["kind"],
                         "plan": row["plan"], "completed": row["completed"], "rate": percent(row["rate"]),
                         "light": LIGHT_NAMES[row["light"]], "month": snap.month})
    return rows


def problem_rows(model: SiteModel) -> list[dict]:
    """Every problem raised up to the reporting month's end, all years, with its status then (problems raised
    later are not in it yet)."""
    problems = model.problem_history.sort_values(["project", "number"], kind="stable")
    problems = problems[problems["project"].isin(model.public_ids)]
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
    """The decisions of every dispatch meeting whose bulletin is published, in meeting order, each carried out
    or not as of the reporting month's end (a decision done later is still open in these files)."""
    content, rows, as_of = model.content, [], model.now.as_of
    for bulletin in sorted(model.bulletins, key=lambda b: (b.meeting.date, b.meeting_id)):
        for number, decision in enumerate(bulletin.meeting.decisions, start=1):
            done = decision.done is not None and decision.done <= as_of
            rows.append({
                "meeting": meeting_label(model, bulletin.meeting_id), "meeting_date": bulletin.meeting.date,
                "bulletin": bulletin.title, "number": number, "text": decision.text,
                "owners": _names(content.units, decision.owners), "deadline": decision.deadline,
                "projects": LIST_SEPARATOR.join(decision.projects),
                "project_names": _names(content.projects, decision.projects),
                "status": "已完成" if done else "未完成", "done": decision.done if done else None,
                "overdue": not done and decision.deadline < as_of, "project_ids": list(decision.projects),
            })
    return rows


def build_rows(model: SiteModel) -> dict[str, list[dict]]:
    """The rows of every table by name, as plain values (decision rows keep their project ids for grouping)."""
    built = {PROJECTS.name: project_rows(model), PROGRESS.name: progress_rows(model),
             PROBLEMS.name: problem_rows(model), DECISIONS.name: decision_rows(model), YEARS.name: year_rows(model),
             EARLIER: earlier_project_rows(model)}
    return {name: [{key: plain(value) for key, value in row.items()} for row in rows] for name, rows in built.items()}


def build_tables(rows: dict[str, list[dict]]) -> dict[str, pd.DataFrame]:
    """One DataFrame per table, its columns named by the JSON field names of `columns.py`."""
    return {table.name: _frame(table, rows[table.name]) for table in TABLES}
