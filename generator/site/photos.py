"""Site photos, made at build time: upright, resized, re-encoded, and with nothing but pixels in them.

Each progress photo becomes a phone size and a thumbnail, each in WebP and in JPEG (the fallback for the
few browsers without WebP); an image attachment is published at its own address in its own format. Every
output is a new image holding pixels only: no EXIF (GPS position, camera serial, owner name), no XMP, no
ICC profile (colours are converted to sRGB first), no PNG text. Orientation is applied, not recorded.

Encoding is the slow part, so outputs are kept in a cache folder under `build/`, by the SHA-256 of the
source bytes and of the settings below: an unchanged photo is read and hashed, never encoded again.
Pillow's encoders give the same bytes for the same pixels and settings, so a cached build and a fresh one
publish identical files (tests/test_photos.py checks it).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import shutil
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import PIL
from PIL import Image, ImageCms, ImageOps

from .. import urls
from ..records.errors import ContentError, format_key
from ..records.load import Content
from ..records.media import ImageInfo
from ..records.models import Photo
from ..records.yamlsource import KeyPath

SIZES = {"phone": 1280, "thumb": 360}  # longest side in pixels: a phone screen at 3×, a half-width tile at 2×
ATTACHMENT_SIDE = 2400  # image attachments (scanned permits …) keep enough pixels to be read
# bytes per published file; quality steps down until the file fits (a photo full of fine detail needs it)
BUDGETS = {"phone": 350_000, "thumb": 45_000, "attachment": 900_000}
QUALITIES = {"JPEG": (80, 72, 64, 56, 48), "WEBP": (76, 68, 60, 52, 44)}
SUFFIXES = {"JPEG": "jpg", "WEBP": "webp", "PNG": "png"}
SETTINGS = f"{SIZES}{ATTACHMENT_SIDE}{BUDGETS}{QUALITIES}pillow-{PIL.__version__}"  # a change re-encodes
_SRGB = ImageCms.createProfile("sRGB")


def fitted(info: ImageInfo, longest: int) -> tuple[int, int]:
    """The size an image is published at: within `longest` on its long side, never enlarged."""
    scale = min(1.0, longest / max(info.width, info.height))
    return max(1, round(info.width * scale)), max(1, round(info.height * scale))


def published(file: str, size: str, suffix: str) -> str:
    """Where a photo's output is published: `media/<folder>/<name>.<size>.<suffix>`."""
    stem = file.rsplit(".", 1)[0]
    return urls.media(f"{stem}.{size}.{suffix}")


def _pixels(source: bytes, draft: tuple[int, int]) -> Image.Image:
    """The source decoded, upright, in sRGB, without alpha: a new image that carries no metadata."""
    with Image.open(io.BytesIO(source)) as image:
        image.draft("RGB", draft)  # JPEG: decode at a reduced scale when that still covers the output
        image.load()
        icc = image.info.get("icc_profile")
        upright = ImageOps.exif_transpose(image)
    if upright.mode in ("RGBA", "LA", "PA") or (upright.mode == "P" and "transparency" in upright.info):
        rgba = upright.convert("RGBA")
        upright = Image.new("RGBA", rgba.size, "white")
        upright.alpha_composite(rgba)
    rgb = upright.convert("RGB")
    if icc:  # a broken profile leaves the pixels as they are, taken as sRGB
        with contextlib.suppress(ImageCms.PyCMSError, OSError):
            rgb = ImageCms.profileToProfile(rgb, ImageCms.ImageCmsProfile(io.BytesIO(icc)), _SRGB, outputMode="RGB")
    clean = Image.new("RGB", rgb.size)
    clean.paste(rgb)
    return clean


def _encode(image: Image.Image, fmt: str, budget: int) -> bytes:
    data = b""
    for quality in QUALITIES.get(fmt, (None,)):
        out = io.BytesIO()
        if fmt == "JPEG":
            image.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
        elif fmt == "WEBP":
            image.save(out, "WEBP", quality=quality, method=4)
        else:
            image.save(out, fmt, optimize=True)
        data = out.getvalue()
        if len(data) <= budget:
            break
    return data


def photo_outputs(source: bytes, info: ImageInfo) -> dict[str, bytes]:
    """A progress photo's four files, by "<size>.<suffix>"."""
    phone = fitted(info, SIZES["phone"])
    image = _pixels(source, phone)
    outputs = {}
    for size, longest in SIZES.items():
        box = fitted(info, longest)
        resized = image if image.size == box else image.resize(box, Image.Resampling.LANCZOS, reducing_gap=3.0)
        for fmt in ("WEBP", "JPEG"):
            outputs[f"{size}.{SUFFIXES[fmt]}"] = _encode(resized, fmt, BUDGETS[size])
    return outputs


