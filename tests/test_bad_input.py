"""Hardening: a corpus of bad input, each case with its exact Chinese message and a non-zero exit.

Every case edits one file of a copy of the fixture tree. `old` → `new` replaces text; a `bytes` old is the
whole new content of the file. The expected lines are `file:line:column key — message`, the file relative
to the content folder.
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from generator.__main__ import main
from generator.records.characters import UNSHOWABLE, look_alike_key, unshowable_message
from generator.records.yamlsource import MAX_FILE_BYTES, parse

from .conftest import ROOT, edit, loaded
from .test_validation import messages

CASES = [
    ("syntax: missing colon", "projects/alpha.yml", "category: industry", "category industry\nname_x: 1", [
        "projects/alpha.yml:5:1 — YAML 语法错误：缺少冒号“:”，或上一行的引号没有闭合",
    ]),
    ("syntax: unclosed quote", "projects/alpha.yml", "name: 甲食品加工项目", "name: \"甲食品加工项目", [
        "projects/alpha.yml:34:1 — YAML 语法错误：文件意外结束（引号或括号没有闭合？）",
    ]),
    ("syntax: bad indentation", "projects/alpha.yml", "  - {name: 设备安装, planned: 2021-05-20}", "   - {name: 设备安装, planned: 2021-05-20}", [
        "projects/alpha.yml:19:4 — 缩进不一致：这一行缩进了 3 个空格，与上面同一层的行（2 个空格）没有对齐"
        "（同一层的键或列表项要对齐；每深一层多缩进 2 个空格）",
    ]),
    ("syntax: three-space key", "projects/alpha.yml", "cooperating:\n  - {unit: u-res, person: 王五}",
     "cooperating:\n  - unit: u-res\n     person: 王五", [
        "projects/alpha.yml:13:6 — 缩进不一致：这一行缩进了 5 个空格，与上面同一层的行（4 个空格）没有对齐"
        "（同一层的键或列表项要对齐；每深一层多缩进 2 个空格）",
    ]),
    ("syntax: full-width colon, at its own line", "projects/alpha.yml", "category: industry", "category：industry", [
        "projects/alpha.yml:4:9 — 键后面用了全角冒号：把全角冒号“：”改为英文冒号并加空格（写成 category: industry）",
    ]),
    ("syntax: no space after a colon, at its own line", "projects/alpha.yml", "total_investment: 5000", "total_investment:5000", [
        "projects/alpha.yml:14:17 — 冒号后面缺少空格：在“total_investment:”后面加一个空格（写成 total_investment: 5000）",
    ]),
    ("syntax: two colon mistakes, both at once", "projects/alpha.yml", "category: industry", "category：industry\nleader:l-wang", [
        "projects/alpha.yml:4:9 — 键后面用了全角冒号：把全角冒号“：”改为英文冒号并加空格（写成 category: industry）",
        "projects/alpha.yml:5:7 — 冒号后面缺少空格：在“leader:”后面加一个空格（写成 leader: l-wang）",
    ]),
    ("no space after a colon in braces", "projects/alpha.yml", "{area: east,", "{area:east,", [
        "projects/alpha.yml:6:12 location.area — 冒号后面缺少空格：在“area:”后面加一个空格（写成 area: east）",
    ]),
    ("template placeholder left in a value", "projects/alpha.yml", "name: 甲食品加工项目", "name: 甲食品加工项目# ← 请替换", [
        "projects/alpha.yml:3:7 name — 值里还留着模板的占位说明“← 请替换”：请填上真实内容，并删去“# ← 请替换”"
        "（“#”前面要有空格才是注释，否则它会成为值的一部分）",
    ]),
    ("git conflict markers", "projects/alpha.yml", "total_investment: 5000\n",
     "<<<<<<< HEAD\ntotal_investment: 5500\n=======\ntotal_investment: 5300\n>>>>>>> 3f2a1b0 (8月月报)\n", [
        "projects/alpha.yml:14:1 — 两个人同时修改了这一段（git 的冲突标记，到第 18 行为止）：一个版本是第 15 行“total_investment: 5500”，"
        "另一个版本是第 17 行“total_investment: 5300”。商量好保留哪一个（或合成一个），并删去 <<<<<<<、=======、>>>>>>> 这几行标记",
    ]),
    ("a conflict marker left behind", "projects/alpha.yml", "total_investment: 5000\n", "total_investment: 5000\n>>>>>>> 3f2a1b0 (8月月报)\n", [
        "projects/alpha.yml:15:1 — 残留的冲突标记 >>>>>>>（两个人同时修改过这里，标记没有删干净）："
        "对照前后的内容改好，并删去 <<<<<<<、=======、>>>>>>> 这几行标记",
    ]),
    ("tab indentation", "projects/alpha.yml", "location: {area: east, address: 东区一路1号}", "location:\n\tarea: east", [
        "projects/alpha.yml:7:1 — 用了制表符（Tab）缩进，请改用空格",
    ]),
    ("two documents in one file", "projects/alpha.yml", "id: alpha", "id: alpha\n---\nid: again", [
        "projects/alpha.yml:3:1 — YAML 语法错误：一个文件只能写一条记录（删去多余的“---”分隔线）",
    ]),
    ("wrong type: text for a list", "projects/alpha.yml", "visits:", "measures: 倒排工期\nvisits:", [
        "projects/alpha.yml:28:11 measures — 推进措施：类型不对（期望 列表（每项以“- ”开头），实际 “倒排工期”）",
    ]),
    ("wrong type: number for text", "projects/alpha.yml", "name: 甲食品加工项目", "name: 12345", [
        "projects/alpha.yml:3:7 name — 项目名称：类型不对（期望 文本；纯数字的文本请加引号，实际 12345）",
    ]),
    ("wrong type: list for money", "projects/alpha.yml", "annual_plan: 1200", "annual_plan: [1200]", [
        "projects/alpha.yml:15:45 years[1].annual_plan — 年度计划投资（万元）：类型不对（期望 数字，实际 列表）",
    ]),
    ("wrong type: slash date", "projects/beta.yml", "planned_start: 2021-03-15", "planned_start: 2021/03/15", [
        "projects/beta.yml:16:16 planned_start — 计划开工日期：类型不对（期望 日期（YYYY-MM-DD），实际 “2021/03/15”）",
    ]),
    ("wrong value: kind", "projects/alpha.yml", "kind: 续建,", "kind: 在建,", [
        "projects/alpha.yml:15:28 years[1].kind — 建设性质：取值无效（期望 以下之一：新开工, 续建, 前期，实际 “在建”）",
    ]),
    ("missing required key", "projects/alpha.yml", "description: 建设食品加工车间\n", "", [
        "projects/alpha.yml:2:1 description — 建设内容：缺少必填的键",
    ]),
    ("unknown key, nested", "projects/alpha.yml", "location: {area: east, address: 东区一路1号}", "location: {area: east, adress: 东区一路1号}", [
        "projects/alpha.yml:6:24 location.adress — 未知的键，它的内容不会被使用；是不是 address？（请检查拼写）",
    ]),
    ("duplicate key, nested", "projects/alpha.yml", "location: {area: east, address: 东区一路1号}", "location: {area: east, area: west}", [
        "projects/alpha.yml:6:24 location.area — 重复的键 area（第 6 行已经写过；YAML 只会保留最后一个，前面的内容会丢失）",
    ]),
    ("duplicate project id", "projects/beta.yml", "id: beta", "id: alpha", [
        "projects/beta.yml:2:5 id — 编号与文件名不一致（期望 beta，实际 alpha）",
        "projects/beta.yml:2:5 id — 编号重复：alpha 已在 projects/alpha.yml 中使用",
    ]),
    ("duplicate leader id", "leaders.yml", "  - {id: l-li, name: 李二, title: 常务副县长}", "  - {id: l-wang, name: 李二, title: 常务副县长}", [
        "chains.yml:4:12 chains[1].chief — 找不到领导 l-li（期望 leaders.yml 中已有的编号）",
        "leaders.yml:3:10 leaders[2].id — 编号重复：l-wang（第 2 行已经用过）",
        "meetings/2021-04-05-dispatch.yml:4:11 convener — 找不到领导 l-li（期望 leaders.yml 中已有的编号）",
        "projects/beta.yml:8:9 leader — 找不到领导 l-li（期望 leaders.yml 中已有的编号）",
        "projects/delta.yml:8:9 leader — 找不到领导 l-li（期望 leaders.yml 中已有的编号）",
        "projects/epsilon.yml:8:9 leader — 找不到领导 l-li（期望 leaders.yml 中已有的编号）",
    ]),
    ("dangling category", "projects/alpha.yml", "category: industry", "category: mining", [
        "projects/alpha.yml:4:11 category — 找不到项目类别 mining（期望 site.yml 的 categories 中已有的编号）",
    ]),
    ("dangling area", "projects/alpha.yml", "location: {area: east", "location: {area: north", [
        "projects/alpha.yml:6:18 location.area — 找不到区域 north（期望 site.yml 的 areas 中已有的编号）",
    ]),
    ("dangling unit in a meeting", "meetings/2021-04-05-dispatch.yml", "  - {unit: u-town, status: 缺席}", "  - {unit: u-town, status: 缺席}\n  - {unit: u-nowhere, status: 缺席}", [
        "meetings/2021-04-05-dispatch.yml:9:12 attendance[4].unit — 找不到单位 u-nowhere（期望 units.yml 中已有的编号）",
    ]),
    ("dangling project in a decision", "meetings/2021-05-06-dispatch.yml", "projects: [gamma]", "projects: [omega]", [
        "meetings/2021-05-06-dispatch.yml:9:75 decisions[1].projects[1] — 找不到项目 omega（期望 content/projects/ 中已有的编号）",
    ]),
    ("impossible month", "projects/alpha.yml", "month: 2021-05", "month: 2021-13", [
        "projects/alpha.yml:27:13 progress[3].month — 月份：月份格式不对（期望 YYYY-MM，如 2021-08，实际 “2021-13”）",
    ]),
    ("money as text", "projects/alpha.yml", "total_investment: 5000", "total_investment: \"5000万元\"", [
        "projects/alpha.yml:14:19 total_investment — 总投资（万元）：金额和数字只写数字，不带单位和逗号（期望 数字，如 1200.5，实际 “5000万元”）",
    ]),
    ("money not a number", "projects/alpha.yml", "total_investment: 5000", "total_investment: .nan", [
        "projects/alpha.yml:14:19 total_investment — 总投资（万元）：不能是无穷大或非数字（期望 有限的数字，实际 nan）",
    ]),
    ("money infinite", "projects/alpha.yml", "total_investment: 5000", "total_investment: .inf", [
        "projects/alpha.yml:14:19 total_investment — 总投资（万元）：不能是无穷大或非数字（期望 有限的数字，实际 inf）",
    ]),
    ("annual plan above total", "projects/alpha.yml", "total_investment: 5000", "total_investment: 1000", [
        "projects/alpha.yml:15:45 years[1].annual_plan — 2021 年度计划投资不能大于总投资（期望 ≤ 1000，实际 1200）",
    ]),
    ("top-level list", "projects/alpha.yml", b'- id: alpha\n- name: x\n', None, [
        "projects/alpha.yml:1:1 — 文件的最外层应为键值表（期望 键值表（键: 值），实际 列表）",
    ]),
    ("control character", "projects/alpha.yml", "description: 建设食品加工车间", "description: 建设\u0007食品加工车间", [
        "projects/alpha.yml:7:16 — 含有不可见的控制字符 U+0007，请删除（常见于从网页或 Word 复制的文字）",
    ]),
    ("python object tag", "projects/alpha.yml", "name: 甲食品加工项目", "name: !!python/object/apply:os.system [\"echo pwned\"]", [
        "projects/alpha.yml:3:7 name — 不允许的 YAML 标签 !!python/object/apply:os.system",
    ]),
    ("custom tag", "projects/alpha.yml", "name: 甲食品加工项目", "name: !include other.yml", [
        "projects/alpha.yml:3:7 name — 不允许的 YAML 标签 !include（只接受文本、数字、日期、true/false）",
    ]),
    ("anchor and alias", "projects/alpha.yml", "visits:", "measures: &m [一, 二]\nextra_measures: *m\nvisits:", [
        "projects/alpha.yml:28:11 extra_measures — 不支持 YAML 锚点与别名（&名称 / *名称），请直接写出内容",
    ]),
    ("whitespace-only file", "projects/alpha.yml", b'\n   \n\n', None, [
        "projects/alpha.yml:1:1 — 文件为空（没有任何内容）",
    ]),
    ("problem resolved without a date", "projects/beta.yml", "    resolved: 2021-05-05\n", "", [
        "projects/beta.yml:27:5 problems[1].resolved — 状态为“已解决”时必须填写解决日期，未解决时不填",
    ]),
    ("approval done without a date", "projects/beta.yml", "status: 办理中}", "status: 已办结}", [
        "projects/beta.yml:21:5 approvals[3].completed — 状态为“已办结”时必须填写办结日期，其他状态不填",
    ]),
    ("deadline before raised", "projects/beta.yml", "deadline: 2021-04-10", "deadline: 2021-03-01", [
        "projects/beta.yml:30:15 problems[1].deadline — 办结时限早于提出日期（期望 不早于 2021-03-20，实际 2021-03-01）",
    ]),
    ("meeting file name mismatch", "meetings/2021-05-06-dispatch.yml", "date: 2021-05-06", "date: 2021-05-07", [
        "meetings/2021-05-06-dispatch.yml:2:7 date — 文件名与记录不一致（期望 2021-05-07-dispatch.yml，实际 2021-05-06-dispatch.yml）",
    ]),
    ("meeting kind unknown", "meetings/2021-05-06-dispatch.yml", "kind: dispatch", "kind: party", [
        "meetings/2021-05-06-dispatch.yml:1:7 kind — 会议类型无效（期望 dispatch、review、inspection 之一，实际 “party”）",
    ]),
    ("two bulletins for one month", "meetings/2021-05-06-dispatch.yml", "reporting_month: 2021-04", "reporting_month: 2021-03", [
        "meetings/2021-05-06-dispatch.yml:3:18 reporting_month — 通报月份重复：2021-03 已由 2021-04-05-dispatch 通报（每月只出一期通报）",
    ]),
    ("substitute missing", "meetings/2021-05-06-dispatch.yml", "status: 替会, substitute: 钱七}", "status: 替会}", [
        "meetings/2021-05-06-dispatch.yml:6:5 attendance[2].substitute — 出席情况为“替会”时须填写替会人",
    ]),
    ("score above the maximum", "meetings/2021-05-28-review.yml", "{a: 40, b: 45}", "{a: 40, b: 55}", [
        "meetings/2021-05-28-review.yml:5:41 scores[1].scores.b — 得分超过满分（期望 ≤ 50，实际 55）",
    ]),
    ("unknown criterion", "meetings/2021-05-28-review.yml", "{a: 40, b: 45}", "{a: 40, c: 45}", [
        "meetings/2021-05-28-review.yml:5:41 scores[1].scores.c — 找不到评分项 c（期望 site.yml 的 review_criteria 中已有的编号）",
    ]),
    ("link not http", "projects/alpha.yml", "visits:", "links:\n  - {title: 官网, url: 'javascript:alert(1)'}\nvisits:", [
        "projects/alpha.yml:29:22 links[1].url — 网址：网址格式不对（期望 以 http:// 或 https:// 开头的网址，实际 “javascript:alert(1)”）",
    ]),
    ("attachment climbing out", "projects/alpha.yml", "visits:", "attachments:\n  - {file: ../../etc/passwd.png, title: 照片}\nvisits:", [
        "projects/alpha.yml:29:12 attachments[1].file — 文件：文件路径格式不对（期望 content/media/ 下的相对路径，只用英文字母、数字和 - _ . /，实际 “../../etc/passwd.png”）",
    ]),
    ("attachment absolute", "projects/alpha.yml", "visits:", "attachments:\n  - {file: /etc/passwd, title: 照片}\nvisits:", [
        "projects/alpha.yml:29:12 attachments[1].file — 文件：文件路径格式不对（期望 content/media/ 下的相对路径，只用英文字母、数字和 - _ . /，实际 “/etc/passwd”）",
    ]),
    ("attachment missing", "projects/alpha.yml", "visits:", "attachments:\n  - {file: alpha/site.jpg, title: 现场照片}\nvisits:", [
        "projects/alpha.yml:29:12 attachments[1].file — 找不到附件文件 content/media/alpha/site.jpg",
    ]),
    ("attachment type", "projects/alpha.yml", "visits:", "attachments:\n  - {file: alpha/run.exe, title: 程序}\nvisits:", [
        "projects/alpha.yml:29:12 attachments[1].file — 附件类型不支持（期望 .jpeg、.jpg、.pdf、.png、.webp，实际 .exe）",
    ]),
    ("site title the theme would print as markup", "site.yml", "title: 测试县重点项目建设公开专栏",
     "title: 测试县</title><script>alert(1)</script>", [
        "site.yml:2:8 title — 网站名称：含有网页的保留字符（期望 不含 < > & \" ' \\ 的文字（它会原样出现在每一页的标题栏），实际 “测试县</title><script>alert(1)</script>”）",
    ]),
    ("county name with an attribute breaker", "site.yml", "county: 测试县", "county: '测试县\" onmouseover=\"alert(1)'", [
        "site.yml:3:9 county — 县（市、区）名：含有网页的保留字符（期望 不含 < > & \" ' \\ 的文字（它会原样出现在每一页的标题栏），实际 “测试县\" onmouseover=\"alert(1)”）",
    ]),
    ("stray file in projects", "projects/notes.txt", b'just notes\n', None, [
        "projects/notes.txt:1:1 — 不认识的文件：projects/ 下只放 .yml 记录文件",
    ]),
    # what a double-quoted escape writes, which the check of the raw file never saw
    ("escaped NUL", "projects/alpha.yml", "name: 甲食品加工项目", 'name: "甲食品\\u0000加工项目"', [
        "projects/alpha.yml:3:7 name — 含有不可见的控制字符 U+0000，请删除（常见于从网页或 Word 复制的文字）",
    ]),
    ("escaped terminal escape", "projects/alpha.yml", "description: 建设食品加工车间", 'description: "\\e[31m建设"', [
        "projects/alpha.yml:7:14 description — 含有不可见的控制字符 U+001B，请删除（常见于从网页或 Word 复制的文字）",
    ]),
    ("escaped C1 control", "projects/alpha.yml", "inspector: {name: 赵六", 'inspector: {name: "赵\\x85六"', [
        "projects/alpha.yml:13:19 inspector.name — 含有不可见的控制字符 U+0085，请删除（常见于从网页或 Word 复制的文字）",
    ]),
    ("escaped noncharacter", "projects/beta.yml", "text: 征迁未完成", 'text: "征迁\\uffff未完成"', [
        "projects/beta.yml:28:11 problems[1].text — 含有不可见的控制字符 U+FFFF，请删除（常见于从网页或 Word 复制的文字）",
    ]),
    ("escaped bidi override", "projects/alpha.yml", "name: 甲食品加工项目", 'name: "甲食品\\u202e目项工加"', [
        "projects/alpha.yml:3:7 name — 含有改变文字显示方向的不可见字符 U+202E：网页上显示的文字会与记录不同，请删除",
    ]),
    ("raw bidi isolate", "meetings/2021-05-06-dispatch.yml", "text: 丙产业园", "text: 丙\u2067产业园", [
        "meetings/2021-05-06-dispatch.yml:9:12 decisions[1].text — 含有改变文字显示方向的不可见字符 U+2067：网页上显示的文字会与记录不同，请删除",
    ]),
    ("raw zero-width space", "projects/beta.yml", "person: 张三", "person: 张\u200b三", [
        "projects/beta.yml:9:36 responsible.person — 含有不可见的字符 U+200B（零宽字符等）：看起来相同的文字实际不同，请删除（常见于从网页或 Word 复制的文字）",
    ]),
    ("escaped BOM in an id", "projects/alpha.yml", "leader: l-wang", 'leader: "l-wang\\ufeff"', [
        "projects/alpha.yml:8:9 leader — 含有不可见的字符 U+FEFF（零宽字符等）：看起来相同的文字实际不同，请删除（常见于从网页或 Word 复制的文字）",
    ]),
    ("escaped line separator", "projects/alpha.yml", "image: 主体封顶", 'image: "主体\\L封顶"', [
        "projects/alpha.yml:26:45 progress[2].image — 含有不可见的字符 U+2028（零宽字符等）：看起来相同的文字实际不同，请删除（常见于从网页或 Word 复制的文字）",
    ]),
    ("escaped key", "projects/alpha.yml", "visits:", '"note\\u202e": x\nvisits:', [
        "projects/alpha.yml:28:1 note\\u202e — 含有改变文字显示方向的不可见字符 U+202E：网页上显示的文字会与记录不同，请删除",
    ]),
    # numbers that make no sense
    ("green light threshold not a number", "site.yml", "visits_since:", "lights: {green_from: .nan}\nvisits_since:", [
        "site.yml:10:22 lights.green_from — 绿灯下限（百分点）：不能是无穷大或非数字（期望 有限的数字，实际 nan）",
    ]),
    ("red light threshold out of range", "site.yml", "visits_since:", "lights: {red_at: -1000}\nvisits_since:", [
        "site.yml:10:18 lights.red_at — 红灯线（百分点）：太小（期望 ≥ -100，实际 -1000）",
    ]),
    ("money too large", "projects/alpha.yml", "total_investment: 5000", "total_investment: 1.0e+308", [
        "projects/alpha.yml:14:19 total_investment — 总投资（万元）：太大（期望 ≤ 100000000，实际 1e+308）",
    ]),
    ("cumulative too large", "projects/alpha.yml", "completed: 600", "completed: 1.0e+200", [
        "projects/alpha.yml:27:33 progress[3].completed — 本年累计完成投资（万元）：太大（期望 ≤ 100000000，实际 1e+200）",
    ]),
    ("money beyond a float", "projects/alpha.yml", "annual_plan: 1200", "annual_plan: 1" + "0" * 400, [
        "projects/alpha.yml:15:45 years[1].annual_plan — 年度计划投资（万元）：数字太大（实际 1000000000000000000000000000000000000000…）",
    ]),
    ("score too large", "site.yml", "max_score: 50}", "max_score: 1.0e+308}", [
        "site.yml:22:38 review_criteria[1].max_score — 满分：太大（期望 ≤ 1000，实际 1e+308）",
    ]),
    ("latitude not a number", "projects/alpha.yml", "location: {area: east,", "location: {area: east, latitude: .nan,", [
        "projects/alpha.yml:6:34 location.latitude — 纬度：不能是无穷大或非数字（期望 有限的数字，实际 nan）",
    ]),
    # text that makes no sense
    ("a 100,000-character address", "projects/alpha.yml", "address: 东区一路1号", "address: " + "东" * 100_000, [
        "projects/alpha.yml:6:33 location.address — 地址：太长（期望 最多 200 个字符，实际 100000 个）",
    ]),
    ("a very long resolution", "projects/beta.yml", "resolution: 已完成征迁", "resolution: " + "征" * 2001, [
        "projects/beta.yml:33:17 problems[1].resolution — 解决情况：太长（期望 最多 2000 个字符，实际 2001 个）",
    ]),
    # names a reader cannot tell apart
    ("duplicate unit name", "units.yml", "name: 县纪委监委", "name: 县发展改革委", [
        "units.yml:6:22 units[5].name — 单位名称与第 2 行的“县发展改革委”相同，公众无法区分（期望 每个单位的名称都不同）",
    ]),
    ("look-alike unit name: a space", "units.yml", "name: 县纪委监委", "name: 县发展　改革委", [
        "units.yml:6:22 units[5].name — 单位名称与第 2 行的“县发展改革委”看起来相同（只是全角半角、大小写、空格或形近字母不同），"
        "公众无法区分（期望 每个单位的名称都不同）",
    ]),
    ("look-alike unit name: Cyrillic letters", "units.yml", "name: 测试县城市建设投资有限公司, kind: 企业}",
     "name: АВС公司, kind: 企业}\n  - {id: u-abc, name: ABC公司, kind: 企业}", [
        "units.yml:6:23 units[5].name — 单位名称与第 5 行的“АВС公司”看起来相同（只是全角半角、大小写、空格或形近字母不同），"
        "公众无法区分（期望 每个单位的名称都不同）",
    ]),
    ("look-alike category name", "site.yml", "name: 基础设施}", "name: 工 业}", [
        "site.yml:17:23 categories[2].name — 项目类别名称与第 16 行的“工业”看起来相同（只是全角半角、大小写、空格或形近字母不同），"
        "公众无法区分（期望 每个项目类别的名称都不同）",
    ]),
    # settings
    ("sample OC4IDS prefix on real data", "site.yml", "demo: true", "demo: false", [
        "site.yml:9:16 oc4ids_prefix — oc4ids-sample- 是示例数据的前缀，正式数据（demo: false）不能用"
        "（期望 向 Open Contracting Partnership 登记的本县前缀，如 oc4ids-bu3kcz-）",
    ]),
    ("OC4IDS prefix malformed", "site.yml", "oc4ids_prefix: oc4ids-sample-", "oc4ids_prefix: oc4ids-abc-", [
        "site.yml:9:16 oc4ids_prefix — OC4IDS 项目编号前缀：OC4IDS 前缀格式不对"
        "（期望 oc4ids- 加 6 个小写字母或数字再加连字符，如 oc4ids-bu3kcz-，实际 “oc4ids-abc-”）",
    ]),
    # the schedule agrees with itself (issue 17): each message names both keys, the second with its line
    ("milestone after the planned completion", "projects/alpha.yml", "actual_start: 2020-06-01",
     "actual_start: 2020-06-01\nplanned_completion: 2021-10-31", [
        "projects/alpha.yml:21:27 milestones[3].planned — 节点“竣工验收”的计划日期晚于第 17 行的计划竣工日期 "
        "planned_completion（期望 不晚于 2021-10-31，实际 2021-12-31）：改正其中一个；节点推迟了，新的日期写在 forecast，"
        "planned 保留原计划",
    ]),
    ("completion without a start", "projects/delta.yml", "planned_start: 2021-06-01",
     "planned_start: 2021-06-01\nactual_completion: 2021-05-20", [
        "projects/delta.yml:17:20 actual_completion — 填写了实际竣工日期 2021-05-20，却没有实际开工日期 actual_start"
        "（期望 两个都填，或都不填）",
    ]),
    ("milestone done after the completion", "projects/alpha.yml", "actual_start: 2020-06-01",
     "actual_start: 2020-06-01\nactual_completion: 2021-05-01", [
        "projects/alpha.yml:19:47 milestones[1].actual — 节点“主体完工”的实际完成日期晚于第 17 行的实际竣工日期 "
        "actual_completion（期望 不晚于 2021-05-01，实际 2021-05-10）",
    ]),
    ("new start that started the year before", "projects/beta.yml", "actual_start: 2021-05-10", "actual_start: 2020-12-01", [
        "projects/beta.yml:15:28 years[1].kind — 2021 年写作新开工，但第 17 行的实际开工日期 actual_start 是 2020-12-01，"
        "在 2021 年以前（期望 续建，或改正实际开工日期）",
    ]),
    ("continuing project that started this year", "projects/alpha.yml", "actual_start: 2020-06-01", "actual_start: 2021-02-01", [
        "projects/alpha.yml:15:28 years[1].kind — 2021 年写作续建，但第 16 行的实际开工日期 actual_start 是 2021-02-01，"
        "不在 2021 年以前（期望 新开工，或改正实际开工日期）",
    ]),
]


@pytest.mark.parametrize("case", CASES, ids=[case[0] for case in CASES])
def test_bad_input_is_refused_with_its_message(tree: Path, case, capsys: pytest.CaptureFixture[str]):
    _, relative, old, new, expected = case
    if isinstance(old, bytes):
        (tree / relative).write_bytes(old)
    else:
        edit(tree, relative, old, new)
    assert messages(tree) == expected
    assert main(["validate", "--content", str(tree)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.strip().endswith("请逐条改正后再试；网站没有更新。")


ADDRESS = "不能用：index、page-数字 和 by- 开头的是列表页和筛选页的网址（请换一个编号）"
DEVICE = "不能用：Windows 不允许文件或文件夹叫这个名字，仓库和网站在 Windows 电脑上会无法检出或复制（请换一个编号）"


@pytest.mark.parametrize("reserved, says", [
    ("index", ADDRESS), ("page-2", ADDRESS), ("by-unit", ADDRESS), ("by-anything", ADDRESS),
    ("con", DEVICE), ("aux", DEVICE), ("nul", DEVICE), ("prn", DEVICE), ("com1", DEVICE), ("lpt9", DEVICE),
])
def test_project_ids_that_are_addresses_of_other_pages_or_windows_devices_are_refused(tree: Path, reserved: str,
                                                                                       says: str):
    # by-unit/: the facet folder, where a unit `card` would be the same page as the project's card
    (tree / "projects" / "epsilon.yml").rename(tree / "projects" / f"{reserved}.yml")
    edit(tree, f"projects/{reserved}.yml", "id: epsilon", f"id: {reserved}")
    assert messages(tree) == [f"projects/{reserved}.yml:2:5 id — 编号 {reserved} {says}"]


@pytest.mark.parametrize("relative, old, line", [
    ("units.yml", "{id: u-jw,", "units.yml:6:10 units[5].id"),
    ("leaders.yml", "{id: l-li,", "leaders.yml:3:10 leaders[2].id"),
    ("site.yml", "{id: infra,", "site.yml:17:10 categories[2].id"),
    ("site.yml", "{id: west,", "site.yml:20:10 areas[2].id"),
    ("chains.yml", "  - id: food", "chains.yml:2:9 chains[1].id"),
])
def test_every_id_that_names_a_folder_refuses_windows_device_names(tree: Path, relative: str, old: str, line: str):
    edit(tree, relative, old, old.replace(old.split("id: ")[1].rstrip(","), "aux"))
    found = messages(tree)
    assert f"{line} — 编号 aux {DEVICE}" in found, found


def test_corpus_is_large_enough():
    assert len(CASES) >= 30


def test_utf8_bom_is_accepted_in_every_kind_of_file(tree: Path):
    for path in [tree / "site.yml", tree / "units.yml", tree / "projects" / "alpha.yml",
                 tree / "meetings" / "2021-05-28-review.yml"]:
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert messages(tree) == []


def test_file_over_the_size_limit(tree: Path):
    path = tree / "projects" / "alpha.yml"
    path.write_bytes(path.read_bytes() + b"# " + b"x" * MAX_FILE_BYTES + b"\n")
    (line,) = messages(tree)
    assert line.startswith("projects/alpha.yml:1:1 — 文件过大（期望 不超过 2 MB，实际 ")


def test_symlink_pointing_outside_content_is_not_read(tree: Path, tmp_path: Path):
    outside = tmp_path / "secret.yml"
    outside.write_text((tree / "projects" / "alpha.yml").read_text(encoding="utf-8"), encoding="utf-8")
    (tree / "projects" / "alpha.yml").unlink()
    (tree / "projects" / "alpha.yml").symlink_to(outside)
    assert messages(tree) == [
        "projects/alpha.yml:1:1 — 这是指向 content/ 以外的符号链接，不予读取（请把文件本身放进仓库）"]


def test_attachment_symlink_pointing_outside_media_is_refused(tree: Path, tmp_path: Path):
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tree / "media" / "alpha").mkdir(parents=True)
    (tree / "media" / "alpha" / "site.png").symlink_to(tmp_path / "photo.png")
    edit(tree, "projects/alpha.yml", "visits:", "attachments:\n  - {file: alpha/site.png, title: 现场}\nvisits:")
    assert messages(tree) == ["projects/alpha.yml:29:12 attachments[1].file — "
                              "附件是指向 content/media/ 以外的符号链接，不予发布（请把文件本身放进仓库）"]


def test_attachment_inside_media_is_published(tree: Path, tmp_path: Path):
    from PIL import Image

    from generator.site.build import build

    from .photofactory import photo_bytes

    (tree / "media" / "alpha").mkdir(parents=True)
    (tree / "media" / "alpha" / "site.png").write_bytes(photo_bytes(0.5, fmt="PNG", size=(400, 300)))
    (tree / "media" / "alpha" / "permit.pdf").write_bytes(b"%PDF-1.4 fake")
    edit(tree, "projects/alpha.yml", "visits:", "attachments:\n  - {file: alpha/site.png, title: 现场照片}\n"
                                                "  - {file: alpha/permit.pdf, title: 施工许可证}\nvisits:")
    assert messages(tree) == []
    build(tree, tmp_path / "site", tmp_path / "docs")
    # an image attachment keeps its address and format, and loses its metadata (GPS, camera, owner)
    with Image.open(tmp_path / "site" / "media" / "alpha" / "site.png") as published:
        assert (published.format, published.size) == ("PNG", (400, 300))
        assert not published.getexif() and "exif" not in published.info
    assert (tmp_path / "site" / "media" / "alpha" / "permit.pdf").read_bytes() == b"%PDF-1.4 fake"
    page = (tmp_path / "site" / "projects" / "alpha" / "index.html").read_text(encoding="utf-8")
    assert 'src="../../media/alpha/site.png" alt="现场照片" width="400" height="300"' in page


def _limit_memory() -> None:
    limit = 1 << 30  # 1 GiB of address space: an expanded billion-laughs document would need far more
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def test_alias_bomb_fails_fast_with_bounded_memory(tree: Path):
    lines = ['a0: &a0 ["甲", "甲", "甲", "甲", "甲", "甲", "甲", "甲", "甲", "甲"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    (tree / "projects" / "alpha.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "generator", "validate", "--content", str(tree)], cwd=ROOT,
                            capture_output=True, text=True, timeout=60, preexec_fn=_limit_memory,
                            env={**os.environ, "OPENBLAS_NUM_THREADS": "1"})
    assert time.monotonic() - started < 30
    assert result.returncode == 1
    assert "不支持 YAML 锚点与别名（&名称 / *名称），请直接写出内容" in result.stderr
    assert "Traceback" not in result.stderr and "MemoryError" not in result.stderr


def test_a_bad_record_is_never_half_used(tree: Path):
    # the duplicate key is reported, and the record does not go on to the cross-record checks with one value
    edit(tree, "projects/alpha.yml", "leader: l-wang", "leader: l-wang\nleader: l-nobody")
    content = loaded(tree)
    assert "alpha" not in content.projects
    assert [e.key for e in content.errors] == ["leader"]


# --- characters a reader cannot see, however they are written -------------------------------------------


UNSEEN_CATEGORIES = ("Cc", "Cf", "Cs", "Zl", "Zp")


def test_every_control_format_and_separator_character_is_unshowable():
    missed = [f"U+{code:04X}" for code in range(0x110000)
              if unicodedata.category(chr(code)) in UNSEEN_CATEGORIES and chr(code) not in "\t\n\r"
              and not UNSHOWABLE.match(chr(code))]
    assert missed == []
    for allowed in "甲a1 \u3000、。（）《》—…·\t\n":  # what Chinese text is written with stays allowed
        assert not UNSHOWABLE.match(allowed), allowed


@settings(max_examples=200, deadline=None)
@given(st.characters(categories=("Cc", "Cf", "Zl", "Zp")).filter(lambda c: c not in "\t\n\r"))
def test_an_unseen_character_is_refused_in_any_value_or_key_escaped_or_raw(character: str):
    escaped = f"\\U{ord(character):08x}"
    for text in (f'name: "甲{escaped}乙"\n', f'"键{escaped}": 1\n', f'list: ["甲", "{escaped}"]\n'):
        document = parse(text)
        assert [issue.message for issue in document.issues] == [unshowable_message(character)], text
    if not _CONTROL_CHARS_RAW.match(character):
        document = parse(f"name: 甲{character}乙\n")  # raw; libyaml takes a line separator as a line break
        assert [issue.message for issue in document.issues] in ([unshowable_message(character)],
                                                                 ["YAML 语法错误：缺少冒号“:”，或上一行的引号没有闭合"])


_CONTROL_CHARS_RAW = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")  # refused with the file


def test_an_escaped_surrogate_is_refused_by_the_parser():
    assert [issue.message for issue in parse('name: "\\ud800"\n').issues] == [
        "YAML 语法错误（found invalid Unicode character escape code）"]


def test_an_unseen_character_in_a_comment_is_harmless(tree: Path):
    edit(tree, "projects/alpha.yml", "# 续建", "# \u202e续建\u200b")
    assert messages(tree) == []


# --- messages that cannot be forged ----------------------------------------------------------------------


FORGING_NAMES = ["a,line=1,col=1,title=x::伪造.yml", "b%0A::warning file=x::伪造.yml", "c\n::error ::伪造.yml",
                 "d\x1b[2J.yml", "e\u202eyml.exe.yml"]


def test_file_names_cannot_forge_github_annotations_or_message_lines(tree: Path, capsys: pytest.CaptureFixture[str]):
    for name in FORGING_NAMES:
        (tree / "projects" / name).write_text("[", encoding="utf-8")
    assert main(["validate", "--content", str(tree), "--format", "github"]) == 1
    lines = capsys.readouterr().out.splitlines()
    errors, summary = lines[:-1], lines[-1]
    assert len(errors) == len(FORGING_NAMES) and summary.startswith(f"共 {len(FORGING_NAMES)} 处错误")
    for line in errors:
        command, _, _ = line.partition("::error ")[2].partition("::")
        properties = dict(part.split("=", 1) for part in command.split(","))
        assert list(properties) == ["file", "line", "col", "title"], line
        assert "\x1b" not in line and "\u202e" not in line
    assert main(["validate", "--content", str(tree)]) == 1
    text = capsys.readouterr().err.splitlines()
    assert len(text) == len(FORGING_NAMES) + 1 and all("\x1b" not in line and "\u202e" not in line for line in text)
    assert any("c\\n::error ::伪造.yml" in line for line in text)  # shown as an escape, not as a new line


# --- settings and content that make no sense ---------------------------------------------------------------


def test_no_project_at_all_is_a_clear_message_not_a_crash(tree: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]):
    for path in (tree / "projects").iterdir():
        path.unlink()
    for path in (tree / "meetings").iterdir():
        path.unlink()
    shutil.rmtree(tree / "issued")  # a county starting out has issued nothing either
    edit(tree, "chains.yml", "key_projects: [alpha, gamma]", "key_projects: []")
    expected = ["projects:1:1 — 还没有任何项目记录：网站至少要有一个项目才能生成"
                "（新建项目：python -m generator new-project 编号；工作人员手册里有示例）"]
    assert messages(tree) == expected
    assert main(["build", "--content", str(tree), "--out", str(tmp_path / "site"), "--docs", str(tmp_path / "d")]) == 1
    err = capsys.readouterr().err
    assert "还没有任何项目记录" in err and "Traceback" not in err and "意外错误" not in err


def test_a_media_folder_that_is_a_link_out_of_the_repository_is_not_published(tree: Path, tmp_path: Path):
    outside = tmp_path / "elsewhere"
    (outside / "alpha").mkdir(parents=True)
    (outside / "alpha" / "site.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tree / "media").symlink_to(outside)  # the folder itself, not the file, points out
    edit(tree, "projects/alpha.yml", "visits:", "attachments:\n  - {file: alpha/site.png, title: 现场}\nvisits:")
    assert messages(tree) == ["projects/alpha.yml:29:12 attachments[1].file — "
                              "附件是指向 content/media/ 以外的符号链接，不予发布（请把文件本身放进仓库）"]
    (tree / "media").unlink()
    (tree / "media" / "alpha").mkdir(parents=True)
    (tree / "media" / "alpha" / "link").symlink_to(outside / "alpha")  # a folder inside media, pointing out
    edit(tree, "projects/alpha.yml", "file: alpha/site.png", "file: alpha/link/site.png")
    assert messages(tree) == ["projects/alpha.yml:29:12 attachments[1].file — "
                              "附件是指向 content/media/ 以外的符号链接，不予发布（请把文件本身放进仓库）"]


def test_attachment_names_that_differ_only_in_case_are_refused(tree: Path, monkeypatch: pytest.MonkeyPatch):
    (tree / "media" / "alpha").mkdir(parents=True)
    for name in ("site.png", "Site.png"):
        Image.new("RGB", (4, 3), "gray").save(tree / "media" / "alpha" / name)
    edit(tree, "projects/alpha.yml", "visits:", "attachments:\n  - {file: alpha/site.png, title: 现场}\nvisits:")
    edit(tree, "projects/beta.yml", "progress:", "attachments:\n  - {file: alpha/Site.png, title: 现场}\nprogress:")
    assert messages(tree) == ["projects/beta.yml:23:12 attachments[1].file — 附件文件名与另一个附件 alpha/site.png "
                              "只有大小写不同：Windows 和 macOS 上它们是同一个文件（期望 改成不同的名字）"]


def test_an_attachment_found_only_because_the_disk_ignores_case_is_refused(tree: Path,
                                                                          monkeypatch: pytest.MonkeyPatch):
    # as on Windows or macOS: Photo.PNG is found for photo.png, but the site's address and CI's Linux differ
    (tree / "media" / "alpha").mkdir(parents=True)
    (tree / "media" / "alpha" / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    edit(tree, "projects/alpha.yml", "visits:", "attachments:\n  - {file: alpha/photo.png, title: 现场}\nvisits:")
    real = os.listdir
    monkeypatch.setattr(os, "listdir", lambda path: [n.replace("photo", "Photo") for n in real(path)])
    assert messages(tree) == ["projects/alpha.yml:29:12 attachments[1].file — 附件文件名的大小写与磁盘上的不同"
                              "（期望 与 content/media/ 中的一致，实际 alpha/photo.png）"]


@pytest.mark.parametrize("first, second, alike", [
    ("县发展改革委", "县 发展改革委", True), ("县发改委（东区）", "县发改委(东区)", True), ("ABC公司", "АВС公司", True),
    ("ABC公司", "abc公司", True), ("县⼈社局", "县人社局", True), ("县第〇中学", "县第O中学", True),
    ("县一中", "县二中", False), ("ABT公司", "ABZ公司", False), ("县发改委", "县发展改革委", False),
])
def test_names_that_look_the_same_compare_equal(first: str, second: str, alike: bool):
    assert (look_alike_key(first) == look_alike_key(second)) is alike


def test_an_unseen_character_written_into_an_issued_document_by_hand_is_refused(tree: Path,
                                                                                capsys: pytest.CaptureFixture[str]):
    assert main(["issue", "--content", str(tree), "--date", "2021-06-08"]) == 0
    capsys.readouterr()
    issued = tree / "issued" / "bulletins" / "2021-01.json"
    text = issued.read_text(encoding="utf-8")
    assert '"name": "甲食品加工项目"' in text
    issued.write_text(text.replace('"name": "甲食品加工项目"', '"name": "甲食品\\u202e目项工加"', 1), encoding="utf-8")
    found = messages(tree)
    assert len(found) == 1 and found[0].startswith("issued/bulletins/2021-01.json:")
    assert found[0].endswith("figures.projects.alpha.name — 含有改变文字显示方向的不可见字符 U+202E："
                             "网页上显示的文字会与记录不同，请删除")
