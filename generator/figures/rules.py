"""The figures of DESIGN.md section 3, each defined once. `compute.py` applies them to every project."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from ..records.models import LightThresholds
from .fmt import cn_date

LIGHT_NAMES = {"red": "红灯", "yellow": "黄灯", "green": "绿灯", "none": "无"}
# The precision rule of the whole site: every rate is printed as a percentage with one decimal, and every gap is
# the difference of two printed rates, so it has one decimal too (and 40 % against 50 % is exactly −10 points).
SHOWN_DIGITS = 1


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
    """序时差, in percentage points: completion rate − 序时进度, each as the site prints it (`shown_percent`, one
    decimal). A reader can check it from the two figures beside it, and the light follows the gap printed."""
    if missing(rate):
        return None
    return round(shown_percent(rate) - shown_percent(time_progress(month)), SHOWN_DIGITS)


def light(gap: float | None, start_late: bool, thresholds: LightThresholds, overdue: bool = False) -> str:
    """红黄绿灯: red for a late start or a gap at or below the red line; none without a plan. A project past
    its planned completion and not complete (逾期未竣工) is red, or at least yellow, as the settings say."""
    if start_late:
        return "red"
    if missing(gap):
        by_money = "none"
    elif gap >= thresholds.green_from:
        by_money = "green"
    elif gap <= thresholds.red_at:
        by_money = "red"
    else:
        by_money = "yellow"
    if overdue and thresholds.overdue == "red":
        return "red"
    if overdue and thresholds.overdue == "yellow" and by_money != "red":
        return "yellow"
    return by_money


def gap_phrase(gap: float | None, digits: int = 1, subject: str = "序时") -> str:
    """ "超序时 2.9 个百分点" / "滞后序时 4.1 个百分点" / "与序时持平"."""
    if missing(gap):
        return "无年度计划"
    shown = f"{abs(gap):.{digits}f}"
    if float(shown) == 0:
        return f"与{subject}持平"
    return f"{'超' if gap > 0 else '滞后'}{subject} {shown} 个百分点"


def light_reason(
    rate: float | None, gap: float | None, start_late: bool, planned_start: dt.date | None, month: str,
    plan: float | None = 0.0, late_days: int = 0, planned_completion: dt.date | None = None,
) -> str:
    """The light in words, as the project page and the bulletin say it; `late_days` > 0 for a project past
    its planned completion and not complete."""
    if start_late:
        return f"开工滞后：计划 {cn_date(planned_start)}开工，截至 {int(month[5:7])} 月底未开工"
    late = overdue_phrase(planned_completion, late_days, month) if late_days > 0 else None
    if missing(rate):
        money = "本年度计划投资尚未下达" if missing(plan) else "本年度无计划投资"
        if late is None:
            return money + ("，暂不亮灯" if missing(plan) else "，不亮灯")
    else:
        money = f"投资完成率 {rate * 100:.1f}%，{gap_phrase(gap, SHOWN_DIGITS, '序时进度')}"
    return money if late is None else f"{late}；{money}"


def overdue_phrase(planned_completion: dt.date | None, late_days: int, month: str) -> str:
    """逾期未竣工 in words: "逾期未竣工：计划 2021年3月28日竣工，截至 12 月底已逾期 278 天"."""
    return f"逾期未竣工：计划 {cn_date(planned_completion)}竣工，截至 {int(month[5:7])} 月底已逾期 {late_days} 天"


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
