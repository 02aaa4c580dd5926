"""Shared fixtures: the small hand-computed content tree, the shipped sample data, and built sites."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.figures.model import SiteModel, build_model
from generator.records.checks import check
from generator.records.load import Content, load
from generator.site.build import build

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "content"
# A frozen copy of the shipped sample data: tests test the code, never the office's live content/, which changes
# every month and is checked by validate, build and check-site instead. Refreshed by hand when the sample changes.
SAMPLE = ROOT / "tests" / "fixtures" / "sample"


def loaded(root: Path) -> Content:
    content = load(root)
    check(content)
    return content


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A writable copy of the fixture content tree."""
    target = tmp_path / "content"
    shutil.copytree(FIXTURE, target)
    return target


@pytest.fixture(scope="session")
def fixture_model() -> SiteModel:
    content = loaded(FIXTURE)
    assert not content.errors, content.errors
    return build_model(content)


@pytest.fixture(scope="session")
def sample_model() -> SiteModel:
    content = loaded(SAMPLE)
    assert not content.errors, content.errors
    return build_model(content)


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped sample data, built once for the whole session."""
    base = tmp_path_factory.mktemp("sample")
    build(SAMPLE, base / "site", base / "docs")
    return base / "site"


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("fixture")
    build(FIXTURE, base / "site", base / "docs")
    return base / "site"


def edit(root: Path, relative: str, old: str, new: str) -> Path:
    """Replace `old` (which must be there) with `new` in one file of a content tree."""
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path
