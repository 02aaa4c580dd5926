"""`issue`: make bulletins, half-year summaries and year-end evaluations public documents, and record corrections.

Each bulletin whose dispatch meeting has been held, and each summary or evaluation the site shows, is frozen
into `content/issued/` the first time this runs after it appears; later runs record, dated, every figure the
records now give differently from what an issued document printed. `sync` runs it before every commit, so an
office that publishes with `sync` never has to think of it. Running it again changes nothing. Corrections go
into a file of their own for each day they are recorded; an issued document's file never changes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from ..figures.model import SiteModel, build_model
from ..records.checks import check
from ..records.load import load
from ..records.numbering import bulletin_file, summary_file
from ..records.staging import staged_errors, write_texts
from ..records.validate import validated
from .issued import correction_file, dumped, frozen, live_figures, recorded, snapshot_figures, unrecorded
from .pages.bulletins import bulletin_views
from .pages.summaries import summary_views


def issue_texts(model: SiteModel, today: dt.date) -> tuple[dict[str, str], list[str]]:
    """The files to write (new issued documents; a record of the corrections not yet recorded), and what was
    done, in words."""
    texts, done, corrections = {}, [], {}
    site = model.site
    documents = [(bulletin_file(b.year, b.number), view, b.snap, b) for b, view in
                 zip(model.bulletins, bulletin_views(model), strict=True)]
    for view in summary_views(model):
        year, half = view.context["year"], view.context["half"]
        month = f"{year}-06" if half else f"{year}-12"
        documents.append((summary_file(year, half), view, model.snapshot(month), None))
    for relative, view, snap, bulletin in documents:
        if view.issued is not None:
            stated = recorded(model.content, view.key)
            pending = unrecorded(view.issued, stated, live_figures(model.tables, view.issued, snap))
            if pending:
                corrections[view.key] = pending
                done.append(f"{view.title}：登记更正 {len(pending)} 项")
            continue
        if bulletin is not None and bulletin.meeting.date > today:
            continue  # the meeting is recorded ahead of time: issued once it has been held
        if bulletin is not None:
            issued = frozen("bulletin", bulletin.year, bulletin.month, bulletin.meeting.date, site.lights,
                            view.context, snapshot_figures(snap), number=bulletin.number, meeting=bulletin.meeting_id)
        else:
            issued = frozen("summary", view.context["year"], snap.month, today, site.lights, view.context,
                            snapshot_figures(snap), half=view.context["half"])
        texts[relative] = dumped(issued)
        done.append(f"印发 {view.title}（{relative}）")
    if corrections:
        relative, text = correction_file(today, corrections)
        texts[relative] = text
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


def issue_before_commit(sync) -> str | None:
    """`sync`'s step before its commit: what the clerk's changes issue or correct is committed with them."""
    content = load(sync.content)
    check(content)
    if content.errors:  # sync has validated already; a second look costs nothing and stops a surprise
        return None
    texts, done = issue_texts(build_model(content), dt.date.today())
    if not texts:
        return None
    write_texts(content.root, texts)
    return "；".join(done)


issue_before_commit.title = "印发通报和登记更正"
