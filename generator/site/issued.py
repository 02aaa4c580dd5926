"""Published is permanent: issued bulletins, half-year summaries and year-end evaluations, and their corrections.

A document is issued by `python -m generator issue` (which `sync` runs before each commit): what its page
printed is frozen into `content/issued/…/*.json`, with the figures that later records are compared with. From
then on the page (and its Word document) is made from that file, whatever the records say later. Where a later
record changes a figure it printed, the page carries a dated 更正 note — what it said, what the records now
say, which project — and so does the project's page. `issue` records each new correction with the day it was
recorded, in a file of its own (`content/issued/corrections/`: an issued document's file never changes, and two
clerks' corrections never collide in git); until then the build shows it dated with the day of the last commit.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from dataclasses import dataclass

import numpy as np

from ..figures import compute, fmt
from ..figures.compute import Snapshot
from ..figures.rules import LIGHT_NAMES
from ..records.models import IssuedDocument, LightThresholds

HEADLINE_FIELDS = {
    "projects": "重点项目个数", "total": "总投资", "plan": "年度计划投资", "completed": "本年累计完成投资",
    "rate": "投资完成率", "start": "新开工项目已开工/应开工", "approvals": "联审联批已办结/应办",
    "red": "红灯项目个数", "yellow": "黄灯项目个数", "green": "绿灯项目个数",
}
_PROJECT_LINK = re.compile(r'"projects/([a-z0-9][a-z0-9-]*)/"')
PROJECT_FIELDS = {"listed": "列入年度名单", "plan": "年度计划投资（万元）", "completed": "本年累计完成投资（万元）",
                  "rate": "投资完成率", "light": "红黄绿灯"}


_AS_THEY_ARE = {str, int, bool, type(None)}  # exactly these types; others take the longer way below


def plain(value: object) -> object:
    """`value` as JSON gives it back: dicts, lists, str, int, float, bool, None (dates as ISO text)."""
    if type(value) in _AS_THEY_ARE:  # most values: a province's bulletins hold a million and a half
        return value
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, np.generic):
        return plain(value.item())
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def snapshot_figures(snap: Snapshot) -> dict:
    """The figures of a document that a correction would name, as the document prints them."""
    h = snap.headline
    headline = {
        "projects": str(h.projects), "total": fmt.money(h.total), "plan": fmt.money(h.plan),
        "completed": fmt.money(h.completed), "rate": fmt.pct(h.rate, 2),
        "start": f"{h.start.numerator}/{h.start.denominator}",
        "approvals": f"{h.approvals.numerator}/{h.approvals.denominator}",
        **{light: str(h.lights[light]) for light in ("red", "yellow", "green")},
    }
    projects = {row["id"]: {"name": row["name"], "plan": fmt.wan(row["plan"]), "completed": fmt.wan(row["completed"]),
                            "rate": fmt.pct(row["rate"]), "light": LIGHT_NAMES[row["light"]]}
                for row in snap.projects.to_dict("records")}
    return {"headline": headline, "projects": projects}


def differences(frozen: dict, live: dict) -> list[dict]:
    """What the records now say differently from the document: county-wide figures, then by project."""
    items = [{"project": None, "what": label, "was": frozen["headline"].get(key, ""), "now": live["headline"][key]}
             for key, label in HEADLINE_FIELDS.items() if frozen["headline"].get(key) != live["headline"][key]]
    was, now = frozen["projects"], live["projects"]
    for project in sorted(set(was) | set(now)):
        if project not in now or project not in was:
            items.append({"project": project, "what": PROJECT_FIELDS["listed"],
                          "was": "列入" if project in was else "未列入", "now": "列入" if project in now else "未列入"})
            continue
        items += [{"project": project, "what": label, "was": was[project][key], "now": now[project][key]}
                  for key, label in PROJECT_FIELDS.items()
                  if key != "listed" and was[project][key] != now[project][key]]
    return items


def recorded(content, key: str) -> list[tuple[str, list[dict]]]:
    """The corrections recorded for the document `key` (such as `bulletins/2021-09`): (date, items), oldest
    first."""
    return [(record.date.isoformat(), [item.model_dump() for item in record.documents[key]])
            for record in content.corrections.values() if key in record.documents]


def unrecorded(document: IssuedDocument, stated: list[tuple[str, list[dict]]], live: dict) -> list[dict]:
    """The differences no recorded correction has stated yet (as they stand now)."""
    said = {(item["project"], item["what"]): item["now"] for _, items in stated for item in items}
    current = differences(document.figures, live)
    return [item for item in current if said.get((item["project"], item["what"])) != item["now"]]


def live_figures(tables, document: IssuedDocument, snap: Snapshot) -> dict:
    """The document's figures as the records give them now, with the light thresholds it was issued under: a
    threshold changed later applies from then on, and corrects nothing that was issued."""
    if document.thresholds != tables.content.site.lights:
        snap = compute.snapshot(tables, document.month, thresholds=document.thresholds)
    return snapshot_figures(snap)


def printed_projects(document: IssuedDocument) -> set[str]:
    """The projects an issued document named: those its page links to."""
    return set(_PROJECT_LINK.findall(json.dumps(document.page, ensure_ascii=False)))


def build_day() -> dt.date:
    """The day a build speaks as of: the last commit's (SOURCE_DATE_EPOCH, set by the build), in Beijing time."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    moment = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch.isdigit() else dt.datetime.now(dt.UTC)
    return (moment + dt.timedelta(hours=8)).date()


@dataclass
class Shown:
    """A document's corrections as its page shows them: the recorded ones, and those not yet recorded."""

    corrections: list[dict]  # {date, items: [{project, what, was, now}]}, oldest first

    def for_project(self, project: str) -> list[dict]:
        return [{**item, "date": c["date"]} for c in self.corrections for item in c["items"]
                if item["project"] == project]


def shown(content, key: str, document: IssuedDocument, live: dict, today: dt.date) -> Shown:
    stated = recorded(content, key)
    corrections = [{"date": date, "items": items, "recorded": True} for date, items in stated]
    pending = unrecorded(document, stated, live)
    if pending:
        corrections.append({"date": today.isoformat(), "items": pending, "recorded": False})
    return Shown(corrections)


def frozen(kind: str, year: int, month: str, issued: dt.date, thresholds: LightThresholds, page: dict,
           figures: dict, number: int | None = None, half: bool | None = None, meeting: str | None = None) -> dict:
    """The content of an issued document's file."""
    found = {"format": 1, "document": kind, "year": year, "number": number, "half": half, "meeting": meeting,
             "month": month, "issued": issued.isoformat(), "thresholds": thresholds.model_dump(),
             "page": plain(page), "figures": figures}
    return {key: value for key, value in found.items() if value is not None}


def dumped(document: dict) -> str:
    """An issued document's file text: stable key order, Chinese as written, one value a line for `git diff`."""
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def correction_file(today: dt.date, documents: dict[str, list[dict]]) -> tuple[str, str]:
    """The path (inside the content folder) and text of one day's correction record. The name carries a hash of
    its content: two clerks recording different corrections on one day write two files, the same ones one."""
    text = dumped({"date": today.isoformat(), "documents": documents})
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
    return f"issued/corrections/{today.isoformat()}-{digest}.json", text
