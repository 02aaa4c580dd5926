"""`convert-years`: content written for one year becomes the multi-year form, in one run.

Before, `site.yml` had the year (`year: 2021`) and each project its `kind` and `annual_plan` for that year.
Now each project lists the years it is on the county's list, with that year's kind and plan:

    years:
      - {year: 2021, kind: 续建, annual_plan: 16000}

The edit is made on the text, line by line (the three keys are top-level lines), so every other line, comment
and blank line stays as it was. Everything is validated in a staging copy before any file is replaced;
running it again finds nothing to convert and writes nothing. Sample content of that time had no OC4IDS prefix
setting yet: it gets the sample prefix.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from ..records.staging import staged_errors, write_texts

_YEAR = re.compile(r"^year:[ \t]*(\d{4})[ \t]*(#.*)?\r?\n?$")
_KIND = re.compile(r"^kind:[ \t]*(\S+)[ \t]*(#.*)?\r?\n?$")
_PLAN = re.compile(r"^annual_plan:[ \t]*([^#\s]+)[ \t]*(#.*)?(\r?\n)?$")
SAMPLE_PREFIX = ("oc4ids_prefix: oc4ids-sample-  # OC4IDS 项目编号前缀：示例数据用；正式数据换成本县登记的前缀"
                 "（工作人员手册第十六节）")
YEARS_COMMENT = "# 列入重点项目名单的年度：每年一项，写这一年的建设性质和年度计划投资（万元）"


class NotConvertible(Exception):
    """A file this command cannot convert safely; the message says what to do by hand."""


@dataclass
class Converted:
    relative: str
    text: str


def site_year(text: str) -> tuple[int | None, str]:
    """The year of a single-year site.yml (None if it has none), and the text without that line."""
    lines = text.splitlines(keepends=True)
    for index, line in enumerate(lines):
        match = _YEAR.match(line)
        if match:
            return int(match.group(1)), "".join(lines[:index] + lines[index + 1:])
    return None, text


def with_sample_prefix(text: str) -> str:
    """Sample content from before the OC4IDS prefix was a setting gets the sample prefix; real content (demo:
    false) must name the county's registered one itself, and validation says so."""
    lines = text.splitlines(keepends=True)
    if any(line.startswith("oc4ids_prefix:") for line in lines) or not any(
            re.match(r"^demo:[ \t]*true\b", line) for line in lines):
        return text
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += newline
    return "".join(lines) + f"{SAMPLE_PREFIX}{newline}"


def convert_project(text: str, year: int) -> str | None:
    """The project record with its `kind` and `annual_plan` lines turned into a `years:` list; None when it
    has neither (already converted)."""
    lines = text.splitlines(keepends=True)
    kinds = [(i, m) for i, line in enumerate(lines) if (m := _KIND.match(line))]
    plans = [(i, m) for i, line in enumerate(lines) if (m := _PLAN.match(line))]
    if not kinds and not plans:
        if any(line.startswith("years:") for line in lines):
            return None
        raise NotConvertible("没有找到顶格的 kind: 和 annual_plan: 两行，请手工改写")
    if len(kinds) != 1 or len(plans) != 1:
        raise NotConvertible("kind: 和 annual_plan: 应各有一行、顶格书写，请手工改写")
    (kind_line, kind), (plan_line, plan) = kinds[0], plans[0]
    newline = plan.group(3) or "\n"
    comment = f"  {plan.group(2)}" if plan.group(2) else ""
    block = [f"{YEARS_COMMENT}{newline}", f"years:{newline}",
             f"  - {{year: {year}, kind: {kind.group(1)}, annual_plan: {plan.group(1)}}}{comment}{newline}"]
    lines[plan_line:plan_line + 1] = block
    del lines[kind_line if kind_line < plan_line else kind_line + len(block) - 1]
    return "".join(lines)


def conversions(root: Path) -> tuple[list[Converted], list[str]]:
    """The converted files, and the problems that stop the conversion (each naming its file)."""
    site_path = root / "site.yml"
    if not site_path.is_file():
        return [], [f"{site_path}：找不到网站设置文件"]
    year, site_text = site_year(site_path.read_text(encoding="utf-8"))
    if year is None:
        return [], []
    converted, problems = [Converted("site.yml", with_sample_prefix(site_text))], []
    for path in sorted((root / "projects").glob("*.yml")):
        relative = path.relative_to(root).as_posix()
        try:
            text = convert_project(path.read_text(encoding="utf-8"), year)
        except NotConvertible as problem:
            problems.append(f"{root / relative}：{problem}")
            continue
        except UnicodeDecodeError:
            problems.append(f"{root / relative}：不是 UTF-8 编码，请先另存为 UTF-8")
            continue
        if text is not None:
            converted.append(Converted(relative, text))
    return converted, problems


def convert_years_command(arguments: argparse.Namespace) -> int:
    root: Path = arguments.content
    converted, problems = conversions(root)
    if problems:
        print("\n".join(problems) + f"\n共 {len(problems)} 个文件无法自动转换；没有改动任何文件。", file=sys.stderr)
        return 1
    if not converted:
        print("内容已经是多年度写法（site.yml 中没有 year），没有需要转换的文件。")
        return 0
    texts = {item.relative: item.text for item in converted}
    errors = staged_errors(root, texts)
    if errors:
        listed = "\n".join(str(error) for error in errors)
        print(f"{listed}\n转换后的记录会有以上 {len(errors)} 处错误（多半是原来就有的），已放弃转换，没有改动任何文件。"
              "请先改正，再运行一次。", file=sys.stderr)
        return 1
    write_texts(root, texts)
    projects = len(converted) - 1
    print(f"已转换为多年度写法：site.yml 去掉了 year，{projects} 个项目的 kind 和 annual_plan 移入 years 列表。"
          "请用 git diff 核对后提交。以后每年用 python -m generator new-year 年份 准备新一年的名单。")
    return 0
