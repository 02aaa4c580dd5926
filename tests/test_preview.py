"""`make serve` builds again only the pages an edit changed, and what it shows is what a full build shows."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.site.engine_live import LiveSite
from generator.site.serve import Preview

from .conftest import edit

URL = "http://127.0.0.1:8000/zdxm/"


def _preview(tree: Path, folder: Path) -> Preview:
    preview = Preview(tree, folder / "docs", live=LiveSite(folder / "site"), serve_url=URL)
    assert preview.rerender()
    preview.settle()
    return preview


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_an_edit_builds_only_the_pages_it_changed_and_gives_what_a_full_build_gives(
        tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1638748800")
    preview = _preview(tree, tmp_path / "edited")
    everything = preview.built
    page = tmp_path / "edited" / "site" / "projects" / "alpha" / "index.html"
    assert "甲食品加工项目" in page.read_text(encoding="utf-8")

    edit(tree, "projects/alpha.yml", "name: 甲食品加工项目", "name: 甲食品深加工项目")
    assert preview.rerender([str(tree / "projects/alpha.yml")])
    preview.settle()
    assert "甲食品深加工项目" in page.read_text(encoding="utf-8")
    assert 0 < preview.built < everything / 2  # the project's page and the lists that name it, not the rest

    fresh = _preview(tree, tmp_path / "fresh")
    assert fresh.built == everything
    edited, built = _files(tmp_path / "edited" / "site"), _files(tmp_path / "fresh" / "site")
    assert edited.keys() == built.keys()
    assert [name for name in edited if edited[name] != built[name]] == []
    preview.live.close()
    fresh.live.close()


def test_a_template_change_builds_every_page_again(tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1638748800")
    preview = _preview(tree, tmp_path)
    everything = preview.built
    assert preview.rerender([str(preview.templates / "overrides" / "main.html")])
    assert preview.built == everything
    preview.settle()
    preview.live.close()
