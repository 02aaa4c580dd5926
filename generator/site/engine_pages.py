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


def build(config, *, worth_it: bool, loggers: Sequence[str] = ("mkdocs",)) -> None:
    """Build the site MkDocs would build with `config` (not served, not dirty), pages on every core. Warnings
    logged under `loggers` count against a strict build."""
    from mkdocs.commands import build as mkdocs_build
    from mkdocs.structure.files import InclusionLevel, get_files, set_exclusions
    from mkdocs.structure.nav import get_navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils import CountHandler, clean_directory

    watched = [logging.getLogger(name) for name in loggers]
    counter = CountHandler()
    counter.setLevel(logging.WARNING)
    if config.strict:
        for logger in watched:
            logger.addHandler(counter)
    try:
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
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
        for file in doc_files:
            if file.page is None:
                Page(None, file, config)
        # Pages in the navigation are read here first: every page shows their titles in its menus.
        listed = {id(page) for page in nav.pages}
        for file in doc_files:
            if id(file.page) in listed:
                mkdocs_build._populate_page(file.page, config, files)
        env = config.plugins.on_env(env, config=config, files=files)
        files.copy_static_files()
        for template in config.theme.static_templates:
            mkdocs_build._build_theme_template(template, env, files, config, nav)
        for template in config.extra_templates:
            mkdocs_build._build_extra_template(template, files, config, nav)

        index = _search_index(config)
        if index is not None and worth_it:
            _jieba_ready()
        else:
            worth_it = False
        pages = [file.page for file in doc_files]

        def build_run(run: Sequence[int]) -> tuple[int, list]:
            captured = _Captured()
            for logger in watched:
                logger.addHandler(captured)
            done = []
            try:
                for number in run:
                    page = pages[number]
                    if id(page) not in listed:
                        mkdocs_build._populate_page(page, config, files)
                    mkdocs_build._build_page(page, config, doc_files, nav, env)
                    entries = []
                    if index is not None:
                        entries, index.entries[:] = list(index.entries), []
                    done.append((number, entries, _anchors(page)))
                    page.markdown = page.content = None  # written: a province's pages are not all kept
                    page.toc = []
            finally:
                for logger in watched:
                    logger.removeHandler(captured)
            return os.getpid(), [done, captured.records]

        entries: dict[int, list] = {}
        for _, (pid, (done, records)) in shared_out(build_run, range(len(pages)), piece=_PIECE,
                                                    worth_it=worth_it):
            if pid != os.getpid():  # this process's own warnings were counted as they were logged
                for name, level, message in records:
                    logging.getLogger(name).log(level, message)
            for number, page_entries, anchors in done:
                entries[number] = page_entries
                pages[number].present_anchor_ids, links = anchors
                pages[number].links_to_anchors = {files.get_file_from_path(uri): found for uri, found in links.items()}
        if index is not None:
            index.entries[:] = [entry for number in sorted(entries) for entry in entries[number]]

        log_level = config.validation.links.anchors
        for page in pages:
            page.validate_anchor_links(files=files, log_level=log_level)
        config.plugins.on_post_build(config=config)
        if counts := counter.get_counts():
            from mkdocs.exceptions import Abort

            raise Abort(f"Aborted with {', '.join(f'{v} {k.lower()}s' for k, v in counts)} in strict mode!")
    except Exception as error:
        config.plugins.on_build_error(error=error)
        from mkdocs.exceptions import Abort, BuildError

        if isinstance(error, BuildError):
            raise Abort("Aborted with a BuildError!") from error
        raise
    finally:
        for logger in watched:
            logger.removeHandler(counter)


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
