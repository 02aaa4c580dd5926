"""`issue`: make bulletins, half-year summaries and year-end evaluations public documents, and record corrections.

Each bulletin whose dispatch meeting has been held, and each summary or evaluation the site shows, is frozen
into `content/issued/` the first time this runs after it appears; later runs record, dated, every figure the
records now give differently from what an issued document printed. `sync` runs it before every commit, so an
office that publishes with `sync` never has to think of it. Running it again changes nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

from ..figures.model import SiteModel, build_model
from ..records.numbering import bulletin_file, summary_file
from ..records.staging import staged_errors, write_texts
from ..records.validate import validated
from .issued import dumped, frozen, live_figures, snapshot_figures, unrecorded
from .pages.bulletins import DocumentView, bulletin_views
from .pages.summaries import summary_views


def _corrected(model: SiteModel, relative: str, view: DocumentView, snap, today: dt.date) -> str | None:
    """The document's file with today's correction added, or None when the records agree with it."""
    pending = unrecorded(view.issued, live_figures(model.tables, view.issued, snap))
    if not pending:
        return None
    document = json.loads((model.content.root / relative).read_text(encoding="utf-8"))
    document.setdefault("corrections", []).append({"date": today.isoformat(), "items": pending})
    return dumped(document)


def issue_texts(model: SiteModel, today: dt.date) -> tuple[dict[str, str], list[str]]:
    """The files to write (new issued documents, corrections recorded), and what was done, in words."""
    texts, done = {}, []
    site = model.site
    for bulletin, view in zip(model.bulletins, bulletin_views(model), strict=True):
        relative = bulletin_file(bulletin.year, bulletin.number)
        if view.issued is None:
            if bulletin.meeting.date > today:
                continue  # the meeting is recorded ahead of time: issued once it has been held
            texts[relative] = dumped(frozen(
                "bulletin", bulletin.year, bulletin.month, bulletin.meeting.date, site.lights, view.context,
                snapshot_figures(bulletin.snap), number=bulletin.number, meeting=bulletin.meeting_id))
            done.append(f"印发 {view.title}（{relative}）")
        elif (text := _corrected(model, relative, view, bulletin.snap, today)) is not None:
            texts[relative] = text
            done.append(f"{view.title}：登记更正（{relative}）")
    for view in summary_views(model):
        year, half = view.context["year"], view.context["half"]
        month = f"{year}-06" if half else f"{year}-12"
        relative, snap = summary_file(year, half), model.snapshot(month)
        if view.issued is None:
            texts[relative] = dumped(frozen("summary", year, month, today, site.lights, view.context,
                                            snapshot_figures(snap), half=half))
            done.append(f"印发 {view.title}（{relative}）")
        elif (text := _corrected(model, relative, view, snap, today)) is not None:
            texts[relative] = text
            done.append(f"{view.title}：登记更正（{relative}）")
    return texts, done


def issue_command(arguments: argparse.Namespace) -> int:
    content = validated(arguments)
    if content is None:
        print("内容本身有错误，请先改正；没有印发任何文件。", file=sys.stderr)
        return 1
    today = arguments.date or dt.date.today()
    texts, done = issue_texts(build_model(content), today)
    if not texts:
        print("已印发的通报、小结和总评都与记录一致，没有需要印发或登记更正的。")
        return 0
    errors = staged_errors(content.root, texts)
    if errors:
        print("\n".join(str(error) for error in errors) + "\n没有写入任何文件。", file=sys.stderr)
        return 1
    write_texts(content.root, texts)
    print("\n".join(done) + f"\n共写入 {len(texts)} 个文件（content/issued/ 下）。请和其他改动一起提交。")
    return 0
