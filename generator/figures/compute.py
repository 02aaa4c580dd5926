"""Stage 3, compute: every figure of the site as of one month, with pandas.

`Tables` flattens the records once; `snapshot(tables, month)` applies DESIGN.md section 3 to them as of
the end of that month, using no record dated later. The site's pages speak as of the reporting month,
each bulletin as of its own month.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from ..records.load import Content
from . import rules
from .rules import Ratio


def _dates(column: pd.Series) -> pd.Series:
    """Dates (or None) as datetime64, so comparisons with a missing date are simply False."""
    return pd.to_datetime(column.astype("object"))


@dataclass
class Tables:
    """The records as flat tables: one row per project, progress report, approval, problem and visit."""

    content: Content
    projects: pd.DataFrame
    progress: pd.DataFrame
    approvals: pd.DataFrame
    problems: pd.DataFrame
    visits: pd.DataFrame

    @classmethod
    def from_content(cls, content: Content) -> Tables:
        site = content.site
        categories = {c.id: c.name for c in site.categories}
        areas = {a.id: a.name for a in site.areas}
        rows, progress, approvals, problems, visits = [], [], [], [], []
        for project in sorted(content.projects.values(), key=lambda p: p.id):
            rows.append({
                "id": project.id, "name": project.name, "kind": project.kind,
                "category": project.category, "category_name": categories.get(project.category, project.category),
                "area": project.location.area, "area_name": areas.get(project.location.area, project.location.area),
                "unit": project.responsible.unit, "unit_name": _name(content.units, project.responsible.unit),
                "leader": project.leader, "leader_name": _name(content.leaders, project.leader),
                "total": project.total_investment, "plan": project.annual_plan,
                "planned_start": project.planned_start, "actual_start": project.actual_start,
            })
            progress += [{"project": project.id, "month": p.month, "completed": p.completed, "image": p.image}
                         for p in project.progress]
            approvals += [{"project": project.id, "status": a.status, "completed": a.completed}
                          for a in project.approvals]
            problems += [{"project": project.id, "number": index, "raised": p.raised, "meeting": p.meeting,
                          "text": p.text, "owners": tuple(p.owners), "deadline": p.deadline,
                          "resolved": p.resolved, "resolution": p.resolution}
                         for index, p in enumerate(project.problems)]
            visits += [{"project": project.id, "date": v.date} for v in project.visits]
        frame = pd.DataFrame(rows, columns=[
            "id", "name", "kind", "category", "category_name", "area", "area_name", "unit", "unit_name",
            "leader", "leader_name", "total", "plan", "planned_start", "actual_start"]).set_index("id", drop=False)
        for column in ("planned_start", "actual_start"):
            frame[column] = _dates(frame[column])
        problem_frame = pd.DataFrame(problems, columns=[
            "project", "number", "raised", "meeting", "text", "owners", "deadline", "resolved", "resolution"])
        for column in ("raised", "deadline", "resolved"):
            problem_frame[column] = _dates(problem_frame[column])
        approval_frame = pd.DataFrame(approvals, columns=["project", "status", "completed"])
        approval_frame["completed"] = _dates(approval_frame["completed"])
        visit_frame = pd.DataFrame(visits, columns=["project", "date"])
        return cls(content, frame, pd.DataFrame(progress, columns=["project", "month", "completed", "image"]),
                   approval_frame, problem_frame, visit_frame)


def _name(records: dict, key: str) -> str:
    record = records.get(key)
    return record.name if record else key


def reporting_month(content: Content) -> str:
    """The month the site speaks as of: pinned in site.yml, else the latest month with progress data."""
    site = content.site
    if site.reporting_month:
        return site.reporting_month
    months = [p.month for project in content.projects.values() for p in project.progress]
    return max(months) if months else f"{site.year}-01"


@dataclass
class Headline:
    projects: int
    total: float
    plan: float
    completed: float
    rate: float | None
    gap: float | None
    time_progress: float
    start: Ratio
    approvals: Ratio
    lights: dict[str, int] = field(default_factory=dict)


@dataclass(eq=False)  # compared and hashed by identity: pages cache formatted rows per snapshot
class Snapshot:
    month: str
    as_of: dt.date
    projects: pd.DataFrame
    problems: pd.DataFrame
    headline: Headline


def _project_figures(tables: Tables, month: str, as_of: pd.Timestamp) -> pd.DataFrame:
    thresholds = tables.content.site.lights
    frame = tables.projects.copy()
    reported = tables.progress[tables.progress["month"] <= month]
    latest = reported.groupby("project").last()
    frame["completed"] = latest["completed"].reindex(frame.index).fillna(0.0)
    frame["image"] = latest["image"].reindex(frame.index)
    frame["last_report"] = latest["month"].reindex(frame.index)
    # the formulas of rules.py, applied project by project over plain lists (iterating pandas is slow)
    rates = [rules.completion_rate(c, p) for c, p in zip(frame["completed"].tolist(), frame["plan"].tolist(),
                                                               strict=True)]
    gaps = [rules.gap_points(rate, month) for rate in rates]
    new_start = frame["kind"] == "新开工"
    frame["started"] = (frame["kind"] == "续建") | (frame["actual_start"] <= as_of)
    frame["start_due"] = new_start & (frame["planned_start"] <= as_of)
    frame["start_late"] = frame["start_due"] & ~frame["started"]
    late = frame["start_late"].tolist()
    starts = frame["planned_start"].tolist()
    frame["rate"], frame["gap"] = rates, gaps
    frame["light"] = [rules.light(gap, is_late, thresholds) for gap, is_late in zip(gaps, late, strict=True)]
    frame["reason"] = [rules.light_reason(rate, gap, is_late, start.date() if is_late else None, month)
                       for rate, gap, is_late, start in zip(rates, gaps, late, starts, strict=True)]
    approvals = tables.approvals.assign(done=tables.approvals["completed"] <= as_of)
    counts = approvals.groupby("project")["done"].agg(["sum", "size"])
    frame["approvals_done"] = counts["sum"].reindex(frame.index).fillna(0).astype(int)
    frame["approvals_total"] = counts["size"].reindex(frame.index).fillna(0).astype(int)
    return frame


def _problem_status(tables: Tables, as_of: pd.Timestamp) -> pd.DataFrame:
    problems = tables.problems[tables.problems["raised"] <= as_of].copy()
    problems["open"] = ~(problems["resolved"] <= as_of)
    problems["overdue"] = problems["open"] & (problems["deadline"] < as_of)
    problems["days_overdue"] = ((as_of - problems["deadline"]).dt.days).where(problems["overdue"], 0)
    return problems


def snapshot(tables: Tables, month: str) -> Snapshot:
    """Every project's figures and the headline figures as of the end of `month`."""
    as_of = pd.Timestamp(rules.month_end(month))
    frame = _project_figures(tables, month, as_of)
    problems = _problem_status(tables, as_of)
    open_counts = problems[problems["open"]].groupby("project").size()
    overdue_counts = problems[problems["overdue"]].groupby("project").size()
    frame["open_problems"] = open_counts.reindex(frame.index).fillna(0).astype(int)
    frame["overdue_problems"] = overdue_counts.reindex(frame.index).fillna(0).astype(int)
    plan, completed = float(frame["plan"].sum()), float(frame["completed"].sum())
    rate = rules.completion_rate(completed, plan)
    lights = frame["light"].value_counts()
    headline = Headline(
        projects=len(frame),
        total=float(frame["total"].sum()),
        plan=plan,
        completed=completed,
        rate=rate,
        gap=rules.gap_points(rate, month),
        time_progress=rules.time_progress(month),
        start=Ratio(int((frame["start_due"] & frame["started"]).sum()), int(frame["start_due"].sum())),
        approvals=Ratio(int(frame["approvals_done"].sum()), int(frame["approvals_total"].sum())),
        lights={name: int(lights.get(name, 0)) for name in ("red", "yellow", "green", "none")},
    )
    return Snapshot(month, as_of.date(), frame, problems, headline)


