"""The JSON Schemas in schema/ are the models' own, and every content file points its editor at one."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from generator.records.schema import RECORD_KINDS, schema_text

from .conftest import ROOT, SAMPLE


@pytest.mark.parametrize("kind", RECORD_KINDS)
def test_committed_schema_matches_the_models(kind: str):
    committed = (ROOT / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(kind), f"schema/{kind}.schema.json is stale: run `make schema`"


def _schema_of(path: Path) -> str:
    if path.parent.name == "projects":
        return "project"
    if path.parent.name == "meetings":
        return "meeting"
    return path.stem


def test_every_sample_file_names_its_schema_and_validates_against_it():
    files = sorted(SAMPLE.rglob("*.yml"))
    assert len(files) > 80
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        kind = _schema_of(path)
        depth = "../" * (len(path.relative_to(SAMPLE).parts))
        assert first == f"# yaml-language-server: $schema={depth}schema/{kind}.schema.json", path
        schema = json.loads((ROOT / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8"))
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        # dates are strings in JSON; editors check the rest
        jsonschema.validate(json.loads(json.dumps(data, default=str)), schema,
                            format_checker=None, cls=jsonschema.Draft202012Validator)


def test_schema_titles_are_chinese_for_editor_hover():
    project = json.loads(schema_text("project"))
    assert project["properties"]["years"]["title"] == "列入重点项目名单的年度"
    year = project["$defs"]["ProjectYear"]["properties"]
    assert (year["kind"]["title"], year["annual_plan"]["title"]) == ("建设性质", "年度计划投资（万元）")
    assert project["additionalProperties"] is False
