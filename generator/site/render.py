"""Stage 4, render: every page as Markdown, through Jinja2 templates that escape by default.

The pages are what MkDocs builds; keeping generation here, outside MkDocs' plugin system, keeps a move to
another engine cheap. A build hands them to the engine in memory: writing a province's thousands of files
only for the engine to read them again took about a fifth of each render process's time on this disk.
`make serve` writes them as an ordinary Markdown tree, for MkDocs' own server to watch; files are
rewritten only when their text changed, so it sees real changes.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import html
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context

from .. import urls
from ..export import whole
from ..figures import fmt
from ..figures.model import SiteModel
from ..figures.rules import LIGHT_NAMES
from ..parallel import shared_out
from .markup import Trusted, escape_text, finalize, front_matter, link, mail_link, meta_text, phone_link
from .outputs import claim
from .pages import Page, each_static_file, each_static_page, page_builders
from .photos import Cache, media_files
from .policy import secured
from .search import project_entries

TEMPLATES = Path(__file__).resolve().parents[2] / "site_templates"


@pass_context
def _link(context, url: str | None, text: object, **attributes: str) -> Trusted:
    """A link to one of our pages (given by its site path) or to an http(s) address from a record; plain text
    when there is no page to link to (an issued bulletin naming a project whose record has gone)."""
    if url is None:
        return escape_text(text)
    if url.startswith(("http://", "https://")) or attributes:
        target = url if url.startswith(("http://", "https://")) else urls.relative(context["page_url"], url)
        return link(target, text, **attributes)
    # our own page: the path is built from slugs, only the text needs escaping (the common, fast case)
    return Trusted(f'<a href="{urls.relative(context["page_url"], url)}">{escape_text(text)}</a>')


@pass_context
def _href(context, url: str) -> Trusted:
    """A relative address for an attribute; our URLs are built from slugs."""
    return Trusted(html.escape(urls.relative(context["page_url"], url)))


@pass_context
def _project_row(context, row: dict) -> Trusted:
    """A project's table row, rendered once for every page at the same depth: a province lists each
    project in the index and in six facet pages. Links go up to the root and down again, so they
    depend on the page's depth only."""
    depth = context["page_url"].count("/")
    cache = context.environment.globals["_rows"]
    key = (id(row), depth)
    if key not in cache:
        template = context.environment.get_template("project_row.html.j2")
        # the row is kept with its HTML, so that its id cannot be reused by another row meanwhile
        cache[key] = row, Trusted(template.render(row=row, page_url="_/" * depth).strip())
    return cache[key][1]


PRINT_WHOLE = 12  # a printed table of up to this many rows is kept on one page; longer ones split between rows


def _keep(rows: list) -> Trusted:
    """The class that keeps a short table whole on a printed page (site.css, `@media print`)."""
    return Trusted(" keep" if len(rows) <= PRINT_WHOLE else "")


def _light(code: str) -> Trusted:
    return Trusted(f'<span class="light light-{code}">{LIGHT_NAMES[code]}</span>')


class _Environment(Environment):
    def getattr(self, obj: object, attribute: str) -> object:
        # `row.name` on the dicts the page builders pass: by key first. Jinja tries the attribute first,
        # which for a dict raises and catches an exception on every field of every row.
        if type(obj) is dict and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)


