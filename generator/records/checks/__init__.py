"""Stage 2, check: the rules that span records — references, ids, dates that contradict each other, figures to
question, placeholders left in. Each kind of record has its module; `check` runs them all.

Imports: records' own modules only (models, load, numbering, media, …); nothing above the records stage.
"""

from __future__ import annotations

import re

from .. import boundaries, models
from ..identity import check_identities
from ..load import Content
from .base import Checker
from .issued import check_issued
from .meetings import check_meeting
from .placeholders import check_placeholders
from .projects import check_project

# addresses beside the project pages: the list's pages and the facets' folders (projects/by-unit/<unit>/ …)
RESERVED_ID = re.compile(r"^(index|page-\d+|by-.*)$")


def check(content: Content) -> None:
    """Add every cross-record error to `content.errors`."""
    checker = Checker(content)
    if content.site:
        check_site(checker, content.site)
    check_identities(content, checker.error)
    for index, chain in enumerate(content.chains.values()):
        checker.ref("chains", ("chains", index, "chief"), chain.chief, content.leaders, "领导")
        for position, project in enumerate(chain.key_projects):
            checker.ref("chains", ("chains", index, "key_projects", position), project, checker.project_ids, "项目")
    check_project_ids(checker)
    for stem, project in content.projects.items():
        check_project(checker, f"project:{stem}", project)
    check_issued(checker)
    dispatch_months: dict[str, str] = {}
    for stem, meeting in content.meetings.items():
        check_meeting(checker, f"meeting:{stem}", stem, meeting)
        if isinstance(meeting, models.DispatchMeeting):
            earlier = dispatch_months.setdefault(meeting.reporting_month, stem)
            if earlier != stem:
                checker.error(f"meeting:{stem}", ("reporting_month",),
                              f"通报月份重复：{meeting.reporting_month} 已由 {earlier} 通报（每月只出一期通报）")
    check_placeholders(checker)
    boundaries.read(content)


def check_site(checker: Checker, site: models.Site) -> None:
    for name in ("categories", "areas", "review_criteria"):
        seen: set[str] = set()
        for index, item in enumerate(getattr(site, name)):
            if item.id in seen:
                checker.error("site", (name, index, "id"), f"编号重复：{item.id}")
            seen.add(item.id)
    checker.units("site", ("fixed_attendees",), site.fixed_attendees)
    if site.reporting_month:
        checker.in_years("site", ("reporting_month",), site.reporting_month)
    if site.lights.red_at >= site.lights.green_from:
        checker.error("site", ("lights", "red_at"), "红灯线必须低于绿灯下限（期望 red_at < green_from）")


def check_project_ids(checker: Checker) -> None:
    first_file: dict[str, str] = {}
    for stem, project in checker.content.projects.items():
        key = f"project:{stem}"
        if RESERVED_ID.match(project.id):
            checker.error(key, ("id",), f"编号 {project.id} 不能用：index、page-数字 和 by- 开头的"
                          "是列表页和筛选页的网址（请换一个编号）")
        if project.id != stem:
            checker.error(key, ("id",), f"编号与文件名不一致（期望 {stem}，实际 {project.id}）")
        if project.id in first_file:
            checker.error(key, ("id",), f"编号重复：{project.id} 已在 {first_file[project.id]} 中使用")
        first_file.setdefault(project.id, checker.content.files[key].relative)


__all__ = ["Checker", "check"]
