"""观摩点评 and 督查: a page per review (scores, rankings) and per inspection (findings, problems raised)."""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd

from ... import urls
from ...figures import fmt
from ...figures.model import SiteModel
from ...figures.reviews import ReviewResult, overall
from ...records.models import InspectionMeeting
from .common import Page, records


def score_rows(model: SiteModel, result: ReviewResult) -> list[dict]:
    criteria = model.site.review_criteria
    return [{"rank": row["rank"], "name": row["name"], "url": urls.project(row["project"]),
             "unit": row["unit_name"], "scores": [fmt.wan(row[c.id]) for c in criteria],
             "total": fmt.wan(row["total"]), "comment": row["comment"]}
            for row in records(result.projects)]


def unit_rows(frame) -> list[dict]:
    return [{"rank": row["rank"], "unit": row["unit_name"], "projects": row["projects"],
             "average": f"{row['average']:.2f}"} for row in records(frame)]


def mention_rows(model: SiteModel, meeting) -> list[dict]:
    """A meeting's praised and criticised, in the order the record gives them."""
    rows = []
    for kind, mentions in (("表扬", meeting.praised), ("批评", meeting.criticised)):
        for mention in mentions:
            if mention.project:
                name, url = model.content.projects[mention.project].name, urls.project(mention.project)
            else:
                name, url = model.content.units[mention.unit].name, None
            rows.append({"kind": kind, "name": name, "url": url, "reason": mention.reason})
    return rows


def remark_rows(model: SiteModel, meeting) -> list[dict]:
    """A review's 点评意见, in the record's order: whom it is about, what was praised, what must change, by when."""
    projects, units = model.content.projects, model.content.units
    rows = []
    for remark in meeting.remarks:
        if remark.project:
            project = projects[remark.project]
            subject, url, unit = project.name, urls.project(remark.project), units[project.responsible.unit].name
        else:
            subject, url, unit = units[remark.unit].name, None, None
        rows.append({"subject": subject, "url": url, "unit": unit, "praise": remark.praise,
                     "improve": remark.improve, "deadline": fmt.cn_date(remark.deadline) if remark.deadline else None})
    return rows


def _by_year(items: list[dict]) -> list[dict]:
    """Items (newest first, each with a `year`) grouped under their year."""
    years: dict[int, list[dict]] = {}
    for item in items:
        years.setdefault(item["year"], []).append(item)
    return [{"year": year, "anchor": f"y{year}", "items": rows} for year, rows in years.items()]


def review_pages(model: SiteModel) -> Iterator[Page]:
    results = [r for r in model.reviews if r.meeting.date <= model.now.as_of]
    for result in results:
        meeting = result.meeting
        title = meeting.title or f"观摩点评（{fmt.cn_date(meeting.date)}）"
        yield Page(urls.meeting("review", result.meeting_id), "review.md.j2", {
            "title": title, "date": fmt.cn_date(meeting.date),
            "place": meeting.place, "summary": meeting.summary,
            "criteria": [f"{c.name}（{fmt.wan(c.max_score)}）" for c in model.site.review_criteria],
            "rows": score_rows(model, result), "units": unit_rows(result.units),
            "visited": [{"name": model.content.projects[p].name, "url": urls.project(p)} for p in meeting.visited],
            "remarks": remark_rows(model, meeting), "mentions": mention_rows(model, meeting),
            "document": urls.review_document(result.meeting_id),
        }, title)
    # the running ranking is the current year's; an earlier year's is in its year-end evaluation
    projects, units = overall([r for r in results if r.meeting.date.year == model.year], model.now.as_of)
    yield Page(urls.meetings("review"), "reviews.md.j2", {
        "years": _by_year([{"title": r.meeting.title or "观摩点评", "url": urls.meeting("review", r.meeting_id),
                            "date": fmt.cn_date(r.meeting.date), "visited": len(r.meeting.visited),
                            "year": r.meeting.date.year} for r in reversed(results)]),
        "year": model.year,
        "projects": [{"rank": row["rank"], "name": row["name"], "url": urls.project(row["project"]),
                      "unit": row["unit_name"], "reviews": row["reviews"], "average": f"{row['total']:.2f}"}
                     for row in records(projects)],
        "units": unit_rows(units),
    }, "观摩点评")


def inspection_pages(model: SiteModel) -> Iterator[Page]:
    as_of = model.now.as_of
    inspections = sorted(((key, m) for key, m in model.content.meetings.items()
                          if isinstance(m, InspectionMeeting) and m.date <= as_of), key=lambda item: item[1].date)
    problems = model.tables.problems
    problems = problems[problems["raised"] <= pd.Timestamp(as_of)].assign(
        open=~(problems["resolved"] <= pd.Timestamp(as_of)))
    names = model.tables.projects["name"]
    items = []
    for key, meeting in inspections:
        raised = problems[problems["meeting"] == key]
        yield Page(urls.meeting("inspection", key), "inspection.md.j2", {
            "meeting": meeting, "date": fmt.cn_date(meeting.date),
            "findings": [{"name": names[f.project], "url": urls.project(f.project), "text": f.text}
                         for f in meeting.findings],
            "problems": [{"name": names[r.project], "url": urls.project(r.project), "text": r.text,
                          "deadline": fmt.iso(r.deadline), "open": r.open} for r in raised.itertuples()],
            "mentions": mention_rows(model, meeting),
        }, meeting.title or f"督查（{fmt.cn_date(meeting.date)}）")
        items.append({"title": meeting.title or "督查", "url": urls.meeting("inspection", key),
                      "date": fmt.cn_date(meeting.date), "findings": len(meeting.findings), "problems": len(raised),
                      "year": meeting.date.year})
    yield Page(urls.meetings("inspection"), "inspections.md.j2", {"years": _by_year(items[::-1])}, "督查")
