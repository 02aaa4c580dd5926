"""The staff's month: template out, sheet in, import, new projects, live preview, editor and commit hooks.

Sheets are real XLSX files written by the command and filled with openpyxl as a unit would, and real
CSV bytes in GBK and UTF-8; the YAML files are compared byte by byte before and after an import.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator
from openpyxl import load_workbook
from watchdog.events import FileClosedNoWriteEvent, FileModifiedEvent, FileMovedEvent, FileOpenedEvent

from generator.__main__ import main
from generator.bench.preview import free_port, page_text
from generator.office import sheet
from generator.office.yamledit import RoundTrip, entry, insert_item, list_at
from generator.records.staging import staged_errors
from generator.site.serve import ChangeHandler, Preview, loops

from .conftest import FIXTURE, ROOT, SAMPLE, edit, loaded

HEADERS = {column.key: column.header for column in sheet.COLUMNS}


@pytest.fixture
def sample_tree(tmp_path: Path) -> Path:
    """A writable copy of the shipped content."""
    target = tmp_path / "sample"
    shutil.copytree(SAMPLE, target)
    return target


def run(capsys: pytest.CaptureFixture, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def template(capsys, content: Path, month: str, out: Path) -> Path:
    code, _, err = run(capsys, "report-template", "--month", month, "--content", str(content), "-o", str(out))
    assert code == 0, err
    return out


def fill(path: Path, values: dict[str, dict[str, object]], out: Path) -> Path:
    """Fill the template as a unit does: find each project's row by its id and each column by its header."""
    workbook = load_workbook(path)
    ws = workbook.worksheets[0]
    columns = {cell.value: cell.column for cell in ws[1]}
    rows = {ws.cell(r, columns[HEADERS["id"]]).value: r for r in range(2, ws.max_row + 1)}
    for project, cells in values.items():
        row = rows.get(project)
        if row is None:  # a row the unit added by hand
            row = ws.max_row + 1
            ws.cell(row, columns[HEADERS["id"]], project)
        for key, value in cells.items():
            ws.cell(row, columns[HEADERS[key]], value)
    workbook.save(out)
    return out


def csv_bytes(xlsx: Path, encoding: str) -> bytes:
    """The sheet saved as CSV the way Excel and WPS write it: displayed values, dates as yyyy/m/d."""
    rows = []
    for row in load_workbook(xlsx).worksheets[0].iter_rows(values_only=True):
        rows.append(["" if v is None else f"{v.year}/{v.month}/{v.day}" if isinstance(v, dt.date) else v for v in row])
    text = io.StringIO()
    csv.writer(text, lineterminator="\r\n").writerows(rows)
    return text.getvalue().encode(encoding)


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    """The lines of `before` that `after` drops, and the lines it adds, in order."""
    matcher = difflib.SequenceMatcher(None, before.splitlines(), after.splitlines(), autojunk=False)
    removed, added = [], []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            removed += before.splitlines()[i1:i2]
            added += after.splitlines()[j1:j2]
    return removed, added


def only_insertions(before: str, after: str) -> list[str]:
    """The lines `after` adds to `before`, asserting that no line of `before` was changed or removed."""
    removed, added = changed_lines(before, after)
    assert removed == []
    return added


def without_file(lines: str, path: Path) -> list[str]:
    return [line.replace(str(path), "<表>", 1) for line in lines.strip().splitlines()]


# ---- report-template -----------------------------------------------------------------------------


def width(text: object) -> int:
    longest = max(str(text).splitlines() or [""], key=len)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in longest)


def test_template_has_one_row_per_project_with_chinese_headers_and_locked_prefilled_columns(capsys, tree, tmp_path):
    path = template(capsys, tree, "2021-06", tmp_path / "月报.xlsx")
    content = loaded(tree)
    ws = load_workbook(path).worksheets[0]
    assert [cell.value for cell in ws[1]] == [column.header for column in sheet.COLUMNS]
    assert ws.freeze_panes == "C2"
    assert ws.protection.sheet
    rows = {row[0]: dict(zip(HEADERS, row, strict=True)) for row in ws.iter_rows(min_row=2, values_only=True)}
    assert set(rows) == set(content.projects)
    for project in content.projects.values():
        row = rows[project.id]
        assert (row["name"], row["unit"], row["month"]) == (project.name, content.units[project.responsible.unit].name,
                                                             "2021-06")
        assert row["annual_plan"] == project.on_list(2021).annual_plan
        last = project.progress[-1] if project.progress else None
        assert (row["last_month"], row["last_completed"]) == ((last.month, last.completed) if last else (None, None))
        # nothing reported for June yet: empty, never zero
        assert all(row[key] is None for key in ("completed", "image", "problems", "requests", "deadline"))
    for index, column in enumerate(sheet.COLUMNS, start=1):
        cell = ws.cell(2, index)
        assert cell.protection.locked == (not column.editable), column.header
        values = [column.header] + [row[column.key] for row in rows.values() if row[column.key] is not None]
        needed = min(max(width(v) for v in values[1:] or [""]), 30)
        assert ws.column_dimensions[sheet.letter(index)].width >= needed, column.header


