"""A returned sheet's size, checked before it is loaded, so that no file can exhaust the office's memory.

An .xlsx is a zip of XML files: a few hundred kilobytes can unpack to hundreds of megabytes (a zip bomb,
or a sheet with a million rows), which openpyxl would try to hold at once. The zip's own list of sizes
is read first, then the report sheet's XML is streamed through once, counting rows and cells (and noting
merged cells, which a read-only load cannot see) before a value is loaded.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO
from xml.etree.ElementTree import ParseError, iterparse

MAX_UNPACKED_BYTES = 30_000_000  # a county's sheet unpacks to well under 1 MB, a province's to a few MB
MAX_CSV_BYTES = 10_000_000
MAX_ROWS = 10_000  # one row per project: twice a province
MAX_CELLS = 300_000


def _mb(size: int) -> str:
    return f"{size / 1_000_000:,.0f} MB" if size >= 10_000_000 else f"{size / 1_000_000:,.1f} MB"


def zip_problem(path: Path) -> str | None:
    """Why the .xlsx is too large to open, from its zip directory alone, or None."""
    with zipfile.ZipFile(path) as archive:
        unpacked = sum(entry.file_size for entry in archive.infolist())
    if unpacked > MAX_UNPACKED_BYTES:
        return (f"表格太大：解压后有 {_mb(unpacked)}，超过上限 {_mb(MAX_UNPACKED_BYTES)}（一张月报表通常不到 1 MB）。"
                "请确认选对了文件；表里有图片或别的工作表时，删去后另存再导入")
    return None


def csv_problem(path: Path) -> str | None:
    size = path.stat().st_size
    if size > MAX_CSV_BYTES:
        return (f"CSV 文件太大：有 {_mb(size)}，超过上限 {_mb(MAX_CSV_BYTES)}（一张月报表通常不到 1 MB）。"
                "请确认选对了文件")
    return None


def rows_problem(rows: int) -> str | None:
    if rows > MAX_ROWS:
        return (f"表格行数太多：超过上限 {MAX_ROWS:,} 行（每个项目一行）。请确认选对了文件，"
                "删去多余的行后另存再导入")
    return None


@dataclass
class WorksheetScan:
    rows: int = 0
    cells: int = 0
    merged: list[str] = field(default_factory=list)  # ranges such as "I2:I3"
    problem: str | None = None


def scan_worksheet(source: IO[bytes]) -> WorksheetScan:
    """Rows, cells and merged ranges of a worksheet's XML, stopping as soon as a limit is passed."""
    scan = WorksheetScan()
    try:
        for _, element in iterparse(source, events=("end",)):
            tag = element.tag.rpartition("}")[2]
            if tag == "c":
                scan.cells += 1
            elif tag == "row":
                scan.rows += 1
                element.clear()  # the row's cells are counted: keep nothing of them
            elif tag == "mergeCell" and element.get("ref"):
                scan.merged.append(element.get("ref"))
            if scan.rows > MAX_ROWS:
                scan.problem = rows_problem(scan.rows)
                break
            if scan.cells > MAX_CELLS:
                scan.problem = (f"表格的单元格太多：超过上限 {MAX_CELLS:,} 个（月报表每个项目一行）。"
                                "请确认选对了文件，删去多余的行和列后另存再导入")
                break
    except ParseError:
        pass  # openpyxl says it better when it loads the sheet
    return scan
