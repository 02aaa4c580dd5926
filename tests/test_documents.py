"""The Word documents: opened with python-docx as Word would read them, and compared with the web pages they
stand beside (the fixture's bulletins and review; the sample's summaries)."""

from __future__ import annotations

import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm

from generator import urls
from generator.site.documents import bulletin_document, review_document, summary_document
from generator.site.pages import document_files
from generator.site.pages.bulletins import bulletin_context, overview
from generator.site.pages.meetings import review_pages
from generator.site.pages.summaries import summary_context

from .test_bulletins import bulletin, page_text

MODEL_OBJECTS = ("bulletin", "meeting")  # what the frozen context will not have


def opened(data: bytes):
    return Document(io.BytesIO(data))


def texts(document) -> list[str]:
    return [p.text for p in document.paragraphs if p.text]


def table_rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def table_after(document, caption: str):
    """The table that follows the caption paragraph `caption`."""
    body = list(document.element.body.iterchildren())
    for index, element in enumerate(body):
        if element.tag == qn("w:p") and element.xpath("string(.)") == caption:
            following = body[index + 1]
            assert following.tag == qn("w:tbl")
            return next(t for t in document.tables if t._tbl is following)
    raise AssertionError(f"no table captioned {caption}")


def plain(context: dict) -> dict:
    """The context as the frozen file will hold it: JSON, without the model's objects."""
    return json.loads(json.dumps({k: v for k, v in context.items() if k not in MODEL_OBJECTS}, ensure_ascii=False))


@pytest.fixture(scope="module")
def april(fixture_model) -> tuple[dict, bytes]:
    context = bulletin_context(fixture_model, bulletin(fixture_model, 2))
    return context, bulletin_document(context, fixture_model.site)


def test_every_bulletin_and_review_has_its_document_beside_its_page(fixture_site: Path, fixture_model):
    expected = {urls.bulletin_document(b.year, b.number) for b in fixture_model.bulletins}
    expected |= {urls.review_document(r.meeting_id) for r in fixture_model.reviews}
    assert set(document_files(fixture_model)) == expected
    for path in expected:
        assert opened((fixture_site / path).read_bytes()).paragraphs  # a real Word file
        page = (fixture_site / path).parent / "index.html"
        assert f'href="{Path(path).name}"' in page.read_text(encoding="utf-8")  # linked from its page


def test_page_geometry_is_gb_t_9704(april):
    section = opened(april[1]).sections[0]

    def mm(length) -> float:  # Word keeps lengths in twips: to a tenth of a millimetre
        return round(length / 36000, 1)  # in EMU

    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    assert (mm(section.top_margin), mm(section.left_margin)) == (37, 28)
    assert mm(section.page_width - section.left_margin - section.right_margin) == 156  # the text area
    assert mm(section.page_height - section.top_margin - section.bottom_margin) == 225
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "579"  # 22 lines of 28.95 pt in 225 mm
    styles = opened(april[1]).styles
    body = styles["Normal"]
    assert body.font.size.pt == 16 and body.paragraph_format.line_spacing.pt == 28.95  # 三号, 22 lines
    assert body.element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert styles["heading 1"].element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    assert styles["heading 2"].element.rPr.rFonts.get(qn("w:eastAsia")) == "楷体_GB2312"


def test_masthead_number_issuer_and_date(april):
    lines = texts(opened(april[1]))
    assert lines[:4] == ["测试县重点项目建设通报", "2021年第2期", "测试县重点建设项目办公室\t2021年5月6日",
                         "2021年4月全县重点项目建设情况"]


