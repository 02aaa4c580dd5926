"""观摩点评: totals and rankings of the projects visited and of their responsible units."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from ..records.load import Content
from ..records.models import ReviewMeeting


def competition_rank(values: list[float]) -> list[int]:
    """1, 2, 2, 4 … for values already sorted best first."""
    ranks: list[int] = []
    for position, value in enumerate(values, start=1):
        ranks.append(ranks[-1] if ranks and round(value, 9) == round(values[position - 2], 9) else position)
    return ranks


@dataclass
class ReviewResult:
    meeting_id: str
    meeting: ReviewMeeting
    projects: pd.DataFrame  # project, name, unit, unit_name, one column per criterion, total, rank, comment
    units: pd.DataFrame  # unit, unit_name, projects, average, rank


def _unit_ranking(projects: pd.DataFrame) -> pd.DataFrame:
    """Units by the average total of their visited projects (scores are points, not ratios)."""
    if projects.empty:
        return pd.DataFrame(columns=["unit", "unit_name", "projects", "average", "rank"])
    units = projects.groupby(["unit", "unit_name"]).agg(projects=("project", "size"), average=("total", "mean"))
    units = units.reset_index().sort_values(["average", "unit"], ascending=[False, True])
    return units.assign(rank=competition_rank(list(units["average"]))).reset_index(drop=True)


def review_result(content: Content, meeting_id: str, meeting: ReviewMeeting) -> ReviewResult:
    criteria = [c.id for c in content.site.review_criteria]
    rows = []
    for row in meeting.scores:
        project = content.projects[row.project]
        unit = content.units[project.responsible.unit]
        rows.append({"project": row.project, "name": project.name, "unit": unit.id, "unit_name": unit.name,
                     **{c: row.scores.get(c) for c in criteria},
                     "total": sum(row.scores.values()), "comment": row.comment})
    projects = pd.DataFrame(rows, columns=["project", "name", "unit", "unit_name", *criteria, "total", "comment"])
    projects = projects.sort_values(["total", "project"], ascending=[False, True])
    projects = projects.assign(rank=competition_rank(list(projects["total"]))).reset_index(drop=True)
    return ReviewResult(meeting_id, meeting, projects, _unit_ranking(projects))


def review_results(content: Content) -> list[ReviewResult]:
    reviews = sorted((m.date, key, m) for key, m in content.meetings.items() if isinstance(m, ReviewMeeting))
    return [review_result(content, key, meeting) for _, key, meeting in reviews]


def overall(results: list[ReviewResult], until: dt.date) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Across the reviews held by `until`: each project's and unit's average total, ranked."""
    frames = [r.projects for r in results if r.meeting.date <= until]
    if not frames:
        empty = pd.DataFrame(columns=["project", "name", "unit", "unit_name", "reviews", "total", "rank"])
        return empty, _unit_ranking(empty)
    scores = pd.concat(frames)
    projects = scores.groupby(["project", "name", "unit", "unit_name"]).agg(
        reviews=("total", "size"), total=("total", "mean")).reset_index()
    projects = projects.sort_values(["total", "project"], ascending=[False, True])
    projects = projects.assign(rank=competition_rank(list(projects["total"]))).reset_index(drop=True)
    return projects, _unit_ranking(projects)
