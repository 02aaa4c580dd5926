"""Site photos: checked before the build, published upright and small, with no metadata, encoded once."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image

from generator.records.media import MAX_PHOTO_BYTES
from generator.site import photos
from generator.site.build import build
from generator.site.checksite import PROJECT_PAGE_BUDGET
from generator.site.engine import BuildFailed

from .conftest import edit
from .photofactory import GPS, SECRETS, photo_bytes
from .test_validation import messages

MAY = "  - {month: 2021-05, completed: 600, image: 设备进场}"


def add_photos(tree: Path, files: dict[str, bytes], captions: dict[str, str] | None = None,
               taken: str = "2021-05-10") -> None:
    """Put `files` under media/alpha/ and list them on alpha's May progress."""
    (tree / "media" / "alpha").mkdir(parents=True, exist_ok=True)
    items = []
    for name, data in files.items():
        (tree / "media" / "alpha" / name).write_bytes(data)
        caption = (captions or {}).get(name, f"现场{name}")
        items.append(f"{{file: alpha/{name}, caption: '{caption}', taken: {taken}}}")
    edit(tree, "projects/alpha.yml", MAY, MAY[:-1] + f", photos: [{', '.join(items)}]}}")


def published_images(site: Path) -> list[Path]:
    return sorted(p for p in (site / "media").rglob("*") if p.suffix in (".jpg", ".webp", ".png"))


