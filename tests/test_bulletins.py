"""Bulletins reproduced by hand on the fixture (three months, a late start, a project turning red to green)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from xml.etree import ElementTree as ET

from generator.figures.model import build_model
from generator.site.pages.bulletins import bulletin_context, overview
from generator.site.pages.summaries import summary_views

from .conftest import FIXTURE, edit, loaded


def bulletin(model, number: int):
    return next(b for b in model.bulletins if b.number == number)


def page_text(site: Path, url: str) -> str:
    html = (site / url / "index.html").read_text(encoding="utf-8")
    article = re.search(r"<article.*?</article>", html, re.S).group(0)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", article))


def test_numbering_follows_the_dispatch_meetings_in_order(fixture_model):
    assert [(b.title, b.month, b.meeting_id) for b in fixture_model.bulletins] == [
        ("2021年第1期", "2021-03", "2021-04-05-dispatch"),
        ("2021年第2期", "2021-04", "2021-05-06-dispatch"),
        ("2021年第3期", "2021-05", "2021-06-07-dispatch"),
    ]


def test_overview_of_april(fixture_model):
    # completed 400 + 50 + 500 + 200 + 0 = 1150 of 5000 = 23 %; 序时 4/12 = 33.3 % as printed, so 10.3 points behind
    assert overview(fixture_model, bulletin(fixture_model, 2)) == (
        "截至2021年4月底，全县5个重点项目总投资1.84 亿元，年度计划投资5,000 万元，本年累计完成投资1,150 万元，"
        "占年度计划的23.0%，滞后序时 10.3 个百分点（序时进度33.3%）。新开工项目应开工1个、已开工0个，开工率0.0%；"
        "联审联批事项10项、已办结5项，完成率50.0%。红灯项目1个、黄灯2个、绿灯1个。"
    )


def test_as_of_rule_no_later_data_leaks_into_april(fixture_model):
    april = bulletin(fixture_model, 2)
    _, not_started = april.starts()
    assert list(not_started["id"]) == ["beta"]  # it starts on 10 May
    raised, resolved = april.problems_between()
    assert list(raised["project"]) == ["gamma"]  # delta's problem of 20 May is not there
    assert resolved.empty  # beta's problem is resolved on 5 May
    assert april.snap.projects.loc["delta", "completed"] == 200
    overdue = april.overdue_by_unit()
    assert list(zip(overdue["owner"], overdue["days_overdue"], strict=True)) == [("u-res", 20), ("u-town", 20)]


def test_lagging_projects_are_tagged(fixture_model):
    tags = dict(zip(bulletin(fixture_model, 2).lagging()["id"], bulletin(fixture_model, 2).lagging()["tag"],
                    strict=True))
    assert tags == {"beta": "开工滞后", "gamma": "投资滞后", "delta": "投资滞后"}
    may = bulletin(fixture_model, 3).lagging()
    assert dict(zip(may["id"], may["tag"], strict=True)) == {"beta": "投资滞后", "delta": "投资滞后"}


def test_every_section_lists_units_in_the_order_of_units_yml(tree: Path):
    """A county's documents name its units in its own order, the one its units.yml keeps, not by code or name."""
    edit(tree, "projects/delta.yml", "progress:\n  - {month: 2021-04, completed: 200, image: 前期准备}", "progress: []")

    def sections() -> list[list[str]]:
        model = build_model(loaded(tree))
        context = bulletin_context(model, bulletin(model, 2))
        return [[group["unit"] for group in context["lagging"]], [group["unit"] for group in context["overdue"]],
                [row["unit"] for row in context["reporting"]["missing"]]]

    assert sections() == [["县发展改革委", "东城镇人民政府"], ["县自然资源局", "东城镇人民政府"],
                          ["县自然资源局", "东城镇人民政府"]]  # delta's unit did not report April, nor epsilon's
    units = tree / "units.yml"
    header, *listed = units.read_text(encoding="utf-8").splitlines(keepends=True)
    units.write_text(header + "".join(reversed(listed)), encoding="utf-8")
    assert sections() == [["东城镇人民政府", "县发展改革委"], ["东城镇人民政府", "县自然资源局"],
                          ["东城镇人民政府", "县自然资源局"]]


