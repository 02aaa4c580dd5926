"""MkDocs' build (`mkdocs.commands.build.build`), with the pages built on every core.

Each page's HTML depends only on its own Markdown, the navigation, the theme and the settings, which
every process has once MkDocs has its files and navigation: the build forks there and each process
takes the next run of pages when it is free, reads, converts, renders and writes each one. What MkDocs
gathers across pages comes back to this process in the pages' order, so the site is byte-identical to
one process's: the search entries Material's search plugin made of each page, the warnings (a strict
build fails on a worker's warning as on this process's) and the anchors for MkDocs' link check. A page's
Markdown and HTML are dropped once it is written, so a province's pages are never all in memory.

Written against MkDocs 1.6.1 and ProperDocs 1.6.7, whose build loops are the same. Where the search plugin is not
Material's (whose entries it knows how to gather), every page is built in this process.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence

from ..parallel import shared_out

_PIECE = 25  # pages a process takes at a time: about a quarter of a second of work


class _Captured(logging.Handler):
    """The warnings logged while a run of pages was built, to log again in the process that forked."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


def _search_index(config):
    """The entries list of Material's search plugin, or None when another search (or none) is set."""
    for plugin in config.plugins.values():
        index = getattr(plugin, "search_index", None)
        if index is not None and isinstance(getattr(index, "entries", None), list):
            return index
    return None


