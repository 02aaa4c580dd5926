"""Where each page lives. Pages are folders (`projects/<id>/`), so URLs stay stable and short.

These paths are public: printed QR codes and the open-data files point at them. Change none.
"""

from __future__ import annotations

FACETS = {  # dimension → (column in the project table, Chinese name)
    "category": ("category", "类别"),
    "area": ("area", "区域"),
    "unit": ("unit", "责任单位"),
    "leader": ("leader", "分包领导"),
    "kind": ("kind_slug", "建设性质"),
    "light": ("light", "红黄绿灯"),
}
KIND_SLUGS = {"新开工": "new", "续建": "continuing", "前期": "preliminary"}


def home() -> str:
    return ""


def _year(year: int | None) -> str:
    """Lists of the current year live at the root; an earlier year's under its own folder, `2021/`."""
    return f"{year}/" if year else ""


def year_page(year: int | None = None) -> str:
    """A year's overview: the home page for the current year; an earlier year's figures at its end and the
    way to its lists and documents."""
    return _year(year)


def projects(page: int = 1, year: int | None = None) -> str:
    return f"{_year(year)}projects/" if page == 1 else f"{_year(year)}projects/page-{page}/"


def project(project_id: str) -> str:
    return f"projects/{project_id}/"


def card(project_id: str) -> str:
    return f"projects/{project_id}/card/"


def facet_index(dimension: str, year: int | None = None) -> str:
    """The folder of one dimension's facet pages: every value, with its count."""
    return f"{_year(year)}projects/by-{dimension}/"


def facet(dimension: str, value: str, page: int = 1, year: int | None = None) -> str:
    base = f"{_year(year)}projects/by-{dimension}/{value}/"
    return base if page == 1 else f"{base}page-{page}/"


def bulletins() -> str:
    return "bulletins/"


def bulletin_archive(year: int) -> str:
    return f"bulletins/{year}/"


def bulletin(year: int, number: int) -> str:
    """第N期 of a year: the year and the issue number, as the county numbers them (2021年第9期)."""
    return f"bulletins/{year}/{number}/"


def bulletin_before_years(year: int, number: int) -> str:
    """Where a bulletin was published before addresses named the issue: a redirect page now."""
    return f"bulletins/{year}-{number:02d}/"


def bulletin_document(year: int, number: int) -> str:
    """The bulletin as a Word document (公文格式), beside its page."""
    return f"{bulletin(year, number)}bulletin-{year}-{number:02d}.docx"


MEETING_FOLDERS = {"review": "reviews", "inspection": "inspections"}  # dispatch meetings are bulletins


def meeting(kind: str, meeting_id: str) -> str:
    return f"{MEETING_FOLDERS[kind]}/{meeting_id}/"


def meetings(kind: str) -> str:
    return f"{MEETING_FOLDERS[kind]}/"


def summary(year: int, half: bool) -> str:
    return f"summaries/{year}-h1/" if half else f"summaries/{year}/"


def summary_document(year: int, half: bool) -> str:
    return f"{summary(year, half)}{'summary' if half else 'evaluation'}-{year}.docx"


def review_document(meeting_id: str) -> str:
    return f"{meeting('review', meeting_id)}review-{meeting_id}.docx"


def ledger(year: int | None = None) -> str:
    return f"{_year(year)}ledger/"


def ledger_unit(unit_id: str, year: int | None = None) -> str:
    return f"{_year(year)}ledger/{unit_id}/"


def chains() -> str:
    return "chains/"


def chain(chain_id: str) -> str:
    return f"chains/{chain_id}/"


def data() -> str:
    return "data/"


def data_file(name: str) -> str:
    """A download of the 数据下载 page, e.g. data_file("projects.csv")."""
    return f"data/{name}"


def project_json(project_id: str) -> str:
    return f"data/projects/{project_id}.json"


def oc4ids() -> str:
    return "data/oc4ids.json"


def oc4ids_extension(name: str) -> str:
    """A file of the OC4IDS extension that declares the package's own fields, e.g. "extension.json"."""
    return f"data/oc4ids-extension/{name}"


def media(file: str) -> str:
    """An attachment from content/media/, published at the same relative path."""
    return f"media/{file}"


def about() -> str:
    return "about/"


def favicon() -> str:
    """The theme's icon, which a browser asks for on every page: the standalone pages name it too."""
    return "assets/images/favicon.png"


def relative(from_url: str, to_url: str) -> str:
    """The link from one page folder (`projects/a/`, or "" for the home page) to a page folder or a file.

    Every page builds dozens of links, so this is string work rather than os.path.relpath."""
    source = from_url.split("/")[:-1] if from_url else []
    is_folder = to_url == "" or to_url.endswith("/")
    target = to_url.split("/")[:-1] if is_folder else to_url.split("/")
    folders = target if is_folder else target[:-1]
    common = 0
    while common < len(source) and common < len(folders) and source[common] == folders[common]:
        common += 1
    rest = "/".join(target[common:])
    path = "../" * (len(source) - common) + (rest + "/" if is_folder and rest else rest)
    return path or "./"
