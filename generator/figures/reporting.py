"""The office's month as it really goes: sheets arrive unit by unit, and the site moves to a month only once it
is closed.

A month is closed when every project on that year's list has reported it, when the office has closed it
(`close-month`, recorded in `content/months.yml`), or when a dispatch meeting has reported on it (the bulletin
speaks of it). Until then the site speaks of the month before; in a closed month, a project that did not report
keeps its last figure and is marked 未报.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..records.load import Content
from ..records.models import DispatchMeeting, Project
from .rules import month_end


@dataclass
class MonthStatus:
    month: str
    listed: list[Project]  # the projects on the month's year's list
    reported: dict[str, dt.date | None]  # project id → the day its report was imported (None: not recorded)
    closed_by: str | None  # "全部报送", "项目办关账" or "调度例会已通报"; None while the month is open
    note: str | None = None  # the office's note when it closed the month

    @property
    def missing(self) -> list[Project]:
        return [project for project in self.listed if project.id not in self.reported]

    @property
    def late(self) -> list[Project]:
        """Reported after the month's end (when the day is recorded)."""
        due = month_end(self.month)
        return [p for p in self.listed if (day := self.reported.get(p.id)) is not None and day > due]


class Reports:
    """Who reported which month, gathered in one pass over the records (a province's 60,000 reports)."""

    def __init__(self, content: Content) -> None:
        self.content = content
        self.by_month: dict[str, dict[str, dt.date | None]] = {}
        for project in content.projects.values():
            for entry in project.progress:
                self.by_month.setdefault(entry.month, {})[project.id] = entry.reported
        self.meetings = {m.reporting_month for m in content.meetings.values() if isinstance(m, DispatchMeeting)}
        self.closings = {c.month: c for c in content.months.closed}
        self._listed: dict[int, list[Project]] = {}

    def listed(self, year: int) -> list[Project]:
        if year not in self._listed:
            self._listed[year] = [p for p in self.content.projects.values() if p.on_list(year)]
        return self._listed[year]

    def status(self, month: str) -> MonthStatus:
        listed = self.listed(int(month[:4]))
        ids = {project.id for project in listed}
        reported = {pid: day for pid, day in self.by_month.get(month, {}).items() if pid in ids}
        closing = self.closings.get(month)
        if listed and len(reported) == len(listed):
            closed_by = "全部报送"
        elif closing is not None:
            closed_by = "项目办关账"
        elif month in self.meetings:
            closed_by = "调度例会已通报"
        else:
            closed_by = None
        return MonthStatus(month, listed, reported, closed_by, closing.note if closing else None)


def month_status(content: Content, month: str) -> MonthStatus:
    return Reports(content).status(month)


def data_months(content: Content) -> list[str]:
    """Every month of the years on the list, up to the latest month anyone has reported."""
    years = sorted({entry.year for project in content.projects.values() for entry in project.years})
    reported = [entry.month for project in content.projects.values() for entry in project.progress]
    last = max(reported, default=None)
    return [f"{year}-{number:02d}" for year in years for number in range(1, 13)
            if last is not None and f"{year}-{number:02d}" <= last]


def reporting_month(content: Content) -> str:
    """The month the site speaks as of: pinned in site.yml; else the latest closed month; else (a county's very
    first month, nothing closed yet) the first month anyone reported; else January of the first year."""
    if content.site.reporting_month:
        return content.site.reporting_month
    reports = Reports(content)
    closed = [month for month in data_months(content) if reports.status(month).closed_by]
    if closed:
        return closed[-1]
    first = min((entry.month for project in content.projects.values() for entry in project.progress), default=None)
    if first:
        return first
    years = [entry.year for project in content.projects.values() for entry in project.years]
    return f"{min(years) if years else dt.date.today().year}-01"


def next_month(month: str) -> str:
    year, number = int(month[:4]), int(month[5:])
    return f"{year + 1}-01" if number == 12 else f"{year}-{number + 1:02d}"
