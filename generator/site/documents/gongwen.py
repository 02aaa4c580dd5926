"""A Word document laid out as an official document (公文), written with python-docx.

`Gongwen` has the parts a county bulletin is made of — 版头 (red 发文机关标志, 期号, issuing office and date
over a red rule), title, headings of the levels the standard orders (一、 in 黑体, （一） in 楷体), body
paragraphs, tables as wide as the text with their header row repeated on every page, 版记 (抄送, 印发) at
the foot of the last page, page numbers "— 1 —" at the outer bottom, and the sample-data notice in the header
of every page. Every string from a record goes into a run as text: nothing in it is interpreted.

The bytes are the same on every build: the document's dates are the document's own, and the zip entries
carry a fixed time (python-docx stamps the clock).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, Twips
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree
from lxml.etree import SubElement

from . import styles
from .styles import W

KEEP_WHOLE = 8  # a table of up to this many rows is kept on one page; longer ones split, header repeated


def _fld(kind: str) -> str:
    return f'<w:r {W}><w:fldChar w:fldCharType="{kind}"/></w:r>'



_SPACE = qn("xml:space")
_SPECIAL = re.compile(r"[\t\n\r]")  # what python-docx writes as elements of their own


def _text_xml(text: str) -> str:
    """A run's `<w:t>` as `_run_text` makes it, as XML text."""
    if not text:
        return ""
    space = ' xml:space="preserve"' if len(text.strip()) < len(text) else ""
    return f"<w:t{space}>{escape(text)}</w:t>"


def _run_text(paragraph, text: str) -> None:
    """A run of `text` at the end of `paragraph`, as python-docx's `Run.text` writes it: its own elements for
    plain text (a table cell's usual case, four times cheaper), python-docx for tabs and line breaks."""
    if "\t" in text or "\n" in text or "\r" in text:
        Run(paragraph.add_r(), None).text = text  # <w:tab/> and <w:br/> between the pieces of text
        return
    run = SubElement(paragraph, qn("w:r"))
    if text:
        element = SubElement(run, qn("w:t"))
        element.text = text
        if len(text.strip()) < len(text):
            element.set(_SPACE, "preserve")

