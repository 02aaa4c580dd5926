"""通报: one page per bulletin, the list newest first, an archive per year, and the Atom feed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from xml.etree import ElementTree as ET

from ... import urls
from ...figures import compute, fmt, rules
from ...figures.bulletin import Bulletin
from ...figures.model import SiteModel
from ...figures.reporting import Reports
from ...figures.rules import LIGHT_NAMES
from ...records.models import IssuedDocument
from ...records.numbering import bulletin_file
from ..issued import Shown, build_day, live_figures, plain, shown
from .common import Page, group_rows, project_rows, ranking_rows, records, unit_names
from .home import headline_view
from .meetings import mention_rows


def overview(model: SiteModel, bulletin: Bulletin) -> str:
    """本期综述 in one paragraph, as the office writes it."""
    h = bulletin.snap.headline
    text = (
        f"截至{fmt.cn_month(bulletin.month)}底，全县{h.projects}个重点项目总投资{fmt.money(h.total)}，"
        f"年度计划投资{fmt.money(h.plan)}，本年累计完成投资{fmt.money(h.completed)}，占年度计划的{fmt.pct(h.rate)}，"
        f"{rules.gap_phrase(h.gap)}（序时进度{fmt.pct(h.time_progress)}）。"
    )
    if h.start.denominator:
        text += (f"新开工项目应开工{h.start.denominator}个、已开工{h.start.numerator}个，"
                 f"开工率{fmt.pct(h.start.value)}；")
    text += (f"联审联批事项{h.approvals.denominator}项、已办结{h.approvals.numerator}项，"
             f"完成率{fmt.pct(h.approvals.value)}。")
    lights = h.lights
    text += f"红灯项目{lights['red']}个、黄灯{lights['yellow']}个、绿灯{lights['green']}个。"
    return text


def _problem_rows(model: SiteModel, frame) -> list[dict]:
    projects, units = model.content.projects, model.content.units
    return [{"project": projects[r["project"]].name, "url": urls.project(r["project"]), "text": r["text"],
             "owners": unit_names(units, r["owners"]), "raised": fmt.iso(r["raised"]),
             "deadline": fmt.iso(r["deadline"]),
             "resolved": fmt.iso(r["resolved"]) if not r["open"] else None, "days_overdue": int(r["days_overdue"])}
            for r in records(frame)]


def _in_unit_order(items, unit_of: Callable, units: dict) -> list[tuple[str, list]]:
    """`items` grouped by unit id, each group in `items`' order, the units in the order of `units.yml`: the
    county's own order of its units, which its documents keep (a unit not listed there comes last)."""
    grouped: dict[str, list] = {}
    for item in items:
        grouped.setdefault(unit_of(item), []).append(item)
    place = {unit: number for number, unit in enumerate(units)}
    return sorted(grouped.items(), key=lambda group: (place.get(group[0], len(place)), group[0]))


def _lagging_by_unit(rows: list[dict], tags: list[str], units: dict) -> list[dict]:
    """Lagging projects grouped by responsible unit, each row with its tag."""
    tagged = [{**row, "tag": tag} for row, tag in zip(rows, tags, strict=True)]
    return [{"unit": group[0]["unit_name"], "rows": group}
            for _, group in _in_unit_order(tagged, lambda row: row["unit"], units)]


def reporting_rows(model: SiteModel, month: str) -> dict:
    """Which units did not report the month, or reported it late, as a county bulletin names them."""
    status = Reports(model.content).status(month)
    units = model.content.units

    def by_unit(projects) -> list[dict]:
        return [{"unit": units[unit].name, "projects": "、".join(project.name for project in group)}
                for unit, group in _in_unit_order(projects, lambda project: project.responsible.unit, units)]

    return {"listed": len(status.listed), "reported": len(status.reported), "missing": by_unit(status.missing),
            "late": by_unit(status.late)}


