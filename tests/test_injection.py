"""Injection: arbitrary text in every free-text field renders as text, creating no element, attribute or link.

Each example puts the same text (plus a running number, so names stay distinct) into every free-text field of
the fixture's records, renders the whole Markdown tree, converts it as MkDocs does, and compares the HTML's
structure — every tag, its attribute names, every href and src — with a render of harmless text. The record
text must then be found in the pages as text. The search index's entries, which the theme shows as HTML,
are compared the same way.
"""

from __future__ import annotations

import copy
import html
import itertools
import json
import re
import shutil
import types
import typing
from html.parser import HTMLParser
from pathlib import Path

import markdown
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data
from pydantic import BaseModel

from generator.figures.model import build_model
from generator.records.characters import UNSHOWABLE
from generator.site.render import render

from .conftest import FIXTURE, ROOT, edit, loaded

MKDOCS = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
EXTENSIONS = [next(iter(e)) if isinstance(e, dict) else e for e in MKDOCS["markdown_extensions"]]
NASTY = [
    "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "[点我](javascript:alert(1))",
    "![x](http://evil.example/x.png)", "<http://evil.example>", "{{ 7*7 }}{% raw %}", "# 标题\n- 列表",
    "| 表 | 格 |\n| - | - |", "{: onclick=alert(1) }", "*粗* _斜_ `码` ~~删~~", "&lt;b&gt; &amp; &#60;",
    "javascript:alert(1)", "---\ntitle: x\n---", "    缩进代码", "1. 编号", "> 引用", "!!! warning", "\\*",
]


