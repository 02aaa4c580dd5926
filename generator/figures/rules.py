"""The figures of DESIGN.md section 3, each defined once. `compute.py` applies them to every project."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from ..records.models import LightThresholds
from .fmt import cn_date

LIGHT_NAMES = {"red": "红灯", "yellow": "黄灯", "green": "绿灯", "none": "无"}
# Gaps are compared after rounding, so that 40 % against 50 % is exactly "behind by 10 points".
_POINT_PRECISION = 6


def month_end(month: str) -> dt.date:
    year, number = int(month[:4]), int(month[5:7])
    return dt.date(year, number, calendar.monthrange(year, number)[1])


def previous_month(month: str) -> str:
    year, number = int(month[:4]), int(month[5:7])
    return f"{year - 1}-12" if number == 1 else f"{year}-{number - 1:02d}"


def time_progress(month: str) -> float:
    """序时进度: the share of the year gone by the end of the reporting month."""
    return int(month[5:7]) / 12


@dataclass(frozen=True)
class Ratio:
    """A rate that keeps its numerator and denominator, so groups sum them instead of averaging."""

    numerator: float
    denominator: float

    @property
    def value(self) -> float | None:
        return self.numerator / self.denominator if self.denominator else None


def missing(value: float | None) -> bool:
    """None or NaN: pandas turns a missing rate into NaN."""
    return value is None or value != value


def completion_rate(completed: float, planned: float) -> float | None:
    """投资完成率: cumulative completed this year ÷ annual planned investment."""
    return completed / planned if planned else None


def gap_points(rate: float | None, month: str) -> float | None:
    """序时差, in percentage points: completion rate − 序时进度."""
    if missing(rate):
        return None
    return round((rate - time_progress(month)) * 100, _POINT_PRECISION)


def light(gap: float | None, start_late: bool, thresholds: LightThresholds) -> str:
    """红黄绿灯: red for a late start or a gap at or below the red line; none without a plan."""
    if start_late:
        return "red"
    if missing(gap):
        return "none"
    if gap >= thresholds.green_from:
        return "green"
    if gap <= thresholds.red_at:
        return "red"
    return "yellow"


def gap_phrase(gap: float | None, digits: int = 1, subject: str = "序时") -> str:
    """ "超序时 2.99 个百分点" / "滞后序时 4.1 个百分点" / "与序时持平"."""
    if missing(gap):
        return "无年度计划"
    shown = f"{abs(gap):.{digits}f}"
    if float(shown) == 0:
        return f"与{subject}持平"
    return f"{'超' if gap > 0 else '滞后'}{subject} {shown} 个百分点"


def light_reason(
    rate: float | None, gap: float | None, start_late: bool, planned_start: dt.date | None, month: str,
    plan: float | None = 0.0,
) -> str:
    """The light in words, as the project page and the bulletin say it."""
    if start_late:
        return f"开工滞后：计划 {cn_date(planned_start)}开工，截至 {int(month[5:7])} 月底未开工"
    if missing(rate):
        return "本年度计划投资尚未下达，暂不亮灯" if missing(plan) else "本年度无计划投资，不亮灯"
    return f"投资完成率 {rate * 100:.1f}%，{gap_phrase(gap, 1, '序时进度')}"


def shown_percent(rate: float | None) -> float | None:
    """A rate as a page shows it, a percentage to one decimal: what rankings compare, so that two units the
    page shows as equal are ranked as equal."""
    return None if missing(rate) else round(rate * 100 + 0.0, 1)


def weeks_elapsed(since: dt.date, until: dt.date) -> list[dt.date]:
    """The Mondays of the whole weeks from the week of `since` to `until` (inclusive)."""
    monday = since - dt.timedelta(days=since.weekday())
    weeks = []
    while monday + dt.timedelta(days=6) <= until:
        weeks.append(monday)
        monday += dt.timedelta(days=7)
    return weeks


def visit_compliance(visits: list[dt.date], weeks: list[dt.date]) -> Ratio:
    """现场办公: whole weeks (`weeks_elapsed`) with at least one visit ÷ whole weeks elapsed."""
    if not weeks:
        return Ratio(0, 0)
    first, last = weeks[0], weeks[-1] + dt.timedelta(days=6)
    visited = {day - dt.timedelta(days=day.weekday()) for day in visits if first <= day <= last}
    return Ratio(len(visited), len(weeks))
