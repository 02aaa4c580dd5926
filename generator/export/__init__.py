"""Open data: the files of the 数据下载 page, made from the computed site model.

data/<table>.csv (UTF-8 with BOM) and .xlsx for each table of `columns.TABLES`, data/projects.json,
one data/projects/<id>.json per project and the OC4IDS package data/oc4ids.json. Paths come from
`urls.py` and never change; every file is byte-identical from build to build for the same content.

May import `figures`, `records` and the leaves; never `site` or `office`.
"""

from __future__ import annotations

from .. import urls
from ..figures.model import SiteModel
from .columns import EARLIER, PROJECTS, TABLES
from .files import csv_bytes, json_bytes, xlsx_bytes
from .oc4ids import package
from .parties import office_name
from .records import group_by_project, project_document, projects_document
from .tables import build_rows, build_tables


def data_files(model: SiteModel) -> dict[str, bytes]:
    """Every data file by its path in the site."""
    rows = build_rows(model)
    frames = build_tables(rows)
    site = model.site
    files: dict[str, bytes] = {}
    for table in TABLES:
        frame = frames[table.name]
        files[urls.data_file(f"{table.name}.csv")] = csv_bytes(table, frame)
        files[urls.data_file(f"{table.name}.xlsx")] = xlsx_bytes(
            table, frame, f"{site.title}：{table.title}", office_name(site), model.now.as_of)
    files[urls.data_file("projects.json")] = json_bytes(projects_document(model, rows))
    grouped = group_by_project(model, rows)
    for row in rows[PROJECTS.name] + rows[EARLIER]:
        project = model.content.projects[row["id"]]
        document = project_document(model, project, row, grouped[row["id"]])
        files[urls.project_json(project.id)] = json_bytes(document)
    files[urls.oc4ids()] = json_bytes(package(model, rows, grouped))
    return files


__all__ = ["TABLES", "data_files"]
