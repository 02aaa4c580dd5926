"""The office's month as it really goes: sheets arrive unit by unit, the site waits for the month to close, figures
that look like typos are questioned, and a meeting record starts from a template.

Everything runs through the commands the clerk types (`report-status`, `close-month`, `import-report`,
`new-meeting`, `validate`) on a copy of the fixture tree, and the pages are built by the real build.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml

from generator.export import data_files
from generator.figures.model import build_model
from generator.site.build import build

from .conftest import edit, loaded
from .test_export import table_dicts
from .test_staff_workflow import fill, run, template

# the fixture's May: alpha, beta and gamma reported; delta (last report April) and epsilon (none) did not, and
# the dispatch meeting of 2021-06-07 reported on May, which closed it


def _june(tree: Path, projects: dict[str, float], reported: str = "2021-06-29") -> None:
    """June's reports of `projects`, added to their records as the import writes them."""
    for project, completed in projects.items():
        path = tree / "projects" / f"{project}.yml"
        text = path.read_text(encoding="utf-8")
        line = f"  - {{month: 2021-06, completed: {completed:g}, image: 六月进展, reported: {reported}}}\n"
        if "\nprogress:" not in text:
            text += "progress:\n" + line
        else:
            last = list(re.finditer(r"  - \{month: 2021-0\d[^\n]*\n", text))[-1]
            text = text[: last.end()] + line + text[last.end():]
        path.write_text(text, encoding="utf-8")


def test_the_site_stays_on_the_last_closed_month_until_every_project_has_reported(tree):
    _june(tree, {"alpha": 800, "gamma": 1100})
    assert build_model(loaded(tree)).month == "2021-05"  # two of five sheets in: June is not published
    _june(tree, {"beta": 400, "delta": 300, "epsilon": 0})
    assert build_model(loaded(tree)).month == "2021-06"  # the last sheet closes it


def test_report_status_names_who_still_owes_the_sheet_with_the_contact(capsys, tree):
    edit(tree, "units.yml", "{id: u-town, name: 东城镇人民政府, kind: 乡镇街道}",
         "{id: u-town, name: 东城镇人民政府, kind: 乡镇街道, contact: 孙敏 0394-3210001}")
    _june(tree, {"alpha": 800, "beta": 400}, reported="2021-07-03")
    code, out, err = run(capsys, "report-status", "--content", str(tree))  # the month being collected: June
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "2021-06 月报：名单上 5 个项目，已报送 2 个。"
    town = lines.index("  东城镇人民政府（联系人：孙敏 0394-3210001），2 个项目未报：")
    assert lines[town + 1].startswith("    - delta（") and lines[town + 2].startswith("    - gamma（")
    assert "  县自然资源局，1 个项目未报：" in lines  # no contact recorded: none shown
    assert any(line.startswith("  逾期报送：alpha（") and line.endswith("2021-07-03 报送") for line in lines)
    assert "python -m generator close-month 2021-06" in lines[-1]


def test_close_month_records_the_closing_and_the_site_moves_with_the_missing_marked(capsys, tree, tmp_path):
    _june(tree, {"alpha": 800, "beta": 400, "gamma": 1100})
    code, out, err = run(capsys, "close-month", "2021-06", "--note", "丁项目未报，按上月数字计", "--date", "2021-07-06",
                         "--content", str(tree))
    assert code == 0, err
    assert yaml.safe_load((tree / "months.yml").read_text(encoding="utf-8"))["closed"] == [
        {"month": "2021-06", "date": dt.date(2021, 7, 6), "note": "丁项目未报，按上月数字计"}]
    assert "未报的 2 个项目" in out
    model = build_model(loaded(tree))
    assert model.month == "2021-06"
    assert model.now.projects.loc["delta", "completed"] == 200  # its April figure, kept
    assert not model.now.projects.loc["delta", "reported"] and model.now.projects.loc["alpha", "reported"]
    rows = {row["项目编号"]: row for row in table_dicts(data_files(model), "projects")}  # the downloads say it too
    assert (rows["delta"]["本月已报送"], rows["delta"]["最近报送月份"]) == ("否", "2021-04")
    assert rows["alpha"]["本月已报送"] == "是"
    code, out, _ = run(capsys, "close-month", "2021-06", "--content", str(tree))
    assert code == 0 and "已经关账" in out  # twice is harmless

    # a dispatch meeting on June: its bulletin names the units that did not report, and the page marks them
    (tree / "meetings" / "2021-07-05-dispatch.yml").write_text(
        "kind: dispatch\ndate: 2021-07-05\nreporting_month: 2021-06\nattendance:\n"
        "  - {unit: u-dev, status: 出席}\n  - {unit: u-res, status: 出席}\n  - {unit: u-town, status: 出席}\n",
        encoding="utf-8")
    site = tmp_path / "site"
    build(tree, site, tmp_path / "docs")
    bulletin = (site / "bulletins" / "2021" / "4" / "index.html").read_text(encoding="utf-8")
    section = bulletin[bulletin.index("月报报送情况"):]
    assert "本月应报送月报的项目 5 个，已报送 3 个。" in section
    assert re.search(r"<strong>未报送</strong>：东城镇人民政府（丁[^）]*）", section)
    assert re.search(r"<strong>未报送</strong>：县自然资源局（戊[^）]*）", section)
    lagging = bulletin[bulletin.index('id="lagging"'):bulletin.index('id="lights"')]
    assert re.search(r'projects/delta/"[^<]*</a>[^<]*<span class="unreported">未报</span></dd>', lagging)
    listing = (site / "projects" / "index.html").read_text(encoding="utf-8")
    delta_row = re.search(r'<tr [^>]*>.{0,400}?projects/delta/.*?</tr>', listing, re.S).group(0)
    assert '<span class="unreported">未报</span>' in delta_row
    alpha_row = re.search(r'<tr [^>]*>.{0,400}?projects/alpha/.*?</tr>', listing, re.S).group(0)
    assert "未报" not in alpha_row
    page = (site / "projects" / "delta" / "index.html").read_text(encoding="utf-8")
    assert "2021年4月以来没有报送月报，以上为2021年4月的情况" in page


