"""Hostile text: markup, control characters, tabs, newlines, CJK, emoji and huge entries export literally."""

from __future__ import annotations

import re
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from conftest import EXPORT_NOW, docx_text, pdf_pages, squash
from pack_factory import CJK_TEXT, EMOJI_TEXT, HOSTILE, build_hostile

from workshop_app.export import content as c
from workshop_app.export.content import Report
from workshop_app.export.coverage import check_text
from workshop_app.export.pack import export_pack, write_pack
from workshop_app.export.text import without_isolates
from workshop_app.services.clock import FakeClock
from workshop_app.services.workshop_service import OpenWorkshop

LITERAL = [h for h in HOSTILE if h.isascii() and "\x00" not in h and "\x07" not in h]
DRAWABLE = [*LITERAL, "Ελληνικά και Русский and Ünïcödé"]


@pytest.fixture(scope="module")
def hostile_pack(hostile_report: Report, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("hostile_pack")
    docx, pdf = folder / "h.docx", folder / "h.pdf"
    write_pack(hostile_report, docx=docx, pdf=pdf)
    return docx, pdf


def test_markup_like_text_prints_as_typed_in_both_formats(hostile_pack: tuple[Path, Path]) -> None:
    word = squash(without_isolates(docx_text(hostile_pack[0])))  # bidi isolates: invisible marks
    pages = squash("\n".join(pdf_pages(hostile_pack[1])))
    for text in DRAWABLE:
        assert squash(text) in word, text
        assert squash(text) in pages, text
    for text in (
        "<b>bold R&D</i> workshop",
        "R&D <Supplier>",
        "<cluster> & co",
        "<b>Rock</b> R&D",
        "0.1 <A → <0.9",
        "Parking <lot> & more",
    ):
        assert squash(text) in word and squash(text) in pages, text


def test_word_keeps_tabs_and_line_breaks_and_the_pdf_keeps_lines(hostile_pack: tuple[Path, Path]) -> None:
    import docx as python_docx

    document = python_docx.Document(str(hostile_pack[0]))
    cells = [p.text for t in document.tables for row in t.rows for cell in row.cells for p in cell.paragraphs]
    assert "tab\there and\tthere" in cells
    assert "line one\nline two\n\nline four" in cells
    pages = "\n".join(pdf_pages(hostile_pack[1]))
    assert "line one\nline two" in pages


def test_control_characters_never_reach_the_files(hostile_pack: tuple[Path, Path]) -> None:
    with zipfile.ZipFile(hostile_pack[0]) as z:
        body = z.read("word/document.xml").decode("utf-8")
    assert not any(ch in body for ch in "\x00\x07\x1b")
    assert "NUL\ufffd and bell\ufffd and escape\ufffd" in docx_text(hostile_pack[0])


def test_exporter_never_reads_a_file_named_in_user_text(
    hostile_report: Report, tmp_path: Path, no_file_reads_of: list[str]
) -> None:
    write_pack(hostile_report, docx=tmp_path / "x.docx", pdf=tmp_path / "x.pdf")
    assert not [p for p in no_file_reads_of if "passwd" in p]


def test_a_report_with_raw_control_characters_still_exports(hostile_report: Report, tmp_path: Path) -> None:
    """Text that bypassed input cleaning (an old file, a bug) is made XML-safe by the exporters."""
    from dataclasses import replace

    dirty = replace(hostile_report, cover=replace(hostile_report.cover, title="bad\x00title\x0b\x1f"))
    write_pack(dirty, docx=tmp_path / "d.docx", pdf=tmp_path / "d.pdf")
    assert "bad\ufffdtitle\ufffd\ufffd" in docx_text(tmp_path / "d.docx")
    assert "bad" in pdf_pages(tmp_path / "d.pdf")[0]


def test_cjk_and_emoji_warn_naming_the_items_but_still_export(hostile_path: Path, tmp_path: Path) -> None:
    result = export_pack(
        hostile_path, docx=tmp_path / "w.docx", pdf=tmp_path / "w.pdf", clock=FakeClock(EXPORT_NOW)
    )
    assert len(result.written) == 2
    texts = {w.text for w in result.warnings}
    assert CJK_TEXT in texts and EMOJI_TEXT in texts
    assert "Ελληνικά και Русский and Ünïcödé" not in texts
    word = docx_text(tmp_path / "w.docx")
    assert CJK_TEXT in word and EMOJI_TEXT in word  # Word shows them with the reader's fonts


def test_a_cell_taller_than_a_page_continues_over_pages(hostile_report: Report, tmp_path: Path) -> None:
    long_action = next(a for a in hostile_report.actions if a.text.startswith("cell0 "))
    assert len(long_action.text) > 30_000
    write_pack(hostile_report, pdf=tmp_path / "t.pdf", docx=tmp_path / "t.docx")
    pages = pdf_pages(tmp_path / "t.pdf")
    found = {int(n) for n in re.findall(r"cell(\d+)", "".join(pages))}
    assert found == set(range(6000)), "every word of the long action is in the PDF"
    spread = [n for n, text in enumerate(pages) if "cell" in text]
    assert len(spread) > 3, "the long cell continues over several pages"
    assert "cell5999" in docx_text(tmp_path / "t.docx")


@pytest.mark.slow
def test_fifty_thousand_word_minutes_entry_exports(tmp_path: Path) -> None:
    path = tmp_path / "big.planwall"
    build_hostile(path, FakeClock(datetime(2026, 3, 10, 7, 0, tzinfo=UTC)), long_words=50_000).close()
    result = export_pack(
        path, docx=tmp_path / "big.docx", pdf=tmp_path / "big.pdf", clock=FakeClock(EXPORT_NOW)
    )
    assert len(result.written) == 2
    pages = pdf_pages(tmp_path / "big.pdf")
    joined = squash("".join(pages))
    assert all(f"word{n}" in joined for n in (0, 12_345, 25_000, 49_999))
    word = docx_text(tmp_path / "big.docx")
    assert "word49999" in word and "word0 word1" in word
    assert len(pages) > 100


def test_report_dates_are_plain_text() -> None:
    assert c.date_range([date(2026, 3, 10), date(2026, 3, 11)]) == "10-11 March 2026"
    assert c.date_range([date(2026, 3, 31), date(2026, 4, 1)]) == "31 March - 1 April 2026"
    assert c.date_range([date(2026, 3, 10), date(2026, 3, 17)]) == "10 March 2026, 17 March 2026"
    assert c.date_range([]) == ""


def test_warnings_are_listed_before_writing(hostile_report: Report) -> None:
    """check_text works on the Report alone, so the GUI can ask before anything is written."""
    assert {w.where for w in check_text(hostile_report)} >= {"Rock 2", "Action"}


def test_huge_cells_and_long_lists_never_break_the_layout(hostile_report: Report, tmp_path: Path) -> None:
    """A rock promoted from a 400-note cluster, 80 people on one side, a 300-line question."""
    from dataclasses import replace

    people = [c.Person(f"Person {n}", f"Job {n}", n == 0) for n in range(80)]
    cover = replace(hostile_report.cover, companies=[c.Company("Big Co (supplier)", people)])
    scope = "\n".join(f"scope line {n}" for n in range(400))
    rock = replace(hostile_report.rocks[0], scope=scope, risks=[c.RiskLine("\n".join(["r"] * 300), "m")])
    topic = replace(hostile_report.topics[0], question="\n".join(f"q{n}" for n in range(300)))
    big = replace(hostile_report, cover=cover, rocks=[rock], topics=[topic])
    write_pack(big, docx=tmp_path / "big.docx", pdf=tmp_path / "big.pdf")
    pages = squash("".join(pdf_pages(tmp_path / "big.pdf")))
    assert all(f"scopeline{n}" in pages for n in (0, 199, 399))
    assert "Person79" in pages and "q299" in pages
    word = docx_text(tmp_path / "big.docx")
    assert "scope line 399" in word and "Person 79" in word


def test_an_untouched_workshop_exports_with_clear_empty_sections(ow: OpenWorkshop, tmp_path: Path) -> None:
    path = ow.path
    ow.close()
    result = export_pack(path, docx=tmp_path / "e.docx", pdf=tmp_path / "e.pdf", clock=FakeClock(EXPORT_NOW))
    assert len(result.written) == 2 and result.warnings == []
    for text in (docx_text(tmp_path / "e.docx"), "\n".join(pdf_pages(tmp_path / "e.pdf"))):
        for empty in (
            "No rocks were set.",
            "No dot vote was held.",
            "No minutes were recorded.",
            "No actions were recorded.",
            "No closing feedback was recorded.",
            "No shared vision was recorded.",
        ):
            assert squash(empty) in squash(text), empty
        assert "Test JBP" in text
