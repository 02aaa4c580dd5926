"""Stage 1, load: read every file under `content/` into validated records, collecting every error."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, TypeAdapter, ValidationError

from ..parallel import shared_out
from . import messages, models
from .errors import ContentError, format_key
from .yamlsource import KeyPath, YamlDocument, read, read_json

if TYPE_CHECKING:
    from .media import ImageInfo

MEETING_ADAPTER: TypeAdapter = TypeAdapter(models.Meeting)
SINGLE_FILES = {"site": models.Site, "units": models.Units, "leaders": models.Leaders, "chains": models.Chains}
OPTIONAL_FILES = {"months": models.Months}  # content/months.yml: written by close-month once it is first needed
RECORD_FOLDERS = {"projects": models.Project, "meetings": models.Meeting}
ISSUED_FOLDERS = ("bulletins", "summaries", "corrections")  # under content/issued/: JSON written by `issue`
_FILES_PER_PIECE = 100  # parsed and handed over together: about a tenth of a second's work


@dataclass
class SourceFile:
    shown: str  # the path as messages name it
    relative: str  # the path inside the content folder, e.g. "projects/alpha.yml"
    document: YamlDocument


@dataclass
class Content:
    root: Path
    site: models.Site | None = None
    units: dict[str, models.Unit] = field(default_factory=dict)
    leaders: dict[str, models.Leader] = field(default_factory=dict)
    chains: dict[str, models.Chain] = field(default_factory=dict)
    projects: dict[str, models.Project] = field(default_factory=dict)
    meetings: dict[str, models.DispatchMeeting | models.ReviewMeeting | models.InspectionMeeting] = field(
        default_factory=dict
    )
    months: models.Months = field(default_factory=models.Months)
    issued: dict[str, models.IssuedDocument] = field(default_factory=dict)  # by "bulletins/2021-09" …
    corrections: dict[str, models.Corrections] = field(default_factory=dict)  # by file name, in date order
    files: dict[str, SourceFile] = field(default_factory=dict)  # "site", "project:<id>", "meeting:<id>" ...
    unreadable: set[str] = field(default_factory=set)  # ids whose file did not load: not "dangling"
    errors: list[ContentError] = field(default_factory=list)
    media: dict[str, ImageInfo] = field(default_factory=dict)  # each image under media/: its upright size (check)
    boundaries: dict[str, list] = field(default_factory=dict)  # area id → polygons → rings → (lon, lat) (check)

    def error(self, file_key: str, path: KeyPath, message: str, at_key: bool = False) -> None:
        source = self.files[file_key]
        line, column = source.document.position(path, at_key)
        self.errors.append(ContentError(source.shown, line, column, format_key(path), message))


def shown_path(path: Path) -> str:
    """Relative to the working folder when inside it (as staff type it), else absolute."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path.absolute())
    return str(path.absolute()) if relative.startswith("..") else relative


def _validate(content: Content, file_key: str, model: type | object) -> BaseModel | None:
    source = content.files[file_key]
    document = source.document
    for issue in document.issues:
        content.errors.append(
            ContentError(source.shown, issue.line, issue.column, format_key(issue.path), issue.message)
        )
    if document.validated is not None and document.validated[0] is model:
        return document.validated[1]
    if document.data is None:
        return None
    try:
        if model is models.Meeting:
            record = MEETING_ADAPTER.validate_python(document.data)
        else:
            record = model.model_validate(document.data)
    except ValidationError as invalid:
        already_told = {issue.path for issue in document.issues}
        errors = invalid.errors()
        if any(error["type"] == "extra_forbidden" and messages.retired(model, tuple(error["loc"]))
               for error in errors):  # records of the single-year form: their `years` is missing, of course
            errors = [error for error in errors if not (error["type"] == "missing" and error["loc"] == ("years",))]
        for error in errors:
            loc = tuple(error["loc"])
            if error["type"].startswith("union_tag"):
                loc, target = ("kind",), None
            elif model is models.Meeting and loc and loc[0] in models.MEETING_KIND_NAMES:
                kind_model = {"dispatch": models.DispatchMeeting, "review": models.ReviewMeeting}.get(
                    loc[0], models.InspectionMeeting
                )
                loc, target = loc[1:], kind_model
            else:
                target = model if isinstance(model, type) else None
            if loc in already_told:  # the YAML reader has said why this value is missing
                continue
            message = messages.explain({**error, "loc": loc}, target)
            title = messages.field_title(target, loc)
            content.error(file_key, loc, f"{title}：{message}" if title else message,
                          at_key=error["type"] == "extra_forbidden")
        return None
    if document.issues:  # reported above; a half-read record must not go on to the cross-record checks
        return None
    document.validated = (model, record)
    document.data = None  # the record holds it all now; a province's parsed YAML was a third of the build's memory
    return record


def _documents(paths: Sequence[Path]) -> list[YamlDocument]:
    return [read_json(path) if path.suffix == ".json" else read(path) for path in paths]


def _signature(path: Path) -> tuple[int, int, int]:
    status = path.stat()
    return status.st_mtime_ns, status.st_size, status.st_ino


