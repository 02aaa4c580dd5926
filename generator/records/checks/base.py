"""What every check shares: the records, where an error goes, and references to ids that must exist."""

from __future__ import annotations

from collections.abc import Collection

from ..identity import MediaNames
from ..load import Content
from ..media import PhotoChecks
from ..yamlsource import KeyPath

ATTACHMENT_TYPES = {".jpg", ".jpeg", ".png", ".webp", ".pdf"}
MAX_ATTACHMENT_BYTES = 5_000_000


class Checker:
    def __init__(self, content: Content) -> None:
        self.content = content
        self.site = content.site
        # a file that did not load still owns its id: references to it are not "dangling"
        failed = [key.split(":", 1) for key in content.unreadable]
        self.project_ids = set(content.projects) | {stem for kind, stem in failed if kind == "project"}
        self.meeting_ids = set(content.meetings) | {stem for kind, stem in failed if kind == "meeting"}
        self.photos = PhotoChecks(self)
        self.media = MediaNames(content.root / "media")
        # the years the column has run: every year some project is on the list
        self.years = sorted({entry.year for project in content.projects.values() for entry in project.years})

    def error(self, file_key: str, path: KeyPath, message: str) -> None:
        self.content.error(file_key, path, message)

    def ref(self, file_key: str, path: KeyPath, value: str | None, known: Collection[str], what: str) -> None:
        if value is not None and value not in known:
            self.error(file_key, path, f"找不到{what} {value}（期望 {_where(what)}中已有的编号）")

    def unit(self, file_key: str, path: KeyPath, value: str | None) -> None:
        self.ref(file_key, path, value, self.content.units, "单位")

    def units(self, file_key: str, path: KeyPath, values: list[str]) -> None:
        for index, value in enumerate(values):
            self.unit(file_key, (*path, index), value)

    def in_years(self, file_key: str, path: KeyPath, month: str, years: list[int] | None = None) -> None:
        """`month` falls in one of `years` (by default, the years the column has run)."""
        years = self.years if years is None else years
        if years and int(month[:4]) not in years:
            listed = "、".join(str(year) for year in years)
            self.error(file_key, path, f"月份不在列入重点项目名单的年度内（期望 {listed} 年的月份，实际 {month}）")

    def check_attachment(self, key: str, path: KeyPath, file: str, types: Collection[str] = ATTACHMENT_TYPES,
                         what: str = "附件", max_bytes: int = MAX_ATTACHMENT_BYTES) -> bool:
        """Attachments and photos live in content/media/: never outside it (content/media itself may be a link
        out of the repository), never missing, named as on disk, never huge. True when the file passed."""
        media = self.content.root / "media"
        if ".." in file.split("/"):
            self.error(key, path, f"{what}路径不能跳出 content/media/（期望 media/ 下的相对路径，实际 {file}）")
            return False
        suffix = "." + file.rsplit(".", 1)[-1].lower() if "." in file else ""
        if suffix not in types:
            allowed = "、".join(sorted(types))
            self.error(key, path, f"{what}类型不支持（期望 {allowed}，实际 {suffix or '没有扩展名'}）")
        elif not (media / file).is_file():
            self.error(key, path, f"找不到{what}文件 content/media/{file}")
        elif not (media / file).resolve().is_relative_to(self.content.root.resolve() / "media"):
            self.error(key, path, f"{what}是指向 content/media/ 以外的符号链接，不予发布（请把文件本身放进仓库）")
        elif problem := self.media.problem(file):
            self.error(key, path, problem)
        elif (size := (media / file).stat().st_size) > max_bytes:
            self.error(key, path, f"{what}过大（期望 不超过 {max_bytes // 1_000_000} MB，实际 {size:,} 字节）")
        else:
            return True
        return False


def _where(what: str) -> str:
    return {
        "单位": "units.yml ",
        "领导": "leaders.yml ",
        "项目": "content/projects/ ",
        "会议": "content/meetings/ ",
        "项目类别": "site.yml 的 categories ",
        "区域": "site.yml 的 areas ",
        "评分项": "site.yml 的 review_criteria ",
        "观摩项目": "本次 visited ",
    }.get(what, "")
