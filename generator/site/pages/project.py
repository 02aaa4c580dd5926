"""One page per project, signboard first; and its printable signboard card with a QR code."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import segno

from ... import urls
from ...figures import fmt, rules
from ...figures.bulletin import Bulletin
from ...figures.model import SiteModel
from ...figures.rules import LIGHT_NAMES
from ...records.models import Milestone, Person, Project
from ...records.numbering import bulletin_file
from .. import charts, photos
from ..issued import printed_projects
from ..markup import Trusted, meta_text
from .common import NOT_SEARCHED, Page, records, records_by, records_by_index, unit_names


def milestone_state(milestone: Milestone, as_of: dt.date) -> tuple[str, bool]:
    """(state in words, late?) as of a date, against the baseline date (`planned`); a completion dated after
    it counts as not yet done. A forecast later than the baseline is a slip, said with its days."""
    actual = milestone.actual if milestone.actual and milestone.actual <= as_of else None
    if actual:
        late = (actual - milestone.planned).days
        return (f"延期 {late} 天完成", True) if late > 0 else ("按期完成", False)
    slip = (milestone.forecast - milestone.planned).days if milestone.forecast else 0
    moved = f"预计推迟 {slip} 天" if slip > 0 else ""
    if milestone.planned < as_of:
        return "，".join(filter(None, [f"已逾期 {(as_of - milestone.planned).days} 天", moved])), True
    return moved or "未到期", slip > 0


def _person(model: SiteModel, person: Person) -> dict:
    unit = model.content.units[person.unit]
    return {"unit": unit.name, "person": person.person, "title": person.title}


def signboard(model: SiteModel, project: Project) -> dict:
    leader = model.content.leaders[project.leader]
    inspector_unit = model.content.units.get(project.inspector.unit or "")
    return {
        "leader": leader.name, "leader_title": leader.title,
        "responsible": _person(model, project.responsible),
        "builder": _person(model, project.builder),
        "cooperating": [_person(model, person) for person in project.cooperating],
        "inspector": project.inspector.name, "inspector_unit": inspector_unit.name if inspector_unit else None,
        "supervision": model.site.supervision,
    }


def _plan(project: Project, year: int) -> float | None:
    listed = project.on_list(year)
    return listed.annual_plan if listed else None


PHOTOS_ON_PAGE = 24  # the newest as pictures; older ones as links, so a page stays light (and under its budget)


def progress_rows(model: SiteModel, project: Project) -> list[dict]:
    """Every month reported so far, newest first, each year's against that year's plan, with its photos
    (the newest PHOTOS_ON_PAGE in all)."""
    rows, room = [], PHOTOS_ON_PAGE
    for entry in reversed(project.progress):
        if entry.month > model.month:
            continue
        rate = rules.completion_rate(entry.completed, _plan(project, int(entry.month[:4])))
        shown = entry.photos[:room]
        room -= len(shown)
        rows.append({"month": fmt.cn_month(entry.month), "completed": fmt.wan(entry.completed), "rate": fmt.pct(rate),
                     "time_progress": fmt.pct(rules.time_progress(entry.month)), "image": entry.image,
                     "photos": [photos.view(photo, model.content.media[photo.file]) for photo in shown],
                     "more_photos": [photos.view(photo, model.content.media[photo.file])
                                     for photo in entry.photos[len(shown):]]})
    return rows


def chart_points(project: Project, month: str) -> list[tuple[int, float | None]]:
    """Cumulative completion rate at the end of each month of `month`'s year up to it (carried over a gap)."""
    plan = _plan(project, int(month[:4]))
    reported = {p.month: p.completed for p in project.progress if p.month[:4] == month[:4] and p.month <= month}
    points, completed = [], None
    for number in range(1, int(month[5:]) + 1):
        completed = reported.get(f"{month[:4]}-{number:02d}", completed)
        if completed is not None:
            points.append((number, rules.completion_rate(completed, plan)))
    return points


