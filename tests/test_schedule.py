"""Schedule honesty (issue 17): a project past its planned completion and not complete (逾期未竣工) is flagged in
its reason, its light (red by default; configurable), the lists and the bulletin; a milestone that moved shows its
baseline and forecast dates with the slip in days.

On copies of the fixture tree, whose projects are computed by hand in tests/test_compute.py: gamma is green in
May (900 of 2000 = 45.0% against 41.7%), epsilon is 前期 with no plan (no light).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.figures.bulletin import bulletins
from generator.figures.model import build_model
from generator.records.models import Milestone
from generator.site.pages.project import milestone_state

from .conftest import edit, loaded

GAMMA_DUE = "years: [{year: 2021, kind: 续建, annual_plan: 2000}]"


def model_of(tree: Path):
    content = loaded(tree)
    assert not content.errors, content.errors
    return build_model(content)


@pytest.fixture
def late_tree(tree: Path) -> Path:
    """gamma planned to be complete by 30 April, epsilon by 28 March; neither is."""
    edit(tree, "projects/gamma.yml", GAMMA_DUE, GAMMA_DUE + "\nplanned_completion: 2021-04-30")
    edit(tree, "projects/epsilon.yml", "years:", "planned_completion: 2021-03-28\nyears:")
    return tree


def test_a_project_past_its_planned_completion_is_red_with_the_days_in_its_reason(late_tree: Path):
    model = model_of(late_tree)
    april, may = model.snapshot("2021-04").projects, model.snapshot("2021-05").projects
    assert april.loc["gamma", "light"] == "yellow" and not april.loc["gamma", "overdue"]  # due on the month's last day
    assert may.loc["gamma", "light"] == "red"  # green by its money
    assert may.loc["gamma", "days_late"] == 31
    assert may.loc["gamma", "reason"] == ("逾期未竣工：计划 2021年4月30日竣工，截至 5 月底已逾期 31 天；"
                                         "投资完成率 45.0%，超序时进度 3.3 个百分点")
    # no plan this year, which alone would light nothing: past its completion it is red all the same
    assert may.loc["epsilon", "light"] == "red"
    assert may.loc["epsilon", "reason"] == "逾期未竣工：计划 2021年3月28日竣工，截至 5 月底已逾期 64 天；本年度无计划投资"
    assert model.snapshot("2021-05").headline.lights == {"red": 4, "yellow": 0, "green": 1, "none": 0}


@pytest.mark.parametrize(("setting", "gamma", "epsilon"), [("yellow", "yellow", "yellow"),
                                                          ("investment", "green", "none")])
def test_the_light_of_a_late_project_is_a_setting(late_tree: Path, setting: str, gamma: str, epsilon: str):
    edit(late_tree, "site.yml", "demo: true", f"demo: true\nlights: {{overdue: {setting}}}")
    may = model_of(late_tree).snapshot("2021-05").projects
    assert (may.loc["gamma", "light"], may.loc["epsilon", "light"]) == (gamma, epsilon)
    assert may.loc["gamma", "reason"].startswith("逾期未竣工：")  # the words say it whatever the colour


def test_a_completed_project_is_not_late(late_tree: Path):
    edit(late_tree, "projects/gamma.yml", "planned_completion: 2021-04-30",
         "planned_completion: 2021-04-30\nactual_start: 2020-03-01\nactual_completion: 2021-05-20")
    model = model_of(late_tree)
    assert model.snapshot("2021-05").projects.loc["gamma", "light"] == "green"
    # completed after May's end: late in May's figures, complete in June's
    edit(late_tree, "projects/gamma.yml", "actual_completion: 2021-05-20", "actual_completion: 2021-06-10")
    model = model_of(late_tree)
    assert model.snapshot("2021-05").projects.loc["gamma", "overdue"]
    assert not model.snapshot("2021-06").projects.loc["gamma", "overdue"]


def test_the_bulletin_lists_a_late_project_whatever_its_light(late_tree: Path):
    edit(late_tree, "site.yml", "demo: true", "demo: true\nlights: {overdue: investment}")
    model = model_of(late_tree)
    may = next(b for b in bulletins(model.tables, model.snapshot) if b.month == "2021-05")
    tags = dict(zip(may.lagging()["id"], may.lagging()["tag"], strict=True))
    assert tags["gamma"] == "逾期未竣工"  # green by the money, and in the lagging section all the same
    assert tags["epsilon"] == "逾期未竣工"


def test_a_moved_milestone_shows_its_baseline_its_forecast_and_the_slip():
    import datetime as dt

    moved = Milestone(name="竣工验收", planned=dt.date(2021, 11, 28), forecast=dt.date(2022, 6, 30))
    assert milestone_state(moved, dt.date(2021, 10, 31)) == ("预计推迟 214 天", True)
    assert milestone_state(moved, dt.date(2021, 12, 31)) == ("已逾期 33 天，预计推迟 214 天", True)
    done = Milestone(name="竣工验收", planned=dt.date(2021, 11, 28), actual=dt.date(2021, 12, 3),
                     forecast=dt.date(2021, 12, 5))
    assert milestone_state(done, dt.date(2021, 12, 31)) == ("延期 5 天完成", True)
    assert milestone_state(Milestone(name="开工", planned=dt.date(2022, 1, 5)), dt.date(2021, 12, 31)) == (
        "未到期", False)


def test_the_project_page_says_late_and_shows_both_milestone_dates(late_tree: Path, tmp_path: Path):
    from generator.site.build import build

    edit(late_tree, "projects/alpha.yml", "  - {name: 竣工验收, planned: 2021-12-31}",
         "  - {name: 竣工验收, planned: 2021-12-31, forecast: 2022-03-31}")
    build(late_tree, tmp_path / "site", tmp_path / "docs")
    gamma = (tmp_path / "site" / "projects" / "gamma" / "index.html").read_text(encoding="utf-8")
    assert "逾期未竣工，已逾期 31 天" in gamma
    alpha = (tmp_path / "site" / "projects" / "alpha" / "index.html").read_text(encoding="utf-8")
    assert '<td>2021-12-31</td><td>预计 2022-03-31</td><td><span class="late">预计推迟 90 天</span></td>' in alpha
