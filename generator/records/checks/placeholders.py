"""Placeholders left in a record: the templates' "请填写…", "（请改为…）" and "← 请替换" are never published.

`new-project` and `new-meeting` write records whose blanks say what to fill in; until every one is replaced the
record does not validate, so a half-filled record cannot reach the public site.
"""

from __future__ import annotations

from pydantic import BaseModel

from ..errors import ContentError
from ..yamlsource import KeyPath
from .base import Checker

MARKERS = ("请填写", "请改为", "请替换")
LEFT_IN = "还是模板的占位文字"
ZERO_TOTAL = "总投资不能为 0（新项目模板的占位）"


def placeholder_in(text: str) -> str | None:
    return next((marker for marker in MARKERS if marker in text), None)


def _strings(value: object, path: KeyPath):
    """Every text in a record with its key path."""
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _strings(getattr(value, name), (*path, name))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*path, index))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*path, key))
    elif isinstance(value, str):
        yield path, value


def check_placeholders(checker: Checker) -> None:
    content = checker.content
    records: list[tuple[str, KeyPath, object]] = [
        *((f"project:{stem}", (), project) for stem, project in content.projects.items()),
        *((f"meeting:{stem}", (), meeting) for stem, meeting in content.meetings.items()),
        *(("units", ("units", index), unit) for index, unit in enumerate(content.units.values())),
        *(("leaders", ("leaders", index), leader) for index, leader in enumerate(content.leaders.values())),
    ]
    for key, root, record in records:
        for path, text in _strings(record, root):
            if placeholder_in(text):
                checker.error(key, path, f"{LEFT_IN}（实际 “{text}”）：请改成真实内容")
    for stem, project in content.projects.items():
        if project.total_investment == 0:
            checker.error(f"project:{stem}", ("total_investment",),
                          f"{ZERO_TOTAL}：请填写总投资，单位万元")


def is_placeholder(error: ContentError) -> bool:
    """An error that only says a template's blank is still to be filled in."""
    return error.message.startswith((LEFT_IN, ZERO_TOTAL))