def test_template_validates_money_dates_and_text_length(capsys, tree, tmp_path):
    ws = load_workbook(template(capsys, tree, "2021-06", tmp_path / "t.xlsx")).worksheets[0]
    rules = {}
    for validation in ws.data_validations.dataValidation:
        for cell_range in str(validation.sqref).split():
            rules[cell_range.split(":")[0].rstrip("0123456789")] = validation
    column = {key: sheet.letter(index) for index, key in enumerate(HEADERS, start=1)}
    money = rules[column["completed"]]
    assert (money.type, money.operator, money.formula1) == ("decimal", "greaterThanOrEqual", "0")
    assert money.showErrorMessage and "数字" in money.error
    for key in ("image", "problems", "requests"):
        assert (rules[column[key]].type, rules[column[key]].formula1) == ("textLength", str(sheet.TEXT_LIMIT))
    assert rules[column["deadline"]].type == "date"
    assert column["id"] not in rules  # read-only columns are protected instead


def test_template_month_must_be_in_a_year_on_the_list(capsys, tree, tmp_path):
    code, _, err = run(capsys, "report-template", "--month", "2022-08", "--content", str(tree), "-o",
                       str(tmp_path / "x.xlsx"))
    assert (code, err.strip()) == (2, "命令行有误：2022 年没有重点项目名单（已有 2021 年度的名单；"
                                      "新的一年先运行 python -m generator new-year 2022）")
    code, _, err = run(capsys, "report-template", "--month", "八月", "--content", str(tree))
    assert (code, err.strip()) == (2, "命令行有误：月份格式应为 YYYY-MM，如 2021-08（实际 “八月”）")
    assert not (tmp_path / "x.xlsx").exists()


def test_template_never_overwrites_a_sheet_unless_told(capsys, tree, tmp_path):
    path = fill(template(capsys, tree, "2021-06", tmp_path / "t.xlsx"), {"alpha": {"completed": 700}},
                tmp_path / "t.xlsx")
    before = path.read_bytes()
    code, _, err = run(capsys, "report-template", "--month", "2021-06", "--content", str(tree), "-o", str(path))
    assert code == 1 and "已经存在，没有覆盖" in err
    assert path.read_bytes() == before


def test_template_for_one_unit_lists_only_its_projects(capsys, tree, tmp_path):
    code, _, _ = run(capsys, "report-template", "--month", "2021-06", "--content", str(tree), "--unit", "u-town",
                     "-o", str(tmp_path / "t.xlsx"))
    ids = [row[0] for row in load_workbook(tmp_path / "t.xlsx").worksheets[0].iter_rows(min_row=2, values_only=True)]
    content = loaded(tree)
    assert code == 0 and ids == sorted(p.id for p in content.projects.values() if p.responsible.unit == "u-town")


# ---- import-report: writing -----------------------------------------------------------------------


def test_unchanged_prefilled_sheet_reimported_changes_nothing(capsys, sample_tree, tmp_path):
    before = snapshot(sample_tree)
    mtimes = {p: p.stat().st_mtime_ns for p in sample_tree.rglob("*.yml")}
    path = template(capsys, sample_tree, "2021-08", tmp_path / "t.xlsx")
    content = loaded(sample_tree)
    rows = {row[0]: dict(zip(HEADERS, row, strict=True))
            for row in load_workbook(path).worksheets[0].iter_rows(min_row=2, values_only=True)}
    assert sorted(rows) == sorted(p.id for p in content.projects.values() if p.on_list(2021))  # 2021's list
    for project in (content.projects[project_id] for project_id in rows):
        august = next((entry for entry in project.progress if entry.month == "2021-08"), None)
        expected = (august.completed, august.image) if august else (None, None)
        assert (rows[project.id]["completed"], rows[project.id]["image"]) == expected
    code, out, err = run(capsys, "import-report", str(path), "--content", str(sample_tree))
    assert code == 0, err
    assert "共修改 0 个项目文件" in out and "没有需要写入的内容" in out
    assert snapshot(sample_tree) == before
    assert {p: p.stat().st_mtime_ns for p in sample_tree.rglob("*.yml")} == mtimes


def test_import_rebuilds_a_removed_month_byte_for_byte(capsys, sample_tree, tmp_path):
    """Remove December from a record, import December from a sheet: the file is exactly the shipped one again,
    with the day the sheet was imported (`--date`, today when not given) recorded under the month."""
    relative = "projects/hengyuan-food.yml"
    shipped = (SAMPLE / relative).read_text(encoding="utf-8")
    december = next(p for p in loaded(SAMPLE).projects["hengyuan-food"].progress if p.month == "2021-12")
    entry = f"  - month: 2021-12\n    completed: {december.completed:g}\n    image: {december.image}\n"
    assert entry in shipped
    (sample_tree / relative).write_text(shipped.replace(entry, ""), encoding="utf-8")
    path = fill(template(capsys, sample_tree, "2021-12", tmp_path / "t.xlsx"),
                {"hengyuan-food": {"completed": december.completed, "image": december.image}}, tmp_path / "f.xlsx")
    code, out, err = run(capsys, "import-report", str(path), "--content", str(sample_tree), "--date", "2022-01-04")
    assert code == 0, err
    assert (sample_tree / relative).read_text(encoding="utf-8") == shipped.replace(
        entry, entry + "    reported: 2022-01-04\n")
    assert "hengyuan-food（恒源食品年产20万吨速冻食品项目）：\n    - 新增 2021-12 进度" in out


