"""A project's schedule agrees with itself: no milestone planned after the planned completion or done after the
actual completion; a completion has its start; each year's kind (新开工, 续建, 前期) fits the actual start.
Each message names both keys, the second with its line."""

from __future__ import annotations

from .. import models
from ..yamlsource import KeyPath
from .base import Checker


def _line(checker: Checker, key: str, path: KeyPath) -> int:
    return checker.content.files[key].document.position(path)[0]


def check_schedule(checker: Checker, key: str, project: models.Project) -> None:
    planned_end, started, completed = project.planned_completion, project.actual_start, project.actual_completion
    if completed and not started:
        checker.error(key, ("actual_completion",), f"填写了实际竣工日期 {completed}，却没有实际开工日期 actual_start"
                                                   "（期望 两个都填，或都不填）")
    for index, milestone in enumerate(project.milestones):
        if planned_end and milestone.planned > planned_end:
            checker.error(key, ("milestones", index, "planned"),
                          f"节点“{milestone.name}”的计划日期晚于第 {_line(checker, key, ('planned_completion',))} 行的"
                          f"计划竣工日期 planned_completion（期望 不晚于 {planned_end}，实际 {milestone.planned}）："
                          "改正其中一个；节点推迟了，新的日期写在 forecast，planned 保留原计划")
        if completed and milestone.actual and milestone.actual > completed:
            line = _line(checker, key, ("actual_completion",))
            checker.error(key, ("milestones", index, "actual"),
                          f"节点“{milestone.name}”的实际完成日期晚于第 {line} 行的"
                          f"实际竣工日期 actual_completion（期望 不晚于 {completed}，实际 {milestone.actual}）")
    if started is None:
        return
    for index, entry in enumerate(project.years):
        before = started.year < entry.year
        if entry.kind in ("新开工", "前期") and before:
            where = _line(checker, key, ("actual_start",))  # only for a message: a position costs the file's parse
            checker.error(key, ("years", index, "kind"),
                          f"{entry.year} 年写作{entry.kind}，但第 {where} 行的实际开工日期 actual_start 是 {started}，"
                          f"在 {entry.year} 年以前（期望 续建，或改正实际开工日期）")
        elif entry.kind == "续建" and not before:
            where = _line(checker, key, ("actual_start",))
            checker.error(key, ("years", index, "kind"),
                          f"{entry.year} 年写作续建，但第 {where} 行的实际开工日期 actual_start 是 {started}，"
                          f"不在 {entry.year} 年以前（期望 新开工，或改正实际开工日期）")
