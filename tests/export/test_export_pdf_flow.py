"""The PDF's fast layout pieces: long tables laid out a page at a time, headings kept with their start."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import pdf_pages, squash
from reportlab.lib import colors
from reportlab.platypus import Paragraph, Spacer, Table

from workshop_app.export.pdf_flow import RUN_ROWS, KeepWithStart, Para, RowTable, TableRun
from workshop_app.export.pdf_layout import CONTENT_W, Heading, PackDocument, Styles, TableBuilder
from workshop_app.export.text import markup


@pytest.fixture(scope="module")
def styles() -> Styles:
    return Styles()


def build(path: Path, story: list[object]) -> list[str]:
    doc = PackDocument(str(path), title="T", header_right="", footer_left="", author="a", cover=False)
    doc.build_story(story)
    return pdf_pages(path)


def rows_on(page: str) -> list[int]:
    return [int(n) for n in re.findall(r"row-(\d+)-end", page)]


def test_a_long_table_is_a_run_and_every_row_prints_once_in_order_with_the_header_on_each_page(
    tmp_path: Path, styles: Styles
) -> None:
    tb = TableBuilder(styles, ["Number", "Text"], [60, CONTENT_W - 60])
    for n in range(400):
        words = " ".join(["word"] * (n % 7 * 12))  # rows of one to several lines
        tb.row([str(n), f"{words} row-{n}-end"])
    table = tb.build()
    assert isinstance(table, TableRun)
    pages = build(tmp_path / "run.pdf", [table])
    assert len(pages) > 5
    seen = [n for page in pages for n in rows_on(page)]
    assert seen == list(range(400))
    for page in pages:
        assert page.count("Number") == 1, "the header row repeats once on every page"


def test_a_short_table_stays_one_reportlab_table(styles: Styles) -> None:
    tb = TableBuilder(styles, ["A"], [100])
    for n in range(RUN_ROWS):
        tb.row([str(n)])
    assert isinstance(tb.build(), Table)


def test_a_row_taller_than_a_page_splits_inside_and_continues(tmp_path: Path, styles: Styles) -> None:
    tb = TableBuilder(styles, ["Label", "Items"], [40, CONTENT_W - 40])
    for n in range(60):
        cell = [
            styles.p(f"item {n}.{k} row-{n}-end" if k == 89 else f"item {n}.{k}", styles.cell)
            for k in range(90)
        ]
        tb.row([str(n), cell if n == 30 else f"row-{n}-end"])
    pages = build(tmp_path / "tall.pdf", [tb.build()])
    text = "\n".join(pages)
    assert [int(n) for n in re.findall(r"row-(\d+)-end", text)] == list(range(60))
    assert all(f"item 30.{k}" in text for k in range(90))


def test_page_tables_get_the_style_commands_of_their_rows(styles: Styles) -> None:
    red, blue = colors.red, colors.blue
    spec = RowTable(
        [["head"]],
        [[str(n)] for n in range(100)],
        [100],
        [("LINEBELOW", (0, 0), (-1, 0), 1, blue)],
        [
            ("BACKGROUND", (0, 51), (0, 51), red),  # data row 50 (row 0 is the header)
            ("BACKGROUND", (0, 60), (-1, 63), blue),  # data rows 59-62
        ],
    )
    table = spec.table(50, 61)
    cmds = table._bkgrndcmds
    assert ("BACKGROUND", (0, 1), (0, 1), red) in cmds
    assert ("BACKGROUND", (0, 10), (-1, 11), blue) in cmds  # clipped to the rows present
    assert len(cmds) == 2
    later = spec.table(61, 70)
    assert later._bkgrndcmds == [("BACKGROUND", (0, 1), (-1, 2), blue)]
    cell_ops = RowTable(
        [["head"]],
        [[str(n)] for n in range(100)],
        [100],
        [("TEXTCOLOR", (0, 0), (-1, -1), blue)],
        [("TEXTCOLOR", (0, 51), (0, 51), red), ("ALIGN", (0, 0), (0, 0), "RIGHT")],
    )
    page = cell_ops.table(50, 61)
    assert page._cellStyles[0][0].alignment == "RIGHT", "the header keeps its own styles"
    assert page._cellStyles[1][0].color == red
    assert all(row[0].color == blue for row in page._cellStyles[2:])
    whole = cell_ops.table(0, 100, shared=False)
    assert whole._cellStyles[51][0].color == red and whole._cellStyles[52][0].color == blue
    with pytest.raises(ValueError, match="absolute rows"):
        RowTable([], [["x"]], [10], [], [("BACKGROUND", (0, 0), (-1, -1), red)])


def test_a_heading_is_kept_with_the_first_rows_of_a_long_table_not_the_whole_table(
    tmp_path: Path, styles: Styles
) -> None:
    tb = TableBuilder(styles, ["Number"], [60])
    for n in range(200):
        tb.row([f"row-{n}-end"])
    filler = Spacer(1, 300)
    story = [filler, Heading("Long table", styles.h2, 0, "k1"), tb.build()]
    pages = build(tmp_path / "keep.pdf", story)
    assert "Long table" in pages[0], "the table starts under its heading on the half-empty first page"
    assert rows_on(pages[0])[:2] == [0, 1]
    # Near the bottom of a page, the heading moves to the next page with the table's first rows.
    tb2 = TableBuilder(styles, ["Number"], [60])
    for n in range(200):
        tb2.row([f"row-{n}-end"])
    pages = build(
        tmp_path / "keep2.pdf", [Spacer(1, 650), Heading("Long table", styles.h2, 0, "k2"), tb2.build()]
    )
    assert "Long table" not in pages[0] and "Long table" in pages[1]
    assert rows_on(pages[1])[:2] == [0, 1]


def test_keep_with_start_measures_only_the_opening_of_a_run(tmp_path: Path, styles: Styles) -> None:
    from reportlab.pdfgen.canvas import Canvas

    tb = TableBuilder(styles, ["Number"], [60])
    for n in range(5000):
        tb.row([f"row {n}"])
    run = tb.build()
    assert isinstance(run, TableRun)
    keep = KeepWithStart([Heading("H", styles.h2, 0, "k"), run])
    keep.wrapOn(Canvas(str(tmp_path / "c.pdf")), CONTENT_W, 700)
    assert keep._H < 150
    assert run._candidate is None, "the run itself was not measured"


@pytest.mark.parametrize(
    "text",
    [
        "Hello",
        "R&D <b>bold</b> </i> 0.1 <A <0.9",
        "Zoë café — naïve “quotes”",
        '<img src="/etc/passwd"/>',
        "x" * 250,
    ],
)
def test_literal_paragraphs_lay_out_like_parsed_markup(text: str, styles: Styles) -> None:
    fast = Para.literal(text, styles.cell)
    assert fast is not None
    slow = Paragraph(markup(text), styles.cell)
    assert "".join(f.text for f in fast.frags) == "".join(f.text for f in slow.frags) == text
    assert fast.wrap(120, 1000) == slow.wrap(120, 1000)
    assert [line for line in fast.blPara.lines] and len(fast.blPara.lines) == len(slow.blPara.lines)


@pytest.mark.parametrize(
    "text", ["", "two  spaces", " leading", "trailing ", "tab\there", "line\nbreak", "\x01", "a\u00a0b"]
)
def test_text_that_needs_the_markup_path_is_not_literal(text: str, styles: Styles) -> None:
    assert Para.literal(text, styles.cell) is None


def test_para_wraps_once_per_width(styles: Styles, monkeypatch: pytest.MonkeyPatch) -> None:
    para = Para(markup("some words " * 30), styles.cell)
    calls: list[float] = []
    real = Paragraph.breakLines

    def counting(self: Paragraph, widths: list[float]) -> object:
        calls.append(widths[0])
        return real(self, widths)

    monkeypatch.setattr(Paragraph, "breakLines", counting)
    first = para.wrap(200, 500)
    assert para.wrap(200, 100) == first
    assert len(calls) == 1
    para.wrap(150, 500)
    assert len(calls) == 2


@pytest.mark.parametrize("rows", [6, RUN_ROWS + 20], ids=["short table", "table run"])
def test_the_header_repeats_only_at_the_top_of_a_page(tmp_path: Path, styles: Styles, rows: int) -> None:
    """A table reaching the foot of a page continues on the next one, never under a second header."""
    page_h = 740.0  # about the body frame's height
    for gap in range(0, 400, 37):  # the table starts lower and lower on the first page
        tb = TableBuilder(styles, ["No", "Heading-cell"], [60, CONTENT_W - 60])
        for n in range(rows):
            tb.row([str(n), " ".join(["word"] * 90) + f" row-{n}-end"])  # 8-9 lines a row
        pages = build(tmp_path / f"h{gap}.pdf", [Spacer(1, page_h - 160 - gap), tb.build()])
        assert [n for page in pages for n in rows_on(page)] == list(range(rows))
        for number, page in enumerate(pages):
            body = page.split("T\n", 1)[-1].lstrip()  # after the running header
            count = page.count("Heading-cell")
            assert count <= 1, f"gap {gap}: header {count} times on page {number + 1}"
            if count and number:
                assert squash(body).startswith("NoHeading-cell"), (
                    f"gap {gap}: header in mid-page {number + 1}"
                )