class Session:
    """MkDocs with its files, navigation and theme ready, the site folder cleaned and the theme's files in it:
    what every page's build needs. `build` builds pages (all of them for a build; those whose Markdown
    changed for `make serve`), `finish` writes what spans pages (the search index) and fails a strict build
    on the warnings seen."""

    def __init__(self, config, loggers: Sequence[str] = ("mkdocs",)) -> None:
        from mkdocs.commands import build as mkdocs_build
        from mkdocs.utils import CountHandler

        self.mkdocs_build = mkdocs_build
        self.watched = [logging.getLogger(name) for name in loggers]
        self.counter = CountHandler()
        self.counter.setLevel(logging.WARNING)
        if config.strict:
            for logger in self.watched:
                logger.addHandler(self.counter)
        try:
            self._prepare(config)
        except BaseException:
            self.close()
            raise

    def _prepare(self, config) -> None:
        from mkdocs.structure.files import InclusionLevel, get_files, set_exclusions
        from mkdocs.structure.nav import get_navigation
        from mkdocs.structure.pages import Page
        from mkdocs.utils import clean_directory

        mkdocs_build = self.mkdocs_build
        config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)
        clean_directory(config.site_dir)
        files = get_files(config)
        env = config.theme.get_env()
        files.add_files_from_theme(env, config)
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        nav = get_navigation(files, config)
        nav = config.plugins.on_nav(nav, config=config, files=files)
        self.doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
        for file in self.doc_files:
            if file.page is None:
                Page(None, file, config)
        # Pages in the navigation are read here first: every page shows their titles in its menus.
        self.listed = {id(page) for page in nav.pages}
        for file in self.doc_files:
            if id(file.page) in self.listed:
                mkdocs_build._populate_page(file.page, config, files)
        env = config.plugins.on_env(env, config=config, files=files)
        files.copy_static_files()
        for template in config.theme.static_templates:
            mkdocs_build._build_theme_template(template, env, files, config, nav)
        for template in config.extra_templates:
            mkdocs_build._build_extra_template(template, files, config, nav)
        self.config, self.files, self.nav, self.env = config, files, nav, env
        self.pages = [file.page for file in self.doc_files]
        self.number = {file.src_uri: number for number, file in enumerate(self.doc_files)}
        self.index = _search_index(config)
        self.entries: dict[int, list] = {}  # each page's search entries, by its number
        self.deferred: dict[int, tuple] = {}  # pages built but not yet indexed: their HTML and contents

    def close(self) -> None:
        for logger in self.watched:
            logger.removeHandler(self.counter)

    def _build_run(self, run: Sequence[int], reread: bool = False, defer_search: bool = False) -> tuple[int, list]:
        captured = _Captured()
        for logger in self.watched:
            logger.addHandler(captured)
        done = []
        try:
            for number in run:
                page = self.pages[number]
                if reread or id(page) not in self.listed:
                    self.mkdocs_build._populate_page(page, self.config, self.files)
                if defer_search and self.index is not None:  # what the search plugin would index, kept for later
                    self.index.add_entry_from_context = lambda page, number=number: self.deferred.__setitem__(
                        number, (page.content, page.toc))
                try:
                    self.mkdocs_build._build_page(page, self.config, self.doc_files, self.nav, self.env)
                finally:
                    if self.index is not None:
                        vars(self.index).pop("add_entry_from_context", None)
                entries = None
                if self.index is not None and number not in self.deferred:
                    entries, self.index.entries[:] = list(self.index.entries), []
                done.append((number, entries, _anchors(page)))
                page.markdown = page.content = None  # written: a province's pages are not all kept
                page.toc = []
        finally:
            for logger in self.watched:
                logger.removeHandler(captured)
        return os.getpid(), [done, captured.records]

    def index_deferred(self) -> None:
        """Index the pages whose search entries `build` left for later (`make serve` shows pages first)."""
        while self.deferred:
            number, (content, toc) = self.deferred.popitem()
            page = self.pages[number]
            page.content, page.toc = content, toc
            self.index.add_entry_from_context(page)
            self.entries[number], self.index.entries[:] = list(self.index.entries), []
            page.content, page.toc = None, []

    def build(self, numbers: Sequence[int], *, worth_it: bool = False, reread: bool = False,
              defer_search: bool = False) -> None:
        """Build the pages `numbers` (on every core when `worth_it` and the search plugin is Material's);
        `reread`: read their Markdown again, pages of the navigation too (their files changed);
        `defer_search`: index them later, with `index_deferred` (which only this process can then do)."""
        if self.index is not None and worth_it:
            _jieba_ready()
        else:
            worth_it = False
        worth_it = worth_it and not defer_search
        found = shared_out(lambda run: self._build_run(run, reread, defer_search), numbers, piece=_PIECE,
                           worth_it=worth_it)
        for _, (pid, (done, records)) in found:
            if pid != os.getpid():  # this process's own warnings were counted as they were logged
                for name, level, message in records:
                    logging.getLogger(name).log(level, message)
            for number, page_entries, anchors in done:
                if page_entries is not None:
                    self.entries[number] = page_entries
                page = self.pages[number]
                if pid != os.getpid() and page.file.abs_src_path is None:
                    page.file.content_bytes = b""  # built elsewhere: its Markdown is not needed here either
                page.present_anchor_ids, links = anchors
                page.links_to_anchors = {self.files.get_file_from_path(uri): found for uri, found in links.items()}

    def finish(self) -> None:
        """The search index of every page built, in the pages' order; MkDocs' anchor check; a strict build
        fails here on any warning met."""
        if self.index is not None:
            self.index.entries[:] = [entry for number in sorted(self.entries) for entry in self.entries[number]]
        log_level = self.config.validation.links.anchors
        for page in self.pages:
            page.validate_anchor_links(files=self.files, log_level=log_level)
        self.config.plugins.on_post_build(config=self.config)
        if self.index is not None:
            self.index.entries[:] = []
        if counts := self.counter.get_counts():
            from mkdocs.exceptions import Abort

            self.counter.counts.clear()
            raise Abort(f"Aborted with {', '.join(f'{v} {k.lower()}s' for k, v in counts)} in strict mode!")


def build(config, *, worth_it: bool, loggers: Sequence[str] = ("mkdocs",)) -> Session:
    """Build the site MkDocs would build with `config` (not served, not dirty), pages on every core. Warnings
    logged under `loggers` count against a strict build. The session is returned open (`make serve` builds
    its changed pages with it); `close` it when done."""
    session = None
    try:
        session = Session(config, loggers)
        session.build(range(len(session.pages)), worth_it=worth_it)
        session.finish()
        return session
    except Exception as error:
        if session is not None:
            session.close()
        config.plugins.on_build_error(error=error)
        from mkdocs.exceptions import Abort, BuildError

        if isinstance(error, BuildError):
            raise Abort("Aborted with a BuildError!") from error
        raise


def _anchors(page) -> tuple[set[str] | None, dict[str, dict[str, str]]]:
    """What MkDocs' anchor check needs of a page, by file path rather than File (which stays here)."""
    links = {file.src_uri: found for file, found in (page.links_to_anchors or {}).items()}
    return page.present_anchor_ids, links


def _jieba_ready() -> None:
    """Load jieba's dictionary once, before forking, rather than once in every process."""
    try:
        import jieba
    except ImportError:
        return
    jieba.initialize()
