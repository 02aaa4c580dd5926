"""Stage 4, render: the pages as an ordinary Markdown tree, through Jinja2 templates that escape by default.

The tree is what MkDocs builds; keeping generation here, outside MkDocs' plugin system, keeps a move to
another engine cheap. Files are rewritten only when their text changed, so `make serve` sees real changes.
"""

from __future__ import annotations

import html
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context

from . import fmt, urls
from .figures import LIGHT_NAMES
from .markup import Trusted, finalize, front_matter, link
from .model import SiteModel
from .pages import Page, all_pages, extra_files

TEMPLATES = Path(__file__).resolve().parent.parent / "site_templates"


@pass_context
def _link(context, url: str, text: object, **attributes: str) -> Trusted:
    return link(urls.relative(context["page_url"], url), text, **attributes)


@pass_context
def _href(context, url: str) -> Trusted:
    """A relative address for an attribute; our URLs are built from slugs."""
    return Trusted(html.escape(urls.relative(context["page_url"], url)))


def _light(code: str) -> Trusted:
    return Trusted(f'<span class="light light-{code}">{LIGHT_NAMES[code]}</span>')


def environment(templates: Path = TEMPLATES) -> Environment:
    env = Environment(
        loader=FileSystemLoader([templates / "pages", templates / "partials"]),
        autoescape=True,
        finalize=finalize,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(link=_link, href=_href, light=_light, urls=urls)
    env.filters.update(wan=fmt.wan, money=fmt.money, pct=fmt.pct, points=fmt.points, cn_date=fmt.cn_date,
                       cn_month=fmt.cn_month, iso=fmt.iso)
    return env


@dataclass
class Rendered:
    docs: Path
    pages: int
    theme: dict = field(default_factory=dict)  # HTML fragments for the theme (banner, footer)


class _Tree:
    """Writes files under `root`, leaving unchanged ones alone, and removes what was not written."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.written: set[Path] = set()

    def write(self, relative: str, data: bytes) -> None:
        path = self.root / relative
        self.written.add(path)
        if path.is_file() and path.read_bytes() == data:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    def prune(self) -> None:
        for path in sorted(self.root.rglob("*"), reverse=True):
            if path.is_file() and path not in self.written:
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()


def render_page(env: Environment, model: SiteModel, page: Page) -> str:
    template = env.get_template(page.template)
    body = template.render(page.context, page_url=page.url, site=model.site, title=page.title)
    return body if page.standalone else str(front_matter(page.title, **page.meta)) + body


def theme_fragments(env: Environment, model: SiteModel) -> dict:
    context = {"site": model.site, "page_url": "", "month": fmt.cn_month(model.month)}
    return {name: str(env.get_template(f"{name}.html.j2").render(context)).strip() for name in ("banner", "footer")}


def render(model: SiteModel, docs: Path, templates: Path = TEMPLATES) -> Rendered:
    """Write the whole Markdown tree for `model` into `docs`."""
    env = environment(templates)
    tree = _Tree(docs)
    pages = all_pages(model)
    for page in pages:
        tree.write(page.file, render_page(env, model, page).encode("utf-8"))
    for relative, data in extra_files(model).items():
        tree.write(relative, data)
    for asset in sorted((templates / "assets").rglob("*")):
        if asset.is_file():
            tree.write(f"assets/{asset.relative_to(templates / 'assets').as_posix()}", asset.read_bytes())
    tree.prune()
    return Rendered(docs, len(pages), theme_fragments(env, model))


def clean(docs: Path) -> None:
    shutil.rmtree(docs, ignore_errors=True)
