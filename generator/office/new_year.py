"""`new-year YEAR`: prepare the next year's key-project list from this year's.

Every project on the previous year's list that had not been completed by that year's end is carried onto the
new list: 续建 if it has started, else with the kind it had (a 新开工 project still to start stays 新开工, a
前期 one stays 前期); its annual plan is left empty, to fill in when the county sets it. Completed projects
(an `actual_completion` in or before the previous year) are not carried. New projects are added with
`new-project`. Offices draw up the list in November or December: the command judges on the data so far and
can be run before the year ends; running it again changes nothing.

The new year's item is added as one line at the end of each record's `years:` list; nothing else changes (a
list written on one line, `years: [{…}]`, is first written one item a line).
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from dataclasses import dataclass

from ..records import models
from ..records.load import Content
from ..records.staging import staged_errors, write_texts
from ..records.validate import validated

_ITEM = re.compile(r"^(\s+)-\s")
_TOP_LEVEL = re.compile(r"^[^\s#]")
_FLOW = re.compile(r"^years:[ \t]*\[(?P<items>[^\[\]]*)\][ \t]*(?P<comment>#.*?)?(?P<newline>\r?\n)?$")
_MAPPING = re.compile(r"\{[^{}]*\}")


class NotEditable(Exception):
    """The record's `years:` list is not written in a way this command can add a line to."""


@dataclass
class Carried:
    project: models.Project
    relative: str
    kind: str
    text: str


def carried_kind(project: models.Project, previous: models.ProjectYear, year_start: dt.date) -> str:
    started = project.actual_start is not None and project.actual_start < year_start
    return "续建" if started else previous.kind


def _as_block(flow: re.Match) -> list[str]:
    """`years: [{A}, {B}]  # note` as `years:  # note` and one `  - {…}` line per item."""
    newline = flow.group("newline") or "\n"
    comment = f"  {flow.group('comment')}" if flow.group("comment") else ""
    items = _MAPPING.findall(flow.group("items"))
    if _MAPPING.sub("", flow.group("items")).replace(",", "").strip():
        raise NotEditable("years: 的写法特殊，无法自动添加")
    return [f"years:{comment}{newline}", *(f"  - {item}{newline}" for item in items)]


def add_year_line(text: str, year: int, kind: str) -> str:
    """`text` with a `- {year: …, kind: …, annual_plan: }` line after the last item of its `years:` list."""
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.rstrip() == "years:" or line.startswith("years: ")), None)
    if start is not None and (flow := _FLOW.match(lines[start])):
        lines[start:start + 1] = _as_block(flow)  # `years: [{…}]` on one line: one item a line, as written
    if start is None or lines[start].split(":", 1)[1].split("#")[0].strip():
        raise NotEditable("years: 应单独成行，下面每一年一项（以“- ”开头）")
    end = next((i for i in range(start + 1, len(lines)) if _TOP_LEVEL.match(lines[i]) or lines[i].startswith("#")),
               len(lines))
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    items = [_ITEM.match(line) for line in lines[start + 1:end]]
    indent = next((match.group(1) for match in items if match), None)
    if indent is None:
        raise NotEditable("years: 下面没有以“- ”开头的年度项")
    newline = "\r\n" if lines[start].endswith("\r\n") else "\n"
    if end == len(lines) and not lines[-1].endswith("\n"):
        lines[-1] += newline
    new = (f"{indent}- {{year: {year}, kind: {kind}, annual_plan: }}"
           f"  # ← 请填写 {year} 年度计划投资（万元）；计划下达前可以空着{newline}")
    return "".join([*lines[:end], new, *lines[end:]])


def carried_over(content: Content, year: int) -> tuple[list[Carried], list[str], list[str]]:
    """(the projects to carry onto `year`'s list, with their new text; the completed ones left off; the
    problems that stop the command)."""
    year_start = dt.date(year, 1, 1)
    carried, completed, problems = [], [], []
    for project in content.projects.values():
        years = {entry.year: entry for entry in project.years}
        if year in years or year - 1 not in years:
            continue
        if project.actual_completion is not None and project.actual_completion < year_start:
            completed.append(f"{project.id}（{project.name}，{project.actual_completion} 竣工）")
            continue
        source = content.files[f"project:{project.id}"]
        kind = carried_kind(project, years[year - 1], year_start)
        try:
            text = add_year_line((content.root / source.relative).read_text(encoding="utf-8"), year, kind)
        except NotEditable as problem:
            problems.append(f"{source.shown}：{problem}；请手工添加 {year} 年这一项")
            continue
        carried.append(Carried(project, source.relative, kind, text))
    return carried, completed, problems


def new_year_command(arguments: argparse.Namespace) -> int:
    year: int = arguments.year
    content = validated(arguments)
    if content is None:
        print("内容本身有错误，请先改正再准备新年度；没有写入任何文件。", file=sys.stderr)
        return 1
    listed = sorted({entry.year for project in content.projects.values() for entry in project.years})
    if year - 1 not in listed:
        shown = "、".join(str(y) for y in listed) or "没有"
        print(f"命令行有误：没有 {year - 1} 年度的名单可以结转（已有的年度：{shown}）", file=sys.stderr)
        return 2
    carried, completed, problems = carried_over(content, year)
    if problems:
        print("\n".join(problems) + "\n没有写入任何文件。", file=sys.stderr)
        return 1
    already = sum(1 for project in content.projects.values() if any(e.year == year for e in project.years))
    if not carried:
        print(f"{year} 年度名单已经准备好（{already} 个项目），没有需要结转的项目，没有改动。")
        return 0
    texts = {item.relative: item.text for item in carried}
    errors = staged_errors(content.root, texts)
    if errors:
        print("\n".join(str(error) for error in errors) + "\n结转后的记录会有以上错误，没有写入任何文件。",
              file=sys.stderr)
        return 1
    write_texts(content.root, texts)
    lines = [f"已把 {len(carried)} 个项目结转到 {year} 年度名单："]
    lines += [f"  {item.project.id}（{item.project.name}）：{item.kind}" for item in carried]
    if completed:
        lines.append(f"已竣工、不再结转的 {len(completed)} 个项目：" + "、".join(completed))
    lines += [f"接下来：1. 在每个结转项目的 years 中填写 {year} 年度计划投资（annual_plan，标有“← 请填写”）；"
              f"计划下达前可以空着，网站对它暂不亮灯。",
              "2. 新列入的项目用 python -m generator new-project 编号 建立。",
              f"3. 核对无误后提交。{year} 年 1 月的月报表：python -m generator report-template --month {year}-01"]
    print("\n".join(lines))
    return 0
