"""What every document shares: its 版头 and 版记 from the site settings, the sample-data notice, the
headline figures and the group tables that the bulletin and the summaries both print."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from ...records.models import Site
from .gongwen import Gongwen

GROUP_HEADERS = ["{heading}", "项目数", "年度计划（万元）", "累计完成（万元）", "完成率", "序时差（百分点）"]
GROUP_WIDTHS = [3.2, 1.4, 2.4, 2.4, 2.0, 2.1]


def cn_number(number: int) -> str:
    """1 → 一, 12 → 十二, 25 → 二十五: the numbers of headings."""
    digits = "零一二三四五六七八九"
    tens, ones = divmod(number, 10)
    return (("" if tens == 1 else digits[tens]) + "十" if tens else "") + (digits[ones] if ones else "")


def numbered(items: list[str]) -> list[str]:
    """Items of a list as the third level of a document numbers them: 1. 2. 3."""
    return [f"{index}. {item}" for index, item in enumerate(items, start=1)]


class Headings:
    """一级标题 一、二、三… in the order the sections come (some are there only when they have content)."""

    def __init__(self, document: Gongwen) -> None:
        self.document, self.count = document, 0

    def __call__(self, text: str) -> None:
        self.count += 1
        self.document.heading(f"{cn_number(self.count)}、{text}")


def day(text: str) -> dt.date:
    """The date a page prints, "2022年1月10日", or the last day of the month it prints, "2021年6月"."""
    year, month, number = (re.fullmatch(r"(\d{4})年(\d{1,2})月(?:(\d{1,2})日)?", text).groups())
    last = calendar.monthrange(int(year), int(month))[1]
    return dt.date(int(year), int(month), int(number) if number else last)


def cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def issuer(site: Site) -> str:
    return site.documents.issuer or site.office


def demo_notice(site: Site) -> str | None:
    if not site.demo:
        return None
    return f"示例数据：本文件的项目、人员和数字均为虚构的演示数据，不代表{site.county}的真实情况"


def start(site: Site, title: str, number: str, date: str) -> Gongwen:
    """A document with its 版头: 《…重点项目建设通报》, the 期号 and the issuing office and date (as printed)."""
    document = Gongwen(title, issuer(site), day(date), demo_notice(site))
    document.masthead(f"{site.county}重点项目建设通报", number, issuer(site), date)
    return document


def finish(document: Gongwen, site: Site, date: str) -> bytes:
    """The 版记 (抄送, 印发) and the bytes."""
    document.record(site.documents.copy_to, site.documents.printer or issuer(site), date)
    return document.to_bytes()


def headline_table(document: Gongwen, headline: dict) -> None:
    """The headline figures (pages/home.headline_view), as the web page's figure cards give them."""
    lights = headline["lights"]
    light_text = f"红灯 {lights['red']} 个、黄灯 {lights['yellow']} 个、绿灯 {lights['green']} 个"
    if lights.get("none"):
        light_text += f"（另有 {lights['none']} 个项目本年无计划投资，不亮灯）"
    rows = [
        ["重点项目", f"{headline['projects']} 个"],
        ["总投资", headline["total"]],
        ["年度计划投资", headline["plan"]],
        ["本年累计完成投资", headline["completed"]],
        ["投资完成率", f"{headline['rate']}（序时进度 {headline['time_progress']}，{headline['gap_phrase']}）"],
        ["开工率",
         f"{headline['start_rate']}（新开工项目应开工 {headline['start_due']} 个，已开工 {headline['started']} 个）"],
        ["联审联批完成率",
         f"{headline['approval_rate']}（{headline['approvals_total']} 项中已办结 {headline['approvals_done']} 项）"],
        ["红黄绿灯", light_text],
    ]
    document.table(["指标", "数值"], rows, [3, 8.4], caption="主要指标")


def group_table(document: Gongwen, groups: list[dict], heading: str, caption: str) -> None:
    """Plan, completion and gap per group (pages/common.group_rows)."""
    headers = [text.format(heading=heading) for text in GROUP_HEADERS]
    rows = [[g["name"], g["projects"], g["plan"], g["completed"], g["rate"], g["gap"]] for g in groups]
    document.table(headers, rows, GROUP_WIDTHS, numeric=range(1, 6), caption=caption)


def ranking_table(document: Gongwen, ranking: list[dict], caption: str) -> None:
    """Responsible units by group completion rate (pages/common.ranking_rows)."""
    rows = [[r["rank"], r["name"], r["projects"], r["plan"], r["completed"], r["rate"], r["red"]] for r in ranking]
    document.table(["名次", "责任单位", "项目数", "年度计划（万元）", "累计完成（万元）", "完成率", "红灯"], rows,
                   [1.0, 3.6, 1.4, 2.4, 2.4, 2.0, 1.0], numeric=[0, 2, 3, 4, 5, 6], caption=caption)


def unit_scores_table(document: Gongwen, units: list[dict], caption: str) -> None:
    """Units ranked by the average review total of their projects (pages/meetings.unit_rows)."""
    rows = [[u["rank"], u["unit"], u["projects"], u["average"]] for u in units]
    document.table(["名次", "责任单位", "参评项目", "平均总分"], rows, [1.2, 5, 2, 2], numeric=[0, 2, 3],
                   caption=caption)


def mention_paragraphs(document: Gongwen, mentions: list[dict]) -> None:
    """A meeting's praised and criticised (pages/meetings.mention_rows), one paragraph each."""
    for mention in mentions:
        document.paragraph(f"{mention['kind']}{mention['name']}：{mention['reason']}")
