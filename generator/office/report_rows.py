"""The rows of a filled monthly sheet, checked cell by cell against the records before anything is written.

Every problem is collected (with its sheet row and column) so that the office sees them all at once.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass

from ..records import models
from ..records.load import Content
from ..records.plausibility import questions
from . import sheet
from .sheetread import ReadSheet, SheetProblem

_NUMBER = re.compile(r"^[+]?(\d+|\d{1,3}(,\d{3})+)(\.\d+)?$")
_DATE = re.compile(r"^(\d{4})\s*(?:-|/|\.|年)\s*(\d{1,2})\s*(?:-|/|\.|月)\s*(\d{1,2})\s*日?$")


@dataclass
class RowReport:
    """What one row reports for one project: None where the cell was left empty ("not reported")."""

    row: int
    project: models.Project
    month: str
    completed: float | None
    image: str | None
    ledger: list[str]
    deadline: dt.date
    confirmed: str | None = None  # the clerk's note on a figure the import questioned (--confirm)
    reported: dt.date | None = None  # the day the sheet is imported, recorded with a month's first report


def _shown(value: object) -> str:
    return f"“{value}”" if isinstance(value, str) else str(value)


class _Cells:
    """Typed reading of one row's cells; a cell that does not read is reported and read as None."""

    def __init__(self, read: ReadSheet, row: int, cells: dict[str, object]) -> None:
        self.read, self.row, self.cells = read, row, cells

    def problem(self, key: str, message: str) -> None:
        self.read.problem(self.row, key, message)

    def text(self, key: str) -> str | None:
        value = self.cells.get(key)
        if value is None or isinstance(value, str):
            if value is not None and len(value) > sheet.TEXT_LIMIT:
                self.problem(key, f"文字太长（期望 不超过 {sheet.TEXT_LIMIT} 字，实际 {len(value)} 字）")
                return None
            return value
        self.problem(key, f"应填文字（实际 {_shown(value)}；请把单元格格式设为“文本”后重新填写）")
        return None

    def prose(self, key: str, lines: list[str]) -> list[str]:
        """The texts of a cell (its lines, for the ledger cells), or none when one would start a formula in a
        spreadsheet: the public CSV downloads and the next month's sheet carry each of them into a cell."""
        for line in lines:
            start = sheet.formula_start(line)
            if start:
                shown = line if len(line) <= 30 else line[:30] + "…"
                self.problem(key, f"以“{start}”开头，表格软件会把它当作公式，不能导入（期望 文字，不以 = + - @ 开头；"
                                  f"实际 “{shown}”）；请在前面加上文字，或删去这个符号")
                return []
        return lines

    def money(self, key: str) -> float | None:
        value = self.cells.get(key)
        if value is None:
            return None
        number: float | None = None
        if isinstance(value, int | float) and not isinstance(value, bool):
            number = float(value)
        elif isinstance(value, str):
            text = unicodedata.normalize("NFKC", value).replace(" ", "")
            number = float(text.replace(",", "")) if _NUMBER.match(text) else None
        if number is None or not math.isfinite(number):
            self.problem(key, f"不是数字（期望 数字，单位万元，如 1200.5，不带“万元”；实际 {_shown(value)}）")
            return None
        if number < 0:
            self.problem(key, f"不能为负数（期望 ≥ 0，实际 {number:g}）")
            return None
        return number

    def date(self, key: str) -> dt.date | None:
        value = self.cells.get(key)
        if value is None or isinstance(value, dt.date):
            return value.date() if isinstance(value, dt.datetime) else value
        match = _DATE.match(unicodedata.normalize("NFKC", str(value)).strip())
        if not match:
            self.problem(key, f"不是日期（期望 如 2021-09-30；实际 {_shown(value)}）")
            return None
        try:
            return dt.date(*(int(part) for part in match.groups()))
        except ValueError:
            self.problem(key, f"日期不存在（期望 真实存在的日期；实际 {_shown(value)}）")
            return None

    def month(self, key: str) -> str | None:
        value = self.cells.get(key)
        if isinstance(value, dt.date):
            return f"{value.year}-{value.month:02d}"
        month = sheet.parse_month(value) if isinstance(value, str) else None
        dated = _DATE.match(unicodedata.normalize("NFKC", value).strip()) if isinstance(value, str) else None
        if month is None and dated and 1 <= int(dated.group(2)) <= 12:  # Excel turned 2021-08 into 2021/8/1
            month = f"{dated.group(1)}-{int(dated.group(2)):02d}"
        if month is None:
            shown = _shown(value) if value is not None else "空"
            self.problem(key, f"月份格式应为 YYYY-MM，如 2021-08（实际 {shown}）")
        return month


def _neighbours(project: models.Project, month: str) -> tuple[models.Progress | None, models.Progress | None]:
    """The reports before and after `month` in its own year (the cumulative figure starts again each January)."""
    same_year = [entry for entry in project.progress if entry.month[:4] == month[:4]]
    earlier = [entry for entry in same_year if entry.month < month]
    later = [entry for entry in same_year if entry.month > month]
    return (earlier[-1] if earlier else None), (later[0] if later else None)


