"""The figures of one 《重点项目建设通报》 第N期, as of its reporting month and no later.

A bulletin is made for each dispatch meeting. It compares its month with the previous bulletin's month
(light changes, problems raised and resolved in between) and follows up the decisions of earlier meetings.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from ..records.models import Decision, DispatchMeeting
from ..records.numbering import bulletin_numbers
from . import compute
from .compute import Snapshot, Tables


@dataclass
class DecisionFollowUp:
    meeting_id: str
    meeting_date: dt.date
    decision: Decision
    done: bool
    overdue: bool
    days_overdue: int


@dataclass
class Bulletin:
    meeting_id: str
    meeting: DispatchMeeting
    year: int
    number: int
    snap: Snapshot
    previous: Bulletin | None = None
    follow_ups: list[DecisionFollowUp] = field(default_factory=list)

    @property
    def month(self) -> str:
        return self.snap.month

    @property
    def title(self) -> str:
        return f"{self.year}年第{self.number}期"

    def by(self, column: str, name: str) -> pd.DataFrame:
        return compute.group_figures(self.snap.projects, column, name, self.month)

    def lagging(self) -> pd.DataFrame:
        """Projects with a red or yellow light (behind 序时进度, late to start, past the planned completion) or
        past the planned completion whatever their light, each tagged with what is late."""
        frame = self.snap.projects
        behind = frame[frame["light"].isin(["red", "yellow"]) | frame["overdue"]].copy()
        # a project not yet started is behind in money as a matter of course: its tag says the start
        behind["tag"] = ["、".join(tag for tag, on in (("开工滞后", late), ("逾期未竣工", overdue),
                                                        ("投资滞后", not late and money in ("red", "yellow"))) if on)
                         for late, overdue, money in zip(behind["start_late"], behind["overdue"],
                                                         behind["money_light"], strict=True)]
        return behind.sort_values(["unit_name", "gap"], na_position="first")

    def starts(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """New-start projects due by this month: (started, not started)."""
        due = self.snap.projects[self.snap.projects["start_due"]]
        return due[due["started"]], due[~due["started"]]

    @property
    def first_of_year(self) -> bool:
        """The year's first bulletin: the lights of last December, against other plans, are not compared."""
        return self.previous is None or self.previous.year != self.year

    def light_changes(self) -> pd.DataFrame:
        """Projects whose light differs from the previous bulletin's of the same year: before, after."""
        if self.first_of_year:
            return pd.DataFrame(columns=["id", "name", "unit_name", "before", "after", "reason"])
        now = self.snap.projects
        before = self.previous.snap.projects["light"].reindex(now.index)
        changed = now[before.notna() & (before != now["light"])]
        return changed.assign(before=before[changed.index], after=changed["light"])[
            ["id", "name", "unit_name", "before", "after", "reason"]
        ]

    def problems_between(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Problems raised, and problems resolved, since the previous bulletin's month (inclusive of this one)."""
        problems = self.snap.problems
        since = pd.Timestamp(self.previous.snap.as_of) if self.previous else pd.Timestamp.min
        raised = problems[problems["raised"] > since]
        resolved = problems[(problems["resolved"] > since) & ~problems["open"]]
        return raised, resolved

    def overdue_by_unit(self) -> pd.DataFrame:
        """Overdue open problems, one row per owner unit and problem."""
        overdue = self.snap.problems[self.snap.problems["overdue"]]
        return overdue.assign(owner=overdue["owners"]).explode("owner").sort_values(
            ["owner", "days_overdue"], ascending=[True, False]
        )

    def mentioned_projects(self) -> set[str]:
        ids = set(self.lagging()["id"]) | set(self.light_changes()["id"]) | set(self.meeting.reported)
        for decision in self.meeting.decisions:
            ids |= set(decision.projects)
        ids |= {m.project for m in [*self.meeting.praised, *self.meeting.criticised] if m.project}
        return ids


def follow_ups(meetings: dict[str, DispatchMeeting], current: str, as_of: dt.date) -> list[DecisionFollowUp]:
    """Decisions of the dispatch meetings before `current`, with their state at `as_of` (the bulletin's issue
    date: a decision done by then is shown done, an overdue one counts its days to then). Decisions done
    before the bulletin's year began are not followed up again."""
    this_date = meetings[current].date
    year_start = dt.date(int(meetings[current].reporting_month[:4]), 1, 1)
    rows = []
    for meeting_id, meeting in meetings.items():
        if meeting.date >= this_date:
            continue
        for decision in meeting.decisions:
            if decision.done is not None and decision.done < year_start:
                continue
            done = decision.done is not None and decision.done <= as_of
            overdue = not done and decision.deadline < as_of
            rows.append(DecisionFollowUp(meeting_id, meeting.date, decision, done, overdue,
                                         (as_of - decision.deadline).days if overdue else 0))
    return sorted(rows, key=lambda row: (row.done, -row.days_overdue, row.meeting_date))


def bulletins(tables: Tables, snapshot_of) -> list[Bulletin]:
    """One bulletin per dispatch meeting, numbered 第1期, 第2期 … within its reporting year."""
    content = tables.content
    dispatch = {key: m for key, m in content.meetings.items() if isinstance(m, DispatchMeeting)}
    result: list[Bulletin] = []
    for meeting_id, (year, number) in bulletin_numbers(dispatch).items():
        meeting = dispatch[meeting_id]
        snap = snapshot_of(meeting.reporting_month)
        bulletin = Bulletin(meeting_id, meeting, year, number, snap, result[-1] if result else None)
        bulletin.follow_ups = follow_ups(dispatch, meeting_id, meeting.date)
        result.append(bulletin)
    return result
