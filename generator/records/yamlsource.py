"""Read one YAML file safely, keeping the line and column of every value.

PyYAML's loaders silently keep the last of two equal keys and will build any object a tag names;
we compose the node tree with the libyaml parser and turn it into plain data ourselves, so that
duplicate keys, tags, anchors and aliases become errors with a position instead of surprises.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

import yaml

from . import yamlhints
from .characters import UNSHOWABLE, unshowable_in, unshowable_message

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_FILE_BYTES = 2_000_000
_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x9f]")
KeyPath = tuple[str | int, ...]


@dataclass
class YamlIssue:
    line: int  # 1-based
    column: int  # 1-based
    path: KeyPath
    message: str


@dataclass
class YamlDocument:
    data: object
    issues: list[YamlIssue] = field(default_factory=list)
    source: Path | str | None = None  # the file (or text) to find positions in again, only for messages
    _root: yaml.Node | None = field(default=None, repr=False)
    # (model, record) once validated without a problem: a document kept from one load to the next
    # (`load`'s `parsed`, make serve) is not validated again
    validated: tuple | None = field(default=None, repr=False, compare=False)

    def position(self, path: KeyPath, at_key: bool = False) -> tuple[int, int]:
        """Line and column of `path` (of its key when `at_key`), or of its nearest ancestor in the file.

        Positions are looked up only for errors, by composing the text again: a valid file, which is
        nearly every file, never pays for them."""
        if self.source is None:
            return (1, 1)
        if self._root is None:
            text = decode(self.source.read_bytes())[0] if isinstance(self.source, Path) else self.source
            self._root = yaml.compose(text, Loader=_Loader)
        node, key_node = self._root, None
        for part in path:
            child = _child(node, part)
            if child is None:
                return _mark(node)
            key_node, node = child
        return _mark(key_node if at_key and key_node is not None else node)


def _child(node: yaml.Node, part: str | int) -> tuple[yaml.Node | None, yaml.Node] | None:
    if isinstance(node, yaml.MappingNode):
        return next(((key, value) for key, value in node.value if key.value == part), None)
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        return None, node.value[part]
    return None


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


_STR, _INT, _TIMESTAMP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:timestamp"
_MAP, _SEQ = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"


class _Loader(_BaseLoader):
    """libyaml's parser with PyYAML's resolver, memoised: resolving each plain scalar by regular
    expressions in Python is most of the cost of composing, and short values repeat a lot."""

    _resolved: ClassVar[dict[str, str]] = {}

    # No path resolvers are registered, so the composer's calls on entering and leaving a node do nothing.
    def descend_resolver(self, parent: object, index: object) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
        # Only a plain scalar's tag depends on its text.
        if kind is yaml.ScalarNode:
            if not implicit[0]:
                return _STR
            if len(value) > 40:
                return super().resolve(kind, value, implicit)
            tag = self._resolved.get(value)
            if tag is None:
                tag = self._resolved[value] = super().resolve(kind, value, implicit)
            return tag
        return _MAP if kind is yaml.MappingNode else _SEQ


def _shown_tag(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


def decode(raw: bytes) -> tuple[str | None, YamlIssue | None]:
    """UTF-8 text of a file (a BOM is fine), or the reason it cannot be read."""
    if len(raw) > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // 1_000_000
        return None, YamlIssue(1, 1, (), f"文件过大（期望 不超过 {limit} MB，实际 {len(raw):,} 字节）")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        hint = "请用“另存为 UTF-8”重新保存"
        try:
            raw.decode("gbk")
            hint = "看起来是 GBK 编码（Windows 记事本、WPS 常见），" + hint
        except UnicodeDecodeError:
            pass
        return None, YamlIssue(line, 1, (), f"文件不是 UTF-8 编码：{hint}")
    bad = _CONTROL_CHARS.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        code = f"U+{ord(bad.group()):04X}"
        message = f"含有不可见的控制字符 {code}，请删除（常见于从网页或 Word 复制的文字）"
        return None, YamlIssue(line, column, (), message)
    return text, None


def parse(text: str) -> YamlDocument:
    """Plain data, or a document whose issues say why not; positions are found later, on demand."""
    document = YamlDocument(data=None, source=text)
    blocks, strays = yamlhints.conflicts(text)
    if blocks or strays:  # two people's versions of some lines: no YAML reader can say which one is meant
        document.issues += [YamlIssue(block.start, 1, (), block.message()) for block in blocks]
        document.issues += [YamlIssue(hint.line, hint.column, (), hint.message) for hint in strays]
        document.issues.sort(key=lambda issue: issue.line)
        return document
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line, mark.column) if mark else (0, 0)
        for hint in yamlhints.syntax_hints(text, line + 1, column + 1, str(error.problem)):
            document.issues.append(YamlIssue(hint.line, hint.column, (), hint.message))
        return document
    except yaml.YAMLError as error:
        document.issues.append(YamlIssue(1, 1, (), f"YAML 语法错误（{error}）"))
        return document
    if root is None:
        document.issues.append(YamlIssue(1, 1, (), "文件为空（没有任何内容）"))
        return document
    # a value can hold what the text does not show only through an escape ("\u202e"), which needs a backslash
    unshowable_possible = "\\" in text or UNSHOWABLE.search(text) is not None
    document.data = _Builder(document, aliases_possible="*" in text, unshowable_possible=unshowable_possible).build(
        root, ())
    return document


def read(path: Path) -> YamlDocument:
    try:
        raw = path.read_bytes()
    except OSError as error:
        return YamlDocument(None, [YamlIssue(1, 1, (), f"无法读取文件（{error.strerror}）")])
    text, issue = decode(raw)
    if issue:
        return YamlDocument(None, [issue])
    document = parse(text)
    document.source = path  # re-read for a position: a province's texts are not kept in memory
    return document


MAX_ISSUED_BYTES = 200_000_000  # an issued bulletin of a province lists thousands of rows


def read_json(path: Path) -> YamlDocument:
    """A JSON file written by our own tools (an issued document), read as such: positions for messages are
    found as for YAML, whose flow form JSON is."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        return YamlDocument(None, [YamlIssue(1, 1, (), f"无法读取文件（{error.strerror}）")])
    if len(raw) > MAX_ISSUED_BYTES:
        return YamlDocument(None, [YamlIssue(1, 1, (), f"文件过大（实际 {len(raw):,} 字节）")])
    try:
        text = raw.decode("utf-8")
        data = json.loads(text)
    except UnicodeDecodeError:
        return YamlDocument(None, [YamlIssue(1, 1, (), "不是 UTF-8 编码")])
    except json.JSONDecodeError as error:
        message = (f"JSON 格式错误（{error.msg}）：这个文件由 python -m generator issue 写出，不要手工修改；"
                   "请用 git restore 恢复它")
        return YamlDocument(None, [YamlIssue(error.lineno, error.colno, (), message)])
    document = YamlDocument(data, source=path)
    if "\\" in text or UNSHOWABLE.search(text):  # "\u202e" and the like, written by hand
        for where, character in unshowable_in(data):
            line, column = document.position(where)
            document.issues.append(YamlIssue(line, column, where, unshowable_message(character)))
    return document


