"""`check-site`: what the built site may never contain, each problem found and named."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.__main__ import main
from generator.site.checksite import check_built_site, served_at
from generator.site.policy import secured

# the theme's inline script as the build leaves it on a page two folders deep
THEME_SCRIPT = ('<script>__md_scope=new URL("../..",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),'
                '__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,'
                'a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}</script>')

CLEAN = """<!doctype html><html lang="zh"><head><link rel="stylesheet" href="assets/site.css">
<link rel="icon" href="assets/i.png"><script src="assets/a.js"></script></head>
<body><h1 id="top">甲</h1><a href="projects/a/">甲</a> <a href="projects/a/#s">节</a> <a href="#top">回到顶部</a>
<a href="https://example.org/">外部链接（只是导航，可以）</a><img src="data:image/png;base64,AAAA" alt="内嵌">
<a href="mailto:x@example.org">邮件</a></body></html>"""


def site(tmp_path: Path, index: str = CLEAN, project: str = '<h2 id="s">节</h2>') -> Path:
    """A small built site, its pages given their security policy as the build gives it."""
    root = tmp_path / "site"
    (root / "assets").mkdir(parents=True)
    (root / "projects" / "a").mkdir(parents=True)
    (root / "index.html").write_text(secured(index), encoding="utf-8")
    (root / "projects" / "a" / "index.html").write_text(secured(f"<html><head></head><body>{project}</body></html>"),
                                                       encoding="utf-8")
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
    ('<audio src="https://media.example.com/a.mp3"></audio>', "index.html：<audio> 从外部加载 https://media.example.com/a.mp3"),
    ('<div style="background:url(https://x.example/bg.png)"></div>', "index.html：<div style> 从外部加载 https://x.example/bg.png"),
    ("<style>@import 'https://x.example/font.css';</style>", "index.html：<style> 从外部加载 https://x.example/font.css"),
    ('<button onclick="alert(1)">x</button>', "index.html：<button> 带有内联事件处理属性 onclick"),
    ('<a href="javascript:alert(1)">x</a>', "index.html：<a href> 使用了 javascript: 地址"),
    ('<a href="projects/b/">x</a>', "index.html：链接指向不存在的页面 projects/b/"),
    ('<a href="projects/a/#nowhere">x</a>', "index.html：链接的锚点不存在 projects/a/#nowhere"),
    ('<a href="#nowhere">x</a>', "index.html：链接的锚点不存在 #nowhere"),
    ('<script src="assets/missing.js"></script>', "index.html：<script> 引用的文件不存在：assets/missing.js"),
    # what runs in a reader's browser, or puts another page or address into ours
    ("<script>alert(1)</script>", "index.html：内联脚本不是主题自带的：alert(1)"),
    ('<svg><script>fetch("x")</script></svg>', 'index.html：内联脚本不是主题自带的：fetch("x")'),
    ('<script type="module">import("./x.js")</script>', 'index.html：内联脚本不是主题自带的：import("./x.js")'),
    ('<script type="application/json">{"a": </script>', 'index.html：<script type="application/json"> 里不是数据（无效的 JSON）'),
    ('<base href="https://evil.example/">', "index.html：<base> 改变了页面所有相对链接的指向（网站从不使用它）"),
    ('<meta http-equiv="refresh" content="0; url=https://evil.example/">',
     "index.html：<meta refresh> 把读者转到别处：https://evil.example/"),
    ("<meta http-equiv=\"Refresh\" content=\"3;URL='//evil.example/'\">", "index.html：<meta refresh> 把读者转到别处：//evil.example/"),
    ('<meta http-equiv="refresh" content="0; url=projects/gone/">', "index.html：链接指向不存在的页面 projects/gone/"),
    ('<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
     "index.html：<iframe> 嵌入了另一个页面（网站从不使用它）"),
    ('<iframe src="data:text/html,alert(1)"></iframe>', "index.html：<iframe> 嵌入了另一个页面（网站从不使用它）"),
    ('<object data="assets/a.js"></object>', "index.html：<object> 嵌入了插件或另一个页面（网站从不使用它）"),
    ('<embed src="assets/a.js">', "index.html：<embed> 嵌入了插件或另一个页面（网站从不使用它）"),
    ('<div srcdoc="x">x</div>', "index.html：<div> 带有 srcdoc 属性，嵌入了一段另外的网页"),
])
def test_each_problem_is_named(tmp_path: Path, snippet: str, expected: str):
    root = site(tmp_path, CLEAN.replace("</body>", snippet + "</body>"))
    assert check_built_site(root) == [expected]


def test_the_theme_inline_script_passes_only_with_its_policy(tmp_path: Path):
    page = CLEAN.replace("</head>", THEME_SCRIPT + "</head>")
    assert check_built_site(site(tmp_path, page)) == []
    (tmp_path / "site" / "index.html").write_text(page, encoding="utf-8")  # as the theme wrote it, no policy
    assert check_built_site(tmp_path / "site") == ["index.html：没有内容安全策略（Content-Security-Policy）"]


def test_a_policy_that_allows_more_than_the_theme_s_scripts_fails(tmp_path: Path):
    root = site(tmp_path)
    page = (root / "index.html").read_text(encoding="utf-8")
    (root / "index.html").write_text(page.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'"),
                                     encoding="utf-8")
    (problem,) = check_built_site(root)
    assert problem.startswith("index.html：内容安全策略与页面上主题自带的脚本不符：")


def test_a_theme_script_whose_address_is_not_a_path_is_not_the_theme_s(tmp_path: Path):
    forged = THEME_SCRIPT.replace('"../.."', '"https://evil.example/"')
    (problem,) = check_built_site(site(tmp_path, CLEAN.replace("</head>", forged + "</head>")))
    assert problem.startswith('index.html：内联脚本不是主题自带的：__md_scope=new URL("https://evil.example/"')


@pytest.mark.parametrize(("script", "expected"), [
    ('x=document.createElement("script");x.src="https://unpkg.com/polyfill"',
     ["assets/a.js：脚本会从外部加载 https://unpkg.com/polyfill"]),
    ("fetch('//cdn.example.com/data.json')", ["assets/a.js：脚本会从外部加载 //cdn.example.com/data.json"]),
    ("/*! license: https://opensource.org/licenses/MIT */ var a = 1", []),  # a comment fetches nothing
    ("fetch(`https://api.github.com/repos/${a}`)", []),  # only the repository box fetches it; no page shows one
])
def test_scripts_that_would_fetch_from_another_host(tmp_path: Path, script: str, expected: list[str]):
    root = site(tmp_path)
    (root / "assets" / "a.js").write_text(script, encoding="utf-8")
    assert check_built_site(root) == expected


def test_github_s_api_is_another_host_once_a_page_shows_the_repository_box(tmp_path: Path):
    root = site(tmp_path, CLEAN.replace("</body>", '<div data-md-component="source"></div></body>'))
    (root / "assets" / "a.js").write_text("fetch(`https://api.github.com/repos/${a}`)", encoding="utf-8")
    assert check_built_site(root) == ["assets/a.js：脚本会从外部加载 https://api.github.com/repos/${a}"]


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
    (root / "index.html").write_text(secured(CLEAN.replace("</body>", '<a href="gone/">x</a></body>')), encoding="utf-8")
    assert main(["check-site", str(root)]) == 1
    assert capsys.readouterr().err.splitlines() == ["index.html：链接指向不存在的页面 gone/", "共 1 处问题。"]


def test_the_sample_site_passes(sample_site: Path):
    """The theme's inline scripts are the known ones (a theme upgrade that changes them fails here), every page
    has its policy, and the theme's loaders were pointed at the site's own files."""
    assert check_built_site(sample_site, "/") == []
    bundle = next((sample_site / "assets" / "javascripts").glob("bundle.*.min.js")).read_text(encoding="utf-8")
    assert "unpkg.com" not in bundle and "assets/vendor/resize-observer-polyfill.js" in bundle
    assert (sample_site / "assets" / "vendor" / "resize-observer-polyfill.js").is_file()


def test_check_site_finds_the_path_a_project_site_is_served_under(fixture_site: Path, capsys):
    """The fixture's base_url is https://example.org/zdxm/: its 404 page links to /zdxm/…, from any address."""
    assert served_at(fixture_site) == "/zdxm/"
    assert main(["check-site", str(fixture_site)]) == 0, capsys.readouterr().err
    assert main(["check-site", str(fixture_site), "--base-path", "/"]) == 1  # served at the root, its links break
    assert "404.html：" in capsys.readouterr().err
