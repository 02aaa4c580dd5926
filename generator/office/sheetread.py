"""Read a filled monthly sheet: XLSX, or CSV in UTF-8 (with or without BOM) or GBK, as Excel and WPS save it.

Columns are found by their header, so a sheet whose columns were moved still reads; a header this
tool does not know is an error rather than a column silently left out. Rows are numbered as the
spreadsheet numbers them (the header is row 1), whatever the file format. A file's size is checked
before it is loaded (`sheetsize`), and each cell gets at most one message: the first thing wrong with it.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils.cell import range_boundaries
from openpyxl.utils.exceptions import InvalidFileException

from ..records.load import shown_path
from . import sheet, sheetsize

SUPPORTED = (".xlsx", ".csv")


class SheetUnreadable(Exception):
    """The file cannot be read as a sheet at all; the message says why, in Chinese."""


@dataclass(frozen=True, order=True)
class SheetProblem:
    file: str
    row: int
    column: int  # 1-based; 0 when the problem is about a missing column
    header: str
    message: str

    def __str__(self) -> str:
        where = f"第 {self.row} 行 {sheet.letter(self.column)} 列" if self.column else f"第 {self.row} 行"
        header = f"（{self.header}）" if self.header else ""
        return f"{self.file} {where}{header}：{self.message}"


@dataclass
class ReadSheet:
    file: str
    columns: dict[str, int] = field(default_factory=dict)  # column key → 1-based column number
    rows: list[tuple[int, dict[str, object]]] = field(default_factory=list)  # (row number, key → cell value)
    problems: list[SheetProblem] = field(default_factory=list)
    told: set[tuple[int, int]] = field(default_factory=set)  # (row, column) of cells that have their message

    def add(self, problem: SheetProblem, covering: set[tuple[int, int]] | None = None) -> None:
        """Record a problem, unless its cell already has one: one message per cell, the first found (and one
        for all the cells `covering` names, such as a merged range)."""
        if problem.column and (problem.row, problem.column) in self.told:
            return
        self.problems.append(problem)
        if problem.column:
            self.told |= covering or {(problem.row, problem.column)}

    def problem(self, row: int, key: str, message: str) -> None:
        self.add(SheetProblem(self.file, row, self.columns.get(key, 0), sheet.BY_KEY[key].header, message))


def decode_csv(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")  # GBK and its superset, as Chinese Windows saves CSV
    except UnicodeDecodeError as error:
        raise SheetUnreadable("CSV 文件既不是 UTF-8 也不是 GBK 编码，无法读取"
                              "（请用 Excel 或 WPS 另存为 CSV 或 .xlsx）") from error


def _csv_grid(path: Path) -> list[list[object]]:
    too_large = sheetsize.csv_problem(path)
    if too_large:
        raise SheetUnreadable(too_large)
    try:
        text = decode_csv(path.read_bytes())
        rows = [[cell.strip() or None for cell in row] for row in csv.reader(io.StringIO(text, newline=""))]
    except csv.Error as error:
        raise SheetUnreadable(f"CSV 格式有误，无法读取：{error}") from error
    too_many = sheetsize.rows_problem(len(rows))
    if too_many:
        raise SheetUnreadable(too_many)
    return rows


def _worksheet(workbook):
    """The sheet named 月报 (units may reorder the sheets), else the first one."""
    return workbook[sheet.SHEET_TITLE] if sheet.SHEET_TITLE in workbook.sheetnames else workbook.worksheets[0]


@dataclass
class _Xlsx:
    grid: list[list[object]]  # the values Excel last computed
    formulas: dict[tuple[int, int], str]  # (row, column) → formula, for the cells that hold one
    merged: list[str]


def _read_xlsx(path: Path) -> _Xlsx:
    """The report sheet's values, formulas and merged ranges; its size checked before anything is loaded."""
    too_large = sheetsize.zip_problem(path)
    if too_large:
        raise SheetUnreadable(too_large)
    values_book = load_workbook(path, data_only=True, read_only=True)
    formulas_book = load_workbook(path, data_only=False, read_only=True)
    try:
        values, formulas = _worksheet(values_book), _worksheet(formulas_book)
        with values_book._archive.open(values._worksheet_path) as source:
            scan = sheetsize.scan_worksheet(source)
        if scan.problem:
            raise SheetUnreadable(scan.problem)
        grid = [[(value.strip() or None) if isinstance(value, str) else value for value in row]
                for row in values.iter_rows(values_only=True)]
        written = {(r, c): value for r, row in enumerate(formulas.iter_rows(values_only=True), start=1)
                   for c, value in enumerate(row, start=1) if isinstance(value, str) and value.startswith("=")}
    finally:
        values_book.close()
        formulas_book.close()
    # a text cell "=…" reads the same both ways; a formula's value is what Excel computed (or None)
    formula_cells = {cell: text for cell, text in written.items() if _at(grid, *cell) != text}
    return _Xlsx(grid, formula_cells, scan.merged)


