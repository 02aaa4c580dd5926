"""How bulletins are numbered: one per dispatch meeting, 第1期, 第2期 … within the year of the month it reports
on, in the order of those months (and of the meetings, for two on one month, which `check` refuses)."""

from __future__ import annotations

from .models import DispatchMeeting


def bulletin_numbers(meetings: dict) -> dict[str, tuple[int, int]]:
    """(year, number) of each dispatch meeting's bulletin, by meeting id, in issue order."""
    dispatch = {key: m for key, m in meetings.items() if isinstance(m, DispatchMeeting)}
    ordered = sorted(dispatch.items(), key=lambda item: (item[1].reporting_month, item[1].date, item[0]))
    numbers: dict[str, tuple[int, int]] = {}
    count: dict[int, int] = {}
    for meeting_id, meeting in ordered:
        year = int(meeting.reporting_month[:4])
        count[year] = count.get(year, 0) + 1
        numbers[meeting_id] = (year, count[year])
    return numbers


def bulletin_file(year: int, number: int) -> str:
    """Where an issued bulletin is kept inside the content folder."""
    return f"issued/bulletins/{year}-{number:02d}.json"


def summary_file(year: int, half: bool) -> str:
    """Where an issued half-year summary or year-end evaluation is kept inside the content folder."""
    return f"issued/summaries/{year}-h1.json" if half else f"issued/summaries/{year}.json"