def test_figures_are_the_web_pages(april, fixture_model, fixture_site: Path):
    context, data = april
    document = opened(data)
    page = page_text(fixture_site, urls.bulletin(2021, 2).rstrip("/"))
    assert overview(fixture_model, bulletin(fixture_model, 2)) in texts(document)
    categories = table_rows(table_after(document, "分类别完成情况"))
    assert categories[0] == ["类别", "项目数", "年度计划（万元）", "累计完成（万元）", "完成率", "序时差（百分点）"]
    assert categories[1:] == [[g["name"], str(g["projects"]), g["plan"], g["completed"], g["rate"], g["gap"]]
                              for g in context["by_category"]]
    ranking = table_rows(table_after(document, "责任单位投资完成率排名"))
    # by hand: 2,800 planned and 700 completed (25.0 %) against 2,200 and 450 (20.5 %); 5,000 and 1,150 in all
    assert ranking[1:] == [["1", "东城镇人民政府", "2", "2,800", "700", "25.0%", "0"],
                           ["2", "县发展改革委", "2", "2,200", "450", "20.5%", "1"]]
    for row in ranking[1:]:
        assert " ".join(row[:2]) in page  # the same ranks and names on the page
        assert row[5] in page
    lagging = table_rows(table_after(document, "红灯、黄灯项目"))
    names = {p.id: p.name for p in fixture_model.content.projects.values()}
    assert sorted((row[1], row[3]) for row in lagging[1:]) == sorted(  # the tags of test_bulletins
        [(names["beta"], "开工滞后"), (names["gamma"], "投资滞后"), (names["delta"], "投资滞后")])
    for row in lagging[1:]:
        assert f"{row[2]} {row[1]} 【{row[3]}】" in page


def test_tables_fit_the_text_width_and_repeat_their_header(april):
    for table in opened(april[1]).tables[:-1]:  # the last is the 版记
        widths = [column.w for column in table._tbl.tblGrid.gridCol_lst]
        assert sum(widths) == Mm(156).twips * 635  # exactly the text width (in EMU, as python-docx reads it)
        first = table.rows[0]._tr
        assert first.trPr.find(qn("w:tblHeader")) is not None


def test_page_numbers_at_the_outer_corner_and_the_demo_notice_on_every_page(april):
    document = opened(april[1])
    section = document.sections[0]
    assert document.settings.odd_and_even_pages_header_footer
    for footer, side in ((section.footer, "right"), (section.even_page_footer, "left")):
        paragraph = footer.paragraphs[0]
        assert paragraph.text == "— 1 —"  # the field's cached value; Word and WPS put the real number there
        assert " PAGE " in paragraph._p.xpath("string(.)")
        assert paragraph.alignment.name == side.upper()
    for header in (section.header, section.even_page_header):
        assert header.paragraphs[0].text.startswith("示例数据：")
    assert not section.different_first_page_header_footer  # the first page has the same header


def test_no_notice_without_sample_data(april, fixture_model):
    site = fixture_model.site.model_copy(update={"demo": False})
    section = opened(bulletin_document(april[0], site)).sections[0]
    assert section.header.paragraphs[0].text == "" and section.even_page_header.paragraphs[0].text == ""


def test_record_with_copy_and_printer_lines_from_the_settings(april):
    record = opened(april[1]).tables[-1]
    assert table_rows(record) == [["抄送：测试县委办公室，测试县政府办公室。"],
                                  ["测试县重点建设项目办公室\t2021年5月6日印发"]]  # 印发机关: the issuer by default
    position = record._tbl.tblPr.find(qn("w:tblpPr"))
    assert (position.get(qn("w:vertAnchor")), position.get(qn("w:tblpYSpec"))) == ("margin", "bottom")


def test_the_same_content_builds_the_same_bytes(april, fixture_model):
    context, data = april
    assert bulletin_document(context, fixture_model.site) == data
    assert bulletin_document(plain(context), fixture_model.site) == data  # plain values only: it can be frozen
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {entry.date_time for entry in archive.infolist()} == {(2021, 5, 6, 0, 0, 0)}
        assert "docProps/thumbnail.jpeg" not in archive.namelist()
    core = opened(data).core_properties
    assert (core.created.date().isoformat(), core.modified.date().isoformat(), core.revision) == (
        "2021-05-06", "2021-05-06", 1)
    assert core.author == "测试县重点建设项目办公室"


