"""The built sample site in a real browser: Debian's chromium driven by Playwright, axe-core from npm.

Pages are served over HTTP from a thread, because Material's search loads its index in a web worker.
Without chromium or axe-core the tests skip, unless REQUIRE_BROWSER=1 (CI), where they fail instead.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
from collections import Counter
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import jieba
import pytest

from generator import urls
from generator.site.build import build
from generator.site.pages.common import PAGE_SIZE

from ..conftest import FIXTURE, edit

AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
# Without the background-networking flags Chromium keeps dialling Google, which a closed network refuses.
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PHONE = {"width": 360, "height": 740}


def unavailable(reason: str) -> None:
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"REQUIRE_BROWSER=1，但{reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def axe() -> Path:
    if not AXE.is_file():
        unavailable("没有安装 axe-core：运行 npm ci --prefix tests/browser（make test 有 npm 时会自动安装）")
    return AXE


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM:
        unavailable("没有找到 chromium（Debian：apt-get install chromium），也可以用环境变量 CHROMIUM 指定")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def served(root: Path) -> Iterator[str]:
    """`root` served over HTTP on 127.0.0.1 from a thread; the address of its home page."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(root)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="module")
def server(sample_site: Path) -> Iterator[str]:
    with served(sample_site) as address:
        yield address


@pytest.fixture(scope="module")
def project_id(sample_site: Path, sample_model) -> str:
    """The project with the biggest page: the most rows in its tables."""
    return max(sample_model.content.projects,
               key=lambda pid: (sample_site / urls.project(pid) / "index.html").stat().st_size)


@pytest.fixture(scope="module")
def pages(project_id: str, sample_model) -> dict[str, str]:
    newest = sample_model.bulletins[-1]
    busiest_area = sample_model.now.projects["area"].value_counts().index[0]
    return {"首页": urls.home(), "项目一览": urls.projects(), "项目页": urls.project(project_id),
            "最新通报": urls.bulletin(newest.year, newest.number), "区域页（地图）": urls.facet("area", busiest_area),
            "有照片的项目页": urls.project("hengyuan-food")}


