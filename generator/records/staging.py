"""Write edited records only after the whole content tree, with the edits, passes validation.

The would-be files are written into a temporary copy of the content folder and loaded and checked
there exactly as `validate` does; the real files change only when that copy has no error, so a tool
can never leave content behind that fails validation. Errors are reported with the real file names.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from .checks import check
from .errors import ContentError
from .load import load, shown_path


def staged_errors(root: Path, texts: dict[str, str]) -> list[ContentError]:
    """Every validation error of `root` with `texts` (path inside root → new file text) in place."""
    with tempfile.TemporaryDirectory(prefix="zdxm-staging-") as folder:
        copy = Path(folder) / "content"
        shutil.copytree(root, copy, symlinks=True)
        for relative, text in texts.items():
            target = copy / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(text.encode("utf-8"))
        content = load(copy)
        check(content)
        prefix = shown_path(copy)
        return sorted({_renamed(error, prefix, root) for error in content.errors})


def _renamed(error: ContentError, prefix: str, root: Path) -> ContentError:
    if not error.file.startswith(prefix):
        return error
    relative = Path(os.path.relpath(error.file, prefix))
    return ContentError(shown_path(root / relative), error.line, error.column, error.key, error.message)


def write_texts(root: Path, texts: dict[str, str]) -> None:
    """Replace each file whole (a temporary file renamed over it), so none is ever half-written."""
    for relative, text in texts.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.writing-{os.getpid()}")
        temporary.write_bytes(text.encode("utf-8"))
        os.replace(temporary, target)
