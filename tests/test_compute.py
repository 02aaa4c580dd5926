"""The figures of DESIGN.md section 3, pinned on the fixture tree by hand (see the comments in its files).

Fixture, annual plan (万元) and cumulative completed this year:
    alpha  工业     续建   plan 1200   Mar 300   Apr 400   May 600
    beta   基础设施 新开工 plan 1000   Mar   0   Apr  50   May 300   due 03-15, started 05-10
    gamma  工业     续建   plan 2000   Mar 200   Apr 500   May 900
    delta  基础设施 新开工 plan  800   —         Apr 200   (May not reported)   due 06-01
    epsilon         前期   plan    0
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from generator.figures import compute, fmt, reporting, rules
from generator.records.models import LightThresholds


def test_dates_are_written_the_same_whatever_held_them():
    day = dt.date(2021, 3, 5)
    assert fmt.iso(day) == fmt.iso(pd.Timestamp(day)) == fmt.iso(dt.datetime(2021, 3, 5, 8, 30)) == "2021-03-05"
    assert fmt.iso(None) == fmt.iso(pd.NaT) == fmt.iso(float("nan")) == "—"


def test_time_progress_is_month_over_twelve():
    assert rules.time_progress("2021-06") == 0.5
    assert rules.time_progress("2021-03") == 0.25
    assert rules.time_progress("2021-12") == 1.0


def test_light_thresholds_including_the_edges():
    default = LightThresholds()
    assert rules.light(0.0, False, default) == "green"
    assert rules.light(-0.01, False, default) == "yellow"
    assert rules.light(-9.99, False, default) == "yellow"
    assert rules.light(-10.0, False, default) == "red"
    assert rules.light(25.0, True, default) == "red"  # a late start is red whatever the money says
    assert rules.light(None, False, default) == "none"
    custom = LightThresholds(green_from=-2, red_at=-5)
    assert rules.light(-2, False, custom) == "green"
    assert rules.light(-4, False, custom) == "yellow"


def test_exactly_ten_points_behind_is_red_despite_floating_point():
    # 0.4 − 0.5 is −0.10000000000000003 in floating point; rounding keeps it exactly −10 points.
    gap = rules.gap_points(rules.completion_rate(400, 1000), "2021-06")
    assert gap == -10.0
    assert rules.light(gap, False, LightThresholds()) == "red"


def test_a_gap_is_the_difference_of_the_printed_rates_and_decides_the_light():
    # 98.95% against 100%: printed 99.0% (one decimal) and 100.0%, so the gap is −1.0, never "−1.05"
    rate = 0.98954
    assert fmt.pct(rate) == "99.0%" and fmt.pct(rules.time_progress("2021-12")) == "100.0%"
    assert rules.gap_points(rate, "2021-12") == -1.0
    assert fmt.points(rules.gap_points(rate, "2021-12")) == "−1.0"
    # 49.97% against 50%: printed 50.0% and 50.0%, level with 序时进度, and so green as the reader sees it
    gap = rules.gap_points(0.4997, "2021-06")
    assert gap == 0.0 and rules.gap_phrase(gap) == "与序时持平"
    assert rules.light(gap, False, LightThresholds()) == "green"


def test_gap_phrases_as_a_bulletin_writes_them():
    assert rules.gap_phrase(2.9937, 2) == "超序时 2.99 个百分点"
    assert rules.gap_phrase(-4.1, 1) == "滞后序时 4.1 个百分点"
    assert rules.gap_phrase(0.001, 2) == "与序时持平"


def test_project_figures_in_may(fixture_model):
    frame = fixture_model.snapshot("2021-05").projects
    assert frame.loc["alpha", "completed"] == 600
    assert frame.loc["alpha", "rate"] == 0.5
    assert frame.loc["alpha", "gap"] == 8.3  # 50.0% − 41.7%, the two figures as printed
    assert frame.loc["delta", "completed"] == 200  # April's figure carried over the unreported May
    assert frame.loc["delta", "gap"] == -16.7  # 25.0% − 41.7%
    assert dict(frame["light"]) == {
        "alpha": "green", "beta": "red", "gamma": "green", "delta": "red", "epsilon": "none"}
    assert frame.loc["beta", "reason"] == "投资完成率 30.0%，滞后序时进度 11.7 个百分点"


def test_late_start_is_red_until_the_project_starts(fixture_model):
    march = fixture_model.snapshot("2021-03").projects
    april = fixture_model.snapshot("2021-04").projects
    assert march.loc["beta", "light"] == april.loc["beta", "light"] == "red"
    assert april.loc["beta", "reason"] == "开工滞后：计划 2021年3月15日开工，截至 4 月底未开工"
    assert not april.loc["delta", "start_due"]  # due only in June


def test_gamma_turns_from_red_to_green(fixture_model):
    lights = [fixture_model.snapshot(m).projects.loc["gamma", "light"] for m in ("2021-03", "2021-04", "2021-05")]
    assert lights == ["red", "yellow", "green"]


def test_headline_figures_in_may(fixture_model):
    headline = fixture_model.snapshot("2021-05").headline
    assert headline.projects == 5
    assert headline.total == 18400
    assert headline.plan == 5000
    assert headline.completed == 2000  # 600 + 300 + 900 + 200 + 0
    assert headline.rate == 0.4  # sums divided, not rates averaged
    assert headline.gap == -1.7  # 40.0% − 41.7%
    assert rules.gap_phrase(headline.gap) == "滞后序时 1.7 个百分点"
    assert (headline.start.numerator, headline.start.denominator) == (1, 1)
    assert (headline.approvals.numerator, headline.approvals.denominator) == (6, 10)
    assert headline.lights == {"red": 2, "yellow": 0, "green": 2, "none": 1}


def test_commencement_and_approvals_as_of_april(fixture_model):
    headline = fixture_model.snapshot("2021-04").headline
    assert (headline.start.numerator, headline.start.denominator) == (0, 1)  # beta due, not started
    assert headline.start.value == 0
    assert (headline.approvals.numerator, headline.approvals.denominator) == (5, 10)  # delta’s May one not counted


def test_group_rates_sum_numerators_and_denominators(fixture_model):
    snap = fixture_model.snapshot("2021-05")
    groups = compute.group_figures(snap.projects, "category", "category_name", "2021-05").set_index("category")
    assert groups.loc["industry", "rate"] == 1500 / 3200  # not the mean of 50% and 45%
    assert groups.loc["infra", "rate"] == 500 / 1800
    assert groups.loc["infra", "red"] == 2


def test_unit_ranking_in_may(fixture_model):
    ranking = compute.unit_ranking(fixture_model.snapshot("2021-05"))
    assert list(ranking["unit"]) == ["u-dev", "u-town"]  # u-res has no plan and is not ranked
    assert ranking.loc[0, "rate"] == 900 / 2200
    assert list(ranking["rank"]) == [1, 2]


def test_unit_ranking_ties_broken_by_fewer_red_lights_then_shared():
    frame = pd.DataFrame({
        "id": list("abcdef"), "unit": ["x", "x", "y", "y", "z", "w"],
        "unit_name": ["X", "X", "Y", "Y", "Z", "W"], "total": [1] * 6, "plan": [100] * 6,
        "completed": [60, 40, 50, 50, 50, 20], "light": ["green", "red", "yellow", "yellow", "yellow", "red"],
    })
    snap = compute.Snapshot("2021-06", dt.date(2021, 6, 30), frame, pd.DataFrame(), None)
    ranking = compute.unit_ranking(snap)
    # x, y and z all complete 50 %; y and z have no red light, x has one; w is last.
    assert list(zip(ranking["unit"], ranking["rank"], strict=True)) == [("y", 1), ("z", 1), ("x", 3), ("w", 4)]


def test_visit_compliance_counts_whole_weeks(fixture_model):
    visits = compute.visit_compliance(fixture_model.tables, "2021-05")
    # 13 whole weeks from Monday 1 March to Sunday 30 May; visits in 3 of them (31 May's week is not over).
    assert visits.loc["alpha"].tolist() == [3, 13]
    assert visits.loc["beta"].tolist() == [0, 13]
    # county-wide: alpha's 3 weeks are the only ones with a visit, of 5 projects × 13 weeks
    assert visits["weeks_visited"].sum() == 3
    county = compute.county_compliance(visits)
    assert (county.numerator, county.denominator) == (3, 65)


def test_problems_as_of_a_month(fixture_model):
    april = fixture_model.snapshot("2021-04").problems.set_index("project")
    assert list(april.index) == ["beta", "gamma"]  # delta's problem is raised only in May
    assert april.loc["beta", "open"] and april.loc["beta", "overdue"]  # resolved only on 5 May
    assert april.loc["beta", "days_overdue"] == 20
    assert not april.loc["gamma", "overdue"]  # due on the last day of April: not yet overdue
    may = fixture_model.snapshot("2021-05").problems.set_index("project")
    assert not may.loc["beta", "open"]
    assert may.loc["gamma", "days_overdue"] == 31


def test_reporting_month_is_the_latest_with_data_or_the_pinned_one(fixture_model):
    assert reporting.reporting_month(fixture_model.content) == "2021-05"
    pinned = fixture_model.content.site.model_copy(update={"reporting_month": "2021-04"})
    content = fixture_model.content
    original, content.site = content.site, pinned
    try:
        assert reporting.reporting_month(content) == "2021-04"
    finally:
        content.site = original
