"""Issue 17 in a real browser: the built sample site at 360 and 1280 px, at 100 % and 200 % text, in light, dark
and 大字 modes — no sideways page scroll, no serious or critical axe-core finding, text and tap targets large
enough — and search that answers a phone's input method, a paste from the menu and voice input.

200 % text is the reader's own browser setting, Chromium's default font size (Settings › Appearance › Font size),
set through the DevTools protocol (`Page.setFontSizes`, 16 → 32 px) before the page loads: every size the site
gives in rem doubles with it, and one given in px does not, which is what a reader who set it would see. CSS
zoom or a device scale factor would enlarge px sizes too, and hide exactly the failures looked for.
大字模式 is switched on as a returning reader has it: remembered in the browser's storage, read by large.js.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from generator import urls

from .test_browser import PHONE, Watched, axe, browser, fits_the_screen, serious_violations, server  # noqa: F401

DESKTOP = {"width": 1280, "height": 800}
WIDTHS = {"360": PHONE, "1280": DESKTOP}
MODES = ["light", "dark", "large"]
TEXT = {"100%": 16, "200%": 32}


def open_page(browser, server: str, url: str, width: str, text: str, mode: str, **options):  # noqa: F811
    context = browser.new_context(viewport=WIDTHS[width], color_scheme="dark" if mode == "dark" else "light",
                                  locale="zh-CN", **options)
    if mode == "large":
        context.add_init_script("window.localStorage.setItem('zdxm.large', '1')")
    page = context.new_page()
    if TEXT[text] != 16:
        session = context.new_cdp_session(page)
        session.send("Page.setFontSizes", {"fontSizes": {"standard": TEXT[text], "fixed": TEXT[text] * 13 // 16}})
    watched = Watched.__new__(Watched)
    watched.errors, watched.page = [], page
    page.on("console", lambda m: watched.errors.append(f"console: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: watched.errors.append(f"pageerror: {e}"))
    page.goto(server + url, wait_until="networkidle")
    return context, watched


@pytest.fixture(scope="module")
def checked_pages(sample_model) -> dict[str, str]:
    """A page of each kind a resident reads: the home page, the list, a late project, the newest bulletin."""
    now = sample_model.now.projects
    late = max(sorted(now.index), key=lambda project: now.loc[project, "days_late"])
    newest = sample_model.bulletins[-1]
    return {"首页": urls.home(), "项目一览": urls.projects(), "项目页": urls.project(late),
            "通报": urls.bulletin(newest.year, newest.number)}


SMALL_TEXT = """(minimum) => {
  const small = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, element = node.parentElement;
    if (!node.textContent.trim() || !element || element.closest("svg, .md-search, script, style")) continue;
    const box = element.getBoundingClientRect(), style = getComputedStyle(element);
    if (!box.width || !box.height || style.visibility === "hidden" || element.closest("[hidden]")) continue;
    const size = parseFloat(style.fontSize);
    // the header keeps room for its buttons: its text grows with the setting up to 24 px (MIIT's 18 pt) at least
    const least = element.closest(".md-header") ? Math.min(minimum, 24) : minimum;
    if (size < least - 0.01) small.push(`${element.tagName.toLowerCase()}.${element.className} ${size}px “${node.textContent.trim().slice(0, 20)}”`);
  }
  return [...new Set(small)].slice(0, 10);
}"""

SMALL_TARGETS = """(minimum) => {
  const small = [];
  for (const el of document.querySelectorAll("a[href], button, select, input:not([type=hidden]), summary, label[for]")) {
    const box = el.getBoundingClientRect(), style = getComputedStyle(el);
    if (!box.width || !box.height || style.visibility === "hidden" || style.opacity === "0") continue;
    if (box.right <= 0 || box.left >= innerWidth || el.closest(".md-search, [hidden], .md-sidebar")) continue;
    if (el.matches(".md-option, .md-toggle")) continue;  // the theme's visually hidden radios and checkboxes
    // a map's marks: WCAG 2.5.8's equivalent exception, each is also a link in the map's text list on the page
    if (el.closest("svg.map")) continue;
    // WCAG 2.5.8's inline exception: a link inside a sentence keeps the sentence's line height
    const block = el.parentElement && el.parentElement.closest("p, li, td, th, dd, figcaption, small, span");
    if (style.display === "inline" && block && block.textContent.trim().length > el.textContent.trim().length) continue;
    if (box.width < minimum - 0.5 || box.height < minimum - 0.5)
      small.push(`${el.tagName.toLowerCase()}.${el.getAttribute("class") || ""} ${Math.round(box.width)}×${Math.round(box.height)} “${(el.textContent || el.getAttribute("aria-label") || "").trim().slice(0, 16)}”`);
  }
  return small.slice(0, 10);
}"""


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("text", list(TEXT))
@pytest.mark.parametrize("width", list(WIDTHS))
def test_pages_fit_read_and_pass_axe(browser, axe, server, checked_pages, width, text, mode):  # noqa: F811
    problems = []
    for name, url in checked_pages.items():
        context, watched = open_page(browser, server, url, width, text, mode)
        page = watched.page
        where = f"{name} {url}（{width} px，文字 {text}，{mode}）"
        assert page.evaluate("document.documentElement.hasAttribute('data-large')") == (mode == "large"), where
        if not fits_the_screen(page):
            problems.append(f"{where}：页面比屏幕宽，出现横向滚动")
        problems += [f"{where}：{v}" for v in serious_violations(page, axe)]
        # body and table text at least 16 px, scaled with the reader's setting (and half as large again in 大字模式)
        minimum = 16 * TEXT[text] / 16 * (1.5 if mode == "large" else 1)
        problems += [f"{where}：字太小 {s}" for s in page.evaluate(SMALL_TEXT, minimum)]
        problems += [f"{where}：点按区域太小 {s}" for s in page.evaluate(SMALL_TARGETS, 44)]
        problems += [f"{where}：{e}" for e in watched.errors]
        if width == "360":  # the site's name keeps a readable width, and a header kept on screen stays small
            header = page.evaluate(HEADER)
            if header["lines"] > 3:
                problems.append(f"{where}：页头的网站名称被挤成 {header['lines']} 行的窄条")
            if header["sticky"] and header["height"] > PHONE["height"] / 4:
                problems.append(f"{where}：页头固定在屏幕上，占了 {header['height']:.0f} px 高")
        context.close()
    assert not problems, "\n".join(problems)


HEADER = """() => {
  const header = document.querySelector(".md-header"), title = header.querySelector(".md-header__title");
  const name = title.querySelector(".md-header__topic .md-ellipsis") || title;
  const lines = Math.round(name.getBoundingClientRect().height / parseFloat(getComputedStyle(name).lineHeight));
  return {lines: lines, height: header.getBoundingClientRect().height,
          sticky: getComputedStyle(header).position === "sticky"};
}"""


def test_the_large_text_switch_works_with_and_without_javascript_and_is_remembered(browser, server):  # noqa: F811
    context, watched = open_page(browser, server, urls.projects(), "360", "100%", "light")
    page = watched.page
    normal = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.md-content__inner')).fontSize)")
    switch = page.locator(".large-switch .large-on")
    assert switch.get_attribute("aria-pressed") == "false"
    switch.click()
    assert switch.get_attribute("aria-pressed") == "true"
    large = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.md-content__inner')).fontSize)")
    assert large >= 24 and large >= normal * 1.5  # 18 pt: MIIT's size for the main text of an elderly-friendly page
    page.goto(server + urls.home(), wait_until="networkidle")  # another page: remembered
    assert page.evaluate("document.documentElement.hasAttribute('data-large')")
    page.locator(".large-switch .large-on").click()
    assert not page.evaluate("document.documentElement.hasAttribute('data-large')")
    context.close()
    # without JavaScript: the link "#dazi" enlarges the page in hand, and "标准字" turns it back
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(server + urls.projects())
    size = "parseFloat(getComputedStyle(document.querySelector('.md-content__inner')).fontSize)"
    assert page.evaluate(size) == normal
    page.click(".large-switch .large-on")
    assert urlsplit(page.url).fragment == "dazi" and page.evaluate(size) >= 24
    assert fits_the_screen(page)
    page.click(".large-switch .large-off")
    assert page.evaluate(size) == normal
    context.close()


def test_a_phone_list_shows_each_projects_lateness_on_its_card(browser, server, sample_model):  # noqa: F811
    context, watched = open_page(browser, server, urls.projects(), "360", "100%", "light")
    page = watched.page
    first = page.locator("table.projects tbody tr").first
    card = first.inner_text()
    box = first.bounding_box()
    assert box["width"] <= PHONE["width"]  # a card, not a row to swipe along
    now = sample_model.now.projects
    ordered = now.sort_values(["gap"]).query("light == 'red'")
    top = ordered.iloc[0]
    assert top["name"] in card and "红灯" in card and f"{top['rate'] * 100:.1f}%" in card and top["unit_name"] in card
    labels = first.locator("td").evaluate_all("cells => cells.map(c => getComputedStyle(c, '::before').content)")
    assert labels[1:5] == ['"完成率 "', '"序时差 "', '"责任单位："', '"区域："']  # the words beside each figure
    late = now[now["days_late"] > 0]
    if len(late):  # the sample has projects past their planned completion: their cards say so
        row = late.iloc[0]
        text = page.locator("table.projects tbody tr", has_text=row["name"]).first.inner_text()
        assert f"逾期未竣工 {row['days_late']} 天" in text
    context.close()
    # from tablet width up, a table: name, light and rate in its first columns, within 1280 px
    context, watched = open_page(browser, server, urls.projects(), "1280", "100%", "light")
    page = watched.page
    headers = page.locator("table.projects thead th").all_inner_texts()
    assert [h.strip() for h in headers[:4]] == ["项目名称", "灯", "完成率", "序时差"]
    rate = page.locator("table.projects thead th").nth(2).bounding_box()
    assert rate["x"] + rate["width"] <= DESKTOP["width"]
    assert fits_the_screen(page)
    context.close()


def person_with_most_projects(model) -> tuple[str, set[str]]:
    projects: dict[str, set[str]] = {}
    content = model.content
    for project in content.projects.values():
        people = {content.leaders[project.leader].name, project.responsible.person, project.builder.person,
                  project.inspector.name, *(p.person for p in project.cooperating)}
        for person in people:
            projects.setdefault(person, set()).add("/" + urls.project(project.id))
    person = max(sorted(projects), key=lambda name: len(projects[name]))
    return person, projects[person]


def search_results(page) -> list[str]:
    page.wait_for_selector(".md-search-result__item a")
    hrefs = page.eval_on_selector_all(".md-search-result__item > a", "links => links.map(a => a.href)")
    return [urlsplit(href).path for href in hrefs]


@pytest.fixture
def search_page(browser, server):  # noqa: F811
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    page.goto(server + urls.projects(), wait_until="networkidle")
    page.click("label[for='__search']")
    page.wait_for_timeout(300)  # the index loads in its worker
    yield page
    context.close()


def test_an_input_method_commits_a_name_and_its_projects_come_first(search_page, sample_model):
    """The real path of a Chinese input method in Chromium: composition events while pinyin is typed (nothing
    is searched for it), then the characters committed, with no key released."""
    person, theirs = person_with_most_projects(sample_model)
    page = search_page
    session = page.context.new_cdp_session(page)
    session.send("Input.imeSetComposition", {"text": "hu xiu", "selectionStart": 6, "selectionEnd": 6})
    page.wait_for_timeout(400)
    assert page.locator(".md-search-result__item").count() == 0  # pinyin being composed is not a query
    session.send("Input.insertText", {"text": person})  # the candidate chosen: compositionend, then input
    found = search_results(page)
    assert set(found[:len(theirs)]) == theirs, (person, found)


def test_a_paste_from_the_menu_and_voice_input_search_too(search_page, sample_model):
    person, theirs = person_with_most_projects(sample_model)
    page = search_page
    # a paste from the long-press menu: the field changes with an "insertFromPaste" input event, no key at all
    page.evaluate("""(text) => {
        const field = document.querySelector('input.md-search__input');
        field.value = text;
        field.dispatchEvent(new InputEvent('input', {inputType: 'insertFromPaste', data: text, bubbles: true}));
    }""", person)
    assert set(search_results(page)[:len(theirs)]) == theirs
    # voice input (and a keyboard's suggestion) inserts text as one edit, again without a key
    page.fill("input.md-search__input", "")
    page.keyboard.insert_text(sample_model.content.units["jyj"].name if "jyj" in sample_model.content.units
                              else person)
    assert search_results(page)


def test_search_snippets_are_sentences_not_table_cells(search_page, sample_model):
    page = search_page
    page.keyboard.insert_text("逾期")
    search_results(page)
    snippets = " ".join(page.locator(".md-search-result__article").all_inner_texts())
    assert not re.search(r"\d{4}-\d{2}-\d{2}\d{4}-\d{2}-\d{2}", snippets), snippets  # dates run together