def year_rows(model: SiteModel, project: Project) -> list[dict]:
    """Each year the project was on the list, newest first: the current year as of the reporting month, an
    earlier year as it stood at its end."""
    rows = []
    for entry in sorted(project.years, key=lambda e: -e.year):
        if entry.year > model.year:
            continue  # next year's list, drawn up before it begins, is not public yet
        current = entry.year == model.year
        snap = model.now if current else model.year_end(entry.year)
        figures = snap.projects.loc[project.id]
        rows.append({"year": entry.year, "kind": entry.kind, "plan": fmt.wan(entry.annual_plan),
                     "completed": fmt.wan(figures["completed"]), "rate": fmt.pct(figures["rate"]),
                     "light": figures["light"], "as_of": fmt.cn_month(snap.month) + "底" if current else "年底",
                     "url": urls.projects(year=None if current else entry.year)})
    return rows


def problem_rows(model: SiteModel, problems: list[dict]) -> list[dict]:
    """A project's ledger: open before resolved, overdue first, then by deadline."""
    units = model.content.units
    ordered = sorted(problems, key=lambda p: (not p["open"], not p["overdue"], p["deadline"]))
    return [{
        "text": p["text"], "raised": fmt.iso(p["raised"]), "meeting_url": model.meeting_url(p["meeting"] or ""),
        "owners": unit_names(units, p["owners"]), "deadline": fmt.iso(p["deadline"]),
        "open": p["open"], "overdue": p["overdue"], "days_overdue": int(p["days_overdue"]),
        # a problem resolved after the reporting month is still open on this page, its resolution not yet known
        "resolved": fmt.iso(p["resolved"]) if not p["open"] else None,
        "resolution": None if p["open"] else _text(p["resolution"]),
    } for p in ordered]


RECENT_VISITS = 10  # a year of weekly visits would be most of the page; all of them are in the project's JSON


def visit_view(model: SiteModel, project: Project, compliance: dict | None) -> dict:
    """The on-site visits; weekly compliance over this year when the project is on this year's list."""
    as_of = model.now.as_of
    visits = sorted((v for v in project.visits if v.date <= as_of), key=lambda v: v.date, reverse=True)
    leaders, units = model.content.leaders, model.content.units
    compliance = compliance or {"weeks_visited": 0, "weeks": 0}
    return {
        "listed": project.id in model.visits.index,
        "weeks_visited": int(compliance["weeks_visited"]), "weeks": int(compliance["weeks"]),
        "rate": fmt.pct(compliance["weeks_visited"] / compliance["weeks"] if compliance["weeks"] else None),
        "count": len(visits),
        "recent": [{"date": fmt.iso(v.date), "who": leaders[v.leader].name if v.leader else units[v.unit].name,
                    "note": v.note} for v in visits[:RECENT_VISITS]],
    }


def review_rows(model: SiteModel) -> dict[str, list[dict]]:
    """Each project's review scores, newest first."""
    rows: dict[str, list[dict]] = {}
    for result in reversed(model.reviews):
        if result.meeting.date > model.now.as_of:
            continue
        for row in records(result.projects):
            rows.setdefault(row["project"], []).append({
                "date": fmt.iso(result.meeting.date), "url": urls.meeting("review", result.meeting_id),
                "total": fmt.wan(row["total"]), "rank": row["rank"], "of": len(result.projects),
                "comment": row["comment"]})
    return rows


