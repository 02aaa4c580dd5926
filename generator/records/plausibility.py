"""Figures that are possible but implausible, questioned before they are published.

A tenfold typo (55970 where last month was 5597) is a valid number; these rules catch it: a month's increase far
above the project's usual, a year's cumulative figure far above its plan, more completed since the start than
the whole investment. Validation and the monthly import both ask them; a figure checked and found right carries
a `confirmed` note in the record (`import-report --confirm "说明"` writes it), and is then accepted.
"""

from __future__ import annotations

import statistics

from .models import Progress, Project

JUMP_TIMES = 5  # an increase more than this many times the project's usual monthly increase …
JUMP_SHARE = 0.10  # … and more than this share of the year's plan
PLAN_SHARE = 1.5  # a year's cumulative figure above this share of its plan
USUAL_AFTER = 3  # the usual increase is known from this many other reports on


def _months(month: str) -> int:
    return int(month[:4]) * 12 + int(month[5:])


def _increases(progress: list[Progress]) -> list[tuple[float, int]]:
    """Each report's increase over the report before it in the same year (from 0 for a year's first), and the
    months it covers."""
    found, previous = [], None
    for entry in progress:
        if previous is None or previous.month[:4] != entry.month[:4]:
            found.append((entry.completed, int(entry.month[5:])))
        else:
            found.append((entry.completed - previous.completed, _months(entry.month) - _months(previous.month)))
        previous = entry
    return found


def _wan(amount: float) -> str:
    return f"{amount:,.2f}".rstrip("0").rstrip(".")


def questions(project: Project, progress: list[Progress] | None = None) -> dict[int, str]:
    """For each report (by its index in `progress`, the project's own by default) that looks implausible and
    carries no `confirmed` note: why, in Chinese, with the numbers."""
    progress = project.progress if progress is None else progress
    increases = _increases(progress)
    # the usual pace of a project at work, as a share of each year's plan a month (years differ in size); months
    # with no increase (not started, stopped) say nothing of it
    plans = [(listed.annual_plan if (listed := project.on_list(int(e.month[:4]))) else None) for e in progress]
    per_month = [amount / months / plan if months > 0 and amount > 0 and plan else None
                 for (amount, months), plan in zip(increases, plans, strict=True)]
    found: dict[int, str] = {}
    since_start, year_end = project.completed_before, {}
    for index, entry in enumerate(progress):
        year_end[entry.month[:4]] = entry.completed
        if entry.confirmed:
            continue
        plan = plans[index]
        reasons = []
        increase, months = increases[index]
        others = [pace for pace in per_month[:index] + per_month[index + 1:] if pace is not None]
        # after a report below the one before it (an error of its own), the rise back is not questioned again
        after_fall = index > 0 and increases[index - 1][0] < 0 and progress[index - 1].month[:4] == entry.month[:4]
        if len(others) >= USUAL_AFTER and plan and not after_fall:
            usual = statistics.median(others) * plan  # 万元 a month, at this year's plan
            if increase > JUMP_TIMES * usual * months and increase > JUMP_SHARE * plan:
                times = increase / (usual * months) if usual > 0 else float("inf")
                shown = f"约 {times:.0f} 倍" if times != float("inf") else "远超"
                reasons.append(f"比上次多 {_wan(increase)} 万元，是平时每月增量（按本年计划折算约 "
                               f"{_wan(round(usual))} 万元）的{shown}，"
                               f"也超过年度计划 {_wan(plan)} 万元的 {JUMP_SHARE:.0%}")
        if plan and entry.completed > PLAN_SHARE * plan:
            reasons.append(f"本年累计 {_wan(entry.completed)} 万元超过年度计划 {_wan(plan)} 万元的 {PLAN_SHARE:.0%}")
        total = since_start + sum(amount for year, amount in year_end.items() if year < entry.month[:4]) \
            + entry.completed
        if total > project.total_investment:
            reasons.append(f"开工以来累计完成 {_wan(total)} 万元超过总投资 {_wan(project.total_investment)} 万元")
        if reasons:
            found[index] = "；".join(reasons)
    return found


CONFIRM_HINT = "请核对（是不是多打了一个 0？）；核实无误时，在这一条进度里写 confirmed: 核实说明"
