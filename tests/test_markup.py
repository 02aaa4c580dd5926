"""The template layer escapes every record string for HTML and Markdown, without any filter in templates."""

from __future__ import annotations

import markdown
from markupsafe import Markup

from generator.site.markup import Trusted, escape_text, finalize, front_matter, link
from generator.site.render import environment

ENV = environment()  # the site's own: escaping is its job, not the templates'

MD = markdown.Markdown(extensions=["tables", "attr_list", "admonition", "toc"])


def rendered(template: str, **values: object) -> str:
    MD.reset()
    return MD.convert(ENV.from_string(template).render(**values))


def test_html_is_shown_as_text_in_markdown_and_in_raw_html():
    name = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    for template in ("{{ name }}", "<div>{{ name }}</div>", "| a |\n| - |\n| {{ name }} |", "- {{ name }}"):
        html = rendered(template, name=name)
        assert "<script" not in html and "<img" not in html
        assert "&lt;script&gt;" in html or "&#60;script&#62;" in html


def test_markdown_syntax_in_a_record_makes_no_element():
    text = "# 标题 **粗体** _斜体_ [链接](javascript:alert(1)) ![图](x.png) `代码` {: onclick=x } | 表格 |"
    html = rendered("{{ text }}", text=text)
    for element in ("<h1", "<strong", "<em", "<a ", "<img", "<code", "onclick=\"", "<table"):
        assert element not in html


def test_block_syntax_at_the_start_of_a_line_stays_text():
    for text in ("- 列表", "1. 编号", "> 引用", "=== ", "--- ", "    代码块", "!!! note", "第一行\n\n# 第二段标题"):
        html = rendered("{{ text }}", text=text)
        for element in ("<ul", "<ol", "<blockquote", "<h1", "<h2", "<hr", "<pre", "<div class=\"admonition"):
            assert element not in html, (text, html)


def test_newlines_become_line_breaks_not_paragraphs():
    assert str(escape_text("甲\n乙")) == "甲<br>乙"


def test_jinja_markup_from_filters_is_still_escaped_as_text():
    assert str(finalize(Markup("&lt;b&gt;"))) == "&#60;b&#62;"  # Markup is text to us, shown as <b>
    assert str(ENV.from_string("{{ items | join(', ') }}").render(items=["*a*", "<b>"])) == "&#42;a&#42;, &#60;b&#62;"
    assert "<i>" not in ENV.from_string("{{ x | safe }}").render(x="<i>甲</i>")
    assert "<b>" not in ENV.from_string("{{ x | e }}{{ x | forceescape }}").render(x="<b>")


def test_trusted_markup_passes_unchanged():
    assert ENV.from_string("{{ x }}").render(x=Trusted("<b>甲</b>")) == "<b>甲</b>"


def test_links_accept_our_pages_and_http_only():
    assert str(link("../projects/a/", "甲")) == '<a href="../projects/a/">甲</a>'
    assert str(link("https://example.org/a?b=1&c=2", "乙")) == '<a href="https://example.org/a?b=1&amp;c=2">乙</a>'
    assert str(link("javascript:alert(1)", "丙")) == "丙"
    assert str(link("data:text/html,x", "丁")) == "丁"


def test_front_matter_title_cannot_break_out():
    block = str(front_matter('甲"\n---\nsearch: {exclude: true}\n<b>'))
    assert block.count("\n---\n") == 1 and block.startswith("---\ntitle: ")
    assert "<b>" not in block