class Watched:
    """A page whose console errors and uncaught exceptions are collected."""

    def __init__(self, context, url: str):
        self.errors: list[str] = []
        self.page = context.new_page()
        self.page.on("console", lambda m: self.errors.append(f"console: {m.text}") if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        self.page.goto(url, wait_until="networkidle")  # late requests (search index, worker) are seen too


def fits_the_screen(page) -> bool:
    """No horizontal page scroll: wide tables scroll inside their own box."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def serious_violations(page, axe: Path) -> list[str]:
    # evaluated through the devtools protocol: a <script> tag of it would be refused by the page's security policy
    page.evaluate(axe.read_text(encoding="utf-8"))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(n["target"][0] for n in v["nodes"][:5])
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_phone_pages_fit_the_screen_without_errors_or_serious_axe_violations(browser, axe, server, pages, scheme):
    context = browser.new_context(viewport=PHONE, color_scheme=scheme, locale="zh-CN")
    problems = []
    for name, url in pages.items():
        watched = Watched(context, server + url)
        page = watched.page
        expected = "slate" if scheme == "dark" else "default"
        assert page.evaluate("document.body.dataset.mdColorScheme") == expected, (name, scheme)
        if not fits_the_screen(page):
            problems.append(f"{name} {url}: 页面比屏幕宽，出现横向滚动")
        problems += [f"{name} {url}: {v}" for v in serious_violations(page, axe)]
        problems += [f"{name} {url}: {e}" for e in watched.errors]
        page.close()
    context.close()
    assert not problems, "\n".join(problems)


def distinctive_word(name: str, names: list[str]) -> str:
    """The word of a project name (as jieba, which built the search index, cuts it) in the fewest other names."""
    words = [w for w in jieba.cut(name) if len(w) >= 2 and not w.isascii()]
    counts = Counter(w for w in words for other in names if w in other)
    return min(words, key=lambda w: counts[w])


def test_search_finds_a_project_by_a_chinese_word_of_its_name(browser, server, sample_model, project_id):
    names = [p.name for p in sample_model.content.projects.values()]
    word = distinctive_word(sample_model.content.projects[project_id].name, names)
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    watched = Watched(context, server + urls.projects())
    page = watched.page
    page.click("label[for='__search']")
    page.fill("input.md-search__input", word)  # what an input method commits at once
    page.keyboard.press("End")  # the theme reads the query on keyup, as after a real key press
    page.wait_for_selector(".md-search-result__item a")
    paths = [urlsplit(href).path for href in
             page.eval_on_selector_all(".md-search-result__item a", "links => links.map(a => a.href)")]
    assert "/" + urls.project(project_id) in paths, (word, paths)
    assert not watched.errors, watched.errors
    context.close()


def test_project_list_and_a_facet_page_work_without_javascript(browser, server, sample_model):
    projects = [sample_model.content.projects[pid] for pid in sample_model.now.projects.index]  # this year's list
    assert len(projects) <= PAGE_SIZE  # the sample's list is one page
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(server + urls.projects())
    assert page.locator(".filter-bar").count() == 0  # the filter script did not run
    assert fits_the_screen(page)
    assert table_links(page) == {"/" + urls.project(p.id) for p in projects}
    category = sorted(projects, key=lambda p: p.id)[0].category
    facet = "/" + urls.facet("category", category)
    with page.expect_navigation():
        page.click(f".facets a[href$='by-category/{category}/']")
    assert urlsplit(page.url).path == facet
    assert fits_the_screen(page)
    assert table_links(page) == {"/" + urls.project(p.id) for p in projects if p.category == category}
    context.close()


def test_a_tap_on_a_map_mark_opens_its_project_and_site_photos_load(browser, server, sample_model):
    context = browser.new_context(viewport=PHONE, color_scheme="light", device_scale_factor=2)
    page = context.new_page()
    page.goto(server + urls.facet("area", "yilu"))  # one project: its mark stands alone, with a full-size target
    mark = page.locator("svg.map a").first
    box = mark.bounding_box()
    assert box["width"] >= 40 and box["height"] >= 40  # 44 units across, drawn a little smaller at 360 px
    with page.expect_navigation():
        page.mouse.click(box["x"] + box["width"] - 3, box["y"] + box["height"] / 2)  # the edge of the target
    assert urlsplit(page.url).path == "/" + urls.project("yilu-village")
    page.goto(server + urls.project("hengyuan-food"))
    for image in page.locator(".photo img, .photo-latest img").all():
        image.scroll_into_view_if_needed()
        image.evaluate("img => img.decode()")
        assert image.evaluate("img => img.naturalWidth") > 0
        assert image.evaluate("img => img.currentSrc").endswith(".webp")  # the smaller format, where it is understood
    context.close()


def table_links(page) -> set[str]:
    assert page.locator("table").first.is_visible()
    hrefs = page.eval_on_selector_all("table a[href]", "links => links.map(a => a.href)")
    return {urlsplit(h).path for h in hrefs}


HOSTILE_NAME = '恶意项目<img src=x onerror="window.__attack=1">'
HOSTILE_DESCRIPTION = '<script>window.__attack=2</script><svg onload="window.__attack=3"></svg>'


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The fixture tree with a project whose name and description are attacks on the reader's browser."""
    base = tmp_path_factory.mktemp("hostile")
    shutil.copytree(FIXTURE, base / "content")
    edit(base / "content", "projects/alpha.yml", "name: 甲食品加工项目", f"name: '{HOSTILE_NAME}'")
    edit(base / "content", "projects/alpha.yml", "description: ", f"description: '{HOSTILE_DESCRIPTION}' # ")
    build(base / "content", base / "site", base / "docs")
    with served(base / "site") as address:
        yield address


def test_searching_shows_record_text_as_text_and_runs_none_of_it(browser, hostile_server):
    """Search results are inserted as HTML by the theme: the index must hold record text escaped."""
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    watched = Watched(context, hostile_server + urls.projects())
    page = watched.page
    page.click("label[for='__search']")
    page.fill("input.md-search__input", "恶意")
    page.keyboard.press("End")
    page.wait_for_selector(".md-search-result__item a")
    page.wait_for_timeout(300)  # an image's error handler would have fired by now
    shown = page.inner_text(".md-search-result")
    assert "<img src=x" in shown
    assert page.evaluate("window.__attack") is None
    assert page.locator(".md-search-result img, .md-search-result script, .md-search-result svg[onload]").count() == 0
    context.close()