def group_figures(frame: pd.DataFrame, by: str, name: str, month: str) -> pd.DataFrame:
    """Per group: projects, plan, completed, rate (sum ÷ sum, never a mean of rates), gap, lights."""
    keys = list(dict.fromkeys([by, name]))
    lights = {light: (frame["light"] == light).astype(int) for light in ("red", "yellow", "green")}
    # one plain sum over every column: pandas' named aggregations cost ten times as much per call
    marked = frame[[*keys, "total", "plan", "completed"]].assign(projects=1, **lights)
    groups = marked.groupby(keys, sort=False).sum().reset_index()
    groups["rate"] = [rules.completion_rate(c, p) for c, p in zip(groups["completed"], groups["plan"], strict=True)]
    groups["gap"] = [rules.gap_points(rate, month) for rate in groups["rate"]]
    return groups


def unit_ranking(snap: Snapshot) -> pd.DataFrame:
    """Responsible units by group completion rate, ties broken by fewer red lights; equal ranks shared."""
    groups = group_figures(snap.projects, "unit", "unit_name", snap.month)
    groups = groups[groups["plan"] > 0].sort_values(["rate", "red", "unit"], ascending=[False, True, True])
    ranks, previous = [], None
    for position, key in enumerate(zip(groups["rate"].round(9), groups["red"], strict=True), start=1):
        ranks.append(ranks[-1] if key == previous else position)
        previous = key
    return groups.assign(rank=ranks).reset_index(drop=True)


def group_compliance(visits: pd.DataFrame, projects: pd.DataFrame, by: str) -> pd.DataFrame:
    """On-site compliance of a group (a leader's projects): weeks summed over its projects, then divided."""
    joined = visits.join(projects[[by]])
    return joined.groupby(by)[["weeks_visited", "weeks"]].sum()


def visit_compliance(tables: Tables, month: str) -> pd.DataFrame:
    """Per project: whole weeks with an on-site visit ÷ whole weeks elapsed, as of the month's end."""
    site = tables.content.site
    since = site.visits_since or dt.date(site.year, 1, 1)
    until = rules.month_end(month)
    weeks = rules.weeks_elapsed(since, until)
    by_project: dict[str, list[dt.date]] = {}
    for project, day in zip(tables.visits["project"].tolist(), tables.visits["date"].tolist(), strict=True):
        by_project.setdefault(project, []).append(day)
    rows = []
    for project in tables.projects.index:
        ratio = rules.visit_compliance(by_project.get(project, []), weeks)
        rows.append({"project": project, "weeks_visited": ratio.numerator, "weeks": ratio.denominator})
    return pd.DataFrame(rows).set_index("project")
