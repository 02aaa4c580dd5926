"""The engine: MkDocs with mkdocs-material, driven in-process on the pages the render stage made.

Everything MkDocs-specific is here (and in `engine_pages.py`, its build loop): the configuration the
generator adds to mkdocs.yml (site name and address from site.yml, the theme fragments), handing it the
pages from memory, quieting its log, and its failures told in Chinese. A move to another engine would
replace these modules and the theme overrides, not the generator.

MkDocs is the default. `ZDXM_ENGINE=properdocs` runs the build on ProperDocs, MkDocs 1.x's continuation by
its original maintainers: it answers every `mkdocs.*` import with its own modules (`properdocs.replacement`),
so mkdocs-material and this module run on it unchanged. It must be chosen before anything imports MkDocs,
which the build does only here, late: one process builds with one engine.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

import yaml
from jinja2 import TemplateError

from ..figures.model import SiteModel
from .engine_pages import build as build_pages
from .policy import secured
from .rawhtml import RawHTML
from .render import TEMPLATES, Rendered
from .search import keep_names_whole, people

ROOT = Path(__file__).resolve().parents[2]
MKDOCS_CONFIG = ROOT / "mkdocs.yml"


class BuildFailed(Exception):
    """The site could not be built; the message says why, in Chinese."""


ENGINES = ("mkdocs", "properdocs")


def engine_name() -> str:
    """The engine chosen with ZDXM_ENGINE: MkDocs unless it says properdocs."""
    name = os.environ.get("ZDXM_ENGINE", "").strip().lower() or "mkdocs"
    if name not in ENGINES:
        raise BuildFailed(f"环境变量 ZDXM_ENGINE 只能是 mkdocs 或 properdocs（实际 “{name}”）")
    return name


def use_engine() -> tuple[str, ...]:
    """Make `mkdocs.*` imports the chosen engine's; the names of the loggers it writes its warnings to."""
    if engine_name() == "mkdocs":
        return ("mkdocs",)
    loaded = sys.modules.get("mkdocs")
    if loaded is not None and loaded.__name__ != "properdocs":
        raise BuildFailed("这个进程已经载入了 MkDocs，不能再换用 ProperDocs：请在新的进程里设 ZDXM_ENGINE=properdocs")
    try:
        import properdocs.replacement  # noqa: F401 (from here on, every `mkdocs.*` import is ProperDocs')
    except ImportError as error:
        raise BuildFailed("ZDXM_ENGINE=properdocs，但没有安装 ProperDocs（.venv/bin/pip install properdocs==1.6.7，"
                          "或 make test 装好的开发环境）") from error
    return ("mkdocs", "properdocs")  # its own modules log as properdocs.*, the theme's plugins as mkdocs.*


class _MkDocsLog(logging.Handler):
    """Keeps MkDocs' warnings to report them in our words; its progress chatter is dropped."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def template_problem(error: Exception) -> str:
    """A Jinja error as one line: the template file, the line, and Jinja's own words (for developers)."""
    name, line = getattr(error, "filename", None), getattr(error, "lineno", None)
    where = f"{Path(name).name} 第 {line} 行：" if name and line else ""
    return f"{where}{getattr(error, 'message', None) or error}"


@contextlib.contextmanager
def engine_failures(names: tuple[str, ...]) -> Iterator[None]:
    """MkDocs' warnings (under the loggers `names`) kept while the block runs, and its failures raised as
    BuildFailed, saying why in Chinese."""
    from mkdocs.exceptions import MkDocsException

    loggers = [logging.getLogger(name) for name in names]
    handler = _MkDocsLog()
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.WARNING)
    try:
        yield
    except TemplateError as error:
        raise BuildFailed(f"MkDocs 生成网页失败，主题模板有误：\n  - {template_problem(error)}") from error
    except (MkDocsException, SystemExit, OSError) as error:
        details = "\n".join(f"  - {message}" for message in handler.messages) or f"  - {error}"
        raise BuildFailed(f"MkDocs 生成网页失败：\n{details}") from error
    finally:
        for logger in loggers:
            logger.removeHandler(handler)


