"""The engine: MkDocs' pages on every core, raw HTML set aside without parsing, and ProperDocs as the way out."""

from __future__ import annotations

import importlib.util
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import markdown
import pytest

from generator.site import engine, engine_pages
from generator.site.build import build
from generator.site.engine import BuildFailed
from generator.site.pages import all_pages
from generator.site.rawhtml import RawHTML, elements
from generator.site.render import environment, render_page

from .conftest import ROOT, SAMPLE

EXTENSIONS = ["tables", "attr_list", "admonition", "toc"]  # mkdocs.yml's


def _both_ways(text: str) -> tuple[tuple[str, list], tuple[str, list]]:
    plain = markdown.Markdown(extensions=EXTENSIONS)
    quick = markdown.Markdown(extensions=[*EXTENSIONS, RawHTML()])
    return (plain.convert(text), plain.toc_tokens), (quick.convert(text), quick.toc_tokens)


def _body(page: str) -> str:
    return page.split("\n---\n", 1)[1] if page.startswith("---\n") else page


def test_every_page_of_the_sample_converts_the_same_with_raw_html_set_aside(sample_model):
    env = environment()
    pages = {page.file: _body(render_page(env, sample_model, page)) for page in all_pages(sample_model)}
    slow = []
    for file, text in pages.items():
        plain, fast = _both_ways(text)
        assert fast == plain
        if elements(text + "\n\n", markdown.Markdown().is_block_level) is None:
            slow.append(file)
    # the pages a province has thousands of go the quick way; a few hand-made ones (the home page's charts
    # close an element mid-line) are left to Python-Markdown
    assert len(pages) > 100 and len(slow) <= len(pages) // 20
    assert not [file for file in slow if file.startswith(("projects/", "bulletins/", "ledger/"))]


@pytest.mark.parametrize("text", [
    "# 标题\n\n<div>甲</div>\n<p>乙</p>\n\n## 丙 {: #c }\n<table><tr><td>1</td></tr></table>\n",
    "<div>\n<p>一</p>\n\n<p>空行在元素里</p>\n</div>\n\n正文 &#42;星号&#42; 与 &amp; 和 &#x4e00;\n",
    "<figure><svg><title>图</title><g/></svg><img src=\"a.png\"><br/></figure>\n<p>末行</p>",
    "<div data-x=\"a > b\" class='c'>属性里的 &gt;</div>\n\n<hr>\n",
])
def test_regular_raw_html_converts_the_same_both_ways(text: str):
    plain, fast = _both_ways(text)
    assert fast == plain


@pytest.mark.parametrize("text", [
    "<div>甲</div> 元素后面还有文字\n",  # ends mid-line
    "<!-- 注释 -->\n<div>甲</div>\n",  # a comment
    "正文里的 <span>行内</span> 元素\n",  # a `<` outside an element at the start of a line
    "<div>&#42 少了分号</div>\n",  # a character reference the parser would complete
    "<div><script>var a = '<p>';</script></div>\n",  # a script
    "<span>行内元素开头</span>\n",  # not a block-level element
])
def test_anything_less_regular_is_left_to_python_markdown_and_still_converts_the_same(text: str):
    assert elements(text + "\n\n", markdown.Markdown().is_block_level) is None
    plain, fast = _both_ways(text)
    assert fast == plain


def _tiny_site(tmp_path: Path, pages: int, broken: set[int]):
    from mkdocs.config import load_config

    docs = tmp_path / "docs"
    docs.mkdir(parents=True)
    for number in range(pages):
        link = "[断链](missing.md)" if number in broken else "正文"
        (docs / f"p{number:03d}.md").write_text(f"# 第{number}页\n\n{link}\n", encoding="utf-8")
    (docs / "index.md").write_text("# 首页\n", encoding="utf-8")
    return load_config(config_file=str(ROOT / "mkdocs.yml"), docs_dir=str(docs), site_dir=str(tmp_path / "site"),
                       nav=[{"首页": "index.md"}], extra_css=[], extra_javascript=[],
                       theme={"name": "material", "language": "zh"})


def test_a_warning_met_in_another_process_fails_a_strict_build_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("ZDXM_WORKERS", "2")
    broken = set(range(0, 120, 7))  # in the runs of pages each process takes, whichever it is
    config = _tiny_site(tmp_path, 120, broken)
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    with pytest.raises(SystemExit, match=rf"Aborted with {len(broken)} warnings in strict mode"):
        engine_pages.build(config, worth_it=True)


def test_the_search_index_is_the_same_on_one_core_and_on_two(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    built = {}
    for workers in ("1", "2"):
        monkeypatch.setenv("ZDXM_WORKERS", workers)
        config = _tiny_site(tmp_path / workers, 120, set())
        engine_pages.build(config, worth_it=True).close()
        built[workers] = (tmp_path / workers / "site" / "search" / "search_index.json").read_bytes()
    assert built["1"] == built["2"] and built["1"].count(b'"location"') >= 121


def test_an_unknown_engine_is_refused_in_chinese(tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("ZDXM_ENGINE", "sphinx")
    with pytest.raises(BuildFailed, match="ZDXM_ENGINE 只能是 mkdocs 或 properdocs"):
        build(tree, tmp_path / "site", tmp_path / "docs")
    assert not (tmp_path / "site").exists()
    monkeypatch.delenv("ZDXM_ENGINE")
    assert engine.engine_name() == "mkdocs"


GENERATOR = re.compile(rb'<meta name="generator" content="mkdocs-[^"]*">')


def _built_apart(engine_name: str, folder: Path) -> dict[Path, bytes]:
    """The sample built by `python -m generator build` in a fresh process (jieba learns the records' names
    once per process: a build in this one would segment the search index after other tests' names)."""
    environment = {**os.environ, "ZDXM_ENGINE": engine_name}
    done = subprocess.run([sys.executable, "-m", "generator", "build", "--content", str(SAMPLE), "--out",
                           str(folder / "site"), "--docs", str(folder / "docs")], cwd=ROOT, env=environment,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return {p.relative_to(folder / "site"): p.read_bytes() for p in (folder / "site").rglob("*") if p.is_file()}


@pytest.mark.skipif(importlib.util.find_spec("properdocs") is None, reason="ProperDocs 没有安装（requirements-dev.txt）")
def test_properdocs_builds_the_sample_byte_for_byte_but_for_the_generator_line(tmp_path: Path):
    ours, theirs = _built_apart("mkdocs", tmp_path / "mkdocs"), _built_apart("properdocs", tmp_path / "properdocs")
    assert ours.keys() == theirs.keys()
    differing = [path for path in ours if ours[path] != theirs[path]]
    assert differing and [path for path in differing if path.suffix != ".html"] == []
    for path in differing:  # the page names its engine, and that is all
        assert b'content="mkdocs-ProperDocs 1.6.7, mkdocs-material-9.8.2"' in theirs[path]
        assert GENERATOR.sub(b"", ours[path]) == GENERATOR.sub(b"", theirs[path])
