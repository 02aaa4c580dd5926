"""半年小结 and 年度总评: pages generated from the data once June, and December, have data."""

from __future__ import annotations

from collections.abc import Iterator

from ...figures import compute, rules, fmt
from ... import urls
from ...figures.model import SiteModel
from ...records.models import DispatchMeeting
from ...figures.reviews import overall
from .common import Page, group_rows, ranking_rows
from .home import headline_view
from .meetings import unit_rows


def lights_over_time(model: SiteModel, last: str) -> list[dict]:
    """Light counts at the end of each month with progress data, up to `last`."""
    months = sorted({m for m in model.tables.progress["month"] if m <= last and m.startswith(last[:4])})
    return [{"month": fmt.cn_month(m), **model.snapshot(m).headline.lights} for m in months]


def mentions_by_unit(model: SiteModel, last: str, kind: str) -> list[dict]:
    """How often each unit (or a unit's project) was praised or criticised in the period's meetings."""
    counts: dict[str, list[str]] = {}
    until = rules.month_end(last)
    for meeting in model.content.meetings.values():
        in_period = (meeting.reporting_month <= last if isinstance(meeting, DispatchMeeting) else meeting.date <= until)
        if not in_period or meeting.date.year < int(last[:4]):
            continue
        for mention in getattr(meeting, kind):
            unit = mention.unit or model.content.projects[mention.project].responsible.unit
            counts.setdefault(unit, []).append(mention.reason)
    return sorted(({"unit": model.content.units[u].name, "count": len(r), "reasons": "；".join(dict.fromkeys(r))}
                   for u, r in counts.items()), key=lambda row: (-row["count"], row["unit"]))


def summary_page(model: SiteModel, month: str, half: bool) -> Page:
    snap = model.snapshot(month)
    ranking = compute.unit_ranking(snap)
    _, review_units = overall(model.reviews, rules.month_end(month))
    year = int(month[:4])
    title = f"{year}年上半年重点项目建设小结" if half else f"{year}年度重点项目建设总评"
    return Page(urls.summary(year, half), "summary.md.j2", {
        "title": title, "month": fmt.cn_month(month), "headline": headline_view(snap.headline, month),
        "by_category": group_rows(
            compute.group_figures(snap.projects, "category", "category_name", month), "category_name"),
        "lights": lights_over_time(model, month),
        "ranking": ranking_rows(ranking),
        "review_units": unit_rows(review_units),
        "praised": mentions_by_unit(model, month, "praised"),
        "criticised": mentions_by_unit(model, month, "criticised"),
    }, title)


def summary_pages(model: SiteModel) -> Iterator[Page]:
    year = model.site.year
    if model.month >= f"{year}-06":
        yield summary_page(model, f"{year}-06", half=True)
    if model.month >= f"{year}-12":
        yield summary_page(model, f"{year}-12", half=False)