def test_light_changes_against_the_previous_bulletin(fixture_model):
    assert bulletin(fixture_model, 1).light_changes().empty
    april = bulletin(fixture_model, 2).light_changes()
    assert set(zip(april["id"], april["before"], april["after"], strict=True)) == {
        ("gamma", "red", "yellow"), ("delta", "red", "yellow")}
    may = bulletin(fixture_model, 3).light_changes()
    assert set(zip(may["id"], may["before"], may["after"], strict=True)) == {
        ("gamma", "yellow", "green"), ("delta", "yellow", "red")}


def test_problems_between_bulletins_in_may(fixture_model):
    raised, resolved = bulletin(fixture_model, 3).problems_between()
    assert list(raised["project"]) == ["delta"]
    assert list(resolved["project"]) == ["beta"]


def test_decision_follow_up_as_of_the_bulletin_issue_date(fixture_model, tree):
    """Overdue days are counted to the bulletin's issue date (the meeting, 6 May): the deadline was 25 April."""
    follow_ups = bulletin(fixture_model, 2).follow_ups
    assert [(f.decision.text, f.done, f.overdue, f.days_overdue) for f in follow_ups] == [
        ("办理乙道路施工许可", False, True, 11),
        ("完成乙道路征迁", True, False, 0),
    ]
    # done on 3 May, after April's end but before the bulletin was issued on 6 May: shown done
    edit(tree, "meetings/2021-04-05-dispatch.yml", "projects: [beta]}", "projects: [beta], status: 已完成, done: 2021-05-03}")
    edited = build_model(loaded(tree))
    states = [(f.decision.text, f.done, f.overdue) for f in edited.bulletins[1].follow_ups]
    assert ("办理乙道路施工许可", True, False) in states
    assert bulletin(fixture_model, 1).follow_ups == []  # nothing was decided before the first meeting


def test_unit_ranking_in_the_april_bulletin(fixture_model):
    ranking = bulletin_context(fixture_model, bulletin(fixture_model, 2))["ranking"]
    assert [(r["rank"], r["name"], r["rate"], r["red"]) for r in ranking] == [
        (1, "东城镇人民政府", "25.0%", 0), (2, "县发展改革委", "20.5%", 1)]


def test_attendance_and_criticism_in_the_first_bulletin(fixture_site: Path):
    text = page_text(fixture_site, "bulletins/2021/1")
    assert "请假：县自然资源局（外出学习）" in text
    assert "缺席 ：东城镇人民政府。按照通知要求，对无故缺席的单位予以通报批评。" in text
    assert "批评 东城镇人民政府：无故缺席调度例会" in text


def test_bulletin_page_shows_the_figures_as_issued(fixture_site: Path, fixture_model):
    text = page_text(fixture_site, "bulletins/2021/3")
    issued = json.loads((FIXTURE / "issued" / "bulletins" / "2021-03.json").read_text(encoding="utf-8"))
    # issued before percentages were printed with one decimal: what it said stands, in its own words
    assert issued["page"]["overview"] in text and "滞后序时 1.67 个百分点" in text
    assert overview(fixture_model, bulletin(fixture_model, 3)) not in text
    assert "丙产业园项目 东城镇人民政府 黄灯 绿灯" in text  # turned green in May
    assert "表扬 丙产业园项目 ：进度由红灯转为绿灯" in text


def test_bulletin_list_is_newest_first_and_the_feed_too(fixture_site: Path):
    listing = (fixture_site / "bulletins" / "index.html").read_text(encoding="utf-8")
    positions = [listing.index(f"2021/{n}/") for n in (3, 2, 1)]
    assert positions == sorted(positions)
    feed = ET.parse(fixture_site / "bulletins" / "feed.xml").getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    ids = [entry.find("a:id", ns).text for entry in feed.findall("a:entry", ns)]
    assert ids == [f"https://example.org/zdxm/bulletins/2021/{n}/" for n in (3, 2, 1)]
    assert feed.find("a:updated", ns).text == "2021-06-07T00:00:00+08:00"  # from the records, not the clock


def test_summaries_appear_only_when_their_month_has_data(fixture_model, sample_model):
    assert summary_views(fixture_model) == []  # May: no half-year summary yet
    titles = [view.title for view in summary_views(sample_model)]
    assert titles == ["2021年度重点项目建设总评", "2021年上半年重点项目建设小结"]  # newest first
