"""The style sheet of the documents: GB/T 9704-2012 《党政机关公文格式》 as county bulletins use it.

Sizes in the standard's terms: 三号 16 pt (body), 四号 14 pt (版记, page numbers), 二号 22 pt (title). The body
is 22 lines of 28 characters in the 156 mm × 225 mm text area: lines are exactly 28.95 pt apart (22 × 28.95 pt
fits 225 mm), and characters are drawn 0.25 pt closer (28 × 15.75 pt fits 156 mm, where 28 × 16 pt would not).
Fonts are named, never embedded; each names the font Word and WPS fall back to where it is missing.
"""

from __future__ import annotations

from docx.shared import Mm

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
TOP, LEFT, TEXT_WIDTH, TEXT_HEIGHT = Mm(37), Mm(28), Mm(156), Mm(225)
RIGHT, BOTTOM = PAGE_WIDTH - LEFT - TEXT_WIDTH, PAGE_HEIGHT - TOP - TEXT_HEIGHT
LINE_PITCH = 579  # twentieths of a point: 28.95 pt, 22 lines in 225 mm
LINES, CHARACTERS = 22, 28

RED = "FF0000"  # 发文机关标志 and the rule under it are printed red
FANGSONG, KAITI, HEITI, SONGTI, XIAOBIAOSONG = "仿宋_GB2312", "楷体_GB2312", "黑体", "宋体", "方正小标宋简体"
FALLBACK = {FANGSONG: "仿宋", KAITI: "楷体", XIAOBIAOSONG: "宋体"}  # fontTable altName: what Word uses instead

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _fonts(name: str) -> str:
    return f'<w:rFonts w:ascii="{name}" w:hAnsi="{name}" w:eastAsia="{name}" w:cs="{name}"/>'


def _style(style_id: str, name: str, *, kind: str = "paragraph", based_on: str | None = "Normal", ppr: str = "",
           rpr: str = "", tblpr: str = "", default: bool = False) -> str:
    based = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    flag = ' w:default="1"' if default else ""
    return (f'<w:style {W} w:type="{kind}"{flag} w:styleId="{style_id}"><w:name w:val="{name}"/>{based}'
            f'<w:qFormat/>{f"<w:pPr>{ppr}</w:pPr>" if ppr else ""}{f"<w:rPr>{rpr}</w:rPr>" if rpr else ""}'
            f'{f"<w:tblPr>{tblpr}</w:tblPr>" if tblpr else ""}</w:style>')


def _size(points: float) -> str:
    return f'<w:sz w:val="{round(points * 2)}"/><w:szCs w:val="{round(points * 2)}"/>'


_LINE = f'<w:spacing w:before="0" w:after="0" w:line="{LINE_PITCH}" w:lineRule="exact"/>'
_OFF_GRID = '<w:snapToGrid w:val="0"/>'  # LibreOffice would put every line of a table on the 28.95 pt grid
_BODY_INDENT = '<w:ind w:firstLineChars="200" w:firstLine="640"/>'  # two characters, as 公文 paragraphs start


def _small(line: int) -> str:
    """Text off the body's line grid (tables, header, footer), at its own line height."""
    return f'{_OFF_GRID}<w:spacing w:before="0" w:after="0" w:line="{line}" w:lineRule="exact"/>'


DEFAULTS = (
    f'<w:docDefaults {W}><w:rPrDefault><w:rPr>{_fonts(FANGSONG)}{_size(16)}'
    '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
    f'<w:pPrDefault><w:pPr>{_LINE}</w:pPr></w:pPrDefault></w:docDefaults>'
)