def test_import_adds_the_month_and_ledger_entries_and_nothing_else(capsys, sample_tree, tmp_path):
    relative = "projects/hengyuan-food.yml"
    before = (sample_tree / relative).read_text(encoding="utf-8")
    others = {k: v for k, v in snapshot(sample_tree).items() if k != relative}
    project = loaded(sample_tree).projects["hengyuan-food"]
    april = project.progress[0]
    path = fill(template(capsys, sample_tree, "2021-03", tmp_path / "t.xlsx"), {"hengyuan-food": {
        "completed": april.completed - 100, "image": "完成施工图设计: 场地平整 #2",
        "problems": "1、施工用电未接入\n2、部分地块未清表", "requests": "协调供电公司架设临时线路",
        "deadline": dt.datetime(2021, 4, 15)}}, tmp_path / "f.xlsx")
    code, out, err = run(capsys, "import-report", str(path), "--content", str(sample_tree), "--date", "2021-04-02")
    assert code == 0, err
    after = (sample_tree / relative).read_text(encoding="utf-8")
    removed, added = changed_lines(before, after)
    assert removed == ["problems: []"]  # the one changed line: the empty ledger became a list
    assert added == ["  - month: 2021-03", f"    completed: {april.completed - 100:g}",
                     "    image: '完成施工图设计: 场地平整 #2'", "    reported: 2021-04-02", "problems:",
                     *[line for text in ("施工用电未接入", "部分地块未清表", "需协调解决：协调供电公司架设临时线路")
                       for line in ("  - raised: 2021-03-20", f"    text: {text}",
                                    f"    owners: [{project.responsible.unit}]", "    deadline: 2021-04-15",
                                    "    status: 未解决")]]
    record = loaded(sample_tree).projects["hengyuan-food"]
    assert record.progress[0].month == "2021-03" and record.progress[1:] == project.progress
    assert record.progress[0].reported == dt.date(2021, 4, 2)
    new = record.problems
    assert [p.text for p in new] == ["施工用电未接入", "部分地块未清表", "需协调解决：协调供电公司架设临时线路"]
    assert {(p.raised, p.deadline, tuple(p.owners), p.status) for p in new} == {
        (sheet.report_date("2021-03"), dt.date(2021, 4, 15), (project.responsible.unit,), "未解决")}
    assert {k: v for k, v in snapshot(sample_tree).items() if k != relative} == others
    assert "问题台账新增“部分地块未清表”（提出 2021-03-20，办结时限 2021-04-15）" in out
    # the heading comments stay above the keys they describe
    assert re.search(r"# 问题台账：[^\n]*\nproblems:\n  - raised: 2021-03-20\n", after)
    assert re.search(r"status: 未解决\n\n# 现场办公记录[^\n]*\nvisits:\n", after)


def test_import_into_flow_style_records_matches_their_style_and_is_idempotent(capsys, tree, tmp_path):
    before = snapshot(tree)
    path = fill(template(capsys, tree, "2021-06", tmp_path / "t.xlsx"), {
        "alpha": {"completed": 750, "image": "设备调试"},
        "epsilon": {"completed": 12.5, "image": "完成可研编制"},
        "gamma": {"requests": "（1）协调施工用地"}}, tmp_path / "f.xlsx")
    code, out, err = run(capsys, "import-report", str(path), "--content", str(tree), "--date", "2021-07-03")
    assert code == 0, err
    after = snapshot(tree)
    assert {k for k in after if after[k] != before[k]} == {"projects/alpha.yml", "projects/epsilon.yml",
                                                          "projects/gamma.yml"}
    alpha = only_insertions(before["projects/alpha.yml"].decode(), after["projects/alpha.yml"].decode())
    assert alpha == ["  - {month: 2021-06, completed: 750, image: 设备调试, reported: 2021-07-03}"]
    epsilon = only_insertions(before["projects/epsilon.yml"].decode(), after["projects/epsilon.yml"].decode())
    assert epsilon == ["progress:", "  - month: 2021-06", "    completed: 12.5", "    image: 完成可研编制",
                       "    reported: 2021-07-03"]
    gamma = only_insertions(before["projects/gamma.yml"].decode(), after["projects/gamma.yml"].decode())
    assert gamma == ["  - raised: 2021-06-20", "    text: 需协调解决：协调施工用地", "    owners: [u-town]",
                     f"    deadline: {sheet.default_deadline('2021-06')}", "    status: 未解决"]
    assert "共修改 3 个项目文件；0 个项目填报的内容与记录一致，没有改动；2 个项目本月未填报。" in out
    assert loaded(tree).errors == []

    code, out, _ = run(capsys, "import-report", str(path), "--content", str(tree))
    assert code == 0 and snapshot(tree) == after
    assert "问题台账中已有“需协调解决：协调施工用地”，没有重复添加" in out and "没有需要写入的内容" in out


@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig", "utf-8"])
def test_csv_saved_by_excel_or_wps_imports_like_the_xlsx(capsys, tree, tmp_path, encoding):
    path = fill(template(capsys, tree, "2021-06", tmp_path / "t.xlsx"), {
        "alpha": {"completed": 750, "image": "设备调试", "problems": "资金拨付慢", "deadline": dt.datetime(2021, 7, 10)},
        "delta": {"completed": "1,034.5", "image": "开工准备"}}, tmp_path / "f.xlsx")
    data = csv_bytes(path, encoding)
    if encoding == "gbk":
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")  # really GBK bytes, as Chinese Windows writes them
    (tmp_path / "f.csv").write_bytes(data)
    code, _, err = run(capsys, "import-report", str(tmp_path / "f.csv"), "--content", str(tree))
    assert code == 0, err
    projects = loaded(tree).projects
    assert (projects["alpha"].progress[-1].completed, projects["alpha"].progress[-1].image) == (750, "设备调试")
    assert (projects["alpha"].problems[-1].text, projects["alpha"].problems[-1].deadline) == ("资金拨付慢",
                                                                                           dt.date(2021, 7, 10))
    assert projects["delta"].progress[-1].completed == 1034.5


