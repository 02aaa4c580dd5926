"""Checks on the built site, run after every build: `python -m generator check-site [DIR]`.

- nothing (script, style, font, image …) is loaded from another host, and no script names another host to load;
- what runs in a reader's browser is only ours: scripts from the site's own files, and inline scripts only the
  theme's own (`policy.THEME_INLINE_SCRIPTS`), each page with the Content-Security-Policy that allows exactly
  those; no inline event handler, no `javascript:` address, no `<base>`, no frame, plugin or `srcdoc`, no
  refresh to another host;
- every internal link and anchor resolves;
- every project page stays under its size budget.

The HTML is MkDocs' own well-formed output, so a tag-and-attribute scan is enough and keeps the
check fast on a province's thousands of pages.
"""

from __future__ import annotations

import functools
import html
import json
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..parallel import shared_out
from . import policy

PROJECT_PAGE_BUDGET = 60 * 1024
_PIECE = 100  # pages checked at a time by each process
_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)(\s[^<>]*?)?/?>", re.S)
_ATTRIBUTE = re.compile(r"""([^\s=/"'<>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""")
_ID = re.compile(r"""\s(?:id|name)\s*=\s*["']([^"']+)["']""")
# attributes that make the browser fetch something, by tag
_LOADING = {
    "script": ("src",), "img": ("src", "srcset"), "source": ("src", "srcset"), "iframe": ("src",),
    "frame": ("src",), "embed": ("src",), "object": ("data",), "video": ("src", "poster"), "audio": ("src",),
    "track": ("src",), "input": ("src",), "image": ("href", "xlink:href"), "use": ("href", "xlink:href"),
}
_LOADING_LINK_RELS = {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest", "apple-touch-icon"}
_NAVIGATING = ("href", "action", "formaction", "src", "data", "xlink:href")
_NEVER = {  # tags the site never makes: each could put another page, plugin or base address into ours
    "base": "改变了页面所有相对链接的指向", "iframe": "嵌入了另一个页面", "frame": "嵌入了另一个页面",
    "frameset": "嵌入了另一个页面", "object": "嵌入了插件或另一个页面", "embed": "嵌入了插件或另一个页面",
    "applet": "嵌入了插件", "portal": "嵌入了另一个页面",
}
_REFRESH_URL = re.compile(r"^\s*\d*\s*[;,]?\s*(?:url\s*=\s*)?['\"]?([^'\"]*)", re.I)
# an address in a script, right after its opening quote: what the script would fetch (not its comments)
_SCRIPT_HOST = re.compile(r"""["'`]((?:https?:)?//[A-Za-z0-9.-]+\.[A-Za-z]{2,}[^"'`\s]*)""")
_CANONICAL = re.compile(r'<link\s+rel="canonical"\s+href="([^"]*)"')
# the theme's bundle fetches GitHub's API only for the header's repository box, which the site never shows
_GITHUB_API = "https://api.github.com/"
_SOURCE_BOX = 'data-md-component="source"'


def _attributes(text: str | None) -> dict[str, str]:
    found: dict[str, str] = {}
    for match in _ATTRIBUTE.finditer(text or ""):
        value = next((v for v in match.groups()[1:] if v is not None), "")
        found[match.group(1).lower()] = html.unescape(value)
    return found


def _path_of(url: str) -> str:
    """The path of an internal address (no scheme, no host): what `urlsplit` would give, without its cost
    (a province's site has a quarter of a million links)."""
    return url.partition("#")[0].partition("?")[0]


def _is_external(url: str) -> bool:
    url = url.strip()
    return url.startswith("//") or (bool(re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", url)) and not url.startswith(
        ("data:", "#", "mailto:", "tel:")))


class _Site:
    def __init__(self, root: Path, base_path: str) -> None:
        self.root = root
        self.base_path = "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"
        self.ids: dict[Path, set[str]] = {}
        self.source_box = False  # a page shows the theme's repository box, which fetches from GitHub

    def ids_of(self, path: Path) -> set[str]:
        if path not in self.ids:
            text = path.read_text(encoding="utf-8", errors="replace")
            self.ids[path] = {html.unescape(value) for value in _ID.findall(text)}
        return self.ids[path]

    def target(self, page: Path, url: str, folder: str | None = None) -> Path | None:
        """The file an internal link points at, or None when there is none. `folder`: the page's folder in
        the site, where the caller knows it."""
        path = unquote(_path_of(url))
        if not path:
            return page
        if path.startswith("/"):  # root-relative, as in 404.html: the site lives at base_path
            if not path.startswith(self.base_path):
                return None
            path, base = path[len(self.base_path):] or ".", ""
        else:
            base = posixpath.dirname(page.relative_to(self.root).as_posix()) if folder is None else folder
        joined = posixpath.normpath(posixpath.join(base, path))
        if joined.startswith(".."):
            return None
        return self._existing(joined, path.endswith("/"))

    @functools.cache  # noqa: B019 (one _Site per check; every page links the same few hundred files)
    def _existing(self, joined: str, folder: bool) -> Path | None:
        candidate = self.root / joined
        if folder or candidate.is_dir():
            candidate = candidate / "index.html"
        return candidate if candidate.is_file() else None


@functools.lru_cache(maxsize=200_000)
def _analyse(tag: str, attribute_text: str) -> tuple[tuple[str, ...], tuple[str, ...], str | None]:
    """What one tag does, whatever page it is on: its problems, the local files it loads, the page it links.

    The theme repeats the same header, navigation and icons on every page, so this is memoised per tag."""
    attributes = _attributes(attribute_text)
    problems: list[str] = [f"<{tag}> {_NEVER[tag]}（网站从不使用它）"] if tag in _NEVER else []
    for name, value in attributes.items():
        if name == "srcdoc" and tag not in _NEVER:
            problems.append(f"<{tag}> 带有 srcdoc 属性，嵌入了一段另外的网页")
        if name.startswith("on"):
            problems.append(f"<{tag}> 带有内联事件处理属性 {name}")
        if name in _NAVIGATING and value.strip().lower().startswith(("javascript:", "vbscript:")):
            problems.append(f"<{tag} {name}> 使用了 javascript: 地址")
        if name == "style":
            _check_css(value, f"<{tag} style>", problems)
    names = list(_LOADING.get(tag, ()))
    if tag == "link" and _LOADING_LINK_RELS & set(attributes.get("rel", "").lower().split()):
        names.append("href")
    local = []
    for name in names:
        for url in _urls(attributes.get(name, ""), srcset=name == "srcset"):
            if _is_external(url):
                problems.append(f"<{tag}> 从外部加载 {url}")
            elif url and not url.startswith(("data:", "#")):
                local.append(url)
    target = attributes.get("href") if tag == "a" else None
    if tag == "meta" and attributes.get("http-equiv", "").strip().lower() == "refresh":
        match = _REFRESH_URL.match(attributes.get("content", ""))
        target = match.group(1).strip() if match and match.group(1).strip() else None
        if target and (_is_external(target) or target.lower().startswith(("javascript:", "data:"))):
            problems.append(f"<meta refresh> 把读者转到别处：{target}")
            target = None
    return tuple(problems), tuple(local), target


def _check_scripts(shown: str, text: str, problems: list[str]) -> None:
    """Inline scripts: the theme's own only, each allowed by the page's policy, and nothing else allowed."""
    allowed = []
    for attributes, body in policy.inline_scripts(text):
        if policy.is_data_block(attributes):
            try:
                json.loads(body)
            except ValueError:
                problems.append(f"{shown}：<script type=\"application/json\"> 里不是数据（无效的 JSON）")
        elif policy.is_theme_script(body):
            allowed.append(policy.source_hash(body))
        else:
            problems.append(f"{shown}：内联脚本不是主题自带的：{' '.join(body.split())[:60]}")
    found = policy.page_policy(text)
    if found is None:
        problems.append(f"{shown}：没有内容安全策略（Content-Security-Policy）")
    elif found != policy.policy(list(dict.fromkeys(allowed))):
        problems.append(f"{shown}：内容安全策略与页面上主题自带的脚本不符：{found}")


def check_page(site: _Site, page: Path, problems: list[str]) -> None:
    shown = page.relative_to(site.root).as_posix()
    folder = posixpath.dirname(shown)
    text = page.read_text(encoding="utf-8", errors="replace")
    _check_scripts(shown, text, problems)
    if _SOURCE_BOX in text:
        site.source_box = True
    for match in _TAG.finditer(text):
        tag = match.group(1).lower()
        found, local, href = _analyse(tag, match.group(2) or "")
        problems.extend(f"{shown}：{problem}" for problem in found)
        for url in local:
            if site.target(page, url, folder) is None:
                problems.append(f"{shown}：<{tag}> 引用的文件不存在：{url}")
        if href is not None:
            _check_link(site, page, shown, href, problems, folder)
    for style in re.findall(r"<style[^>]*>(.*?)</style>", text, re.S):
        _check_css(style, f"{shown}：<style>", problems)


def _urls(value: str, srcset: bool) -> list[str]:
    if not srcset:
        return [value.strip()] if value.strip() else []
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]