def _read_all(content: Content, sources: list[tuple[str, Path]], parsed: dict | None = None) -> Iterator[list[str]]:
    """Parse every file, on every core for a province's thousands, yielding the keys of each batch read
    (in no set order) so that they can be validated while other batches are still being parsed. Links
    out of the folder are refused, not read. With `parsed`, files unchanged since it was filled are taken
    from it rather than parsed again, and it is filled with the files parsed now."""
    root, shown_root = content.root.resolve(), shown_path(content.root)
    folders = {folder: folder.resolve().is_relative_to(root) for folder in {path.parent for _, path in sources}}
    inside = [(key, path) for key, path in sources
              if (path.resolve().is_relative_to(root) if path.is_symlink() else folders[path.parent])]
    readable = {key for key, _ in inside}
    for key, path in sources:
        relative = path.relative_to(content.root)
        shown = str(relative) if shown_root == "." else os.path.join(shown_root, relative)
        content.files[key] = SourceFile(shown, relative.as_posix(), YamlDocument(None))
        if key not in readable:
            content.error(key, (), "这是指向 content/ 以外的符号链接，不予读取（请把文件本身放进仓库）")
            content.unreadable.add(key)
    if parsed is not None:
        signatures = {path: _signature(path) for _, path in inside}
        known = {key for key, path in inside if path in parsed and parsed[path][0] == signatures[path]}
        for key, path in inside:
            if key in known:
                content.files[key].document = parsed[path][1]
        if known:
            yield [key for key, _ in inside if key in known]
        inside = [(key, path) for key, path in inside if key not in known]
    for start, documents in shared_out(_documents, [path for _, path in inside], piece=_FILES_PER_PIECE):
        batch = [key for key, _ in inside[start:start + len(documents)]]
        for (key, path), document in zip(inside[start:start + len(documents)], documents, strict=True):
            content.files[key].document = document
            if parsed is not None:
                parsed[path] = signatures[path], document
        yield batch


def _by_id(content: Content, name: str, items: list) -> dict:
    by_id: dict[str, object] = {}
    first_index: dict[str, int] = {}
    for index, item in enumerate(items):
        if item.id in by_id:
            first = content.files[name].document.position((name, first_index[item.id], "id"))[0]
            content.error(name, (name, index, "id"), f"编号重复：{item.id}（第 {first} 行已经用过）")
        else:
            by_id[item.id], first_index[item.id] = item, index
    return by_id


def _sources(content: Content) -> list[tuple[str, Path]]:
    """Every record file, by its key ("site", "project:<id>" …); missing and stray files are errors."""
    root, sources = content.root, []
    for name in SINGLE_FILES:
        path = root / f"{name}.yml"
        if path.is_file():
            sources.append((name, path))
        else:
            content.errors.append(ContentError(shown_path(path), 1, 1, "", "缺少这个文件"))
    sources += [(name, root / f"{name}.yml") for name in OPTIONAL_FILES if (root / f"{name}.yml").is_file()]
    for folder in RECORD_FOLDERS:
        directory = root / folder
        if not directory.is_dir():
            continue
        with os.scandir(directory) as entries:
            files = sorted((entry.name, entry.is_dir()) for entry in entries if not entry.name.startswith("."))
        for name, is_folder in files:
            path = directory / name
            if is_folder:
                continue
            if path.suffix == ".yml":
                sources.append((f"{folder[:-1]}:{path.stem}", path))
            else:
                content.errors.append(
                    ContentError(shown_path(path), 1, 1, "", f"不认识的文件：{folder}/ 下只放 .yml 记录文件"))
    for folder in ISSUED_FOLDERS:
        directory = root / "issued" / folder
        for path in sorted(directory.iterdir()) if directory.is_dir() else []:
            if path.name.startswith("."):
                continue
            if path.suffix == ".json" and path.is_file():
                sources.append((f"issued:{folder}/{path.stem}", path))
            else:
                content.errors.append(ContentError(shown_path(path), 1, 1, "",
                                                   f"不认识的文件：issued/{folder}/ 下只放印发时写出的 .json 文件"))
    return sources


def load(root: Path, parsed: dict | None = None) -> Content:
    """Every record under `root`, and every error met on the way (in `content.errors`). `parsed` keeps the
    files' parsed documents from one load to the next (`make serve`: only the files changed are parsed)."""
    content = Content(root=root)
    if not root.is_dir():
        content.errors.append(ContentError(shown_path(root), 1, 1, "", "内容目录不存在"))
        return content
    sources = _sources(content)
    if parsed is not None:  # files gone since are forgotten
        for gone in set(parsed) - {path for _, path in sources}:
            del parsed[gone]
    for batch in _read_all(content, sources, parsed):
        _validate_batch(content, batch)
    # batches come back in no set order: records keep the files' order, errors are sorted by file and line
    for folder in RECORD_FOLDERS:
        records = getattr(content, folder)
        setattr(content, folder, {stem: records[stem] for key, _ in sources
                                  if key.startswith(f"{folder[:-1]}:") and (stem := key.split(":", 1)[1]) in records})
    content.issued = dict(sorted(content.issued.items()))
    content.corrections = dict(sorted(content.corrections.items(), key=lambda item: (item[1].date, item[0])))
    content.errors.sort()
    return content


def _validate_batch(content: Content, keys: list[str]) -> None:
    for key in keys:
        if key in SINGLE_FILES:
            record = _validate(content, key, SINGLE_FILES[key])
            if key == "site":
                content.site = record
            elif record is not None:
                setattr(content, key, _by_id(content, key, getattr(record, key)))
            continue
        if key in OPTIONAL_FILES:
            record = _validate(content, key, OPTIONAL_FILES[key])
            if record is not None:
                setattr(content, key, record)
            continue
        kind, stem = key.split(":", 1)
        if kind == "issued":
            corrections = stem.startswith("corrections/")
            record = _validate(content, key, models.Corrections if corrections else models.IssuedDocument)
            if record is not None and corrections:
                content.corrections[stem.removeprefix("corrections/")] = record
            elif record is not None:
                content.issued[stem] = record
            continue
        record = _validate(content, key, RECORD_FOLDERS[f"{kind}s"])
        if record is None:
            content.unreadable.add(key)
        else:
            getattr(content, f"{kind}s")[stem] = record
