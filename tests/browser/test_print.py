"""Printing from the web page, as a reader's browser does it: Debian's chromium prints the built sample site to
PDF (A4, the page's own print styles), and pypdf reads the pages back."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from generator import urls

from ..test_documents_pdf import lines
from .test_browser import PHONE, Watched, browser, server  # noqa: F401 (fixtures)

MARGINS = 110  # points of an A4 page (842 pt) outside the printed text: @page margins and the number


def printed(context, url: str) -> PdfReader:
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    data = page.pdf(prefer_css_page_size=True, print_background=True)
    page.close()
    return PdfReader(io.BytesIO(data))


def filled(page) -> float:
    """How much of the page's height its text spans, from the first line to the last above the number."""
    heights = []

    def visit(text, cm, tm, font, size) -> None:
        if text.strip() and not text.strip().startswith("—"):
            heights.append(tm[4] * cm[1] + tm[5] * cm[3] + cm[5])

    page.extract_text(visitor_text=visit)
    inside = [y for y in heights if 40 < y < float(page.mediabox.height) - 40]
    return (max(inside) - min(inside)) / (float(page.mediabox.height) - MARGINS)


@pytest.fixture(scope="module")
def newest_bulletin(sample_model):
    newest = sample_model.bulletins[-1]
    return urls.bulletin(newest.year, newest.number), newest


def test_a_bulletin_prints_numbered_without_half_empty_pages(browser, server, newest_bulletin):  # noqa: F811
    url, bulletin = newest_bulletin
    context = browser.new_context(locale="zh-CN")
    pdf = printed(context, server + url)
    context.close()
    pages = [lines(page) for page in pdf.pages]
    assert 2 <= len(pages) <= 9  # ten pages before the print styles were mended
    for number, page in enumerate(pdf.pages, start=1):
        text = lines(page)
        assert text[0].startswith("示例数据")  # the notice heads every page
        assert text[-1] == f"—{number}—"  # and the number is at its foot
        if number < len(pdf.pages):
            assert filled(page) > 0.6, f"第 {number} 页只排了 {filled(page):.0%}"
    first = " ".join(pages[0])
    assert first.count("重点项目建设通报") == 1  # the masthead, not a grey page title above it as well
    assert bulletin.title in first
    assert "下载 Word 文档" not in " ".join(" ".join(page) for page in pages)  # the screen's links stay off paper


def test_the_print_button_needs_javascript_and_prints(browser, server, newest_bulletin):  # noqa: F811
    url, _ = newest_bulletin
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    watched = Watched(context, server + url)
    page = watched.page
    page.evaluate("() => { window.print = () => { window.__printed = (window.__printed || 0) + 1; }; }")
    page.click("button.print-button")
    assert page.evaluate("window.__printed") == 1
    assert not watched.errors
    context.close()
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(server + url)
    assert not page.locator("button.print-button").is_visible()  # nothing that would do nothing
    assert page.locator("a[href$='.docx']").is_visible()
    context.close()


def test_the_signboard_card_fills_one_a4_page(browser, server, sample_model):  # noqa: F811
    # the project with the most people on its signboard: the card most likely to run over
    project = max(sample_model.content.projects.values(), key=lambda p: len(p.cooperating))
    context = browser.new_context(locale="zh-CN")
    pdf = printed(context, server + urls.card(project.id))
    context.close()
    assert len(pdf.pages) == 1
    page = pdf.pages[0]
    assert float(page.mediabox.width) == pytest.approx(595.3, abs=1)  # A4
    assert filled(page) > 0.8
