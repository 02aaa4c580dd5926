"""半年小结 and 年度总评: pages generated from the data of each year, once its June, and its December, have data."""

from __future__ import annotations

from ... import urls
from ...figures import compute, fmt, rules
from ...figures.model import SiteModel
from ...figures.reviews import overall
from ...records.models import DispatchMeeting
from ...records.numbering import summary_file
from .bulletins import DocumentView, correction_rows, document_view
from .common import Page, group_rows, ranking_rows
from .home import headline_view
from .meetings import unit_rows


def lights_over_time(model: SiteModel, last: str) -> list[dict]:
    """Light counts at the end of each month of `last`'s year with progress data, up to `last`."""
    months = sorted({m for m in model.tables.progress["month"] if m <= last and m.startswith(last[:4])})
    return [{"month": fmt.cn_month(m), **model.snapshot(m).headline.lights} for m in months]


def mentions_by_unit(model: SiteModel, last: str, kind: str) -> list[dict]:
    """How often each unit (or a unit's project) was praised or criticised in the period's meetings: the
    dispatch meetings that reported on a month of the period, the other meetings held in it."""
    counts: dict[str, list[str]] = {}
    year, until = last[:4], rules.month_end(last)
    for meeting in model.content.meetings.values():
        if isinstance(meeting, DispatchMeeting):
            in_period = meeting.reporting_month[:4] == year and meeting.reporting_month <= last
        else:
            in_period = str(meeting.date.year) == year and meeting.date <= until
        if not in_period:
            continue
        for mention in getattr(meeting, kind):
            unit = mention.unit or model.content.projects[mention.project].responsible.unit
            counts.setdefault(unit, []).append(mention.reason)
    return sorted(({"unit": model.content.units[u].name, "count": len(r), "reasons": "；".join(dict.fromkeys(r))}
                   for u, r in counts.items()), key=lambda row: (-row["count"], row["unit"]))


def summary_context(model: SiteModel, month: str, half: bool) -> dict:
    snap = model.snapshot(month)
    ranking = compute.unit_ranking(snap)
    year = int(month[:4])
    reviews = [result for result in model.reviews if result.meeting.date.year == year]
    _, review_units = overall(reviews, rules.month_end(month))
    title = f"{year}年上半年重点项目建设小结" if half else f"{year}年度重点项目建设总评"
    return {
        "title": title, "year": year, "half": half, "month": fmt.cn_month(month),
        "headline": headline_view(snap.headline, month),
        "by_category": group_rows(
            compute.group_figures(snap.projects, "category", "category_name", month), "category_name"),
        "lights": lights_over_time(model, month),
        "ranking": ranking_rows(ranking),
        "review_units": unit_rows(review_units),
        "praised": mentions_by_unit(model, month, "praised"),
        "criticised": mentions_by_unit(model, month, "criticised"),
    }


def summary_views(model: SiteModel) -> list[DocumentView]:
    """Each year's year-end evaluation and half-year summary, newest first, once the month they speak of is
    reported: as issued, or as the records make them until then."""
    views = []
    for year in sorted((y for y in model.tables.years if y <= model.year), reverse=True):
        for month, half in ((f"{year}-12", False), (f"{year}-06", True)):
            if model.month >= month:
                views.append(document_view(model, urls.summary(year, half), summary_file(year, half),
                                           lambda m=month, h=half: summary_context(model, m, h), model.snapshot(month)))
    return views


def summary_page(model: SiteModel, view: DocumentView) -> Page:
    return Page(view.url, "summary.md.j2", {**view.context, "corrections": correction_rows(model, view)},
                view.title)