def test_an_empty_cell_is_not_reported_never_zero(capsys, sample_tree, tmp_path):
    """Clearing a prefilled figure keeps the record's; a row left empty adds nothing."""
    before = snapshot(sample_tree)
    path = fill(template(capsys, sample_tree, "2021-08", tmp_path / "t.xlsx"),
                {"hengyuan-food": {"completed": None, "image": None}}, tmp_path / "f.xlsx")
    code, _, err = run(capsys, "import-report", str(path), "--content", str(sample_tree))
    assert code == 0, err
    assert snapshot(sample_tree) == before
    path = fill(template(capsys, sample_tree, "2021-03", tmp_path / "m.xlsx"), {}, tmp_path / "m2.xlsx")
    code, out, _ = run(capsys, "import-report", str(path), "--content", str(sample_tree))
    assert code == 0 and snapshot(sample_tree) == before and "52 个项目本月未填报" in out


def test_import_into_a_new_project_record(capsys, tree, tmp_path):
    assert run(capsys, "new-project", "zeta-road", "--content", str(tree))[0] == 0
    filled_in(tree, "zeta-road")
    path = fill(template(capsys, tree, "2021-06", tmp_path / "t.xlsx"),
                {"zeta-road": {"completed": 0, "image": "办理前期手续", "problems": "用地指标未落实"}}, tmp_path / "f.xlsx")
    code, _, err = run(capsys, "import-report", str(path), "--content", str(tree), "--date", "2021-07-02")
    assert code == 0, err
    text = (tree / "projects/zeta-road.yml").read_text(encoding="utf-8")
    assert ("progress:\n  - month: 2021-06\n    completed: 0\n    image: 办理前期手续\n    reported: 2021-07-02\n"
            "\n# 问题台账") in text
    assert loaded(tree).projects["zeta-road"].problems[0].text == "用地指标未落实"


# ---- import-report: refusals ----------------------------------------------------------------------


def test_refused_rows_are_named_by_row_and_column_and_nothing_is_written(capsys, tree, tmp_path):
    before = snapshot(tree)
    path = fill(template(capsys, tree, "2021-04", tmp_path / "t.xlsx"), {
        "alpha": {"completed": 700},  # May already says 600
        "gamma": {"completed": 150},  # March said 200
        "delta": {"completed": "一千二百万元"},
        "beta": {"completed": 60, "image": "征迁完成"},  # fine on its own: still not written
        "omega": {"month": "2021-04", "completed": 10, "image": "无"},
    }, tmp_path / "f.xlsx")
    code, out, err = run(capsys, "import-report", str(path), "--content", str(tree))
    rows = {row[0]: n for n, row in enumerate(load_workbook(path).worksheets[0].iter_rows(values_only=True), 1)}
    assert code == 1 and out == ""
    expected = sorted([
        f"<表> 第 {rows['alpha']} 行 H 列（本月累计完成投资（万元））：本年累计完成投资不能比下月已有的数字多（期望 ≤ 600（2021-05），实际 700）",
        f"<表> 第 {rows['gamma']} 行 H 列（本月累计完成投资（万元））：本年累计完成投资不能比上月少（期望 ≥ 200（2021-03），实际 150）",
        f"<表> 第 {rows['delta']} 行 H 列（本月累计完成投资（万元））：不是数字（期望 数字，单位万元，如 1200.5，不带“万元”；实际 “一千二百万元”）",
        f"<表> 第 {rows['omega']} 行 A 列（项目编号）：找不到项目 omega（期望 content/projects/ 中已有的编号）",
    ], key=lambda line: int(re.search(r"第 (\d+) 行", line).group(1)))
    assert without_file(err, path) == [*expected, "共 4 处错误。请改正表格后重新导入；没有写入任何文件。"]
    assert snapshot(tree) == before


def test_other_refusals(capsys, tree, tmp_path):
    path = fill(template(capsys, tree, "2021-06", tmp_path / "t.xlsx"), {
        "alpha": {"image": "只写了形象进度"},
        "beta": {"completed": 400, "image": "x", "deadline": dt.datetime(2021, 6, 1), "problems": "征迁"},
        "gamma": {"month": "2021-07", "deadline": dt.datetime(2021, 7, 1)},
        "delta": {"completed": -5, "image": "x"},
    }, tmp_path / "f.xlsx")
    workbook = load_workbook(path)
    workbook.worksheets[0].cell(1, len(sheet.COLUMNS) + 1, "备注")
    workbook.save(path)
    before = snapshot(tree)
    code, _, err = run(capsys, "import-report", str(path), "--content", str(tree))
    assert code == 1 and snapshot(tree) == before
    lines = without_file(err, path)
    rows = {row[0]: n for n, row in enumerate(workbook.worksheets[0].iter_rows(values_only=True), 1)}
    assert f"<表> 第 {rows['alpha']} 行 H 列（本月累计完成投资（万元））：本月第一次填报，本月累计完成投资和形象进度要一起填（这一格不能空）" in lines
    assert f"<表> 第 {rows['beta']} 行 L 列（问题办结时限）：办结时限早于问题提出日期（期望 不早于 2021-06-20，实际 2021-06-01）" in lines
    assert f"<表> 第 {rows['gamma']} 行 D 列（填报月份）：一张表只能报一个月（期望 2021-06，与前面的行一致；实际 2021-07）" in lines
    assert f"<表> 第 {rows['delta']} 行 H 列（本月累计完成投资（万元））：不能为负数（期望 ≥ 0，实际 -5）" in lines
    assert "<表> 第 1 行 M 列（备注）：不认识的表头，这一列不会被导入（请使用 report-template 生成的表，不要增列或改表头）" in lines


