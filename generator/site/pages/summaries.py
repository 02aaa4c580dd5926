"""半年小结 and 年度总评: pages generated from the data of each year, once its June, and its December, have data."""

from __future__ import annotations

from ... import urls
from ...figures import compute, fmt, rules
from ...figures.model import SiteModel
from ...figures.reviews import overall
from ...records.models import DispatchMeeting
from ...records.numbering import summary_file
from .bulletins import DocumentView, correction_rows, document_view
from .common import Page, group_rows, ranking_rows
from .home import headline_view
from .meetings import unit_rows


def lights_over_time(model: SiteModel, last: str) -> list[dict]:
    """Light counts at the end of each month of `last`'s year with progress data, up to `last`."""
    months = sorted({m for m in model.tables.progress["month"] if m <= last and m.startswith(last[:4])})
    return [{"month": fmt.cn_month(m), **model.snapshot(m).headline.lights} for m in months]


def mentions_by_unit(model: SiteModel, last: str, kind: str) -> list[dict]:
    """How often each unit (or a unit's project) was praised or criticised in the period's meetings: the
    dispatch meetings that reported on a month of the period, the other meetings held in it."""
    counts: dict[str, list[str]] = {}
    year, until = last[:4], rules.month_end(last)
    for meeting in model.content.meetings.values():
        if isinstance(meeting, DispatchMeeting):
            in_period = meeting.reporting_month[:4] == year and meeting.reporting_month <= last
        else:
            in_period = str(meeting.date.year) == year and meeting.date <= until
        if not in_period:
            continue
        for mention in getattr(meeting, kind):
            unit = mention.unit or model.content.projects[mention.project].responsible.unit
            counts.setdefault(unit, []).append(mention.reason)
    return sorted(({"unit": model.content.units[u].name, "count": len(r), "reasons": "；".join(dict.fromkeys(r))}
                   for u, r in counts.items()), key=lambda row: (-row["count"], row["unit"]))


def _units_sentence(ranking) -> str:
    """The best and the worst responsible unit by completion rate (`compute.unit_ranking`)."""
    if ranking.empty:
        return ""
    best = ranking.iloc[0]
    text = (f"从责任单位看，{best['unit_name']}投资完成率最高，为{fmt.pct(best['rate'])}"
            f"（{rules.gap_phrase(best['gap'], subject='序时进度')}）")
    if len(ranking) > 1:
        worst = ranking.iloc[-1]
        text += (f"；{worst['unit_name']}最低，为{fmt.pct(worst['rate'])}"
                 f"（{rules.gap_phrase(worst['gap'], subject='序时进度')}）")
    return text + "。"


def opening(snap, ranking, half: bool) -> str:
    """The paragraph a summary opens with, in the words of a county document, every number from the model:
    planned against completed, the target met or missed and by how much, 开工率, the best and the worst
    unit, the problems still open."""
    h = snap.headline
    period = "上半年" if half else "全年"
    text = (f"{period}，全县{h.projects}个重点项目年度计划投资{fmt.money(h.plan)}，累计完成投资"
            f"{fmt.money(h.completed)}，占年度计划的{fmt.pct(h.rate)}")
    if rules.missing(h.rate):
        text += "。"
    elif half:
        ahead = h.completed - h.plan * h.time_progress
        text += (f"，{rules.gap_phrase(h.gap, subject='序时进度')}"
                 f"（{'比序时进度多完成' if ahead >= 0 else '比序时进度少完成'}投资{fmt.money(abs(ahead))}）。")
    elif h.completed >= h.plan:
        text += (f"，超额完成年度投资计划，超出{rules.shown_percent(h.rate) - 100:.1f}个百分点"
                 f"（{fmt.money(h.completed - h.plan)}）。")
    else:
        text += (f"，未完成年度投资计划，差{100 - rules.shown_percent(h.rate):.1f}个百分点"
                 f"（{fmt.money(h.plan - h.completed)}）。")
    if h.start.denominator:
        text += (f"新开工项目应开工{h.start.denominator}个、已开工{h.start.numerator}个，开工率{fmt.pct(h.start.value)}"
                 + (f"，尚有{h.start.denominator - h.start.numerator}个未开工。"
                    if h.start.numerator < h.start.denominator else "，均已开工。"))
    text += (f"联审联批事项{h.approvals.denominator}项、已办结{h.approvals.numerator}项，"
             f"完成率{fmt.pct(h.approvals.value)}。")
    text += _units_sentence(ranking)
    text += f"截至{int(snap.month[5:7])}月底，红灯项目{h.lights['red']}个、黄灯{h.lights['yellow']}个；"
    problems = snap.problems
    still_open, overdue = int(problems["open"].sum()), int(problems["overdue"].sum())
    if still_open:
        text += f"问题台账中尚有{still_open}个问题未解决" + (f"，其中{overdue}个已超过办结时限。" if overdue else "。")
    else:
        text += "问题台账中的问题均已解决。"
    return text


def summary_context(model: SiteModel, month: str, half: bool) -> dict:
    snap = model.snapshot(month)
    ranking = compute.unit_ranking(snap)
    year = int(month[:4])
    reviews = [result for result in model.reviews if result.meeting.date.year == year]
    _, review_units = overall(reviews, rules.month_end(month))
    title = f"{year}年上半年重点项目建设小结" if half else f"{year}年度重点项目建设总评"
    return {
        "title": title, "year": year, "half": half, "month": fmt.cn_month(month),
        "headline": headline_view(snap.headline, month), "opening": opening(snap, ranking, half),
        "by_category": group_rows(
            compute.group_figures(snap.projects, "category", "category_name", month), "category_name"),
        "lights": lights_over_time(model, month),
        "ranking": ranking_rows(ranking),
        "review_units": unit_rows(review_units),
        "praised": mentions_by_unit(model, month, "praised"),
        "criticised": mentions_by_unit(model, month, "criticised"),
    }


def summary_views(model: SiteModel) -> list[DocumentView]:
    """Each year's year-end evaluation and half-year summary, newest first, once the month they speak of is
    reported: as issued, or as the records make them until then."""
    views = []
    for year in sorted((y for y in model.tables.years if y <= model.year), reverse=True):
        for month, half in ((f"{year}-12", False), (f"{year}-06", True)):
            if model.month >= month:
                views.append(document_view(model, urls.summary(year, half), summary_file(year, half),
                                           lambda m=month, h=half: summary_context(model, m, h), model.snapshot(month)))
    return views


def summary_page(model: SiteModel, view: DocumentView) -> Page:
    document = urls.summary_document(view.context["year"], view.context["half"])
    return Page(view.url, "summary.md.j2", {**view.context, "corrections": correction_rows(model, view),
                                            "document": document}, view.title)