class Gongwen:
    def __init__(self, title: str, author: str, date: dt.date, demo_notice: str | None = None) -> None:
        self.date = date
        self.document = Document()
        self._style_sheet()
        self._page(demo_notice)
        self._properties(title, author)

    # ---- the page, the styles, the properties -------------------------------------------------

    def _style_sheet(self) -> None:
        sheet = self.document.styles.element
        for child in list(sheet):
            sheet.remove(child)
        sheet.append(parse_xml(styles.DEFAULTS))
        for style in styles.STYLES:
            sheet.append(parse_xml(style))
        fonts = self.document.part.part_related_by(RT.FONT_TABLE)
        table = parse_xml(fonts.blob)
        for name in styles.FONTS:
            table.append(parse_xml(styles.font_entry(name)))
        fonts._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)
        # the template's numbering names list styles this sheet does not have, and its copy of the styles
        # for Word 2010 (stylesWithEffects) would be read instead of ours there: both go
        for link in self.document.part.numbering_part.element.xpath(".//w:pStyle"):
            link.getparent().remove(link)
        for key, relationship in list(self.document.part.rels.items()):
            if relationship.reltype.endswith("/stylesWithEffects"):
                del self.document.part.rels[key]
        settings = self.document.settings.element
        for language in settings.findall(qn("w:themeFontLang")):
            language.set(qn("w:eastAsia"), "zh-CN")

    def _page(self, demo_notice: str | None) -> None:
        section = self.document.sections[0]
        section.page_width, section.page_height = styles.PAGE_WIDTH, styles.PAGE_HEIGHT
        section.top_margin, section.bottom_margin = styles.TOP, styles.BOTTOM
        section.left_margin, section.right_margin = styles.LEFT, styles.RIGHT
        section.header_distance = Mm(15)
        # the page number's dashes sit 7 mm below the text area (GB/T 9704 7.5)
        section.footer_distance = styles.BOTTOM - Mm(7) - Mm(5.3)
        grid = section._sectPr.find(qn("w:docGrid"))
        if grid is None:
            grid = section._sectPr.makeelement(qn("w:docGrid"), {})
            section._sectPr.append(grid)
        grid.attrib.clear()
        grid.set(qn("w:type"), "lines")
        grid.set(qn("w:linePitch"), str(styles.LINE_PITCH))
        self.document.settings.odd_and_even_pages_header_footer = True
        for footer, side in ((section.footer, "right"), (section.even_page_footer, "left")):
            self._page_number(footer.paragraphs[0], side)
        for header in (section.header, section.even_page_header):
            paragraph = header.paragraphs[0]
            paragraph.style = "header"
            if demo_notice:
                paragraph.add_run(demo_notice)

    def _page_number(self, paragraph: Paragraph, side: str) -> None:
        """— 1 —, one character in from the outer edge: right on odd pages, left on even ones."""
        paragraph.style = "footer"
        outer = paragraph.paragraph_format
        if side == "right":
            outer.alignment, outer.right_indent = WD_ALIGN_PARAGRAPH.RIGHT, Pt(14)
        else:
            outer.alignment, outer.left_indent = WD_ALIGN_PARAGRAPH.LEFT, Pt(14)
        paragraph.add_run("— ")
        runs = [_fld("begin"), f'<w:r {W}><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>',
                _fld("separate"), f"<w:r {W}><w:t>1</w:t></w:r>", _fld("end")]
        for run in runs:
            paragraph._p.append(parse_xml(run))
        paragraph.add_run(" —")

    def _properties(self, title: str, author: str) -> None:
        package = self.document.part.package
        for key, relationship in list(package.rels.items()):
            if relationship.reltype == RT.THUMBNAIL:  # the template's picture of an empty page
                del package.rels[key]
        core = self.document.core_properties
        stamp = dt.datetime.combine(self.date, dt.time())
        # the package's properties hold at most 255 characters each; the text of the document holds it all
        core.title, core.author, core.last_modified_by = title[:255], author[:255], author[:255]
        core.created = core.modified = stamp
        core.revision, core.comments, core.language = 1, "", "zh-CN"

    # ---- the parts of the text ----------------------------------------------------------------

    def masthead(self, name: str, number: str, issuer: str, date: str) -> None:
        """版头: the red 发文机关标志, the 期号, the issuing office and the date over a red rule."""
        self.document.add_paragraph(name, style="发文机关标志")
        self.document.add_paragraph(number, style="期号")
        self.document.add_paragraph(f"{issuer}\t{date}", style="发文机关和日期")

    def title(self, text: str) -> None:
        self.document.add_paragraph(text, style="Title")

    def heading(self, text: str, level: int = 1) -> None:
        self.document.add_paragraph(text, style=f"heading {level}")

    def paragraph(self, text: str) -> Paragraph:
        return self.document.add_paragraph(text, style="正文文字")

    def table(self, headers: Sequence[str], rows: Sequence[Sequence[object]], widths: Sequence[float],
              numeric: Sequence[int] = (), caption: str | None = None) -> Table:
        """A table as wide as the text; `widths` are relative; columns in `numeric` are right-aligned."""
        if caption:
            self.document.add_paragraph(caption, style="表题")
        table = self.document.add_table(rows=0, cols=len(headers))
        total = sum(widths)
        twips = [round(styles.TEXT_WIDTH.twips * w / total) for w in widths]
        twips[-1] = styles.TEXT_WIDTH.twips - sum(twips[:-1])
        table._tbl.remove(table._tbl.tblPr)
        table._tbl.insert(0, parse_xml(
            f'<w:tblPr {W}><w:tblW w:w="{styles.TEXT_WIDTH.twips}" w:type="dxa"/><w:jc w:val="center"/>'
            '<w:tblBorders>' + "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                                       for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
            + '</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblLook w:val="0000" w:firstRow="0" '
            'w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr>'))
        for column, width in zip(table._tbl.tblGrid.gridCol_lst, twips, strict=True):
            column.w = Twips(width)
        keep = len(rows) <= KEEP_WHOLE
        style_ids = {kind: self.document.styles[kind].style_id for kind in ("表头", "表格文字", "表格数字")}
        self._row(table, headers, twips, [style_ids["表头"]] * len(headers), header=True, keep=keep)
        kinds = [style_ids["表格数字" if column in numeric else "表格文字"] for column in range(len(headers))]
        texts = [[str(value) for value in row] for row in rows]
        if keep or any(_SPECIAL.search(text) for row in texts for text in row):
            for index, row in enumerate(texts):
                self._row(table, row, twips, kinds, keep=keep and index < len(rows) - 1)
        else:  # a long table: its rows written as XML and parsed at once (a province's have thousands)
            cells = [f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="{kind}"/>'
                     "</w:pPr><w:r>{}</w:r></w:p></w:tc>" for width, kind in zip(twips, kinds, strict=True)]
            xml = "".join("<w:tr><w:trPr><w:cantSplit/></w:trPr>"
                          + "".join(cell.format(_text_xml(text)) for cell, text in zip(cells, row, strict=True))
                          + "</w:tr>" for row in texts)
            for tr in list(parse_xml(f"<w:tbl {W}>{xml}</w:tbl>")):
                table._tbl.append(tr)
        return table

    @staticmethod
    def _row(table: Table, texts: Sequence[str], twips: Sequence[int], style_ids: Sequence[str],
             header: bool = False, keep: bool = False) -> None:
        """One row, its elements made directly (a province's tables have thousands of rows, and python-docx's
        row and cell objects cost ten times as much); the text still goes in through a python-docx run."""
        tr = OxmlElement("w:tr")
        properties = SubElement(tr, qn("w:trPr"))
        SubElement(properties, qn("w:cantSplit"))
        if header:  # repeated at the top of every page the table runs onto
            SubElement(properties, qn("w:tblHeader"))
        for text, width, style_id in zip(texts, twips, style_ids, strict=True):
            tc = SubElement(tr, qn("w:tc"))
            SubElement(SubElement(tc, qn("w:tcPr")), qn("w:tcW"), {qn("w:w"): str(width), qn("w:type"): "dxa"})
            p = SubElement(tc, qn("w:p"))
            paragraph_properties = SubElement(p, qn("w:pPr"))
            SubElement(paragraph_properties, qn("w:pStyle"), {qn("w:val"): style_id})
            if keep:  # "keep with next" on every row but the last holds a short table together
                SubElement(paragraph_properties, qn("w:keepNext"))
            _run_text(p, text)
        table._tbl.append(tr)

    def record(self, copy_to: Sequence[str], printer: str, date: str) -> None:
        """版记: 抄送 over 印发机关 and 印发日期, between thick rules (0.35 mm) with a thin one (0.25 mm) between
        them, as wide as the text, the last rule on the lower edge of the text area of the last page (GB/T 9704
        7.4). A table floating to the foot of the page: Word and WPS put it there; LibreOffice 7, which floats
        only tables narrower than the text, prints it under the last paragraph."""
        table = self.document.add_table(rows=0, cols=1)
        table._tbl.remove(table._tbl.tblPr)
        rule = '<w:{} w:val="single" w:sz="{}" w:space="0" w:color="000000"/>'
        table._tbl.insert(0, parse_xml(
            f'<w:tblPr {W}><w:tblpPr w:leftFromText="0" w:rightFromText="0" w:topFromText="0" '
            'w:bottomFromText="0" w:vertAnchor="margin" w:horzAnchor="margin" w:tblpXSpec="center" '
            f'w:tblpYSpec="bottom"/><w:tblOverlap w:val="never"/><w:tblW w:w="{styles.TEXT_WIDTH.twips}" '
            f'w:type="dxa"/><w:tblBorders>{rule.format("top", 8)}{rule.format("bottom", 8)}'
            f'{rule.format("insideH", 6)}</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar>'
            '<w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar></w:tblPr>'))
        table._tbl.tblGrid.gridCol_lst[0].w = styles.TEXT_WIDTH
        lines = [f"抄送：{'，'.join(copy_to)}。"] if copy_to else []
        lines.append(f"{printer}\t{date}印发")
        for line in lines:
            paragraph = table.add_row().cells[0].paragraphs[0]
            paragraph.style = "版记"
            if line.startswith("抄送："):  # a second line starts under the first name, after the colon
                paragraph.paragraph_format.left_indent = Pt(14 * 4)
                paragraph.paragraph_format.first_line_indent = Pt(-14 * 3)
            paragraph.add_run(line)
        self.document.add_paragraph(style="版记")  # what the table is anchored to: a floating table needs one after it

    # ---- the bytes ----------------------------------------------------------------------------

    def to_bytes(self) -> bytes:
        """The .docx, the same bytes on every build: each zip entry stamped with the document's date."""
        buffer = io.BytesIO()
        self.document.save(buffer)
        stamp = (self.date.year, self.date.month, self.date.day, 0, 0, 0)
        fixed = io.BytesIO()
        with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target:
            for entry in source.infolist():
                info = zipfile.ZipInfo(entry.filename, date_time=stamp)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                target.writestr(info, source.read(entry.filename))
        return fixed.getvalue()
