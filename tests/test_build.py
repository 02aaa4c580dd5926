"""The whole pipeline: the sample data builds a site; a failed build leaves the previous site untouched."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.figures.fmt import money, pct
from generator.figures.rules import gap_phrase
from generator.records.errors import ContentInvalid
from generator.site.budget import MARKDOWN_BUDGET, THEME_ALLOWANCE
from generator.site.build import build
from generator.site.checksite import PROJECT_PAGE_BUDGET
from generator.site.outputs import MARKER

from .conftest import ROOT, edit


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_sample_site_has_every_project_and_the_headline_figures(sample_site: Path, sample_model):
    projects = sorted(p.parent.name for p in (sample_site / "projects").glob("*/index.html")
                      if not p.parent.name.startswith(("by-", "page-")))
    assert projects == sorted(sample_model.public_ids) == sorted(sample_model.content.projects)
    assert len(projects) == 56  # the 52 of 2021, and the 4 that joined in 2022
    home = text_of((sample_site / "index.html").read_text(encoding="utf-8"))
    headline = sample_model.now.headline
    for figure in (f"{headline.projects} 个", money(headline.total), money(headline.plan), money(headline.completed),
                   pct(headline.rate), gap_phrase(headline.gap), pct(headline.start.value),
                   pct(headline.approvals.value)):
        assert figure in home, figure


def test_sample_site_is_chinese_with_system_fonts_and_demo_banner(sample_site: Path):
    home = (sample_site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh"' in home
    assert "fonts.googleapis" not in home and "fonts.gstatic" not in home
    assert "示例数据" in home


def test_navigation_lists_sections_not_projects(sample_site: Path):
    home = (sample_site / "index.html").read_text(encoding="utf-8")
    nav = re.search(r'<nav class="md-nav md-nav--primary[^"]*".*?</nav>', home, re.S).group(0)
    assert "projects/hengyuan-food/" not in nav
    assert nav.count('class="md-nav__link') < 30


def test_search_index_finds_a_project_by_a_chinese_word(sample_site: Path):
    index = (sample_site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "projects/hengyuan-food/" in index
    # jieba segmented the name with zero-width spaces, so a single word is its own token
    assert "\\u901f\\u51bb\\u200b" in index or "速冻\u200b" in index


def test_failed_build_leaves_the_previous_site_untouched(tree: Path, tmp_path: Path):
    site, docs = tmp_path / "site", tmp_path / "docs"
    build(tree, site, docs)
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    edit(tree, "projects/alpha.yml", "annual_plan: 1200", "annual_plan: -1")
    with pytest.raises(ContentInvalid):
        build(tree, site, docs)
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
    assert not list(tmp_path.glob(".site.*"))  # no half-built folder left behind


def test_pages_reach_the_engine_from_memory_and_the_docs_folder_holds_only_assets(tree: Path, tmp_path: Path):
    site, docs = tmp_path / "site", tmp_path / "docs"
    (docs / "projects").mkdir(parents=True)
    (docs / "projects" / "stale.md").write_text("# 上一版留下的页面\n", encoding="utf-8")
    (docs / "assets").mkdir()
    for asset in ("site.css", "filter.js"):  # what makes it recognisable as a docs folder of an earlier build
        (docs / "assets" / asset).write_text("/* 上一版 */", encoding="utf-8")
    result = build(tree, site, docs)
    assert {p.relative_to(docs).parts[0] for p in docs.rglob("*") if p.is_file()} == {"assets", MARKER}
    assert (site / "projects" / "alpha" / "index.html").is_file() and not (site / "projects" / "stale").exists()
    assert result.pages > 20


def test_build_command_says_where_the_site_is(tree: Path, tmp_path: Path):
    result = subprocess.run([sys.executable, "-m", "generator", "build", "--content", str(tree),
                             "--out", str(tmp_path / "out"), "--docs", str(tmp_path / "docs")],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert f"网站已生成：{tmp_path / 'out' / 'index.html'}" in result.stdout
    assert result.stderr == ""


def test_a_record_that_would_make_its_page_too_large_is_reported_against_the_record(tree: Path, tmp_path: Path):
    """Every text within its own limit, but together too much for a phone: the error names the record's file,
    line and key (its longest text), and nothing is built; the check of the built page never has to."""
    lines = [f"  - {{raised: 2021-03-01, text: {'征' * (1900 + number)}, owners: [u-dev], "
             f"deadline: 2021-12-31, status: 未解决}}\n" for number in range(20)]
    problems = "".join(lines)
    edit(tree, "projects/alpha.yml", "visits:", f"problems:\n{problems}visits:")
    site = tmp_path / "site"
    with pytest.raises(ContentInvalid) as raised:
        build(tree, site, tmp_path / "docs")
    (error,) = raised.value.errors
    assert error.file.endswith("projects/alpha.yml") and (error.line, error.key) == (48, "problems[20].text")
    assert error.message.startswith(f"项目页太大，手机上打开会很慢（期望 页面内容不超过 {MARKDOWN_BUDGET // 1024} KB，实际 ")
    assert not site.exists()
    edit(tree, "projects/alpha.yml", f"problems:\n{problems}", f"problems:\n{''.join(lines[:5])}")
    build(tree, site, tmp_path / "docs")  # a quarter of it is fine
    assert (site / "projects" / "alpha" / "index.html").stat().st_size < PROJECT_PAGE_BUDGET


def test_the_budget_leaves_room_for_what_the_theme_adds(sample_site: Path, sample_model):
    from generator.site.pages import all_pages
    from generator.site.render import environment, render_page

    env = environment()
    added = [(sample_site / page.url / "index.html").stat().st_size - len(render_page(env, sample_model, page).encode())
             for page in all_pages(sample_model) if page.url in {f"projects/{p}/" for p in sample_model.content.projects}]
    assert len(added) == 56 and max(added) < THEME_ALLOWANCE
