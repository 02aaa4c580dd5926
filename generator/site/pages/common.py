"""What every page builder shares: the Page record and the rows of a project table."""

from __future__ import annotations

import functools
import weakref
from dataclasses import dataclass, field

import pandas as pd

from ... import urls
from ...figures import fmt
from ...figures.compute import Snapshot
from ...figures.rules import LIGHT_NAMES

PAGE_SIZE = 200  # rows per page of a project list; a province's lists are paginated, a county's are not


@dataclass
class Page:
    url: str  # the page's folder, e.g. "projects/hengyuan-food/"
    template: str
    context: dict = field(default_factory=dict)
    title: str = ""
    meta: dict = field(default_factory=dict)  # front matter beside the title, e.g. {"search": {"exclude": True}}
    standalone: bool = False  # a whole HTML page of our own (the printable card), copied by MkDocs as is

    @property
    def file(self) -> str:
        """Where the page is written. MkDocs gives `a/b.md` the address `a/b/`, the same as `a/b/index.md`:
        the plain file saves a folder per page (a province has thousands, and folders are slow to make).
        Sections (`a/`) keep their index.md, which the navigation in mkdocs.yml names."""
        if self.standalone:
            return f"{self.url}index.html"
        if self.url.count("/") <= 1:
            return f"{self.url}index.md"
        return f"{self.url.rstrip('/')}.md"

NOT_SEARCHED = {"search": {"exclude": True}}  # lists that only repeat what project pages hold
# lists of projects: the whole width for the table (the theme's side columns hidden), and not searched
WIDE_LIST = {**NOT_SEARCHED, "hide": ["navigation", "toc"]}


@dataclass
class YearView:
    """One year's lists as the pages show them: the current year's at the site's root, as of the reporting
    month; an earlier year's under its own folder (`2021/projects/`), as it stood at the year's end."""

    year: int
    snap: Snapshot
    visits: pd.DataFrame
    current: bool

    @property
    def url_year(self) -> int | None:
        """The `year` argument of `urls`: None for the current year, whose lists live at the root."""
        return None if self.current else self.year

    @property
    def month(self) -> str:
        return self.snap.month


def year_views(model) -> list[YearView]:
    """The current year's view first, then each earlier year's, newest first."""
    views = [YearView(model.year, model.now, model.visits, True)]
    return views + [YearView(year, model.year_end(year), model.year_visits(year), False) for year in model.past_years]


def year_links(model, shown: int, target=urls.projects) -> list[dict]:
    """The year switcher: every year the column has run, newest first, each linking to `target` of that year
    (the current year's at the root)."""
    return [{"year": year, "url": target(year=None if year == model.year else year), "shown": year == shown}
            for year in [model.year, *model.past_years]]


_ROW_COLUMNS = ["id", "name", "category", "category_name", "area", "area_name", "unit", "unit_name", "reported",
                "leader", "leader_name", "kind", "plan", "completed", "rate", "gap", "light", "reason",
                "start_late", "days_late"]
_FORMATTED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
LIGHT_ORDER = {"red": 0, "yellow": 1, "green": 2, "none": 3}


@functools.cache
def pinyin_key(name: str) -> tuple:
    """How a Chinese name sorts, as a Chinese reader looks a name up: by its pinyin, syllable by syllable
    (pypinyin reads each character in its phrase: 重庆 is chong qing), then by the name itself."""
    from pypinyin import Style, lazy_pinyin

    return tuple(lazy_pinyin(name, style=Style.NORMAL, errors="default")), name


def pinyin_ready() -> None:
    """Load pypinyin's dictionaries now (some 50 MB, read when it is imported), in the process that forks the
    others, so that they share one copy rather than each loading its own."""
    pinyin_key("重庆")


def by_pinyin(names) -> list:
    """`names` in pinyin order."""
    return sorted(names, key=pinyin_key)


def flags(start_late: bool, days_late: int) -> list[str]:
    """What is late about a project, in the words of its list row: 开工滞后, 逾期未竣工 N 天."""
    return [text for text, on in (("开工滞后", start_late), (f"逾期未竣工 {days_late} 天", days_late > 0)) if on]


