"""Open data: the files of the 数据下载 page, made from the computed site model.

data/<table>.csv (UTF-8 with BOM) and .xlsx for each table of `columns.TABLES`, data/projects.json,
one data/projects/<id>.json per project, the OC4IDS package data/oc4ids.json and the extension that
declares its own fields, data/oc4ids-extension/. Paths come from
`urls.py` and never change; every file is byte-identical from build to build for the same content.

May import `figures`, `records` and the leaves; never `site` or `office`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from .. import urls
from ..figures.model import SiteModel
from .columns import EARLIER, PROJECTS, TABLES
from .files import csv_bytes, json_bytes, xlsx_bytes
from .oc4ids import package, project_releases
from .oc4ids_extension import extension_files
from .parties import office_name
from .records import group_by_project, project_document, projects_document
from .tables import build_rows, build_tables


def data_files(model: SiteModel) -> dict[str, bytes]:
    """Every data file by its path in the site."""
    return {path: whole(data) for path, data in each_data_file(model)}


def whole(data: bytes | Iterable[bytes]) -> bytes:
    """A file's bytes, where `each_data_file` gave them in pieces."""
    return data if isinstance(data, bytes) else b"".join(data)


def each_data_file(model: SiteModel) -> Iterator[tuple[str, bytes | Iterable[bytes]]]:
    """Every data file with its path in the site, one at a time: a province's (150 MB) are not all held. The
    OC4IDS package (80 MB) comes in pieces, to be written as they are made."""
    rows = build_rows(model)
    frames = build_tables(rows)
    site = model.site
    for table in TABLES:
        frame = frames[table.name]
        yield urls.data_file(f"{table.name}.csv"), csv_bytes(table, frame)
        yield urls.data_file(f"{table.name}.xlsx"), xlsx_bytes(
            table, frame, f"{site.title}：{table.title}", office_name(site), model.now.as_of)
    del frames
    yield urls.data_file("projects.json"), json_bytes(projects_document(model, rows))
    grouped = group_by_project(model, rows)
    for row in rows[PROJECTS.name] + rows[EARLIER]:
        project = model.content.projects[row["id"]]
        yield urls.project_json(project.id), json_bytes(project_document(model, project, row, grouped[row["id"]]))
    yield urls.oc4ids(), _package_pieces(model, rows, grouped)
    for path, document in extension_files(model).items():
        yield path, json_bytes(document, indent=2)


def _package_pieces(model: SiteModel, rows: dict[str, list[dict]], grouped: dict) -> Iterator[bytes]:
    """The OC4IDS package as `json_bytes` writes it, in pieces, each project serialised as soon as it is made:
    a province's package as one document took some 500 MB, and its bytes joined 160 MB."""
    head = json_bytes(package(model, rows, grouped, releases=iter(()))).rstrip(b"\n")
    before, after = head.split(b'"projects":[]', 1)
    yield before + b'"projects":['
    for number, release in enumerate(project_releases(model, rows, grouped)):
        yield (b"," if number else b"") + json_bytes(release).rstrip(b"\n")
    yield b"]" + after + b"\n"


__all__ = ["TABLES", "data_files", "each_data_file", "whole"]
