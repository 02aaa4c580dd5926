"""Where a YAML file that does not read most likely went wrong, said at the line to fix, with the fix.

libyaml reports where it gave up, which is often the line after the mistake, in its own words. The
mistakes staff make most can be found from the text itself: a full-width colon “：” or no space after a
colon, a line indented one space too far or too short, a template's “← 请替换” left inside a value, and
the conflict markers git writes into a file when two people changed the same lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Hint:
    line: int  # 1-based
    column: int  # 1-based
    message: str


# ---- conflict markers ---------------------------------------------------------------------------------

_MARKER = re.compile(r"^(<{7}|\|{7}|={7}|>{7})(?: .*)?$")
_SHOWN_CHARS = 100


def _shown(lines: list[tuple[int, str]]) -> str:
    """`第 4–5 行“a ↵ b”`: a version of a conflicting part, on one line."""
    if not lines:
        return "（空的）"
    first, last = lines[0][0], lines[-1][0]
    where = f"第 {first} 行" if first == last else f"第 {first}–{last} 行"
    text = " ↵ ".join(line.strip() for _, line in lines)
    text = text if len(text) <= _SHOWN_CHARS else text[:_SHOWN_CHARS] + "…"
    return f"{where}“{text}”"


@dataclass(frozen=True)
class Conflict:
    """One `<<<<<<<` … `=======` … `>>>>>>>` block: the two versions git could not combine."""

    start: int  # the line of `<<<<<<<`
    end: int  # the line of `>>>>>>>`
    upper: list[tuple[int, str]]  # (line number, text) between `<<<<<<<` and `=======` (or `|||||||`)
    lower: list[tuple[int, str]]  # between `=======` and `>>>>>>>`

    def message(self) -> str:
        return (f"两个人同时修改了这一段（git 的冲突标记，到第 {self.end} 行为止）："
                f"一个版本是{_shown(self.upper)}，另一个版本是{_shown(self.lower)}。"
                "商量好保留哪一个（或合成一个），并删去 <<<<<<<、=======、>>>>>>> 这几行标记")


def conflicts(text: str) -> tuple[list[Conflict], list[Hint]]:
    """The conflict blocks of a file, and the markers left over from one (a block half cleaned up)."""
    if "<<<<<<<" not in text and ">>>>>>>" not in text:
        return [], []
    blocks: list[Conflict] = []
    strays: list[Hint] = []
    start, part = 0, ""  # part: "upper", "base" (diff3 style) or "lower" inside a block
    upper: list[tuple[int, str]] = []
    lower: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        marker = _MARKER.match(line)
        kind = marker.group(1)[0] if marker else ""
        if kind == "<":
            if part:
                strays.append(_stray(start, "<<<<<<<"))
            start, part, upper, lower = number, "upper", [], []
        elif kind == "|" and part == "upper":
            part = "base"
        elif kind == "=" and part in ("upper", "base"):
            part = "lower"
        elif kind == ">" and part == "lower":
            blocks.append(Conflict(start, number, upper, lower))
            part = ""
        elif kind == ">":
            strays.append(_stray(number, line[:7]))
        elif part == "upper":
            upper.append((number, line))
        elif part == "lower":
            lower.append((number, line))
    if part:
        strays.append(_stray(start, "<<<<<<<"))
    return blocks, strays


def _stray(line: int, marker: str) -> Hint:
    return Hint(line, 1, f"残留的冲突标记 {marker}（两个人同时修改过这里，标记没有删干净）："
                         "对照前后的内容改好，并删去 <<<<<<<、=======、>>>>>>> 这几行标记")


# ---- colons and indentation -----------------------------------------------------------------------------

# `key：value` or `key:value` at the start of a line (after any "- "); `http://` is a value, not a key
_KEY_COLON = re.compile(r"^(?P<lead>[ ]*(?:-[ ]+)*)(?P<key>[A-Za-z_][A-Za-z0-9_]*)[ ]*"
                        r"(?P<colon>：|:(?=[^\s/]))(?P<rest>.*)$")
_BAD_KEY = re.compile(r"^(?P<key>[A-Za-z_][A-Za-z0-9_]*)[ ]*(?P<colon>：|:(?=\S))(?P<rest>.*)$")


def _colon_message(key: str, colon: str, rest: str) -> str:
    value = rest.strip()
    value = value if len(value) <= 20 else value[:20] + "…"
    if colon == "：":
        return f"键后面用了全角冒号：把全角冒号“：”改为英文冒号并加空格（写成 {key}: {value}）"
    return f"冒号后面缺少空格：在“{key}:”后面加一个空格（写成 {key}: {value}）"


def key_colon_hint(key: str) -> tuple[str, str] | None:
    """The key meant, and the fix, when a key read from braces such as `{area:east}` is really a key and its
    value run together."""
    match = _BAD_KEY.match(key)
    return (match["key"], _colon_message(match["key"], match["colon"], match["rest"])) if match else None


def colon_hints(lines: list[str]) -> list[Hint]:
    hints = []
    for number, line in enumerate(lines, start=1):
        match = _KEY_COLON.match(line)
        if match:
            column = match.start("colon") + 1
            hints.append(Hint(number, column, _colon_message(match["key"], match["colon"], match["rest"])))
    return hints


def _content_columns(line: str) -> set[int]:
    """Where content starts on a line: after its spaces, and after each list dash (`  - a: 1` → {2, 4})."""
    lead = re.match(r"^( *)((?:-[ ]+)*)", line)
    column = len(lead.group(1))
    columns = {column}
    for dash in re.finditer(r"-[ ]+", lead.group(2)):
        column += len(dash.group())
        columns.add(column)
    return columns


def _is_content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def indentation_hint(lines: list[str], line: int) -> Hint | None:
    """A line indented to a column no line above it uses: what libyaml's “did not find expected key” and
    the like most often mean in a record."""
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    above = [earlier for earlier in lines[: line - 1] if _is_content(earlier)]
    if not _is_content(text) or not above:
        return None
    spaces = len(text) - len(text.lstrip(" "))
    used = set().union(*(_content_columns(earlier) for earlier in above))
    if spaces in used:
        return None
    # the column to align with: the dash of the item above for an item, else where the line above's key starts
    columns = _content_columns(above[-1])
    previous = min(columns) if text.lstrip(" ").startswith("- ") else max(columns)
    return Hint(line, spaces + 1, f"缩进不一致：这一行缩进了 {spaces} 个空格，"
                                  f"与上面同一层的行（{previous} 个空格）没有对齐"
                                  "（同一层的键或列表项要对齐；每深一层多缩进 2 个空格）")


_SYNTAX_HINTS = [  # libyaml's problem texts, in Chinese for the people who edit the files
    ("mapping values are not allowed", "此处不能出现冒号“:”（文本里有冒号时，请给整段文本加英文引号）"),
    ("could not find expected ':'", "缺少冒号“:”，或上一行的引号没有闭合"),
    ("did not find expected key", "缩进不一致，或某一行缺少“键:”"),
    ("did not find expected '-' indicator", "列表的缩进不一致（每一项以“- ”开头且对齐）"),
    ("did not find expected node content", "此处缺少内容"),
    ("found unexpected end of stream", "文件意外结束（引号或括号没有闭合？）"),
    ("found unknown escape character", "双引号文本里有无效的反斜杠转义（可改用单引号）"),
    ("found undefined alias", "引用了未定义的锚点（本系统不支持 YAML 锚点与别名）"),
    ("expected a single document", "一个文件只能写一条记录（删去多余的“---”分隔线）"),
    ("found another document", "一个文件只能写一条记录（删去多余的“---”分隔线）"),
    ("found character that cannot start any token", "出现了不能开头的字符（文本以 @ ` % 等符号开头时请加引号）"),
    ("found a tab character", "用了制表符（Tab）缩进，请改用空格"),
    ("control characters are not allowed", "含有不可见的控制字符"),
    ("unacceptable character", "含有不可见的控制字符"),
]
_INDENTATION_PROBLEMS = ("did not find expected key", "did not find expected '-' indicator",
                         "mapping values are not allowed", "could not find expected ':'")


def syntax_hints(text: str, line: int, column: int, problem: str) -> list[Hint]:
    """What to fix for a syntax error libyaml met at `line`, `column` (1-based): the colon mistakes anywhere in
    the file, each at its own line, then libyaml's error unless a colon mistake just above explains it."""
    lines = text.splitlines()
    hints = colon_hints(lines)
    explained = set()
    for hint in hints:  # libyaml stops at the colon's line, at the next line with content, or at a comment between
        following = next((n for n in range(hint.line + 1, len(lines) + 1) if _is_content(lines[n - 1])), None)
        explained.update(range(hint.line, (following if following is not None else len(lines) + 1) + 1))
    if line in explained or (line > len(lines) and hints):
        return hints
    line_text = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in line_text[: len(line_text) - len(line_text.lstrip())]:
        return [*hints, Hint(line, column, "用了制表符（Tab）缩进，请改用空格")]
    indentation = indentation_hint(lines, line) if any(p in problem for p in _INDENTATION_PROBLEMS) else None
    if indentation:
        return [*hints, indentation]
    message = next((f"YAML 语法错误：{chinese}" for english, chinese in _SYNTAX_HINTS if english in problem),
                   f"YAML 语法错误（{problem}）")
    return [*hints, Hint(line, column, message)]


PLACEHOLDER = "← 请替换"
PLACEHOLDER_MESSAGE = ("值里还留着模板的占位说明“← 请替换”：请填上真实内容，并删去“# ← 请替换”"
                       "（“#”前面要有空格才是注释，否则它会成为值的一部分）")