def row_report(read: ReadSheet, content: Content, row: int, cells: dict[str, object],
               seen: dict[str, int], sheet_month: list[str], confirm: str | None = None) -> RowReport | None:
    """The report of one row, or None after recording why the row is refused."""
    read_cells, before = _Cells(read, row, cells), len(read.problems)
    project_id = read_cells.text("id")
    project = content.projects.get(project_id or "")
    if project_id is None:
        read_cells.problem("id", "缺少项目编号（这一行填了内容，但不知道是哪个项目）")
    elif project is None:
        read_cells.problem("id", f"找不到项目 {project_id}（期望 content/projects/ 中已有的编号）")
    elif project_id in seen:
        read_cells.problem("id", f"同一项目出现两次（第 {seen[project_id]} 行已经有 {project_id}）")
    seen.setdefault(project_id or "", row)
    month = read_cells.month("month")
    if month and project is not None and project.on_list(int(month[:4])) is None:
        listed = "、".join(str(entry.year) for entry in project.years)
        read_cells.problem("month", f"项目 {project.id} 不在 {month[:4]} 年度重点项目名单上"
                                    f"（它在 {listed} 年度的名单上；新年度先运行 python -m generator new-year）")
    elif month and sheet_month and month != sheet_month[0]:
        read_cells.problem("month", f"一张表只能报一个月（期望 {sheet_month[0]}，与前面的行一致；实际 {month}）")
    elif month:
        sheet_month.append(month)
    completed, image = read_cells.money("completed"), read_cells.text("image")
    if image is not None:
        image = sheet.plain_text(image) or None
        read_cells.prose("image", [image] if image else [])
    problems = read_cells.prose("problems", sheet.split_items(read_cells.text("problems") or ""))
    requests = read_cells.prose("requests", sheet.split_items(read_cells.text("requests") or ""))
    deadline = read_cells.date("deadline")
    if len(read.problems) > before or project is None or month is None:
        return None
    ledger = sheet.ledger_texts("\n".join(problems), "\n".join(requests))
    previous, following = _neighbours(project, month)
    existing = next((entry for entry in project.progress if entry.month == month), None)
    if existing is None and (completed is None) != (image is None):
        missing = "image" if image is None else "completed"
        read_cells.problem(missing, "本月第一次填报，本月累计完成投资和形象进度要一起填（这一格不能空）")
    if completed is not None and previous and completed < previous.completed:
        read_cells.problem("completed", f"本年累计完成投资不能比上月少"
                                        f"（期望 ≥ {previous.completed:g}（{previous.month}），实际 {completed:g}）")
    if completed is not None and following and completed > following.completed:
        read_cells.problem("completed", f"本年累计完成投资不能比下月已有的数字多"
                                        f"（期望 ≤ {following.completed:g}（{following.month}），实际 {completed:g}）")
    if deadline and not ledger:
        read_cells.problem("deadline", "填了办结时限，但这一行没有新发现的问题或需协调解决的事项")
    raised = sheet.report_date(month)
    if deadline and deadline < raised:
        read_cells.problem("deadline", f"办结时限早于问题提出日期（期望 不早于 {raised}，实际 {deadline}）")
    if len(read.problems) > before:
        return None
    report = RowReport(row, project, month, completed, image, ledger, deadline or sheet.default_deadline(month))
    question = _questioned(report, existing)
    if question and not confirm:
        read_cells.problem("completed", f"数字可疑：{question}。请和填表单位核对（是不是多打了一个 0？）；"
                                        "核实无误时，加上 --confirm \"核实说明\" 重新导入，说明会记在记录里")
        return None
    report.confirmed = confirm if question else None
    return report


def _questioned(report: RowReport, existing: models.Progress | None) -> str | None:
    """Why the row's figure looks implausible in the project's series (records/plausibility.py), if it does."""
    if report.completed is None:
        return None
    project = report.project
    entry = models.Progress(month=report.month, completed=report.completed,
                            image=report.image or (existing.image if existing else "—"))
    series = sorted([e for e in project.progress if e.month != report.month] + [entry], key=lambda e: e.month)
    return questions(project, series).get(series.index(entry))


def row_reports(read: ReadSheet, content: Content, confirm: str | None = None) -> list[RowReport]:
    """The reports of every row; `read.problems` lists every refused cell. A figure the import questions is
    refused unless the clerk `confirm`s it with a note."""
    seen: dict[str, int] = {}
    sheet_month: list[str] = []
    reports = [row_report(read, content, row, cells, seen, sheet_month, confirm) for row, cells in read.rows]
    if not read.rows and not read.problems:
        read.problems.append(SheetProblem(read.file, 2, 0, "", "表中没有任何项目的数据"))
    return [report for report in reports if report is not None]
