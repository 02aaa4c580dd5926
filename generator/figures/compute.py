"""Stage 3, compute: every figure of the site as of one month, with pandas.

`Tables` flattens the records once; `snapshot(tables, month)` applies DESIGN.md section 3 to them as of the end
of that month, using no record dated later, and only that year's list and plans: 序时进度 is the month over
twelve of its own year, the cumulative figure starts again each January. The site's pages speak as of the
reporting month, each bulletin as of its own month.
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


PROJECT_COLUMNS = ["id", "name", "category", "category_name", "area", "area_name", "unit", "unit_name", "leader",
                   "leader_name", "total", "completed_before", "planned_start", "actual_start", "planned_completion",
                   "actual_completion"]


@dataclass
class Tables:
    """The records as flat tables: one row per project (what lasts its whole life), per year on the list (its
    kind and plan that year), and per progress report, approval, problem and visit."""

    content: Content
    projects: pd.DataFrame
    plans: pd.DataFrame
    progress: pd.DataFrame
    approvals: pd.DataFrame
    problems: pd.DataFrame
    visits: pd.DataFrame

    @classmethod
    def from_content(cls, content: Content) -> Tables:
        site = content.site
        categories = {c.id: c.name for c in site.categories}
        areas = {a.id: a.name for a in site.areas}
        rows, plans, progress, approvals, problems, visits = [], [], [], [], [], []
        for project in sorted(content.projects.values(), key=lambda p: p.id):
            rows.append({
                "id": project.id, "name": project.name,
                "category": project.category, "category_name": categories.get(project.category, project.category),
                "area": project.location.area, "area_name": areas.get(project.location.area, project.location.area),
                "unit": project.responsible.unit, "unit_name": _name(content.units, project.responsible.unit),
                "leader": project.leader, "leader_name": _name(content.leaders, project.leader),
                "total": project.total_investment, "completed_before": project.completed_before,
                "planned_start": project.planned_start, "actual_start": project.actual_start,
                "planned_completion": project.planned_completion, "actual_completion": project.actual_completion,
            })
            plans += [{"project": project.id, "year": y.year, "kind": y.kind,
                       "plan": float("nan") if y.annual_plan is None else y.annual_plan} for y in project.years]
            progress += [{"project": project.id, "month": p.month, "year": int(p.month[:4]), "completed": p.completed,
                          "image": p.image} for p in project.progress]
            approvals += [{"project": project.id, "status": a.status, "completed": a.completed}
                          for a in project.approvals]
            problems += [{"project": project.id, "number": index, "raised": p.raised, "meeting": p.meeting,
                          "text": p.text, "owners": tuple(p.owners), "deadline": p.deadline,
                          "resolved": p.resolved, "resolution": p.resolution}
                         for index, p in enumerate(project.problems)]
            visits += [{"project": project.id, "date": v.date} for v in project.visits]
        frame = pd.DataFrame(rows, columns=PROJECT_COLUMNS).set_index("id", drop=False)
        for column in ("planned_start", "actual_start", "planned_completion", "actual_completion"):
            frame[column] = _dates(frame[column])
        problem_frame = pd.DataFrame(problems, columns=[
            "project", "number", "raised", "meeting", "text", "owners", "deadline", "resolved", "resolution"])
        for column in ("raised", "deadline", "resolved"):
            problem_frame[column] = _dates(problem_frame[column])
        approval_frame = pd.DataFrame(approvals, columns=["project", "status", "completed"])
        approval_frame["completed"] = _dates(approval_frame["completed"])
        return cls(content, frame,
                   pd.DataFrame(plans, columns=["project", "year", "kind", "plan"]),
                   pd.DataFrame(progress, columns=["project", "month", "year", "completed", "image"]),
                   approval_frame, problem_frame, pd.DataFrame(visits, columns=["project", "date"]))

    @property
    def years(self) -> list[int]:
        """Every year the column has run: each year some project is on the list."""
        return sorted({int(year) for year in self.plans["year"]})


def _name(records: dict, key: str) -> str:
    record = records.get(key)
    return record.name if record else key


@dataclass
class Headline:
    projects: int
    total: float
    plan: float
    completed: float  # every listed project's cumulative figure this year, planless ones included
    rate: float | None  # of the projects with a plan only: their completed ÷ their plans
    gap: float | None
    time_progress: float
    start: Ratio
    approvals: Ratio
    lights: dict[str, int] = field(default_factory=dict)
    since_start: float = 0.0  # 开工以来累计完成: before the list, in earlier years and this year
    unplanned: int = 0  # listed projects with no plan (0 or not yet set): counted apart from the rate


@dataclass(eq=False)  # compared and hashed by identity: pages cache formatted rows per snapshot
class Snapshot:
    month: str
    as_of: dt.date
    projects: pd.DataFrame
    problems: pd.DataFrame
    headline: Headline

    @property
    def year(self) -> int:
        return int(self.month[:4])


def _listed(tables: Tables, year: int) -> pd.DataFrame:
    """The projects on `year`'s list, with their kind and plan that year, in id order."""
    plans = tables.plans[tables.plans["year"] == year].set_index("project")
    frame = tables.projects.loc[[project for project in tables.projects.index if project in plans.index]].copy()
    frame["kind"] = plans["kind"].reindex(frame.index)
    frame["plan"] = plans["plan"].reindex(frame.index).astype(float)
    return frame


