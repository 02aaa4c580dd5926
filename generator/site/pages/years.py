"""An earlier year's overview (`2021/`): its figures as the year ended, and the way to everything it published.

The current year's overview is the home page; a year becomes an overview page of its own once the site
speaks of a later one, and stays there, at the same address, for good.
"""

from __future__ import annotations

from collections.abc import Iterator

from ... import urls
from ...figures import fmt
from ...figures.model import SiteModel
from ...records.models import InspectionMeeting, ReviewMeeting
from .common import Page, year_links
from .home import headline_view, visits_view


def year_pages(model: SiteModel) -> Iterator[Page]:
    for year in model.past_years:
        snap = model.year_end(year)
        meetings = [m for m in model.content.meetings.values() if m.date.year == year]
        yield Page(urls.year_page(year), "year.md.j2", {
            "year": year, "headline": headline_view(snap.headline, snap.month),
            "visits": visits_view(model.year_visits(year)),
            "years": year_links(model, year, urls.year_page),
            "projects": urls.projects(year=year), "ledger": urls.ledger(year),
            "bulletins": urls.bulletin_archive(year),
            "issues": sum(1 for b in model.bulletins if b.year == year),
            "summaries": [{"title": f"{year}年上半年重点项目建设小结", "url": urls.summary(year, True)},
                          {"title": f"{year}年度重点项目建设总评", "url": urls.summary(year, False)}],
            "reviews": sum(isinstance(m, ReviewMeeting) for m in meetings),
            "inspections": sum(isinstance(m, InspectionMeeting) for m in meetings),
            "review_list": urls.meetings("review") + f"#y{year}",
            "inspection_list": urls.meetings("inspection") + f"#y{year}",
            "as_of": fmt.cn_date(snap.as_of),
        }, f"{year}年度重点项目建设情况")
