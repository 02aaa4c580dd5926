"""The one date a build may use: the last commit's, never the clock, so the same commit builds the same bytes.

MkDocs reads SOURCE_DATE_EPOCH (https://reproducible-builds.org/specs/source-date-epoch/) for the sitemap's
dates and the gzip header of sitemap.xml.gz; anything else that needs a timestamp reads it too.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path


def source_date_epoch(content: Path) -> str:
    """SOURCE_DATE_EPOCH when it is set; else the time of the last commit; else (a tree outside git)
    the newest record's modification time."""
    given = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if given:
        if not given.isdigit():
            raise ValueError(f"环境变量 SOURCE_DATE_EPOCH 应是整数秒数（如 1638748800），实际是 “{given}”")
        return given
    try:
        stamp = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=content, capture_output=True,
                               text=True, timeout=10, check=True).stdout.strip()
        if stamp:
            return stamp
    except (OSError, subprocess.SubprocessError):
        pass
    newest = max((p.stat().st_mtime for p in content.rglob("*.yml")), default=0)
    return str(int(newest))


@contextlib.contextmanager
def pinned(epoch: str) -> Iterator[None]:
    """SOURCE_DATE_EPOCH set for one build only: the previous value comes back afterwards, so one build's
    date never leaks into the next build in the same process (tests, `make serve`)."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = epoch
    try:
        yield
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before
