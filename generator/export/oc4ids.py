"""The OC4IDS 0.9.5 project package, data/oc4ids.json: every project, as of the reporting month.

It validates against the standard's project-package-schema.json and project-schema.json (copied into
schema/oc4ids/; tests/test_export.py checks every build of the sample and fixture data). Amounts are in
yuan (CNY): the records' 万元 × 10,000.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from .. import urls
from ..figures import fmt
from ..figures.model import SiteModel
from ..records.geo import position
from ..records.models import Project
from .columns import EARLIER, PROBLEMS, PROGRESS, PROJECTS
from .oc4ids_extension import extension_url
from .oc4ids_parts import day, end_of, extensions, metrics, milestones, uri, yuan
from .parties import office_name, office_party, project_parties

STANDARD = "0.9.5"  # the schema files in schema/oc4ids/
VERSION = "0.9"  # the package's `version` field is major.minor
# what each OC4IDS field holds, for the 数据下载 page
FIELDS = [
    ("id", "登记的项目编号前缀（网站设置 oc4ids_prefix）加项目编号，全球唯一且不会改变；identifiers 中是项目编号"),
    ("status", "前期项目和尚未开工的项目为 preparation，已开工的（含续建）为 implementation"),
    ("period", "计划开工日期（续建项目无计划日期时用实际开工日期）至计划竣工日期"),
    ("budget", "总投资；budgetBreakdowns 中是本年度计划投资"),
    ("publicAuthority, parties", "主办单位、分包领导、责任单位、建设单位、配合单位和派驻专职纪检监察员，及其责任人"),
    ("milestones", "倒排工期的时间节点（type 为 delivery）、开工（code 为 commencement）、"
                   "联审联批事项（type 为 approval，code 为 projectApproval）；状态截至报告月份底"),
    ("metrics", "financialProgress：年度计划投资（目标）和每月本年累计完成投资；physicalProgress：每月形象进度"),
    ("locations", "所在区域和建设地点；有经纬度时附坐标（geometry，GeoJSON 点，WGS-84 经度、纬度）"),
    ("additionalClassifications", "项目类别和建设性质"),
    ("documents", "项目网页、项目标示牌、项目数据（JSON）和项目的相关链接"),
]
KIND_STATUS = {"前期": "preparation"}  # otherwise by whether it has started: implementation or preparation


def _location(model: SiteModel, project: Project, area: str) -> dict:
    place = project.location
    address = {"streetAddress": place.address, "locality": area, "region": model.site.county, "countryName": "中国"}
    where = place.address if place.address and place.address.startswith(area) else area + (place.address or "")
    found = {"id": "1", "description": model.site.county + where,
             "address": {key: value for key, value in address.items() if value}}
    if (point := position(place, model.site)) is not None:  # WGS-84, as GeoJSON requires
        found["geometry"] = {"type": "Point", "coordinates": [point[1], point[0]]}
    return found


def _budget(project: Project, year: int) -> dict:
    """The total, and each year's plan (as it was set; a plan not yet set is left out)."""
    plans = [entry for entry in project.years if entry.year <= year and entry.annual_plan is not None]
    listed = project.on_list(year)
    plan = f"{fmt.wan(listed.annual_plan)} 万元" if listed and listed.annual_plan is not None else "尚未下达"
    breakdown = [{"id": str(entry.year), "description": f"{entry.year} 年度计划投资",
                  "amount": yuan(entry.annual_plan),
                  "period": {"startDate": day(dt.date(entry.year, 1, 1)),
                             "endDate": end_of(dt.date(entry.year, 12, 31))}}
                 for entry in plans]
    budget = {"description": f"总投资 {fmt.wan(project.total_investment)} 万元，{year} 年度计划投资 {plan}"
                             "（amount 的单位为元）", "amount": yuan(project.total_investment)}
    if breakdown:
        budget["budgetBreakdowns"] = [{"id": "annual-plan", "description": "年度计划投资",
                                       "budgetBreakdown": breakdown}]
    return budget


