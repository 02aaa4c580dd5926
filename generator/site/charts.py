"""Charts drawn at build time as inline SVG or plain HTML: no script, nothing loaded from elsewhere.

Every chart carries its figures as text too (an accessible label and the table beside it), and scales
to the width of a phone through its viewBox. Colours come from CSS classes, so dark mode applies.
"""

from __future__ import annotations

import html

from ..figures import fmt
from .markup import Trusted, escape_text


def _data_table(caption: str, headers: list[str], rows: list[list[str]]) -> str:
    """The figures of a chart as a text table, folded under it: a screen reader, a large-text reader or a copy
    into a spreadsheet gets the same numbers as the picture."""
    head = "".join(f'<th scope="col">{escape_text(text)}</th>' for text in headers)
    body = "".join("<tr>" + "".join(f"<td>{escape_text(cell)}</td>" for cell in row) + "</tr>" for row in rows)
    return (f'<details class="chart-data" data-search-exclude><summary>{escape_text(caption)}（表格）</summary>'
            '<div class="table-scroll">'
            f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div></details>")


def progress_chart(points: list[tuple[int, float | None]], label: str, light: str = "none") -> Trusted:
    """Cumulative completion rate by month (bars, in the colour of the project's light) against the 序时进度 line,
    January to December.

    The bars and lines are an SVG stretched over the plot; the labels are HTML text beside it, so they follow
    the reader's text size (an SVG's text shrinks with its picture). `points` are (month number, completion
    rate or None when there is no plan)."""
    rates = [rate for _, rate in points if rate is not None]
    ceiling = max(1.0, *(rates or [0])) * 1.05

    def height(rate: float) -> float:  # percent of the plot's height
        return rate / ceiling * 100

    levels = [100 - height(share) for share in (0, 0.5, 1.0)]
    shapes = [f'<line class="chart-grid" x1="0" x2="120" y1="{level:.2f}" y2="{level:.2f}"/>' for level in levels]
    for month, rate in points:
        if rate is not None:
            top = 100 - height(rate)
            shapes.append(f'<rect class="chart-bar light-{light}" x="{(month - 1) * 10 + 2}" y="{top:.2f}" '
                          f'width="6" height="{100 - top:.2f}"/>')
    shapes.append(f'<line class="chart-target" x1="0" y1="100" x2="120" y2="{100 - height(1.0):.2f}"/>')
    y_labels = "".join(f'<span style="bottom:{height(share):.1f}%">{share * 100:.0f}%</span>'
                       for share in (0, 0.5, 1.0))
    x_labels = "".join(f'<span style="left:{(month - 0.5) / 12 * 100:.2f}%">{month}月</span>'
                       for month in (3, 6, 9, 12))
    chart = (
        f'<div class="pchart" role="img" aria-label="{html.escape(label)}">'
        f'<div class="pchart-y" aria-hidden="true">{y_labels}</div>'
        '<svg class="pchart-plot" viewBox="0 0 120 100" preserveAspectRatio="none" aria-hidden="true">'
        f'{"".join(shapes)}</svg>'
        f'<div class="pchart-x" aria-hidden="true">{x_labels}</div></div>'
    )
    legend = (
        f'<p class="chart-legend"><span class="key key-bar light-{light}"></span>本年累计完成投资占年度计划的比例'
        '<span class="key key-target"></span>序时进度（月份 ÷ 12）</p>'
    )
    table = _data_table("各月数字", ["月份", "投资完成率", "序时进度"],
                        [[f"{month}月", fmt.pct(rate), fmt.pct(month / 12)] for month, rate in points])
    return Trusted(chart + legend + table)


def bar_rows(rows: list[dict], time_progress: float) -> Trusted:
    """One HTML bar per group (name, rate, detail text), with the 序时进度 marked on each track."""
    marker = f"{min(time_progress, 1) * 100:.1f}%"
    out = ['<div class="bars">']
    for row in rows:
        rate = row["rate"]
        width = 0 if rate is None else min(rate, 1.2) / 1.2 * 100
        target = min(time_progress, 1.2) / 1.2 * 100
        out.append(
            f'<div class="bar-row"><span class="bar-name">{escape_text(row["name"])}</span>'
            f'<span class="bar-track">'
            f'<span class="bar-fill light-{row.get("light", "none")}" style="width:{width:.1f}%"></span>'
            f'<span class="bar-target" style="left:{target:.1f}%" title="序时进度 {marker}"></span></span>'
            f'<span class="bar-value">{fmt.pct(rate)}</span>'
            f'<span class="bar-detail">{escape_text(row.get("detail", ""))}</span></div>'
        )
    out.append(f'<p class="chart-legend">竖线为序时进度 {marker}；条形长度为投资完成率（满格为 120%）。</p></div>')
    out.append(_data_table("各组数字", ["名称", "投资完成率", "说明"],
                           [[row["name"], fmt.pct(row["rate"]), row.get("detail", "")] for row in rows]))
    return Trusted("".join(out))
