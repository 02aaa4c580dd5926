"""The data files as bytes: CSV (UTF-8 with BOM), XLSX and JSON, byte-identical for the same content.

Excel and WPS on Chinese Windows read a CSV as GBK unless it starts with the UTF-8 byte order mark.
They also run a CSV cell that starts with "=", "+", "-" or "@" as a formula (OWASP "CSV Injection"):
such a text cell is written with a leading apostrophe; numbers are written as numbers and never need
it (a negative gap stays -4.1). An XLSX cell holds its type, so text there is always a string.
openpyxl stamps the clock into docProps/core.xml and into every zip entry; the workbook is rewritten
with fixed document properties and fixed entry times, so two builds of the same data match byte for byte.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.packaging.core import DocumentProperties
from openpyxl.utils import get_column_letter
from openpyxl.xml.functions import tostring

from .columns import Table
from .sheetrows import SheetRows

BOM = "\ufeff"
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can hold
_CORE = "docProps/core.xml"
# what makes a spreadsheet read a cell as a formula: OWASP's list, and the full-width forms a Chinese
# input method types
FORMULA_STARTS = "=+-@＝＋－＠"
LEADING_CONTROLS = "\t\r\n"


def neutralised(text: str) -> str:
    """Text a spreadsheet would run as a formula, with an apostrophe in front (OWASP); other text as it is."""
    if text[:1] in LEADING_CONTROLS or text.lstrip()[:1] in FORMULA_STARTS:
        return "'" + text
    return text


def cell_text(value: object) -> str:
    """How a value is written in a CSV cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)  # repr: the shortest exact form
    if isinstance(value, str):
        return neutralised(value)
    return str(value)


def cell_value(value: object) -> object:
    """How a value is written in an XLSX cell: numbers stay numbers."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters XML cannot hold at all
    return value


def _append(sheet, values: list) -> None:
    """A row of values; every text is a string cell (openpyxl would make text starting with "=" a formula).
    The cells are made here and typed before the row is added: looking the row up again (`max_row`) scans
    every cell of the sheet, which for a province's 60,000 rows took minutes."""
    cells = [WriteOnlyCell(sheet, value=value) for value in values]
    for cell, value in zip(cells, values, strict=True):
        if isinstance(value, str):
            cell.data_type = "s"
    sheet.append(cells)


def csv_bytes(table: Table, frame: pd.DataFrame) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([column.header for column in table.columns])
    for row in frame.itertuples(index=False):
        writer.writerow([cell_text(value) for value in row])
    return (BOM + out.getvalue()).encode("utf-8")


def _dictionary_sheet(workbook: Workbook, table: Table) -> None:
    sheet = workbook.create_sheet("数据说明")
    sheet.append(["列名", "JSON 字段", "单位", "说明"])
    for column in table.columns:
        _append(sheet, [column.header, column.key, column.unit, column.definition])


def xlsx_bytes(table: Table, frame: pd.DataFrame, title: str, author: str, as_of: dt.date) -> bytes:
    """One sheet of data (headers in row 1) and one sheet with the data dictionary.

    The rows are streamed out as they are made (openpyxl's write-only mode: a province's 60,000-row sheet held
    whole took a few hundred MB); that mode leaves out each sheet's `<dimension>`, which is put back, so the
    file is the one a workbook held whole gives, byte for byte."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(table.title)
    sheet.freeze_panes = "A2"
    _append(sheet, [column.header for column in table.columns])
    rows = SheetRows(sheet, len(table.columns), first=2)
    for row in frame.itertuples(index=False):
        rows.append([cell_value(value) for value in row])
    _dictionary_sheet(workbook, table)
    raw = io.BytesIO()
    workbook.save(raw)
    stamp = dt.datetime.combine(as_of, dt.time())
    properties = DocumentProperties(creator=author, lastModifiedBy=author, title=title, language="zh-CN",
                                    created=stamp, modified=stamp)
    width = get_column_letter(len(table.columns))
    dimensions = {"xl/worksheets/sheet1.xml": f"A1:{width}{len(frame) + 1}",
                  "xl/worksheets/sheet2.xml": f"A1:D{len(table.columns) + 1}"}
    return _fixed_zip(raw.getvalue(), {_CORE: tostring(properties.to_tree())}, dimensions,
                      {"xl/worksheets/sheet1.xml": rows.xml()})


def _fixed_zip(data: bytes, replaced: dict[str, bytes], dimensions: dict[str, str] | None = None,
               rows: dict[str, list[bytes]] | None = None) -> bytes:
    """The same archive with `replaced` entries, fixed entry times and attributes, in a fixed order; each sheet
    named in `dimensions` gets its `<dimension ref>` after its `<sheetPr>`, and each named in `rows` those rows
    (XML in pieces) after the ones it has."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        entries = {name: [replaced.get(name, source.read(name))] for name in source.namelist()}
    for name, extent in (dimensions or {}).items():
        dimension = f'</sheetPr><dimension ref="{extent}"/>'.encode()
        entries[name] = [entries[name][0].replace(b"</sheetPr>", dimension, 1)]
    for name, pieces in (rows or {}).items():
        head, tail = entries[name][0].split(b"</sheetData>", 1)
        entries[name] = [head, *pieces, b"</sheetData>" + tail]
    order = sorted(entries, key=lambda name: (name != "[Content_Types].xml", name))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            # written piece by piece, never joined: deflate gives the same bytes however its input is cut
            info.file_size = sum(len(piece) for piece in entries[name])
            with target.open(info, "w") as entry:
                entry.writelines(entries[name])
            del entries[name]
    return out.getvalue()


def json_bytes(data: object, indent: int | None = None) -> bytes:
    """Compact UTF-8 JSON, Chinese as it is (compact also keeps the encoder in C: a province has 5000
    project files), or indented for files people read. Key order is the order the export builds, which is
    fixed (never a set's)."""
    separators = (",", ":") if indent is None else (",", ": ")
    text = json.dumps(data, ensure_ascii=False, separators=separators, indent=indent, allow_nan=False)
    return (text + "\n").encode("utf-8")
