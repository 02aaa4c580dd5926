"""Issue 17 on the built pages (no browser): no "nan" anywhere, one precision rule, list order and columns, a
description for every page, a Chinese 404 page, an index page for every facet folder, search entries that carry
the signboard's people, and README's screenshots. The browser's side is tests/browser/test_phone_pages.py."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from generator import urls
from generator.figures import fmt, rules
from generator.site.pages.common import list_order, pinyin_key, project_rows
from generator.site.search import project_entries

from .conftest import ROOT

# scripts and styles are not shown; <code> is a literal for engineers (the data page names JSON's null)
_SCRIPT_OR_STYLE = re.compile(r"<(script|style|code)\b.*?</\1\s*>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")
_SHOWN_ATTRIBUTE = re.compile(r'\b(?:alt|title|aria-label|placeholder|content)="([^"]*)"')
# what a missing value looks like when it slips through Python, pandas or JavaScript
_MISSING = re.compile(r"(?<![A-Za-z])(nan|NaN|None|NaT|undefined|null)(?![A-Za-z])")


def shown_text(page: str) -> str:
    """What a reader sees or hears of a page: its text and the attributes that are read out."""
    page = _SCRIPT_OR_STYLE.sub(" ", page)
    return html.unescape(_TAG.sub(" ", page) + " " + " ".join(_SHOWN_ATTRIBUTE.findall(page)))


@pytest.mark.parametrize("built", ["fixture_site", "sample_site"])
def test_no_page_shows_a_missing_value_as_nan_none_or_null(built: str, request: pytest.FixtureRequest):
    site: Path = request.getfixturevalue(built)
    found = []
    for path in sorted(site.rglob("*.html")):
        for match in _MISSING.finditer(shown_text(path.read_text(encoding="utf-8"))):
            found.append(f"{path.relative_to(site)}: {match.group()}")
    assert len(list(site.rglob("*.html"))) > 50
    assert not found, found[:20]


def test_every_page_has_a_description_of_its_own(sample_site: Path, sample_model):
    missing, generic = [], []
    for path in sorted(sample_site.rglob("index.html")):
        page = path.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in page or "<article" not in page:
            continue  # redirects and the printable cards are not pages to be found
        match = re.search(r'<meta name="description" content="([^"]+)"', page)
        if not match:
            missing.append(str(path.relative_to(sample_site)))
        elif "重点项目建设情况公开：每个项目" in match.group(1):  # the site-wide default
            generic.append(str(path.relative_to(sample_site)))
    assert not missing and not generic, (missing, generic)
    project = sample_model.now.projects.iloc[0]
    page = (sample_site / urls.project(project["id"]) / "index.html").read_text(encoding="utf-8")
    description = html.unescape(re.search(r'<meta name="description" content="([^"]+)"', page).group(1))
    assert description.startswith(f"{project['name']}：{rules.LIGHT_NAMES[project['light']]}，{project['reason'][:10]}")


def test_the_404_page_is_chinese_and_leads_back(sample_site: Path):
    page = (sample_site / "404.html").read_text(encoding="utf-8")
    assert "找不到这个页面" in page and "Not found" not in page
    assert re.search(r'<a href="/">回到首页</a>', page)
    assert '<a href="/projects/">' in page


def test_every_facet_folder_has_an_index_page(sample_site: Path, sample_model):
    folders = [path for path in sample_site.rglob("by-*") if path.is_dir()]
    assert len(folders) >= len(urls.FACETS)
    for folder in folders:
        page = (folder / "index.html").read_text(encoding="utf-8")
        links = re.findall(r'<li><a href="([^"]+)/">', page)
        values = sorted(path.name for path in folder.iterdir() if path.is_dir())
        assert sorted(link.rsplit("/", 1)[-1] for link in links) == values, folder


def test_lists_put_red_first_then_the_furthest_behind_and_names_in_pinyin(fixture_model, sample_model):
    for model in (fixture_model, sample_model):
        ordered = list_order(model.now.projects)
        keys = [(["red", "yellow", "green", "none"].index(light), float("inf") if rules.missing(gap) else gap)
                for light, gap in zip(ordered["light"], ordered["gap"], strict=True)]
        assert keys == sorted(keys)
        assert [row["id"] for row in project_rows(model.now, ordered)] == list(ordered["id"])
    assert sorted(["重庆路", "长春路", "安阳路"], key=pinyin_key) == ["安阳路", "长春路", "重庆路"]  # an, chang, chong


def test_a_facet_page_drops_its_column_and_units_are_in_pinyin_order(sample_site: Path, sample_model):
    area = sample_model.now.projects["area"].iloc[0]
    page = (sample_site / urls.facet("area", area) / "index.html").read_text(encoding="utf-8")
    assert '<table class="projects drop-area">' in page
    listing = (sample_site / urls.projects() / "index.html").read_text(encoding="utf-8")
    facets = listing[listing.index("按责任单位"):listing.index("按分包领导")]
    names = [html.unescape(name).rsplit(" ", 1)[0] for name in re.findall(r'by-unit/[^"]+/">([^<]+)</a>', facets)]
    assert len(names) > 5 and names == sorted(names, key=pinyin_key)


def test_every_gap_printed_is_the_difference_of_the_printed_rates(fixture_site: Path, sample_site: Path):
    for site in (fixture_site, sample_site):
        text = shown_text((site / "index.html").read_text(encoding="utf-8"))
        found = re.search(r"投资完成率\s+([\d.]+)%\s+序时进度 ([\d.]+)%，(.+?个百分点|与序时持平)", text)
        rate, progress, phrase = found.groups()
        assert phrase == rules.gap_phrase(round(float(rate) - float(progress), 1)), (rate, progress, phrase)


def project_rows_of(site: Path) -> list[tuple[str, str]]:
    """(rate, gap) of each row of the project list as printed."""
    page = (site / urls.projects() / "index.html").read_text(encoding="utf-8")
    rows = re.findall(r'<td class="num">([\d.]+)%</td><td class="num">([−+]?[\d.]+)</td>', page)
    assert rows
    return rows


def test_list_gaps_are_the_printed_rate_minus_the_printed_time_progress(sample_site: Path, sample_model):
    progress = float(fmt.pct(rules.time_progress(sample_model.month))[:-1])
    for rate, gap in project_rows_of(sample_site):
        assert float(gap.replace("−", "-")) == pytest.approx(round(float(rate) - progress, 1), abs=1e-9), (rate, gap)


def test_search_entries_carry_the_signboard_people_as_whole_words(fixture_model):
    alpha = next(entry for entry in project_entries(fixture_model) if entry["location"] == urls.project("alpha"))
    assert alpha["tags"] == ["王一", "张三", "李四", "王五", "赵六"]
    assert "责任人\u200b张三" in alpha["text"]  # a sentence of the signboard, segmented as the theme's index is


def test_readme_opens_with_screenshots_that_exist():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    chinese = readme.split("## For engineers", 1)[0]
    images = re.findall(r"!\[([^\]]+)\]\(([^)]+)\)", chinese)
    assert len(images) >= 2
    assert chinese.index(images[0][1]) < chinese.index("## 两条命令")  # before anything else
    for alt, target in images:
        assert alt and (ROOT / target).is_file(), target
        assert (ROOT / target).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
