"""The folders a build replaces or prunes — `--out` (the site) and `--docs` (the engine's folder, or the
preview's Markdown) — and the refusal of any folder that is not the build's to destroy.

A build replaces the whole `--out` folder and removes from `--docs` every file it did not write, so a
mistyped option (`--out content`, `--out .`, `--docs docs`) used to delete records, the repository or the
staff guide. Now a folder is used only when it is missing, empty, or carries the marker file the build
leaves in every folder it owns; and never when it holds the content, the templates, the other output, the
working folder or a git repository, or sits inside `.git`, whatever it carries.

Folders made by builds from before the marker existed are recognised by what only a build leaves there:
a site by its index page, search index, site map and OC4IDS package; a docs folder by the theme's own
stylesheet and script. They are taken over (the marker is added) on the next build.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

MARKER = ".zdxm-generated"
MARKER_TEXT = ("本文件夹由 python -m generator 生成，每次生成都会整个替换或清理它，请不要在这里存放其他文件。\n"
               "删除本文件后，生成命令会拒绝写入这个文件夹。\n").encode()
_BUILT_SITE = ("index.html", "sitemap.xml", "search/search_index.json", "data/oc4ids.json")
_BUILT_DOCS = ("assets/site.css", "assets/filter.js")
KINDS = {"out": ("网站输出目录", _BUILT_SITE), "docs": ("素材目录", _BUILT_DOCS)}


class UnsafeFolder(Exception):
    """An output folder the build must not replace or prune; the message says why, in Chinese."""


def _within(path: Path, folder: Path) -> bool:
    return path == folder or path.is_relative_to(folder)


def _repository(start: Path) -> Path | None:
    """The git repository (a folder with `.git`) that holds `start`, if any."""
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return None


def owned(folder: Path, kind: str) -> bool:
    """Whether the build may empty `folder`: missing, empty, marked, or left by an earlier build."""
    if not folder.exists():
        return True
    if not folder.is_dir():
        return False
    if (folder / MARKER).is_file() or not any(folder.iterdir()):
        return True
    return not (folder / ".git").exists() and all((folder / name).is_file() for name in KINDS[kind][1])


def claim(folder: Path, kind: str) -> Path:
    """Mark `folder` as the build's (it must be `owned`); the marker's path."""
    if not owned(folder, kind):
        raise UnsafeFolder(_not_ours(folder, kind))
    folder.mkdir(parents=True, exist_ok=True)
    marker = folder / MARKER
    if not marker.is_file() or marker.read_bytes() != MARKER_TEXT:
        marker.write_bytes(MARKER_TEXT)
    return marker


def _not_ours(folder: Path, kind: str) -> str:
    option, (what, _) = f"--{kind}", KINDS[kind]
    if folder.exists() and not folder.is_dir():
        return f"{option} {folder} 不能用：它是一个文件，不是文件夹"
    return (f"{option} {folder} 不能用：这个文件夹里已有不是本程序生成的文件（没有 {MARKER} 标记，也不像以前生成的"
            f"{what}）。生成时会删除它里面原有的一切，请换一个不存在的或空的文件夹")


def check_outputs(folders: dict[str, Path], content: Path, templates: Path) -> None:
    """Refuse any of `folders` ("out" and/or "docs" → path) that the build must not replace or prune."""
    content = content.resolve()
    working = Path.cwd().resolve()
    protected = {content: "内容目录（content）", templates.resolve(): "页面模板目录", working: "当前所在的文件夹"}
    for holder in (content, working, Path(__file__).resolve()):
        repository = _repository(holder)
        if repository is not None:
            protected.setdefault(repository, "git 仓库的根目录")
    with contextlib.suppress(RuntimeError):  # no home folder known: nothing to protect there
        protected.setdefault(Path.home().resolve(), "用户的主目录")
    resolved = {kind: folder.resolve() for kind, folder in folders.items()}
    for kind, folder in folders.items():
        problem = _dangerous(resolved[kind], protected, content)
        if problem is not None:
            raise UnsafeFolder(f"--{kind} {folder} 不能用：{problem}。生成时会整个替换或清理这个文件夹，请换一个目录")
    for kind, folder in folders.items():
        for other, path in resolved.items():
            if other != kind and (_within(resolved[kind], path) or _within(path, resolved[kind])):
                raise UnsafeFolder(f"--{kind} {folder} 不能用：它与 --{other} {folders[other]} "
                                   "是同一个文件夹或互相包含")
    for kind, folder in folders.items():
        if not owned(resolved[kind], kind):
            raise UnsafeFolder(_not_ours(folder, kind))


def _dangerous(path: Path, protected: dict[Path, str], content: Path) -> str | None:
    """Why `path` must never be replaced, whatever it holds."""
    if ".git" in path.parts:
        return "它在 .git 里面（git 仓库的数据）"
    if (path / ".git").exists():
        return "这是 git 仓库的根目录（里面有 .git）"
    for place, noun in protected.items():
        if _within(place, path):
            return f"这是{noun}" if place == path else f"它包含{noun} {shown(place)}"
    if _within(path, content):
        return "它在内容目录（content）里面"
    above = next((folder for folder in path.parents if folder.exists()), None)
    if above is not None and not above.is_dir():
        return f"它的上级 {shown(above)} 是一个文件，不是文件夹"
    return None


def shown(path: Path) -> str:
    """A path as the user would type it: relative to the working folder when inside it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") else relative