@pytest.fixture(scope="module")
def photo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture tree with a landscape photo, one stored sideways, a small PNG and a hostile caption."""
    import shutil

    from .conftest import FIXTURE

    base = tmp_path_factory.mktemp("photos")
    shutil.copytree(FIXTURE, base / "content")
    add_photos(base / "content", {
        "wide.jpg": photo_bytes(0.4, 1), "upright.jpg": photo_bytes(0.6, 2, sideways=True),
        "small.png": photo_bytes(0.9, 3, "PNG", (300, 200)),
    }, {"small.png": "<script>alert(1)</script>"})
    build(base / "content", base / "site", base / "docs")
    return base / "site"


def test_published_photos_carry_no_metadata(photo_site: Path):
    files = published_images(photo_site)
    assert len(files) == 12  # three photos, two sizes, two formats
    for path in files:
        data = path.read_bytes()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            assert not image.getexif(), path  # no EXIF at all: no GPS, serial, owner, orientation
            assert not {"exif", "xmp", "icc_profile", "XML:com.adobe.xmp"} & set(image.info), (path, image.info.keys())
        for secret in SECRETS.values():
            assert secret.encode() not in data, (path, secret)
        assert b"Exif\x00\x00" not in data
    # the sources did carry all of it, so the test can fail
    with Image.open(photo_site.parent / "content" / "media" / "alpha" / "wide.jpg") as source:
        assert source.getexif().get_ifd(0x8825)[2][0] == int(GPS[0])


def test_photos_are_turned_upright_and_resized_within_limits(photo_site: Path):
    media = photo_site / "media" / "alpha"
    for name in ("wide", "upright"):  # the second is stored sideways with orientation 6
        for size, longest in photos.SIZES.items():
            for suffix in ("jpg", "webp"):
                path = media / f"{name}.{size}.{suffix}"
                assert path.stat().st_size <= photos.BUDGETS[size]
                with Image.open(path) as image:
                    assert image.size == (longest, longest * 3 // 4)
                    rgb = image.convert("RGB")
                    top, bottom = rgb.getpixel((image.width // 2, 2)), rgb.getpixel((image.width // 2, image.height - 3))
                    assert top[2] > top[0] + 40 and bottom[0] > bottom[2] + 20  # sky above, earth below
    with Image.open(media / "small.phone.jpg") as image:
        assert image.size == (300, 200)  # never enlarged
    with Image.open(media / "small.thumb.webp") as image:
        assert image.size == (300, 200)


def test_project_page_shows_lazy_photos_with_sizes_and_escaped_captions(photo_site: Path):
    page = (photo_site / "projects" / "alpha" / "index.html").read_text(encoding="utf-8")
    tiles = re.findall(r'<img src="([^"]+\.thumb\.jpg)" width="(\d+)" height="(\d+)" alt="([^"]*)" loading="lazy"', page)
    assert [(src.rsplit("/", 1)[1], w, h) for src, w, h, _ in tiles] == [
        ("wide.thumb.jpg", "360", "270"), ("upright.thumb.jpg", "360", "270"), ("small.thumb.jpg", "300", "200")]
    assert '<source type="image/webp" srcset="../../media/alpha/wide.thumb.webp">' in page
    assert 'href="../../media/alpha/wide.phone.jpg"' in page
    assert "<script>alert(1)</script>" not in page and "&#60;script&#62;alert(1)&#60;/script&#62;" in page
    assert "2021-05-10 拍摄" in page
    assert 'class="photo-latest"' in page  # the newest photo, large, near the top
    assert not (photo_site / "media" / "alpha" / "wide.jpg").exists()  # the original, with its EXIF, stays home


def test_unchanged_photos_come_from_the_cache_with_the_same_bytes(tree: Path, tmp_path: Path):
    add_photos(tree, {"a.jpg": photo_bytes(0.3, 4), "b.jpg": photo_bytes(0.7, 5)})
    first = build(tree, tmp_path / "one", tmp_path / "build" / "docs")
    assert first.timings["photos_encoded"] == 2
    second = build(tree, tmp_path / "two", tmp_path / "build" / "docs")
    assert second.timings["photos_encoded"] == 0
    (tree / "media" / "alpha" / "b.jpg").write_bytes(photo_bytes(0.8, 6))
    third = build(tree, tmp_path / "three", tmp_path / "build" / "docs")
    assert third.timings["photos_encoded"] == 1
    # a cached build publishes exactly what encoding anew gives
    for path in published_images(tmp_path / "two"):
        relative = path.relative_to(tmp_path / "two")
        assert path.read_bytes() == (tmp_path / "one" / relative).read_bytes()
    fresh = photos.photo_outputs(photo_bytes(0.3, 4), photos.ImageInfo(1600, 1200))
    assert fresh["phone.webp"] == (tmp_path / "two" / "media" / "alpha" / "a.phone.webp").read_bytes()


def test_bad_photos_are_refused_naming_record_and_file(tree: Path):
    huge = io.BytesIO()
    Image.new("L", (8000, 6000)).save(huge, "PNG")  # 48 million pixels in a small file
    add_photos(tree, {"notes.jpg": "这不是照片".encode(), "huge.png": huge.getvalue(), "anim.gif": b"GIF89a",
                      "ok.jpg": photo_bytes(0.5, 7, size=(400, 300))})
    (tree / "media" / "alpha" / "big.jpg").write_bytes(b"\xff\xd8" + b"\0" * MAX_PHOTO_BYTES)
    edit(tree, "projects/alpha.yml", "{file: alpha/ok.jpg", "{file: alpha/big.jpg, caption: 大, taken: 2021-05-01}, "
                                                            "{file: alpha/gone.jpg, caption: 无, taken: 2021-05-01}, "
                                                            "{file: alpha/ok.jpg")
    edit(tree, "projects/alpha.yml", "alpha/ok.jpg, caption: '现场ok.jpg', taken: 2021-05-10",
         "alpha/ok.jpg, caption: '现场ok.jpg', taken: 2021-06-02}, {file: alpha/ok.jpg, caption: 又一次, taken: 2021-05-02")
    found = [m.split(" — ", 1) for m in messages(tree)]
    assert all(where.startswith("projects/alpha.yml:27:") for where, _ in found)
    assert [(where.split(" ", 1)[1], text) for where, text in found] == [
        ("progress[3].photos[1].file", "content/media/alpha/notes.jpg：不是图片文件，或文件已损坏（期望 JPEG、PNG、WebP 照片；苹果手机的 HEIC 照片请先转成 JPEG）"),
        ("progress[3].photos[2].file", "content/media/alpha/huge.png：图片像素太多（期望 不超过 40 百万像素，实际 8000×6000）：请缩小后再放进来"),
        ("progress[3].photos[3].file", "照片类型不支持（期望 .jpeg、.jpg、.png、.webp，实际 .gif）"),
        ("progress[3].photos[4].file", f"照片过大（期望 不超过 8 MB，实际 {MAX_PHOTO_BYTES + 2:,} 字节）"),
        ("progress[3].photos[5].file", "找不到照片文件 content/media/alpha/gone.jpg"),
        ("progress[3].photos[6].taken", "拍摄日期晚于本月月底（期望 不晚于 2021-05-31，实际 2021-06-02）"),
        ("progress[3].photos[7].file", "同一张照片只能用一次（content/media/alpha/ok.jpg 已用在 alpha 的 progress[3]）"),
    ]


def test_a_photo_that_cannot_be_decoded_stops_the_build_and_leaves_the_site(tree: Path, tmp_path: Path):
    whole = photo_bytes(0.5, 8)
    add_photos(tree, {"cut.jpg": whole[: len(whole) // 3]})  # its header is whole: validation cannot tell
    assert messages(tree) == []
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / ".zdxm-generated").write_text("", encoding="utf-8")  # a site an earlier build made
    (tmp_path / "site" / "index.html").write_text("old", encoding="utf-8")
    with pytest.raises(BuildFailed) as failed:
        build(tree, tmp_path / "site", tmp_path / "docs")
    assert re.search(r"projects/alpha\.yml:27:\d+ progress\[3\]\.photos\[1\]\.file — "
                     r"content/media/alpha/cut\.jpg：图片无法解码，文件不完整或已损坏$", str(failed.value), re.M)
    assert (tmp_path / "site" / "index.html").read_text(encoding="utf-8") == "old"


def test_many_photos_keep_the_project_page_within_its_budget(tree: Path, tmp_path: Path):
    tiny = photo_bytes(0.5, 9, size=(160, 120))
    add_photos(tree, {f"p{n:02d}.jpg": tiny for n in range(60)},
               {f"p{n:02d}.jpg": "现场施工照片，说明文字写得比较长一些" for n in range(60)})
    build(tree, tmp_path / "site", tmp_path / "docs")  # check-site enforces the budget on every project page
    page = (tmp_path / "site" / "projects" / "alpha" / "index.html").read_text(encoding="utf-8")
    assert len(page.encode()) < PROJECT_PAGE_BUDGET
    assert page.count('loading="lazy"') == 24 + 1  # the newest as tiles, plus the large one at the top
    assert page.count(".phone.jpg") >= 60  # the rest as links: every photo can still be opened