def _format_rows(snap: Snapshot) -> dict[str, dict]:
    frame = snap.projects
    columns = {name: frame[name].tolist() for name in _ROW_COLUMNS}
    names = by_pinyin(columns["name"])
    position = {name: number for number, name in enumerate(names)}
    rows = {}
    for values in zip(*columns.values(), strict=True):
        row = dict(zip(_ROW_COLUMNS, values, strict=True))
        row.update(url=urls.project(row["id"]), kind_slug=urls.KIND_SLUGS[row["kind"]],
                   plan=fmt.wan(row["plan"]), completed=fmt.wan(row["completed"]), rate=fmt.pct(row["rate"]),
                   gap=fmt.points(row["gap"]), light_name=LIGHT_NAMES[row["light"]],
                   flags=flags(row["start_late"], row["days_late"]), order=position[row["name"]])
        rows[row["id"]] = row
    return rows


def list_order(frame: pd.DataFrame) -> pd.DataFrame:
    """A project list in the order a reader looks for lateness: red first, then yellow, green, no light; within a
    light, the furthest behind 序时进度 first; then by the name's pinyin."""
    keys = [(LIGHT_ORDER[light], gap if gap == gap and gap is not None else float("inf"), pinyin_key(name))
            for light, gap, name in zip(frame["light"], frame["gap"], frame["name"], strict=True)]
    order = sorted(range(len(keys)), key=keys.__getitem__)
    return frame.iloc[order]


def project_rows(snap: Snapshot, frame: pd.DataFrame | None = None) -> list[dict]:
    """Display-ready rows for a project table, in `frame`'s order (all of the snapshot's by default).

    Each snapshot's rows are formatted once and shared by every page that lists them."""
    if snap not in _FORMATTED:
        _FORMATTED[snap] = _format_rows(snap)
    rows = _FORMATTED[snap]
    return [rows[project] for project in (snap.projects if frame is None else frame)["id"].tolist()]


def forget_rows() -> None:
    """Drop the formatted rows of every snapshot (they are made again when asked for): where the documents
    are made, each bulletin's are wanted for that bulletin only, and a province's twelve months of them held
    at once took 70 MB, and time in every collection that walked them."""
    _FORMATTED.clear()


def ranking_rows(ranking: pd.DataFrame) -> list[dict]:
    """`compute.unit_ranking` as display rows with their rank."""
    return [{**row, "rank": rank}
            for row, rank in zip(group_rows(ranking, "unit_name"), ranking["rank"], strict=True)]


def records(frame: pd.DataFrame) -> list[dict]:
    """The rows of `frame` as dicts, as `frame.to_dict("records")` gives them, made from whole columns:
    pandas boxes each value of a row on its own, which for a province's tables takes several times as long."""
    columns = list(frame.columns)
    values = zip(*(_column_values(frame[column]) for column in columns), strict=True)
    return [dict(zip(columns, row, strict=True)) for row in values]


def _column_values(column: pd.Series) -> list:
    values = column.tolist()
    if getattr(column.dtype, "na_value", None) is pd.NA:  # nullable columns: `to_dict` gives None for <NA>
        return [None if value is pd.NA else value for value in values]
    return values


def records_by_index(frame: pd.DataFrame) -> dict[object, dict]:
    """`frame.to_dict("index")`, made as `records` is."""
    return dict(zip(frame.index.tolist(), records(frame), strict=True))


def records_by(frame: pd.DataFrame, key: str) -> dict[object, list[dict]]:
    """The rows of `frame` as dicts, grouped by one column, in one pass (no per-group filtering)."""
    grouped: dict[object, list[dict]] = {}
    for row in records(frame):
        grouped.setdefault(row[key], []).append(row)
    return grouped


def unit_names(units: dict, unit_ids) -> str:
    """Owner units as staff write them: 县住建局、县自然资源局."""
    return "、".join(units[unit].name for unit in unit_ids)


def paginate(rows: list, size: int = PAGE_SIZE) -> list[list]:
    return [rows[start:start + size] for start in range(0, len(rows), size)] or [[]]


def group_rows(groups: pd.DataFrame, name: str) -> list[dict]:
    """Display-ready rows of `compute.group_figures`."""
    return [{
        "key": row[groups.columns[0]], "name": row[name], "projects": row["projects"], "total": fmt.wan(row["total"]),
        "plan": fmt.wan(row["plan"]), "completed": fmt.wan(row["completed"]), "rate": fmt.pct(row["rate"]),
        "gap": fmt.points(row["gap"]), "red": row["red"], "yellow": row["yellow"], "green": row["green"],
    } for row in records(groups)]
