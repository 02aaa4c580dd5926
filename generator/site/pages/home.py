"""首页: the headline figures, a chart by category, red lights, the latest bulletin, this month's changes."""

from __future__ import annotations

import pandas as pd

from ... import urls
from ...figures import compute, fmt, rules
from ...figures.compute import Headline
from ...figures.model import SiteModel
from ...figures.rules import LIGHT_NAMES
from .. import charts
from ..markup import meta_text
from .common import Page, list_order, project_rows, year_links
from .places import map_view


def headline_view(headline: Headline, month: str) -> dict:
    """The headline figures as the home page and every bulletin print them."""
    return {
        "projects": headline.projects,
        "year": int(month[:4]),
        "total": fmt.money(headline.total),
        "since_start": fmt.money(headline.since_start),
        "since_start_rate": fmt.pct(headline.since_start / headline.total if headline.total else None),
        "unplanned": headline.unplanned,
        "plan": fmt.money(headline.plan),
        "completed": fmt.money(headline.completed),
        "rate": fmt.pct(headline.rate),
        "time_progress": fmt.pct(headline.time_progress),
        "gap_phrase": rules.gap_phrase(headline.gap),
        "start_rate": fmt.pct(headline.start.value),
        "started": headline.start.numerator,
        "start_due": headline.start.denominator,
        "approval_rate": fmt.pct(headline.approvals.value),
        "approvals_done": headline.approvals.numerator,
        "approvals_total": headline.approvals.denominator,
        "lights": headline.lights,
        "month": fmt.cn_month(month),
    }


def changes(model: SiteModel) -> list[dict]:
    """What changed in the reporting month, against the month before."""
    now, before = model.now, model.previous
    items: list[dict] = []
    if before is not None:
        old = before.projects["light"]
        for row in now.projects[old != now.projects["light"]].itertuples():
            items.append({"url": urls.project(row.id), "name": row.name,
                          "text": f"由{LIGHT_NAMES[old[row.id]]}变为{LIGHT_NAMES[row.light]}：{row.reason}"})
        started = now.projects[now.projects["started"] & ~before.projects["started"]]
        for row in started.itertuples():
            items.append({"url": urls.project(row.id), "name": row.name, "text": f"{row.actual_start:%Y-%m-%d} 开工"})
    start = pd.Timestamp(before.as_of) if before is not None else pd.Timestamp.min
    problems = now.problems
    names = now.projects["name"]
    for row in problems[problems["raised"] > start].itertuples():
        items.append({"url": urls.project(row.project), "name": names[row.project], "text": f"新增问题：{row.text}"})
    for row in problems[(problems["resolved"] > start) & ~problems["open"]].itertuples():
        items.append({"url": urls.project(row.project), "name": names[row.project], "text": f"问题已解决：{row.text}"})
    return items


def visits_view(visits: pd.DataFrame) -> dict:
    """County-wide on-site office compliance (DESIGN.md §3, over the whole list): project-weeks with a visit
    of the leader or the responsible unit ÷ project-weeks elapsed."""
    ratio = compute.county_compliance(visits)
    return {"weeks_visited": ratio.numerator, "weeks": ratio.denominator, "rate": fmt.pct(ratio.value)}


HOME_LIST = 30  # the home page is opened on phones: longer lists end in a link to the full one


def home_page(model: SiteModel) -> Page:
    now = model.now
    red = project_rows(now, list_order(now.projects[now.projects["light"] == "red"]))
    changed = changes(model)
    groups = compute.group_figures(now.projects, "category", "category_name", model.month)
    bars = [{"name": row.category_name, "rate": row.rate,
             "light": rules.light(row.gap, False, model.site.lights),
             "detail": f"{row.projects} 个项目，完成 {fmt.wan(row.completed)} / 计划 {fmt.wan(row.plan)} 万元"}
            for row in groups.sort_values("rate", ascending=False, na_position="last").itertuples()]
    latest = model.bulletins[-1] if model.bulletins else None
    return Page(urls.home(), "home.md.j2", {
        "years": year_links(model, model.year, urls.year_page),
        "headline": headline_view(now.headline, model.month), "visits": visits_view(model.visits),
        "category_chart": charts.bar_rows(bars, now.headline.time_progress),
        "red_projects": red[:HOME_LIST], "red_count": len(red), "red_url": urls.facet("light", "red"),
        "latest": latest and {"title": f"《{model.site.county}重点项目建设通报》{latest.title}",
                              "url": urls.bulletin(latest.year, latest.number),
                              "date": fmt.cn_date(latest.meeting.date), "month": fmt.cn_month(latest.month)},
        "changes": changed[:HOME_LIST], "change_count": len(changed),
        "map": map_view(model, now, now.projects, urls.home()),
    }, "首页", {"hide": ["navigation", "toc"], "description": meta_text(
        f"{model.site.county}{model.year}年度{now.headline.projects}个重点项目，截至{fmt.cn_month(model.month)}底"
        f"投资完成率{fmt.pct(now.headline.rate)}（序时进度{fmt.pct(now.headline.time_progress)}），"
        f"红灯{now.headline.lights['red']}个、黄灯{now.headline.lights['yellow']}个、绿灯{now.headline.lights['green']}个。"
        "每个项目的责任人、进度和问题，每月的建设通报。")})