def bulletin_context(model: SiteModel, bulletin: Bulletin) -> dict:
    meeting, snap = bulletin.meeting, bulletin.snap
    started, not_started = bulletin.starts()
    lagging = bulletin.lagging()
    raised, resolved = bulletin.problems_between()
    overdue = bulletin.overdue_by_unit()
    units = model.content.units
    attendance = {status: [] for status in ("出席", "请假", "替会", "缺席")}
    for row in meeting.attendance:
        attendance[row.status].append({"unit": units[row.unit].name, "person": row.person,
                                       "substitute": row.substitute, "reason": row.reason})
    changes = bulletin.light_changes()
    ranking = compute.unit_ranking(snap)
    return {
        "title": f"{model.site.county}重点项目建设通报 {bulletin.title}", "number_title": bulletin.title,
        "year": bulletin.year, "number": bulletin.number, "meeting_id": bulletin.meeting_id,
        "county": model.site.county, "office": model.site.office,
        "date": fmt.cn_date(meeting.date), "month": fmt.cn_month(bulletin.month),
        "overview": overview(model, bulletin), "headline": headline_view(snap.headline, bulletin.month),
        "by_category": group_rows(bulletin.by("category", "category_name"), "category_name"),
        "by_kind": group_rows(bulletin.by("kind", "kind"), "kind"),
        "not_started": project_rows(snap, not_started), "started_count": len(started),
        "lagging": _lagging_by_unit(project_rows(snap, lagging), list(lagging["tag"]), units),
        "changes": [{"name": r.name, "url": urls.project(r.id), "unit": r.unit_name, "reason": r.reason,
                     "before": LIGHT_NAMES[r.before], "after": LIGHT_NAMES[r.after], "after_code": r.after}
                    for r in changes.itertuples()],
        "first": bulletin.previous is None, "first_of_year": bulletin.first_of_year,
        "ranking": ranking_rows(ranking),
        "raised": _problem_rows(model, raised), "resolved": _problem_rows(model, resolved),
        "overdue": [{"unit": units[owner].name, "rows": [row for row, _ in pairs]}
                    for owner, pairs in _in_unit_order(zip(_problem_rows(model, overdue), overdue["owner"],
                                                          strict=True), lambda pair: pair[1], units)],
        "decisions": [{"text": d.text, "owners": unit_names(units, d.owners), "deadline": fmt.iso(d.deadline),
                       "projects": [{"name": model.content.projects[p].name, "url": urls.project(p)}
                                    for p in d.projects]}
                      for d in meeting.decisions],
        "follow_ups": [{"text": f.decision.text, "owners": unit_names(units, f.decision.owners),
                        "deadline": fmt.iso(f.decision.deadline), "meeting": fmt.cn_date(f.meeting_date),
                        "state": "已完成" if f.done else (f"逾期 {f.days_overdue} 天" if f.overdue else "未到期"),
                        "overdue": f.overdue} for f in bulletin.follow_ups],
        "attendance": attendance, "has_attendance": bool(meeting.attendance),
        "reporting": reporting_rows(model, bulletin.month),
        "mentions": mention_rows(model, meeting),
        "previous_title": bulletin.previous.title if bulletin.previous else None,
    }


def _listing(views: list[DocumentView]) -> list[dict]:
    """Bulletins newest first, each with the figures it printed."""
    return [{"title": v.title, "url": v.url, "date": v.context["date"], "month": v.context["month"],
             "rate": v.context["headline"]["rate"], "gap": v.context["headline"]["gap_phrase"]}
            for v in reversed(views)]


@dataclass
class DocumentView:
    """What a bulletin's (or a summary's) page shows: the document as issued, or, until it is issued, as the
    records make it; and the corrections later records call for."""

    url: str
    context: dict  # plain values only: what the page and the Word document print
    issued: IssuedDocument | None
    shown: Shown
    key: str  # of the issued document, as in `content.issued`

    @property
    def title(self) -> str:
        return self.context["title"]


def issued_key(relative: str) -> str:
    """`issued/bulletins/2021-09.json` → the key of `content.issued`, `bulletins/2021-09`."""
    return relative.removeprefix("issued/").removesuffix(".json")


_LEAVES = {str, int, float, bool, type(None)}


def _without_dead_links(value: object, pages: set[str]) -> object:
    """A frozen page's links to project pages that no longer exist (a record deleted) become plain text. What
    holds no such link is kept as it is rather than copied (nearly all of a province's bulletin)."""
    if type(value) in _LEAVES:
        return value
    if isinstance(value, dict):
        copy = None
        for key, item in value.items():
            kept = None if key == "url" and isinstance(item, str) and item.startswith("projects/") \
                and item not in pages else _without_dead_links(item, pages)
            if kept is not item:
                copy = dict(value) if copy is None else copy
                copy[key] = kept
        return value if copy is None else copy
    if isinstance(value, list):
        copy = None
        for index, item in enumerate(value):
            if (kept := _without_dead_links(item, pages)) is not item:
                copy = list(value) if copy is None else copy
                copy[index] = kept
        return value if copy is None else copy
    return value


def document_view(model: SiteModel, url: str, relative: str, made: Callable[[], dict], snap) -> DocumentView:
    """The view of one document kept at `relative` once issued; `made` makes its page from the records."""
    key = issued_key(relative)
    document = model.content.issued.get(key)
    context = document.page if document else plain(made())
    pages = {urls.project(project) for project in model.public_ids}
    found = shown(model.content, key, document, live_figures(model.tables, document, snap), build_day()) \
        if document else Shown([])
    return DocumentView(url, _without_dead_links(context, pages), document, found, key)


def bulletin_views(model: SiteModel) -> list[DocumentView]:
    """Every bulletin up to the reporting month, oldest first."""
    return list(each_bulletin_view(model))


def each_bulletin_view(model: SiteModel) -> Iterator[DocumentView]:
    """The same, one at a time."""
    for b in model.bulletins:
        yield document_view(model, urls.bulletin(b.year, b.number), bulletin_file(b.year, b.number),
                            lambda b=b: bulletin_context(model, b), b.snap)


