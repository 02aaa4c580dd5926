"""A data sheet's rows as the XML openpyxl's write-only mode writes them, byte for byte, made with string
operations: openpyxl made a cell object per value and serialised it through lxml, about 10 µs a cell, and a
province's sheets hold two million cells.

What openpyxl writes for a row of typed cells (`files._append`): `<row r="N">`, then for each value that is
not None a `<c>` named by its column and row: text as an inline string (cut to 32,767 characters; marked
`xml:space="preserve"` when it has spaces at either end), numbers as `t="n"` with `%.16g`. lxml writes text in
ASCII, escaping `&`, `<`, `>` and carriage returns and every other character as a decimal reference, as
`str.encode("ascii", "xmlcharrefreplace")` does (checked against lxml for every character it accepts). Any
other value, and text lxml refuses, goes through openpyxl's own cell writer. `tests/test_export.py` compares
rows of every kind of value with openpyxl's.
"""

from __future__ import annotations

import io
import math

from lxml import etree
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell._writer import lxml_write_cell
from openpyxl.utils import get_column_letter

_MAX_TEXT = 32767  # openpyxl cuts longer text
_REFUSED = ("\ufffe", "\uffff")  # characters lxml will not write: openpyxl's writer raises its error


def _escaped(text: str) -> str:
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    return text


class SheetRows:
    """Rows of one sheet, numbered from `first`, as XML; `values` are as `files.cell_value` leaves them."""

    def __init__(self, sheet, columns: int, first: int) -> None:
        self.sheet = sheet  # openpyxl's, for the rare value written by openpyxl's own code
        self.letters = [get_column_letter(index) for index in range(1, columns + 1)]
        self.number = first
        self.parts: list[str] = []  # of the rows not yet encoded
        self.pieces: list[bytes] = []  # the rows so far, encoded a thousand at a time
        self.texts: dict[str, str] = {}  # each distinct text's element: names and states repeat on every row

    def append(self, values: list) -> None:
        number, parts, texts = self.number, self.parts, self.texts
        parts.append(f'<row r="{number}">')
        for letter, value in zip(self.letters, values, strict=True):
            kind = type(value)
            if value is None:
                continue
            if kind is str and not any(character in value for character in _REFUSED):
                inner = texts.get(value)
                if inner is None:
                    inner = texts[value] = self._text(value)
                parts.append(f'<c r="{letter}{number}" t="inlineStr">{inner}</c>')
            elif (kind is int or kind is float) and math.isfinite(value):
                parts.append(f'<c r="{letter}{number}" t="n"><v>{value:.16g}</v></c>')
            else:
                parts.append(self._by_openpyxl(value, letter, number))
        parts.append("</row>")
        self.number = number + 1
        if number % 1000 == 0:
            self._encode()

    @staticmethod
    def _text(value: str) -> str:
        value = value[:_MAX_TEXT]
        if value == "":
            return ""
        space = ' xml:space="preserve"' if value != value.strip() else ""
        return f"<is><t{space}>{_escaped(value)}</t></is>"

    def _by_openpyxl(self, value: object, letter: str, number: int) -> str:
        cell = WriteOnlyCell(self.sheet, value=value)
        if isinstance(value, str):
            cell.data_type = "s"
        cell.row, cell.column = number, self.letters.index(letter) + 1
        out = io.BytesIO()
        with etree.xmlfile(out) as xf:
            lxml_write_cell(xf, self.sheet, cell, cell.has_style)
        return out.getvalue().decode("ascii")

    def _encode(self) -> None:
        self.pieces.append("".join(self.parts).encode("ascii", "xmlcharrefreplace"))
        self.parts.clear()

    def xml(self) -> list[bytes]:
        """The rows so far, in the sheet's encoding, in pieces (a province's sheet is some 40 MB of XML)."""
        self._encode()
        return self.pieces
