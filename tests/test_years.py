"""Years, and what was published staying published.

On the fixture tree (one year, bulletins 第1–3期 issued in `tests/fixtures/content/issued/`): adding a project,
correcting a past month, changing a light threshold and removing a project from the list leave every issued
bulletin's text as it was, and each change that touches a figure one printed appears as a dated 更正 note on it
and on the project's page. On the sample (2021 and 2022 to March): the earlier year stays browsable as it
ended, bulletins are numbered per year at addresses naming the year and the issue, and the old addresses lead
there. `new-year` and `convert-years` are run as the office runs them.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from generator.figures.model import build_model
from generator.site.build import build

from .conftest import FIXTURE, edit, loaded
from .test_staff_workflow import run

ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)
CORRECTIONS = re.compile(r'<div class="admonition note corrections".*?</div>\n', re.S)


@pytest.fixture
def dated(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1623456000")  # 2021-06-12: the build's day, as a commit pins it


def _bulletins(tree: Path, out: Path) -> dict[int, tuple[str, str]]:
    """Each 2021 bulletin page's text as issued (its corrections taken out) and its corrections."""
    build(tree, out / "site", out / "docs")
    pages = {}
    for number in (1, 2, 3):
        html = (out / "site" / "bulletins" / "2021" / str(number) / "index.html").read_text(encoding="utf-8")
        article = ARTICLE.search(html).group(1)
        notes = "".join(CORRECTIONS.findall(article))
        pages[number] = (re.sub(r"\s+", " ", CORRECTIONS.sub("", article)), notes)
    return pages


@pytest.fixture(scope="module")
def as_issued(tmp_path_factory) -> dict[int, tuple[str, str]]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1623456000")
        return _bulletins(FIXTURE, tmp_path_factory.mktemp("issued"))


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def test_the_fixture_bulletins_are_issued_and_say_nothing_of_corrections(as_issued):
    assert all(notes == "" for _, notes in as_issued.values())
    assert "截至2021年3月底，全县5个重点项目" in _text(as_issued[1][0])


def test_adding_a_project_changes_no_issued_bulletin_and_is_shown_as_a_dated_correction(
        capsys, dated, tree, tmp_path, as_issued):
    shutil.copy(tree / "projects" / "gamma.yml", tree / "projects" / "zeta.yml")
    edit(tree, "projects/zeta.yml", "id: gamma", "id: zeta")
    edit(tree, "projects/zeta.yml", "name: 丙产业园项目", "name: 己物流园项目")
    pages = _bulletins(tree, tmp_path / "before-issue")
    for number in (1, 2, 3):
        issued, notes = pages[number]
        assert issued == as_issued[number][0]  # not one character of what was issued changed
        assert "2021年6月12日（据最新记录，待登记）" in notes  # shown at once, dated by the build until recorded
        assert "重点项目个数：原载“5”，现为“6”" in _text(notes)
        assert "己物流园项目 列入年度名单：原载“未列入”，现为“列入”" in _text(notes)

    code, out, err = run(capsys, "issue", "--date", "2021-06-15", "--content", str(tree))
    assert code == 0, err
    written = sorted((tree / "issued" / "corrections").glob("*.json"))
    assert len(written) == 1 and written[0].name.startswith("2021-06-15-")
    record = json.loads(written[0].read_text(encoding="utf-8"))
    assert sorted(record["documents"]) == ["bulletins/2021-01", "bulletins/2021-02", "bulletins/2021-03"]
    code, out, _ = run(capsys, "issue", "--date", "2021-06-16", "--content", str(tree))
    assert code == 0 and "没有需要印发或登记更正的" in out  # recorded once
    assert len(list((tree / "issued" / "corrections").glob("*.json"))) == 1

    pages = _bulletins(tree, tmp_path / "after-issue")
    assert all(pages[n][0] == as_issued[n][0] for n in (1, 2, 3))
    assert "2021年6月15日：本件印发后，有关记录作了以下更正；正文保持印发时的原样。" in _text(pages[1][1])
    project = (tmp_path / "after-issue" / "site" / "projects" / "zeta" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"更正（2021年6月15日）：<a [^>]*>测试县重点项目建设通报 2021年第1期</a>所载本项目列入年度名单"
                     r"原为“未列入”，现为“列入”", project)
    assert "提到本项目的通报" not in project  # the issued bulletins never named it


def test_a_corrected_past_month_is_a_correction_of_the_bulletins_that_printed_it(dated, tree, tmp_path, as_issued):
    edit(tree, "projects/alpha.yml", "{month: 2021-04, completed: 400", "{month: 2021-04, completed: 450")
    pages = _bulletins(tree, tmp_path)
    assert all(pages[n][0] == as_issued[n][0] for n in (1, 2, 3))
    assert pages[1][1] == ""  # March's bulletin printed nothing of April
    april = _text(pages[2][1])
    assert "甲食品加工项目 本年累计完成投资（万元）：原载“400”，现为“450”" in april
    assert "本年累计完成投资：原载" in april  # the county's total, too
    assert "甲食品加工项目 本年累计完成投资（万元）" not in _text(pages[3][1])  # May's figure was 600 all along
    project = (tmp_path / "site" / "projects" / "alpha" / "index.html").read_text(encoding="utf-8")
    assert "所载本项目本年累计完成投资（万元）原为“400”，现为“450”" in _text(project)


