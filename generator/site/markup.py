"""Safe by default: every value a template prints is text, escaped for HTML and for Markdown.

The Jinja environment's `finalize` hook runs on every `{{ … }}` output, so no template has to remember
a filter. A value is printed unescaped only when our own Python code built it as `Trusted` (links to our
own pages, inline SVG charts, formatted figures). Markdown specials become numeric character references,
which both Markdown text and raw HTML blocks show as the plain character; newlines become `<br>`, so a
record string can never start a heading, list, table row or code block of its own.
"""

from __future__ import annotations

import functools
import html
import json
import re

from markupsafe import Markup

# Always encoded: HTML specials, and the Markdown / extension characters that act anywhere in a line.
_EVERYWHERE = {ord(c): f"&#{ord(c)};" for c in "&<>\"'\\`*_{}[]|~^$!"}
# Encoded at the start of the value, where they would open a block (heading, list, quote, rule ...).
_LEADING = re.compile(r"^([-+=#>.:%]|\d+[.)](?=\s|$))")
# any of the above, a block opener at the start, or whitespace to trim: one search for the common case
_NEEDS_WORK = re.compile("[" + re.escape("".join(map(chr, _EVERYWHERE))) + "\r\n]|" + _LEADING.pattern + r"|^\s|\s$")
_SITE_PATH = re.compile(r"^[\w./#-]+$")  # a path inside the site, as urls.py builds them
_SAFE_URL = re.compile(r"^https?://[^\s<>\"']+$")


class Trusted(Markup):
    """Markup made by our own code from escaped parts: printed as it is."""

    __slots__ = ()


def _lead(text: str) -> str:
    match = _LEADING.match(text)
    if not match:
        return text
    end = match.end()
    return text[: end - 1] + f"&#{ord(text[end - 1])};" + text[end:]


# Most printed strings repeat (names, dates, figures, states), and the search below costs ten times a
# look-up: each distinct string is escaped once. The cache holds at most this many, a few megabytes.
@functools.lru_cache(maxsize=65536)
def _escaped(text: str) -> str:
    if not _NEEDS_WORK.search(text):
        return text  # most record text: nothing to escape
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "<br>".join(_lead(line.strip()) for line in text.translate(_EVERYWHERE).split("\n"))


def escape_text(value: object) -> Trusted:
    """Plain text → a fragment that shows exactly that text in Markdown and in HTML."""
    return Trusted(_escaped(str(value)))


def finalize(value: object) -> str:
    """Jinja's hook on every `{{ … }}`: the environment does no escaping of its own, so this is the one
    place where text becomes safe, whatever a template does."""
    if type(value) is str:
        return _escaped(value)
    if isinstance(value, Trusted):
        return value
    if value is None:
        return ""
    if isinstance(value, Markup):  # escaped for HTML only (Jinja's `join`, `|e`, `|safe`): still text
        return _escaped(html.unescape(str(value)))
    return _escaped(str(value))


def link(href: str, text: object, **attributes: str) -> Trusted:
    """`<a>` to one of our own pages or to a checked http(s) address; the text is escaped."""
    if not (href.startswith(("/", "./", "../", "#")) or _SAFE_URL.match(href) or _SITE_PATH.match(href)):
        return escape_text(text)
    extra = "".join(f' {name.rstrip("_")}="{html.escape(value)}"' for name, value in attributes.items())
    return Trusted(f'<a href="{html.escape(href)}"{extra}>{escape_text(text)}</a>')


_PHONE = re.compile(r"\+?\d[\d -]{4,}\d")
_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")


def phone_link(text: str) -> Trusted:
    """A phone number from the settings as a `tel:` link a phone dials with one tap; the text as written
    (with a note such as “（示例）”), the number in the address without spaces or hyphens."""
    match = _PHONE.search(text)
    if not match:
        return escape_text(text)
    number = re.sub(r"[ -]", "", match.group())
    return Trusted(f'<a class="contact" href="tel:{number}">{escape_text(text)}</a>')


def mail_link(text: str) -> Trusted:
    """An e-mail address from the settings as a `mailto:` link; anything else as plain text."""
    if not _EMAIL.match(text):
        return escape_text(text)
    return Trusted(f'<a class="contact" href="mailto:{text}">{escape_text(text)}</a>')


DESCRIPTION_CHARS = 120  # what a search engine or a chat app's link preview shows


def meta_text(text: str) -> str:
    """Plain text for a page's `<meta name="description">`: one line, shortened, HTML-escaped (the theme
    prints it as it is)."""
    text = " ".join(text.split())
    if len(text) > DESCRIPTION_CHARS:
        text = text[:DESCRIPTION_CHARS - 1] + "…"
    return html.escape(text)


def front_matter(title: str, **meta: object) -> Trusted:
    """The page's YAML front matter. The title reaches theme templates that do not escape, so it is
    HTML-escaped here; JSON strings are valid YAML, so nothing in it can break the block."""
    lines = ["---", f"title: {json.dumps(html.escape(title), ensure_ascii=False)}"]
    lines += [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in meta.items()]
    return Trusted("\n".join([*lines, "---", ""]))
