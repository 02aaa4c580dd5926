"""Charts drawn at build time as inline SVG or plain HTML: no script, nothing loaded from elsewhere.

Every chart carries its figures as text too (an accessible label and the table beside it), and scales
to the width of a phone through its viewBox. Colours come from CSS classes, so dark mode applies.
"""

from __future__ import annotations

import html

from ..figures import fmt
from .markup import Trusted, escape_text


def progress_chart(points: list[tuple[int, float | None]], label: str) -> Trusted:
    """Cumulative completion rate by month (bars) against the 序时进度 line, January to December.

    `points` are (month number, completion rate or None when there is no plan)."""
    width, height, left, bottom, top = 320, 190, 34, 26, 12
    rates = [rate for _, rate in points if rate is not None]
    ceiling = max(1.0, *(rates or [0])) * 1.05
    plot_w, plot_h = width - left - 8, height - top - bottom

    def x(month: float) -> float:
        return left + plot_w * month / 12

    def y(rate: float) -> float:
        return top + plot_h * (1 - rate / ceiling)

    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{html.escape(label)}">',
        f"<title>{html.escape(label)}</title>",
    ]
    for share in (0, 0.25, 0.5, 0.75, 1.0):
        level = y(share)
        parts.append(f'<line class="chart-grid" x1="{left}" x2="{width - 8}" y1="{level:.1f}" y2="{level:.1f}"/>')
        parts.append(
            f'<text class="chart-axis" x="{left - 4}" y="{level + 3:.1f}" text-anchor="end">{share * 100:.0f}%</text>'
        )
    bar = plot_w / 12 * 0.6
    for month, rate in points:
        if rate is None:
            continue
        top_y = y(rate)
        parts.append(
            f'<rect class="chart-bar" x="{x(month - 0.5) - bar / 2:.1f}" y="{top_y:.1f}" '
            f'width="{bar:.1f}" height="{y(0) - top_y:.1f}"><title>{month}月 {fmt.pct(rate)}</title></rect>'
        )
    parts.append(f'<line class="chart-target" x1="{x(0):.1f}" y1="{y(0):.1f}" x2="{x(12):.1f}" y2="{y(1):.1f}"/>')
    for month in range(1, 13):
        parts.append(
            f'<text class="chart-axis" x="{x(month - 0.5):.1f}" y="{height - 10}" text-anchor="middle">{month}</text>'
        )
    parts.append("</svg>")
    legend = (
        '<p class="chart-legend"><span class="key key-bar"></span>本年累计完成投资占年度计划的比例'
        '<span class="key key-target"></span>序时进度（月份 ÷ 12）</p>'
    )
    return Trusted("".join(parts) + legend)


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
    return Trusted("".join(out))
