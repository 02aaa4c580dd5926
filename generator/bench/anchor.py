"""The yardstick: the plain mkdocs-material site a province office could write by hand, of the same projects.

One Markdown page of about 3 KB per project, written from the same synthetic records the benchmark builds
(title, a paragraph, the signboard as a table, the year's monthly progress as a table, the problems as a
list), a home page, `language: zh`, Material's search (which segments Chinese with jieba, as installed),
the navigation listing only the home page. It is built by `mkdocs build` in a fresh process with the same
pinned versions; `anchor_s` is that process's wall time, start-up included. The pages are written before
the clock starts: by hand, they would already be there.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import yaml

CONFIG = """site_name: 示例省重点项目建设
site_url: https://zdxm.example.cn/
theme:
  name: material
  language: zh
  font: false
plugins:
  - search:
      lang: zh
      separator: '[\\s\\u200b\\-，。、；：！？（）]+'
markdown_extensions:
  - tables
nav:
  - 首页: index.md
"""


def _names(content: Path, file: str, key: str) -> dict[str, str]:
    listed = yaml.load((content / file).read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)[key]
    return {item["id"]: item["name"] for item in listed}


def project_page(record: dict, units: dict[str, str], leaders: dict[str, str]) -> str:
    """A project's page as a person would write it in Markdown."""
    plan = record["years"][-1]
    year, planned = plan["year"], plan["annual_plan"]
    leader, responsible, builder = leaders[record["leader"]], record["responsible"], record["builder"]
    measures = "；".join(record.get("measures") or [])
    milestones = "；".join(f"{item['name']}（计划 {item['planned']}）" for item in record.get("milestones") or [])
    approvals = "、".join(f"{item['name']}{item['status']}" for item in record.get("approvals") or [])
    paragraph = (f"{record['description']}。项目位于{record['location']['address']}，"
                 f"总投资 {record['total_investment']:,} 万元，{year}年为{plan['kind']}项目，"
                 f"年度计划投资 {planned:,} 万元，"
                 f"由{leader}分包，{units[responsible['unit']]}负责推进。推进措施：{measures}。"
                 f"时间节点：{milestones}。联审联批事项：{approvals}。")
    lines = [f"# {record['name']}", "", paragraph, "",
             "## 项目标示牌", "", "| 职责 | 单位 | 责任人 | 职务 |", "| --- | --- | --- | --- |",
             f"| 分包领导 | — | {leader} | 县级领导 |",
             f"| 责任单位 | {units[responsible['unit']]} | {responsible['person']} | {responsible.get('title', '')} |",
             f"| 建设单位 | {units[builder['unit']]} | {builder['person']} | 项目负责人 |"]
    lines += [f"| 配合单位 | {units[person['unit']]} | {person['person']} | 联络人 |"
              for person in record.get("cooperating") or []]
    lines += [f"| 派驻专职纪检监察员 | — | {record['inspector']['name']} | 纪检监察员 |", "",
              f"## {year}年月度进度", "",
              "| 月份 | 当月完成（万元） | 累计完成（万元） | 年度计划（万元） | 完成率 | 形象进度 |",
              "| --- | ---: | ---: | ---: | ---: | --- |"]
    before = 0
    for row in record.get("progress") or []:
        if str(row["month"]).startswith(str(year)):
            done = row["completed"]
            rate = f"{done / planned:.1%}" if planned else "—"
            lines.append(f"| {row['month']} | {done - before:,} | {done:,} | {planned:,} | {rate} | {row['image']} |")
            before = done
    lines += ["", "## 存在问题", ""]
    lines += [f"- {problem['raised']} {problem['text']}（{units[problem['owners'][0]]}负责，{problem['status']}，"
              f"期限 {problem['deadline']}）" for problem in record.get("problems") or []] or ["- 暂无"]
    return "\n".join(lines) + "\n"


def write_anchor(content: Path, folder: Path) -> int:
    """The plain site's Markdown and mkdocs.yml under `folder`; the number of project pages."""
    units, leaders = _names(content, "units.yml", "units"), _names(content, "leaders.yml", "leaders")
    docs = folder / "docs"
    (docs / "projects").mkdir(parents=True)
    (folder / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    (docs / "index.md").write_text("# 重点项目建设\n\n全省重点项目的建设情况，每个项目一页。\n", encoding="utf-8")
    count = 0
    for path in sorted((content / "projects").glob("*.yml")):
        record = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        (docs / "projects" / f"{record['id']}.md").write_text(project_page(record, units, leaders), encoding="utf-8")
        count += 1
    return count


def build_anchor(folder: Path) -> float:
    """`mkdocs build` of the plain site in a fresh process: its wall time in seconds."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--config-file", str(folder / "mkdocs.yml"),
                    "--site-dir", str(folder / "site")], check=True, capture_output=True)
    return time.perf_counter() - started


def measure_anchor(content: Path, folder: Path) -> dict:
    pages = write_anchor(content, folder)
    sizes = [path.stat().st_size for path in (folder / "docs" / "projects").iterdir()]
    seconds = build_anchor(folder)
    built = sum(1 for _ in (folder / "site").rglob("*.html"))
    return {"projects": pages, "anchor_s": round(seconds, 2), "anchor_pages": built,
            "anchor_page_kb": round(sum(sizes) / len(sizes) / 1024, 1)}
