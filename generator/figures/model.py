"""Everything the pages show, computed once: the snapshot of the reporting month, bulletins, reviews."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd

from .. import urls
from ..parallel import shared_out
from ..records.load import Content
from . import compute, rules
from .bulletin import Bulletin, bulletins
from .compute import Snapshot, Tables
from .reporting import reporting_month
from .reviews import ReviewResult, review_results


@dataclass
class SiteModel:
    content: Content
    tables: Tables
    month: str
    _snapshots: dict[str, Snapshot] = field(default_factory=dict)

    def snapshot(self, month: str) -> Snapshot:
        if month not in self._snapshots:
            self._snapshots[month] = compute.snapshot(self.tables, month)
        return self._snapshots[month]

    @property
    def site(self):
        return self.content.site

    @property
    def now(self) -> Snapshot:
        return self.snapshot(self.month)

    @property
    def year(self) -> int:
        """The year the site speaks of: the reporting month's."""
        return int(self.month[:4])

    @property
    def past_years(self) -> list[int]:
        """The earlier years the column ran, newest first: each stays browsable as it stood at its end."""
        return sorted((year for year in self.tables.years if year < self.year), reverse=True)

    @cached_property
    def public_ids(self) -> list[str]:
        """The projects the site shows: on the list of this year or an earlier one (a project added to next
        year's list, drawn up before it begins, is not public yet)."""
        return [pid for pid, project in self.content.projects.items()
                if any(entry.year <= self.year for entry in project.years)]

    def year_end(self, year: int) -> Snapshot:
        """An earlier year as it stood at its end."""
        return self.snapshot(f"{year}-12")

    @property
    def previous_month(self) -> str | None:
        """The month before the reporting month, for "what changed", when it is in the same year."""
        month = rules.previous_month(self.month)
        return month if month.startswith(str(self.year)) else None

    @cached_property
    def previous(self) -> Snapshot | None:
        return self.snapshot(self.previous_month) if self.previous_month else None

    @cached_property
    def bulletins(self) -> list[Bulletin]:
        """Bulletins up to the reporting month, oldest first; later ones would speak of unpublished data."""
        return [b for b in bulletins(self.tables, self.snapshot) if b.month <= self.month]

    @cached_property
    def reviews(self) -> list[ReviewResult]:
        return review_results(self.content)

    @cached_property
    def problem_history(self) -> pd.DataFrame:
        """Every problem raised up to the reporting month's end, all years, with its status then: a project's
        page and the data files keep a problem resolved last year, which this year's ledger no longer lists."""
        return compute.problem_history(self.tables, self.now.as_of)

    @cached_property
    def visits(self) -> pd.DataFrame:
        return compute.visit_compliance(self.tables, self.month)

    def year_visits(self, year: int) -> pd.DataFrame:
        """On-site office compliance over an earlier year."""
        return compute.visit_compliance(self.tables, f"{year}-12")

    @property
    def large(self) -> bool:
        """A province's thousands of projects: work is shared out among processes. A county's is done
        before starting a process would pay."""
        return len(self.content.projects) >= 200

    def compute_all(self) -> None:
        """Compute every figure now, so the render stage only formats (and the stages time honestly).
        The months' snapshots do not depend on one another: a province's are shared out."""
        bulletin_months = {m.reporting_month for m in self.content.meetings.values()
                           if m.kind == "dispatch" and m.reporting_month <= self.month}
        year_ends = {f"{year}-12" for year in self.past_years}
        halves = {f"{year}-06" for year in self.tables.years if f"{year}-06" <= self.month}
        months = {self.month, self.previous_month, *bulletin_months, *year_ends, *halves} - {None}
        todo = sorted(month for month in months if month not in self._snapshots)
        made = shared_out(lambda chunk: [compute.snapshot(self.tables, month) for month in chunk], todo,
                          worth_it=self.large)
        for start, snapshots in made:
            self._snapshots.update(zip(todo[start:start + len(snapshots)], snapshots, strict=True))
        for _ in (self.now, self.previous, self.bulletins, self.reviews, self.visits):
            pass

    def meeting_url(self, meeting_id: str) -> str | None:
        """The page of a meeting: its bulletin for a dispatch meeting."""
        meeting = self.content.meetings.get(meeting_id)
        if meeting is None:
            return None
        if meeting.kind == "dispatch":
            for bulletin in self.bulletins:
                if bulletin.meeting_id == meeting_id:
                    return urls.bulletin(bulletin.year, bulletin.number)
            return None
        return urls.meeting(meeting.kind, meeting_id)

    def absolute_url(self, url: str) -> str:
        return self.site.base_url.rstrip("/") + "/" + url


def build_model(content: Content) -> SiteModel:
    return SiteModel(content, Tables.from_content(content), reporting_month(content))
