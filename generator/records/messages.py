"""Pydantic's validation errors, told in Chinese: what is wrong, what was expected, what was found."""

from __future__ import annotations

import datetime as dt
import difflib
import types
import typing

from pydantic import BaseModel

_TYPE_NAMES = {
    "string_type": "文本",
    "float_type": "数字",
    "int_type": "整数",
    "bool_type": "true 或 false",
    "date_type": "日期（YYYY-MM-DD）",
    "list_type": "列表（每项以“- ”开头）",
    "model_type": "键值表（键: 值）",
    "dict_type": "键值表（键: 值）",
    "model_attributes_type": "键值表（键: 值）",
}
_PATTERN_HINTS = {  # by a fragment of the pattern; the first that matches wins
    "./-": ("文件路径格式不对", "content/media/ 下的相对路径，只用英文字母、数字和 - _ . /"),
    "a-z0-9": ("编号格式不对", "小写英文字母、数字和连字符，如 pj-001"),
    r"\d{4}-": ("月份格式不对", "YYYY-MM，如 2021-08"),
    "https?": ("网址格式不对", "以 http:// 或 https:// 开头的网址"),
    "<>&": ("含有网页的保留字符", "不含 < > & \" ' \\ 的文字（它会原样出现在每一页的标题栏）"),
}


# Keys of the single-year records of before, each with what replaced it (see office/convert_years.py).
_CONVERT = "运行 python -m generator convert-years 可一次转换全部记录"
RETIRED_KEYS = {
    ("Site", "year"): f"旧的单年度写法：年度不再写在 site.yml 里，由各项目的 years 决定（{_CONVERT}）",
    ("Project", "kind"): "旧的单年度写法：建设性质按年度写在 years 里，"
                         f"如 years: [{{year: 2021, kind: 续建, annual_plan: 1200}}]（{_CONVERT}）",
    ("Project", "annual_plan"): f"旧的单年度写法：年度计划投资按年度写在 years 里（{_CONVERT}）",
}


def retired(model: type | None, loc: tuple) -> str | None:
    """The message for a key of the single-year records of before, if `loc` is one."""
    if model is None or len(loc) != 1:
        return None
    return RETIRED_KEYS.get((getattr(model, "__name__", ""), loc[0]))


def describe_value(value: object) -> str:
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, int, float)):
        return str(value)
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:40] + "…"
        return f"“{shown}”"
    if isinstance(value, list):
        return "列表"
    if isinstance(value, dict):
        return "键值表"
    return type(value).__name__


def explain(error: dict, model: type | None = None) -> str:
    """One pydantic error as `说明（期望…，实际…）`."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    found = describe_value(error.get("input"))
    if kind == "missing":
        return "缺少必填的键"
    if kind == "extra_forbidden":
        if retired(model, tuple(error["loc"])):
            return retired(model, tuple(error["loc"]))
        hint = _close_key(error["loc"], model)
        return f"未知的键，它的内容不会被使用{hint}（请检查拼写）"
    if kind in _TYPE_NAMES:
        expected = _TYPE_NAMES[kind]
        if not error["loc"]:
            return f"文件的最外层应为键值表（期望 {expected}，实际 {found}）"
        if kind == "float_type" and isinstance(error.get("input"), str):
            return f"金额和数字只写数字，不带单位和逗号（期望 {expected}，如 1200.5，实际 {found}）"
        if kind == "string_type" and isinstance(error.get("input"), (int, float)):
            return f"类型不对（期望 {expected}；纯数字的文本请加引号，实际 {found}）"
        return f"类型不对（期望 {expected}，实际 {found}）"
    if kind == "finite_number":
        return f"不能是无穷大或非数字（期望 有限的数字，实际 {found}）"
    if kind == "greater_than_equal":
        limit = ctx.get("ge")
        if limit == 0:
            return f"不能为负数（期望 ≥ 0，实际 {found}）"
        return f"太小（期望 ≥ {limit}，实际 {found}）"
    if kind == "less_than_equal":
        return f"太大（期望 ≤ {ctx.get('le')}，实际 {found}）"
    if kind == "literal_error":
        expected = ctx.get("expected", "").replace("'", "").replace(" or ", ", ")
        return f"取值无效（期望 以下之一：{expected}，实际 {found}）"
    if kind == "string_pattern_mismatch":
        pattern = ctx.get("pattern", "")
        for fragment, (what, expected) in _PATTERN_HINTS.items():
            if fragment in pattern:
                return f"{what}（期望 {expected}，实际 {found}）"
        return f"格式不对（期望 符合 {pattern}，实际 {found}）"
    if kind == "string_too_short":
        return "不能为空（期望 至少 1 个字）"
    if kind == "string_too_long":
        return f"太长（期望 最多 {ctx.get('max_length')} 个字符，实际 {len(str(error.get('input')))} 个）"
    if kind == "too_short":
        return f"项数不够（期望 至少 {ctx.get('min_length')} 项，实际 {ctx.get('actual_length')} 项）"
    if kind == "union_tag_invalid":
        return f"会议类型无效（期望 dispatch、review、inspection 之一，实际 {describe_value(ctx.get('tag'))}）"
    if kind == "union_tag_not_found":
        return "缺少 kind（会议类型：dispatch 调度例会、review 观摩点评、inspection 督查）"
    return f"取值无效（{error.get('msg', kind)}，实际 {found}）"


def _unwrap(annotation: object) -> object:
    """The model or container inside Optional[...], Annotated[...] and list[...]."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        elif origin is list:
            annotation = typing.get_args(annotation)[0]
        else:
            return annotation


def _model_at(model: object, loc: tuple) -> type[BaseModel] | None:
    current = _unwrap(model)
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = current.model_fields.get(part)
        if field is None:
            return None
        current = _unwrap(field.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def field_title(model: type | None, loc: tuple) -> str | None:
    """The Chinese title of the field at `loc`, for the message beside the key."""
    if model is None or not loc or isinstance(loc[-1], int):
        return None
    parent = _model_at(model, loc[:-1])
    field = parent.model_fields.get(loc[-1]) if parent else None
    return field.title if field else None


def _close_key(loc: tuple, model: type | None) -> str:
    parent = _model_at(model, loc[:-1]) if model else None
    if parent is None:
        return ""
    match = difflib.get_close_matches(str(loc[-1]), list(parent.model_fields), n=1, cutoff=0.6)
    return f"；是不是 {match[0]}？" if match else ""