def _check_link(site: _Site, page: Path, shown: str, href: str, problems: list[str], folder: str) -> None:
    href = href.strip()
    if not href or _is_external(href) or href.startswith(("mailto:", "tel:")):
        return
    target = site.target(page, href, folder)
    if target is None:
        problems.append(f"{shown}：链接指向不存在的页面 {href}")
        return
    fragment = unquote(href.partition("#")[2])
    if fragment and target.suffix == ".html" and fragment not in site.ids_of(target):
        problems.append(f"{shown}：链接的锚点不存在 {href}")


def _check_css(css: str, where: str, problems: list[str]) -> None:
    for match in _CSS_URL.finditer(css):
        url = match.group(1) or match.group(2)
        if url and _is_external(url):
            problems.append(f"{where} 从外部加载 {url}")


def _check_javascript(site: _Site, problems: list[str]) -> None:
    """Every script file, for addresses of other hosts it would fetch."""
    for script in sorted(site.root.rglob("*.js")):
        shown = script.relative_to(site.root).as_posix()
        for url in dict.fromkeys(_SCRIPT_HOST.findall(script.read_text(encoding="utf-8", errors="replace"))):
            if url.startswith(_GITHUB_API) and not site.source_box:
                continue  # only the repository box fetches it, and no page has one
            problems.append(f"{shown}：脚本会从外部加载 {url}")


