"""`report-template`: the XLSX the office sends to the units each month, one row per project.

For a month that already has data the sheet comes prefilled with it, so that the sheet re-imported
unchanged changes nothing (see import_report.py).
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ..records import models
from ..records.load import Content
from ..records.validate import validated
from . import sheet

LOCKED_FILL = PatternFill("solid", fgColor="E7E6E6")  # grey: filled by the office, read-only
EDITABLE_HEADER_FILL = PatternFill("solid", fgColor="FFF2CC")  # yellow header: the unit fills this column
WRAPPED = {"image", "problems", "requests"}
MAX_WIDTH = {"name": 44, "unit": 24, "image": 40, "problems": 40, "requests": 40}  # in Excel's units (digit widths)
MIN_WIDTH = {"image": 32, "problems": 32, "requests": 32, "deadline": 14}  # room to type in an empty column


def prefilled_row(content: Content, project: models.Project, month: str) -> dict[str, object]:
    """The row of one project: identity, last figures before `month`, and what `month` already has."""
    unit = content.units.get(project.responsible.unit)
    listed = project.on_list(int(month[:4]))
    row: dict[str, object] = {"id": project.id, "name": project.name, "unit": unit.name if unit else "",
                              "month": month, "annual_plan": listed.annual_plan if listed else None}
    # the cumulative figure starts again each January: the last report before `month` in its own year
    earlier = [entry for entry in project.progress if entry.month[:4] == month[:4] and entry.month < month]
    if earlier:
        row["last_month"], row["last_completed"] = earlier[-1].month, earlier[-1].completed
    for entry in project.progress:
        if entry.month == month:
            row["completed"], row["image"] = entry.completed, entry.image
    reported = [p for p in project.problems if p.raised == sheet.report_date(month) and p.meeting is None]
    requests = [p.text.removeprefix(sheet.REQUEST_PREFIX) for p in reported if p.text.startswith(sheet.REQUEST_PREFIX)]
    problems = [p.text for p in reported if not p.text.startswith(sheet.REQUEST_PREFIX)]
    row["problems"], row["requests"] = "\n".join(problems) or None, "\n".join(requests) or None
    if len({p.deadline for p in reported}) == 1:
        row["deadline"] = reported[0].deadline
    return row


def _display_width(value: object) -> int:
    text = str(value) if value is not None else ""
    longest = max((line for line in text.splitlines()), key=len, default="")
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in longest)


def _validations(ws: Worksheet, month: str, last_row: int) -> None:
    def add(key: str, validation: DataValidation, title: str, error: str) -> None:
        column = sheet.letter(sheet.COLUMNS.index(sheet.BY_KEY[key]) + 1)
        validation.error, validation.errorTitle = error, title
        validation.prompt, validation.promptTitle = sheet.BY_KEY[key].note, sheet.BY_KEY[key].header
        validation.showErrorMessage = validation.showInputMessage = True
        ws.add_data_validation(validation)
        validation.add(f"{column}2:{column}{max(last_row, 2)}")

    add("completed", DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True),
        "请填写数字", "只填数字（单位万元），不带“万元”和逗号，不能为负数。")
    for key in ("image", "problems", "requests"):
        add(key, DataValidation(type="textLength", operator="lessThanOrEqual", formula1=str(sheet.TEXT_LIMIT),
                                allow_blank=True), "文字太长", f"不超过 {sheet.TEXT_LIMIT} 个字。")
    raised = sheet.report_date(month)
    add("deadline", DataValidation(type="date", operator="greaterThanOrEqual", allow_blank=True,
                                   formula1=f"DATE({raised.year},{raised.month},{raised.day})"),
        "请填写日期", f"填写日期，如 {sheet.default_deadline(month)}，不早于 {raised}。")


def _instructions(workbook: Workbook, title: str, month: str) -> None:
    ws = workbook.create_sheet("填表说明")
    lines = [title, "",
             "1. 只填写黄色表头的列；灰色的列由县重点项目办预填，已锁定，请勿修改（不要增删列、不要改表头）。",
             "2. 空白单元格表示“本月未报”，不会被当作 0。本月第一次填报时，累计完成投资和形象进度要一起填。",
             "3. 累计完成投资指本年 1 月起累计完成的投资，单位万元，只填数字，不能比上次填报的少。",
             "4. 新发现的问题、需协调解决的事项：一行写一条（单元格内换行按 Alt+Enter），没有就不填。",
             f"5. 问题的提出日期记为 {sheet.report_date(month)}，责任单位为项目的责任单位；"
             f"办结时限不填时为 {sheet.default_deadline(month)}。",
             "6. 填好后保存为 .xlsx（也可以另存为 CSV），交回县重点项目办，经分包领导审核后导入。", "", "各列说明："]
    lines += [f"{column.header}：{column.note}" for column in sheet.COLUMNS]
    for number, line in enumerate(lines, start=1):
        ws.cell(number, 1, line).font = Font(bold=number == 1)
    ws.column_dimensions["A"].width = 110


def build_workbook(content: Content, month: str, unit: str | None = None) -> tuple[Workbook, int]:
    """The filled-in template and the number of projects on it."""
    year = int(month[:4])
    projects = sorted((p for p in content.projects.values() if p.on_list(year)),
                      key=lambda p: (list(content.units).index(p.responsible.unit), p.id))
    rows = [prefilled_row(content, p, month) for p in projects if unit is None or p.responsible.unit == unit]
    workbook = Workbook()
    ws = workbook.active
    ws.title = sheet.SHEET_TITLE
    title = f"{content.site.county}重点项目建设进展情况月报（{int(month[:4])}年{int(month[5:])}月）"
    workbook.properties.title = title
    for index, column in enumerate(sheet.COLUMNS, start=1):
        header = ws.cell(1, index, column.header)
        header.font = Font(bold=True)
        header.alignment = Alignment(wrap_text=True, vertical="center")
        header.fill = EDITABLE_HEADER_FILL if column.editable else LOCKED_FILL
        for number, row in enumerate(rows, start=2):
            cell = ws.cell(number, index, row.get(column.key))
            cell.number_format = {"text": "@", "month": "@", "date": "yyyy-mm-dd"}.get(column.kind, "General")
            cell.alignment = Alignment(wrap_text=column.key in WRAPPED, vertical="top")
            if column.editable:
                cell.protection = Protection(locked=False)
            else:
                cell.fill = LOCKED_FILL
        # the header wraps onto two lines; values stay on one, except the wrapped text columns
        widest = max([_display_width(column.header) // 2 + 2] + [_display_width(r.get(column.key)) for r in rows])
        width = max(min(widest + 2, MAX_WIDTH.get(column.key, 24)), MIN_WIDTH.get(column.key, 0))
        ws.column_dimensions[sheet.letter(index)].width = width
    ws.freeze_panes = "C2"  # the header row and the id and name columns stay in view
    ws.row_dimensions[1].height = 36
    ws.protection.sheet = True  # no password: the office can lift it (审阅 → 撤销工作表保护)
    ws.protection.formatColumns = ws.protection.formatRows = False  # units may still widen columns
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    _validations(ws, month, len(rows) + 1)
    _instructions(workbook, title, month)
    return workbook, len(rows)


def report_template_command(arguments: argparse.Namespace) -> int:
    month = sheet.parse_month(arguments.month)
    if month is None:
        print(f"命令行有误：月份格式应为 YYYY-MM，如 2021-08（实际 “{arguments.month}”）", file=sys.stderr)
        return 2
    content = validated(arguments)
    if content is None:
        return 1
    years = sorted({entry.year for project in content.projects.values() for entry in project.years})
    if int(month[:4]) not in years:
        listed = "、".join(str(year) for year in years)
        later = years and int(month[:4]) > years[-1]
        hint = f"；新的一年先运行 python -m generator new-year {month[:4]}" if later else ""
        print(f"命令行有误：{month[:4]} 年没有重点项目名单（已有 {listed} 年度的名单{hint}）", file=sys.stderr)
        return 2
    if arguments.unit is not None and arguments.unit not in content.units:
        print(f"命令行有误：找不到单位 {arguments.unit}（期望 units.yml 中已有的编号）", file=sys.stderr)
        return 2
    suffix = f"-{arguments.unit}" if arguments.unit else ""
    out: Path = arguments.output or Path(f"{content.site.county}重点项目月报-{month}{suffix}.xlsx")
    if out.suffix.lower() != ".xlsx":
        print(f"命令行有误：输出文件应以 .xlsx 结尾（实际 {out}）", file=sys.stderr)
        return 2
    if out.exists() and not arguments.force:
        print(f"{out} 已经存在，没有覆盖（它可能是已填好的表）。换一个文件名（-o），或加 --force 覆盖。",
              file=sys.stderr)
        return 1
    workbook, count = build_workbook(content, month, arguments.unit)
    out.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(out)
    print(f"已生成月报填报表：{out}（{count} 个项目，{month}）。发给责任单位填写黄色表头的列，交回后运行 "
          f"python -m generator import-report {out}")
    return 0
