"""The records of a content folder, loaded and checked, or every error in them printed: what each command
that reads `content/` starts with."""

from __future__ import annotations

import argparse
import sys

from .checks import check
from .errors import report
from .load import Content, load


def validated(arguments: argparse.Namespace) -> Content | None:
    """The content of `arguments.content`, or None after printing every error in it (as GitHub
    annotations on standard output with `--format github`)."""
    content = load(arguments.content)
    check(content)
    if content.errors:
        github = getattr(arguments, "format", "text") == "github"
        print(report(sorted(set(content.errors)), github=github), file=sys.stdout if github else sys.stderr)
        return None
    return content
