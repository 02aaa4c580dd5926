"""The monthly sheet's rough edges and its hostile input: merged cells, re-sent corrections, doubled prefixes,
formulas, text that a spreadsheet would run, files built to exhaust memory, and text that YAML 1.1 would
read as something else. Sheets are real XLSX files (some edited at the XML level, as Excel writes what
openpyxl cannot) and real CSV bytes.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import resource
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from generator.office import sheet, sheetsize
from generator.office.yamledit import NotPreservable, RoundTrip, entry, insert_item
from generator.records.characters import UNSHOWABLE
from generator.records.yamlsource import parse

from .conftest import ROOT, edit, loaded
from .test_staff_workflow import HEADERS, changed_lines, csv_bytes, fill, run, snapshot, template, without_file

COLUMN = {key: sheet.letter(index) for index, key in enumerate(HEADERS, start=1)}


def rows_of(path: Path) -> dict[str, int]:
    return {row[0]: n for n, row in enumerate(load_workbook(path).worksheets[0].iter_rows(values_only=True), 1)}


def with_cell_xml(path: Path, ref: str, cell_xml: str) -> Path:
    """Replace one cell of the first sheet's XML, as Excel would have written it (e.g. a formula with the
    value Excel computed, which openpyxl cannot write)."""
    with zipfile.ZipFile(path) as archive:
        members = {info.filename: archive.read(info.filename) for info in archive.infolist()}
    name = "xl/worksheets/sheet1.xml"
    xml, count = re.subn(rf'<c r="{ref}"[^>]*?(/>|>.*?</c>)', cell_xml, members[name].decode(), count=1)
    assert count == 1, ref
    members[name] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    return path


# ---- merged cells, formulas: one message each ----------------------------------------------------------


def test_a_merged_cell_is_named_as_merged(capsys, tree, tmp_path):
    path = fill(template(capsys, tree, "2021-06", tmp_path / "t.xlsx"), {
        "alpha": {"completed": 750, "image": "设备调试"}, "beta": {"completed": 400}}, tmp_path / "f.xlsx")
    rows = rows_of(path)
    first, second = sorted((rows["alpha"], rows["beta"]))
    workbook = load_workbook(path)
    workbook.worksheets[0].merge_cells(f"{COLUMN['image']}{first}:{COLUMN['image']}{second}")
    workbook.save(path)
    before = snapshot(tree)
    code, _, err = run(capsys, "import-report", str(path), "--content", str(tree))
    assert code == 1 and snapshot(tree) == before
    cells = f"{COLUMN['image']}{first}–{COLUMN['image']}{second}"
    assert without_file(err, path) == [
        f"<表> 第 {first} 行 {COLUMN['image']} 列（形象进度）：{cells} 是合并单元格：月报表每个项目占一行、每格只填一项，"
        "请取消合并（开始 → 合并后居中 → 取消单元格合并），再分别填写每一格",
        "共 1 处错误。请改正表格后重新导入；没有写入任何文件。"]


def test_a_title_merged_above_the_headers_is_fine(capsys, tree, tmp_path):
    path = fill(template(capsys, tree, "2021-06", tmp_path / "t.xlsx"), {"alpha": {"completed": 750, "image": "设备调试"}},
                tmp_path / "f.xlsx")
    workbook = load_workbook(path)
    ws = workbook.worksheets[0]
    ws.insert_rows(1)
    ws["A1"] = "测试县重点项目月报（2021年6月）"
    ws.merge_cells(f"A1:{COLUMN['deadline']}1")
    workbook.save(path)
    code, _, err = run(capsys, "import-report", str(path), "--content", str(tree))
    assert code == 0, err


def test_a_formula_gets_one_message(capsys, tree, tmp_path):
    path = fill(template(capsys, tree, "2021-06", tmp_path / "t.xlsx"),
                {"alpha": {"completed": "=600+150", "image": "设备调试"}, "beta": {"completed": 400, "image": "x"}},
                tmp_path / "f.xlsx")
    rows = rows_of(path)
    # 乙's cell: a formula Excel could not compute, saved by Excel with its error value
    with_cell_xml(path, f"{COLUMN['completed']}{rows['beta']}",
                  f'<c r="{COLUMN["completed"]}{rows["beta"]}" t="e"><f>SUMM(1,2)</f><v>#NAME?</v></c>')
    code, _, err = run(capsys, "import-report", str(path), "--content", str(tree))
    assert code == 1
    header = HEADERS["completed"]
    assert sorted(without_file(err, path)) == sorted([
        f"<表> 第 {rows['alpha']} 行 H 列（{header}）：公式没有计算结果（请在 Excel 或 WPS 中打开后保存，或直接填写数值）",
        f"<表> 第 {rows['beta']} 行 H 列（{header}）：公式出错，单元格显示 #NAME?（公式 =SUMM(1,2)）；"
        "请改正公式，或直接填写数值或文字",
        "共 2 处错误。请改正表格后重新导入；没有写入任何文件。"])


def test_a_formula_with_a_computed_value_imports_its_value(capsys, tree, tmp_path):
    path = fill(template(capsys, tree, "2021-06", tmp_path / "t.xlsx"), {"alpha": {"image": "设备调试"}},
                tmp_path / "f.xlsx")
    ref = f"{COLUMN['completed']}{rows_of(path)['alpha']}"
    with_cell_xml(path, ref, f'<c r="{ref}"><f>600+150</f><v>750</v></c>')
    code, _, err = run(capsys, "import-report", str(path), "--content", str(tree))
    assert code == 0, err
    assert loaded(tree).projects["alpha"].progress[-1].completed == 750


# ---- re-sent sheets and prefixes -----------------------------------------------------------------------


def test_a_resent_sheet_with_a_corrected_problem_corrects_it(capsys, tree, tmp_path):
    path = fill(template(capsys, tree, "2021-06", tmp_path / "t.xlsx"), {
        "alpha": {"completed": 750, "image": "设备调试", "problems": "施工用电未接入\n资金拨付慢"}}, tmp_path / "f.xlsx")
    assert run(capsys, "import-report", str(path), "--content", str(tree))[0] == 0
    # the unit re-sends the month's sheet (prefilled with what was imported), one text corrected, one added
    again = template(capsys, tree, "2021-06", tmp_path / "again.xlsx")
    assert load_workbook(again).worksheets[0][f"{COLUMN['problems']}{rows_of(again)['alpha']}"].value == \
        "施工用电未接入\n资金拨付慢"
    fill(again, {"alpha": {"problems": "施工用电尚未接入\n资金拨付慢\n征地补偿未到位"}}, again)
    before = (tree / "projects/alpha.yml").read_text(encoding="utf-8")
    code, out, err = run(capsys, "import-report", str(again), "--content", str(tree))
    assert code == 0, err
    assert "问题台账更正“施工用电未接入”为“施工用电尚未接入”（本月的表重新交回，这一条的文字改了）" in out
    assert "问题台账新增“征地补偿未到位”" in out and "问题台账中已有“资金拨付慢”，没有重复添加" in out
    problems = loaded(tree).projects["alpha"].problems
    assert [p.text for p in problems if p.raised == dt.date(2021, 6, 20)] == [
        "施工用电尚未接入", "资金拨付慢", "征地补偿未到位"]
    removed, added = changed_lines(before, (tree / "projects/alpha.yml").read_text(encoding="utf-8"))
    assert removed == ["    text: 施工用电未接入"]  # the one line changed; then the new entry
    assert sorted(added) == sorted(["    text: 施工用电尚未接入", "  - raised: 2021-06-20", "    text: 征地补偿未到位",
                                    "    owners: [u-dev]", f"    deadline: {sheet.default_deadline('2021-06')}",
                                    "    status: 未解决"])
    assert run(capsys, "import-report", str(again), "--content", str(tree))[1].count("没有需要写入的内容") == 1


def test_an_unrelated_new_text_is_added_not_taken_for_a_correction(capsys, tree, tmp_path):
    path = fill(template(capsys, tree, "2021-06", tmp_path / "t.xlsx"), {
        "alpha": {"completed": 750, "image": "设备调试", "problems": "施工用电未接入"}}, tmp_path / "f.xlsx")
    assert run(capsys, "import-report", str(path), "--content", str(tree))[0] == 0
    fill(path, {"alpha": {"problems": "环评批复尚未取得"}}, path)
    assert run(capsys, "import-report", str(path), "--content", str(tree))[0] == 0
    texts = [p.text for p in loaded(tree).projects["alpha"].problems]
    assert texts[-2:] == ["施工用电未接入", "环评批复尚未取得"]


@pytest.mark.parametrize("written", ["需协调解决：协调供电公司架设临时线路", "需协调：协调供电公司架设临时线路",
                                     "需要协调解决的事项：协调供电公司架设临时线路", "协调供电公司架设临时线路"])
def test_a_prefix_the_unit_already_wrote_is_not_doubled(capsys, tree, tmp_path, written):
    path = fill(template(capsys, tree, "2021-06", tmp_path / "t.xlsx"), {"gamma": {"requests": f"1、{written}"}},
                tmp_path / "f.xlsx")
    code, _, err = run(capsys, "import-report", str(path), "--content", str(tree))
    assert code == 0, err
    assert loaded(tree).projects["gamma"].problems[-1].text == "需协调解决：协调供电公司架设临时线路"
    code, out, _ = run(capsys, "import-report", str(path), "--content", str(tree))
    assert code == 0 and "没有需要写入的内容" in out


def test_an_unwritable_line_says_what_is_unusual_about_it(tmp_path):
    cases = {
        "kind:   续建": "冒号后面有多个空格：这一行写作“kind:   续建”，常规写法是“kind: 续建”",
        "location: { area: east }": "括号里面多了空格：这一行写作“location: { area: east }”，常规写法是“location: {area: east}”",
        "kind: 续建   ": "行尾有多余的空格：这一行写作“kind: 续建”，常规写法是“kind: 续建”",
    }
    for line, expected in cases.items():
        path = tmp_path / "r.yml"
        path.write_text(f"id: x\n{line}\nname: 甲\n", encoding="utf-8")
        with pytest.raises(NotPreservable) as refused:
            RoundTrip.open(path)
        assert (refused.value.line, refused.value.unusual()) == (2, expected)


# ---- formula injection ----------------------------------------------------------------------------------


def test_the_template_writes_every_text_as_text_never_a_formula(capsys, tree, tmp_path):
    name = '=HYPERLINK("http://evil.example/","点这里核对")'
    edit(tree, "projects/alpha.yml", "name: 甲食品加工项目", f"name: '{name}'")
    edit(tree, "site.yml", "county: ", "county: '=1+1'  # ")
    edit(tree, "projects/alpha.yml", "{month: 2021-05, completed: 600, image: 设备进场}",
         "{month: 2021-05, completed: 600, image: '@SUM(1+1)'}")
    path = template(capsys, tree, "2021-05", tmp_path / "t.xlsx")
    with zipfile.ZipFile(path) as archive:
        sheets = [archive.read(name).decode() for name in archive.namelist() if name.startswith("xl/worksheets/")]
    assert len(sheets) == 2 and not any("<f>" in xml for xml in sheets)  # no formula anywhere, instructions too
    ws = load_workbook(path).worksheets[0]
    row = rows_of(path)["alpha"]
    for key, value in (("name", name), ("image", "@SUM(1+1)")):
        cell = ws[f"{COLUMN[key]}{row}"]
        assert (cell.value, cell.data_type, cell.quotePrefix) == (value, "s", True)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gbk"])
def test_cells_a_spreadsheet_would_run_are_flagged_by_cell(capsys, tree, tmp_path, encoding):
    path = fill(template(capsys, tree, "2021-06", tmp_path / "t.xlsx"), {
        "alpha": {"completed": 750, "image": "=cmd|' /C calc'!A0"},
        "beta": {"completed": 400, "image": "x", "problems": "资金拨付慢\n@SUM(1+1)"},
        "gamma": {"requests": "+1 协调用地"},
        "delta": {"completed": 300, "image": "-2+3+cmd|' /C calc'!A0"},
        "epsilon": {"completed": 1, "image": "\t=1+1"}}, tmp_path / "f.xlsx")
    (tmp_path / "f.csv").write_bytes(csv_bytes(path, encoding))
    before = snapshot(tree)
    code, _, err = run(capsys, "import-report", str(tmp_path / "f.csv"), "--content", str(tree))
    assert code == 1 and snapshot(tree) == before
    rows = rows_of(path)
    tail = "；请在前面加上文字，或删去这个符号"
    expected = [
        (rows["alpha"], "I", "形象进度", "=", "=cmd|' /C calc'!A0"),
        (rows["beta"], "J", "新发现的问题", "@", "@SUM(1+1)"),
        (rows["gamma"], "K", "需协调解决的事项", "+", "+1 协调用地"),
        (rows["delta"], "I", "形象进度", "-", "-2+3+cmd|' /C calc'!A0"),
        (rows["epsilon"], "I", "形象进度", "=", "=1+1"),  # the tab is whitespace, stripped; what follows is not
    ]
    assert sorted(without_file(err, tmp_path / "f.csv"))[:-1] == sorted(
        f"<表> 第 {row} 行 {column} 列（{header}）：以“{start}”开头，表格软件会把它当作公式，不能导入"
        f"（期望 文字，不以 = + - @ 开头；实际 “{text}”）{tail}" for row, column, header, start, text in expected)


def test_a_dash_before_prose_is_a_list_mark_and_is_dropped(capsys, tree, tmp_path):
    """Decision: “-据反映…” is a list mark before Chinese prose, dropped like “1、”; it is not refused."""
    path = fill(template(capsys, tree, "2021-06", tmp_path / "t.xlsx"), {
        "alpha": {"completed": 750, "image": "- 设备调试", "problems": "-据反映，施工用电未接入\n+ 资金拨付慢"}},
        tmp_path / "f.xlsx")
    code, _, err = run(capsys, "import-report", str(path), "--content", str(tree))
    assert code == 0, err
    alpha = loaded(tree).projects["alpha"]
    assert alpha.progress[-1].image == "设备调试"
    assert [p.text for p in alpha.problems[-2:]] == ["据反映，施工用电未接入", "资金拨付慢"]


# ---- files built to exhaust memory ----------------------------------------------------------------------


def _limit_memory() -> None:
    limit = 1 << 30  # 1 GiB of address space: loading the rows below would need several
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _bomb(path: Path, rows: int) -> Path:
    """A real .xlsx (the template's own parts) whose report sheet holds `rows` rows, streamed into the zip:
    a few hundred kilobytes on disk."""
    with zipfile.ZipFile(path) as archive:
        members = {info.filename: archive.read(info.filename) for info in archive.infolist()}
    head, _, tail = members.pop("xl/worksheets/sheet1.xml").decode().partition("<sheetData>")
    rest = tail.partition("</sheetData>")[2]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in members.items():
            archive.writestr(member, data)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet_xml:
            sheet_xml.write(f"{head}<sheetData>".encode())
            row = b'<row><c t="inlineStr"><is><t>alpha</t></is></c><c><v>1</v></c></row>'  # `r` may be left out
            for start in range(0, rows, 10_000):
                sheet_xml.write(row * min(10_000, rows - start))
            sheet_xml.write(f"</sheetData>{rest}".encode())
    return path


def _import_in_a_subprocess(path: Path, tree: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", "import-report", str(path), "--content", str(tree)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120, preexec_fn=_limit_memory,
                          env={**os.environ, "OPENBLAS_NUM_THREADS": "1"})


def test_a_sheet_that_unpacks_to_hundreds_of_megabytes_is_refused_before_it_is_loaded(capsys, tree, tmp_path):
    path = _bomb(template(capsys, tree, "2021-06", tmp_path / "bomb.xlsx"), rows=1_000_000)
    assert path.stat().st_size < 1_000_000
    with zipfile.ZipFile(path) as archive:
        assert sum(info.file_size for info in archive.infolist()) > 50_000_000
    started = time.monotonic()
    result = _import_in_a_subprocess(path, tree)
    assert time.monotonic() - started < 30
    assert result.returncode == 1
    assert re.search(r"表格太大：解压后有 \d+ MB，超过上限 30 MB（一张月报表通常不到 1 MB）", result.stderr), result.stderr
    assert "没有写入任何文件" in result.stderr
    assert "MemoryError" not in result.stderr and "Traceback" not in result.stderr


def test_a_sheet_with_too_many_rows_is_refused_naming_the_limit(capsys, tree, tmp_path):
    path = _bomb(template(capsys, tree, "2021-06", tmp_path / "rows.xlsx"), rows=sheetsize.MAX_ROWS + 1)
    result = _import_in_a_subprocess(path, tree)
    assert result.returncode == 1
    assert "表格行数太多：超过上限 10,000 行（每个项目一行）" in result.stderr, result.stderr
    (tmp_path / "rows.csv").write_bytes(("项目编号\n" + "alpha\n" * (sheetsize.MAX_ROWS + 1)).encode())
    code, _, err = run(capsys, "import-report", str(tmp_path / "rows.csv"), "--content", str(tree))
    assert code == 1 and "表格行数太多：超过上限 10,000 行" in err


# ---- text that YAML 1.1 would read as something else -------------------------------------------------------

YAML_1_1_LOOKALIKES = ["12:30", "1:20:30.5", "ON", "off", "Yes", "no", "y", "~", "null", "true", "0x1A", "0b101",
                       "012", "1_000", "1e3", ".inf", "-.inf", ".NaN", "2021-08-01", "2021-08-01 12:00:00", "=", "<<",
                       "?0", ":x", "- x", "a #b", "a: b", "'引号'", "\"双引号\""]


def test_sheet_texts_that_look_like_other_things_read_back_as_the_same_text(capsys, tree, tmp_path):
    # one sheet, one project per text, through the whole import: record files written, then read back
    texts = [t for t in YAML_1_1_LOOKALIKES if not sheet.formula_start(t)]
    projects = list(loaded(tree).projects)
    months = ["2021-06", "2021-07", "2021-08", "2021-09", "2021-10", "2021-11"]
    for start in range(0, len(texts), len(projects)):
        month = months[start // len(projects)]
        batch = dict(zip(projects, texts[start:start + len(projects)], strict=False))
        cells = {project: {"completed": 2000, "image": text, "problems": text} for project, text in batch.items()}
        path = fill(template(capsys, tree, month, tmp_path / f"{month}.xlsx"), cells, tmp_path / f"f{month}.xlsx")
        # the same figure for every project, above some plans by half: confirmed, this test is about the texts
        code, _, err = run(capsys, "import-report", str(path), "--content", str(tree), "--confirm", "已核实")
        assert code == 0, err
        records = loaded(tree).projects
        for project, text in batch.items():
            assert records[project].progress[-1].image == text
            assert records[project].problems[-1].text == text


# what a sheet can bring into a record: text a reader can see (characters no reader can see are refused by
# validation, whatever writes them: records/characters.py)
_SHEET_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff\x85\u2028\u2029")
                      .filter(lambda c: not UNSHOWABLE.match(c))
                      | st.sampled_from(list(" \n:#-'\"{}[],&*!|>%@`?~=")), min_size=1, max_size=30)


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=st.one_of(st.sampled_from(YAML_1_1_LOOKALIKES), _SHEET_TEXT), braces=st.booleans())
def test_any_text_written_into_a_record_reads_back_as_the_same_text(tmp_path_factory, text, braces):
    text = text.strip()
    if not text:
        return
    path = tmp_path_factory.mktemp("record") / "r.yml"
    item = "{raised: 2021-03-20, text: 已有, status: 未解决}" if braces else "raised: 2021-03-20\n    text: 已有"
    path.write_text(f"id: x\nproblems:\n  - {item}\n", encoding="utf-8")
    document = RoundTrip.open(path)
    items = document.data["problems"]
    insert_item(items, 1, entry({"raised": dt.date(2021, 3, 21), "text": text}, items[0]))
    read = parse(document.text())
    assert read.issues == [] and read.data["problems"][1]["text"] == text
