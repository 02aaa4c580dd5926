"""What each command of `python -m generator` does; `__main__.py` only parses the command line."""

from __future__ import annotations

import argparse
import sys

from .check import check
from .errors import report
from .load import Content, load


def validated(arguments: argparse.Namespace) -> Content | None:
    """The content, or None after printing every error in it."""
    content = load(arguments.content)
    check(content)
    if content.errors:
        github = getattr(arguments, "format", "text") == "github"
        print(report(sorted(set(content.errors)), github=github), file=sys.stdout if github else sys.stderr)
        return None
    return content


def validate(arguments: argparse.Namespace) -> int:
    content = validated(arguments)
    if content is None:
        return 1
    print(f"校验通过：{len(content.projects)} 个项目、{len(content.meetings)} 条会议记录，没有发现错误。")
    return 0


def run(arguments: argparse.Namespace) -> int:
    if arguments.command == "validate":
        return validate(arguments)
    if arguments.command == "build":
        from .build import build_command

        return build_command(arguments)
    if arguments.command == "schema":
        from .schema import write_schemas

        for path in write_schemas(arguments.out):
            print(f"已写入 {path}")
        return 0
    raise AssertionError(arguments.command)
