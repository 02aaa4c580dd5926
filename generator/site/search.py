"""The search entries of the project pages, written from the records rather than parsed from HTML.

Material's search plugin parses every page's HTML to index it; for a province's thousands of project pages
that parsing was a third of the engine's time, and it indexed tables nobody searches. Project pages are
therefore left out of the plugin (`search: exclude`), and after MkDocs has built the site their entries are
added here: the name as title; the signboard, place and description as text. Chinese is segmented with
jieba and joined by zero-width spaces, the separator mkdocs.yml gives the search, as the plugin does.

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


@functools.lru_cache(maxsize=32768)  # make serve segments only what an edit changed
def segment(text: str) -> str:
    """Chinese runs cut into words by jieba, each word between zero-width spaces."""
    import jieba

    jieba.setLogLevel(logging.WARNING)  # not its "Building prefix dict" chatter on every build
    return _HAN.sub(lambda run: _ZERO_WIDTH_SPACE + _ZERO_WIDTH_SPACE.join(jieba.cut(run.group())) +
                    _ZERO_WIDTH_SPACE, text).strip(_ZERO_WIDTH_SPACE)


def ready() -> None:
    """Load jieba's dictionary now (a second), in the process that forks the others, so that it is loaded once."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()


def entry(location: str, title: str, text: str) -> dict:
    """A search entry as the theme's plugin writes one: segmented, and escaped as HTML text."""
    return {"location": location, "title": html.escape(segment(title), quote=False),
            "text": html.escape(segment(text), quote=False)}


def project_entries(model: SiteModel) -> list[dict]:
    """One search entry per project page, in id order."""
    content = model.content
    entries = []
    for project in content.projects.values():
        units = [project.responsible, project.builder, *project.cooperating]
        people = "；".join(f"{content.units[p.unit].name} {p.person}" for p in units)
        leader = content.leaders[project.leader]
        text = (f"{project.description}。{project.location.address or ''} 分包领导 {leader.name}（{leader.title}）。"
                f"{people}。派驻专职纪检监察员 {project.inspector.name}。")
        entries.append(entry(urls.project(project.id), project.name, text))
    return entries


def add_to_index(site: Path, entries: list[dict]) -> None:
    """Append `entries` to the index the theme's search plugin wrote, keeping its settings."""
    path = site / "search" / "search_index.json"
    index = json.loads(path.read_text(encoding="utf-8"))
    index["docs"] = index["docs"] + entries
    # Chinese as UTF-8 rather than \\u escapes: half the bytes for the phone to download
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
