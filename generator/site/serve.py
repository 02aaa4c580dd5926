"""`make serve`: a live preview at localhost while staff edit records or developers edit templates.

Our watcher watches `content/` (YAML records) and `site_templates/` and, once a change settles, brings the
preview up to date in steps, each as quick as it can be for a province:
- the records: only the files changed since are parsed again (`load`'s cache), then checked and computed;
- the pages' Markdown is rendered into the docs folder, where only files whose text changed are written;
- the engine (`engine_live.py`) builds again only the pages whose Markdown changed, and MkDocs' live-reload
  server, which serves the preview's folder, reloads the browser;
- then the static files (printable cards, data files, Word documents) are made in a thread, and what changed
  is copied in: the pages show first. An edit meanwhile stops that thread; it runs again after.
A template change builds every page again. Reading the records makes the system report "opened"/"closed"
events on them: only writes count, or every re-render would trigger the next. Invalid content is reported in
Chinese and the preview is left as it was.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import TemplateError
from watchdog.events import FileSystemEvent, FileSystemEventHandler

from ..figures.model import SiteModel, build_model
from ..records.checks import check
from ..records.errors import report
from ..records.load import load
from .builddate import pinned, source_date_epoch
from .engine import BuildFailed, mkdocs_settings
from .engine_live import LiveSite, serve_forever
from .outputs import UnsafeFolder, check_outputs
from .photos import MediaUnreadable
from .render import TEMPLATES, Stopped, media_cache_of, render_pages, write_static
from .search import project_entries

WRITES = {"created", "modified", "deleted", "moved"}
EDITOR_LEFTOVERS = (".swp", ".swx", ".tmp", "~")


class Preview:
    def __init__(self, content: Path, docs: Path, templates: Path = TEMPLATES, live: LiveSite | None = None,
                 stamp: Path | None = None, serve_url: str | None = None) -> None:
        self.content, self.docs, self.templates = content.resolve(), docs.resolve(), templates.resolve()
        self.settings: dict | None = None  # MkDocs' settings; "extra" is updated in place on each render
        self.live, self.stamp, self.serve_url = live, stamp, serve_url  # the served site (make serve)
        self.parsed: dict = {}  # each record file's parsed document, until it changes
        self.digests: dict[str, bytes] = {}  # what each page of the docs folder holds
        self.static_files: set[Path] = set()
        self._static: threading.Thread | None = None
        self._stop_static = threading.Event()
        self.built = 0  # pages the engine built at the last update
        self._search_entries: list[dict] = []

    def relevant(self, path: str | Path) -> bool:
        """Whether a change of `path` calls for a re-render: a record or a template, never an output."""
        path = Path(path).resolve()
        if path.is_relative_to(self.docs) or path.name.startswith((".", "~")) or path.name.endswith(EDITOR_LEFTOVERS):
            return False
        if path.is_relative_to(self.content):
            return path.suffix == ".yml"
        return path.is_relative_to(self.templates)

    def rerender(self, changed: list[str] | None = None) -> bool:
        """Bring the preview up to the records and templates (`changed`: the paths that changed, where known);
        on an error say why in Chinese and leave it as it was."""
        self.stop_static()
        content = load(self.content, self.parsed)
        check(content)
        if content.errors:
            print(report(content.errors).replace("网站没有更新。", "预览保持上一次的结果。"), file=sys.stderr)
            return False
        try:
            with pinned(source_date_epoch(self.content)):
                model = build_model(content)
                rendered = render_pages(model, self.docs, self.templates, write_pages=True, keep=self.static_files,
                                        digests=self.digests)
                entries = project_entries(model)
        except TemplateError as error:
            where = f"{Path(error.filename).name} 第 {error.lineno} 行：" if getattr(error, "filename", None) else ""
            print(f"页面模板有误：{where}{error}。预览保持上一次的结果。", file=sys.stderr)
            return False
        settings = mkdocs_settings(model, rendered, self.templates)
        if self.settings is None:
            self.settings = settings
        else:
            self.settings["extra"].update(settings["extra"])
            if (settings["site_name"], settings["site_url"]) != (self.settings["site_name"], self.settings["site_url"]):
                print("网站名称或网址改了：重新运行 make serve 后预览才会用上。", file=sys.stderr)
        if self.live is not None:
            served = {**self.settings, "extra": dict(self.settings["extra"]), "site_url": self.serve_url}
            theme = any(Path(path).resolve().is_relative_to(self.templates) for path in changed or ())
            try:
                self.built = self.live.update(served, rendered.changed, entries, everything=theme)
            except BuildFailed as failed:
                print(f"{failed}\n预览保持上一次的结果。", file=sys.stderr)
                return False
            self._touch()
        self._search_entries = entries
        self.start_static(model)
        return True

    def start_static(self, model: SiteModel) -> None:
        """The static files into the docs folder (and what changed into the served site): in a thread when
        serving, so that the pages show first."""
        self._stop_static.clear()
        if self.live is None:
            self._write_static(model)
            return
        self._static = threading.Thread(target=self._write_static, args=(model,), daemon=True)
        self._static.start()

    def settle(self) -> None:
        """Wait for the static files of the last update."""
        if self._static is not None:
            self._static.join()

    def stop_static(self) -> None:
        if self._static is not None:
            self._stop_static.set()
            self._static.join()
            self._static = None

    def _write_static(self, model: SiteModel) -> None:
        if self.live is not None:
            try:
                self.live.index_later(self._search_entries)
            except BuildFailed as failed:
                print(f"{failed}\n预览的搜索保持上一次的结果。", file=sys.stderr)
        try:
            with pinned(source_date_epoch(self.content)):
                static = write_static(model, self.docs, self.templates, media_cache_of(self.docs),
                                      stop=self._stop_static.is_set)
        except Stopped:
            return
        except MediaUnreadable as error:
            print(f"{error}\n预览中的照片保持上一次的结果。", file=sys.stderr)
            return
        self.static_files = {self.docs / file for file in static.files}
        if self.live is not None:
            self.live.copy(self.docs, static.changed)
            self._touch()
            print(f"{time.strftime('%H:%M:%S')} 打印卡片和下载文件也已更新。", file=sys.stderr)

    def _touch(self) -> None:
        """Tell the live-reload server that the site changed: it reloads the browsers."""
        if self.stamp is not None:
            self.stamp.write_text(str(time.time_ns()), encoding="utf-8")


class ChangeHandler(FileSystemEventHandler):
    """Collects relevant changes and re-renders once they settle (editors save in several steps)."""

    def __init__(self, preview: Preview, delay: float | None = 0.3) -> None:
        self.preview, self.delay = preview, delay  # delay None: the caller calls flush() (tests)
        self.pending: set[str] = set()
        self._lock = threading.Lock()
        self._rendering = threading.Lock()  # one render at a time; changes meanwhile wait for the next
        self._timer: threading.Timer | None = None

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory or event.event_type not in WRITES:
            return
        paths = [p for p in (event.src_path, getattr(event, "dest_path", "")) if p and self.preview.relevant(p)]
        if not paths:
            return
        with self._lock:
            self.pending.update(str(p) for p in paths)
            if self.delay is not None:
                if self._timer:
                    self._timer.cancel()
                self._timer = threading.Timer(self.delay, self.flush)
                self._timer.daemon = True
                self._timer.start()

    def flush(self) -> bool | None:
        """Re-render for the pending changes: True done, False refused (printed), None nothing pending."""
        with self._rendering:
            with self._lock:
                changed, self.pending = sorted(self.pending), set()
            if not changed:
                return None
            shown = "、".join(Path(p).name for p in changed[:3]) + ("等" if len(changed) > 3 else "")
            print(f"{time.strftime('%H:%M:%S')} {shown} 有改动，正在更新预览……", file=sys.stderr)
            done = self.preview.rerender(changed)
            if done:
                print(f"{time.strftime('%H:%M:%S')} 预览已更新，浏览器会自动刷新。", file=sys.stderr)
            return done


def loops(docs: Path, watched: list[Path]) -> Path | None:
    """A watched folder that holds the docs folder or sits inside it: serving would rebuild for ever."""
    docs = docs.resolve()
    return next((w for w in watched if docs.is_relative_to(w.resolve()) or w.resolve().is_relative_to(docs)), None)


def serve_command(arguments: argparse.Namespace) -> int:
    import jieba
    from watchdog.observers import Observer

    jieba.setLogLevel(logging.WARNING)  # its progress chatter is English and not for staff
    # The watchers and the server run threads; forking beside them (parallel.py) could copy a lock
    # some thread holds. A preview renders in this one process.
    os.environ["ZDXM_WORKERS"] = "1"

    host, _, port = arguments.addr.rpartition(":")
    if not host or not port.isdigit():
        print(f"命令行有误：--addr 应写成 地址:端口，如 127.0.0.1:8000（实际 “{arguments.addr}”）", file=sys.stderr)
        return 2
    clash = loops(arguments.docs, [arguments.content, TEMPLATES])
    if clash:
        print(f"命令行有误：--docs {arguments.docs} 与被监视的 {clash} 互相包含，会反复重建；请换一个目录",
              file=sys.stderr)
        return 2
    try:
        check_outputs({"docs": arguments.docs}, arguments.content, TEMPLATES)
    except UnsafeFolder as unsafe:
        print(f"命令行有误：{unsafe}", file=sys.stderr)
        return 2
    served = Path(tempfile.mkdtemp(prefix="zdxm-preview-"))
    site, stamps = served / "site", served / "stamp"
    stamps.mkdir()
    live = LiveSite(site)
    preview = Preview(arguments.content, arguments.docs, live=live, stamp=stamps / "updated")
    try:
        print("正在生成预览……", file=sys.stderr)
        content = load(preview.content, preview.parsed)  # the address it is served at comes from site.yml
        path = urlsplit(content.site.base_url).path if content.site else "/"
        preview.serve_url = f"http://{arguments.addr}{path or '/'}"
        if not preview.rerender():
            print("内容有错误，预览没有启动。改正后重新运行 make serve。", file=sys.stderr)
            return 1
        handler = ChangeHandler(preview)
        observer = Observer()
        for folder in (preview.content, preview.templates):
            observer.schedule(handler, str(folder), recursive=True)
        observer.start()
        print(f"本地预览：{preview.serve_url}（改了 content/ 下的记录或 site_templates/ 下的模板会自动更新；"
              "按 Ctrl+C 停止）", file=sys.stderr)
        try:
            serve_forever(site, host, int(port), path or "/", [stamps], lambda: None)
        except OSError as error:
            print(f"无法在 {arguments.addr} 启动预览：{error}（端口被占用时用 --addr 127.0.0.1:8001 换一个）",
                  file=sys.stderr)
            return 1
        finally:
            observer.stop()
            observer.join()
    finally:
        preview.stop_static()
        live.close()
        shutil.rmtree(served, ignore_errors=True)
    return 0
