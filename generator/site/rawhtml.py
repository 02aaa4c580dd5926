"""Python-Markdown's raw HTML blocks, set aside without the two HTML parsers that look for them.

Page bodies are raw HTML blocks under Markdown headings (`render.py`). Python-Markdown finds each block by
running its HTML parser over the whole page, MkDocs runs a second one over it for anchor ids, and both are
Python loops over every tag: two thirds of the time MkDocs spent on a page. The blocks our templates write
are regular, one element from the start of a line to the end of a line, so one pass with a regular
expression finds them: each is stashed exactly as Python-Markdown's `HTMLExtractor` would stash it (the
same text, the same blank lines around its placeholder, in the same order), and what is left, headings
and placeholders, goes through Python-Markdown as before. A page with anything less regular (a comment, a
script, an element that ends mid-line, a `<` outside an element, a character reference without its
semicolon) is left whole to Python-Markdown, so a page's HTML never depends on which way it went;
`tests/test_rawhtml.py` converts every page of the sample both ways.
"""

from __future__ import annotations

import html
import re
from html import parser as htmlparser

from markdown.extensions import Extension
from markdown.htmlparser import blank_line_re
from markdown.preprocessors import Preprocessor

_NAME = r"[a-zA-Z][-.a-zA-Z0-9:_]*"
_ATTRIBUTE = r"""\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?"""
_TAG = re.compile(rf"<(?:/({_NAME})\s*|({_NAME})((?:{_ATTRIBUTE})*)\s*(/?))>")
_REFERENCE = re.compile(r"&(?:#[0-9]+;|#[xX][0-9a-fA-F]+;|[a-zA-Z][a-zA-Z0-9]*;)")
_BLANK_LINE = re.compile(blank_line_re.pattern.removeprefix("^"))  # Python-Markdown's, matched at a position
_ID = re.compile(r"""\sid\s*=\s*(?:"([^"]*)"|'([^']*)')""")
# whose content the HTML parser reads as text up to their end tag
_RAW_TEXT = {*htmlparser.HTMLParser.CDATA_CONTENT_ELEMENTS,
             *getattr(htmlparser.HTMLParser, "RCDATA_CONTENT_ELEMENTS", ())}


def elements(text: str, is_block_level) -> list[tuple[int, int]] | None:
    """The (start, end) of every top-level raw HTML element of a page, or None when the page is not of the
    regular kind (see the module's docstring). Every `<` of the page is inside one of them."""
    spans: list[tuple[int, int]] = []
    start = text.find("<")
    while start != -1:
        match = _TAG.match(text, start)
        if (start and text[start - 1] != "\n") or not match or not match.group(2) or match.group(4):
            return None
        first = match.group(2).lower()
        if first == "hr" or not is_block_level(first):
            return None
        stack, end = [], start
        while True:
            if match is None:
                return None
            end = match.end()
            if match.group(1):  # an end tag closes what it names and everything opened inside it
                name = match.group(1).lower()
                if name in stack:
                    while stack.pop() != name:
                        pass
                if not stack:
                    break
            else:
                name = match.group(2).lower()
                if name in _RAW_TEXT:
                    closing = text.lower().find(f"</{name}", end)
                    if closing == -1 or "<" in text[end:closing]:
                        return None
                if not match.group(4) and name != "hr":
                    stack.append(name)
            following = text.find("<", end)
            if following == -1:
                return None
            match = _TAG.match(text, following)
        if not text.startswith("\n", end) or not _references_whole(text, start, end):
            return None
        spans.append((start, end))
        start = text.find("<", end)
    return spans


def _references_whole(text: str, start: int, end: int) -> bool:
    """Every `&` of the element starts a whole character reference (the parser would add a missing `;`)."""
    position = text.find("&", start, end)
    while position != -1:
        if not _REFERENCE.match(text, position):
            return False
        position = text.find("&", position + 1, end)
    return True


class _SetAside(Preprocessor):
    def __init__(self, md, extension: RawHTML) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        spans = elements(text, self.md.is_block_level)
        self.extension.anchor_ids = set()
        if not spans:
            return lines
        parts, done = [], 0
        for start, end in spans:
            block = text[start:end] + ("\n" if _BLANK_LINE.match(text, end) else "")
            parts += [text[done:start], "\n", self.md.htmlStash.store(block), "\n\n"]
            done = end
            for match in _ID.finditer(block):
                self.extension.anchor_ids.add(html.unescape(match.group(1) or match.group(2) or ""))
        parts.append(text[done:])
        return "".join(parts).split("\n")


class RawHTML(Extension):
    """The Markdown extension; `anchor_ids` are the ids in the blocks of the page converted last, which MkDocs'
    own raw HTML parser would have collected for its anchor check."""

    def __init__(self) -> None:
        super().__init__()
        self.anchor_ids: set[str] = set()

    def extendMarkdown(self, md) -> None:
        # after whitespace is normalised (30), before MkDocs' raw HTML parser (21) and Python-Markdown's (20)
        md.preprocessors.register(_SetAside(md, self), "zdxm_raw_html", 25)