def test_a_changed_threshold_applies_from_now_on_and_corrects_nothing(capsys, dated, tree, tmp_path, as_issued):
    site = tree / "site.yml"
    site.write_text(site.read_text(encoding="utf-8") + "lights:\n  red_at: -2\n  green_from: 5\n", encoding="utf-8")
    pages = _bulletins(tree, tmp_path)
    assert all(pages[n] == (as_issued[n][0], "") for n in (1, 2, 3))
    code, out, _ = run(capsys, "issue", "--content", str(tree))
    assert code == 0 and "没有需要印发或登记更正的" in out
    assert build_model(loaded(tree)).now.headline.lights != build_model(loaded(FIXTURE)).now.headline.lights


def test_a_project_removed_from_the_list_stays_in_what_was_issued(dated, tree, tmp_path, as_issued):
    (tree / "projects" / "epsilon.yml").unlink()
    pages = _bulletins(tree, tmp_path)
    for number in (1, 2, 3):
        assert pages[number][0] == as_issued[number][0]
        notes = _text(pages[number][1])
        assert "重点项目个数：原载“5”，现为“4”" in notes
        assert "戊文化中心项目 列入年度名单：原载“列入”，现为“未列入”" in notes


def test_an_earlier_dispatch_meeting_deleted_would_renumber_issued_bulletins_and_is_refused(tree):
    (tree / "meetings" / "2021-04-05-dispatch.yml").unlink()
    messages = {(e.file.rsplit("/", 1)[-1], e.message) for e in loaded(tree).errors}
    assert ("2021-01.json", "已印发的通报2021年第1期依据的会议记录 2021-04-05-dispatch 不存在（期望 content/meetings/"
            "2021-04-05-dispatch.yml；已印发的通报不能撤回，请恢复它）") in messages
    assert any(name == "2021-02.json" and message.startswith("已印发的通报期号不能改变（期望 2021年第2期，按现在的会议记录是"
                                                             " 2021年第1期") for name, message in messages)


# ---- an earlier year, browsable as it ended -----------------------------------------------------------------


def test_the_sample_numbers_bulletins_per_year(sample_model):
    numbers = [(b.year, b.number, b.month) for b in sample_model.bulletins]
    assert numbers[-3:] == [(2021, 9, "2021-12"), (2022, 1, "2022-01"), (2022, 2, "2022-02")]
    assert [n for y, n, _ in numbers if y == 2021] == list(range(1, 10))


def test_an_earlier_year_keeps_its_lists_bulletins_and_year_end_figures(sample_site: Path, sample_model):
    assert sample_model.year == 2022 and sample_model.past_years == [2021]
    overview = (sample_site / "2021" / "index.html").read_text(encoding="utf-8")
    year_end = sample_model.year_end(2021)
    assert f"{year_end.headline.projects}" in _text(overview)
    listing = (sample_site / "2021" / "projects" / "index.html").read_text(encoding="utf-8")
    links = set(re.findall(r'href="\.\./\.\./projects/([a-z0-9-]+)/"', listing))
    assert links == set(year_end.projects.index)  # 2021's list, completed projects among them
    assert "farmland-south" in links and "xiangjiang-road" not in links  # finished in 2021; new in 2022
    current = (sample_site / "projects" / "index.html").read_text(encoding="utf-8")
    assert "projects/farmland-south/" not in current and "projects/xiangjiang-road/" in current
    assert (sample_site / "bulletins" / "2021" / "9" / "index.html").is_file()
    assert (sample_site / "bulletins" / "2022" / "1" / "index.html").is_file()
    ledger = _text((sample_site / "2021" / "ledger" / "index.html").read_text(encoding="utf-8"))
    assert "截至2021年12月31日，台账共有问题" in ledger  # the ledger as it stood at the year's end
    for folder, kind in (("reviews", "review"), ("inspections", "inspection")):  # listed by year, each at its date
        listing = (sample_site / folder / "index.html").read_text(encoding="utf-8")
        assert '<h2 id="y2022">2022年</h2>' in listing and '<h2 id="y2021">2021年</h2>' in listing
        for meeting_id, meeting in sample_model.content.meetings.items():
            if meeting.kind == kind:
                assert f"href=\"{meeting_id}/\"" in listing and (sample_site / folder / meeting_id).is_dir()


