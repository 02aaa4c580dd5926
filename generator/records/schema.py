"""The JSON Schema of each record kind, exported into `schema/` for editors (yaml-language-server)."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import TypeAdapter

from . import models

RECORD_KINDS = {
    "site": (models.Site, "网站设置 content/site.yml"),
    "units": (models.Units, "单位 content/units.yml"),
    "leaders": (models.Leaders, "分包领导 content/leaders.yml"),
    "chains": (models.Chains, "产业链 content/chains.yml"),
    "project": (models.Project, "重点项目 content/projects/<编号>.yml"),
    "meeting": (models.Meeting, "会议记录 content/meetings/<日期>-<类型>.yml"),
    "months": (models.Months, "月份关账记录 content/months.yml"),
}


def schema_text(kind: str) -> str:
    model, title = RECORD_KINDS[kind]
    schema = TypeAdapter(model).json_schema()
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema, "title": title}
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in RECORD_KINDS:
        path = folder / f"{kind}.schema.json"
        path.write_text(schema_text(kind), encoding="utf-8")
        written.append(path)
    return written