def test_sheets_reshaped_by_excel_still_read(capsys, tree, tmp_path):
    """A title row above the headers, the sheets reordered, and a month Excel turned into a date."""
    path = fill(template(capsys, tree, "2021-06", tmp_path / "t.xlsx"),
                {"alpha": {"completed": 750, "image": "设备调试", "month": "2021/6/1"}}, tmp_path / "f.xlsx")
    workbook = load_workbook(path)
    ws = workbook[sheet.SHEET_TITLE]
    ws.insert_rows(1)
    ws["A1"] = "测试县重点项目月报（2021年6月）"
    workbook.move_sheet(ws, offset=1)
    workbook.save(path)
    assert workbook.sheetnames[0] != sheet.SHEET_TITLE
    code, _, err = run(capsys, "import-report", str(path), "--content", str(tree))
    assert code == 0, err
    assert loaded(tree).projects["alpha"].progress[-1].completed == 750


def test_a_formula_without_a_computed_value_is_refused(capsys, tree, tmp_path):
    path = fill(template(capsys, tree, "2021-06", tmp_path / "t.xlsx"),
                {"alpha": {"completed": "=600+150", "image": "设备调试"}}, tmp_path / "f.xlsx")
    code, _, err = run(capsys, "import-report", str(path), "--content", str(tree))
    assert code == 1
    assert "第 2 行 H 列（本月累计完成投资（万元））：公式没有计算结果（请在 Excel 或 WPS 中打开后保存，或直接填写数值）" in err