def attachment_output(source: bytes, info: ImageInfo) -> bytes:
    """An image attachment in its own format (so its address does not change), upright and stripped."""
    with Image.open(io.BytesIO(source)) as image:
        fmt = image.format
    box = fitted(info, ATTACHMENT_SIDE)
    image = _pixels(source, box)
    if image.size != box:
        image = image.resize(box, Image.Resampling.LANCZOS, reducing_gap=3.0)
    return _encode(image, fmt, BUDGETS["attachment"])


class MediaUnreadable(Exception):
    """Images that passed validation (their header is whole) but cannot be decoded; the message says which."""


@dataclass
class Cache:
    """Outputs by the hash of their source and settings, in `folder` (none: encode every time)."""

    folder: Path | None
    encoded: int = 0  # how many sources were encoded in this build rather than taken from the cache

    def outputs(self, source: bytes, kind: str, make) -> dict[str, bytes]:
        key = hashlib.sha256(f"{kind}\0{SETTINGS}\0".encode() + source).hexdigest()
        entry = self.folder / key[:2] / key if self.folder else None
        if entry is not None and entry.is_dir():
            return {path.name: path.read_bytes() for path in sorted(entry.iterdir())}
        made = make()
        self.encoded += 1
        if entry is not None:  # written beside, then renamed: a build stopped halfway leaves no half entry
            partial = entry.with_name(f".{key}.{os.getpid()}")
            shutil.rmtree(partial, ignore_errors=True)
            partial.mkdir(parents=True)
            for name, data in made.items():
                (partial / name).write_bytes(data)
            try:
                partial.rename(entry)
            except OSError:  # another build put it there first
                shutil.rmtree(partial, ignore_errors=True)
        return made


def media_files(content: Content, month: str, cache: Cache) -> dict[str, bytes]:
    """Every published image and PDF attachment, by its path in the site; photos up to `month` only."""
    media, files, failed = content.root / "media", {}, []
    for stem, project in content.projects.items():
        key = f"project:{stem}"
        for index, attachment in enumerate(project.attachments):
            source = (media / attachment.file).read_bytes()
            info = content.media.get(attachment.file)
            if info is None:  # a PDF: published as it is
                files[urls.media(attachment.file)] = source
                continue
            try:
                made = cache.outputs(source, "attachment", partial(_attachment_files, source, info))
            except (OSError, SyntaxError, ValueError):
                failed.append(_failure(content, key, ("attachments", index, "file"), attachment.file))
                continue
            files[urls.media(attachment.file)] = made["file"]
        for index, entry in enumerate(project.progress):
            for number, photo in enumerate(entry.photos if entry.month <= month else ()):
                source = (media / photo.file).read_bytes()
                try:
                    made = cache.outputs(source, "photo", partial(photo_outputs, source, content.media[photo.file]))
                except (OSError, SyntaxError, ValueError):
                    path = ("progress", index, "photos", number, "file")
                    failed.append(_failure(content, key, path, photo.file))
                    continue
                for name, data in made.items():
                    size, suffix = name.split(".")
                    files[published(photo.file, size, suffix)] = data
    if failed:
        listed = "\n".join(f"  - {problem}" for problem in failed)
        raise MediaUnreadable(f"有 {len(failed)} 张图片无法解码，请换成完好的文件：\n{listed}")
    return files


def _attachment_files(source: bytes, info: ImageInfo) -> dict[str, bytes]:
    return {"file": attachment_output(source, info)}


def _failure(content: Content, key: str, path: KeyPath, file: str) -> str:
    source = content.files[key]
    line, column = source.document.position(path)
    return str(ContentError(source.shown, line, column, format_key(path),
                            f"content/media/{file}：图片无法解码，文件不完整或已损坏"))


def view(photo: Photo, info: ImageInfo) -> dict:
    """What a page shows of a progress photo: both sizes in both formats, with their pixel sizes."""
    thumb, phone = fitted(info, SIZES["thumb"]), fitted(info, SIZES["phone"])
    return {
        "caption": photo.caption, "taken": photo.taken.isoformat(),
        "thumb_webp": published(photo.file, "thumb", "webp"), "thumb_jpg": published(photo.file, "thumb", "jpg"),
        "thumb_width": thumb[0], "thumb_height": thumb[1],
        "phone_webp": published(photo.file, "phone", "webp"), "phone_jpg": published(photo.file, "phone", "jpg"),
        "phone_width": phone[0], "phone_height": phone[1],
    }
