"""The monthly report sheet (月报填报表): its columns and conventions, shared by the template and the import.

One row per project. The office fills the read-only columns; a unit fills the others. An empty cell
means "not reported" and never zero. New problems and items needing resolution are written one per
line in their cell and become problem-ledger entries raised on the month's 20th (the notice has the
office collect the reports around the 20th), owned by the project's responsible unit.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

REPORT_DAY = 20  # 通知：每月 20 日前后收集进展情况、存在问题和需协调解决事项
REQUEST_PREFIX = "需协调解决："  # marks an item needing resolution in the problem ledger
TEXT_LIMIT = 2000  # as models.Text
MONTH_PATTERN = re.compile(r"^\s*(\d{4})\s*(?:-|/|\.|年)\s*(\d{1,2})\s*月?\s*$")
_COUNTER = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
_NUMBERING = re.compile(rf"^{_COUNTER}[、.．)）]\s*|^[(（]{_COUNTER}[)）]\s*")  # "1、" "2." "（3）" before an item
# "-据反映…", "+ 新增…": a dash or plus used as a list mark before Chinese prose, dropped like "1、". Before
# anything else (a digit, a letter, a sign) it would start a formula in a spreadsheet, and is refused.
_BULLET = re.compile(r"^[-+][ \t]*(?=[\u3400-\u9fff\uf900-\ufaff（“《【])")
FORMULA_STARTS = ("=", "+", "-", "@")  # OWASP's CSV injection list; tab and CR are stripped as whitespace
# what a unit may already have written before an item needing resolution (需协调解决：… 需协调：…)
_REQUEST_WORDS = re.compile(r"^需要?协调(?:解决)?(?:的事项)?[ \t]*[:：]?[ \t]*")

Kind = Literal["text", "money", "date", "month"]


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: Kind
    editable: bool
    note: str  # the prompt Excel shows on the cell, and the line in the instructions sheet


COLUMNS = (
    Column("id", "项目编号", "text", False, "项目的固定编号，请勿修改"),
    Column("name", "项目名称", "text", False, "仅供核对"),
    Column("unit", "责任单位", "text", False, "仅供核对"),
    Column("month", "填报月份", "month", False, "本表所报的月份，请勿修改"),
    Column("annual_plan", "年度计划投资（万元）", "money", False, "仅供核对"),
    Column("last_month", "上次填报月份", "month", False, "此前最近一次填报的月份"),
    Column("last_completed", "上次累计完成投资（万元）", "money", False, "本月累计不能比它少"),
    Column("completed", "本月累计完成投资（万元）", "money", True,
           "本年 1 月起累计完成投资，单位万元，只填数字；不填表示本月未报"),
    Column("image", "形象进度", "text", True, "本月形象进度，文字说明"),
    Column("problems", "新发现的问题", "text", True, "每行一个问题（单元格内换行：Alt+Enter）；没有就不填"),
    Column("requests", "需协调解决的事项", "text", True, "每行一个事项；没有就不填"),
    Column("deadline", "问题办结时限", "date", True, "本行新问题和事项的办结时限；不填为下月最后一天"),
)
BY_KEY = {column.key: column for column in COLUMNS}
BY_HEADER = {column.header: column for column in COLUMNS}
REQUIRED = ("id", "month", "completed", "image", "problems", "requests", "deadline")
SHEET_TITLE = "月报"
# what Excel and WPS show in a cell whose formula failed
ERROR_VALUES = {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#SPILL!", "#CALC!",
                "#GETTING_DATA"}


def letter(index: int) -> str:
    """Column number (1-based) → Excel letters: 1 → A, 27 → AA."""
    text = ""
    while index:
        index, rest = divmod(index - 1, 26)
        text = chr(65 + rest) + text
    return text


def parse_month(text: str) -> str | None:
    """"2021-08", "2021/8", "2021年8月" → "2021-08"; None when it is not a month."""
    match = MONTH_PATTERN.match(unicodedata.normalize("NFKC", text))
    if not match or not 1 <= int(match.group(2)) <= 12:
        return None
    return f"{match.group(1)}-{int(match.group(2)):02d}"


def report_date(month: str) -> dt.date:
    """The day a month's new problems are raised in the ledger."""
    return dt.date(int(month[:4]), int(month[5:]), REPORT_DAY)


def default_deadline(month: str) -> dt.date:
    """When a row gives no deadline: the last day of the month after the reported one."""
    year, number = int(month[:4]), int(month[5:])
    year, number = (year + 1, 1) if number == 12 else (year, number + 1)
    return dt.date(year, number, calendar.monthrange(year, number)[1])


def plain_text(text: str) -> str:
    """A cell's or a line's text without a leading list mark."""
    return _BULLET.sub("", text.strip(), count=1)


def formula_start(text: str) -> str | None:
    """The character a spreadsheet would start a formula with, when `text` begins with one."""
    return text[0] if text.startswith(FORMULA_STARTS) else None


def split_items(cell: str) -> list[str]:
    """One ledger entry per line of a cell, without the "1、", "（2）" or "-" marks units like to add."""
    items = []
    for line in cell.splitlines():
        item = plain_text(_NUMBERING.sub("", line.strip(), count=1))
        if item and item not in items:
            items.append(item)
    return items


def request_text(item: str) -> str:
    """An item needing resolution as the ledger writes it: 需协调解决：…, the prefix never doubled."""
    return REQUEST_PREFIX + (_REQUEST_WORDS.sub("", item, count=1) or item)


def ledger_texts(problems: str, requests: str) -> list[str]:
    """The problem-ledger texts of a row's two problem cells."""
    texts = split_items(problems) + [request_text(item) for item in split_items(requests)]
    return list(dict.fromkeys(texts))
