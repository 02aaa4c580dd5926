"""The search entries of the project pages, written from the records rather than parsed from HTML.

Material's search plugin parses every page's HTML to index it; for a province's thousands of project pages
that parsing was a third of the engine's time, and it indexed tables nobody searches. Project pages are
therefore left out of the plugin (`search: exclude`), and after MkDocs has built the site their entries are
added here: the name as title; the signboard, place and description as text; the signboard's people as tags.
Chinese is segmented with jieba and joined by zero-width spaces, the separator mkdocs.yml gives the search, as
the plugin does.

The theme inserts titles and texts of the index into the results as HTML, trusting them to be escaped: the
plugin escapes the text it takes from pages (`html.escape(…, quote=False)`), and so does `entry` here, or a
project named `<img src=x onerror=…>` would run its script in the browser of anyone who searches.
"""

from __future__ import annotations

import functools
import html
import json
import logging
import re
from pathlib import Path

from .. import urls
from ..figures.model import SiteModel

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_ZERO_WIDTH_SPACE = "\u200b"


NAME_FREQUENCY = 10_000  # high enough that jieba keeps a name whole rather than cutting off its surname
_TAUGHT: set[str] = set()


def people(content) -> list[str]:
    """Every person's name in the records: leaders, the signboards' people, meetings' attendees."""
    names = [leader.name for leader in content.leaders.values()]
    for project in content.projects.values():
        names += [project.responsible.person, project.builder.person, project.inspector.name,
                  *(person.person for person in project.cooperating)]
    for meeting in content.meetings.values():
        names += [name for row in meeting.attendance for name in (row.person, row.substitute) if name]
    return sorted(set(names))


def keep_names_whole(names: list[str]) -> None:
    """Teach jieba the people's names, so that 冯玉明 is one word to the search and not 冯 + 玉明. The theme
    splits a query by the words its index holds; a lone surname in the index would make every 冯 match."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    # once each: every addition raises jieba's total count, which weighs every later cut, and a build in one
    # process must segment as one whose engine and static files run in two (tests/test_parallel.py)
    for name in names:
        if name not in _TAUGHT:
            jieba.add_word(name, freq=NAME_FREQUENCY)
            _TAUGHT.add(name)
            segment.cache_clear()  # every cut may come out otherwise now
            _cut.cache_clear()


@functools.lru_cache(maxsize=32768)  # make serve segments only what an edit changed
def segment(text: str) -> str:
    """Chinese runs cut into words by jieba, each word between zero-width spaces."""
    import jieba

    jieba.setLogLevel(logging.WARNING)  # not its "Building prefix dict" chatter on every build
    return _HAN.sub(lambda run: _cut(run.group()), text).strip(_ZERO_WIDTH_SPACE)


@functools.lru_cache(maxsize=65536)
def _cut(run: str) -> str:
    """A run of Chinese cut into words, each between zero-width spaces. Runs repeat from text to text (units,
    people, places), and jieba cuts the same run the same way until it is taught a word."""
    import jieba

    return _ZERO_WIDTH_SPACE + _ZERO_WIDTH_SPACE.join(jieba.cut(run)) + _ZERO_WIDTH_SPACE


def ready() -> None:
    """Load jieba's dictionary now (a second), in the process that forks the others, so that it is loaded once."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()


def entry(location: str, title: str, text: str, tags: list[str] | None = None) -> dict:
    """A search entry as the theme's plugin writes one: segmented, and escaped as HTML text. `tags` are kept
    whole (a person's name is one word to the search) and shown under the result."""
    found = {"location": location, "title": html.escape(segment(title), quote=False),
             "text": html.escape(segment(text), quote=False)}
    if tags:
        found["tags"] = [html.escape(tag, quote=False) for tag in tags]
    return found


def project_entries(model: SiteModel) -> list[dict]:
    """One search entry per project page, in id order: the name as its title; the signboard in sentences as its
    text; the signboard's people as its tags, which the theme weighs a million times a text word, so that a
    person's name finds the projects that person answers for before any page that merely mentions them."""
    content = model.content
    keep_names_whole(people(content))
    entries = []
    for project in content.projects.values():
        leader = content.leaders[project.leader]
        responsible, builder = project.responsible, project.builder
        units = content.units
        cooperating = "、".join(f"{units[p.unit].name}（{p.person}）" for p in project.cooperating)
        text = (f"{project.description}。地点：{project.location.address or ''}。"
                f"分包领导{leader.name}（{leader.title}）；"
                f"责任单位{units[responsible.unit].name}，责任人{responsible.person}；"
                f"建设单位{units[builder.unit].name}，责任人{builder.person}"
                + (f"；配合单位{cooperating}" if cooperating else "")
                + f"；派驻专职纪检监察员{project.inspector.name}。")
        signboard = [leader.name, responsible.person, builder.person, *(p.person for p in project.cooperating),
                     project.inspector.name]
        entries.append(entry(urls.project(project.id), project.name, text, list(dict.fromkeys(signboard))))
    return entries


def add_to_index(site: Path, entries: list[dict]) -> None:
    """Append `entries` to the index the theme's search plugin wrote, keeping its settings."""
    path = site / "search" / "search_index.json"
    index = json.loads(path.read_text(encoding="utf-8"))
    index["docs"] = index["docs"] + entries
    # Chinese as UTF-8 rather than \\u escapes: half the bytes for the phone to download
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
