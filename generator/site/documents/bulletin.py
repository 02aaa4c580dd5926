"""《…重点项目建设通报》 第N期 as a Word document, from the same context as its web page.

`bulletin_document` reads only plain values (strings, numbers, lists, dicts) of `pages/bulletins.bulletin_context`,
so a bulletin frozen when it is issued builds the same document ever after.
"""

from __future__ import annotations

from ...records.models import Site
from .gongwen import Gongwen
from .parts import Headings, finish, group_table, headline_table, mention_paragraphs, numbered, ranking_table, start


def bulletin_document(context: dict, site: Site) -> bytes:
    month = context["month"]
    document = start(site, context["title"], context["number_title"], context["date"])
    document.title(f"{month}全县重点项目建设情况")
    heading = Headings(document)

    heading("本期综述")
    document.paragraph(context["overview"])
    headline_table(document, context["headline"])

    heading("分类别、分性质完成情况")
    group_table(document, context["by_category"], "类别", "分类别完成情况")
    group_table(document, context["by_kind"], "建设性质", "分建设性质完成情况")

    heading("开工情况")
    _starts(document, context)

    heading("滞后项目")
    _lagging(document, context["lagging"])

    heading("红黄绿灯")
    _lights(document, context)

    heading("责任单位排名")
    document.paragraph("按责任单位负责项目的合计投资完成率排名，完成率相同的红灯少者在前。")
    ranking_table(document, context["ranking"], "责任单位投资完成率排名")

    heading("问题解决情况")
    _problems(document, context)

    heading("会议决定事项")
    _decisions(document, context)

    heading("参会情况")
    _attendance(document, context)

    if "reporting" in context:  # bulletins issued before reporting was recorded have no such section
        heading("月报报送情况")
        _reporting(document, context["reporting"])

    if context["mentions"]:
        heading("表扬与批评")
        mention_paragraphs(document, context["mentions"])
    return finish(document, site, context["date"])


def _starts(document: Gongwen, context: dict) -> None:
    headline = context["headline"]
    if headline["start_due"]:
        document.paragraph(f"新开工项目中，计划在{context['month']}底前开工的 {headline['start_due']} 个，"
                           f"已开工 {headline['started']} 个，开工率 {headline['start_rate']}。")
    else:
        document.paragraph("本期没有到计划开工时间的新开工项目。")
    if context["not_started"]:
        document.paragraph("尚未开工的项目：")
        for line in numbered([f"{r['name']}（{r['unit_name']}）：{r['reason']}" for r in context["not_started"]]):
            document.paragraph(line)


def _lagging(document: Gongwen, lagging: list[dict]) -> None:
    if not lagging:
        document.paragraph("本期没有滞后项目。")
        return
    document.paragraph("以下项目为红灯、黄灯或逾期未竣工，按责任单位列出：")
    rows = [[group["unit"] if index == 0 else "", row["name"], row["light_name"], row["tag"],
             row["reason"] + ("（本月未报）" if not row.get("reported", True) else "")]
            for group in lagging for index, row in enumerate(group["rows"])]
    document.table(["责任单位", "项目", "灯色", "类型", "情况"], rows, [2.4, 3.4, 1.1, 1.8, 3.9],
                   caption="红灯、黄灯项目")


def _lights(document: Gongwen, context: dict) -> None:
    lights = context["headline"]["lights"]
    document.paragraph(f"本期红灯 {lights['red']} 个、黄灯 {lights['yellow']} 个、绿灯 {lights['green']} 个；"
                       "红灯、黄灯项目逐个列在上面“滞后项目”中。")
    document.table(["类别", "红灯", "黄灯", "绿灯"],
                   [[g["name"], g["red"], g["yellow"], g["green"]] for g in context["by_category"]],
                   [4, 2, 2, 2], numeric=[1, 2, 3], caption="各类别红黄绿灯")
    if context["first"]:
        document.paragraph("本期为首期通报，没有上期可比。")
    elif context["changes"]:
        document.table(["项目", "责任单位", "上期", "本期", "情况"],
                       [[c["name"], c["unit"], c["before"], c["after"], c["reason"]] for c in context["changes"]],
                       [3.4, 2.4, 1.1, 1.1, 4.4], caption=f"与上期（{context['previous_title']}）相比灯色变化的项目")
    else:
        document.paragraph(f"与上期（{context['previous_title']}）相比，没有灯色变化的项目。")