def qr_svg(url: str) -> Trusted:
    """The QR code of the page's public address, as inline SVG made at build time.

    The mask is fixed rather than searched: any mask makes a valid code every reader decodes, and the
    search costs five times the rest, which a province's thousands of signboards would feel. One path
    of horizontal runs keeps the SVG small."""
    code = segno.make(url, error="m", micro=False, mask=2)
    border, size = 4, len(code.matrix) + 8
    runs = []
    for y, row in enumerate(code.matrix):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                runs.append(f"M{start + border} {y + border + 0.5}h{x - start}")
            else:
                x += 1
    label = html.escape(f"二维码：{url}")
    return Trusted(
        f'<svg class="qr" viewBox="0 0 {size} {size}" role="img" aria-label="{label}" shape-rendering="crispEdges">'
        f'<title>{label}</title><rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path stroke="#000" d="{"".join(runs)}"/></svg>'
    )


@dataclass
class ProjectFacts:
    """What the project pages look up per project, gathered for all projects in one pass each."""

    figures: dict[str, dict]
    compliance: dict[str, dict]
    problems: dict[str, list[dict]]
    reviews: dict[str, list[dict]]
    chains: dict[str, list[dict]]
    corrections: dict[str, list[dict]]  # of issued documents, newest first
    mentions: dict[str, list[Bulletin]]  # the bulletins that name each project, newest first


def project_facts(model: SiteModel, corrections: dict[str, list[dict]]) -> ProjectFacts:
    chains: dict[str, list] = {}
    for chain in model.content.chains.values():
        for project_id in chain.key_projects:
            chains.setdefault(project_id, []).append({"name": chain.name, "url": urls.chain(chain.id)})
    return ProjectFacts(records_by_index(model.now.projects), records_by_index(model.visits),
                        records_by(model.problem_history, "project"), review_rows(model), chains, corrections,
                        bulletin_mentions(model))


def bulletin_mentions(model: SiteModel) -> dict[str, list[Bulletin]]:
    """For each project, the bulletins that name it, newest first: an issued bulletin by what it printed (a
    project added to the list later is not named in it), one not yet issued by the records."""
    named: dict[str, list[Bulletin]] = {}
    for bulletin in reversed(model.bulletins):
        key = bulletin_file(bulletin.year, bulletin.number).removeprefix("issued/").removesuffix(".json")
        document = model.content.issued.get(key)
        projects = printed_projects(document) if document else bulletin.mentioned_projects()
        for project in projects:
            named.setdefault(project, []).append(bulletin)
    return named


