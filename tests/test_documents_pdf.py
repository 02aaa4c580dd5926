"""The Word documents laid out by a real word processor: LibreOffice (headless) converts them to PDF, and the
pages are read back with pypdf. Without `soffice` these tests skip, unless REQUIRE_LIBREOFFICE=1 (.ci/run)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator.site.documents import bulletin_document
from generator.site.documents.gongwen import Gongwen
from generator.site.pages.bulletins import bulletin_context

from .test_bulletins import bulletin

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture(scope="module")
def soffice() -> str:
    if not SOFFICE:
        reason = "没有找到 LibreOffice（Debian：apt-get install libreoffice-writer-nogui fonts-noto-cjk）"
        if os.environ.get("REQUIRE_LIBREOFFICE") == "1":
            pytest.fail(f"REQUIRE_LIBREOFFICE=1，但{reason}")
        pytest.skip(reason)
    return SOFFICE


def converted(soffice: str, data: bytes, folder: Path) -> PdfReader:
    source = folder / "document.docx"
    source.write_bytes(data)
    profile = (folder / "profile").as_uri()  # its own profile: no clash with another LibreOffice running
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(folder), str(source)], check=True, capture_output=True, timeout=180)
    return PdfReader(folder / "document.pdf")


def lines(page) -> list[str]:
    """The page's text lines, top to bottom, each from the text drawn at one height. NFKC: a PDF may map a
    glyph to its Kangxi radical (⽰ for 示), which a reader's eye does not tell apart."""
    found: dict[float, list[tuple[float, str]]] = {}

    def visit(text, cm, tm, font, size) -> None:
        if text.strip():
            x, y = tm[4] * cm[0] + tm[5] * cm[2] + cm[4], tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.setdefault(round(y), []).append((x, text.strip()))

    page.extract_text(visitor_text=visit)
    return [unicodedata.normalize("NFKC", "".join(text for _, text in sorted(parts)))
            for _, parts in sorted(found.items(), reverse=True)]


def test_the_body_is_22_lines_of_28_characters(soffice, tmp_path: Path):
    document = Gongwen("版心测试", "测试", dt.date(2021, 1, 1))
    text = "重点项目建设通报版心行数字数测试用的正文文字" * 40
    document.paragraph(text)
    pdf = converted(soffice, document.to_bytes(), tmp_path)
    body = [line for line in lines(pdf.pages[0]) if not line.startswith("—")]
    assert len(body) == 22
    assert [len(line) for line in body] == [26] + [28] * 21  # the first line is indented two characters
    assert float(pdf.pages[0].mediabox.width) == pytest.approx(595.3, abs=0.5)  # A4 in points


def test_a_bulletin_prints_as_laid_out(soffice, tmp_path: Path, fixture_model):
    context = bulletin_context(fixture_model, bulletin(fixture_model, 2))
    pdf = converted(soffice, bulletin_document(context, fixture_model.site), tmp_path)
    pages = [lines(page) for page in pdf.pages]
    # the fixture's April bulletin (with its 月报报送情况), measured once: a broken style sheet or table layout
    # changes it
    assert len(pages) == 5
    for number, page in enumerate(pages, start=1):
        assert page[0].startswith("示例数据")  # the notice heads every page
        assert page[-1] == f"—{number}—"  # and its number is at its foot (LibreOffice drops the spaces)
    assert pages[0][1:4] == ["测试县重点项目建设通报", "2021年第2期", "测试县重点建设项目办公室2021年5月6日"]
    assert pages[-1][-2] == "测试县重点建设项目办公室2021年5月6日印发"
