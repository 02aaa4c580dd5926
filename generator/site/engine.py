"""The engine: MkDocs with mkdocs-material, driven in-process on the pages the render stage made.

Everything MkDocs-specific is here: the configuration the generator adds to mkdocs.yml (site name and
address from site.yml, the theme fragments), handing it the pages from memory, quieting its log, and its
failures told in Chinese. A move to another engine would replace this module and the theme overrides,
not the generator.
"""

from __future__ import annotations

import logging
from pathlib import Path, PurePosixPath

import yaml
from jinja2 import TemplateError

from ..figures.model import SiteModel
from .render import TEMPLATES, Rendered
from .search import keep_names_whole, people

ROOT = Path(__file__).resolve().parents[2]
MKDOCS_CONFIG = ROOT / "mkdocs.yml"


class BuildFailed(Exception):
    """The site could not be built; the message says why, in Chinese."""


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


def _pages_plugin(markdown: dict[str, bytes]):
    """A plugin that adds the rendered pages to the files MkDocs found in the docs folder (the assets).
    It takes them out of `markdown`: a province's Markdown is not kept twice."""
    from mkdocs.plugins import BasePlugin
    from mkdocs.structure.files import File, Files

    class RenderedPages(BasePlugin):
        def on_files(self, files: Files, config) -> Files:
            pages = [File.generated(config, path, content=markdown.pop(path))
                     for path in sorted(markdown, key=_walk_order)]
            return Files([*pages, *files])

        def on_page_markdown(self, source: str, page, **_) -> str:
            page.file.content_bytes = b""  # MkDocs holds the page's Markdown from here on
            return source

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
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    jieba.setLogLevel(logging.WARNING)
    keep_names_whole(people(model.content))  # as the project pages' entries are segmented (search.py)
    logger = logging.getLogger("mkdocs")
    handler = _MkDocsLog()
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    try:
        config = load_config(site_dir=str(site_dir.resolve()), **mkdocs_settings(model, rendered, templates))
        config.plugins["zdxm-pages"] = _pages_plugin(rendered.markdown)
        mkdocs_build(config)
        localise_theme_loaders(site_dir)
    except TemplateError as error:
        raise BuildFailed(f"MkDocs 生成网页失败，主题模板有误：\n  - {template_problem(error)}") from error
    except (MkDocsException, SystemExit, OSError) as error:
        details = "\n".join(f"  - {message}" for message in handler.messages) or f"  - {error}"
        raise BuildFailed(f"MkDocs 生成网页失败：\n{details}") from error
    finally:
        logger.removeHandler(handler)
