"""`new-project ID`: a new project record from a commented template that validates as written.

The ids are real ones from site.yml, units.yml and leaders.yml (so the editor's schema help works on the file)
and every value is marked "← 请替换" for the staff to replace; the texts to write ("请填写…") and the total of
0 are placeholders that validation refuses, so a half-filled record is never published.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from string import Template

from ..records.checks.placeholders import is_placeholder
from ..records.load import Content
from ..records.staging import staged_errors, write_texts
from ..records.validate import validated

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")  # as models.Slug
SLUG_MAX = 64

TEMPLATE = Template("""\
# yaml-language-server: $$schema=../../schema/project.schema.json
# 新项目记录，由 python -m generator new-project 生成。标有“← 请替换”的值都是占位，
# 请逐项改成真实内容后再提交；写法见 docs/staff-guide.md，改完运行 make validate 校验。

id: $id  # 编号：与文件名一致，出现在网址和二维码里，定下后不要改
name: 新项目（请改为项目全称）  # ← 请替换
category: $category  # ← 请替换。可选：$categories
location:
  area: $area  # ← 请替换。可选：$areas
  address: 请填写建设地址  # ← 请替换（不需要时删去这一行）
description: 请填写建设内容  # ← 请替换

# 标示牌：分包领导、责任单位、建设单位、配合单位、派驻专职纪检监察员（单位写 units.yml 中的编号）
leader: $leader  # ← 请替换（leaders.yml 中的编号；现在是 $leader_name）
responsible:
  unit: $unit  # ← 请替换（现在是 $unit_name）
  person: 请填写责任人姓名  # ← 请替换
  title: 主要负责人
builder:
  unit: $builder  # ← 请替换（现在是 $builder_name）
  person: 请填写责任人姓名  # ← 请替换
cooperating: []  # 配合单位，写法如下（去掉行首的 # 号，把 [] 删去）：
#  - unit: $unit
#    person: 姓名
inspector:
  name: 请填写姓名  # ← 请替换：派驻专职纪检监察员

# 投资（万元）：只写数字，不带“万元”和逗号
total_investment: 0  # ← 请替换：总投资
# completed_before: 0  # 列入名单前已完成的投资（续建项目填写），计入“开工以来累计完成”
# 列入重点项目名单的年度：kind 为这一年的建设性质（新开工 / 续建 / 前期），annual_plan 为这一年的计划投资
years:
  - {year: $year, kind: 新开工, annual_plan: 0}  # ← 请替换：年度计划投资，不能大于总投资
planned_start: $year-12-31  # ← 请替换：计划开工日期（新开工项目必填）
# actual_start: $year-05-17  # 实际开工日期，开工后填写
# planned_completion: $next_year-10-31  # 计划竣工日期
# actual_completion: $next_year-11-20  # 实际竣工日期，竣工验收后填写

measures: []  # 推进措施，每条一行，如：
#  - 落实专班推进，责任到人

# 推进计划与时间节点（倒排工期）：planned 计划日期，actual 实际完成日期
milestones: []
#  - name: 开工建设
#    planned: $year-05-18

# 联审联批事项：status 为 未办理 / 办理中 / 已办结（已办结时填 completed 办结日期）
approvals: []
#  - name: 项目备案（立项）
#    unit: $unit
#    status: 办理中

# 要素保障：kind 为 用地 / 用能 / 用工 / 资金 / 环境容量 / 其他；status 为 已保障 / 保障中 / 未保障
factors: []

# 月度进度：每月用 python -m generator import-report 从月报表写入
progress: []

# 问题台账：status 为 未解决 / 已解决
problems: []

# 现场办公记录（分包领导和责任单位每周至少 1 次）
visits: []
""")


def template_text(content: Content, project_id: str) -> str:
    site = content.site
    # the latest list: the year being reported, or the next one once new-year has prepared it
    year = max((entry.year for project in content.projects.values() for entry in project.years),
               default=dt.date.today().year)
    units = list(content.units.values())
    builder = next((unit for unit in units if unit.kind == "企业"), units[0])
    leader = next(iter(content.leaders.values()))
    return TEMPLATE.substitute(
        id=project_id, year=year, next_year=year + 1,
        category=site.categories[0].id, categories="、".join(f"{c.id}（{c.name}）" for c in site.categories),
        area=site.areas[0].id, areas="、".join(f"{a.id}（{a.name}）" for a in site.areas),
        leader=leader.id, leader_name=f"{leader.name}，{leader.title}",
        unit=units[0].id, unit_name=units[0].name, builder=builder.id, builder_name=builder.name,
    )


def new_project_command(arguments: argparse.Namespace) -> int:
    project_id: str = arguments.id
    if not SLUG.match(project_id) or len(project_id) > SLUG_MAX:
        print(f"命令行有误：编号只能用小写英文字母、数字和连字符，以字母或数字开头，不超过 {SLUG_MAX} 个字符"
              f"（如 hengyuan-food；实际 “{project_id}”）", file=sys.stderr)
        return 2
    content = validated(arguments)
    if content is None:
        print("内容本身有错误，请先改正再新建项目；没有写入任何文件。", file=sys.stderr)
        return 1
    relative = f"projects/{project_id}.yml"
    path = content.root / relative
    if path.exists() or project_id in content.projects:
        print(f"项目 {project_id} 已经存在（{path}），没有改动。换一个编号，或直接编辑这个文件。", file=sys.stderr)
        return 1
    text = template_text(content, project_id)
    errors = staged_errors(content.root, {relative: text})
    blanks = [error for error in errors if is_placeholder(error)]
    if len(blanks) < len(errors):
        listed = "\n".join(str(error) for error in errors if not is_placeholder(error))
        print(f"{listed}\n新记录会有以上错误，没有写入任何文件。", file=sys.stderr)
        return 1
    write_texts(content.root, {relative: text})
    print(f"已建立 {path}。其中 {len(blanks)} 处是占位文字，标有“← 请替换”：请逐项改成真实内容，然后运行 make validate"
          " 校验。占位文字改完之前校验不会通过，网站也不会发布这个项目。")
    return 0