def _project_figures(tables: Tables, month: str, as_of: pd.Timestamp, thresholds) -> pd.DataFrame:
    year = int(month[:4])
    frame = _listed(tables, year)
    progress = tables.progress
    reported = progress[(progress["year"] == year) & (progress["month"] <= month)]
    latest = reported.groupby("project").last()
    frame["completed"] = latest["completed"].reindex(frame.index).fillna(0.0)
    frame["image"] = latest["image"].reindex(frame.index)
    frame["last_report"] = latest["month"].reindex(frame.index)
    frame["reported"] = frame["last_report"] == month
    # each earlier year's last cumulative figure is what that year completed
    earlier = progress[progress["year"] < year].groupby(["project", "year"])["completed"].last()
    before = earlier.groupby(level="project").sum().reindex(frame.index).fillna(0.0)
    frame["since_start"] = frame["completed_before"] + before + frame["completed"]
    # the formulas of rules.py, applied project by project over plain lists (iterating pandas is slow)
    plans = frame["plan"].tolist()
    rates = [rules.completion_rate(c, p) for c, p in zip(frame["completed"].tolist(), plans, strict=True)]
    gaps = [rules.gap_points(rate, month) for rate in rates]
    new_start = frame["kind"] == "新开工"
    frame["started"] = (frame["kind"] == "续建") | (frame["actual_start"] <= as_of)
    frame["start_due"] = new_start & (frame["planned_start"] <= as_of)
    frame["start_late"] = frame["start_due"] & ~frame["started"]
    late = frame["start_late"].tolist()
    starts = frame["planned_start"].tolist()
    # 逾期未竣工: past the planned completion at the month's end and not completed by then
    frame["complete"] = frame["actual_completion"] <= as_of
    frame["overdue"] = (frame["planned_completion"] < as_of) & ~frame["complete"]
    frame["days_late"] = (as_of - frame["planned_completion"]).dt.days.where(frame["overdue"], 0).astype(int)
    days_late, completions = frame["days_late"].tolist(), frame["planned_completion"].tolist()
    frame["rate"], frame["gap"] = rates, gaps
    frame["money_light"] = [rules.light(gap, False, thresholds) for gap in gaps]  # by the investment alone
    frame["light"] = [rules.light(gap, is_late, thresholds, days > 0)
                      for gap, is_late, days in zip(gaps, late, days_late, strict=True)]
    frame["reason"] = [
        rules.light_reason(rate, gap, is_late, start.date() if is_late else None, month, plan, days,
                           due.date() if days else None)
        for rate, gap, is_late, start, plan, days, due in zip(rates, gaps, late, starts, plans, days_late, completions,
                                                               strict=True)]
    approvals = tables.approvals[tables.approvals["project"].isin(frame.index)]
    approvals = approvals.assign(done=approvals["completed"] <= as_of)
    counts = approvals.groupby("project")["done"].agg(["sum", "size"])
    frame["approvals_done"] = counts["sum"].reindex(frame.index).fillna(0).astype(int)
    frame["approvals_total"] = counts["size"].reindex(frame.index).fillna(0).astype(int)
    return frame


def problem_history(tables: Tables, as_of: pd.Timestamp | dt.date) -> pd.DataFrame:
    """Every problem raised by a day, with its status on that day: a project's whole ledger, all years."""
    as_of = pd.Timestamp(as_of)
    problems = tables.problems[tables.problems["raised"] <= as_of].copy()
    problems["open"] = ~(problems["resolved"] <= as_of)
    problems["overdue"] = problems["open"] & (problems["deadline"] < as_of)
    problems["days_overdue"] = ((as_of - problems["deadline"]).dt.days).where(problems["overdue"], 0)
    return problems


def _problem_status(tables: Tables, as_of: pd.Timestamp) -> pd.DataFrame:
    """The year's ledger as of a day: every problem raised by then that is still open, or was resolved this year."""
    problems = problem_history(tables, as_of)
    return problems[problems["open"] | (problems["resolved"] >= pd.Timestamp(as_of.year, 1, 1))].copy()


def _planned(frame: pd.DataFrame) -> pd.Series:
    """Projects with a plan this year: only they count in completion rates (numerator and denominator)."""
    return frame["plan"].fillna(0) > 0