def test_the_addresses_bulletins_had_before_lead_to_them(sample_site: Path):
    old = (sample_site / "bulletins" / "2021-09" / "index.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=../2021/9/">' in old
    assert '<link rel="canonical" href="https://zdxm.example.cn/bulletins/2021/9/">' in old
    assert '<a href="../2021/9/">郸城县重点项目建设通报 2021年第9期</a>' in old  # without automatic redirects
    assert '<link rel="icon" href="../../assets/images/favicon.png">' in old  # or the browser asks /favicon.ico
    assert (sample_site / "assets" / "images" / "favicon.png").is_file()


def test_a_project_page_shows_each_year_it_was_on_the_list(sample_site: Path, sample_model):
    page = _text((sample_site / "projects" / "hengyuan-food" / "index.html").read_text(encoding="utf-8"))
    project = sample_model.content.projects["hengyuan-food"]
    assert [entry.year for entry in project.years] == [2021, 2022]
    for entry in project.years:
        assert f"{entry.year}年" in page
    assert "开工以来累计完成" in page and "总投资" in page
    finished = _text((sample_site / "projects" / "farmland-south" / "index.html").read_text(encoding="utf-8"))
    assert "2021" in finished and "竣工" in finished


# ---- new-year and convert-years ---------------------------------------------------------------------------------


def test_new_year_carries_the_unfinished_projects_and_then_the_months_of_the_year_work(capsys, tree, tmp_path):
    edit(tree, "projects/alpha.yml", "years: [{year: 2021, kind: 续建, annual_plan: 1200}]",
         "years: [{year: 2021, kind: 续建, annual_plan: 1200}]\nactual_completion: 2021-11-30")
    code, _, err = run(capsys, "report-template", "--month", "2022-01", "--content", str(tree),
                       "-o", str(tmp_path / "t.xlsx"))
    assert code != 0 and "2022" in err
    before = {p.name: p.read_text(encoding="utf-8") for p in (tree / "projects").glob("*.yml")}
    code, out, err = run(capsys, "new-year", "2022", "--content", str(tree))
    assert code == 0, err
    assert out.startswith("已把 4 个项目结转到 2022 年度名单：")
    carried = out[:out.index("接下来")]
    assert "  alpha（" not in carried and "alpha（甲食品加工项目，2021-11-30 竣工）" in carried  # completed in 2021
    projects = loaded(tree).projects
    assert projects["alpha"].on_list(2022) is None
    assert projects["beta"].on_list(2022).kind == "续建"  # started in 2021
    assert projects["epsilon"].on_list(2022).kind == "前期"  # still preparing
    assert all(projects[p].on_list(2022).annual_plan is None for p in ("beta", "gamma", "delta", "epsilon"))
    for name, text in before.items():  # the years list gained a line (written one item a line), nothing else
        after = (tree / "projects" / name).read_text(encoding="utf-8")
        if name == "alpha.yml":
            assert after == text
            continue
        added = [line for line in after.splitlines() if line not in text.splitlines()]
        assert added[0] == "years:" and added[-1].startswith("  - {year: 2022, kind: ") and added[-1].endswith(
            "annual_plan: }  # ← 请填写 2022 年度计划投资（万元）；计划下达前可以空着"), added
        assert [line for line in after.splitlines() if line not in added] == [
            line for line in text.splitlines() if not line.startswith("years:")]
    again = {p.name: p.read_text(encoding="utf-8") for p in (tree / "projects").glob("*.yml")}
    code, out, _ = run(capsys, "new-year", "2022", "--content", str(tree))
    assert code == 0 and {p.name: p.read_text(encoding="utf-8") for p in (tree / "projects").glob("*.yml")} == again
    code, out, err = run(capsys, "report-template", "--month", "2022-01", "--content", str(tree),
                         "-o", str(tmp_path / "t.xlsx"))
    assert code == 0 and "（4 个项目，2022-01）" in out, err
    assert loaded(tree).errors == []
    assert build_model(loaded(tree)).year == 2021  # no 2022 month is closed yet: the site speaks of 2021


def test_convert_years_turns_single_year_records_into_the_years_layout(capsys, tmp_path):
    old = tmp_path / "content"
    shutil.copytree(FIXTURE.parent / "single-year", old)
    errors = loaded(old).errors
    assert errors and all("convert-years" in e.message for e in errors if "year" in e.key or "annual_plan" in e.key)
    code, _, err = run(capsys, "convert-years", "--content", str(old))
    assert code == 0, err
    assert loaded(old).errors == []
    converted, fixture = build_model(loaded(old)), build_model(loaded(FIXTURE))
    assert converted.month == fixture.month
    assert converted.now.headline == fixture.now.headline
    assert converted.now.projects[["plan", "completed", "rate", "light"]].equals(
        fixture.now.projects[["plan", "completed", "rate", "light"]])


def test_a_month_outside_every_year_and_a_project_on_no_list_are_named(tree):
    edit(tree, "projects/gamma.yml", "{month: 2021-05, completed: 900", "{month: 2023-05, completed: 900")
    edit(tree, "projects/epsilon.yml", "years: [{year: 2021, kind: 前期, annual_plan: 0}]", "years: []")
    errors = {(e.file.rsplit("/", 1)[-1], e.key): e.message for e in loaded(tree).errors}
    assert errors[("gamma.yml", "progress[3].month")] == "月份不在列入重点项目名单的年度内（期望 2021 年的月份，实际 2023-05）"
    assert errors[("epsilon.yml", "years")].startswith("列入重点项目名单的年度")
