"""The load and check stages: every error kind of the foundation issue, by its exact Chinese message."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.__main__ import main

from .conftest import FIXTURE, ROOT, SAMPLE, edit, loaded


def messages(root: Path) -> list[str]:
    """`file:line:column key — message` for every error, the file relative to the content folder."""
    content = loaded(root)
    return [str(e).replace(e.file, Path(os.path.relpath(os.path.abspath(e.file), os.path.abspath(root))).as_posix(), 1)
            for e in sorted(content.errors)]


def test_fixture_and_sample_are_valid():
    assert loaded(FIXTURE).errors == []
    assert loaded(SAMPLE).errors == []  # the frozen sample; the live content/ is checked by validate in CI


def test_a_valid_tree_is_checked_without_parsing_any_file_again():
    """Lines are found for messages only: a check that looked one up for a valid record parsed the whole file
    again and kept its node tree (at 5000 projects, 210 MB in the build and in every process forked from it)."""
    content = loaded(SAMPLE)
    assert content.projects and not content.errors
    assert [key for key, source in content.files.items() if source.document._root is not None] == []


CASES = {
    "unknown key": (
        "projects/alpha.yml", "total_investment: 5000", "total_investment: 5000\ntotal_invesment: 5",
        ["projects/alpha.yml:15:1 total_invesment — 未知的键，它的内容不会被使用；是不是 total_investment？（请检查拼写）"]),
    "duplicate key": (
        "projects/alpha.yml", "category: industry", "category: industry\ncategory: infra",
        ["projects/alpha.yml:5:1 category — 重复的键 category（第 4 行已经写过；YAML 只会保留最后一个，前面的内容会丢失）"]),
    "duplicate id": (
        "projects/beta.yml", "id: beta", "id: alpha",
        ["projects/beta.yml:2:5 id — 编号与文件名不一致（期望 beta，实际 alpha）",
         "projects/beta.yml:2:5 id — 编号重复：alpha 已在 projects/alpha.yml 中使用"]),
    "duplicate unit id": (
        "units.yml", "  - {id: u-jw, name: 县纪委监委}", "  - {id: u-jw, name: 县纪委监委}\n  - {id: u-dev, name: 又一个}",
        ["units.yml:7:10 units[6].id — 编号重复：u-dev（第 2 行已经用过）"]),
    "dangling leader": (
        "projects/alpha.yml", "leader: l-wang", "leader: l-zhang",
        ["projects/alpha.yml:8:9 leader — 找不到领导 l-zhang（期望 leaders.yml 中已有的编号）"]),
    "dangling unit": (
        "projects/alpha.yml", "responsible: {unit: u-dev", "responsible: {unit: u-nobody",
        ["projects/alpha.yml:9:21 responsible.unit — 找不到单位 u-nobody（期望 units.yml 中已有的编号）"]),
    "dangling project": (
        "chains.yml", "key_projects: [alpha, gamma]", "key_projects: [alpha, omega]",
        ["chains.yml:9:27 chains[1].key_projects[2] — 找不到项目 omega（期望 content/projects/ 中已有的编号）"]),
    "dangling meeting": (
        "projects/gamma.yml", "meeting: 2021-04-15-inspection", "meeting: 2021-04-16-inspection",
        ["projects/gamma.yml:24:14 problems[1].meeting — "
         "找不到会议 2021-04-16-inspection（期望 content/meetings/ 中已有的编号）"]),
    "impossible date": (
        "projects/beta.yml", "planned_start: 2021-03-15", "planned_start: 2021-02-30",
        ["projects/beta.yml:16:16 planned_start — 日期不存在（期望 真实存在的日期 YYYY-MM-DD，实际 2021-02-30）"]),
    "negative money": (
        "projects/alpha.yml", "annual_plan: 1200", "annual_plan: -5",
        ["projects/alpha.yml:15:45 years[1].annual_plan — 年度计划投资（万元）：不能为负数（期望 ≥ 0，实际 -5）"]),
    "money as text": (
        "projects/alpha.yml", "annual_plan: 1200", 'annual_plan: "1,200万元"',
        ["projects/alpha.yml:15:45 years[1].annual_plan — 年度计划投资（万元）："
         "金额和数字只写数字，不带单位和逗号（期望 数字，如 1200.5，实际 “1,200万元”）"]),
    "cumulative goes down": (
        "projects/alpha.yml", "completed: 600", "completed: 350",
        ["projects/alpha.yml:27:33 progress[3].completed — 本年累计完成投资不能比上月少（期望 ≥ 400（2021-04），实际 350）"]),
    "month outside the year": (
        "projects/alpha.yml", "month: 2021-05", "month: 2022-05",
        ["projects/alpha.yml:27:13 progress[3].month — 月份不在列入重点项目名单的年度内（期望 2021 年的月份，实际 2022-05）"]),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_error_message(tree: Path, case: str):
    relative, old, new, expected = CASES[case]
    edit(tree, relative, old, new)
    assert messages(tree) == expected


def test_gbk_file_is_named_as_such(tree: Path):
    path = tree / "projects" / "alpha.yml"
    path.write_bytes(path.read_text(encoding="utf-8").encode("gbk"))
    assert messages(tree) == [
        "projects/alpha.yml:1:1 — 文件不是 UTF-8 编码：看起来是 GBK 编码（Windows 记事本、WPS 常见），请用“另存为 UTF-8”重新保存"
    ]


def test_utf8_bom_is_accepted(tree: Path):
    path = tree / "projects" / "alpha.yml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert messages(tree) == []


def test_empty_file(tree: Path):
    (tree / "projects" / "alpha.yml").write_text("# 只有注释\n", encoding="utf-8")
    assert messages(tree) == ["projects/alpha.yml:1:1 — 文件为空（没有任何内容）"]


def test_every_error_in_every_file_at_once(tree: Path):
    edit(tree, "projects/alpha.yml", "annual_plan: 1200", "annual_plan: -1")
    edit(tree, "projects/beta.yml", "leader: l-li", "leader: nobody")
    edit(tree, "site.yml", "office: ", "ofice: 测试\noffice: ")
    found = messages(tree)
    assert [line.split(":")[0] for line in found] == ["projects/alpha.yml", "projects/beta.yml", "site.yml"]


def test_a_broken_file_does_not_make_references_to_it_dangling(tree: Path):
    edit(tree, "projects/gamma.yml", "annual_plan: 2000", "annual_plan: zwei")
    found = messages(tree)
    assert len(found) == 1 and found[0].startswith("projects/gamma.yml:")  # chains.yml still names gamma


def test_validate_command_exit_status_and_count(tree: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["validate", "--content", str(tree)]) == 0
    assert "校验通过：5 个项目、5 条会议记录" in capsys.readouterr().out
    edit(tree, "projects/alpha.yml", "annual_plan: 1200", "annual_plan: -1")
    assert main(["validate", "--content", str(tree)]) == 1
    err = capsys.readouterr().err
    assert "annual_plan — 年度计划投资（万元）：不能为负数" in err
    assert err.strip().endswith("共 1 处错误，涉及 1 个文件。请逐条改正后再试；网站没有更新。")


def test_github_format_annotates_the_line(tree: Path, capsys: pytest.CaptureFixture[str]):
    edit(tree, "projects/alpha.yml", "annual_plan: 1200", "annual_plan: -1")
    assert main(["validate", "--content", str(tree), "--format", "github"]) == 1
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith("::error file=")
    assert "projects/alpha.yml,line=15,col=45,title=内容校验错误::years[1].annual_plan — 年度计划投资（万元）：不能为负数" in first


def test_wrong_command_line_exits_2_in_chinese():
    result = subprocess.run([sys.executable, "-m", "generator", "validate", "--bogus"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 2
    assert "命令行有误" in result.stderr and "Traceback" not in result.stderr


def test_garbage_never_shows_a_traceback(tree: Path):
    (tree / "projects" / "alpha.yml").write_bytes(bytes(range(256)) * 4)
    (tree / "site.yml").write_text("[[[", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "generator", "validate", "--content", str(tree)], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "alpha.yml:2:1 — 文件不是 UTF-8 编码" in result.stderr
    assert "site.yml:2:1 — YAML 语法错误：此处缺少内容" in result.stderr