class _Builder:
    def __init__(self, document: YamlDocument, aliases_possible: bool = True, unshowable_possible: bool = True) -> None:
        self.document = document
        self.seen: set[int] | None = set() if aliases_possible else None  # an alias is written `*name`
        self.unshowable_possible = unshowable_possible
        self.constructor = yaml.constructor.SafeConstructor()

    def showable(self, node: yaml.Node, path: KeyPath, text: str) -> bool:
        """Whether `text` (a value or a key) holds only characters a reader sees; if not, say so."""
        bad = UNSHOWABLE.search(text) if self.unshowable_possible else None
        if bad is not None:
            self.issue(node, path, unshowable_message(bad.group()))
        return bad is None

    def issue(self, node: yaml.Node, path: KeyPath, message: str) -> None:
        line, column = _mark(node)
        self.document.issues.append(YamlIssue(line, column, path, message))

    def build(self, node: yaml.Node, path: KeyPath) -> object:
        # A node met twice is an alias; refusing it also stops "billion laughs" expansion at once.
        if self.seen is not None:
            if id(node) in self.seen:
                self.issue(node, path, "不支持 YAML 锚点与别名（&名称 / *名称），请直接写出内容")
                return None
            self.seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, path)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if node.tag != "tag:yaml.org,2002:seq":
            self.issue(node, path, f"不允许的 YAML 标签 {_shown_tag(node.tag)}")
            return None
        return [self.build(item, (*path, index)) for index, item in enumerate(node.value)]

    def _scalar(self, node: yaml.ScalarNode, path: KeyPath) -> object:
        tag, value = node.tag, node.value
        if tag == _STR:
            if not self.showable(node, path, value):
                return None
            if yamlhints.PLACEHOLDER in value:
                self.issue(node, path, yamlhints.PLACEHOLDER_MESSAGE)
            return value
        if tag not in _PLAIN_TAGS:
            self.issue(node, path, f"不允许的 YAML 标签 {_shown_tag(tag)}（只接受文本、数字、日期、true/false）")
            return None
        try:
            if tag == _INT and value.isdigit() and (value[0] != "0" or value == "0"):  # 012 is octal in YAML 1.1
                return int(value)
            if tag == _TIMESTAMP and len(value) == 10:
                return dt.date.fromisoformat(value)
            return self.constructor.construct_object(node)
        except (ValueError, yaml.YAMLError) as error:
            if tag == _TIMESTAMP:
                self.issue(node, path, f"日期不存在（期望 真实存在的日期 YYYY-MM-DD，实际 {value}）")
            else:
                self.issue(node, path, f"无法读取的值 {value}（{error}）")
            return None

    def _mapping(self, node: yaml.MappingNode, path: KeyPath) -> dict | None:
        if node.tag != "tag:yaml.org,2002:map":
            self.issue(node, path, f"不允许的 YAML 标签 {_shown_tag(node.tag)}")
            return None
        result: dict[str, object] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                self.issue(key_node, path, "键必须是简单的文本（不支持复杂键和“<<”合并）")
                continue
            # Keys are taken as written: `yes:` stays "yes", never YAML 1.1's True.
            key = key_node.value
            if not self.showable(key_node, (*path, key), key):
                continue
            if key in first_line:
                self.issue(key_node, (*path, key), f"重复的键 {key}（第 {first_line[key]} 行已经写过；"
                                                    "YAML 只会保留最后一个，前面的内容会丢失）")
                continue
            first_line[key] = key_node.start_mark.line + 1
            hint = yamlhints.key_colon_hint(key) if ":" in key or "：" in key else None
            if hint:  # `{area:east}`: a key and its value run together; said once, under the key meant
                self.issue(key_node, (*path, hint[0]), hint[1])
                continue
            if (value_node.tag == _STR and self.seen is None and not self.unshowable_possible
                    and type(value_node) is yaml.ScalarNode):
                result[key] = value_node.value  # most values are plain text: no call, no path
                if yamlhints.PLACEHOLDER in value_node.value:
                    self.issue(value_node, (*path, key), yamlhints.PLACEHOLDER_MESSAGE)
            else:
                result[key] = self.build(value_node, (*path, key))
        return result