def _free_text(annotation: object) -> bool:
    """A plain string field: not an id, month, address or file path (those have a pattern) nor a choice."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return any(_free_text(arg) for arg in typing.get_args(annotation) if arg is not type(None))
    if origin is list:
        return _free_text(typing.get_args(annotation)[0])
    if origin is typing.Annotated:
        base, *metadata = typing.get_args(annotation)
        return base is str and not any(getattr(m, "pattern", None) for m in metadata)
    return annotation is str


def poison(value: object, text: str, counter: itertools.count) -> object:
    if isinstance(value, BaseModel):
        updates = {}
        for name, field in type(value).model_fields.items():
            current = getattr(value, name)
            # pydantic moves a field's own Annotated constraints (a Slug's pattern) into field.metadata
            free = _free_text(field.annotation) and not any(getattr(m, "pattern", None) for m in field.metadata)
            if free and isinstance(current, str):
                updates[name] = f"{text}{next(counter)}"
            elif free and isinstance(current, list):
                updates[name] = [f"{text}{next(counter)}" for _ in current]
            elif isinstance(current, (BaseModel, list)):
                updates[name] = poison(current, text, counter)
        return value.model_copy(update=updates)
    if isinstance(value, list):
        return [poison(item, text, counter) for item in value]
    return value


class _Structure(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.shape: list[tuple] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "br":  # a newline in a record is shown as a line break: the one element text may add
            return
        links = tuple((k, v) for k, v in attrs if k in ("href", "src", "action", "xlink:href"))
        self.shape.append((tag, tuple(sorted(k for k, _ in attrs)), links))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def site_html(text: str, docs: Path) -> dict[str, _Structure]:
    content = loaded(FIXTURE)
    counter = itertools.count()
    for name in ("projects", "meetings", "units", "leaders", "chains"):
        setattr(content, name, {key: poison(record, text, counter) for key, record in getattr(content, name).items()})
    content.site = poison(content.site, text, counter)
    model = build_model(content)
    rendered = render(model, docs)
    pages: dict[str, _Structure] = {}
    converter = markdown.Markdown(extensions=EXTENSIONS)
    for path in sorted(docs.rglob("index.*")):
        source = path.read_text(encoding="utf-8")
        if path.suffix == ".md":
            body, meta = get_data(source)
            assert "<" not in str(meta.get("title", "")), path  # theme templates print it unescaped
            converter.reset()
            source = converter.convert(body)
        parser = _Structure()
        parser.feed(source)
        pages[path.relative_to(docs).as_posix()] = parser
    for name, fragment in rendered.theme.items():
        parser = _Structure()
        parser.feed(fragment)
        pages[f"theme:{name}"] = parser
    # the search index: the theme inserts each entry's title and text into the results as HTML
    for entry in rendered.search_entries:
        for field in ("title", "text"):
            parser = _Structure()
            parser.feed(entry[field].replace("\u200b", ""))  # jieba's word breaks
            pages[f"search:{entry['location']}:{field}"] = parser
    return pages


_BASELINE: dict[str, dict[str, _Structure]] = {}


def assert_rendered_as_text(text: str, tmp_path_factory) -> None:
    if "harmless" not in _BASELINE:
        _BASELINE["harmless"] = site_html("甲", tmp_path_factory.mktemp("harmless"))
    harmless = _BASELINE["harmless"]
    poisoned = site_html(text, tmp_path_factory.mktemp("poisoned"))
    assert harmless.keys() == poisoned.keys()
    for page, structure in poisoned.items():
        assert structure.shape == harmless[page].shape, page
    shown = re.sub(r"\s+", "", "".join(itertools.chain.from_iterable(p.text for p in poisoned.values())))
    for line in text.splitlines():
        if line.strip():
            assert re.sub(r"\s+", "", line) in shown


def test_every_known_attack_at_once_renders_as_text(tmp_path_factory):
    assert_rendered_as_text("\n".join(NASTY), tmp_path_factory)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.sampled_from(NASTY),
                 st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40)
                 .filter(lambda s: s.strip())))
def test_any_text_renders_as_text(tmp_path_factory, text: str):
    assert_rendered_as_text(text.strip(), tmp_path_factory)


def test_every_free_text_field_is_reached():
    # the poison really lands in names, descriptions, problems, meetings and settings alike
    content = loaded(FIXTURE)
    project = poison(content.projects["beta"], "X", itertools.count())
    assert project.name.startswith("X") and project.problems[0].text.startswith("X")
    assert project.id == "beta" and project.category == "infra"  # ids and choices untouched
    meeting = poison(copy.deepcopy(content.meetings["2021-04-05-dispatch"]), "X", itertools.count())
    assert meeting.decisions[0].text.startswith("X") and meeting.attendance[1].reason.startswith("X")
    assert html.escape("X") == "X"


# --- what reaches a record at all ---------------------------------------------------------------------------


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=20).filter(lambda s: s.strip()),
       st.sampled_from([("projects/alpha.yml", "name: 甲食品加工项目", "name"),
                        ("projects/beta.yml", "text: 征迁未完成", "text"),
                        ("units.yml", "name: 县纪委监委", "name")]))
def test_text_a_reader_cannot_see_never_reaches_a_record(tmp_path_factory, text: str, where: tuple[str, str, str]):
    """Whatever a field holds, written as YAML writes it (control characters escaped), the record either
    holds exactly that text, every character of it one a reader sees, or is refused saying which one."""
    relative, old, key = where
    tree = tmp_path_factory.mktemp("content")
    shutil.copytree(FIXTURE, tree, dirs_exist_ok=True)
    edit(tree, relative, old, f"{key}: {json.dumps(text, ensure_ascii=False)}")
    content = loaded(tree)
    unseen = UNSHOWABLE.search(text)
    if unseen is None:
        assert not [e for e in content.errors if "不可见" in e.message]
        if relative == "projects/alpha.yml" and not content.errors:
            assert content.projects["alpha"].name == text.strip()
        return
    refused = [e for e in content.errors if e.file.endswith(relative)]
    assert refused and all("不可见" in e.message for e in refused), refused
    if relative == "projects/alpha.yml":
        assert "alpha" not in content.projects
