"""The engine for `make serve`: MkDocs kept ready between edits, building again only the pages that changed.

MkDocs' own server rebuilds the whole site on every change: a minute for a province. Here the session of
`engine_pages` stays open: its configuration, navigation and theme are those of the first build, and when
an edit has changed some pages' Markdown, only those pages are read and built again, their search entries
replaced (after the pages are shown: Material takes seconds to index a province's lists), the index written
anew; the static files that changed are copied over. A page's HTML depends only
on its own Markdown, the navigation, the theme and the settings, so what this gives is what a full build
gives (`tests/test_preview.py` compares them). A new or removed page, a changed theme override or changed
settings start a new session: everything is built again. The site is served by MkDocs' live-reload server,
which reloads the browser once an update is done.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from .engine import BuildFailed, engine_failures, localise_theme_loaders, pages_plugin, use_engine
from .engine_pages import Session
from .engine_pages import build as build_pages
from .rawhtml import RawHTML
from .search import add_to_index


class LiveSite:
    """The preview's site in `site_dir`, built from the Markdown tree `make serve` writes."""

    def __init__(self, site_dir: Path) -> None:
        self.site_dir = site_dir
        self.session: Session | None = None
        self.settings: dict | None = None

    def update(self, settings: dict, changed: list[str], search_entries: list[dict], everything: bool = False) -> int:
        """Bring the site up to the docs folder after the files `changed` there (written or removed) and
        `settings` (mkdocs_settings); `everything`: build every page (the theme changed). The number of
        pages built. Raises BuildFailed, saying why in Chinese."""
        names = use_engine()
        with engine_failures(names):
            built = self._update(settings, changed, names, everything)
            add_to_index(self.site_dir, search_entries)
            return built

    def _update(self, settings: dict, changed: list[str], names: tuple[str, ...], everything: bool) -> int:
        session = self.session
        pages = [path for path in changed if path.endswith(".md")]
        known = session is not None and all(path in session.number for path in pages)
        gone = any(not (Path(settings["docs_dir"]) / path).is_file() for path in changed)
        if everything or not known or gone or settings != self.settings:
            return self._rebuild(settings, names)
        # the pages first; their search entries (Material parses each page's HTML for them, seconds for a
        # province's lists) when `index_later` is called, once the browser shows them
        session.build([session.number[path] for path in pages], reread=True, defer_search=True)
        session.finish()
        self.copy(Path(settings["docs_dir"]), [path for path in changed if not path.endswith(".md")])
        return len(pages)

    def copy(self, docs: Path, files: list[str]) -> None:
        """Static files of the docs folder (cards, data files, assets) into the site, as MkDocs copies them."""
        for path in files:
            source, target = docs / path, self.site_dir / path
            if source.is_file():
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)
            elif target.is_file():
                target.unlink()
        localise_theme_loaders(self.site_dir)

    def _rebuild(self, settings: dict, names: tuple[str, ...]) -> int:
        from mkdocs.config import load_config

        if self.session is not None:
            self.session.close()
            self.session = None
        config = load_config(site_dir=str(self.site_dir.resolve()), **settings)
        raw_html = RawHTML()
        config.markdown_extensions.append(raw_html)
        config.plugins["zdxm-pages"] = pages_plugin({}, raw_html, policy=False)
        self.session = build_pages(config, worth_it=False, loggers=names)
        self.settings = settings
        localise_theme_loaders(self.site_dir)
        return len(self.session.pages)

    def index_later(self, search_entries: list[dict]) -> None:
        """The search index with the entries of the pages `update` built last (and the projects' entries)."""
        from mkdocs.exceptions import MkDocsException

        if self.session is not None and self.session.deferred:
            try:
                self.session.index_deferred()
                self.session.finish()
            except (MkDocsException, SystemExit) as error:
                raise BuildFailed(f"MkDocs 生成搜索索引失败：{error}") from error
            add_to_index(self.site_dir, search_entries)

    def close(self) -> None:
        if self.session is not None:
            self.session.close()


def serve_forever(site_dir: Path, host: str, port: int, mount_path: str, watched: list[Path],
                  builder: Callable[[], None]) -> None:
    """Serve `site_dir` at http://host:port/mount_path with MkDocs' live-reload server: `builder` runs after
    any change under `watched`, then the browsers showing the site reload. Returns on Ctrl+C."""
    use_engine()
    from mkdocs.livereload import LiveReloadServer

    server = LiveReloadServer(builder=builder, host=host, port=port, root=str(site_dir), mount_path=mount_path)

    def error_page(code: int) -> bytes | None:
        page = site_dir / "404.html"
        return page.read_bytes() if code == 404 and page.is_file() else None

    server.error_handler = error_page
    for folder in watched:
        server.watch(str(folder))
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
