"""How figures and dates are written on the site: 万元 with thousands separators, 亿元 where large."""

from __future__ import annotations

import datetime as dt

import pandas as pd


def _missing(value: object) -> bool:
    return value is None or value is pd.NaT or (isinstance(value, float) and value != value)  # NaN alone is unequal


def wan(amount: float | None) -> str:
    """An amount in 万元, without the unit: "12,345.6"."""
    if _missing(amount):
        return "—"
    text = f"{amount:,.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def money(amount: float | None) -> str:
    """An amount with its unit, in 亿元 from 1 亿 up: "12.35 亿元", "8,600 万元"."""
    if _missing(amount):
        return "—"
    if abs(amount) >= 10_000:
        return f"{amount / 10_000:,.2f} 亿元"
    return f"{wan(amount)} 万元"


def pct(rate: float | None, digits: int = 1) -> str:
    """A ratio as a percentage: 0.41 → "41.0%"."""
    if _missing(rate):
        return "—"
    return f"{rate * 100:.{digits}f}%"


def points(gap: float | None, digits: int = 1) -> str:
    """A gap in percentage points with its sign: "+2.9", "−17.3"."""
    if _missing(gap):
        return "—"
    shown = f"{abs(gap):.{digits}f}"
    if float(shown) == 0:
        return shown
    return f"{'+' if gap > 0 else '−'}{shown}"


def cn_date(day: dt.date | None) -> str:
    if _missing(day):
        return "—"
    return f"{day.year}年{day.month}月{day.day}日"


def cn_month(month: str | None) -> str:
    if not month:
        return "—"
    return f"{int(month[:4])}年{int(month[5:7])}月"


def iso(day: dt.date | None) -> str:
    if type(day) is dt.date:  # the common cases, and isoformat is ten times quicker than strftime
        return day.isoformat()
    if type(day) is pd.Timestamp:
        return day.date().isoformat()
    if _missing(day):
        return "—"
    return day.strftime("%Y-%m-%d")