def _at(grid: list[list[object]], row: int, column: int) -> object:
    return grid[row - 1][column - 1] if row <= len(grid) and column <= len(grid[row - 1]) else None


def _xlsx_grid(result: ReadSheet, path: Path) -> tuple[list[list[object]], list[str]]:
    """The grid, with each formula that has no usable value reported once and its cell read as empty."""
    try:
        xlsx = _read_xlsx(path)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, IndexError, OSError, ValueError) as error:
        raise SheetUnreadable("不是有效的 Excel 文件（.xlsx），无法读取；旧版 .xls 请先另存为 .xlsx") from error
    for (row, column), formula in sorted(xlsx.formulas.items()):
        value = _at(xlsx.grid, row, column)
        if value is None:
            message = "公式没有计算结果（请在 Excel 或 WPS 中打开后保存，或直接填写数值）"
        elif isinstance(value, str) and value in sheet.ERROR_VALUES:
            message = f"公式出错，单元格显示 {value}（公式 {formula[:40]}）；请改正公式，或直接填写数值或文字"
        else:
            continue
        result.add(SheetProblem(result.file, row, column, "", message))
        xlsx.grid[row - 1][column - 1] = None
    return xlsx.grid, xlsx.merged


def _header_row(grid: list[list[object]]) -> int:
    """The 1-based row holding the headers: row 1, unless someone put a title above it."""
    wanted = sheet.BY_KEY["id"].header
    found = (n for n, row in enumerate(grid[:10], start=1) if any(str(v).strip() == wanted for v in row if v))
    return next(found, 1)


def _columns(result: ReadSheet, grid: list[list[object]], at: int) -> None:
    header = grid[at - 1] if len(grid) >= at else []
    for number, title in enumerate(header, start=1):
        column = sheet.BY_HEADER.get(str(title).strip()) if title is not None else None
        if column is not None:
            if column.key in result.columns:
                result.add(SheetProblem(result.file, at, number, column.header, "表头重复"))
            result.columns.setdefault(column.key, number)
        elif title is not None:
            result.add(SheetProblem(result.file, at, number, str(title), "不认识的表头，这一列不会被导入"
                                                "（请使用 report-template 生成的表，不要增列或改表头）"))
        else:
            below = enumerate(grid[at:], start=at + 1)
            filled = next((r for r, row in below if len(row) >= number and row[number - 1] is not None), None)
            if filled:
                result.add(SheetProblem(result.file, filled, number, "", "这一列没有表头，内容不会被导入"))
    for key in sheet.REQUIRED:
        if key not in result.columns:
            result.add(SheetProblem(result.file, at, 0, "", f"缺少“{sheet.BY_KEY[key].header}”列"
                                                "（请使用 report-template 生成的表，不要删列或改表头）"))


def _merged(result: ReadSheet, merged: list[str], header_row: int) -> None:
    for ref in merged:
        first_column, first_row, last, last_row = range_boundaries(ref)
        if last_row < header_row:  # a title above the headers, merged across: harmless
            continue
        shown = ref.replace(":", "–")
        cells = {(row, column) for row in range(first_row, last_row + 1) for column in range(first_column, last + 1)}
        result.add(SheetProblem(result.file, first_row, first_column, "",
                                f"{shown} 是合并单元格：月报表每个项目占一行、每格只填一项，请取消合并"
                                "（开始 → 合并后居中 → 取消单元格合并），再分别填写每一格"), covering=cells)


def read_sheet(path: Path) -> ReadSheet:
    if path.suffix.lower() not in SUPPORTED:
        raise SheetUnreadable(f"只能导入 .xlsx 或 .csv 文件（实际 {path.name}）")
    result = ReadSheet(shown_path(path))
    merged: list[str] = []
    if path.suffix.lower() == ".csv":
        grid = _csv_grid(path)
    else:
        grid, merged = _xlsx_grid(result, path)
    at = _header_row(grid)
    _columns(result, grid, at)
    _merged(result, merged, at)
    headers = grid[at - 1] if len(grid) >= at else []
    result.problems = [_with_header(problem, headers) for problem in result.problems]
    for number, row in enumerate(grid[at:], start=at + 1):
        cells = {key: row[index - 1] if index <= len(row) else None for key, index in result.columns.items()}
        if any(value is not None for value in cells.values()):
            result.rows.append((number, cells))
    return result


def _with_header(problem: SheetProblem, headers: list[object]) -> SheetProblem:
    """A problem found before the headers were known, given its column's header."""
    if problem.header or not problem.column or problem.column > len(headers) or headers[problem.column - 1] is None:
        return problem
    return SheetProblem(problem.file, problem.row, problem.column, str(headers[problem.column - 1]), problem.message)
