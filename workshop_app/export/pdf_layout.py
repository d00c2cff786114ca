"""PDF building blocks: page templates, running header and footer, bookmarks, styles, tables.

Every piece of user text goes through ``text.markup`` before it reaches a ``Paragraph``,
so markup-like text prints literally and never makes reportlab open a file.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeAlias

from reportlab.lib import colors  # type: ignore[import-untyped, unused-ignore]
from reportlab.lib.enums import TA_CENTER, TA_RIGHT  # type: ignore[import-untyped, unused-ignore]
from reportlab.lib.pagesizes import A4  # type: ignore[import-untyped, unused-ignore]
from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped, unused-ignore]
from reportlab.lib.units import mm  # type: ignore[import-untyped, unused-ignore]
from reportlab.pdfbase.pdfmetrics import stringWidth  # type: ignore[import-untyped, unused-ignore]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped, unused-ignore]
from reportlab.platypus import (  # type: ignore[import-untyped, unused-ignore]
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
)

from workshop_app.export import palette
from workshop_app.export.fonts import BOLD, FAMILY, ITALIC, REGULAR, register_pdf_fonts
from workshop_app.export.pdf_flow import KeepWithStart, Para, RowTable
from workshop_app.export.text import markup

PAGE_W, PAGE_H = A4
MARGIN_X = 20 * mm
MARGIN_TOP = 24 * mm
MARGIN_BOTTOM = 20 * mm
CONTENT_W = PAGE_W - 2 * MARGIN_X
PAD_X = 4
KEEP_MAX_HEIGHT = 200.0  # points: a group's first row taller than this is not kept with its heading

Cell: TypeAlias = Any  # str or Styled (user text), a Flowable, a list of Flowables, or None


@dataclass(frozen=True)
class Styled:
    """A table cell of user text in a style of its own (drawn as a plain string when it fits one line)."""

    text: str
    style: ParagraphStyle


def colour(hex6: str) -> colors.Color:
    return colors.HexColor(f"#{hex6}")


ACCENT = colour(palette.ACCENT)
MUTED = colour(palette.MUTED)
TEXT = colour(palette.TEXT)
RULE = colour(palette.RULE)


class Styles:
    """The pack's paragraph styles (DejaVu Sans throughout)."""

    def __init__(self) -> None:
        register_pdf_fonts()
        base = ParagraphStyle(
            "body", fontName=REGULAR, fontSize=9.5, leading=13.5, textColor=TEXT, spaceAfter=4
        )
        self.body = base
        self.small = ParagraphStyle("small", base, fontSize=8, leading=10.5, textColor=MUTED)
        self.note = ParagraphStyle("note", self.small, fontName=ITALIC)
        self.after_table = ParagraphStyle("after_table", self.small, spaceBefore=3)
        self.lead = ParagraphStyle("lead", self.small, keepWithNext=True)
        self.cell = ParagraphStyle("cell", base, fontSize=8.5, leading=11, spaceAfter=0)
        self.cell_bold = ParagraphStyle("cell_bold", self.cell, fontName=BOLD)
        self.cell_bold_right = ParagraphStyle("cell_bold_right", self.cell_bold, alignment=TA_RIGHT)
        self.cell_muted = ParagraphStyle("cell_muted", self.cell, textColor=MUTED)
        self.cell_right = ParagraphStyle("cell_right", self.cell, alignment=TA_RIGHT)
        self.cell_center = ParagraphStyle("cell_center", self.cell, alignment=TA_CENTER)
        self.head = ParagraphStyle("head", self.cell, fontName=BOLD, textColor=ACCENT)
        self.head_right = ParagraphStyle("head_right", self.head, alignment=TA_RIGHT)
        self.h1 = ParagraphStyle(
            "h1",
            base,
            fontName=BOLD,
            fontSize=18,
            leading=22,
            textColor=ACCENT,
            spaceAfter=10,
            keepWithNext=True,
        )
        self.h2 = ParagraphStyle(
            "h2",
            base,
            fontName=BOLD,
            fontSize=12.5,
            leading=16,
            textColor=ACCENT,
            spaceBefore=12,
            spaceAfter=5,
            keepWithNext=True,
        )
        self.h3 = ParagraphStyle(
            "h3", base, fontName=BOLD, fontSize=10, leading=13, spaceBefore=8, spaceAfter=3, keepWithNext=True
        )
        self.title = ParagraphStyle(
            "title", base, fontName=BOLD, fontSize=28, leading=34, textColor=ACCENT, spaceAfter=8
        )
        self.subtitle = ParagraphStyle(
            "subtitle", base, fontSize=15, leading=20, textColor=MUTED, spaceAfter=4
        )
        self.label = ParagraphStyle(
            "label", base, fontName=BOLD, fontSize=8, leading=11, textColor=MUTED, spaceAfter=1
        )
        self.big = ParagraphStyle("big", base, fontName=BOLD, fontSize=22, leading=26, textColor=ACCENT)

    def p(self, text: str, style: ParagraphStyle | None = None) -> Paragraph:
        """A paragraph of user text, printed literally."""
        style = style or self.body
        return Para.literal(text, style) or Para(markup(text), style)

    def paras(self, text: str, style: ParagraphStyle | None = None) -> list[Flowable]:
        """User text of any length as one paragraph, free to break across pages (``Para.split``)."""
        return [self.p(text, style)]

    def m(self, own_markup: str, style: ParagraphStyle | None = None) -> Paragraph:
        """A paragraph of the exporter's own markup (user text inside it must be ``markup()``-ed)."""
        return Para(own_markup, style or self.body)


