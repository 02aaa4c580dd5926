"""`new-meeting dispatch|review|inspection --date D`: a commented meeting record to fill in.

What the clerk would otherwise look up in five files is written into the record: the fixed attendees (with whom
each sent last time), the month being reported and who has not reported it, the earlier decisions still open
(with the file and line where their status is updated), the review criteria and the year's projects. Values to
replace say "请填写…" and validation refuses them until they are replaced, so a half-filled record is never
published.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from ..figures.reporting import Reports
from ..figures.rules import previous_month
from ..records import models
from ..records.checks.placeholders import is_placeholder
from ..records.errors import ContentError
from ..records.load import Content
from ..records.staging import staged_errors, write_texts
from ..records.validate import validated

KINDS = {"dispatch": "调度例会", "review": "观摩点评", "inspection": "督查"}
HEADER = """\
# yaml-language-server: $schema=../../schema/meeting.schema.json
# {name}记录，由 python -m generator new-meeting 生成。“请填写…”和标有“← 请替换”的是占位，
# 标有“← 请核对”的是照上次会议填的：请逐项改成这次的真实情况，改完运行 make validate 校验。

kind: {kind}
date: {date}
title: {title}  # ← 请核对
"""


def _latest(content: Content, kind: str, before: dt.date) -> models.MeetingBase | None:
    earlier = [m for m in content.meetings.values() if m.kind == kind and m.date < before]
    return max(earlier, key=lambda m: m.date, default=None)


def _common(content: Content, last: models.MeetingBase | None) -> list[str]:
    leader = last.convener if last and last.convener else next(iter(content.leaders))
    lines = [f"convener: {leader}  # ← 请核对：召集人（leaders.yml 中的编号；现在是 {content.leaders[leader].name}）"]
    lines.append(f"place: {last.place}  # ← 请核对" if last and last.place
                 else "place: 请填写会议地点  # ← 请替换（不需要时删去这一行）")
    lines.append("summary: 请填写会议概要  # ← 请替换（不需要时删去这一行）")
    return lines


def _attendance(content: Content, last: models.MeetingBase | None) -> list[str]:
    """The fixed attendees first, then the other units of the last meeting, each with whom it sent then."""
    before = {row.unit: row for row in last.attendance} if last else {}
    units = list(dict.fromkeys([*(content.site.fixed_attendees if content.site else []), *before]))
    lines = ["", "# 出席情况：出席 / 请假 / 替会（写 substitute 替会人）/ 缺席。固定参会单位每个都要有一条"]
    if not units:
        return [*lines, "attendance: []"]
    lines.append("attendance:")
    for unit in units:
        person = f", person: {before[unit].person}" if unit in before and before[unit].person else ""
        lines.append(f"  - {{unit: {unit}{person}, status: 出席}}  # ← 请核对：{content.units[unit].name}")
    return lines


def _reporting(content: Content, month: str) -> list[str]:
    status = Reports(content).status(month)
    lines = ["", f"reporting_month: {month}  # 本期通报的月份（一般是会议的上个月）",
             f"# {month} 月报：名单上 {len(status.listed)} 个项目，已报送 {len(status.reported)} 个"
             + ("。" if status.closed_by or not status.missing else "；这个月还没有关账，通报中未报的项目标为“未报”。")]
    for project in status.missing:
        lines.append(f"#   未报：{project.name}（{content.units[project.responsible.unit].name}）")
    for project in status.late:
        lines.append(f"#   逾期报送：{project.name}（{content.units[project.responsible.unit].name}，"
                     f"{status.reported[project.id]}）")
    lines += ["reported: []  # 会上汇报的项目编号，如 [hengyuan-food, jinhe-flour]"]
    return lines


def _open_decisions(content: Content, day: dt.date) -> list[str]:
    lines = ["", "# 此前会议的决定事项中尚未完成的"
                 "（落实后，在原会议记录里把 status 改为 已完成，写上 done: 完成日期）："]
    found = 0
    for stem, meeting in sorted(content.meetings.items(), key=lambda item: item[1].date):
        if not isinstance(meeting, models.DispatchMeeting) or meeting.date >= day:
            continue
        source = content.files[f"meeting:{stem}"]
        for index, decision in enumerate(meeting.decisions):
            if decision.status == "已完成":
                continue
            found += 1
            line = source.document.position(("decisions", index))[0]
            late = (day - decision.deadline).days
            when = f"已逾期 {late} 天" if late > 0 else f"时限 {decision.deadline}"
            lines.append(f"#   {source.relative} 第 {line} 行：{decision.text}（{when}）")
    return lines if found else [*lines[:-1], "# 此前会议的决定事项都已完成。"]


def _dispatch(content: Content, day: dt.date, last: models.MeetingBase | None) -> list[str]:
    month = previous_month(day.strftime("%Y-%m"))
    lines = _common(content, last) + _reporting(content, month) + _attendance(content, last)
    lines += _open_decisions(content, day)
    lines += ["", "# 会议决定事项：每条写明责任单位、完成时限（不早于会议日期）和涉及的项目", "decisions: []",
              "#  - text: 决定事项", "#    owners: [单位编号]", f"#    deadline: {day + dt.timedelta(days=30)}",
              "#    projects: [项目编号]",
              "", "# 表扬与批评：unit（单位编号）或 project（项目编号）之一，写明事由",
              "praised: []", "criticised: []"]
    return lines


def _review(content: Content, day: dt.date, last: models.MeetingBase | None) -> list[str]:
    year = day.year
    listed = [p for p in content.projects.values() if p.on_list(year)]
    criteria = content.site.review_criteria if content.site else []
    lines = _common(content, last)
    lines += ["", "# 观摩项目：把这次观摩的项目从下面的名单里挑出来，写成 visited: [编号, 编号]",
              "visited: []  # ← 请替换"]
    lines += [f"#   {p.id}  {p.name}" for p in sorted(listed, key=lambda p: p.id)]
    keys = ", ".join(f"{c.id}: 0" for c in criteria)
    lines += ["", "# 评分：每个观摩项目一条。评分项（site.yml 的 review_criteria）："]
    lines += [f"#   {c.id}：{c.name}（满分 {c.max_score:g}）" for c in criteria]
    lines += ["scores: []", "#  - project: 项目编号", f"#    scores: {{{keys}}}", "#    comment: 点评",
              "", "# 点评意见：肯定的成绩（praise）、需要整改的问题（improve，要写整改时限 deadline）",
              "remarks: []", "#  - project: 项目编号", "#    improve: 需要整改的问题",
              f"#    deadline: {day + dt.timedelta(days=20)}"]
    return lines


def _inspection(content: Content, day: dt.date, last: models.MeetingBase | None) -> list[str]:
    lines = _common(content, last)
    lines += ["", "# 督查发现：每个项目一条；发现的问题要进问题台账的，也写进项目记录的 problems",
              "findings: []", "#  - project: 项目编号", "#    text: 督查发现"]
    return lines


def template_text(content: Content, kind: str, day: dt.date) -> str:
    last = _latest(content, kind, day)
    name = KINDS[kind]
    reviews = sum(1 for m in content.meetings.values()
                  if m.kind == "review" and m.date.year == day.year and m.date < day)
    title = {"dispatch": f"全县重点项目建设{int(previous_month(day.strftime('%Y-%m'))[5:])}月份调度例会",
             "review": f"全县重点项目{day.year}年第{reviews + 1}次观摩点评",
             "inspection": f"重点项目督查（{day.month}月{day.day}日）"}[kind]
    body = {"dispatch": _dispatch, "review": _review, "inspection": _inspection}[kind](content, day, last)
    return HEADER.format(name=name, kind=kind, date=day.isoformat(), title=title) + "\n".join(body) + "\n"


def _blank(error: ContentError, relative: str) -> bool:
    """An error the new record is meant to have until it is filled in."""
    return error.file.endswith(relative) and (is_placeholder(error) or error.key == "visited")


def new_meeting_command(arguments: argparse.Namespace) -> int:
    content = validated(arguments)
    if content is None:
        print("内容本身有错误，请先改正再新建会议记录；没有写入任何文件。", file=sys.stderr)
        return 1
    day: dt.date = arguments.date
    relative = f"meetings/{day.isoformat()}-{arguments.kind}.yml"
    if (content.root / relative).exists():
        print(f"{content.root / relative} 已经存在，没有改动。同一天第二次{KINDS[arguments.kind]}请用文件名 "
              f"{day.isoformat()}-{arguments.kind}-2.yml 手工复制。", file=sys.stderr)
        return 1
    text = template_text(content, arguments.kind, day)
    errors = staged_errors(content.root, {relative: text})
    blanks = [error for error in errors if _blank(error, relative)]
    if len(blanks) < len(errors):
        listed = "\n".join(str(error) for error in errors if not _blank(error, relative))
        print(f"{listed}\n新记录会有以上错误，没有写入任何文件。", file=sys.stderr)
        return 1
    write_texts(content.root, {relative: text})
    print(f"已建立 {content.root / relative}。标有“← 请替换”的 {text.count('# ← 请替换')} 处必须填写，标有“← 请核对”的"
          "照上次会议填了，请核对；其余按注释填写，然后运行 make validate 校验。"
          "占位的内容改完之前校验不会通过，网站也不会发布这次会议。")
    return 0
