"""The README stays true: its commands exist, and every direct dependency is explained in it."""

from __future__ import annotations

import re

from generator.__main__ import parser

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_make_target_in_the_readme_exists():
    targets = set(re.findall(r"^([a-z-]+):", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M))
    mentioned = set(re.findall(r"`make ([a-z-]+)", README))
    assert {"site", "test"} <= mentioned
    assert mentioned <= targets, mentioned - targets


def test_every_generator_command_in_the_readme_exists():
    commands = set(parser()._subparsers._group_actions[0].choices)
    mentioned = set(re.findall(r"python -m generator ([a-z-]+)", README))
    mentioned |= {c for group in re.findall(r"python -m generator ((?:[a-z-]+\|)+[a-z-]+)", README) for c in group.split("|")}
    assert mentioned and mentioned <= commands, mentioned - commands


def test_every_direct_dependency_has_a_reason_in_the_readme():
    table = README.split("**Dependencies**", 1)[1]
    for requirements in ("requirements.in", "requirements-dev.in"):
        for line in (ROOT / requirements).read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                name = line.split("==")[0].lower()
                assert re.search(rf"\| [^|]*\b{re.escape(name)}\b", table, re.I), f"{name} is not explained"


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test$", ci, re.M)


def test_every_module_the_readme_names_exists():
    """The pipeline table is the map of the code: a path in it that moved or went away fails here."""
    named = set(re.findall(r"`((?:generator/)?(?:[a-z_]+/)*[a-z_]+\.py)`", README))
    assert len(named) > 20
    missing = sorted(path for path in named
                     if not (ROOT / path).is_file() and not (ROOT / "generator" / path).is_file()
                     and not (ROOT / "tests" / path.removeprefix("tests/")).is_file())
    assert missing == []
