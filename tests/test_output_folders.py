"""Destructive options: `build --out`/`--docs` and `serve --docs` refuse every folder that is not the build's
to replace or prune, with a Chinese message and exit status 2, and touch nothing.

Each refused case runs in a scratch repository (a git repository with the fixture content, a staff guide
in docs/ and the templates), from its root as staff run the commands; afterwards every file of it is
byte for byte as before.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.__main__ import main
from generator.figures.model import build_model
from generator.site.build import build
from generator.site.outputs import MARKER, UnsafeFolder
from generator.site.render import render

from .conftest import FIXTURE, loaded
from .test_publishing import snapshot


@pytest.fixture
def repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A scratch repository: .git, content/, docs/staff-guide.md, a user's notes; the working folder."""
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE, root / "content")
    (root / "docs").mkdir()
    (root / "docs" / "staff-guide.md").write_text("# 工作人员手册\n", encoding="utf-8")
    (root / "notes").mkdir()
    (root / "notes" / "会议纪要.txt").write_text("不能丢的东西", encoding="utf-8")
    (root / "README.md").write_text("# 仓库\n", encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    (root / "link-to-root").symlink_to(root)
    monkeypatch.chdir(root)
    return root


REFUSED = {
    # the options → the start of what the error says after "命令行有误："
    "out is the content": (["--out", "content"], "--out content 不能用：这是内容目录（content）"),
    "out is the repository root": (["--out", "."], "--out . 不能用：这是 git 仓库的根目录（里面有 .git）"),
    "out holds the repository": (["--out", ".."], "--out .. 不能用：它包含内容目录（content） content"),
    "out is .git": (["--out", ".git"], "--out .git 不能用：它在 .git 里面（git 仓库的数据）"),
    "out inside .git": (["--out", ".git/site"], "--out .git/site 不能用：它在 .git 里面（git 仓库的数据）"),
    "out inside the content": (["--out", "content/projects"], "--out content/projects 不能用：它在内容目录（content）里面"),
    "out a link to the root": (["--out", "link-to-root"], "--out link-to-root 不能用：这是 git 仓库的根目录（里面有 .git）"),
    "out holds user files": (["--out", "notes"], "--out notes 不能用：这个文件夹里已有不是本程序生成的文件"),
    "out is a file": (["--out", "README.md"], "--out README.md 不能用：它是一个文件，不是文件夹"),
    "out inside a file": (["--out", "README.md/site"], "--out README.md/site 不能用：它的上级 README.md 是一个文件，不是文件夹"),
    "docs is the staff guide": (["--docs", "docs"], "--docs docs 不能用：这个文件夹里已有不是本程序生成的文件"),
    "docs is the content": (["--docs", "content"], "--docs content 不能用：这是内容目录（content）"),
    "docs is the repository root": (["--docs", "."], "--docs . 不能用：这是 git 仓库的根目录（里面有 .git）"),
    "docs inside out": (["--out", "public", "--docs", "public/assets"],
                        "--out public 不能用：它与 --docs public/assets 是同一个文件夹或互相包含"),
    "docs is out": (["--out", "public", "--docs", "public"], "--out public 不能用：它与 --docs public 是同一个文件夹"),
}


@pytest.mark.parametrize("case", REFUSED, ids=list(REFUSED))
def test_build_refuses_a_folder_it_does_not_own_and_touches_nothing(case: str, repository: Path,
                                                                    capsys: pytest.CaptureFixture[str]):
    options, says = REFUSED[case]
    before = snapshot(repository)
    assert main(["build", "--content", "content", *options]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"命令行有误：{says}"), err
    assert "Traceback" not in err and err.count("\n") == 1
    assert snapshot(repository) == before


@pytest.mark.parametrize("docs", ["docs", "notes", ".git/docs", "content", ".", "link-to-root"])
def test_serve_refuses_a_docs_folder_it_does_not_own(docs: str, repository: Path, capsys: pytest.CaptureFixture[str]):
    before = snapshot(repository)
    assert main(["serve", "--content", "content", "--docs", docs]) == 2
    err = capsys.readouterr().err
    # a folder holding the content is refused first as one the preview would rebuild for ever
    assert err.startswith(f"命令行有误：--docs {docs} 不能用：") or "互相包含，会反复重建" in err, err
    assert snapshot(repository) == before


def test_the_render_stage_itself_never_prunes_a_folder_that_is_not_the_builds(repository: Path):
    # a second line of defence, for any caller that skipped the command's check
    model = build_model(loaded(repository / "content"))
    before = snapshot(repository)
    with pytest.raises(UnsafeFolder, match="docs 不能用"):
        render(model, repository / "docs")
    assert snapshot(repository) == before


def test_a_missing_an_empty_and_a_marked_folder_are_used_and_marked(repository: Path):
    (repository / "empty").mkdir()
    assert main(["build", "--content", "content", "--out", "empty", "--docs", "build/docs"]) == 0
    assert main(["build", "--content", "content", "--out", "new/site", "--docs", "build/docs"]) == 0
    for folder in ("empty", "new/site", "build/docs"):
        assert (repository / folder / MARKER).is_file(), folder
    assert (repository / "empty" / "index.html").is_file()
    # marked now: the next build replaces it, stray files and all
    (repository / "empty" / "stale.html").write_text("上一次留下的", encoding="utf-8")
    assert main(["build", "--content", "content", "--out", "empty", "--docs", "build/docs"]) == 0
    assert not (repository / "empty" / "stale.html").exists()
    assert snapshot(repository / "empty") == snapshot(repository / "new" / "site")


def test_folders_built_before_the_marker_existed_are_recognised_and_taken_over(repository: Path, tmp_path: Path):
    earlier = tmp_path / "earlier"
    build(repository / "content", earlier / "site", earlier / "docs")
    for folder, target in (("site", "site"), ("docs", "build/docs")):
        (earlier / folder / MARKER).unlink()  # as a build of the previous version left them
        shutil.copytree(earlier / folder, repository / target)
    (repository / "build" / "docs" / "projects").mkdir()  # older builds wrote the Markdown pages there too
    (repository / "build" / "docs" / "projects" / "old.md").write_text("# 旧页面\n", encoding="utf-8")
    assert main(["build", "--content", "content", "--out", "site", "--docs", "build/docs"]) == 0
    assert (repository / "site" / MARKER).is_file() and (repository / "build" / "docs" / MARKER).is_file()
    assert not (repository / "build" / "docs" / "projects").exists()
    # what looks like a site but is not one is still refused
    (repository / "lookalike").mkdir()
    (repository / "lookalike" / "index.html").write_text("<p>我自己的主页</p>", encoding="utf-8")
    assert main(["build", "--content", "content", "--out", "lookalike"]) == 2
    assert (repository / "lookalike" / "index.html").read_text(encoding="utf-8") == "<p>我自己的主页</p>"


def test_a_folder_that_stopped_being_the_builds_during_the_build_is_not_replaced(tree: Path, tmp_path: Path,
                                                                                 monkeypatch: pytest.MonkeyPatch):
    import generator.site.build as building

    site = tmp_path / "site"
    real = building.run_mkdocs

    def meanwhile(*arguments, **keywords):  # someone puts their own files there while the engine runs
        site.mkdir()
        (site / "mine.txt").write_text("我的文件", encoding="utf-8")
        return real(*arguments, **keywords)

    monkeypatch.setattr(building, "run_mkdocs", meanwhile)
    with pytest.raises(UnsafeFolder):
        build(tree, site, tmp_path / "docs")
    assert os.listdir(site) == ["mine.txt"]
    assert sorted(os.listdir(tmp_path)) == ["content", "docs", "site"]  # nothing half-built left beside it
