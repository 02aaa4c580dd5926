"""`make serve`: a live preview at localhost while staff edit records or developers edit templates.

Two watchers, each on its own inputs, so that nothing either writes is watched by the one writing it:
- ours watches `content/` (YAML records) and `site_templates/`, and re-renders the Markdown tree into
  the docs folder; render.py rewrites only the files whose text changed;
- MkDocs' own server watches the docs folder, rebuilds the pages into its temporary folder and reloads
  the browser.
Reading the records makes the system report "opened"/"closed" events on them: only writes count, or
every re-render would trigger the next. Invalid content is reported in Chinese and the docs folder is
left alone, so the previous preview stays up.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import TemplateError
from watchdog.events import FileSystemEvent, FileSystemEventHandler

from ..figures.model import build_model
from ..records.checks import check
from ..records.errors import report
from ..records.load import load
from .builddate import pinned, source_date_epoch
from .engine import mkdocs_settings
from .outputs import UnsafeFolder, check_outputs
from .photos import MediaUnreadable
from .render import TEMPLATES, render

WRITES = {"created", "modified", "deleted", "moved"}
EDITOR_LEFTOVERS = (".swp", ".swx", ".tmp", "~")


class Preview:
    def __init__(self, content: Path, docs: Path, templates: Path = TEMPLATES) -> None:
        self.content, self.docs, self.templates = content.resolve(), docs.resolve(), templates.resolve()
        self.settings: dict | None = None  # MkDocs' settings; "extra" is updated in place on each render

    def relevant(self, path: str | Path) -> bool:
        """Whether a change of `path` calls for a re-render: a record or a template, never an output."""
        path = Path(path).resolve()
        if path.is_relative_to(self.docs) or path.name.startswith((".", "~")) or path.name.endswith(EDITOR_LEFTOVERS):
            return False
        if path.is_relative_to(self.content):
            return path.suffix == ".yml"
        return path.is_relative_to(self.templates)

    def rerender(self) -> bool:
        """Render the docs folder from the records; on an error say why in Chinese and leave it as it was."""
        content = load(self.content)
        check(content)
        if content.errors:
            print(report(content.errors).replace("网站没有更新。", "预览保持上一次的结果。"), file=sys.stderr)
            return False
        try:
            with pinned(source_date_epoch(self.content)):
                model = build_model(content)
                rendered = render(model, self.docs, self.templates)
        except TemplateError as error:
            where = f"{Path(error.filename).name} 第 {error.lineno} 行：" if getattr(error, "filename", None) else ""
            print(f"页面模板有误：{where}{error}。预览保持上一次的结果。", file=sys.stderr)
            return False
        except MediaUnreadable as error:
            print(f"{error}\n预览保持上一次的结果。", file=sys.stderr)
            return False
        settings = mkdocs_settings(model, rendered, self.templates)
        if self.settings is None:
            self.settings = settings
        else:
            self.settings["extra"].update(settings["extra"])  # MkDocs re-reads the same dict on each rebuild
            if (settings["site_name"], settings["site_url"]) != (self.settings["site_name"], self.settings["site_url"]):
                print("网站名称或网址改了：重新运行 make serve 后预览才会用上。", file=sys.stderr)
        return True


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
            done = self.preview.rerender()
            if done:
                print(f"{time.strftime('%H:%M:%S')} 预览已更新，浏览器会自动刷新。", file=sys.stderr)
            return done


def loops(docs: Path, watched: list[Path]) -> Path | None:
    """A watched folder that holds the docs folder or sits inside it: serving would rebuild for ever."""
    docs = docs.resolve()
    return next((w for w in watched if docs.is_relative_to(w.resolve()) or w.resolve().is_relative_to(docs)), None)


def serve_command(arguments: argparse.Namespace) -> int:
    import jieba
    from mkdocs.commands.serve import serve as mkdocs_serve
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
    preview = Preview(arguments.content, arguments.docs)
    print("正在生成预览……", file=sys.stderr)
    if not preview.rerender():
        print("内容有错误，预览没有启动。改正后重新运行 make serve。", file=sys.stderr)
        return 1
    handler = ChangeHandler(preview)
    observer = Observer()
    for folder in (preview.content, preview.templates):
        observer.schedule(handler, str(folder), recursive=True)
    observer.start()
    path = urlsplit(preview.settings["site_url"]).path or "/"
    print(f"本地预览：http://{arguments.addr}{path}（改了 content/ 下的记录或 site_templates/ 下的模板会自动更新；"
          "按 Ctrl+C 停止）", file=sys.stderr)
    try:
        mkdocs_serve(livereload=True, watch=[str(preview.templates / "overrides")], dev_addr=arguments.addr,
                     **preview.settings)
    except OSError as error:
        print(f"无法在 {arguments.addr} 启动预览：{error}（端口被占用时用 --addr 127.0.0.1:8001 换一个）",
              file=sys.stderr)
        return 1
    finally:
        observer.stop()
        observer.join()
    return 0
