"""Small builders the pages rely on: relative links between page folders, and the QR code's SVG."""

from __future__ import annotations

import posixpath
import re

import pytest
import segno

from generator.site.pages.project import qr_svg
from generator.urls import relative


def reference(from_url: str, to_url: str) -> str:
    if to_url == "" or to_url.endswith("/"):
        path = posixpath.relpath(to_url.rstrip("/") or ".", from_url.rstrip("/") or ".")
        return "./" if path == "." else path + "/"
    return posixpath.relpath(to_url, from_url.rstrip("/") or ".")


@pytest.mark.parametrize(("source", "target"), [
    ("", ""), ("", "projects/"), ("projects/a/", ""), ("projects/a/", "projects/"), ("projects/a/", "projects/a/card/"),
    ("projects/a/card/", "assets/card.css"), ("data/", "data/projects.csv"), ("projects/by-unit/x/", "projects/by-unit/y/"),
    ("bulletins/", "bulletins/feed.xml"), ("", "assets/site.css"), ("projects/a/", "media/a/b.png"), ("a/", "a/"),
])
def test_relative_links_agree_with_posixpath(source: str, target: str):
    assert relative(source, target) == reference(source, target)


def test_qr_svg_draws_exactly_segnos_matrix():
    url = "https://example.org/zdxm/projects/alpha/"
    svg = str(qr_svg(url))
    size = int(re.search(r'viewBox="0 0 (\d+) \1"', svg).group(1))
    drawn = [[0] * size for _ in range(size)]
    for x, y, length in re.findall(r"M(\d+) (\d+)\.5h(\d+)", svg):
        for column in range(int(x), int(x) + int(length)):
            drawn[int(y)][column] = 1
    expected = segno.make(url, error="m", micro=False, mask=2).matrix
    assert [row[4:-4] for row in drawn[4:-4]] == [list(row) for row in expected]
    assert f'aria-label="二维码：{url}"' in svg
