"""Validation errors: collected with file, line, column and key, reported all at once in Chinese."""

from __future__ import annotations

from dataclasses import dataclass

from .characters import visible
from .yamlsource import KeyPath


def format_key(path: KeyPath) -> str:
    """`("progress", 2, "completed")` → `progress[3].completed`: items counted from 1, as staff count."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += f".{part}" if text else str(part)
    return text


@dataclass(frozen=True, order=True)
class ContentError:
    file: str
    line: int
    column: int
    key: str
    message: str

    def __str__(self) -> str:
        """One line, whatever the file name, key or quoted value holds (line breaks, control characters,
        bidi overrides are shown as escapes): no error can forge another line or hide its own text."""
        key = f" {self.key}" if self.key else ""
        return visible(f"{self.file}:{self.line}:{self.column}{key} — {self.message}")

    def github(self) -> str:
        """A GitHub Actions workflow command, shown on the changed line of a pull request. Its properties and
        message are escaped as the Actions toolkit does, so a file name cannot add properties or commands."""
        message = visible(f"{self.key} — {self.message}" if self.key else self.message)
        file = _property(visible(self.file))
        return f"::error file={file},line={self.line},col={self.column},title=内容校验错误::{_data(message)}"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


class ContentInvalid(Exception):
    """The content has errors; nothing was built."""

    def __init__(self, errors: list[ContentError]) -> None:
        super().__init__(f"{len(errors)} 处错误")
        self.errors = sorted(set(errors))


def report(errors: list[ContentError], github: bool = False) -> str:
    lines = [error.github() if github else str(error) for error in errors]
    files = len({error.file for error in errors})
    lines.append(f"共 {len(errors)} 处错误，涉及 {files} 个文件。请逐条改正后再试；网站没有更新。")
    return "\n".join(lines)
