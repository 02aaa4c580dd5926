"""`report-status` and `close-month`: who still owes the month's sheet, and closing a month without them.

The public site moves to a month only once it is closed (see `figures/reporting.py`). `report-status` lists,
by responsible unit, the projects that have not reported, with the unit's contact and each project's
responsible person, to chase them. When the office decides not to wait any longer, `close-month` records the
month as closed in `content/months.yml`, dated, with a note: the projects that did not report are marked 未报
and keep their last figures, and the bulletin names their units.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from ..figures.reporting import Reports, next_month, reporting_month
from ..records.load import Content
from ..records.staging import staged_errors, write_texts
from ..records.validate import validated
from .sheet import parse_month

MONTHS_FILE = "months.yml"
MONTHS_HEADER = """\
# yaml-language-server: $schema=../schema/months.schema.json
# 月份关账记录。各单位的月报全部收齐时，网站自动转到这个月；没有收齐、项目办决定不再等待时，
# 运行 python -m generator close-month 月份 --note "说明"，在这里记下一条：未报的项目按上月数字计，标为“未报”。
closed:
"""


def _month(text: str | None, content: Content) -> str | None:
    """The month asked for, or the one being collected now: the month after the site's."""
    return parse_month(text) if text else next_month(reporting_month(content))


def status_lines(content: Content, month: str) -> list[str]:
    status = Reports(content).status(month)
    units = content.units
    lines = [f"{month} 月报：名单上 {len(status.listed)} 个项目，已报送 {len(status.reported)} 个。"]
    if not status.listed:
        return [f"{month[:4]} 年没有重点项目名单（先运行 python -m generator new-year {month[:4]}）。"]
    by_unit: dict[str, list] = {}
    for project in status.missing:
        by_unit.setdefault(project.responsible.unit, []).append(project)
    for unit, projects in sorted(by_unit.items(), key=lambda item: units[item[0]].name):
        contact = f"（联系人：{units[unit].contact}）" if units[unit].contact else ""
        lines.append(f"  {units[unit].name}{contact}，{len(projects)} 个项目未报：")
        lines += [f"    - {p.id}（{p.name}），责任人 {p.responsible.person}" for p in projects]
    for project in status.late:
        lines.append(f"  逾期报送：{project.id}（{project.name}），{status.reported[project.id]} 报送")
    if status.closed_by:
        lines.append(f"这个月已关账（{status.closed_by}）：网站已经可以显示这个月的数字。")
    elif status.missing:
        lines.append(f"这个月还没有关账：网站仍显示上个月。催报上面的单位；决定不再等待时，运行 "
                     f"python -m generator close-month {month} --note \"说明\"。")
    return lines


def report_status_command(arguments: argparse.Namespace) -> int:
    content = validated(arguments)
    if content is None:
        return 1
    month = _month(arguments.month, content)
    if month is None:
        print(f"命令行有误：月份格式应为 YYYY-MM，如 2022-02（实际 “{arguments.month}”）", file=sys.stderr)
        return 2
    print("\n".join(status_lines(content, month)))
    return 0


def closing_text(root, month: str, day: dt.date, note: str | None) -> str:
    """content/months.yml with one more closed month (the file made when there is none yet)."""
    path = root / MONTHS_FILE
    text = path.read_text(encoding="utf-8") if path.is_file() else MONTHS_HEADER
    if text.rstrip().endswith("closed: []"):
        text = text.rstrip()[: -len("[]")].rstrip() + "\n"
    if not text.endswith("\n"):
        text += "\n"
    entry = f"  - month: {month}\n    date: {day.isoformat()}\n"
    if note:
        entry += f"    note: {_quoted(note)}\n"
    return text + entry


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def close_month_command(arguments: argparse.Namespace) -> int:
    content = validated(arguments)
    if content is None:
        return 1
    month = parse_month(arguments.month)
    if month is None:
        print(f"命令行有误：月份格式应为 YYYY-MM，如 2022-02（实际 “{arguments.month}”）", file=sys.stderr)
        return 2
    status = Reports(content).status(month)
    if not status.listed:
        print(f"命令行有误：{month[:4]} 年没有重点项目名单", file=sys.stderr)
        return 2
    if not status.reported:
        print(f"{month} 还没有任何项目报送月报，不能关账（关账是在大部分单位已报送、个别单位迟迟不报时用的）。",
              file=sys.stderr)
        return 1
    if status.closed_by:
        print(f"{month} 已经关账（{status.closed_by}），没有改动。")
        return 0
    due = next_month(reporting_month(content))
    if month > due:  # a typo for the month being collected would move the site past a month never closed
        print(f"{due} 还没有关账，不能先关 {month}：月份要一个一个关（先运行 python -m generator report-status "
              f"--month {due} 看看还差谁）。", file=sys.stderr)
        return 1
    text = closing_text(content.root, month, arguments.date or dt.date.today(), arguments.note)
    errors = staged_errors(content.root, {MONTHS_FILE: text})
    if errors:
        print("\n".join(str(error) for error in errors) + "\n没有写入任何文件。", file=sys.stderr)
        return 1
    write_texts(content.root, {MONTHS_FILE: text})
    missing = "、".join(f"{p.name}" for p in status.missing)
    print(f"已在 content/{MONTHS_FILE} 记下 {month} 关账。网站将显示 {month} 的数字；"
          f"未报的 {len(status.missing)} 个项目（{missing}）按上月数字计并标为“未报”，通报中会列出它们的单位。")
    return 0