def test_unreadable_files_are_refused_in_chinese(capsys, tree, tmp_path):
    (tmp_path / "坏.xlsx").write_bytes(b"not a zip file")
    code, _, err = run(capsys, "import-report", str(tmp_path / "坏.xlsx"), "--content", str(tree))
    assert code == 1 and "不是有效的 Excel 文件（.xlsx），无法读取" in err and "Traceback" not in err
    code, _, err = run(capsys, "import-report", str(tmp_path / "没有.xlsx"), "--content", str(tree))
    assert code == 2 and "命令行有误：找不到文件" in err
    (tmp_path / "f.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    code, _, err = run(capsys, "import-report", str(tmp_path / "f.xls"), "--content", str(tree))
    assert code == 1 and "只能导入 .xlsx 或 .csv 文件" in err


def test_a_record_that_cannot_be_kept_as_written_is_refused(capsys, tree, tmp_path):
    edit(tree, "projects/alpha.yml", "category: industry", "category:   industry")  # ruamel.yaml would close the gap
    before = snapshot(tree)
    path = fill(template(capsys, tree, "2021-06", tmp_path / "t.xlsx"), {"alpha": {"completed": 700, "image": "x"}},
                tmp_path / "f.xlsx")
    code, _, err = run(capsys, "import-report", str(path), "--content", str(tree))
    assert code == 1 and snapshot(tree) == before
    assert ("alpha.yml 第 4 行的写法特殊（冒号后面有多个空格：这一行写作“category:   industry”，常规写法是“category: industry”），"
            "自动修改会改动这一行；请把它改成常规写法后重新导入，或手工录入表中这一行") in err


def test_import_refuses_while_the_content_has_errors(capsys, tree, tmp_path):
    path = template(capsys, tree, "2021-06", tmp_path / "t.xlsx")
    edit(tree, "projects/beta.yml", "annual_plan: 1000", "annual_plan: -1")
    code, _, err = run(capsys, "import-report", str(path), "--content", str(tree))
    assert code == 1 and "annual_plan — 年度计划投资（万元）：不能为负数" in err and "请先改正再导入" in err


def test_staged_validation_names_the_real_files(tree):
    text = (tree / "projects/alpha.yml").read_text(encoding="utf-8").replace("annual_plan: 1200", "annual_plan: 9999")
    errors = staged_errors(tree, {"projects/alpha.yml": text})
    assert [(Path(e.file).resolve(), e.key) for e in errors] == [((tree / "projects/alpha.yml").resolve(),
                                                                  "years[1].annual_plan")]
    assert "年度计划投资不能大于总投资" in errors[0].message
    assert "9999" not in (tree / "projects/alpha.yml").read_text(encoding="utf-8")


@pytest.mark.parametrize("root", [SAMPLE, FIXTURE], ids=["sample", "fixture"])
def test_every_record_round_trips_unchanged(root):
    for path in sorted(root.rglob("*.yml")):
        document = RoundTrip.open(path)
        assert document.text() == path.read_text(encoding="utf-8"), path


def test_an_added_item_goes_below_end_of_line_comments_and_above_the_next_keys_heading(tmp_path):
    path = tmp_path / "record.yml"
    path.write_text("id: x\nprogress:\n  - month: 2021-04\n    completed: 1  # 估算\n    image: a\n\n"
                    "# 问题台账\nproblems:\nvisits: []\n", encoding="utf-8")
    document = RoundTrip.open(path)
    items = document.data["progress"]
    insert_item(items, 1, entry({"month": "2021-05", "completed": 2, "image": "b"}, items[0]))
    insert_item(list_at(document.data, "problems", ["id", "progress", "problems", "visits"]), 0,
                entry({"text": "t", "owners": ["u"]}))
    assert document.text() == ("id: x\nprogress:\n  - month: 2021-04\n    completed: 1  # 估算\n    image: a\n"
                               "  - month: 2021-05\n    completed: 2\n    image: b\n\n"
                               "# 问题台账\nproblems:\n  - text: t\n    owners: [u]\nvisits: []\n")


# ---- new-project ----------------------------------------------------------------------------------


FILLED_IN = {"新项目（请改为项目全称）": "泽塔路改造工程", "请填写建设地址": "城关镇泽塔路",
             "请填写建设内容": "改造道路 2 公里", "请填写责任人姓名": "李明", "请填写姓名": "王刚",
             "total_investment: 0": "total_investment: 3000", "annual_plan: 0}": "annual_plan: 1500}"}


def filled_in(tree: Path, project_id: str) -> None:
    """What the clerk does next: every placeholder of the new record replaced by a real value."""
    path = tree / "projects" / f"{project_id}.yml"
    text = path.read_text(encoding="utf-8")
    for placeholder, value in FILLED_IN.items():
        text = text.replace(placeholder, value)
    path.write_text(text, encoding="utf-8")


def test_new_project_writes_a_commented_record_that_is_not_published_until_filled_in(capsys, tree):
    code, out, err = run(capsys, "new-project", "zeta-road", "--content", str(tree))
    assert code == 0, err
    text = (tree / "projects/zeta-road.yml").read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../../schema/project.schema.json"
    assert text.count("← 请替换") >= 10
    content = loaded(tree)
    blanks = {(error.key, error.message.split("（")[0]) for error in content.errors}
    assert blanks == {("name", "还是模板的占位文字"), ("location.address", "还是模板的占位文字"),
                      ("description", "还是模板的占位文字"), ("responsible.person", "还是模板的占位文字"),
                      ("builder.person", "还是模板的占位文字"), ("inspector.name", "还是模板的占位文字"),
                      ("total_investment", "总投资不能为 0")}
    assert all(error.file.endswith("projects/zeta-road.yml") and error.line > 0 for error in content.errors)
    assert f"其中 {len(blanks)} 处是占位文字" in out and "占位文字改完之前校验不会通过" in out
    code, _, err = run(capsys, "validate", "--content", str(tree))
    assert code == 1 and "还是模板的占位文字（实际 “新项目（请改为项目全称）”）" in err
    filled_in(tree, "zeta-road")
    content = loaded(tree)
    assert content.errors == [] and content.projects["zeta-road"].name == "泽塔路改造工程"


def test_new_project_refuses_an_existing_id_or_a_bad_slug(capsys, tree):
    before = snapshot(tree)
    code, _, err = run(capsys, "new-project", "alpha", "--content", str(tree))
    assert code == 1 and "项目 alpha 已经存在" in err
    code, _, err = run(capsys, "new-project", "Zeta_Road", "--content", str(tree))
    assert code == 2 and err.startswith("命令行有误：编号只能用小写英文字母、数字和连字符") and "“Zeta_Road”" in err
    assert snapshot(tree) == before


def test_new_project_template_filled_in_validates_against_the_shipped_content(capsys, sample_tree):
    assert run(capsys, "new-project", "new-industrial-park", "--content", str(sample_tree))[0] == 0
    filled_in(sample_tree, "new-industrial-park")
    assert loaded(sample_tree).errors == []


# ---- make serve -----------------------------------------------------------------------------------


def test_preview_rerenders_on_a_record_change_and_ignores_its_own_output(capsys, tree, tmp_path, monkeypatch):
    # outside git the build date follows the newest record; pin it, as the last commit pins it in a clone
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1638748800")
    docs = tmp_path / "docs"
    preview = Preview(tree, docs)
    assert preview.rerender()
    handler = ChangeHandler(preview, delay=None)
    page = next(p for p in docs.rglob("*.md") if "甲食品加工项目" in p.read_text(encoding="utf-8")
                and "alpha" in p.as_posix())
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in docs.rglob("*") if p.is_file()}

    edit(tree, "projects/alpha.yml", "name: 甲食品加工项目", "name: 甲食品深加工项目")
    handler.dispatch(FileModifiedEvent(str(tree / "projects/alpha.yml")))
    assert handler.flush() is True
    assert "甲食品深加工项目" in page.read_text(encoding="utf-8")
    # render writes only what changed (so MkDocs rebuilds for real changes only): same bytes, same file
    unchanged = [p for p, (data, _) in before.items() if p.read_bytes() == data]
    assert 0 < len(unchanged) < len(before)
    assert [p for p in unchanged if p.stat().st_mtime_ns != before[p][1]] == []

    # no loop: nothing the re-render wrote, and no mere reading of a record, asks for another render
    for path in docs.rglob("*"):
        handler.dispatch(FileModifiedEvent(str(path)))
    handler.dispatch(FileOpenedEvent(str(tree / "projects/alpha.yml")))
    handler.dispatch(FileClosedNoWriteEvent(str(tree / "projects/alpha.yml")))
    handler.dispatch(FileModifiedEvent(str(tree / "projects/.alpha.yml.swp")))
    assert handler.flush() is None
    # an editor saving through a temporary file and a rename is a change
    handler.dispatch(FileMovedEvent(str(tree / "projects/.tmp123"), str(tree / "projects/alpha.yml")))
    assert handler.flush() is True
    assert loops(docs, [tree, ROOT / "site_templates"]) is None
    assert loops(tree / "docs", [tree]) == tree