def mkdocs_settings(model: SiteModel, rendered: Rendered, templates: Path = TEMPLATES) -> dict:
    """What the generator adds to mkdocs.yml, as `load_config` keywords (all but site_dir); `make serve`
    passes the same to MkDocs' own server."""
    site = model.site
    # the theme of mkdocs.yml, with its overrides taken from `templates` (tests build with a broken copy)
    theme = yaml.safe_load(MKDOCS_CONFIG.read_text(encoding="utf-8"))["theme"]
    theme["custom_dir"] = str((templates / "overrides").resolve())
    return {
        "config_file": str(MKDOCS_CONFIG),
        "site_name": site.title,
        "site_description": f"{site.county}重点项目建设情况公开：每个项目的责任人、投资进度、红黄绿灯和问题台账，"
                            "每月的建设通报。",
        "site_url": site.base_url,
        "docs_dir": str(rendered.docs.resolve()),
        "theme": theme,
        "extra": {
            "banner_html": rendered.theme["banner"],
            "footer_html": rendered.theme["footer"],
            "feed_title": f"{site.county}重点项目建设通报",
        },
    }


def _walk_order(path: str) -> tuple:
    """Where MkDocs' own walk of a docs folder would put the file: folder by folder, `index.md` first.
    The pages keep the order (of the sitemap, the search index) they had when they were files."""
    parts = PurePosixPath(path)
    return parts.parent.parts, parts.stem not in ("index", "README"), parts.name


def pages_plugin(markdown: dict[str, bytes], raw_html: RawHTML, policy: bool = True):
    """A plugin that adds the rendered pages to the files MkDocs found in the docs folder (the assets).
    It takes them out of `markdown`: a province's Markdown is not kept twice. With `policy`, every page gets
    its security policy as it is written (`make serve` has none: its live-reload script is inline)."""
    from mkdocs.plugins import BasePlugin
    from mkdocs.structure.files import File, Files

    class RenderedPages(BasePlugin):
        def on_files(self, files: Files, config) -> Files:
            pages = [File.generated(config, path, content=markdown.pop(path))
                     for path in sorted(markdown, key=_walk_order)]
            return Files([*pages, *files])

        def on_page_markdown(self, source: str, page, **_) -> str:
            if page.file.abs_src_path is None:  # a page handed from memory: MkDocs holds its Markdown from here on
                page.file.content_bytes = b""
            return source

        def on_page_content(self, html: str, page, **_) -> str:
            if page.present_anchor_ids is not None:  # the ids MkDocs' raw HTML parser would have found
                page.present_anchor_ids |= raw_html.anchor_ids
            return html

        def on_post_page(self, output: str, **_) -> str:
            return secured(output) if policy else output  # the page's security policy, before it is written

        def on_post_template(self, output: str, *, template_name: str, **_) -> str:
            return secured(output) if policy and template_name.endswith(".html") else output

    return RenderedPages()


# The theme's bundle fetches two scripts from unpkg.com when it needs them: a ResizeObserver polyfill (on older
# Android WebViews, which many elderly readers' phones still have) and mermaid (for diagrams, which the site has
# none of). Nothing may come from elsewhere: both addresses are pointed at the site itself. The polyfill is
# vendored in site_templates/assets/vendor/; mermaid is not shipped. check-site fails on any other host in a
# script, so a theme upgrade that changes these strings is caught there.
_THEME_LOADERS = {
    '"https://unpkg.com/resize-observer-polyfill"':
        'new URL("assets/vendor/resize-observer-polyfill.js",__md_scope).href',
    '"https://unpkg.com/mermaid@11/dist/mermaid.min.js"':
        'new URL("assets/vendor/mermaid-not-included.js",__md_scope).href',
}


def localise_theme_loaders(site_dir: Path) -> None:
    """Point the theme bundle's script loaders at the site's own files (see `_THEME_LOADERS`)."""
    for bundle in sorted((site_dir / "assets" / "javascripts").glob("bundle.*.min.js")):
        text = original = bundle.read_text(encoding="utf-8")
        for remote, local in _THEME_LOADERS.items():
            text = text.replace(remote, local)
        if text != original:
            bundle.write_text(text, encoding="utf-8")


def run_mkdocs(model: SiteModel, rendered: Rendered, site_dir: Path, templates: Path = TEMPLATES) -> None:
    import jieba

    names = use_engine()
    from mkdocs.config import load_config

    jieba.setLogLevel(logging.WARNING)
    keep_names_whole(people(model.content))  # as the project pages' entries are segmented (search.py)
    with engine_failures(names):
        config = load_config(site_dir=str(site_dir.resolve()), **mkdocs_settings(model, rendered, templates))
        raw_html = RawHTML()
        config.markdown_extensions.append(raw_html)
        config.plugins["zdxm-pages"] = pages_plugin(rendered.markdown, raw_html)
        build_pages(config, worth_it=model.large, loggers=names).close()
        localise_theme_loaders(site_dir)
