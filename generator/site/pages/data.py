"""数据下载: links to every data file, the data dictionary (from `export.columns`) and the OC4IDS mapping."""

from __future__ import annotations

from ... import urls
from ...export.columns import LIST_SEPARATOR, TABLES
from ...export.oc4ids import FIELDS, STANDARD
from ...export.oc4ids_parts import EXTENSIONS, YUAN_PER_WAN
from ...export.parties import ROLES
from ...figures import fmt
from ...figures.model import SiteModel
from .common import Page


def data_page(model: SiteModel) -> Page:
    tables = [{
        "name": table.name, "title": table.title, "rows": table.rows, "columns": table.columns,
        "csv": urls.data_file(f"{table.name}.csv"), "xlsx": urls.data_file(f"{table.name}.xlsx"),
    } for table in TABLES]
    example = min(model.content.projects, default=None)
    return Page(urls.data(), "data.md.j2", {
        "month": fmt.cn_month(model.month), "tables": tables, "separator": LIST_SEPARATOR,
        "projects_json": urls.data_file("projects.json"), "oc4ids": urls.oc4ids(), "version": STANDARD,
        "example": example and {"url": urls.project_json(example), "name": model.content.projects[example].name},
        "yuan_per_wan": f"{YUAN_PER_WAN:,}", "fields": FIELDS,
        "roles": [{"code": code, "name": name, "standard": standard} for code, (name, standard) in ROLES.items()],
        "extensions": list(EXTENSIONS.items()), "extension": urls.oc4ids_extension("extension.json"),
        "prefix": model.site.oc4ids_prefix,
    }, "数据下载")