def test_preview_keeps_the_previous_render_when_the_content_is_invalid(capsys, tree, tmp_path):
    docs = tmp_path / "docs"
    preview = Preview(tree, docs)
    assert preview.rerender()
    before = snapshot(docs)
    capsys.readouterr()
    edit(tree, "projects/alpha.yml", "annual_plan: 1200", "annual_plan: 一千二")
    handler = ChangeHandler(preview, delay=None)
    handler.dispatch(FileModifiedEvent(str(tree / "projects/alpha.yml")))
    assert handler.flush() is False
    err = capsys.readouterr().err
    assert "projects/alpha.yml:15:45 years[1].annual_plan — 年度计划投资（万元）" in err
    assert "预览保持上一次的结果" in err and "Traceback" not in err
    assert snapshot(docs) == before


def test_preview_feeds_mkdocs_the_builds_settings_and_updates_them_in_place(tree, tmp_path):
    preview = Preview(tree, tmp_path / "docs")
    assert preview.rerender()
    extra = preview.settings["extra"]
    assert set(preview.settings) == {"config_file", "site_name", "site_description", "site_url", "docs_dir", "theme",
                                     "extra"}
    edit(tree, "site.yml", "hotline: 0000-1234567", "hotline: 0000-7654321")
    assert preview.rerender()
    assert preview.settings["extra"] is extra and "0000-7654321" in extra["footer_html"]
    # the same settings `build` gives MkDocs, pointing at the preview's docs folder
    assert preview.settings["docs_dir"] == str((tmp_path / "docs").resolve())
    assert preview.settings["site_url"] == loaded(tree).site.base_url
    assert preview.settings["theme"]["custom_dir"] == str((ROOT / "site_templates" / "overrides").resolve())


def test_serve_refuses_a_docs_folder_inside_the_content(capsys, tree):
    code, _, err = run(capsys, "serve", "--content", str(tree), "--docs", str(tree / "docs"))
    assert code == 2 and "互相包含，会反复重建" in err
    assert not (tree / "docs").exists()