def snapshot(tables: Tables, month: str, thresholds=None) -> Snapshot:
    """Every listed project's figures and the headline figures as of the end of `month`, with the site's light
    thresholds (or others: those an issued bulletin was issued under)."""
    as_of = pd.Timestamp(rules.month_end(month))
    frame = _project_figures(tables, month, as_of, thresholds or tables.content.site.lights)
    problems = _problem_status(tables, as_of)
    open_counts = problems[problems["open"]].groupby("project").size()
    overdue_counts = problems[problems["overdue"]].groupby("project").size()
    frame["open_problems"] = open_counts.reindex(frame.index).fillna(0).astype(int)
    frame["overdue_problems"] = overdue_counts.reindex(frame.index).fillna(0).astype(int)
    planned = _planned(frame)
    plan = float(frame.loc[planned, "plan"].sum())
    rate = rules.completion_rate(float(frame.loc[planned, "completed"].sum()), plan)
    lights = frame["light"].value_counts()
    headline = Headline(
        projects=len(frame),
        total=float(frame["total"].sum()),
        plan=plan,
        completed=float(frame["completed"].sum()),
        rate=rate,
        gap=rules.gap_points(rate, month),
        time_progress=rules.time_progress(month),
        start=Ratio(int((frame["start_due"] & frame["started"]).sum()), int(frame["start_due"].sum())),
        approvals=Ratio(int(frame["approvals_done"].sum()), int(frame["approvals_total"].sum())),
        lights={name: int(lights.get(name, 0)) for name in ("red", "yellow", "green", "none")},
        since_start=float(frame["since_start"].sum()),
        unplanned=int((~planned).sum()),
    )
    return Snapshot(month, as_of.date(), frame, problems, headline)


def group_figures(frame: pd.DataFrame, by: str, name: str, month: str) -> pd.DataFrame:
    """Per group: projects, plan, completed, rate (sum ÷ sum over the projects with a plan, never a mean of
    rates), gap, lights. `completed` is every project's; `planned_completed` the rate's numerator."""
    keys = list(dict.fromkeys([by, name]))
    lights = {light: (frame["light"] == light).astype(int) for light in ("red", "yellow", "green")}
    planned = _planned(frame)
    # one plain sum over every column: pandas' named aggregations cost ten times as much per call
    marked = frame[[*keys, "total", "completed"]].assign(
        plan=frame["plan"].where(planned, 0.0), planned_completed=frame["completed"].where(planned, 0.0),
        projects=1, unplanned=(~planned).astype(int), **lights)
    groups = marked.groupby(keys, sort=False).sum().reset_index()
    groups["rate"] = [rules.completion_rate(c, p)
                      for c, p in zip(groups["planned_completed"], groups["plan"], strict=True)]
    groups["gap"] = [rules.gap_points(rate, month) for rate in groups["rate"]]
    return groups


def unit_ranking(snap: Snapshot) -> pd.DataFrame:
    """Responsible units by group completion rate as the page shows it (one decimal of a percentage), ties
    broken by fewer red lights; equal ranks shared. Units without a plan are not ranked."""
    groups = group_figures(snap.projects, "unit", "unit_name", snap.month)
    groups = groups[groups["plan"] > 0].copy()
    groups["shown_rate"] = [rules.shown_percent(rate) for rate in groups["rate"]]
    groups = groups.sort_values(["shown_rate", "red", "unit"], ascending=[False, True, True])
    ranks, previous = [], None
    for position, key in enumerate(zip(groups["shown_rate"], groups["red"], strict=True), start=1):
        ranks.append(ranks[-1] if key == previous else position)
        previous = key
    return groups.assign(rank=ranks).reset_index(drop=True)


def group_compliance(visits: pd.DataFrame, projects: pd.DataFrame, by: str) -> pd.DataFrame:
    """On-site compliance of a group (a leader's projects): weeks summed over its projects, then divided."""
    joined = visits.join(projects[[by]], how="inner")
    return joined.groupby(by)[["weeks_visited", "weeks"]].sum()


def visit_compliance(tables: Tables, month: str) -> pd.DataFrame:
    """Per project on the month's list: whole weeks with an on-site visit ÷ whole weeks elapsed in the year,
    counted from 1 January (or the day the mechanism began, if later) to the month's end."""
    site = tables.content.site
    year_start = dt.date(int(month[:4]), 1, 1)
    since = max(site.visits_since, year_start) if site.visits_since else year_start
    until = rules.month_end(month)
    weeks = rules.weeks_elapsed(since, until)
    by_project: dict[str, list[dt.date]] = {}
    for project, day in zip(tables.visits["project"].tolist(), tables.visits["date"].tolist(), strict=True):
        by_project.setdefault(project, []).append(day)
    rows = []
    for project in _listed(tables, int(month[:4])).index:
        ratio = rules.visit_compliance(by_project.get(project, []), weeks)
        rows.append({"project": project, "weeks_visited": ratio.numerator, "weeks": ratio.denominator})
    return pd.DataFrame(rows, columns=["project", "weeks_visited", "weeks"]).set_index("project")


def county_compliance(visits: pd.DataFrame) -> Ratio:
    """County-wide on-site office compliance: weeks with a visit summed over every listed project ÷ weeks
    elapsed summed over them (DESIGN.md §3's rule, applied to the whole list)."""
    return Ratio(int(visits["weeks_visited"].sum()), int(visits["weeks"].sum()))
