"""Issued documents stay what they were: their file names, and a bulletin's meeting and number."""

from __future__ import annotations

from ..numbering import bulletin_file, bulletin_numbers, summary_file
from .base import Checker


def check_issued(checker: Checker) -> None:
    """An issued document stays what it was: its file name, and for a bulletin its meeting and number, must
    still agree with the records (a deleted or added earlier dispatch meeting would renumber it)."""
    numbers = bulletin_numbers(checker.content.meetings)
    # a meeting record that did not load would renumber the rest: its own error is enough
    renumbered = any(key.startswith("meeting:") for key in checker.content.unreadable)
    for name, record in checker.content.corrections.items():
        for document in record.documents:
            if document not in checker.content.issued and f"issued:{document}" not in checker.content.unreadable:
                checker.error(f"issued:corrections/{name}", ("documents", document),
                              f"更正的文件 issued/{document}.json 不存在")
    for stem, document in checker.content.issued.items():
        key = f"issued:{stem}"
        if document.document == "summary":
            expected = summary_file(document.year, bool(document.half))
            if f"issued/{stem}.json" != expected:
                checker.error(key, ("year",), f"文件名与内容不一致（期望 {expected}）")
            continue
        title = f"{document.year}年第{document.number}期"
        expected = bulletin_file(document.year, document.number or 0)
        if f"issued/{stem}.json" != expected:
            checker.error(key, ("number",), f"文件名与期号不一致（期望 {expected}）")
        meeting = checker.content.meetings.get(document.meeting or "")
        if meeting is None and document.meeting not in checker.meeting_ids:
            checker.error(key, ("meeting",), f"已印发的通报{title}依据的会议记录 {document.meeting} 不存在（期望 "
                          f"content/meetings/{document.meeting}.yml；已印发的通报不能撤回，请恢复它）")
        elif meeting is not None and not renumbered and numbers.get(document.meeting) != (document.year,
                                                                                          document.number):
            now = numbers.get(document.meeting)
            shown = f"{now[0]}年第{now[1]}期" if now else "没有期号"
            checker.error(key, ("number",), f"已印发的通报期号不能改变（期望 {title}，按现在的会议记录是 {shown}："
                          "增删了此前的调度例会记录，或改了它们的通报月份）")
