"""The public pages, as built from the fixture (figures known by hand) and from the sample data."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from generator.site.build import build
from generator.site.checksite import PROJECT_PAGE_BUDGET

from .conftest import edit


def html_of(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def text_of(site: Path, url: str) -> str:
    article = re.search(r"<article.*?</article>", html_of(site, url), re.S).group(0)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", article))


def test_project_page_opens_with_the_signboard(fixture_site: Path):
    html = html_of(fixture_site, "projects/alpha")
    headings = re.findall(r'<h2 id="([^"]+)"', html)
    assert headings[:2] == ["signboard", "status"]
    text = text_of(fixture_site, "projects/alpha")
    for part in ("分包领导 王一（副县长）", "责任单位 县发展改革委，责任人：张三", "建设单位 测试县城市建设投资有限公司，责任人：李四",
                 "配合单位 县自然资源局，责任人：王五", "派驻专职纪检监察员 赵六（县纪委监委）", "电话 0000-1234567"):
        assert part in text


def test_project_page_states_its_light_and_figures(fixture_site: Path):
    text = text_of(fixture_site, "projects/beta")
    assert "红灯 投资完成率 30.0%，滞后序时进度 11.7 个百分点" in text
    assert "1,000 300 30.0% 41.7%" in text  # this year's plan, completed, rate, 序时进度
    assert "总投资 3,000 万元，开工以来累计完成 300 万元，占总投资 10.0%" in text
    assert "共 3 项，已办结 2 项。" in text
    assert "☐ 施工许可：办理中" in text
    assert text.index("2021年5月") < text.index("2021年4月") < text.index("2021年3月")  # newest first


def test_milestones_mark_late_ones_with_days(fixture_site: Path):
    html = html_of(fixture_site, "projects/alpha")
    assert '<span class="late">延期 10 天完成</span>' in html
    assert '<span class="late">已逾期 11 天</span>' in html
    assert "<td>未到期</td>" in html


def test_problem_ledger_on_the_project_page_lists_open_first(fixture_site: Path):
    html = html_of(fixture_site, "projects/gamma")
    assert '<tr class="overdue"><td>施工人员不足' in html
    assert '<span class="late">逾期 31 天</span>' in html
    assert 'href="../../inspections/2021-04-15-inspection/"' in html  # the meeting that raised it


def test_visits_compliance_and_links(fixture_site: Path):
    text = text_of(fixture_site, "projects/alpha")
    assert "已过 13 周，其中 3 周有现场办公，达标率 23.1%" in text
    assert "所属产业链： 食品产业链" in text
    html = html_of(fixture_site, "projects/beta")
    assert 'href="../../bulletins/2021/3/"' in html


def test_progress_chart_has_text_labels_and_a_table_of_its_figures(fixture_site: Path):
    html = html_of(fixture_site, "projects/alpha")
    chart = re.search(r'<div class="pchart".*?</svg>.*?</div></div>', html, re.S).group(0)
    assert 'role="img"' in chart and "aria-label=" in chart
    svg = re.search(r"<svg.*?</svg>", chart, re.S).group(0)
    assert "<text" not in svg  # the labels are HTML text, which follows the reader's text size
    assert 'class="chart-bar light-green"' in svg  # alpha is green: its bars too
    assert "<span style=\"left:45.83%\">6月</span>" in chart
    table = re.search(r'<details class="chart-data"[^>]*>.*?</details>', html, re.S).group(0)
    assert "<tr><td>5月</td><td>50.0%</td><td>41.7%</td></tr>" in table
    assert "<script" not in chart


def test_printable_card_has_the_qr_code_of_the_public_page(fixture_site: Path):
    card = (fixture_site / "projects" / "alpha" / "card" / "index.html").read_text(encoding="utf-8")
    assert "https://example.org/zdxm/projects/alpha/" in card
    assert re.search(r'<svg[^>]*class="qr"', card)
    assert "<script" not in card and "@page" not in card  # print rules live in card.css
    assert 'href="../../../assets/card.css"' in card
    assert "A4" in (fixture_site / "assets" / "card.css").read_text(encoding="utf-8")


def test_project_list_and_static_facets(fixture_site: Path):
    html = html_of(fixture_site, "projects")
    assert html.count("<tr data-category=") == 5
    assert '<table class="projects" data-filter>' in html
    for url, count in (("projects/by-category/industry", 2), ("projects/by-kind/new", 2),
                       ("projects/by-light/red", 2), ("projects/by-leader/l-wang", 2), ("projects/by-area/west", 2)):
        assert html_of(fixture_site, url).count("<tr data-category=") == count, url
    text = text_of(fixture_site, "projects/by-leader/l-wang")
    assert "3,200 1,500 46.9%" in text
    assert "合计已过 26 个项目周，其中 3 个有分包领导或责任单位现场办公，达标率 11.5%" in text


def test_ledger_groups_by_unit_with_counts(fixture_site: Path):
    text = text_of(fixture_site, "ledger")
    assert "台账共有问题 3 个：未解决 2 个（其中逾期 1 个），2021年内已解决 1 个" in text
    assert text.index("东城镇人民政府") < text.index("县发展改革委") < text.index("县自然资源局")  # overdue first
    assert "丙产业园项目 施工人员不足 2021-04-15 2021-04-30 逾期 31 天" in text


def test_chain_page_has_its_four_lists(fixture_site: Path):
    text = text_of(fixture_site, "chains/food")
    for part in ("链长 李二（常务副县长）", "建设检测中心", "东区食品园", "甲食品公司", "甲食品加工项目", "丙产业园项目"):
        assert part in text


def test_every_page_has_the_demo_banner_and_the_footer(fixture_site: Path):
    for url in ("", "projects/alpha", "bulletins/2021/1", "ledger", "about"):
        html = html_of(fixture_site, url)
        assert "<strong>示例数据</strong>" in html, url
        assert "测ICP备00000001号" in html and '<span class="footer-item">监督电话 <a class="contact" href="tel:00001234567">0000-1234567</a></span>' in html, url


def test_about_page_defines_the_figures_with_the_configured_thresholds(fixture_site: Path):
    text = text_of(fixture_site, "about")
    assert "序时差不小于 0.0 个百分点为绿灯" in text and "小于或等于 −10.0 个百分点为红灯" in text
    assert "不是各项目完成率的平均数" in text


def test_sample_project_pages_stay_within_budget(sample_site: Path):
    sizes = {p.parent.name: p.stat().st_size for p in (sample_site / "projects").glob("*/index.html")}
    assert len(sizes) >= 52
    assert max(sizes.values()) < PROJECT_PAGE_BUDGET


def test_record_text_reaches_pages_as_text(tree: Path, tmp_path: Path):
    edit(tree, "projects/alpha.yml", "name: 甲食品加工项目", 'name: "<script>alert(1)</script> *甲* [x](javascript:y)"')
    edit(tree, "projects/alpha.yml", "description: 建设食品加工车间", 'description: "<img src=x onerror=alert(2)>"')
    build(tree, tmp_path / "site", tmp_path / "docs")
    for url in ("projects/alpha", "projects", "projects/by-category/industry", "chains/food"):
        html = html_of(tmp_path / "site", url)
        assert "<script>alert" not in html and "<img src=x" not in html and 'href="javascript' not in html, url
        assert "alert(1)" in html, url  # shown, as text
    card = (tmp_path / "site" / "projects" / "alpha" / "card" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in card


@pytest.mark.parametrize("url", ["", "projects/alpha", "bulletins/2021/3", "ledger"])
def test_headings_are_in_order(fixture_site: Path, url: str):
    levels = [int(level) for level in re.findall(r"<h([1-6])[ >]", re.search(
        r"<article.*?</article>", html_of(fixture_site, url), re.S).group(0))]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(later - earlier <= 1 for earlier, later in itertools.pairwise(levels))


def test_large_lists_stay_light_on_a_phone(tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    # a province's numbers, played by the fixture with the limits turned down
    from generator.site.pages import home, ledger

    monkeypatch.setattr(ledger, "LEDGER_ONE_PAGE", 1)
    monkeypatch.setattr(home, "HOME_LIST", 1)
    build(tree, tmp_path / "site", tmp_path / "docs")
    site = tmp_path / "site"
    index = html_of(site, "ledger")
    assert '<a href="u-town/">东城镇人民政府</a></td><td class="num">2</td><td class="num">1</td><td class="num">1</td>' in index
    assert "施工人员不足" not in index  # the problems themselves are on the unit's own page
    assert "丙产业园项目 施工人员不足 2021-04-15 2021-04-30 逾期 31 天" in text_of(site, "ledger/u-town")
    home_text = text_of(site, "")
    assert "以上是 2 个红灯项目中的前 1 个" in home_text and "本月共有 5 项变化，以上是前 1 项" in home_text
    assert 'href="projects/by-light/red/"' in html_of(site, "")


def test_rows_read_from_whole_columns_are_the_rows_pandas_gives():
    import pandas as pd

    from generator.site.pages.common import records, records_by_index

    frame = pd.DataFrame({
        "id": ["a", "b", None], "note": pd.array(["a", None, "c"], dtype="string"),
        "rank": pd.array([1, None, 3], dtype="Int64"), "plan": [1.5, float("nan"), 3.0], "count": [1, 2, 3],
        "due": pd.to_datetime(["2021-03-20", None, "2021-12-31"]), "owners": [("u1",), ("u1", "u2"), ()],
        "open": [True, False, True],
    }, index=["x", "y", "z"])
    assert repr(records(frame)) == repr(frame.to_dict("records"))
    assert repr(records_by_index(frame)) == repr(frame.to_dict("index"))
    assert [type(value) for value in records(frame)[0].values()] == \
        [type(value) for value in frame.to_dict("records")[0].values()]


def test_a_pinned_month_shows_a_problem_as_it_stood_then(tree: Path, tmp_path: Path):
    # beta's 征迁未完成 was resolved on 2021-05-05 (已完成征迁): at April's end it was open and overdue
    edit(tree, "site.yml", "visits_since: 2021-03-01", "visits_since: 2021-03-01\nreporting_month: 2021-04")
    build(tree, tmp_path / "site", tmp_path / "docs")
    page = (tmp_path / "site" / "projects" / "beta" / "index.html").read_text(encoding="utf-8")
    row = re.search(r"<tr class=\"(\w+)\"><td>征迁未完成.*?</tr>", page).group(0)
    assert row.startswith('<tr class="overdue">') and "逾期 20 天" in row
    assert "已完成征迁" not in page and "2021-05-05" not in page


def test_the_home_page_shows_the_county_wide_on_site_office_compliance(fixture_site: Path):
    home = re.sub(r"<[^>]+>", "", (fixture_site / "index.html").read_text(encoding="utf-8"))
    assert "现场办公达标率4.6%已过 65 个项目周，其中 3 个有分包领导或责任单位现场办公" in home