def test_make_serve_shows_an_edit_in_the_browser(tree, tmp_path):
    """The real server: MkDocs serves the preview, and an edited record shows up without a restart."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/zdxm/projects/alpha/"  # the fixture's base_url path
    server = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--content", str(tree), "--docs",
                               str(tmp_path / "docs"), "--addr", f"127.0.0.1:{port}"], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        def shows(text: str) -> bool:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and server.poll() is None:
                if text in page_text(url, timeout=5):
                    return True
                time.sleep(0.2)
            return False

        assert shows("甲食品加工项目")
        edit(tree, "projects/alpha.yml", "name: 甲食品加工项目", "name: 甲食品深加工项目")
        assert shows("甲食品深加工项目")
    finally:
        server.terminate()
        _, err = server.communicate(timeout=30)
    assert "本地预览：http://127.0.0.1" in err and "Traceback" not in err


# ---- editor and commit hooks ----------------------------------------------------------------------


def test_pre_commit_hook_runs_the_validator(tmp_path):
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (hook,) = [hook for repo in config["repos"] for hook in repo["hooks"]]
    assert config["repos"][0]["repo"] == "local" and hook["language"] == "system" and hook["pass_filenames"] is False
    assert re.search(hook["files"], "content/projects/hengyuan-food.yml")
    command = shlex.split(hook["entry"])
    assert command[1:] == ["-m", "generator", "validate"]
    # in a repository holding the frozen sample (the live content/ is checked by validate itself, in CI)
    shutil.copytree(SAMPLE, tmp_path / "content")
    command[0] = sys.executable  # the repository's .venv/bin/python, which the temporary folder has not
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, env=environment)
    assert result.returncode == 0 and result.stdout.startswith("校验通过"), result.stderr
    edit(tmp_path, "content/projects/hengyuan-food.yml", "\nleader: zhao-mingyuan", "\nleadr: zhao-mingyuan")
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, env=environment)
    assert result.returncode == 1 and "leadr — 未知的键" in result.stderr


def test_vscode_maps_each_schema_to_the_files_it_describes():
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapped = set()
    for schema_path, globs in settings["yaml.schemas"].items():
        validator = Draft202012Validator(json.loads((ROOT / schema_path).read_text(encoding="utf-8")))
        for pattern in globs:  # on the frozen sample, laid out as content/ is
            files = sorted(SAMPLE.glob(pattern.removeprefix("content/")))
            assert files, pattern
            for path in files:
                data = json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))
                assert not list(validator.iter_errors(data)), path
                first = path.read_text(encoding="utf-8").splitlines()[0]
                assert first.endswith(Path(schema_path).name), path  # agrees with the file's own schema line
                mapped.add(path)
    assert mapped == set(SAMPLE.rglob("*.yml"))


def _validate_lines(folder: Path) -> list[str]:
    result = subprocess.run([sys.executable, "-m", "generator", "validate"], cwd=folder, capture_output=True,
                            text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 1
    return result.stderr.strip().splitlines()


def test_staff_guide_quotes_what_the_tools_really_print(capsys, tmp_path, monkeypatch):
    """The worked examples of docs/staff-guide.md, re-run on the shipped content: every quoted line is real."""
    guide = (ROOT / "docs" / "staff-guide.md").read_text(encoding="utf-8")
    assert "(docs/staff-guide.md)" in (ROOT / "README.md").read_text(encoding="utf-8")
    shutil.copytree(SAMPLE, tmp_path / "content")
    record = tmp_path / "content" / "projects" / "hengyuan-food.yml"
    edit(tmp_path, "content/projects/hengyuan-food.yml", "\nleader: zhao-mingyuan", "\nleadr: zhao-mingyuan")
    edit(tmp_path, "content/projects/hengyuan-food.yml", "annual_plan: 32000", "annual_plan: 32000万元")
    edit(tmp_path, "content/projects/hengyuan-food.yml", "completed: 26800", "completed: 2680")
    first = _validate_lines(tmp_path)
    record.write_text(record.read_text(encoding="utf-8").replace("leadr:", "leader:").replace("32000万元", "32000"),
                      encoding="utf-8")
    second = _validate_lines(tmp_path)
    assert len(first) == 4 and len(second) == 2
    for line in first + second:
        assert line in guide, line

    # the import example: the high-tech zone's sheet for April, with four mistakes, then corrected
    monkeypatch.chdir(tmp_path)
    shutil.rmtree(tmp_path / "content")
    shutil.copytree(SAMPLE, tmp_path / "content")
    code, _, _ = run(capsys, "report-template", "--month", "2022-04")
    made = Path("reports/郸城县重点项目月报-2022-04.xlsx")  # the guide's first example: the whole county's sheet
    assert code == 0 and made.is_file()
    assert f"已生成月报填报表：{made}（51 个项目，2022-04）" in guide
    county = made
    code, _, _ = run(capsys, "report-template", "--month", "2022-04", "--unit", "gxq")
    made = Path("reports/郸城县重点项目月报-2022-04-gxq.xlsx")
    assert code == 0 and made.is_file()
    assert "/reports/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()  # never committed
    sheet_path = Path("reports/高新区-4月.xlsx")
    workbook = load_workbook(made)
    ws = workbook.worksheets[0]
    filled = {2: (2000, "道路管网施工，完成35%"), 3: ("3.1亿", "生产线设备进场安装，完成35%"), 4: (12100, "设备安装调试"),
              5: (5900, "生产线试生产"), 6: (5360, "3号、4号厂房主体施工"), 7: (4830, "生产车间钢结构安装")}
    for row, (completed, image) in filled.items():
        ws[f"H{row}"], ws[f"I{row}"] = completed, image
    ws["J5"], ws["L5"] = "面粉仓基础施工用水未接入", "2022-04-10"
    workbook.save(sheet_path)
    code, _, err = run(capsys, "import-report", str(sheet_path))
    assert code == 1 and all(line in guide for line in err.strip().splitlines()), err
    ws["H2"], ws["H3"], ws["H4"], ws["L5"] = 2980, 9850, 1210, None
    workbook.save(sheet_path)
    code, out, _ = run(capsys, "import-report", str(sheet_path), "--date", "2022-04-26")
    assert code == 0 and all(line in guide for line in out.strip().splitlines()), out
    assert "+    reported: 2022-04-26" in guide

    # every other unit's sheet but two, then 第十八节: who still owes one, and closing the month without them
    projects = loaded(tmp_path / "content").projects
    workbook = load_workbook(county)
    ws = workbook.worksheets[0]
    for row in range(2, ws.max_row + 1):
        project = projects[ws[f"A{row}"].value]
        if project.id in ("tourism-town", "nanfeng-cattle") or project.progress[-1].month == "2022-04":
            for column in range(1, 13):
                ws.cell(row, column, None)  # a row left empty: nothing reported
            continue
        this_year = [entry.completed for entry in project.progress if entry.month.startswith("2022")]
        ws[f"H{row}"] = round(max(this_year, default=0) + (project.on_list(2022).annual_plan or 0) * 0.06)
        ws[f"I{row}"] = project.progress[-1].image if project.progress else "办理前期手续"
    workbook.save("reports/其他单位-4月.xlsx")
    assert run(capsys, "import-report", "reports/其他单位-4月.xlsx", "--date", "2022-04-28")[0] == 0
    code, out, _ = run(capsys, "report-status")
    assert code == 0 and all(line in guide for line in out.strip().splitlines()), out
    code, out, _ = run(capsys, "close-month", "2022-04", "--note", "文旅特色小镇、南丰肉牛两个项目未报，按上月数字计")
    assert code == 0 and out.strip() in guide, out
    assert 'python -m generator close-month 2022-04 --note "文旅特色小镇、南丰肉牛两个项目未报，按上月数字计"' in guide

    # 第六节: the dispatch meeting's record, begun by new-meeting
    code, out, _ = run(capsys, "new-meeting", "dispatch", "--date", "2022-05-09")
    assert code == 0 and out.strip() in guide, out
    record = Path("content/meetings/2022-05-09-dispatch.yml").read_text(encoding="utf-8").splitlines()
    quoted = guide[guide.index("```yaml\nkind: dispatch\ndate: 2022-05-09"):]
    quoted = quoted[len("```yaml\n"):quoted.index("```", 8)].splitlines()
    assert len(quoted) > 15 and all(line in record for line in quoted)

    # 第九节: a new project's placeholders, named by validate
    monkeypatch.chdir(tmp_path)
    shutil.rmtree(tmp_path / "content")
    shutil.copytree(SAMPLE, tmp_path / "content")
    assert run(capsys, "new-project", "xinyuan-textile")[0] == 0
    code, _, err = run(capsys, "validate")
    assert code == 1 and err.splitlines()[0] in guide, err

    # 第十九节: the next year's list
    shutil.rmtree(tmp_path / "content")
    shutil.copytree(SAMPLE, tmp_path / "content")
    code, out, _ = run(capsys, "new-year", "2023")
    steps = out[out.index("接下来"):].strip().splitlines()
    assert code == 0 and len(steps) == 3 and all(line in guide for line in steps), out
    assert "- {year: 2023, kind: 续建, annual_plan: }" in Path("content/projects/hengyuan-food.yml").read_text(
        encoding="utf-8")
