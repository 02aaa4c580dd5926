"""Hardening: a corpus of bad input, each case with its exact Chinese message and a non-zero exit.

Every case edits one file of a copy of the fixture tree. `old` → `new` replaces text; a `bytes` old is the
whole new content of the file. The expected lines are `file:line:column key — message`, the file relative
to the content folder.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.__main__ import main
from generator.records.yamlsource import MAX_FILE_BYTES

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
        "projects/alpha.yml:19:4 — YAML 语法错误：列表的缩进不一致（每一项以“- ”开头且对齐）",
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
    ("dangling unit in a meeting", "meetings/2021-04-05-dispatch.yml", "  - {unit: u-town, status: 缺席}", "  - {unit: u-nowhere, status: 缺席}", [
        "meetings/2021-04-05-dispatch.yml:8:12 attendance[3].unit — 找不到单位 u-nowhere（期望 units.yml 中已有的编号）",
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


def test_ids_that_are_list_page_addresses_are_refused(tree: Path):
    for reserved in ("index", "page-2"):
        (tree / "projects" / "epsilon.yml").rename(tree / "projects" / f"{reserved}.yml")
        edit(tree, f"projects/{reserved}.yml", "id: epsilon", f"id: {reserved}")
        assert messages(tree) == [f"projects/{reserved}.yml:2:5 id — "
                                  f"编号 {reserved} 不能用：index 和 page-数字 是列表页的网址（请换一个编号）"]
        (tree / "projects" / f"{reserved}.yml").rename(tree / "projects" / "epsilon.yml")
        edit(tree, "projects/epsilon.yml", f"id: {reserved}", "id: epsilon")


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
    from generator.site.build import build

    (tree / "media" / "alpha").mkdir(parents=True)
    (tree / "media" / "alpha" / "site.png").write_bytes(b"\x89PNG\r\n\x1a\nfake")
    edit(tree, "projects/alpha.yml", "visits:", "attachments:\n  - {file: alpha/site.png, title: 现场照片}\nvisits:")
    assert messages(tree) == []
    build(tree, tmp_path / "site", tmp_path / "docs")
    assert (tmp_path / "site" / "media" / "alpha" / "site.png").read_bytes() == b"\x89PNG\r\n\x1a\nfake"
    page = (tmp_path / "site" / "projects" / "alpha" / "index.html").read_text(encoding="utf-8")
    assert 'src="../../media/alpha/site.png" alt="现场照片"' in page


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
