"""Tests test the code; CI checks the content. A county's repository after an ordinary month still passes.

A copy of this repository is changed as an office changes its own: a project added with `new-project`, April's
sheets imported, a dispatch meeting recorded with `new-meeting`, `demo: false` with the county's OC4IDS prefix,
and the GitHub Pages address of a project site (`https://org.github.io/zdxm/`, a sub-path). In that copy the
whole test suite passes (no test reads the live `content/`), and so do the publishing steps: validate, build and
the site check at the sub-path.

The copy runs the suite once more (a few minutes): the same tests, from the copy's folder. Inside it this test
skips itself (ZDXM_NESTED), and the browser tests are left out: they read only the frozen sample, as every
test does, and need the browser and axe-core installed beside the original.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from generator.office import sheet

from .conftest import ROOT, loaded

NESTED = "ZDXM_NESTED"


def _tracked_files() -> list[str]:
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, check=True).stdout.decode().split("\0")
    return [name for name in listed if name and (ROOT / name).is_file()]


def _run(folder: Path, *argv: str, timeout: int = 1800) -> subprocess.CompletedProcess:
    environment = {**os.environ, NESTED: "1", "PYTHONPATH": str(folder), "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(list(argv), cwd=folder, capture_output=True, text=True, env=environment, timeout=timeout)


def _generator(folder: Path, *argv: str) -> str:
    result = _run(folder, sys.executable, "-m", "generator", *argv)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def _edit(path: Path, old: str, new: str) -> None:
    """Every `old` in the file (which must have one) made `new`."""
    text = path.read_text(encoding="utf-8")
    assert old in text, (old, path)
    path.write_text(text.replace(old, new), encoding="utf-8")


def _an_ordinary_month(repository: Path) -> None:
    content = repository / "content"
    site = content / "site.yml"
    text = site.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.startswith(("base_url:", "demo:", "oc4ids_prefix:"))]
    for line in lines:
        key = line.split(":", 1)[0]
        text = text.replace(line, {"base_url": "base_url: https://org.github.io/zdxm/", "demo": "demo: false",
                                   "oc4ids_prefix": "oc4ids_prefix: oc4ids-bu3kcz-"}[key], 1)
    site.write_text(text, encoding="utf-8")

    _generator(repository, "new-project", "dongguan-bridge")
    record = content / "projects" / "dongguan-bridge.yml"
    for placeholder, value in {"新项目（请改为项目全称）": "东关大桥改建工程", "请填写建设地址": "东关街",
                               "请填写建设内容": "拆除重建大桥一座", "请填写责任人姓名": "李明", "请填写姓名": "王刚",
                               "total_investment: 0": "total_investment: 8000",
                               "annual_plan: 0}": "annual_plan: 3000}"}.items():
        _edit(record, placeholder, value)

    # April's sheet, every project on the list reporting its latest figure and a twentieth of its plan more
    sheet_path = repository / "april.xlsx"
    _generator(repository, "report-template", "--month", "2022-04", "-o", str(sheet_path))
    workbook = load_workbook(sheet_path)
    rows = workbook.worksheets[0]
    headers = {column.key: column.header for column in sheet.COLUMNS}
    columns = {cell.value: cell.column for cell in rows[1]}
    projects = loaded(content).projects
    for row in range(2, rows.max_row + 1):
        project = projects[rows.cell(row, columns[headers["id"]]).value]
        latest = max((p.completed for p in project.progress if p.month.startswith("2022")), default=0)
        plan = project.on_list(2022).annual_plan or 0
        rows.cell(row, columns[headers["completed"]], round(latest + plan * 0.05, 2))
        rows.cell(row, columns[headers["image"]], "按计划推进")
    workbook.save(sheet_path)
    _generator(repository, "import-report", str(sheet_path), "--date", "2022-04-28")
    sheet_path.unlink()

    _generator(repository, "new-meeting", "dispatch", "--date", "2022-05-06")
    meeting = content / "meetings" / "2022-05-06-dispatch.yml"
    _edit(meeting, "summary: 请填写会议概要", "summary: 听取4月份重点项目建设情况通报")
    _edit(meeting, "decisions: []", "decisions:\n  - {text: 加快东关大桥开工前手续办理, owners: [zwfw], deadline: "
                                    "2022-05-31, projects: [dongguan-bridge]}")


@pytest.mark.skipif(os.environ.get(NESTED) == "1", reason="the copy's own run of the suite")
def test_a_repository_after_an_ordinary_month_passes_the_tests_and_publishes(tmp_path: Path):
    repository = tmp_path / "zdxm"
    for name in _tracked_files():
        target = repository / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    _an_ordinary_month(repository)
    assert _generator(repository, "validate").startswith("校验通过：57 个项目")

    # the publishing steps: validate and build (with the built site's check), and the check at the sub-path
    out = _generator(repository, "build")
    assert "网站已生成" in out
    built = repository / "site"
    assert (built / "bulletins" / "2022" / "3" / "index.html").is_file()  # the new meeting's bulletin
    assert "东关大桥改建工程" in (built / "projects" / "dongguan-bridge" / "index.html").read_text(encoding="utf-8")
    assert "示例数据" not in (built / "index.html").read_text(encoding="utf-8")
    not_found = (built / "404.html").read_text(encoding="utf-8")
    assert 'href="/zdxm/' in not_found  # served at any address: its links are absolute, under the sub-path
    _generator(repository, "check-site", "site")  # the path taken from the built site's own address
    _generator(repository, "check-site", "site", "--base-path", "/zdxm/")

    # the suite, from the copy: the tests read their own fixture trees, never the changed content/
    lint = _run(repository, str(Path(sys.executable).parent / "ruff"), "check", ".")
    assert lint.returncode == 0, lint.stdout
    suite = _run(repository, sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider",
                 "--ignore=tests/browser")
    assert suite.returncode == 0, suite.stdout[-5000:] + suite.stderr[-2000:]
