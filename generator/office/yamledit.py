"""Edit a YAML record in place with ruamel.yaml's round trip: comments, key order and blank lines are kept.

A file is only opened for editing when ruamel.yaml writes it back byte for byte unchanged, so an edit
can never reformat lines it did not mean to touch. ruamel.yaml stores the comment lines that follow a
value (often the heading comment of the next key) with that value; when an item or key is added after
it, those lines are moved to the new last value, so they stay above the key they describe.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

import yaml as yaml_1_1
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark, YAMLError
from ruamel.yaml.scalarstring import LiteralScalarString, SingleQuotedScalarString
from ruamel.yaml.tokens import CommentToken

# (mapping, sequence, offset) indentations tried in turn; the first is the one the records use
INDENTS = ((2, 4, 2), (2, 2, 0), (4, 6, 4), (4, 4, 0))


class NotPreservable(Exception):
    """ruamel.yaml would change lines of this file that an edit does not touch."""

    def __init__(self, line: int, written: str = "", normal: str = "") -> None:
        super().__init__(f"第 {line} 行")
        self.line, self.written, self.normal = line, written, normal

    def unusual(self) -> str:
        """What is unusual about the line, as staff would fix it."""
        written, normal = self.written, self.normal
        if "\t" in written:
            reason = "用了制表符（Tab）"
        elif written.rstrip() != written:
            reason = "行尾有多余的空格"
        elif re.sub(r":[ ]{2,}", ": ", written) == normal:
            reason = "冒号后面有多个空格"
        elif re.sub(r"([{\[])[ ]+|[ ]+([}\]])", r"\1\2", written) == normal:
            reason = "括号里面多了空格"
        elif re.sub(r"[ ]{2,}#", " #", written) == normal or re.sub(r"#[ ]*", "# ", written) == normal:
            reason = "注释“#”前后的空格与常规写法不同"
        elif written.strip() == normal.strip():
            spaces = [len(line) - len(line.lstrip()) for line in (written, normal)]
            reason = f"缩进是 {spaces[0]} 个空格，常规写法是 {spaces[1]} 个"
        else:
            reason = "写法与程序写出的不同"
        return f"{reason}：这一行写作“{written.strip()}”，常规写法是“{normal.strip()}”"


def _yaml(mapping: int, sequence: int, offset: int) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 100_000  # never fold a long line
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    # the records allow no anchors: an object used twice (a date) is written out twice
    yaml.representer.ignore_aliases = lambda data: True
    yaml.representer.add_representer(type(None), _empty)
    return yaml


def _empty(representer, _: None):
    """An empty value stays empty (`address:`), as staff write it, rather than becoming `null`."""
    return representer.represent_scalar("tag:yaml.org,2002:null", "")


@dataclass
class RoundTrip:
    path: Path
    original: str
    data: CommentedMap
    yaml: YAML
    newline: str

    @classmethod
    def open(cls, path: Path) -> RoundTrip:
        """Raises NotPreservable (or ruamel's YAMLError, UnicodeDecodeError) when the file cannot be edited safely."""
        original = path.read_bytes().decode("utf-8")
        newline = "\r\n" if "\r\n" in original else "\n"
        text = original.replace("\r\n", "\n")
        difference = NotPreservable(1)
        for indent in INDENTS:
            yaml = _yaml(*indent)
            data = yaml.load(text)
            if _dump(yaml, data) == text:
                return cls(path, original, data, yaml, newline)
            if indent == INDENTS[0]:
                lines, dumped = text.splitlines(), _dump(yaml, data).splitlines()
                pairs = enumerate(zip(lines, dumped, strict=False), start=1)
                line = next((n for n, (a, b) in pairs if a != b), min(len(dumped), len(lines)) + 1)
                shown = (lines[line - 1] if line <= len(lines) else "", dumped[line - 1] if line <= len(dumped) else "")
                difference = NotPreservable(line, *shown)
        raise difference

    def text(self) -> str:
        return _dump(self.yaml, self.data).replace("\n", self.newline)


def _dump(yaml: YAML, data: object) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _is_block(node: object) -> bool:
    return isinstance(node, CommentedMap | CommentedSeq) and len(node) > 0 and not node.fa.flow_style()


def _last(node: CommentedMap | CommentedSeq) -> object:
    return len(node) - 1 if isinstance(node, CommentedSeq) else list(node)[-1]


def _slot(container: CommentedMap | CommentedSeq, key: object) -> tuple[list, int] | None:
    """Where ruamel.yaml keeps the comment lines after `container[key]`, if there are any."""
    position = 0 if isinstance(container, CommentedSeq) else 2
    entry = container.ca.items.get(key)
    if entry and entry[position] is not None:
        return entry, position
    value = container[key]
    return _slot(value, _last(value)) if _is_block(value) else None


def _take_tail(container: CommentedMap | CommentedSeq, key: object) -> str | None:
    """Detach the whole comment lines after `container[key]` (its end-of-line comment stays)."""
    found = _slot(container, key)
    if found is None:
        return None
    entry, position = found
    head, _, rest = entry[position].value.partition("\n")
    if not rest:
        return None
    if head.strip().startswith("#"):
        entry[position].value = head + "\n"
    else:
        entry[position] = None
    return "\n" + rest


def _give_tail(container: CommentedMap | CommentedSeq, key: object, text: str | None) -> None:
    if text is None:
        return
    value = container[key]
    if _is_block(value):
        _give_tail(value, _last(value), text)
        return
    position = 0 if isinstance(container, CommentedSeq) else 2
    entry = container.ca.items.setdefault(key, [None, None, None, None])
    entry[position] = CommentToken(text, CommentMark(0), None)


def insert_item(items: CommentedSeq, index: int, item: object) -> None:
    """Insert `item` at `index`, keeping the comment lines after the previous item below the new one."""
    tail = _take_tail(items, index - 1) if index > 0 else None
    items.insert(index, item)
    _give_tail(items, index, tail)


def list_at(record: CommentedMap, key: str, order: list[str]) -> CommentedSeq:
    """`record[key]` as a list to add items to, created where `order` (the model's key order) puts it."""
    value = record.get(key)
    if isinstance(value, CommentedSeq):
        if not value:
            value.fa.set_block_style()
        return value
    items = CommentedSeq()
    if key in record:  # `problems:` left empty (null)
        record[key] = items
        return items
    before = [name for name in order[: order.index(key)] if name in record]
    index = list(record).index(before[-1]) + 1 if before else 0
    tail = _take_tail(record, before[-1]) if before else None
    record.insert(index, key, items)
    _give_tail(record, key, tail)
    return items


def entry(fields: dict[str, object], like: object = None) -> CommentedMap:
    """A new list item, in flow style `{a: 1, b: 2}` when the item it follows is written that way."""
    item = CommentedMap()
    flow = isinstance(like, CommentedMap) and bool(like.fa.flow_style())
    for name, value in fields.items():
        if isinstance(value, list):
            value = CommentedSeq(value)
            value.fa.set_flow_style()
        item[name] = text_value(value, flow) if isinstance(value, str) else value
    if flow:
        item.fa.set_flow_style()
    return item


_SafeLoader = getattr(yaml_1_1, "CSafeLoader", yaml_1_1.SafeLoader)


def _reads_back_bare(text: str, flow: bool) -> bool:
    """Whether the records' reader (PyYAML, YAML 1.1) reads `text` written bare as this very text."""
    try:
        return yaml_1_1.load(f"{{k: {text}}}" if flow else f"k: {text}", Loader=_SafeLoader) == {"k": text}
    except yaml_1_1.YAMLError:
        return False


def text_value(text: str, flow: bool = False) -> str:
    """Text that the records' reader reads back as the same text: multi-line text as a `|` block (not inside
    braces), and quoted wherever the reader would not read it bare as written. ruamel.yaml follows YAML 1.2
    and leaves bare what YAML 1.1 takes for something else: `12:30` (a number), `ON` (true), `?0` in braces."""
    if "\n" in text and not flow:
        return LiteralScalarString(text)
    return text if _reads_back_bare(text, flow) else SingleQuotedScalarString(text)


__all__ = ["NotPreservable", "RoundTrip", "YAMLError", "entry", "insert_item", "list_at", "text_value"]
