"""The OC4IDS extension that declares our own fields, published with the site under data/oc4ids-extension/
and listed in the package's `extensions`.

OC4IDS 0.9 has no extension mechanism of its own and points to OCDS's, which this follows: an
extension.json (name, description, documentation, compatibility) and JSON Merge Patches (RFC 7386) of the
standard's schemas. Applied to project-schema.json and project-package-schema.json, they describe exactly
what the export writes (tests/test_oc4ids.py validates every project against the patched schema).
"""

from __future__ import annotations

from .. import urls
from ..figures.model import SiteModel
from ..figures.rules import LIGHT_NAMES
from .oc4ids_parts import uri

SCHEMAS = ("project-schema.json", "project-package-schema.json")
_DATE_TIME = {"type": "string", "format": "date-time"}


def _text(title: str, description: str) -> dict:
    return {"title": title, "description": description, "type": "string", "minLength": 1}


def _number(title: str, description: str, kind: str = "number") -> dict:
    return {"title": title, "description": description, "type": kind}


PROJECT_PATCH = {
    "properties": {
        "progressLight": {
            "title": "Progress light", "description": "红黄绿灯：项目的投资完成率与序时进度之差，截至报告月份底。",
            "$ref": "#/definitions/ProgressLight"},
        "problemLedger": {
            "title": "Problem ledger", "description": "问题台账：项目建设中发现的问题，截至报告月份底。",
            "type": "array", "items": {"$ref": "#/definitions/LedgerProblem"}, "minItems": 1, "uniqueItems": True},
        "onSiteVisits": {
            "title": "On-site office visits",
            "description": "现场办公：分包领导和责任单位每周至少到项目现场办公 1 次的落实情况。",
            "$ref": "#/definitions/OnSiteVisits"},
    },
    "definitions": {
        "ProgressLight": {
            "title": "Progress light", "type": "object", "required": ["code", "name", "asOf"],
            "properties": {
                "code": {"title": "Code", "description": "red、yellow、green，或 none（本年度无计划投资）",
                         "type": "string", "enum": list(LIGHT_NAMES)},
                "name": {"title": "Name", "description": "灯色的中文名", "type": "string",
                         "enum": list(LIGHT_NAMES.values())},
                "reason": _text("Reason", "亮灯原因"),
                "completionRate": _number("Completion rate", "投资完成率（%）：本年累计完成投资 ÷ 年度计划投资"),
                "timeProgress": _number("Time-proportional progress", "序时进度（%）：报告月份 ÷ 12"),
                "gapPoints": _number("Gap", "序时差（百分点）：投资完成率 − 序时进度，负数为滞后"),
                "asOf": {**_DATE_TIME, "title": "As of", "description": "报告月份的最后一刻"},
            },
        },
        "LedgerProblem": {
            "title": "Problem", "type": "object", "required": ["id", "description", "status"],
            "properties": {
                "id": _text("Identifier", "项目内的问题编号"),
                "description": _text("Description", "问题"),
                "owners": {"title": "Owners", "description": "责任单位", "type": "array", "minItems": 1,
                           "items": {"type": "string", "minLength": 1}},
                "raisedDate": {**_DATE_TIME, "title": "Raised", "description": "提出日期"},
                "raisedAt": _text("Raised at", "提出该问题的会议"),
                "dueDate": {**_DATE_TIME, "title": "Due", "description": "办结时限"},
                "status": {"title": "Status", "description": "open 未解决，resolved 已解决", "type": "string",
                           "enum": ["open", "resolved"]},
                "overdue": {"title": "Overdue", "description": "未解决且已过办结时限", "type": "boolean"},
                "daysOverdue": _number("Days overdue", "报告月份底距办结时限的天数", "integer"),
                "resolvedDate": {**_DATE_TIME, "title": "Resolved", "description": "解决日期"},
                "resolution": _text("Resolution", "解决情况"),
            },
        },
        "OnSiteVisits": {
            "title": "On-site office visits", "type": "object", "required": ["weeksVisited", "weeksElapsed"],
            "properties": {
                "weeksVisited": _number("Weeks visited", "有现场办公记录的整周数", "integer"),
                "weeksElapsed": _number("Weeks elapsed", "统计起始日所在周至报告月份底的整周数", "integer"),
                "complianceRate": _number("Compliance rate", "现场办公达标率（%）"),
                "visits": {"title": "Visits", "type": "array", "minItems": 1,
                           "items": {"$ref": "#/definitions/OnSiteVisit"}},
            },
        },
        "OnSiteVisit": {
            "title": "On-site office visit", "type": "object", "required": ["date", "note"],
            "properties": {
                "date": {**_DATE_TIME, "title": "Date", "description": "日期"},
                "leader": _text("Leader", "到场的分包领导"),
                "unit": _text("Unit", "到场的责任单位"),
                "note": _text("Note", "现场办公内容"),
            },
        },
    },
}

PACKAGE_PATCH = {
    "properties": {
        "sampleData": {"title": "Sample data", "description": "true：包中的数据是虚构的示例数据，不是真实项目。",
                       "type": "boolean"},
    },
}


def extension_url(model: SiteModel) -> str:
    return uri(model.absolute_url(urls.oc4ids_extension("extension.json")))


def extension_files(model: SiteModel) -> dict[str, dict]:
    """The extension's files by their path in the site."""
    site = model.site
    metadata = {
        "name": {"en": "Key project supervision (China)", "zh": f"{site.title}：重点项目督查"},
        "description": {
            "en": "Fields of a Chinese county's key-project mechanism that OC4IDS lacks: the progress light, "
                  "the problem ledger, weekly on-site office visits, and a flag for sample data.",
            "zh": "OC4IDS 中没有的重点项目推进机制字段：红黄绿灯、问题台账、每周现场办公，以及示例数据标记。"},
        "documentationUrl": {"zh": uri(model.absolute_url(urls.data())) + "#oc4ids"},
        "compatibility": ["0.9"],
        "schemas": list(SCHEMAS),
    }
    return {urls.oc4ids_extension("extension.json"): metadata,
            urls.oc4ids_extension(SCHEMAS[0]): PROJECT_PATCH, urls.oc4ids_extension(SCHEMAS[1]): PACKAGE_PATCH}