def _problems(document: Gongwen, context: dict) -> None:
    since = "截至本期" if context["first"] else "上期以来"
    document.paragraph(f"{since}新提出问题 {len(context['raised'])} 个，解决问题 {len(context['resolved'])} 个。")
    if context["raised"]:
        document.table(["项目", "问题", "责任单位", "办结时限"],
                       [[p["project"], p["text"], p["owners"], p["deadline"]] for p in context["raised"]],
                       [3, 4.6, 2.6, 2], caption="新提出的问题")
    if context["resolved"]:
        document.table(["项目", "问题", "解决日期"],
                       [[p["project"], p["text"], p["resolved"]] for p in context["resolved"]],
                       [3.4, 6.6, 2], caption="已解决的问题")
    if context["overdue"]:
        rows = [[group["unit"] if index == 0 else "", p["project"], p["text"], p["days_overdue"]]
                for group in context["overdue"] for index, p in enumerate(group["rows"])]
        document.table(["责任单位", "项目", "问题", "逾期（天）"], rows, [2.4, 3.2, 4.8, 1.6], numeric=[3],
                       caption="逾期未解决的问题（按责任单位）")
    else:
        document.paragraph("没有逾期未解决的问题。")


def _decisions(document: Gongwen, context: dict) -> None:
    if context["decisions"]:
        rows = [[d["text"], d["owners"], d["deadline"], "、".join(p["name"] for p in d["projects"])]
                for d in context["decisions"]]
        document.table(["决定事项", "责任单位", "完成时限", "涉及项目"], rows, [4.6, 2.4, 2, 3],
                       caption="本次调度例会决定事项")
    else:
        document.paragraph("本次会议没有形成决定事项。")
    if context["follow_ups"]:
        rows = [[f["text"], f["meeting"], f["owners"], f["deadline"], f["state"]] for f in context["follow_ups"]]
        document.table(["决定事项", "会议", "责任单位", "完成时限", "落实情况"], rows, [4.4, 2.2, 2.1, 1.9, 1.8],
                       caption=f"以前决定事项落实情况（截至{context['month']}底）")


def _attendance(document: Gongwen, context: dict) -> None:
    if not context["has_attendance"]:
        document.paragraph("本次会议未登记参会情况。")
        return
    attendance = context["attendance"]
    present = attendance["出席"]
    document.paragraph(f"出席（{len(present)} 个单位）：{'、'.join(a['unit'] for a in present)}。")
    if attendance["请假"]:
        document.paragraph("请假：" + "、".join(a["unit"] + (f"（{a['reason']}）" if a["reason"] else "")
                                              for a in attendance["请假"]) + "。")
    if attendance["替会"]:
        document.paragraph("替会：" + "、".join(f"{a['unit']}（由{a['substitute']}代替参会）"
                                              for a in attendance["替会"]) + "。")
    if attendance["缺席"]:
        document.paragraph("缺席：" + "、".join(a["unit"] for a in attendance["缺席"])
                           + "。按照通知要求，对无故缺席的单位予以通报批评。")


def _reporting(document: Gongwen, reporting: dict) -> None:
    """As the page says it: every sheet in on time, or who reported late or not at all."""
    if not reporting["missing"] and not reporting["late"]:
        document.paragraph(f"本月 {reporting['listed']} 个项目的月报已全部按时报送。")
        return
    document.paragraph(f"本月应报送月报的项目 {reporting['listed']} 个，已报送 {reporting['reported']} 个。")
    for row in reporting["missing"]:
        document.paragraph(f"未报送：{row['unit']}（{row['projects']}），以上月数字计，予以通报。")
    for row in reporting["late"]:
        document.paragraph(f"逾期报送：{row['unit']}（{row['projects']}）。")
