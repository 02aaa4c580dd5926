"""`import-report`: write a filled monthly sheet into the project records, or refuse it whole.

Order of work: read the sheet, check every row against the records, edit each project's YAML with a
ruamel.yaml round trip (only the month's progress entry and new problem-ledger entries change), validate
the whole content tree with the edits in a temporary copy, and only then replace the changed files.
A second import of the same sheet finds nothing to change and writes nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ..figures.fmt import wan
from ..records import models
from ..records.load import Content
from ..records.staging import staged_errors, write_texts
from ..records.validate import validated
from . import sheet
from .report_rows import RowReport, row_reports
from .sheetread import SheetUnreadable, read_sheet
from .yamledit import NotPreservable, RoundTrip, YAMLError, entry, insert_item, list_at, text_value

FIELD_ORDER = list(models.Project.model_fields)
CORRECTION_SIMILARITY = 0.6  # difflib's ratio above which a re-sent text is taken for a correction of an earlier one


@dataclass
class ProjectChange:
    project: models.Project
    relative: str  # e.g. "projects/alpha.yml"
    text: str
    changes: list[str] = field(default_factory=list)  # what changed, in Chinese
    kept: list[str] = field(default_factory=list)  # what the sheet repeats and the record already has


def _number(value: float) -> int | float:
    value = round(value, 4)
    return int(value) if value.is_integer() else value


def _progress(document: RoundTrip, row: RowReport, change: ProjectChange) -> None:
    items = document.data.get("progress") or []
    index = next((i for i, item in enumerate(items) if str(item.get("month")) == row.month), None)
    if index is None:
        if row.completed is None:
            return
        items = list_at(document.data, "progress", FIELD_ORDER)
        position = sum(1 for item in items if str(item.get("month")) < row.month)
        like = items[position - 1] if position else (items[0] if items else None)
        fields = {"month": row.month, "completed": _number(row.completed), "image": row.image,
                  "reported": row.reported}
        if row.confirmed:
            fields["confirmed"] = row.confirmed
        insert_item(items, position, entry(fields, like))
        change.changes.append(f"新增 {row.month} 进度：本年累计完成投资 {wan(row.completed)} 万元，"
                              f"形象进度“{row.image}”")
        return
    item = items[index]
    before = float(item["completed"])
    if row.completed is not None and round(before, 4) != round(row.completed, 4):
        change.changes.append(f"{row.month} 本年累计完成投资：{wan(before)} → {wan(row.completed)} 万元")
        item["completed"] = _number(row.completed)
        if row.confirmed:
            item["confirmed"] = row.confirmed
    if row.image is not None and str(item["image"]).strip() != row.image:
        change.changes.append(f"{row.month} 形象进度：“{item['image']}” → “{row.image}”")
        item["image"] = text_value(row.image, bool(item.fa.flow_style()))


@dataclass
class LedgerPlan:
    new: list[str]  # texts to add
    known: list[str]  # texts the ledger already has
    corrected: list[tuple[int, str, str]]  # (index in problems, old text, new text)


def _ledger_plan(row: RowReport) -> LedgerPlan:
    """What the row's ledger texts do: new ones are added, those already there (open, or raised the same day)
    are left, and a text close to one this month's sheet brought in before, which the re-sent sheet no longer
    lists, corrects that entry instead of adding a near-copy of it."""
    raised = sheet.report_date(row.month)
    known = {p.text for p in row.project.problems if p.status == "未解决" or p.raised == raised}
    new = [t for t in row.ledger if t not in known]
    replaced = [(index, p.text) for index, p in enumerate(row.project.problems)
                if p.raised == raised and p.meeting is None and p.status == "未解决" and p.text not in row.ledger]
    pairs = sorted(((difflib.SequenceMatcher(None, old, text).ratio(), index, old, text)
                    for index, old in replaced for text in new
                    if old.startswith(sheet.REQUEST_PREFIX) == text.startswith(sheet.REQUEST_PREFIX)), reverse=True)
    corrected: list[tuple[int, str, str]] = []
    for ratio, index, old, text in pairs:
        if ratio >= CORRECTION_SIMILARITY and text in new and all(index != done for done, _, _ in corrected):
            corrected.append((index, old, text))
            new.remove(text)
    return LedgerPlan(new, [t for t in row.ledger if t in known], sorted(corrected))


def _progress_changes(row: RowReport) -> bool:
    existing = next((entry for entry in row.project.progress if entry.month == row.month), None)
    if existing is None:
        return row.completed is not None
    return ((row.completed is not None and round(existing.completed, 4) != round(row.completed, 4))
            or (row.image is not None and existing.image != row.image))


def project_change(content: Content, row: RowReport) -> ProjectChange:
    """What the row changes in its project's record; the record is opened only when something changes.

    Raises NotPreservable or YAMLError when the record cannot be edited without reformatting it."""
    source = content.files[f"project:{row.project.id}"]
    plan = _ledger_plan(row)
    change = ProjectChange(row.project, source.relative, "")
    change.kept = [f"问题台账中已有“{text}”，没有重复添加" for text in plan.known]
    if not plan.new and not plan.corrected and not _progress_changes(row):
        return change
    document = RoundTrip.open(content.root / source.relative)
    _progress(document, row, change)
    for index, old, text in plan.corrected:
        item = document.data["problems"][index]
        item["text"] = text_value(text, bool(item.fa.flow_style()))
        change.changes.append(f"问题台账更正“{old}”为“{text}”（本月的表重新交回，这一条的文字改了）")
    raised = sheet.report_date(row.month)
    for text in plan.new:
        items = list_at(document.data, "problems", FIELD_ORDER)
        fields = {"raised": raised, "text": text, "owners": [row.project.responsible.unit],
                  "deadline": row.deadline, "status": "未解决"}
        insert_item(items, len(items), entry(fields, items[-1] if items else None))
        change.changes.append(f"问题台账新增“{text}”（提出 {raised}，办结时限 {row.deadline}）")
    change.text = document.text()
    return change


def summary(file: str, rows: list[RowReport], changes: list[ProjectChange], total: int) -> str:
    changed = [c for c in changes if c.changes]
    reported = sum(1 for r in rows if r.completed is not None or r.image is not None or r.ledger)
    month = rows[0].month if rows else ""
    lines = [f"导入 {file}（{month}，{reported} 个项目有填报）："]
    for change in changes:
        if change.changes or change.kept:
            lines.append(f"  {change.project.id}（{change.project.name}）：")
            lines += [f"    - {line}" for line in change.changes + change.kept]
    lines.append(f"共修改 {len(changed)} 个项目文件；{reported - len(changed)} 个项目填报的内容与记录一致，没有改动；"
                 f"{total - reported} 个项目本月未填报。")
    lines.append("请用 git diff 核对改动，确认无误后运行 python -m generator sync -m \"说明\" 提交。" if changed
                 else "没有需要写入的内容，记录已是最新。")
    return "\n".join(lines)


def import_report_command(arguments: argparse.Namespace) -> int:
    path: Path = arguments.file
    if not path.is_file():
        print(f"命令行有误：找不到文件 {path}", file=sys.stderr)
        return 2
    content = validated(arguments)
    if content is None:
        print("内容本身有错误，请先改正再导入；没有写入任何文件。", file=sys.stderr)
        return 1
    try:
        read = read_sheet(path)
    except SheetUnreadable as unreadable:
        print(f"{path}：{unreadable}；没有写入任何文件。", file=sys.stderr)
        return 1
    rows = row_reports(read, content, arguments.confirm)
    for row in rows:
        row.reported = arguments.date or dt.date.today()
    changes: list[ProjectChange] = []
    if not read.problems:
        for row in rows:
            try:
                changes.append(project_change(content, row))
            except (NotPreservable, YAMLError, UnicodeDecodeError) as error:
                shown = content.files[f"project:{row.project.id}"].shown
                if isinstance(error, NotPreservable):
                    read.problem(row.row, "id", f"{shown} 第 {error.line} 行的写法特殊（{error.unusual()}），"
                                                "自动修改会改动这一行；请把它改成常规写法后重新导入，或手工录入表中这一行")
                else:
                    read.problem(row.row, "id", f"{shown} 无法原样保留，自动修改会改动其他行；请手工录入表中这一行")
    if read.problems:
        problems = sorted(set(read.problems))
        listed = "\n".join(str(problem) for problem in problems)
        print(f"{listed}\n共 {len(problems)} 处错误。请改正表格后重新导入；没有写入任何文件。", file=sys.stderr)
        return 1
    texts = {c.relative: c.text for c in changes if c.changes}
    errors = staged_errors(content.root, texts) if texts else []
    if errors:
        listed = "\n".join(str(error) for error in errors)
        print(f"{listed}\n导入后的记录会有以上 {len(errors)} 处错误，已放弃导入，没有写入任何文件。", file=sys.stderr)
        return 1
    write_texts(content.root, texts)
    month = rows[0].month if rows else None
    listed = sum(1 for p in content.projects.values() if month and p.on_list(int(month[:4])))
    print(summary(read.file, rows, changes, listed))
    return 0