def test_record_text_is_text(april, fixture_model):
    context = plain(april[0])
    hostile = '<w:p>&amp;"{{name}}"</w:t>\t第二栏\n下一行'
    context["by_category"][0]["name"] = hostile
    document = opened(bulletin_document(context, fixture_model.site))
    cell = table_after(document, "分类别完成情况").rows[1].cells[0]
    assert cell.text == hostile  # python-docx reads back tab and line break as \t and \n


def test_review_document_has_the_remarks(fixture_model):
    page = next(p for p in review_pages(fixture_model) if p.template == "review.md.j2")
    lines = texts(opened(review_document(page.context, fixture_model.site)))
    at = lines.index("四、点评意见")
    assert lines[at + 1:at + 7] == [
        "（一）甲食品加工项目（县发展改革委）", "肯定：厂房主体完工，进度领先。",
        "（二）乙道路工程（县发展改革委）", "整改：征迁遗留问题尚未解决（2021年6月30日前整改到位）",
        "（三）县自然资源局", "肯定：用地保障及时"]
    context = plain(page.context) | {"remarks": []}
    assert "本次观摩点评没有登记点评意见。" in texts(opened(review_document(context, fixture_model.site)))


def test_summary_documents_open_with_their_paragraph(sample_model):
    for month, half, number in (("2021-06", True, "半年小结"), ("2021-12", False, "年度总评")):
        context = plain(summary_context(sample_model, month, half))
        lines = texts(opened(summary_document(context, sample_model.site)))
        assert lines[1] == number and lines[3] == context["title"]
        assert lines[lines.index("一、总体情况") + 1] == context["opening"]
        assert re.match(r"(上半年|全年)，全县52个重点项目", context["opening"])
        # a summary issued before the paragraph was written is printed as it was issued
        earlier = {key: value for key, value in context.items() if key != "opening"}
        lines = texts(opened(summary_document(earlier, sample_model.site)))
        assert lines[lines.index("一、总体情况") + 1] != context["opening"]


def test_an_issued_bulletins_document_does_not_change_when_records_do(tree: Path):
    from generator.__main__ import main
    from generator.figures.model import build_model

    from .conftest import edit, loaded

    path = urls.bulletin_document(2021, 2)
    shutil.rmtree(tree / "issued")  # the fixture's bulletins are issued: first as before they were
    unissued = document_files(build_model(loaded(tree)))[path]
    edit(tree, "projects/alpha.yml", "completed: 400", "completed: 420")  # April's figure, corrected later
    assert document_files(build_model(loaded(tree)))[path] != unissued  # until issued, the records rule
    edit(tree, "projects/alpha.yml", "completed: 420", "completed: 400")

    assert main(["issue", "--content", str(tree), "--date", "2021-06-10"]) == 0
    before = document_files(build_model(loaded(tree)))[path]
    edit(tree, "projects/alpha.yml", "completed: 400", "completed: 420")  # April's figure, corrected later
    after = document_files(build_model(loaded(tree)))[path]
    assert after == before
    assert "1,170" not in " ".join(texts(opened(after)))  # the issued figures stand (1,150 in all)


def test_the_document_names_who_did_not_report_as_the_page_does(tree: Path):
    from generator.figures.model import build_model

    from .conftest import loaded

    shutil.rmtree(tree / "issued")  # May's bulletin as the records make it, with its reporting section
    data = document_files(build_model(loaded(tree)))[urls.bulletin_document(2021, 3)]
    paragraphs = texts(opened(data))
    start = paragraphs.index("十、月报报送情况")
    assert paragraphs[start + 1:start + 4] == [
        "本月应报送月报的项目 5 个，已报送 3 个。",
        "未报送：县自然资源局（戊文化中心项目），以上月数字计，予以通报。",
        "未报送：东城镇人民政府（丁管网工程），以上月数字计，予以通报。"]
