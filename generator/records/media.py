"""Photos and image attachments: proved to be images, cheaply, before anything is built.

A province holds thousands of photos, so validation reads each image's header only (format, size, EXIF
orientation) and Pillow's `verify()`, which for PNG checks every chunk's CRC and for JPEG reads nothing
more; no pixel is decoded. A file that passes but cannot be decoded (a truncated JPEG) is refused at
build time, by `site/photos.py`, with the same kind of message.
"""

from __future__ import annotations

import datetime as dt
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from . import models
from .yamlsource import KeyPath

PHOTO_TYPES = {".jpg", ".jpeg", ".png", ".webp"}
IMAGE_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}
MAX_PHOTO_BYTES = 8_000_000  # a phone's photo as it leaves the camera; WeChat's (not 原图) is far smaller
MAX_PHOTO_PIXELS = 40_000_000  # decoding takes memory by the pixel: 40 million is a 48-megapixel phone's binned shot
_ORIENTATION = 0x0112  # EXIF tag: values 5 to 8 turn the picture a quarter, so width and height swap


@dataclass(frozen=True)
class ImageInfo:
    """An image as it will be shown: upright, in pixels."""

    width: int
    height: int


def inspect(path: Path) -> ImageInfo | str:
    """The upright size of the image at `path`, or why it is not one we publish (in Chinese)."""
    formats = "、".join(IMAGE_FORMATS.values())
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # our own, lower limit applies
            with Image.open(path) as image:
                if image.format not in IMAGE_FORMATS:
                    return f"图片格式不支持（期望 {formats}，实际 {image.format}）"
                width, height = image.size
                if width * height > MAX_PHOTO_PIXELS:
                    return (f"图片像素太多（期望 不超过 {MAX_PHOTO_PIXELS // 1_000_000} 百万像素，"
                            f"实际 {width}×{height}）：请缩小后再放进来")
                image.verify()  # before anything else reads it: a PNG's EXIF may be read only by loading it
            with Image.open(path) as image:
                orientation = image.getexif().get(_ORIENTATION, 1)
    except Image.DecompressionBombError:
        return f"图片像素太多（期望 不超过 {MAX_PHOTO_PIXELS // 1_000_000} 百万像素）：请缩小后再放进来"
    except UnidentifiedImageError:
        return f"不是图片文件，或文件已损坏（期望 {formats} 照片；苹果手机的 HEIC 照片请先转成 JPEG）"
    except (OSError, SyntaxError, ValueError):
        return "图片文件已损坏，无法读取（期望 完整的 JPEG、PNG 或 WebP 文件）"
    return ImageInfo(height, width) if orientation in (5, 6, 7, 8) else ImageInfo(width, height)


def _month_end(month: str) -> dt.date:
    year, number = int(month[:4]), int(month[5:])
    return dt.date(year + number // 12, number % 12 + 1, 1) - dt.timedelta(days=1)


class PhotoChecks:
    """The photo rules, run by `checks.Checker` for each project; `checker.check_attachment` does the path,
    type and size rules it shares with attachments."""

    def __init__(self, checker) -> None:
        self.checker = checker
        self.content = checker.content
        self.used: dict[str, str] = {}  # file → where it is first used, e.g. "hengyuan-food progress[3]"

    def image(self, key: str, path: KeyPath, file: str) -> None:
        """Record the image's size in `content.media`, or say why it is no image."""
        if file in self.content.media:
            return
        found = inspect(self.content.root / "media" / file)
        if isinstance(found, str):
            self.checker.error(key, path, f"content/media/{file}：{found}")
        else:
            self.content.media[file] = found

    def progress(self, key: str, project: models.Project) -> None:
        for index, entry in enumerate(project.progress):
            for number, photo in enumerate(entry.photos):
                path = ("progress", index, "photos", number)
                where = f"{project.id} 的 progress[{index + 1}]"
                first = self.used.setdefault(photo.file, where)
                if first != where or [p.file for p in entry.photos].index(photo.file) != number:
                    self.checker.error(key, (*path, "file"), f"同一张照片只能用一次（content/media/{photo.file} "
                                                             f"已用在 {first}）")
                if self.checker.check_attachment(key, (*path, "file"), photo.file, PHOTO_TYPES, "照片",
                                                 MAX_PHOTO_BYTES):
                    self.image(key, (*path, "file"), photo.file)
                if photo.taken > _month_end(entry.month):
                    self.checker.error(key, (*path, "taken"), f"拍摄日期晚于本月月底（期望 不晚于 "
                                                              f"{_month_end(entry.month)}，实际 {photo.taken}）")
