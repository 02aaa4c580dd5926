"""The rules of one project record that span its fields or other records: references, the years on the list,
the months in order, dates that contradict each other, figures to question, attachments and places."""

from __future__ import annotations

from .. import models
from ..geo import in_china
from ..media import PHOTO_TYPES
from ..plausibility import CONFIRM_HINT, questions
from ..yamlsource import KeyPath
from .base import Checker
from .schedule import check_schedule


def check_project(checker: Checker, key: str, project: models.Project) -> None:
    content, site = checker.content, checker.site
    if site:
        checker.ref(key, ("category",), project.category, {c.id for c in site.categories}, "项目类别")
        checker.ref(key, ("location", "area"), project.location.area, {a.id for a in site.areas}, "区域")
    checker.ref(key, ("leader",), project.leader, content.leaders, "领导")
    checker.unit(key, ("responsible", "unit"), project.responsible.unit)
    checker.unit(key, ("builder", "unit"), project.builder.unit)
    for index, person in enumerate(project.cooperating):
        checker.unit(key, ("cooperating", index, "unit"), person.unit)
    checker.unit(key, ("inspector", "unit"), project.inspector.unit)
    check_years(checker, key, project)
    if project.planned_start and project.planned_completion and project.planned_completion < project.planned_start:
        checker.error(key, ("planned_completion",), "计划竣工日期早于计划开工日期")
    started, completed = project.actual_start, project.actual_completion
    if completed and started and completed < started:
        checker.error(key, ("actual_completion",),
                      f"实际竣工日期早于实际开工日期（期望 不早于 {started}，实际 {completed}）")
    check_schedule(checker, key, project)
    check_progress(checker, key, project)
    for index, reason in questions(project).items():
        checker.error(key, ("progress", index, "completed"), f"数字可疑：{reason}。{CONFIRM_HINT}")
    for index, approval in enumerate(project.approvals):
        checker.unit(key, ("approvals", index, "unit"), approval.unit)
        if (approval.status == "已办结") != (approval.completed is not None):
            checker.error(key, ("approvals", index, "completed"), "状态为“已办结”时必须填写办结日期，其他状态不填")
    for index, problem in enumerate(project.problems):
        check_problem(checker, key, ("problems", index), problem)
    for index, attachment in enumerate(project.attachments):
        path = ("attachments", index, "file")
        is_image = attachment.file.lower().endswith(tuple(PHOTO_TYPES))
        if checker.check_attachment(key, path, attachment.file) and is_image:
            checker.photos.image(key, path, attachment.file)  # published re-encoded, without its metadata
    checker.photos.progress(key, project)
    check_location(checker, key, project.location)
    for index, visit in enumerate(project.visits):
        if visit.leader is None and visit.unit is None:
            checker.error(key, ("visits", index), "现场办公须填写分包领导（leader）或责任单位（unit）")
        checker.ref(key, ("visits", index, "leader"), visit.leader, content.leaders, "领导")
        checker.unit(key, ("visits", index, "unit"), visit.unit)


def check_location(checker: Checker, key: str, location: models.Location) -> None:
    if (location.latitude is None) != (location.longitude is None):
        missing = "longitude" if location.longitude is None else "latitude"
        checker.error(key, ("location", missing), "纬度（latitude）和经度（longitude）要一起填写，或都不填")
    elif location.latitude is not None and not in_china(location.latitude, location.longitude):
        checker.error(key, ("location", "latitude"), f"坐标不在中国境内（实际 纬度 {location.latitude:g}，"
                      f"经度 {location.longitude:g}）：纬度和经度是否写反了？")


def check_years(checker: Checker, key: str, project: models.Project) -> None:
    """The years on the list: in order, each once; plans within the total; a new start has its date; a
    project finished before a year began is not on that year's list."""
    previous = None
    for index, entry in enumerate(project.years):
        path = ("years", index)
        if previous is not None and entry.year <= previous:
            checker.error(key, (*path, "year"), f"年度重复或顺序颠倒（期望 晚于 {previous}，实际 {entry.year}）")
        previous = entry.year
        if entry.annual_plan is not None and entry.annual_plan > project.total_investment:
            total, plan = project.total_investment, entry.annual_plan
            checker.error(key, (*path, "annual_plan"),
                          f"{entry.year} 年度计划投资不能大于总投资（期望 ≤ {total:g}，实际 {plan:g}）")
        if entry.kind == "新开工" and project.planned_start is None:
            checker.error(key, ("planned_start",), f"{entry.year} 年是新开工项目，必须填写计划开工日期")
        if project.actual_completion and project.actual_completion.year < entry.year:
            checker.error(key, (*path, "year"), f"项目已于 {project.actual_completion} 竣工，不应列入 "
                          f"{entry.year} 年度重点项目名单（期望 删去这一年，或改正竣工日期）")


def check_progress(checker: Checker, key: str, project: models.Project) -> None:
    """Months in order, each in a year the project is on the list; the year's cumulative figure never falls
    (it starts again each January)."""
    previous: models.Progress | None = None
    years = [entry.year for entry in project.years]
    for index, entry in enumerate(project.progress):
        checker.in_years(key, ("progress", index, "month"), entry.month, years)
        if previous and entry.month <= previous.month:
            checker.error(key, ("progress", index, "month"),
                          f"月份重复或顺序颠倒（期望 晚于 {previous.month}，实际 {entry.month}）")
        elif previous and entry.month[:4] == previous.month[:4] and entry.completed < previous.completed:
            checker.error(
                key, ("progress", index, "completed"),
                f"本年累计完成投资不能比上月少"
                f"（期望 ≥ {previous.completed:g}（{previous.month}），实际 {entry.completed:g}）",
            )
        previous = entry


def check_problem(checker: Checker, key: str, path: KeyPath, problem: models.Problem) -> None:
    checker.units(key, (*path, "owners"), problem.owners)
    checker.ref(key, (*path, "meeting"), problem.meeting, checker.meeting_ids, "会议")
    if problem.deadline < problem.raised:
        checker.error(key, (*path, "deadline"),
                      f"办结时限早于提出日期（期望 不早于 {problem.raised}，实际 {problem.deadline}）")
    if (problem.status == "已解决") != (problem.resolved is not None):
        checker.error(key, (*path, "resolved"), "状态为“已解决”时必须填写解决日期，未解决时不填")
    elif problem.resolved and problem.resolved < problem.raised:
        checker.error(key, (*path, "resolved"),
                      f"解决日期早于提出日期（期望 不早于 {problem.raised}，实际 {problem.resolved}）")