def environment(templates: Path = TEMPLATES) -> Environment:
    env = _Environment(
        loader=FileSystemLoader([templates / "pages", templates / "partials"]),
        autoescape=False,  # `finalize` escapes every output, for HTML and Markdown alike
        finalize=finalize,
        auto_reload=False,  # templates do not change during a render: no stat() per page and include
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(link=_link, href=_href, light=_light, keep=_keep, urls=urls, project_row=_project_row,
                       tel=phone_link, mailto=mail_link, _rows={})
    env.filters.update(wan=fmt.wan, money=fmt.money, pct=fmt.pct, points=fmt.points, cn_date=fmt.cn_date,
                       cn_month=fmt.cn_month, iso=fmt.iso)
    return env


@dataclass
class Rendered:
    docs: Path  # the folder the engine builds from: the theme's assets (and, for `make serve`, the pages)
    markdown: dict[str, bytes]  # each page's Markdown in UTF-8, by its file's path in `docs`, until the engine takes it
    pages: int
    theme: dict = field(default_factory=dict)  # HTML fragments for the theme (banner, footer)
    search_entries: list[dict] = field(default_factory=list)  # the project pages' search entries
    changed: list[str] = field(default_factory=list)  # files of `docs` written or removed (make serve)


@dataclass
class Static:
    """The files made outside the engine (cards, feed, attachments, data files), and the projects'
    search entries. `seconds` is how long making them took, wherever that happened."""

    files: list[str]
    pages: int
    search_entries: list[dict]
    seconds: float = 0.0
    photos_encoded: int = 0  # images encoded in this build; the others came from the cache
    changed: list[str] = field(default_factory=list)  # files written because they were new or different


class _Tree:
    """Writes files under `root`, leaving unchanged ones alone, and removes what was not written."""

    def __init__(self, root: Path, digests: dict[str, bytes] | None = None) -> None:
        self.root = root
        self.written: set[Path] = set()
        self.changed: list[str] = []  # files written because they were new or different, and files removed
        self.digests = digests  # what each file written before held (make serve): compared instead of reading it
        self.folders: set[Path] = set()  # made (or found) already: a province writes 10,000 files into a few folders

    def write(self, relative: str, data: bytes | Iterable[bytes]) -> None:
        """Write `relative`, unless it holds `data` already; `data` in pieces is written as they come where
        there is no file to compare with (a build's fresh folder)."""
        path = self.root / relative
        self.written.add(path)
        if not isinstance(data, bytes):
            if self.digests is None and not path.exists():
                self._make_folder(path.parent)
                with path.open("wb") as file:
                    file.writelines(data)
                self.changed.append(relative)
                return
            data = whole(data)
        if self.digests is None:
            unchanged = path.is_file() and path.read_bytes() == data
        else:
            digest = hashlib.blake2b(data, digest_size=16).digest()
            unchanged = self.digests.get(relative) == digest and path.is_file()
        if unchanged:
            return
        self._make_folder(path.parent)
        path.write_bytes(data)
        self.changed.append(relative)
        if self.digests is not None:
            self.digests[relative] = digest

    def _make_folder(self, folder: Path) -> None:
        if folder not in self.folders:
            folder.mkdir(parents=True, exist_ok=True)
            self.folders.add(folder)

    def prune(self) -> None:
        self.folders.clear()
        for path in sorted(self.root.rglob("*"), reverse=True):
            if path.is_file() and path not in self.written:
                path.unlink()
                self.changed.append(relative := path.relative_to(self.root).as_posix())
                if self.digests is not None:
                    self.digests.pop(relative, None)
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()


_PARAGRAPH = re.compile(r"<p(?: class=\"(?!noprint)[^\"]*\")?>(.+?)</p>", re.S)
_TAG = re.compile(r"<[^>]+>")


def description(body: str, fallback: str) -> str:
    """The page's summary for `<meta name="description">`: its first paragraph as plain text."""
    match = _PARAGRAPH.search(body)
    return meta_text(html.unescape(_TAG.sub("", match.group(1))) if match else fallback)


def render_page(env: Environment, model: SiteModel, page: Page) -> str:
    template = env.get_template(page.template)
    body = template.render(page.context, page_url=page.url, site=model.site, title=page.title)
    if page.standalone:
        return body
    meta = page.meta if "description" in page.meta else {
        **page.meta, "description": description(body, f"{page.title} — {model.site.title}")}
    return str(front_matter(page.title, **meta)) + body


def theme_fragments(env: Environment, model: SiteModel) -> dict:
    context = {"site": model.site, "page_url": "", "month": fmt.cn_month(model.month)}
    return {name: str(env.get_template(f"{name}.html.j2").render(context)).strip() for name in ("banner", "footer")}


def _render_builders(model: SiteModel, env: Environment, builders: list) -> list[tuple[str, bytes]]:
    # UTF-8 is the smaller form: a str holding any Chinese takes two bytes for every character
    return [(page.file, render_page(env, model, page).encode("utf-8")) for builder in builders for page in builder()]


@contextlib.contextmanager
def _collected_rarely() -> Iterator[None]:
    """Rendering makes millions of small objects that live for one page and hold no cycles; the cyclic
    collector, run every 700 new objects by default, would look through them for nothing."""
    thresholds = gc.get_threshold()
    gc.set_threshold(100_000, *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


def render_pages(model: SiteModel, docs: Path, templates: Path = TEMPLATES, *, write_pages: bool = False,
                 keep: set[Path] | None = None, digests: dict[str, bytes] | None = None) -> Rendered:
    """Every Markdown page (rendered on every core, kept in memory) and the theme's assets, written to
    `docs`; with `write_pages`, the pages too. Files in `docs` that were not written now, nor listed in
    `keep`, are removed. `digests` keeps what each file held from one call to the next (make serve)."""
    env = environment(templates)
    for name in env.list_templates(extensions=["j2"]):  # compiled once, before workers fork off with them
        env.get_template(name)
    with _collected_rarely():
        done = shared_out(lambda builders: _render_builders(model, env, builders), page_builders(model),
                          worth_it=model.large)
        markdown = dict(sorted(pair for _, pairs in done for pair in pairs))
    tree = _Tree(docs, digests)
    tree.written = set(keep or ()) | {claim(docs, "docs")}  # never prune a folder that is not the build's
    if write_pages:
        for file, data in markdown.items():
            tree.write(file, data)
    for asset in sorted((templates / "assets").rglob("*")):
        if asset.is_file():
            tree.write(f"assets/{asset.relative_to(templates / 'assets').as_posix()}", asset.read_bytes())
    tree.prune()
    return Rendered(docs, markdown, len(markdown), theme_fragments(env, model), changed=tree.changed)


class Stopped(Exception):
    """`make serve` wants the static files no more: the records changed again meanwhile."""


def write_static(model: SiteModel, folder: Path, templates: Path = TEMPLATES, media_cache: Path | None = None,
                 stop: Callable[[], bool] | None = None) -> Static:
    """The static files into `folder`: pages of our own HTML, the feed, photos, attachments and data files.
    Encoded photos are kept in `media_cache` for the next build. `stop` is asked between files (make serve):
    when it says so, `Stopped` is raised."""
    started = time.perf_counter()
    env, tree = environment(templates), _Tree(folder)
    cache = Cache(media_cache)

    pages = 0

    def made() -> Iterator[tuple[str, bytes | Iterable[bytes]]]:
        nonlocal pages
        for page in each_static_page(model):  # whole pages of our own, each with its security policy
            pages += 1
            yield page.file, secured(render_page(env, model, page)).encode("utf-8")
        # the documents here rather than in a child: their views read the same records as the data files, and
        # every page of records a forked child reads is copied again (reference counts are written to it)
        yield from each_static_file(model)
        yield from media_files(model.content, model.month, cache).items()

    for relative, data in made():
        if stop is not None and stop():
            raise Stopped
        tree.write(relative, data)
    files = sorted(path.relative_to(folder).as_posix() for path in tree.written)
    static = Static(files, pages, project_entries(model), time.perf_counter() - started, cache.encoded)
    static.changed = tree.changed
    return static


def media_cache_of(docs: Path) -> Path:
    """Where encoded photos are kept: beside the docs folder, under build/ (never in content/ or site/)."""
    return docs.parent / "media-cache"


def render(model: SiteModel, docs: Path, templates: Path = TEMPLATES) -> Rendered:
    """Everything into `docs`, static files included, as `make serve` previews it (the build makes the
    static files in a second process instead, while the engine runs)."""
    claim(docs, "docs")
    static = write_static(model, docs, templates, media_cache_of(docs))
    rendered = render_pages(model, docs, templates, write_pages=True, keep={docs / file for file in static.files})
    rendered.search_entries = static.search_entries
    return rendered
