"""The rules of meeting records: the file's name, references, the dispatch meeting's month, decisions and fixed
attendees, the review's scores and remarks."""

from __future__ import annotations

import re

from .. import models
from ..yamlsource import KeyPath
from .base import Checker

MEETING_FILE = re.compile(r"^(\d{4}-\d{2}-\d{2})-(dispatch|review|inspection)(-\d+)?$")


def check_meeting(checker: Checker, key: str, stem: str, meeting: models.MeetingBase) -> None:
    content = checker.content
    match = MEETING_FILE.match(stem)
    if not match:
        checker.error(key, (), "会议文件名应为 日期-类型.yml，如 2021-05-03-dispatch.yml")
    elif match.group(1) != meeting.date.isoformat() or match.group(2) != meeting.kind:
        checker.error(key, ("date",), f"文件名与记录不一致（期望 {meeting.date}-{meeting.kind}.yml，实际 {stem}.yml）")
    checker.ref(key, ("convener",), meeting.convener, content.leaders, "领导")
    attended: set[str] = set()
    for index, row in enumerate(meeting.attendance):
        checker.unit(key, ("attendance", index, "unit"), row.unit)
        if row.unit in attended:
            checker.error(key, ("attendance", index, "unit"), f"同一单位重复登记出席情况：{row.unit}")
        attended.add(row.unit)
        if row.status == "替会" and not row.substitute:
            checker.error(key, ("attendance", index, "substitute"), "出席情况为“替会”时须填写替会人")
    for name in ("praised", "criticised"):
        for index, mention in enumerate(getattr(meeting, name)):
            if (mention.unit is None) == (mention.project is None):
                checker.error(key, (name, index), "须填写 unit（单位）或 project（项目）之一")
            checker.unit(key, (name, index, "unit"), mention.unit)
            checker.ref(key, (name, index, "project"), mention.project, checker.project_ids, "项目")
    if isinstance(meeting, models.DispatchMeeting):
        check_dispatch(checker, key, meeting)
    elif isinstance(meeting, models.ReviewMeeting):
        check_review(checker, key, meeting)
    else:
        for index, finding in enumerate(meeting.findings):
            checker.ref(key, ("findings", index, "project"), finding.project, checker.project_ids, "项目")


def check_dispatch(checker: Checker, key: str, meeting: models.DispatchMeeting) -> None:
    checker.in_years(key, ("reporting_month",), meeting.reporting_month)
    if meeting.reporting_month > meeting.date.strftime("%Y-%m"):
        checker.error(key, ("reporting_month",),
                      f"通报月份晚于会议日期（期望 不晚于 {meeting.date:%Y-%m}，实际 {meeting.reporting_month}）")
    for index, project in enumerate(meeting.reported):
        checker.ref(key, ("reported", index), project, checker.project_ids, "项目")
    for index, decision in enumerate(meeting.decisions):
        path = ("decisions", index)
        checker.units(key, (*path, "owners"), decision.owners)
        for position, project in enumerate(decision.projects):
            checker.ref(key, (*path, "projects", position), project, checker.project_ids, "项目")
        if (decision.status == "已完成") != (decision.done is not None):
            checker.error(key, (*path, "done"), "落实情况为“已完成”时必须填写完成日期，未完成时不填")
        if decision.deadline < meeting.date:
            checker.error(key, (*path, "deadline"), f"完成时限早于会议日期（期望 不早于 {meeting.date}，实际 "
                          f"{decision.deadline}）")
        if decision.done is not None and decision.done < meeting.date:
            checker.error(key, (*path, "done"), f"完成日期早于作出决定的会议（期望 不早于 {meeting.date}，实际 "
                          f"{decision.done}）")
    check_fixed_attendees(checker, key, meeting)


def check_fixed_attendees(checker: Checker, key: str, meeting: models.DispatchMeeting) -> None:
    """The notice has the fixed attendees' heads at every dispatch meeting, leave asked for: each must have an
    attendance entry, or their absence would disappear from the bulletin."""
    recorded = {row.unit for row in meeting.attendance}
    missing = [unit for unit in (checker.site.fixed_attendees if checker.site else []) if unit not in recorded]
    if missing:
        units = checker.content.units
        names = "、".join(units[unit].name if unit in units else unit for unit in missing)
        checker.error(key, ("attendance",), f"固定参会单位没有登记出席情况：{names}（每个固定参会单位都要写一条："
                      "出席、请假、替会或缺席；site.yml 的 fixed_attendees 列出了它们）")


def check_review(checker: Checker, key: str, meeting: models.ReviewMeeting) -> None:
    criteria = {c.id: c for c in checker.site.review_criteria} if checker.site else None
    for index, project in enumerate(meeting.visited):
        checker.ref(key, ("visited", index), project, checker.project_ids, "项目")
    scored: set[str] = set()
    for index, row in enumerate(meeting.scores):
        checker.ref(key, ("scores", index, "project"), row.project, set(meeting.visited), "观摩项目")
        if row.project in scored:
            checker.error(key, ("scores", index, "project"), f"同一项目重复评分：{row.project}")
        scored.add(row.project)
        for criterion, score in row.scores.items() if criteria is not None else ():
            path = ("scores", index, "scores", criterion)
            if criterion not in criteria:
                checker.ref(key, path, criterion, criteria, "评分项")
            elif score > criteria[criterion].max_score:
                checker.error(key, path, f"得分超过满分（期望 ≤ {criteria[criterion].max_score:g}，实际 {score:g}）")
    for index, remark in enumerate(meeting.remarks):
        check_remark(checker, key, ("remarks", index), remark, meeting)


def check_remark(checker: Checker, key: str, path: KeyPath, remark: models.Remark,
                 meeting: models.ReviewMeeting) -> None:
    if (remark.unit is None) == (remark.project is None):
        checker.error(key, path, "须填写 project（观摩项目）或 unit（单位）之一")
    checker.ref(key, (*path, "project"), remark.project, set(meeting.visited), "观摩项目")
    checker.unit(key, (*path, "unit"), remark.unit)
    if remark.praise is None and remark.improve is None:
        checker.error(key, path, "点评意见须写明 praise（肯定的成绩）或 improve（需要整改的问题）")
    if remark.improve is not None and remark.deadline is None:
        checker.error(key, (*path, "deadline"), "写了需要整改的问题（improve），须填写整改时限（deadline）")
    elif remark.improve is None and remark.deadline is not None:
        checker.error(key, (*path, "deadline"), "没有需要整改的问题（improve）时不填整改时限")
    elif remark.deadline is not None and remark.deadline < meeting.date:
        checker.error(key, (*path, "deadline"),
                      f"整改时限早于观摩点评日期（期望 不早于 {meeting.date}，实际 {remark.deadline}）")