class Heading(Para):
    """A heading that becomes a PDF bookmark (outline entry) where it is drawn."""

    def __init__(self, text: str, style: ParagraphStyle, level: int, key: str) -> None:
        super().__init__(markup(text), style)
        self.outline = (text, level, key)


class _PackCanvas(Canvas):  # type: ignore[misc]
    """Draws "Page n of N" on every body page once the total is known."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []
        self.footer_left = ""
        self.numbered = False

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()
        self.numbered = False

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            if self.numbered:
                self.setFont(REGULAR, 7.5)
                self.setFillColor(MUTED)
                self.drawRightString(PAGE_W - MARGIN_X, 11 * mm, f"Page {self._pageNumber} of {total}")
            super().showPage()
        super().save()


class PackDocument(BaseDocTemplate):  # type: ignore[misc]
    """A4 pack: a cover page without header, then body pages with header, footer and bookmarks."""

    def __init__(
        self,
        path: str,
        *,
        title: str,
        header_right: str,
        footer_left: str,
        author: str,
        on_flowable: Callable[[], None] | None = None,
        cover: bool = True,
    ) -> None:
        super().__init__(
            path,
            pagesize=A4,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=title,
            author=author,
            subject="Workshop pack",
            creator="Planwall",
            producer="Planwall (reportlab)",
            # Headings are kept with the first rows of a long table after them, not the whole table.
            keepTogetherClass=KeepWithStart,
        )
        self.header_title = title
        self.header_right = header_right
        self.footer_left = footer_left
        self.on_flowable = on_flowable
        frame = Frame(
            MARGIN_X,
            MARGIN_BOTTOM,
            CONTENT_W,
            PAGE_H - MARGIN_TOP - MARGIN_BOTTOM,
            id="body",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        cover_frame = Frame(
            MARGIN_X,
            MARGIN_BOTTOM,
            CONTENT_W,
            PAGE_H - 2 * MARGIN_BOTTOM,
            id="cover",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        templates = [PageTemplate("body", [frame], onPage=self._body_page)]
        if cover:
            templates.insert(0, PageTemplate("cover", [cover_frame], onPage=self._cover_page))
        self.addPageTemplates(templates)
        self._outlined = False

    def _cover_page(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        canv.saveState()
        canv.setFillColor(ACCENT)
        canv.rect(0, PAGE_H - 12 * mm, PAGE_W, 12 * mm, stroke=0, fill=1)
        canv.restoreState()

    def _body_page(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        canv.saveState()
        canv.setFont(REGULAR, 7.5)
        canv.setFillColor(MUTED)
        y = PAGE_H - 13 * mm
        right = _fit(canv, self.header_right, CONTENT_W * 0.45)
        canv.drawRightString(PAGE_W - MARGIN_X, y, right)
        canv.setFont(BOLD, 7.5)
        canv.drawString(
            MARGIN_X, y, _fit(canv, self.header_title, CONTENT_W - canv.stringWidth(right) - 12, BOLD)
        )
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.6)
        canv.line(MARGIN_X, y - 3 * mm, PAGE_W - MARGIN_X, y - 3 * mm)
        canv.setFont(REGULAR, 7.5)
        canv.drawString(MARGIN_X, 11 * mm, _fit(canv, self.footer_left, CONTENT_W * 0.7))
        canv.restoreState()
        if isinstance(canv, _PackCanvas):
            canv.numbered = True

    def afterFlowable(self, flowable: Flowable) -> None:
        outline = getattr(flowable, "outline", None)
        if outline is not None:
            text, level, key = outline
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(" ".join(text.split()), key, level=level, closed=level > 0)
            if not self._outlined:
                self.canv.showOutline()
                self._outlined = True
        if self.on_flowable is not None:
            self.on_flowable()

    def build_story(self, story: list[Flowable]) -> None:
        self.build(story, canvasmaker=_PackCanvas)


def _fit(canv: Canvas, text: str, width: float, font: str = REGULAR, size: float = 7.5) -> str:
    """One line of ``text`` cut with an ellipsis to fit ``width`` points (for header and footer)."""
    line = " ".join(text.split())
    if canv.stringWidth(line, font, size) <= width:
        return line
    while line and canv.stringWidth(line + "…", font, size) > width:
        line = line[:-1]
    return line.rstrip() + "…"


def next_page(template: str = "body") -> list[Flowable]:
    return [NextPageTemplate(template), PageBreak()]


class TableBuilder:
    """A data table with a repeated header row and zebra rows.

    A cell of long text is one paragraph; a row taller than the space left splits inside
    (``Para.split`` hands the rest its lines, so a huge cell costs one layout).
    """

    def __init__(
        self,
        styles: Styles,
        head: Sequence[str],
        widths: Sequence[float],
        *,
        right: Sequence[int] = (),
        zebra: bool = True,
        rules: bool = True,
    ) -> None:
        self.s = styles
        self.widths = list(widths)
        self.right = set(right)
        self.zebra = zebra
        self.rules = rules
        self.rows: list[list[Any]] = []
        self.commands: list[tuple[Any, ...]] = []
        self._logical = 0
        self._keep_from: int | None = None
        if head:
            self.rows.append(
                [
                    styles.p(h, styles.head_right if i in self.right else styles.head)
                    for i, h in enumerate(head)
                ]
            )
        self.header_rows = 1 if head else 0

    def row(
        self,
        cells: Sequence[Cell],
        *,
        fill: str | None = None,
        bold: bool = False,
        span: bool = False,
        style: ParagraphStyle | None = None,
    ) -> None:
        """Add one row; ``str`` and ``Styled`` cells are user text (printed literally, one paragraph)."""
        row: list[Any] = []
        plain: list[tuple[int, ParagraphStyle]] = []
        tall = 0.0  # the tallest paragraph of this row, while a heading waits to be kept with it
        for col, cell in enumerate(cells):
            if isinstance(cell, Styled):
                text: str | None = cell.text
                st = cell.style
            elif isinstance(cell, str):
                text = cell
                if style is not None:
                    st = style
                elif col in self.right:
                    st = self.s.cell_bold_right if bold else self.s.cell_right
                else:
                    st = self.s.cell_bold if bold else self.s.cell
            else:
                text = None
            if text is not None:
                width = sum(self.widths) if span else self.widths[col]
                if _fits_one_line(text, st, width - 2 * PAD_X):
                    # One line of plain text: the table draws the string itself (literal, and much
                    # faster than a Paragraph, which parses markup and wraps).
                    row.append(text)
                    plain.append((col, st))
                    continue
                # One paragraph however long: a row taller than the page splits inside it.
                para = self.s.p(text, st)
                row.append(para)
                if self._keep_from is not None and tall < KEEP_MAX_HEIGHT:
                    tall = max(tall, para.wrap(width - 2 * PAD_X, 10**6)[1])
            else:
                row.append("" if cell is None else cell)
        r = len(self.rows)
        self.rows.append(row)
        if self._keep_from is not None:
            # A heading stays on the page of its first row, unless that row is too tall to move
            # with it: reportlab cannot split inside a kept range and would give up on the export.
            if tall < KEEP_MAX_HEIGHT:
                self.commands.append(("NOSPLIT", (0, self._keep_from), (-1, r)))
            self._keep_from = None
        for col, st in plain:
            if st is not self.s.cell:
                self.commands += [
                    ("FONTNAME", (col, r), (col, r), st.fontName),
                    ("TEXTCOLOR", (col, r), (col, r), st.textColor),
                ]
                if st.fontSize != self.s.cell.fontSize:
                    self.commands.append(("FONTSIZE", (col, r), (col, r), st.fontSize))
            if st.alignment == TA_RIGHT:
                self.commands.append(("ALIGN", (col, r), (col, r), "RIGHT"))
            elif st.alignment == TA_CENTER:
                self.commands.append(("ALIGN", (col, r), (col, r), "CENTER"))
        shade = fill or (palette.ZEBRA if self.zebra and self._logical % 2 == 1 else None)
        if shade is not None:
            self.commands.append(("BACKGROUND", (0, r), (-1, r), colour(shade)))
        if span:
            self.commands.append(("SPAN", (0, r), (-1, r)))
        self._logical += 1

    def keep_with_next(self) -> None:
        """The last row (a group's heading) stays on the page of the next row."""
        self._keep_from = len(self.rows) - 1

    def cell_style(self, command: str, col: int, value: Any) -> None:
        """A style command for one cell of the last logical row (e.g. a fill colour)."""
        r = len(self.rows) - 1
        self.commands.append((command, (col, r), (col, r), value))

    def build(self) -> Flowable:
        """The table: one ``Table``, or a ``TableRun`` laid out page by page when it is long.

        Rows split between pages, a row still taller than a page (a cell holding many
        flowables) splits inside; the header row repeats on every page.
        """
        cell = self.s.cell
        base: list[tuple[Any, ...]] = [
            ("FONT", (0, 0), (-1, -1), cell.fontName, cell.fontSize, cell.leading),
            ("TEXTCOLOR", (0, 0), (-1, -1), cell.textColor),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), PAD_X),
            ("RIGHTPADDING", (0, 0), (-1, -1), PAD_X),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
        if self.rules:
            base.append(("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE))
        if self.header_rows:
            base += [
                ("BACKGROUND", (0, 0), (-1, 0), colour(palette.ACCENT_LIGHT)),
                ("LINEBELOW", (0, 0), (-1, 0), 0.9, ACCENT),
                ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
            ]
        h = self.header_rows
        return RowTable(self.rows[:h], self.rows[h:], self.widths, base, self.commands).flowable()


def _fits_one_line(text: str, style: ParagraphStyle, width: float) -> bool:
    if "\n" in text or "\t" in text or "  " in text or len(text) > 200:
        return False
    return bool(stringWidth(text, style.fontName, style.fontSize) <= width)


def key_values(
    styles: Styles, pairs: Sequence[tuple[str, Cell]], label_width: float = 32 * mm, width: float = CONTENT_W
) -> Flowable:
    """A two-column label/value table without a header (cover details, rock details)."""
    tb = TableBuilder(styles, (), (label_width, width - label_width), zebra=False)
    for label, value in pairs:
        tb.row([styles.p(label, styles.cell_muted), value])
    return tb.build()


__all__ = [
    "FAMILY",
    "Cell",
    "Heading",
    "PackDocument",
    "Styled",
    "Styles",
    "TableBuilder",
    "key_values",
    "next_page",
]
