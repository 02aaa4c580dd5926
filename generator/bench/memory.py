"""The memory a build has in use at once: the sum of its processes' proportional set sizes, sampled.

Forked workers share the build's model with it, page for page, until one of them writes to a page. Adding
each process's peak resident size (`peak_rss_mb`) counts those shared pages once per process: an upper
bound. Linux's proportional set size (PSS, /proc/PID/smaps_rollup) divides each shared page among the
processes sharing it, so the sum over the build's processes is the memory they hold at that moment; a
process of its own samples it five times a second and keeps the largest sum (`peak_pss_mb`).
"""

from __future__ import annotations

import contextlib
import os
import select
import subprocess
import sys
from pathlib import Path


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        with contextlib.suppress(OSError):
            found += [int(child) for child in task.read_text().split()]
    return found


def _pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def tree_pss_kb(root: int) -> int:
    """The PSS of `root` and of every process under it, in kB."""
    total, pending = 0, [root]
    while pending:
        pid = pending.pop()
        total += _pss_kb(pid)
        pending += _children(pid)
    return total


def _watch(root: int, interval: float) -> None:
    """Print the largest sum of PSS seen under `root` (this process left out), once stdin closes."""
    peak = 0
    while not select.select([sys.stdin], [], [], interval)[0]:
        peak = max(peak, tree_pss_kb(root) - _pss_kb(os.getpid()))
    print(peak, flush=True)


class PeakMemory:
    """Samples this process's tree while it is in its `with` block, from a process of its own (a thread here
    would run beside the build's forks); `peak_mb` is the largest sum seen (0 where /proc has no
    smaps_rollup)."""

    def __init__(self, interval: float = 0.2) -> None:
        self.interval, self.peak_kb = interval, 0
        self._watcher: subprocess.Popen | None = None

    def __enter__(self) -> PeakMemory:
        self._watcher = subprocess.Popen([sys.executable, "-m", "generator.bench.memory", str(os.getpid()),
                                          str(self.interval)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         text=True)
        return self

    def __exit__(self, *exc: object) -> None:
        out, _ = self._watcher.communicate("")
        self.peak_kb = int(out.strip() or 0)

    @property
    def peak_mb(self) -> int:
        return round(self.peak_kb / 1024)


if __name__ == "__main__":
    _watch(int(sys.argv[1]), float(sys.argv[2]))