STYLES = [
    _style("Normal", "Normal", based_on=None, default=True, ppr=f'<w:widowControl/>{_LINE}<w:jc w:val="both"/>',
           rpr=f'{_fonts(FANGSONG)}<w:spacing w:val="-5"/>{_size(16)}'),
    _style("BodyText", "正文文字", ppr=_BODY_INDENT),
    _style("DefaultParagraphFont", "Default Paragraph Font", kind="character", based_on=None, default=True),
    _style("TableNormal", "Normal Table", kind="table", based_on=None, default=True,
           tblpr='<w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
                 '<w:left w:w="57" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="57" w:type="dxa"/>'
                 '</w:tblCellMar>'),
    *(_style(f"Heading{level}", f"heading {level}", based_on="BodyText",
             ppr=f'<w:keepNext/><w:keepLines/><w:outlineLvl w:val="{level - 1}"/>', rpr=rpr)
      for level, rpr in ((1, _fonts(HEITI)), (2, _fonts(KAITI)), (3, "<w:b/><w:bCs/>"))),
    _style("Title", "Title", ppr='<w:keepNext/><w:jc w:val="center"/>',
           rpr=f"{_fonts(XIAOBIAOSONG)}{_size(22)}"),
    _style("Header", "header", ppr=f'{_small(240)}<w:jc w:val="center"/>',
           rpr=f'<w:color w:val="{RED}"/>{_size(10.5)}'),
    _style("Footer", "footer", ppr=_small(300), rpr=f"{_fonts(SONGTI)}<w:spacing w:val=\"0\"/>{_size(14)}"),
    _style("Masthead", "发文机关标志", ppr=f'{_small(960)}<w:jc w:val="center"/>',
           rpr=f'{_fonts(XIAOBIAOSONG)}<w:color w:val="{RED}"/><w:spacing w:val="0"/>{_size(36)}'),
    _style("IssueNumber", "期号", ppr=f'<w:spacing w:before="240" w:after="0" w:line="{LINE_PITCH}" '
                                     f'w:lineRule="exact"/><w:jc w:val="center"/>'),
    _style("Issuer", "发文机关和日期", ppr=f'<w:pBdr><w:bottom w:val="single" w:sz="18" w:space="4" w:color="{RED}"/>'
                                    f'</w:pBdr><w:tabs><w:tab w:val="right" w:pos="{TEXT_WIDTH.twips}"/></w:tabs>'
                                    f'<w:spacing w:before="0" w:after="{LINE_PITCH}" w:line="{LINE_PITCH}" '
                                    f'w:lineRule="exact"/>'),
    _style("TableCaption", "表题", ppr=f'<w:keepNext/>{_OFF_GRID}<w:spacing w:before="120" w:after="60" '
                                'w:line="360" w:lineRule="exact"/><w:jc w:val="center"/>',
           rpr=f"{_fonts(HEITI)}{_size(14)}"),
    _style("TableText", "表格文字", ppr=f'{_small(300)}<w:jc w:val="left"/>',
           rpr=f'<w:spacing w:val="0"/>{_size(12)}'),
    _style("TableNumber", "表格数字", based_on="TableText", ppr='<w:jc w:val="right"/>'),
    _style("TableHead", "表头", based_on="TableText", ppr='<w:jc w:val="center"/>', rpr=_fonts(HEITI)),
    _style("Record", "版记", ppr=f'<w:tabs><w:tab w:val="right" w:pos="{TEXT_WIDTH.twips - 280}"/></w:tabs>'
                               f'{_OFF_GRID}<w:spacing w:before="0" w:after="0" w:line="480" w:lineRule="exact"/>'
                               '<w:ind w:left="280" w:right="280"/>',
           rpr=f'<w:spacing w:val="0"/>{_size(14)}'),
]


def font_entry(name: str) -> str:
    """A fontTable entry; a Chinese GB2312 font, with the font that stands in for it where it is missing."""
    alt = f'<w:altName w:val="{FALLBACK[name]}"/>' if name in FALLBACK else ""
    return (f'<w:font {W} w:name="{name}">{alt}<w:charset w:val="86"/><w:family w:val="auto"/>'
            '<w:pitch w:val="variable"/></w:font>')


FONTS = [FANGSONG, KAITI, HEITI, SONGTI, XIAOBIAOSONG]