def served_at(root: Path) -> str:
    """The path the built site is served under, from its home page's canonical address (`base_url`): a
    project site on GitHub Pages lives at `/<repository>/`, and 404.html links there from any address."""
    home = (root / "index.html").read_text(encoding="utf-8", errors="replace")
    found = _CANONICAL.search(home)
    return urlsplit(html.unescape(found.group(1))).path or "/" if found else "/"


def check_built_site(root: Path, base_path: str = "/", budget: int = PROJECT_PAGE_BUDGET,
                     worth_it: bool | None = None) -> list[str]:
    """Every problem found in the site at `root` (served at `base_path`), or an empty list. A province's
    pages are checked on every core (`worth_it`; by default, for many pages)."""
    site = _Site(root, base_path)

    def check_pages(pages: list[Path]) -> tuple[list[str], bool]:
        found: list[str] = []
        for page in pages:
            check_page(site, page, found)
        return found, site.source_box

    pages = sorted(root.rglob("*.html"))
    problems: list[str] = []
    for _, (found, source_box) in sorted(shared_out(check_pages, pages, piece=_PIECE, worth_it=worth_it),
                                         key=lambda done: done[0]):
        problems += found
        site.source_box = site.source_box or source_box
    _check_javascript(site, problems)
    for stylesheet in sorted(root.rglob("*.css")):
        _check_css(stylesheet.read_text(encoding="utf-8", errors="replace"),
                   stylesheet.relative_to(root).as_posix(), problems)
    projects = root / "projects"
    for page in sorted(projects.glob("*/index.html")) if projects.is_dir() else []:
        size = page.stat().st_size
        if size > budget and not page.parent.name.startswith(("by-", "page-")):
            shown = page.relative_to(root).as_posix()
            problems.append(f"{shown}：项目页 {size / 1024:.1f} KB，超过 {budget // 1024} KB 的上限")
    return problems
