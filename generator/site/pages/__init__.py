"""The page builders: each turns the computed site model into pages (a URL, a template, a context).

They are pure: nothing here reads files or writes them; `render.py` does. The Markdown pages come as
builders (each a call that yields pages) so that `render.py` can share them out among processes; the
static files (cards, feed, attachments, data files) are made apart, while the engine builds the pages.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator

from ... import urls
from ...export import each_data_file, whole
from ...figures.model import SiteModel
from ..documents import bulletin_document, review_document, summary_document
from .about import about_page
from .bulletins import (
    atom_feed,
    bulletin_lists,
    bulletin_page,
    bulletin_redirects,
    bulletin_views,
    corrections_by_project,
    each_bulletin_view,
    feed_view,
)
from .chains import chain_pages
from .common import Page, YearView, forget_rows, year_views
from .data import data_page
from .home import home_page
from .ledger import ledger_pages
from .meetings import inspection_pages, review_pages
from .project import card_pages, project_facts, project_pages
from .projects import facet_index_pages, facet_pages, facet_values, index_pages
from .summaries import summary_page, summary_views
from .years import year_pages

Builder = Callable[[], Iterable[Page]]
_PROJECTS_PER_BUILDER = 100


def _year_builders(model: SiteModel, view: YearView) -> list[Builder]:
    """One year's lists: the project list, its facet pages, the ledger."""
    facets = facet_values(model, view)
    return [
        lambda: [*index_pages(model, view, facets), *facet_index_pages(view, facets)],
        *(lambda dimension=dimension: facet_pages(model, view, facets, [dimension]) for dimension in urls.FACETS),
        lambda: ledger_pages(model, view),
    ]


def page_builders(model: SiteModel) -> list[Builder]:
    """Every Markdown page of the site, as builders; what they share is computed here, once.
    Heavy pages (bulletins, facets, projects) come in many small builders, so they share out evenly."""
    bulletins, summaries = bulletin_views(model), summary_views(model)
    facts = project_facts(model, corrections_by_project(model, bulletins + summaries))
    ids = model.public_ids
    years = [builder for view in year_views(model) for builder in _year_builders(model, view)]
    # heaviest first: processes take the next builder when free, and a heavy one taken last would
    # leave the other processes waiting for it
    return [
        *years[:1],
        *(lambda view=view: [bulletin_page(model, view)] for view in bulletins),
        *years[1:],
        *(lambda chunk=ids[start:start + _PROJECTS_PER_BUILDER]: project_pages(model, facts, chunk)
          for start in range(0, len(ids), _PROJECTS_PER_BUILDER)),
        lambda: [home_page(model)],
        lambda: year_pages(model),
        lambda: bulletin_lists(model, bulletins, [{"title": view.title, "url": view.url, "year": view.context["year"]}
                                                  for view in summaries]),
        lambda: [summary_page(model, view) for view in summaries],
        lambda: review_pages(model),
        lambda: inspection_pages(model),
        lambda: chain_pages(model),
        lambda: [data_page(model)],
        lambda: [about_page(model)],
    ]


def all_pages(model: SiteModel) -> list[Page]:
    """Every Markdown page, in one list (for tests and tools; the build uses the builders)."""
    return [page for builder in page_builders(model) for page in builder()]


def static_pages(model: SiteModel) -> list[Page]:
    """Pages that are whole HTML files of our own rather than Markdown for the engine: the printable cards,
    and the redirects from the addresses bulletins had before they named their issue."""
    return list(each_static_page(model))


def each_static_page(model: SiteModel) -> Iterator[Page]:
    """The same, one at a time (a province's cards, each with its QR code, are not all held)."""
    yield from card_pages(model)
    yield from bulletin_redirects(model)


def document_files(model: SiteModel, feed: list | None = None) -> dict[str, bytes]:
    """The Word documents, beside their pages, each made from its page's context (as issued, once it is);
    `feed`, where given, receives each bulletin's view as the feed needs it (`feed_view`)."""
    files = {}
    # one view at a time, each let go before the objects that made its document are collected: a collection
    # walks every object alive, and a province's views hold millions
    for view in each_bulletin_view(model):
        context = view.context
        files[urls.bulletin_document(context["year"], context["number"])] = bulletin_document(context, model.site)
        if feed is not None:
            feed.append(feed_view(view))
        del view, context
        forget_rows()
        _collect()
    for view in summary_views(model):
        context = view.context
        files[urls.summary_document(context["year"], context["half"])] = summary_document(context, model.site)
        del view, context
        _collect()
    for page in review_pages(model):
        if page.template == "review.md.j2":
            files[page.context["document"]] = review_document(page.context, model.site)
        del page
        _collect()
    return files


def _collect() -> None:
    """Free the objects that made a document: python-docx's package and parts refer to each other, so only a
    full pass of the cyclic collector frees them, and it comes so rarely that a province's bulletins (some
    50 MB of XML each) were held a dozen at a time."""
    gc.collect()


def static_files(model: SiteModel) -> dict[str, bytes]:
    """Files beside the pages, by path in the site (photos and attachments: `site/photos.py`)."""
    return {path: whole(data) for path, data in each_static_file(model)}


def each_static_file(model: SiteModel) -> Iterator[tuple[str, bytes | Iterable[bytes]]]:
    """The same, one at a time, for the build to write each as it comes."""
    yield from documents_and_feed(model).items()
    yield from each_data_file(model)


def documents_and_feed(model: SiteModel) -> dict[str, bytes]:
    """The bulletins' feed and the Word documents, by path in the site."""
    bulletins: list = []  # what the feed shows of each bulletin, made with its document
    documents = document_files(model, bulletins)
    return {"bulletins/feed.xml": atom_feed(model, bulletins, documents), **documents}


__all__ = ["Page", "all_pages", "each_static_file", "each_static_page", "page_builders", "static_files",
           "static_pages"]