def test_close_month_refuses_a_month_nobody_reported_and_one_after_a_month_still_open(capsys, tree):
    code, _, err = run(capsys, "close-month", "2021-07", "--content", str(tree))
    assert code == 1 and "2021-07 还没有任何项目报送月报，不能关账" in err
    _june(tree, {"alpha": 800})  # June open (one report of five), July typed for June
    edit(tree, "projects/alpha.yml", "image: 六月进展, reported: 2021-06-29}",
         "image: 六月进展, reported: 2021-06-29}\n  - {month: 2021-07, completed: 900, image: 七月进展}")
    code, _, err = run(capsys, "close-month", "2021-07", "--content", str(tree))
    assert code == 1 and err.startswith("2021-06 还没有关账，不能先关 2021-07：月份要一个一个关")
    assert not (tree / "months.yml").exists()


# ---- figures that look like typos ----------------------------------------------------------------------------


def test_a_tenfold_figure_is_refused_on_import_naming_the_cell_and_accepted_when_confirmed(capsys, tree, tmp_path):
    # alpha: 300, 400, 600 by May against a plan of 1,200; 6,000 in June is ten times a believable 600-ish
    path = fill(template(capsys, tree, "2021-06", tmp_path / "t.xlsx"), {"alpha": {"completed": 6000, "image": "设备调试"}},
                tmp_path / "f.xlsx")
    before = (tree / "projects" / "alpha.yml").read_text(encoding="utf-8")
    code, _, err = run(capsys, "import-report", str(path), "--content", str(tree))
    assert code == 1
    assert re.search(r"f\.xlsx 第 \d+ 行 [A-Z] 列（本月累计完成投资（万元））：数字可疑：比上次多 5,400 万元，是平时每月增量"
                     r"（按本年计划折算约 \d+ 万元）的约 \d+ 倍，也超过年度计划 1,200 万元的 10%；"
                     r"本年累计 6,000 万元超过年度计划 1,200 万元的 150%", err), err
    assert '加上 --confirm "核实说明" 重新导入' in err and "没有写入任何文件" in err
    assert (tree / "projects" / "alpha.yml").read_text(encoding="utf-8") == before

    code, _, err = run(capsys, "import-report", str(path), "--content", str(tree), "--confirm", "设备款一次性支付，已电话核实",
                       "--date", "2021-07-02")
    assert code == 0, err
    june = loaded(tree).projects["alpha"].progress[-1]
    assert (june.month, june.completed, june.confirmed, june.reported) == (
        "2021-06", 6000, "设备款一次性支付，已电话核实", dt.date(2021, 7, 2))
    assert loaded(tree).errors == []


def test_validation_questions_a_typed_in_figure_and_accepts_it_with_a_confirmed_note(tree):
    _june(tree, {"alpha": 6000})
    errors = loaded(tree).errors
    assert [(e.key, e.message.split("：")[0]) for e in errors] == [("progress[4].completed", "数字可疑")]  # counted from 1
    lines = (tree / "projects" / "alpha.yml").read_text(encoding="utf-8").splitlines()
    june = next(number for number, line in enumerate(lines, start=1) if "month: 2021-06" in line)
    assert errors[0].file.endswith("projects/alpha.yml") and errors[0].line == june
    assert "在这一条进度里写 confirmed: 核实说明" in errors[0].message
    edit(tree, "projects/alpha.yml", "reported: 2021-06-29}", "reported: 2021-06-29, confirmed: 已核实}")
    assert loaded(tree).errors == []


def test_more_completed_since_the_start_than_the_whole_investment_is_questioned(tree):
    edit(tree, "projects/gamma.yml", "total_investment: 6000", "total_investment: 850")
    messages = [(e.key, e.message) for e in loaded(tree).errors if e.key.startswith("progress")]
    assert messages == [("progress[3].completed", "数字可疑：开工以来累计完成 900 万元超过总投资 850 万元。请核对"
                                                  "（是不是多打了一个 0？）；核实无误时，在这一条进度里写 confirmed: 核实说明")]


