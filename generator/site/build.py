"""Stage 5, build: the whole pipeline, from `content/` to a published `site/`, replaced only on success.

load → check → compute → render (Markdown pages, in memory) → MkDocs (into a temporary folder) → every page's
security policy (`policy.py`) → check the built site → swap it into place. A failure at any stage leaves the
previous site untouched.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import re
import shutil
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import TemplateError

from ..figures.model import SiteModel, build_model
from ..parallel import Background, running
from ..records.checks import check
from ..records.errors import ContentInvalid, report
from ..records.load import load
from .budget import check_project_pages
from .builddate import pinned, source_date_epoch
from .engine import BuildFailed, run_mkdocs, template_problem
from .outputs import MARKER, MARKER_TEXT, UnsafeFolder, check_outputs, owned
from .pages.common import pinyin_ready
from .photos import MediaUnreadable
from .render import TEMPLATES, media_cache_of, render_pages, write_static
from .search import add_to_index
from .search import ready as search_ready


@dataclass
class BuildResult:
    site: Path
    pages: int
    timings: dict[str, float] = field(default_factory=dict)
    model: SiteModel | None = None


class _Stopwatch:
    def __init__(self) -> None:
        self.timings: dict[str, float] = {}

    def stage(self, name: str):
        watch = self

        class _Stage:
            def __enter__(self) -> None:
                self.start = time.perf_counter()

            def __exit__(self, *exc: object) -> None:
                watch.timings[name] = watch.timings.get(name, 0.0) + time.perf_counter() - self.start

        return _Stage()


def _swap(built: Path, out: Path) -> None:
    """Put the new site in place of the old one with two renames, so it is never half-written."""
    if not owned(out, "out"):  # checked at the start too: something else may have been put there since
        raise UnsafeFolder(f"--out {out} 里出现了不是本程序生成的文件，网站没有替换它")
    old = out.with_name(f".{out.name}.old-{os.getpid()}")
    if out.exists():
        out.rename(old)
    try:
        built.rename(out)
    except OSError:
        if old.exists():
            old.rename(out)
        raise
    shutil.rmtree(old, ignore_errors=True)


@contextlib.contextmanager
def _long_lived() -> Iterator[None]:
    """Records and figures are made in bulk, live for the whole build and hold no reference cycles: the
    cyclic garbage collector would only walk them again and again (a third of a province's load time).
    It pauses while they are made, and they stay frozen out of its walks until the build ends."""
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


def build(content_dir: Path, out: Path, docs: Path, check_site: bool = True,
          templates: Path = TEMPLATES) -> BuildResult:
    """Build `content_dir` into `out`; `out` is replaced only when every stage passed. `out` and `docs`
    must be folders the build may replace (`outputs.py`), or nothing is done."""
    check_outputs({"out": out, "docs": docs}, content_dir, templates)
    _remove_leftovers(out, docs)
    watch = _Stopwatch()
    try:
        # load and check every record before anything is written
        with watch.stage("load_s"), _long_lived():
            content = load(content_dir)
            check(content)
        if content.errors:
            raise ContentInvalid(content.errors)
        with pinned(source_date_epoch(content_dir)):
            return _generate(content, out, docs, check_site, templates, watch)
    finally:
        gc.unfreeze()


def _generate(content, out: Path, docs: Path, check_site: bool, templates: Path, watch: _Stopwatch) -> BuildResult:
    # compute every figure once
    with watch.stage("compute_s"), _long_lived():
        model = build_model(content)
        model.compute_all()

    staging = docs.parent / f".static-{os.getpid()}"
    building = out.with_name(f".{out.name}.building-{os.getpid()}")
    for folder in (staging, building):
        shutil.rmtree(folder, ignore_errors=True)
    static: Background | None = None
    try:
        # the static files (cards, data files …) in a second process, beside the pages and the engine.
        # Where the pages are rendered by several processes, it is forked before them (its memory then
        # holds no copy of the pages) and starts at once: with the engine on every core, the static files
        # are the longest road to the end. A county's pages are rendered here first, which a fork
        # beforehand would slow (every page of memory written to is then copied).
        def make_static() -> Background:
            return Background(lambda: write_static(model, staging, templates, media_cache_of(docs)), held=True)

        search_ready()  # before any fork: the static files' search entries and the engine both segment with jieba
        pinyin_ready()  # and the static files and the pages both sort names by their pinyin
        static = make_static() if model.large else None
        if static is not None:
            static.release()

        # render every page's Markdown, on every core
        with watch.stage("render_s"):
            rendered = render_pages(model, docs, templates)
        check_project_pages(model.content, rendered.markdown)
        if model.content.errors:
            raise ContentInvalid(model.content.errors)
        static = static or make_static()
        static.release()

        # MkDocs builds into a temporary folder beside the real one; the static files join it there
        out.parent.mkdir(parents=True, exist_ok=True)
        with watch.stage("engine_s"):
            run_mkdocs(model, rendered, building, templates)
        with watch.stage("static_wait_s"):
            made = static.result()
            _move_in(staging, building, made.files)
            add_to_index(building, made.search_entries)
        watch.timings["static_s"] = made.seconds
        watch.timings["photos_encoded"] = made.photos_encoded
        if check_site:
            from .checksite import check_built_site

            with watch.stage("check_s"):
                problems = check_built_site(building, urlsplit(model.site.base_url).path, worth_it=model.large)
            if problems:
                listed = "\n".join(f"  - {problem}" for problem in problems)
                raise BuildFailed(f"生成的网站没有通过检查（{len(problems)} 处）：\n{listed}")
        (building / MARKER).write_bytes(MARKER_TEXT)
        _swap(building, out)
    except TemplateError as error:
        raise BuildFailed(f"页面模板有误，没有生成网页：\n  - {template_problem(error)}") from error
    except MediaUnreadable as error:
        raise BuildFailed(str(error)) from error
    finally:
        if static is not None:
            static.cancel()
        shutil.rmtree(building, ignore_errors=True)
        shutil.rmtree(staging, ignore_errors=True)
    return BuildResult(out, rendered.pages + made.pages, watch.timings, model)


def _remove_leftovers(out: Path, docs: Path) -> None:
    """The temporary folders of builds that were killed: each is named after its build's process, and
    those of a build still running are left alone. A killed build may have moved the previous site aside
    and not yet put the new one in place: then the previous site is put back."""
    found = [(path, match) for folder, pattern in (
        (docs.parent, re.compile(r"^\.static-(\d+)$")),
        (out.parent, re.compile(rf"^\.{re.escape(out.name)}\.(old|building)-(\d+)$")))
        if folder.is_dir() for path in folder.iterdir() if (match := pattern.match(path.name)) and path.is_dir()]
    for path, match in sorted(found):
        if running(int(match.group(match.lastindex))):
            continue
        if match.lastindex == 2 and match.group(1) == "old" and not out.exists():
            path.rename(out)
        else:
            shutil.rmtree(path, ignore_errors=True)


def _move_in(staging: Path, site: Path, files: list[str]) -> None:
    for file in files:
        target = site / file
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging / file, target)


def build_command(arguments: argparse.Namespace) -> int:
    try:
        result = build(arguments.content, arguments.out, arguments.docs, check_site=not arguments.no_check)
    except UnsafeFolder as unsafe:
        print(f"命令行有误：{unsafe}", file=sys.stderr)
        return 2
    except ContentInvalid as invalid:
        print(report(invalid.errors), file=sys.stderr)
        return 1
    except BuildFailed as failed:
        print(f"{failed}\n网站没有更新，原有的 {arguments.out}/ 保持不变。", file=sys.stderr)
        return 1
    index = result.site / "index.html"
    print(f"网站已生成：{index}（{result.pages} 个页面）。用浏览器打开它，或运行 make serve 预览。")
    return 0
