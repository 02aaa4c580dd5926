"""projects.json and one JSON document per project: everything its page shows, as of the reporting month."""

from __future__ import annotations

import datetime as dt

from ..figures.model import SiteModel
from ..records.models import Approval, Person, Project
from .columns import DECISIONS, EARLIER, PROBLEMS, PROGRESS, PROJECTS, TABLES
from .parties import office_name

MILESTONE_STATES = {"met": "已完成", "notMet": "逾期未完成", "scheduled": "未到期"}


def on_or_before(day: dt.date | None, as_of: dt.date) -> dt.date | None:
    """A date recorded for later than `as_of` has not happened yet as of then."""
    return day if day is not None and day <= as_of else None


def iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def date_status(planned: dt.date | None, actual: dt.date | None, as_of: dt.date) -> str:
    """The OC4IDS milestoneStatus code as of a date: met, notMet (past due) or scheduled."""
    if on_or_before(actual, as_of):
        return "met"
    return "notMet" if planned and planned < as_of else "scheduled"


def approval_done(approval: Approval, as_of: dt.date) -> dt.date | None:
    return on_or_before(approval.completed, as_of)


class _ProjectRows(dict):
    """A project's progress, problem and decision rows; its on-site visits are made each time they are asked
    for, not held: a province has a quarter of a million, and its data files want them twice, a project at a
    time."""

    def __init__(self, model: SiteModel, project: Project) -> None:
        super().__init__(progress=[], problems=[], decisions=[])
        self.model, self.project = model, project

    def __missing__(self, key: str) -> list[dict]:
        if key == "visits":
            return visit_rows(self.model, self.project)
        raise KeyError(key)


def group_by_project(model: SiteModel, rows: dict[str, list[dict]]) -> dict[str, dict[str, list[dict]]]:
    """Progress, problem and decision rows and on-site visits per project, in one pass over each table."""
    projects = model.content.projects
    grouped: dict[str, dict[str, list[dict]]] = {
        row["id"]: _ProjectRows(model, projects[row["id"]]) for row in rows[PROJECTS.name] + rows[EARLIER]}
    for name in (PROGRESS.name, PROBLEMS.name):
        for row in rows[name]:
            grouped[row["project"]][name].append(row)
    for row in rows[DECISIONS.name]:
        for project_id in row["project_ids"]:
            if project_id in grouped:  # a project on next year's list only is not public yet
                grouped[project_id]["decisions"].append(row)
    return grouped


def visit_rows(model: SiteModel, project: Project) -> list[dict]:
    """On-site visits up to the reporting month's end, oldest first."""
    leaders, units, as_of = model.content.leaders, model.content.units, model.now.as_of
    return [{"date": v.date.isoformat(), "leader": leaders[v.leader].name if v.leader else None,
             "unit": units[v.unit].name if v.unit else None, "note": v.note}
            for v in sorted(project.visits, key=lambda v: v.date) if v.date <= as_of]


def _only(row: dict, keys: list[str]) -> dict:
    return {key: row[key] for key in keys}


def _person(model: SiteModel, person: Person) -> dict:
    return {"unit": model.content.units[person.unit].name, "person": person.person, "title": person.title}


def _header(model: SiteModel) -> dict:
    site = model.site
    return {"title": site.title, "county": site.county, "publisher": office_name(site), "demo": site.demo,
            "reporting_month": model.month, "as_of": model.now.as_of.isoformat(), "money_unit": "万元"}


def projects_document(model: SiteModel, rows: dict[str, list[dict]]) -> dict:
    columns = [{"key": c.key, "header": c.header, "unit": c.unit, "definition": c.definition}
               for c in PROJECTS.columns]
    return {**_header(model), "columns": columns, "projects": rows[PROJECTS.name]}


def project_document(model: SiteModel, project: Project, row: dict, grouped: dict[str, list[dict]]) -> dict:
    content, as_of = model.content, model.now.as_of
    leader = content.leaders[project.leader]
    inspector_unit = content.units.get(project.inspector.unit or "")
    keys = {table.name: table.keys for table in TABLES}
    return {
        **_header(model),
        "project": row,
        "description": project.description,
        "signboard": {
            "leader": {"name": leader.name, "title": leader.title},
            "responsible": _person(model, project.responsible), "builder": _person(model, project.builder),
            "cooperating": [_person(model, person) for person in project.cooperating],
            "inspector": {"name": project.inspector.name, "unit": inspector_unit.name if inspector_unit else None},
        },
        "measures": list(project.measures),
        "milestones": [{"name": m.name, "planned": iso(m.planned), "actual": iso(on_or_before(m.actual, as_of)),
                        "status": MILESTONE_STATES[date_status(m.planned, m.actual, as_of)]}
                       for m in project.milestones],
        "approvals": [{"name": a.name, "unit": content.units[a.unit].name if a.unit else None,
                       "status": a.status if approval_done(a, as_of) or not a.completed else "办理中",
                       "completed": iso(approval_done(a, as_of))} for a in project.approvals],
        "factors": [{"kind": f.kind, "need": f.need, "status": f.status, "note": f.note} for f in project.factors],
        "progress": [_only(r, keys[PROGRESS.name]) for r in grouped["progress"]],
        "problems": [_only(r, keys[PROBLEMS.name]) for r in grouped["problems"]],
        "decisions": [_only(r, keys[DECISIONS.name]) for r in grouped["decisions"]],
        "visits": grouped["visits"],
        "links": [{"title": link.title, "url": link.url} for link in project.links],
    }