# ---- meeting records -----------------------------------------------------------------------------------------


def test_new_meeting_dispatch_lists_what_the_clerk_would_look_up(capsys, tree):
    _june(tree, {"alpha": 800})
    code, out, err = run(capsys, "new-meeting", "dispatch", "--date", "2021-07-05", "--content", str(tree))
    assert code == 0, err
    path = tree / "meetings" / "2021-07-05-dispatch.yml"
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../../schema/meeting.schema.json"
    record = yaml.safe_load(text)
    assert record["kind"] == "dispatch" and record["date"] == dt.date(2021, 7, 5)
    assert record["reporting_month"] == "2021-06"
    assert [row["unit"] for row in record["attendance"]] == ["u-dev", "u-res", "u-town"]  # the fixed attendees
    # the earlier decision still open, with where to update it
    assert re.search(r"#   meetings/2021-04-05-dispatch\.yml 第 \d+ 行：办理乙道路施工许可（已逾期 71 天）", text)
    assert "完成乙道路征迁" not in text  # done
    assert "# 2021-06 月报：名单上 5 个项目，已报送 1 个；这个月还没有关账" in text
    for project in loaded(tree).projects.values():
        assert (f"#   未报：{project.name}（" in text) == (project.id != "alpha")
    assert "标有“← 请替换”的 2 处必须填写" in out  # the place (the last meeting has none) and the summary
    errors = loaded(tree).errors
    assert [(e.key, e.line) for e in errors] == [("place", _line(text, "place:")), ("summary", _line(text, "summary:"))]
    assert errors[1].message.startswith("还是模板的占位文字（实际 “请填写会议概要”）")
    edit(tree, "meetings/2021-07-05-dispatch.yml", "place: 请填写会议地点", "place: 县政府会议室")
    edit(tree, "meetings/2021-07-05-dispatch.yml", "summary: 请填写会议概要", "summary: 听取6月份进展")
    assert loaded(tree).errors == []
    model = build_model(loaded(tree))  # the meeting reported on June: that closed it
    assert model.month == "2021-06" and model.bulletins[-1].meeting_id == "2021-07-05-dispatch"


def _line(text: str, start: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), start=1) if line.startswith(start))


def test_new_meeting_review_lists_the_criteria_and_the_years_projects(capsys, tree):
    code, _, err = run(capsys, "new-meeting", "review", "--date", "2021-06-25", "--content", str(tree))
    assert code == 0, err
    text = (tree / "meetings" / "2021-06-25-review.yml").read_text(encoding="utf-8")
    content = loaded(tree)
    for criterion in content.site.review_criteria:
        assert f"#   {criterion.id}：{criterion.name}（满分 {criterion.max_score:g}）" in text
    for project in content.projects.values():
        assert f"#   {project.id}  {project.name}" in text
    assert "title: 全县重点项目2021年第2次观摩点评" in text  # the fixture's first was on 2021-05-28
    assert {e.key for e in loaded(tree).errors} == {"visited"}  # the model stops at the empty list first
    edit(tree, "meetings/2021-06-25-review.yml", "visited: []", "visited: [alpha, gamma]")
    assert {e.key for e in loaded(tree).errors} == {"place", "summary"}
    text = (tree / "meetings" / "2021-06-25-review.yml").read_text(encoding="utf-8")
    text = re.sub(r"\n(place|summary): 请填写[^\n]*", "", text)
    (tree / "meetings" / "2021-06-25-review.yml").write_text(text, encoding="utf-8")
    assert loaded(tree).errors == []


def test_new_meeting_refuses_an_existing_record_and_content_with_errors(capsys, tree):
    code, _, err = run(capsys, "new-meeting", "dispatch", "--date", "2021-06-07", "--content", str(tree))
    assert code == 1 and "已经存在" in err and "2021-06-07-dispatch-2.yml" in err
    assert run(capsys, "new-meeting", "inspection", "--date", "2021-06-20", "--content", str(tree))[0] == 0
    code, _, err = run(capsys, "new-meeting", "inspection", "--date", "2021-06-21", "--content", str(tree))
    assert code == 1 and "还是模板的占位文字" in err and "没有写入任何文件" in err
    assert not (tree / "meetings" / "2021-06-21-inspection.yml").exists()


def test_a_fixed_attendee_left_out_and_a_deadline_before_the_meeting_are_errors(tree):
    edit(tree, "meetings/2021-05-06-dispatch.yml", "  - {unit: u-town, status: 出席}\n", "")
    edit(tree, "meetings/2021-05-06-dispatch.yml", "deadline: 2021-05-20", "deadline: 2021-05-01")
    errors = {(e.key, e.message) for e in loaded(tree).errors}
    assert ("attendance", "固定参会单位没有登记出席情况：东城镇人民政府（每个固定参会单位都要写一条：出席、请假、替会或缺席；"
            "site.yml 的 fixed_attendees 列出了它们）") in errors
    assert ("decisions[1].deadline", "完成时限早于会议日期（期望 不早于 2021-05-06，实际 2021-05-01）") in errors