def feed_view(view: DocumentView) -> DocumentView:
    """A bulletin's view with only what the feed shows of it (`atom_feed`): a province's views are large."""
    return replace(view, context={key: view.context[key] for key in ("title", "month", "overview")}, shown=Shown([]))


def correction_rows(model: SiteModel, view: DocumentView) -> list[dict]:
    """A document's corrections as its page lists them: each item with its project's name and page."""
    names = view.issued.figures.get("projects", {}) if view.issued else {}
    public = set(model.public_ids)
    rows = []
    for correction in view.shown.corrections:
        items = []
        for item in correction["items"]:
            project = item["project"]
            name = (model.content.projects[project].name if project in model.content.projects
                    else names.get(project, {}).get("name", project)) if project else "全县"
            items.append({**item, "name": name, "url": urls.project(project) if project in public else None})
        rows.append({"date": fmt.cn_date(dt.date.fromisoformat(correction["date"])), "items": items,
                     "recorded": correction["recorded"]})
    return rows


def corrections_by_project(model: SiteModel, views: list[DocumentView]) -> dict[str, list[dict]]:
    """For each project, the corrections of issued documents that name it, newest first."""
    found: dict[str, list[dict]] = {}
    for view in views:
        for correction in view.shown.corrections:
            for item in correction["items"]:
                if item["project"]:
                    found.setdefault(item["project"], []).append({
                        "title": view.title, "url": view.url, "what": item["what"], "was": item["was"],
                        "now": item["now"], "date": fmt.cn_date(dt.date.fromisoformat(correction["date"]))})
    return {project: rows[::-1] for project, rows in found.items()}


def bulletin_page(model: SiteModel, view: DocumentView) -> Page:
    document = urls.bulletin_document(view.context["year"], view.context["number"])
    return Page(view.url, "bulletin.md.j2", {**view.context, "corrections": correction_rows(model, view),
                                             "document": document}, view.title)


def bulletin_lists(model: SiteModel, views: list[DocumentView], summaries: list[dict]) -> Iterator[Page]:
    """The list of bulletins, newest first, and the archive of each year with its summary and evaluation."""
    years = sorted({v.context["year"] for v in views} | {s["year"] for s in summaries}, reverse=True)
    for year in years:
        yield Page(urls.bulletin_archive(year), "bulletin_archive.md.j2", {
            "year": year, "items": _listing([v for v in views if v.context["year"] == year]),
            "summaries": [s for s in summaries if s["year"] == year],
            "year_page": urls.year_page(None if year == model.year else year),
        }, f"{year}年通报")
    yield Page(urls.bulletins(), "bulletins.md.j2", {
        "items": _listing(views),
        "years": [{"year": y, "url": urls.bulletin_archive(y)} for y in years],
        "summaries": summaries, "feed": "feed.xml",
    }, "通报")


def bulletin_redirects(model: SiteModel) -> Iterator[Page]:
    """A page at each bulletin's address of before (`bulletins/2021-09/`), sending the reader to its address
    now (`bulletins/2021/9/`): links and bookmarks made then keep working."""
    for bulletin in model.bulletins:
        new = urls.bulletin(bulletin.year, bulletin.number)
        title = f"{model.site.county}重点项目建设通报 {bulletin.title}"
        yield Page(urls.bulletin_before_years(bulletin.year, bulletin.number), "redirect.html.j2",
                   {"target": new, "canonical": model.absolute_url(new)}, title, standalone=True)


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def atom_feed(model: SiteModel, views: list[DocumentView], documents: dict[str, bytes]) -> bytes:
    """The bulletins as an Atom feed, newest first, each with its Word document (`documents`, by path) as an
    enclosure; dates come from the records, never the clock."""
    atom = "http://www.w3.org/2005/Atom"
    ET.register_namespace("", atom)
    feed = ET.Element(f"{{{atom}}}feed")

    def child(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{atom}}}{tag}", attributes)
        element.text = text
        return element

    home = model.absolute_url(urls.bulletins())
    child(feed, "title", f"{model.site.county}重点项目建设通报")
    child(feed, "id", home)
    child(feed, "link", href=home)
    child(feed, "link", rel="self", href=model.absolute_url(urls.bulletins() + "feed.xml"))
    newest = max((b.meeting.date for b in model.bulletins), default=None)
    child(feed, "updated", f"{newest or f'{model.year}-01-01'}T00:00:00+08:00")
    author = child(feed, "author")
    child(author, "name", model.site.office)
    for bulletin, view in zip(reversed(model.bulletins), reversed(views), strict=True):
        url = model.absolute_url(view.url)
        entry = child(feed, "entry")
        child(entry, "title", f"{view.title}（{view.context['month']}）")
        child(entry, "id", url)
        child(entry, "link", href=url)
        document = urls.bulletin_document(bulletin.year, bulletin.number)
        child(entry, "link", rel="enclosure", type=DOCX, href=model.absolute_url(document),
              length=str(len(documents[document])), title=f"{bulletin.title}（Word 文档）")
        child(entry, "updated", f"{bulletin.meeting.date}T00:00:00+08:00")
        child(entry, "summary", view.context["overview"])
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"
