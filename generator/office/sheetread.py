"""Read a filled monthly sheet: XLSX, or CSV in UTF-8 (with or without BOM) or GBK, as Excel and WPS save it.

Columns are found by their header, so a sheet whose columns were moved still reads; a header this
tool does not know is an error rather than a column silently left out. Rows are numbered as the
spreadsheet numbers them (the header is row 1), whatever the file format.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from ..records.load import shown_path
from . import sheet

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

    def problem(self, row: int, key: str, message: str) -> None:
        self.problems.append(SheetProblem(self.file, row, self.columns.get(key, 0), sheet.BY_KEY[key].header, message))


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
    try:
        text = decode_csv(path.read_bytes())
        return [[cell.strip() or None for cell in row] for row in csv.reader(io.StringIO(text, newline=""))]
    except csv.Error as error:
        raise SheetUnreadable(f"CSV 格式有误，无法读取：{error}") from error


def _worksheet(workbook):
    """The sheet named 月报 (units may reorder the sheets), else the first one."""
    return workbook[sheet.SHEET_TITLE] if sheet.SHEET_TITLE in workbook.sheetnames else workbook.worksheets[0]


def _xlsx_grid(path: Path) -> tuple[list[list[object]], list[tuple[int, int]]]:
    """The report sheet's values, and the cells holding a formula Excel has not computed."""
    try:
        values = _worksheet(load_workbook(path, data_only=True))
        formulas = _worksheet(load_workbook(path, data_only=False))
    except (InvalidFileException, zipfile.BadZipFile, KeyError, IndexError, OSError, ValueError) as error:
        raise SheetUnreadable("不是有效的 Excel 文件（.xlsx），无法读取；旧版 .xls 请先另存为 .xlsx") from error
    grid = [[(value.strip() or None) if isinstance(value, str) else value for value in row]
            for row in values.iter_rows(values_only=True)]
    uncomputed = [(cell.row, cell.column) for row in formulas.iter_rows() for cell in row
                  if isinstance(cell.value, str) and cell.value.startswith("=")
                  and values.cell(cell.row, cell.column).value is None]
    return grid, uncomputed


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
                result.problems.append(SheetProblem(result.file, at, number, column.header, "表头重复"))
            result.columns.setdefault(column.key, number)
        elif title is not None:
            result.problems.append(SheetProblem(result.file, at, number, str(title), "不认识的表头，这一列不会被导入"
                                                "（请使用 report-template 生成的表，不要增列或改表头）"))
        else:
            below = enumerate(grid[at:], start=at + 1)
            filled = next((r for r, row in below if len(row) >= number and row[number - 1] is not None), None)
            if filled:
                result.problems.append(SheetProblem(result.file, filled, number, "", "这一列没有表头，内容不会被导入"))
    for key in sheet.REQUIRED:
        if key not in result.columns:
            result.problems.append(SheetProblem(result.file, at, 0, "", f"缺少“{sheet.BY_KEY[key].header}”列"
                                                "（请使用 report-template 生成的表，不要删列或改表头）"))


def read_sheet(path: Path) -> ReadSheet:
    if path.suffix.lower() not in SUPPORTED:
        raise SheetUnreadable(f"只能导入 .xlsx 或 .csv 文件（实际 {path.name}）")
    uncomputed: list[tuple[int, int]] = []
    if path.suffix.lower() == ".csv":
        grid = _csv_grid(path)
    else:
        grid, uncomputed = _xlsx_grid(path)
    result = ReadSheet(shown_path(path))
    at = _header_row(grid)
    _columns(result, grid, at)
    headers = grid[at - 1] if len(grid) >= at else []
    for row_number, column in uncomputed:
        title = str(headers[column - 1]) if column <= len(headers) and headers[column - 1] else ""
        result.problems.append(SheetProblem(result.file, row_number, column, title,
                                            "公式没有计算结果（请在 Excel 或 WPS 中打开后保存，或直接填写数值）"))
    for number, row in enumerate(grid[at:], start=at + 1):
        cells = {key: row[index - 1] if index <= len(row) else None for key, index in result.columns.items()}
        if any(value is not None for value in cells.values()):
            result.rows.append((number, cells))
    return result
