"""半年小结, 年度总评 and 观摩点评 as Word documents, from the same contexts as their pages
(`pages/summaries.summary_context`, `pages/meetings.review_pages`), as issued once they are: plain values only."""

from __future__ import annotations

from ...records.models import Site
from .parts import (
    Headings,
    cn_date,
    cn_number,
    day,
    finish,
    group_table,
    headline_table,
    mention_paragraphs,
    numbered,
    ranking_table,
    start,
    unit_scores_table,
)


def summary_document(context: dict, site: Site) -> bytes:
    date = cn_date(day(context["month"]))  # the last day of the period
    document = start(site, context["title"], "半年小结" if context["half"] else "年度总评", date)
    document.title(context["title"])
    heading = Headings(document)

    heading("总体情况")
    if "opening" in context:  # documents issued before the paragraph was written have none
        document.paragraph(context["opening"])
    headline_table(document, context["headline"])

    heading("分类别完成情况")
    group_table(document, context["by_category"], "类别", "分类别完成情况")

    heading("各月红黄绿灯")
    document.table(["月份", "红灯", "黄灯", "绿灯"],
                   [[m["month"], m["red"], m["yellow"], m["green"]] for m in context["lights"]],
                   [4, 2, 2, 2], numeric=[1, 2, 3], caption="各月末红黄绿灯项目数")

    heading("责任单位投资完成率排名")
    ranking_table(document, context["ranking"], "责任单位投资完成率排名")

    if context["review_units"]:
        heading("观摩点评责任单位排名")
        unit_scores_table(document, context["review_units"], "观摩点评责任单位排名（历次平均总分）")

    heading("表扬与批评")
    for caption, items in (("受到表扬的单位", context["praised"]), ("受到批评的单位", context["criticised"])):
        if items:
            document.table(["单位", "次数", "事由"], [[m["unit"], m["count"], m["reasons"]] for m in items],
                           [3, 1.2, 7.8], numeric=[1], caption=caption)
    if not context["praised"] and not context["criticised"]:
        document.paragraph("本期间没有表扬和批评记录。")
    return finish(document, site, date)


def review_document(context: dict, site: Site) -> bytes:
    document = start(site, context["title"], "观摩点评", context["date"])
    document.title(context["title"])
    where = f"在{context['place']}" if context["place"] else ""
    document.paragraph(f"{context['date']}，{where}开展重点项目观摩点评，共观摩项目{len(context['visited'])}个。"
                       + (context["summary"] or ""))
    heading = Headings(document)

    heading("观摩项目")
    for line in numbered([v["name"] for v in context["visited"]]):
        document.paragraph(line)

    heading("项目得分与排名")
    if context["rows"]:
        criteria = context["criteria"]
        rows = [[r["rank"], r["name"], r["unit"], *r["scores"], r["total"]] for r in context["rows"]]
        document.table(["名次", "项目", "责任单位", *criteria, "总分"], rows,
                       [1.2, 3.4, 2.2, *[1.5] * len(criteria), 1.5],
                       numeric=[0, *range(3, 4 + len(criteria))], caption="观摩项目得分（按总分排名）")
    else:
        document.paragraph("本次未登记评分。")
    if context["units"]:
        heading("责任单位排名")
        unit_scores_table(document, context["units"], "责任单位排名（按负责项目的平均总分）")

    heading("点评意见")
    if not context["remarks"]:
        document.paragraph("本次观摩点评没有登记点评意见。")
    for index, remark in enumerate(context["remarks"]):
        subject = remark["subject"] + (f"（{remark['unit']}）" if remark["unit"] else "")
        document.heading(f"（{cn_number(index + 1)}）{subject}", level=2)
        if remark["praise"]:
            document.paragraph(f"肯定：{remark['praise']}")
        if remark["improve"]:
            document.paragraph(f"整改：{remark['improve']}（{remark['deadline']}前整改到位）")

    if context["mentions"]:
        heading("表扬与批评")
        mention_paragraphs(document, context["mentions"])
    return finish(document, site, context["date"])

