"""`check-site`: what the built site may never contain, each problem found and named."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.__main__ import main
from generator.site.checksite import check_built_site

CLEAN = """<!doctype html><html lang="zh"><head><link rel="stylesheet" href="assets/site.css">
<link rel="icon" href="assets/i.png"><script src="assets/a.js"></script></head>
<body><h1 id="top">甲</h1><a href="projects/a/">甲</a> <a href="projects/a/#s">节</a> <a href="#top">回到顶部</a>
<a href="https://example.org/">外部链接（只是导航，可以）</a><img src="data:image/png;base64,AAAA" alt="内嵌">
<a href="mailto:x@example.org">邮件</a></body></html>"""


def site(tmp_path: Path, index: str = CLEAN, project: str = '<h2 id="s">节</h2>') -> Path:
    root = tmp_path / "site"
    (root / "assets").mkdir(parents=True)
    (root / "projects" / "a").mkdir(parents=True)
    (root / "index.html").write_text(index, encoding="utf-8")
    (root / "projects" / "a" / "index.html").write_text(project, encoding="utf-8")
    for name in ("site.css", "i.png", "a.js"):
        (root / "assets" / name).write_text("body{}" if name.endswith(".css") else "", encoding="utf-8")
    return root


def test_a_clean_site_passes(tmp_path: Path):
    assert check_built_site(site(tmp_path)) == []


@pytest.mark.parametrize(("snippet", "expected"), [
    ('<script src="https://cdn.example.com/x.js"></script>', "index.html：<script> 从外部加载 https://cdn.example.com/x.js"),
    ('<link rel="stylesheet" href="//fonts.googleapis.com/css">', "index.html：<link> 从外部加载 //fonts.googleapis.com/css"),
    ('<img src="http://img.example.com/a.png" alt="">', "index.html：<img> 从外部加载 http://img.example.com/a.png"),
    ('<img srcset="assets/i.png 1x, https://x.example/b.png 2x" alt="">', "index.html：<img> 从外部加载 https://x.example/b.png"),
    ('<iframe src="https://map.example.com/"></iframe>', "index.html：<iframe> 从外部加载 https://map.example.com/"),
    ('<div style="background:url(https://x.example/bg.png)"></div>', "index.html：<div style> 从外部加载 https://x.example/bg.png"),
    ("<style>@import 'https://x.example/font.css';</style>", "index.html：<style> 从外部加载 https://x.example/font.css"),
    ('<button onclick="alert(1)">x</button>', "index.html：<button> 带有内联事件处理属性 onclick"),
    ('<a href="javascript:alert(1)">x</a>', "index.html：<a href> 使用了 javascript: 地址"),
    ('<a href="projects/b/">x</a>', "index.html：链接指向不存在的页面 projects/b/"),
    ('<a href="projects/a/#nowhere">x</a>', "index.html：链接的锚点不存在 projects/a/#nowhere"),
    ('<a href="#nowhere">x</a>', "index.html：链接的锚点不存在 #nowhere"),
    ('<script src="assets/missing.js"></script>', "index.html：<script> 引用的文件不存在：assets/missing.js"),
])
def test_each_problem_is_named(tmp_path: Path, snippet: str, expected: str):
    root = site(tmp_path, CLEAN.replace("</body>", snippet + "</body>"))
    assert check_built_site(root) == [expected]


def test_external_font_in_a_stylesheet(tmp_path: Path):
    root = site(tmp_path)
    (root / "assets" / "site.css").write_text("@font-face{src:url(https://fonts.gstatic.com/x.woff2)}", encoding="utf-8")
    assert check_built_site(root) == ["assets/site.css 从外部加载 https://fonts.gstatic.com/x.woff2"]


def test_project_page_over_its_budget(tmp_path: Path):
    root = site(tmp_path, project='<h2 id="s">节</h2>' + "<p>甲</p>" * 20_000)
    (problem,) = check_built_site(root)
    assert problem.startswith("projects/a/index.html：项目页 ") and problem.endswith("KB，超过 60 KB 的上限")


def test_command_exit_status(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    root = site(tmp_path)
    assert main(["check-site", str(root)]) == 0
    assert "网站检查通过" in capsys.readouterr().out
    (root / "index.html").write_text(CLEAN.replace("</body>", '<a href="gone/">x</a></body>'), encoding="utf-8")
    assert main(["check-site", str(root)]) == 1
    assert capsys.readouterr().err.splitlines() == ["index.html：链接指向不存在的页面 gone/", "共 1 处问题。"]


def test_the_sample_site_passes(sample_site: Path):
    assert check_built_site(sample_site, "/") == []
