"""`python -m generator.bench --preview`: from saving a project record to `make serve` showing the change.

The real preview runs in a process of its own (`python -m generator serve` on a free port of 127.0.0.1);
once it is up and idle, a project's name is edited in its record five times, and after each save its page
is fetched over HTTP every 50 ms until the new name is on it. Between edits the preview is let finish its
static files, as a person reading the page would. Nothing is sent anywhere but 127.0.0.1.
"""

from __future__ import annotations

import queue
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import yaml

ROOT = Path(__file__).resolve().parents[2]
IDLE = "打印卡片和下载文件也已更新"  # what the preview says when an update is wholly done
START_TIMEOUT, EDIT_TIMEOUT = 1200.0, 300.0


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def page_text(url: str, timeout: float = 10) -> str:
    """The page at `url`, or "" while the server cannot give it."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


class _Said:
    """The preview's messages, read as they come."""

    def __init__(self, stream) -> None:
        self.lines: queue.Queue[str] = queue.Queue()
        self.all: list[str] = []
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream) -> None:
        for line in stream:
            self.all.append(line)
            self.lines.put(line)

    def wait_for(self, text: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                if text in self.lines.get(timeout=max(0.01, deadline - time.monotonic())):
                    return
            except queue.Empty:
                raise TimeoutError(f"预览没有说“{text}”：\n{''.join(self.all[-20:])}") from None


def measure_preview(content: Path, work: Path, edits: int = 5) -> dict:
    record = sorted((content / "projects").glob("*.yml"))[0]
    site = yaml.safe_load((content / "site.yml").read_text(encoding="utf-8"))
    port = free_port()
    url = f"http://127.0.0.1:{port}{urlsplit(site['base_url']).path or '/'}projects/{record.stem}/"
    name = re.search(r"^name: (.+)$", record.read_text(encoding="utf-8"), re.M).group(1)
    started = time.perf_counter()
    server = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--content", str(content), "--docs",
                               str(work / "docs"), "--addr", f"127.0.0.1:{port}"], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    said = _Said(server.stderr)
    try:
        said.wait_for(IDLE, START_TIMEOUT)
        ready = time.perf_counter() - started
        time.sleep(2)  # the watcher may still report the files the first render read: let that update end too
        if any("有改动" in line for line in list(said.lines.queue)):
            said.wait_for(IDLE, START_TIMEOUT)
        assert name in page_text(url), f"预览里没有 {url}"
        times = []
        for number in range(1, edits + 1):
            edited = f"{name}（第{number}次修改）"
            text = re.sub(r"^name: .+$", f"name: {edited}", record.read_text(encoding="utf-8"), count=1, flags=re.M)
            saved = time.perf_counter()
            record.write_text(text, encoding="utf-8")
            while edited not in page_text(url):
                if time.perf_counter() - saved > EDIT_TIMEOUT:
                    raise TimeoutError(f"修改 {number} 在 {EDIT_TIMEOUT:.0f} 秒内没有出现在预览里")
                time.sleep(0.05)
            times.append(round(time.perf_counter() - saved, 2))
            said.wait_for(IDLE, EDIT_TIMEOUT)
    finally:
        server.terminate()
        server.wait(timeout=60)
    return {"preview_start_s": round(ready, 1), "preview_edits_s": times,
            "preview_s": round(statistics.median(times), 2)}
