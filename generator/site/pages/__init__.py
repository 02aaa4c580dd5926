"""The page builders: each turns the computed site model into pages (a URL, a template, a context).

They are pure: nothing here reads files or writes them; `render.py` does. The Markdown pages come as
builders (each a call that yields pages) so that `render.py` can share them out among processes; the
static files (cards, feed, attachments, data files) are made apart, while the engine builds the pages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ... import urls
from ...export import data_files
from ...figures.model import SiteModel
from ..documents import bulletin_document, review_document, summary_document
from .about import about_page
from .bulletins import atom_feed, bulletin_lists, bulletin_page
from .chains import chain_pages
from .common import Page
from .data import data_page
from .home import home_page
from .ledger import ledger_pages
from .meetings import inspection_pages, review_pages
from .project import attachment_files, card_pages, project_facts, project_pages
from .projects import facet_pages, facet_values, index_pages
from .summaries import summary_pages

Builder = Callable[[], Iterable[Page]]
_PROJECTS_PER_BUILDER = 100


def page_builders(model: SiteModel) -> list[Builder]:
    """Every Markdown page of the site, as builders; what they share is computed here, once.
    Heavy pages (bulletins, facets, projects) come in many small builders, so they share out evenly."""
    summaries = list(summary_pages(model))
    facets = facet_values(model)
    facts = project_facts(model)
    ids = list(model.content.projects)
    # heaviest first: processes take the next builder when free, and a heavy one taken last would
    # leave the other processes waiting for it
    return [
        lambda: index_pages(model, facets),
        *(lambda bulletin=bulletin: [bulletin_page(model, bulletin)] for bulletin in model.bulletins),
        *(lambda dimension=dimension: facet_pages(model, facets, [dimension]) for dimension in urls.FACETS),
        *(lambda chunk=ids[start:start + _PROJECTS_PER_BUILDER]: project_pages(model, facts, chunk)
          for start in range(0, len(ids), _PROJECTS_PER_BUILDER)),
        lambda: [home_page(model)],
        lambda: bulletin_lists(model, [{"title": page.title, "url": page.url} for page in summaries]),
        lambda: summaries,
        lambda: review_pages(model),
        lambda: inspection_pages(model),
        lambda: ledger_pages(model),
        lambda: chain_pages(model),
        lambda: [data_page(model)],
        lambda: [about_page(model)],
    ]


def all_pages(model: SiteModel) -> list[Page]:
    """Every Markdown page, in one list (for tests and tools; the build uses the builders)."""
    return [page for builder in page_builders(model) for page in builder()]


def static_pages(model: SiteModel) -> list[Page]:
    """Pages that are whole HTML files of our own rather than Markdown for the engine."""
    return list(card_pages(model))


def document_files(model: SiteModel) -> dict[str, bytes]:
    """The Word documents, beside their pages, each made from its page's context."""
    made = {"bulletin.md.j2": bulletin_document, "summary.md.j2": summary_document, "review.md.j2": review_document}
    pages = [*(bulletin_page(model, bulletin) for bulletin in model.bulletins), *summary_pages(model),
             *review_pages(model)]
    return {page.context["document"]: made[page.template](page.context, model.site)
            for page in pages if page.template in made}


def static_files(model: SiteModel) -> dict[str, bytes]:
    """Files beside the pages, by path in the site."""
    documents = document_files(model)
    return {"bulletins/feed.xml": atom_feed(model, documents), **documents, **attachment_files(model),
            **data_files(model)}


__all__ = ["Page", "all_pages", "page_builders", "static_files", "static_pages"]