def project_pages(model: SiteModel, facts: ProjectFacts, ids: Iterable[str]) -> Iterator[Page]:
    """The pages of the projects `ids`."""
    figures_of, compliance_of, problems_of = facts.figures, facts.compliance, facts.problems
    reviews_of, chains_of = facts.reviews, facts.chains
    for project in (model.content.projects[project_id] for project_id in ids):
        row, year = figures_of.get(project.id), model.year
        if row is None:  # not on this year's list: the last year it was on, as that year ended
            year = max(entry.year for entry in project.years if entry.year <= model.year)
            row = model.year_end(year).projects.loc[[project.id]].to_dict("index")[project.id]
        month = model.month if year == model.year else f"{year}-12"
        board = signboard(model, project)
        status = {
            "light": row["light"], "light_name": LIGHT_NAMES[row["light"]], "reason": row["reason"],
            "kind": row["kind"], "category": row["category_name"], "year": year, "listed": year == model.year,
            "category_url": urls.facet("category", row["category"]),
            "area": row["area_name"], "area_url": urls.facet("area", row["area"]), "address": project.location.address,
            "planned_start": fmt.iso(project.planned_start),
            "actual_start": fmt.iso(_on_or_before(project.actual_start, model.now.as_of)),
            "planned_completion": fmt.iso(project.planned_completion),
            "days_late": int(row.get("days_late", 0)),
            "actual_completion": fmt.iso(_on_or_before(project.actual_completion, model.now.as_of)),
            "image": row["image"] if isinstance(row["image"], str) else None,
            "reported": bool(row["reported"]),
            "last_report": fmt.cn_month(row["last_report"]) if isinstance(row["last_report"], str) else None,
        }
        investment = {
            "year": year, "total": fmt.wan(project.total_investment), "plan": fmt.wan(row["plan"]),
            "completed": fmt.wan(row["completed"]), "rate": fmt.pct(row["rate"]),
            "since_start": fmt.wan(row["since_start"]),
            "since_start_rate": fmt.pct(row["since_start"] / project.total_investment
                                        if project.total_investment else None),
            "time_progress": fmt.pct(rules.time_progress(month)), "month": fmt.cn_month(month),
            "gap_phrase": rules.gap_phrase(row["gap"], 1, "序时进度"),
            "chart": charts.progress_chart(chart_points(project, month),
                                           f"{project.name}：{year}年累计投资完成率与序时进度对比", row["light"]),
        }
        milestones = []
        for milestone in project.milestones:
            state, late = milestone_state(milestone, model.now.as_of)
            actual = _on_or_before(milestone.actual, model.now.as_of)
            forecast = milestone.forecast if milestone.forecast and not actual else None
            milestones.append({"name": milestone.name, "planned": fmt.iso(milestone.planned),
                               "actual": fmt.iso(actual), "forecast": fmt.iso(forecast) if forecast else None,
                               "state": state, "late": late})
        approvals = []
        for approval in project.approvals:
            done = _on_or_before(approval.completed, model.now.as_of)  # one completed later was still in hand
            approvals.append({"name": approval.name, "unit": model.content.units[approval.unit].name
                              if approval.unit else None, "done": done is not None, "date": fmt.iso(done),
                              "status": "办理中" if approval.completed and not done else approval.status})
        progress = progress_rows(model, project)
        context = {
            "project": project, "board": board, "status": status, "investment": investment,
            "milestones": milestones, "approvals": approvals,
            "approvals_done": int(row["approvals_done"]), "approvals_total": int(row["approvals_total"]),
            "progress": progress, "latest_photos": next((p for p in progress if p["photos"]), None),
            "problems": problem_rows(model, problems_of.get(project.id, [])),
            "years": year_rows(model, project),
            "visits": visit_view(model, project, compliance_of.get(project.id)),
            "reviews": reviews_of.get(project.id, []),
            "chains": chains_of.get(project.id, []), "corrections": facts.corrections.get(project.id, []),
            "bulletins": [{"title": f"{b.title}（{fmt.cn_month(b.month)}）", "url": urls.bulletin(b.year, b.number)}
                          for b in facts.mentions.get(project.id, [])],
            "month": fmt.cn_month(model.month), "year": model.year, "card": urls.card(project.id),
            "attachments": [{"url": urls.media(a.file), "title": a.title, "pdf": a.file not in model.content.media,
                             "size": photos.fitted(model.content.media[a.file], photos.ATTACHMENT_SIDE)
                             if a.file in model.content.media else None} for a in project.attachments],
        }
        # indexed from the records by search.py, not from this page's HTML
        summary = (f"{project.name}：{LIGHT_NAMES[row['light']]}，{row['reason']}。"
                   f"责任单位{board['responsible']['unit']}，分包领导{board['leader']}。{project.description}")
        yield Page(urls.project(project.id), "project.md.j2", context, project.name,
                   {**NOT_SEARCHED, "description": meta_text(summary)})


def card_pages(model: SiteModel) -> Iterator[Page]:
    """The printable signboard cards: whole HTML pages of our own, outside the theme."""
    for project in model.content.projects.values():
        address = model.absolute_url(urls.project(project.id))
        yield Page(urls.card(project.id), "card.html.j2", {
            "project": project, "board": signboard(model, project), "page": urls.project(project.id),
            "address": address, "qr": qr_svg(address),
        }, f"{project.name}：项目标示牌", standalone=True)


def _text(value: object) -> str | None:
    """An optional text from a pandas table, where a missing one is NaN."""
    return value if isinstance(value, str) else None


def _on_or_before(day: dt.date | None, as_of: dt.date) -> dt.date | None:
    return day if day is not None and day <= as_of else None