def _documents(model: SiteModel, project: Project) -> list[dict]:
    documents = [
        {"id": "page", "title": "项目公开页面", "url": model.absolute_url(urls.project(project.id)),
         "format": "text/html"},
        {"id": "signboard", "title": "项目标示牌", "url": model.absolute_url(urls.card(project.id)),
         "format": "text/html"},
        {"id": "data", "title": "项目数据", "url": model.absolute_url(urls.project_json(project.id)),
         "format": "application/json"},
    ]
    documents += [{"id": f"link-{number}", "title": link.title, "url": link.url}
                  for number, link in enumerate(project.links, start=1)]
    return [{**document, "url": uri(document["url"])} for document in documents]


def project_release(model: SiteModel, project: Project, row: dict, grouped: dict[str, list[dict]],
                    office: dict) -> dict:
    """One OC4IDS project from the project's rows of the data tables and its record."""
    site, as_of = model.site, model.now.as_of
    start = project.planned_start or project.actual_start
    period = {"startDate": day(start) if start else None,
              "endDate": end_of(project.planned_completion) if project.planned_completion else None}
    status = KIND_STATUS.get(row["kind"]) or ("implementation" if row["started"] else "preparation")
    released = {
        "id": site.oc4ids_prefix + project.id,
        "identifiers": [{"id": project.id, "scheme": f"{site.title}项目编号"}],
        "updated": end_of(as_of),
        "language": "zh",
        "title": project.name,
        "description": project.description,
        "status": status,
        "additionalClassifications": [
            {"scheme": "项目类别", "id": project.category, "description": row["category"]},
            {"scheme": "建设性质", "id": urls.KIND_SLUGS[row["kind"]], "description": row["kind"]},
        ],
        "publicAuthority": {"id": office["id"], "name": office["name"]},
        "parties": project_parties(model, project, office),
        "budget": _budget(project, row["year"]),
        "period": {key: value for key, value in period.items() if value},
        "locations": [_location(model, project, row["area"])],
        "milestones": milestones(project, as_of),
        "metrics": metrics(project, row["year"], row["plan"], grouped[PROGRESS.name]),
        "documents": _documents(model, project),
    }
    return compact({**released, **extensions(row, grouped[PROBLEMS.name], grouped["visits"], as_of)})


def compact(value: object) -> object:
    """`value` without what it has none of, at any depth: null, empty or blank text, empty lists and objects.
    The standard's arrays and objects may not be empty, and OC4IDS asks for fields without a value to be
    left out rather than written empty."""
    if isinstance(value, dict):
        kept = {}
        for key, item in value.items():
            if _kept(item := compact(item) if isinstance(item, dict | list) else item):
                kept[key] = item
        return kept
    if isinstance(value, list):
        return [item for item in (compact(item) if isinstance(item, dict | list) else item for item in value)
                if _kept(item)]
    return value


def _kept(value: object) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value) and not value.isspace()
    if isinstance(value, dict | list):
        return bool(value)
    return True


def project_releases(model: SiteModel, rows: dict[str, list[dict]],
                     grouped: dict[str, dict[str, list[dict]]]) -> Iterator[dict]:
    """The package's projects, one at a time: every public project, this year's list and those of earlier years
    as they stood when they left it."""
    office = office_party(model.site, uri(model.site.base_url))
    for row in sorted(rows[PROJECTS.name] + rows[EARLIER], key=lambda row: row["id"]):
        yield project_release(model, model.content.projects[row["id"]], row, grouped[row["id"]], office)


def package(model: SiteModel, rows: dict[str, list[dict]], grouped: dict[str, dict[str, list[dict]]],
            releases: Iterator[dict] | None = None) -> dict:
    """The package; its projects are `releases` where the caller makes them itself."""
    site = model.site
    projects = list(project_releases(model, rows, grouped) if releases is None else releases)
    found = {
        "uri": uri(model.absolute_url(urls.oc4ids())),
        "publishedDate": end_of(model.now.as_of),
        "publisher": {"name": office_name(site), "uri": uri(site.base_url)},
        "publicationPolicy": uri(model.absolute_url(urls.data())),
        "version": VERSION,
        "extensions": [extension_url(model)],
        "projects": projects,
    }
    if site.demo:
        found["sampleData"] = True  # an extension of ours: the data are fictional sample data
    return found
