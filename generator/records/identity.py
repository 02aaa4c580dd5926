"""Ids and names that must stay apart, and work on every computer: the checks `check.py` runs for them.

- an id is a file or folder name: Windows refuses its device names (`con`, `aux`, `nul`, `com1` …), so a
  repository or site holding one cannot be checked out or copied there;
- names a reader tells units (or categories, areas) apart by must not look the same
  (`characters.look_alike_key`);
- attachment names are spelled as on disk, and never differ from another's only in case: Windows and
  macOS take them for one file, the site's addresses and Linux do not;
- the OC4IDS prefix of the sample data is not for real data; a site needs at least one project.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

from .characters import look_alike_key
from .errors import ContentError
from .load import Content, shown_path
from .yamlsource import KeyPath

WINDOWS_DEVICES = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)$")
SAMPLE_OC4IDS_PREFIX = "oc4ids-sample-"
Report = Callable[[str, KeyPath, str], None]


def check_identities(content: Content, error: Report) -> None:
    site = content.site
    lists = [("units", "units", list(content.units.values()), "单位")]
    if site is not None:
        lists += [("site", "categories", site.categories, "项目类别"), ("site", "areas", site.areas, "区域")]
        if not site.demo and site.oc4ids_prefix == SAMPLE_OC4IDS_PREFIX:
            error("site", ("oc4ids_prefix",),
                  f"{SAMPLE_OC4IDS_PREFIX} 是示例数据的前缀，正式数据（demo: false）不能用"
                  "（期望 向 Open Contracting Partnership 登记的本县前缀，如 oc4ids-bu3kcz-）")
    lists += [("leaders", "leaders", list(content.leaders.values()), ""),
              ("chains", "chains", list(content.chains.values()), "")]
    for file_key, name, items, what in lists:
        for index, item in enumerate(items):
            _windows_name(error, file_key, (name, index, "id"), item.id)
        if what:
            _look_alikes(content, error, file_key, name, items, what)
    for stem, project in content.projects.items():
        _windows_name(error, f"project:{stem}", ("id",), project.id)
    if not content.projects and not content.unreadable and not content.errors:
        content.errors.append(ContentError(shown_path(content.root / "projects"), 1, 1, "",
                                           "还没有任何项目记录：网站至少要有一个项目才能生成（新建项目："
                                           "python -m generator new-project 编号；工作人员手册里有示例）"))


def _windows_name(error: Report, file_key: str, path: KeyPath, value: str) -> None:
    if WINDOWS_DEVICES.match(value):
        error(file_key, path, f"编号 {value} 不能用：Windows 不允许文件或文件夹叫这个名字，"
                              "仓库和网站在 Windows 电脑上会无法检出或复制（请换一个编号）")


def _look_alikes(content: Content, error: Report, file_key: str, name: str, items: list, what: str) -> None:
    first: dict[str, int] = {}
    for index, item in enumerate(items):
        earlier = first.setdefault(look_alike_key(item.name), index)
        if earlier != index:
            other = items[earlier].name
            line = content.files[file_key].document.position((name, earlier, "name"))[0]
            same = "相同" if other == item.name else "看起来相同（只是全角半角、大小写、空格或形近字母不同）"
            error(file_key, (name, index, "name"),
                  f"{what}名称与第 {line} 行的“{other}”{same}，公众无法区分（期望 每个{what}的名称都不同）")


class MediaNames:
    """The attachments' file names met so far, and the folders of content/media/ as listed on disk."""

    def __init__(self, media: Path) -> None:
        self.media = media
        self.spelled: dict[str, str] = {}  # by the case-folded name
        self.listings: dict[Path, set[str]] = {}

    def problem(self, file: str) -> str | None:
        """Why the attachment `file` (which exists) cannot be published as it is named, if it cannot."""
        first = self.spelled.setdefault(file.casefold(), file)
        if first != file:
            return (f"附件文件名与另一个附件 {first} 只有大小写不同：Windows 和 macOS 上它们是同一个文件"
                    "（期望 改成不同的名字）")
        folder = self.media
        for part in file.split("/"):  # a file system that ignores case finds Photo.JPG for photo.jpg
            if folder not in self.listings:
                self.listings[folder] = set(os.listdir(folder))
            if part not in self.listings[folder]:
                return f"附件文件名的大小写与磁盘上的不同（期望 与 content/media/ 中的一致，实际 {file}）"
            folder = folder / part
        return None
