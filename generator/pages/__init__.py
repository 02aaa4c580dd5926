"""The page builders: each turns the computed site model into pages (a URL, a template, a context).

They are pure: nothing here reads files or writes them; `render.py` does.
"""

from __future__ import annotations

from ..export import data_files
from ..model import SiteModel
from .about import about_page
from .bulletins import atom_feed, bulletin_pages
from .chains import chain_pages
from .common import Page
from .data import data_page
from .home import home_page
from .ledger import ledger_page
from .meetings import inspection_pages, review_pages
from .project import attachment_files, project_pages
from .projects import facet_pages, facet_values, index_pages
from .summaries import summary_pages


def all_pages(model: SiteModel) -> list[Page]:
    summaries = list(summary_pages(model))
    facets = facet_values(model)
    return [
        home_page(model),
        *index_pages(model, facets),
        *facet_pages(model, facets),
        *project_pages(model),
        *bulletin_pages(model, [{"title": page.title, "url": page.url} for page in summaries]),
        *summaries,
        *review_pages(model),
        *inspection_pages(model),
        ledger_page(model),
        *chain_pages(model),
        data_page(model),
        about_page(model),
    ]


def extra_files(model: SiteModel) -> dict[str, bytes]:
    """Files beside the pages, by path in the site."""
    return {"bulletins/feed.xml": atom_feed(model), **attachment_files(model), **data_files(model)}


__all__ = ["Page", "all_pages", "extra_files"]
