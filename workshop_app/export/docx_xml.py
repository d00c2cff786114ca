"""WordprocessingML written directly: runs, paragraphs, tables, fields and the pack's styles.

python-docx builds tables cell by cell through a slow object layer (``table.cell(i, j)`` is
quadratic); the pack writes its body as XML text instead and splices it into the saved
package without parsing it (``save_with_body``).  Every piece of
user text goes through ``t()``: XML-invalid characters become U+FFFD, ``&`` and ``<`` are
escaped, tabs and newlines become ``<w:tab/>`` and ``<w:br/>``.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from workshop_app.export import palette
from workshop_app.export.text import xml_safe

FONT = "Calibri"
TABLE_STYLE = "PackTable"
TWIPS_PER_MM = 56.6929
#: Rows whose XML is shorter than this (about 15 lines of text) are never split across pages.
KEEP_ROW_XML = 4000


def twips(mm: float) -> int:
    return round(mm * TWIPS_PER_MM)


def t(text: str) -> str:
    """Run content for user text: ``<w:t>`` pieces with tabs and line breaks kept."""
    out: list[str] = []
    for n, line in enumerate(xml_safe(text).split("\n")):
        if n:
            out.append("<w:br/>")
        for k, piece in enumerate(line.split("\t")):
            if k:
                out.append("<w:tab/>")
            if piece:
                out.append(f'<w:t xml:space="preserve">{escape(piece)}</w:t>')
    return "".join(out)


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    colour: str | None = None
    size: float | None = None  # points

    def xml(self) -> str:
        props = ""
        if self.bold:
            props += "<w:b/><w:bCs/>"
        if self.italic:
            props += "<w:i/><w:iCs/>"
        if self.colour:
            props += f'<w:color w:val="{self.colour}"/>'
        if self.size:
            half = round(self.size * 2)
            props += f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>'
        rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
        return f"<w:r>{rpr}{t(self.text)}</w:r>"


@dataclass(frozen=True)
class Para:
    runs: Sequence[Run | str] = ()
    style: str | None = None  # a paragraph style id
    align: str | None = None  # "right", "center"
    keep_next: bool = False
    page_break_before: bool = False
    space_after: float | None = None  # points
    extra: str = ""  # raw run XML appended (a picture, a field)

    def xml(self, in_cell: bool = False) -> str:
        """The paragraph; ``in_cell`` makes it single-spaced with no space after (unless set)."""
        ppr = ""
        if self.style:
            ppr += f'<w:pStyle w:val="{self.style}"/>'
        if self.keep_next:
            ppr += "<w:keepNext/>"
        if self.page_break_before:
            ppr += "<w:pageBreakBefore/>"
        if self.space_after is not None:
            line = ' w:line="240" w:lineRule="auto"' if in_cell else ""
            ppr += f'<w:spacing w:after="{round(self.space_after * 20)}"{line}/>'
        elif in_cell:
            ppr += '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'
        if self.align:
            ppr += f'<w:jc w:val="{self.align}"/>'
        body = "".join(r.xml() if isinstance(r, Run) else Run(r).xml() for r in self.runs)
        return f"<w:p>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}{body}{self.extra}</w:p>"


Cell = str | Run | Para | list[Para] | None


def _cell_paras(cell: Cell, bold: bool, colour: str | None, align: str | None) -> str:
    if cell is None or cell == "":
        return Para(align=align).xml(in_cell=True)
    if isinstance(cell, str):
        return Para([Run(cell, bold=bold, colour=colour)], align=align).xml(in_cell=True)
    if isinstance(cell, Run):
        return Para([cell], align=align).xml(in_cell=True)
    if isinstance(cell, Para):
        return cell.xml(in_cell=True)
    return "".join(p.xml(in_cell=True) for p in cell)


def _align(right: bool) -> str | None:
    return "right" if right else None


def _head_para(text: str, right: bool) -> str:
    return Para([Run(text, bold=True, colour=palette.ACCENT)], align=_align(right)).xml(in_cell=True)


@dataclass
class DocxTable:
    """A table in the pack's table style; the header row repeats on every page."""

    head: Sequence[str]
    widths_mm: Sequence[float]
    right: Sequence[int] = ()
    banded: bool = True
    rules: bool = True  # False: no lines between the rows
    rows: list[str] = field(default_factory=list)

    def row(
        self,
        cells: Sequence[Cell],
        *,
        fill: str | None = None,
        bold: bool = False,
        span: bool = False,
        colour: str | None = None,
        fills: dict[int, str] | None = None,
    ) -> None:
        """One row; ``str`` cells are user text, each one paragraph however long. ``span`` merges all
        cells into the first. A long row may break across pages; a short one stays whole.
        """
        widths = [sum(self.widths_mm)] if span else list(self.widths_mm)
        tcs: list[str] = []
        for col, width in enumerate(widths):
            cell = cells[col] if col < len(cells) else None
            props = f'<w:tcW w:w="{twips(width)}" w:type="dxa"/>'
            if span and len(self.widths_mm) > 1:
                props += f'<w:gridSpan w:val="{len(self.widths_mm)}"/>'
            shade = (fills or {}).get(col, fill)
            if shade:
                props += f'<w:shd w:val="clear" w:color="auto" w:fill="{shade}"/>'
            align = "right" if col in self.right and not span else None
            tcs.append(f"<w:tc><w:tcPr>{props}</w:tcPr>{_cell_paras(cell, bold, colour, align)}</w:tc>")
        body = "".join(tcs)
        keep = "<w:trPr><w:cantSplit/></w:trPr>" if len(body) < KEEP_ROW_XML else ""
        self.rows.append(f"<w:tr>{keep}{body}</w:tr>")

    def xml(self) -> str:
        grid = "".join(f'<w:gridCol w:w="{twips(w)}"/>' for w in self.widths_mm)
        flags = (0x0020 if self.head else 0) | (0 if self.banded else 0x0200) | 0x0400
        look = (
            f'<w:tblLook w:val="{flags:04X}" w:firstRow="{int(bool(self.head))}" w:lastRow="0" '
            f'w:firstColumn="0" w:lastColumn="0" w:noHBand="{int(not self.banded)}" w:noVBand="1"/>'
        )
        borders = (
            ""
            if self.rules
            else '<w:tblBorders><w:bottom w:val="nil"/><w:insideH w:val="nil"/></w:tblBorders>'
        )
        head = ""
        if self.head:
            cells = "".join(
                f'<w:tc><w:tcPr><w:tcW w:w="{twips(w)}" w:type="dxa"/></w:tcPr>'
                f"{_head_para(h, i in self.right)}</w:tc>"
                for i, (h, w) in enumerate(zip(self.head, self.widths_mm, strict=True))
            )
            head = f"<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>{cells}</w:tr>"
        return (
            f'<w:tbl><w:tblPr><w:tblStyle w:val="{TABLE_STYLE}"/>'
            f'<w:tblW w:w="{twips(sum(self.widths_mm))}" w:type="dxa"/>'
            f'{borders}<w:tblLayout w:type="fixed"/>{look}</w:tblPr>'
            f"<w:tblGrid>{grid}</w:tblGrid>{head}{''.join(self.rows)}</w:tbl>"
            # Word needs a paragraph between two tables, or it merges them.
            + '<w:p><w:pPr><w:spacing w:after="60"/></w:pPr></w:p>'
        )


def simple_field(instruction: str, placeholder: str = "1") -> str:
    """A simple field (PAGE, NUMPAGES) as run-level XML."""
    return f'<w:fldSimple w:instr=" {instruction} "><w:r><w:t>{escape(placeholder)}</w:t></w:r></w:fldSimple>'


def toc(entries: Sequence[tuple[int, str]]) -> str:
    """A TOC field over the Heading 1 sections, pre-filled with their titles; Word adds the page numbers.

    The field is marked dirty so Word updates it when the document is opened; until then (and in
    viewers that do not update fields) it lists the sections.
    """
    begin = (
        '<w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-1" \\h \\z \\u </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
    )
    end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    paras = []
    for n, (level, text) in enumerate(entries):
        style = "TOC1" if level == 0 else "TOC2"
        first = begin if n == 0 else ""
        last = end if n == len(entries) - 1 else ""
        paras.append(
            f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{first}<w:r>{t(text)}</w:r>{last}</w:p>'
        )
    return "".join(paras)


def save_with_body(doc: Document, parts: Sequence[str], path: str | os.PathLike[str]) -> None:
    """Save ``doc`` with ``parts`` (body XML) spliced in before its final section properties.

    The body is never parsed: python-docx saves the document with its empty body, and the
    body's text goes into ``word/document.xml`` as bytes while the package is copied to
    ``path``.  Moving a parsed 4 MB body into python-docx's tree took seconds inside lxml with
    the GIL held (the GUI froze when a worker thread exported); joining, encoding and
    deflating the text takes a fraction of that and zlib lets other threads run.  The parts
    use only the prefixes the document element declares (``w``, ``r``, ``wp``); a drawing
    carries its own declarations.
    """
    buffer = io.BytesIO()
    doc.save(buffer)
    buffer.seek(0)
    body = "".join(parts).encode("utf-8")
    name = str(doc.part.partname).lstrip("/")
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == name:
                data = splice_body(data, body)
            out.writestr(info, data)


def splice_body(document_xml: bytes, body: bytes) -> bytes:
    """``document_xml`` with ``body`` inserted at the end of ``<w:body>``, before its ``<w:sectPr>``."""
    if b"<w:body/>" in document_xml:
        return document_xml.replace(b"<w:body/>", b"<w:body>" + body + b"</w:body>", 1)
    start = document_xml.find(b"<w:body>")
    end = document_xml.rfind(b"</w:body>")
    if start < 0 or end < start:
        raise ValueError("the Word template has no <w:body> element")
    anchor = document_xml.rfind(b"<w:sectPr", start, end)
    if anchor < 0 or document_xml.find(b"</w:sectPr>", anchor, end) < 0:
        anchor = end
    return document_xml[:anchor] + body + document_xml[anchor:]


# --- styles ---------------------------------------------------------------------------


# CT_RPr's children in schema order (Word refuses a file whose elements are out of order).
_RPR_ORDER = [
    "rStyle",
    "rFonts",
    "b",
    "bCs",
    "i",
    "iCs",
    "caps",
    "smallCaps",
    "strike",
    "dstrike",
    "outline",
    "shadow",
    "emboss",
    "imprint",
    "noProof",
    "snapToGrid",
    "vanish",
    "webHidden",
    "color",
    "spacing",
    "w",
    "kern",
    "position",
    "sz",
    "szCs",
    "highlight",
    "u",
    "effect",
    "bdr",
    "shd",
    "fitText",
    "vertAlign",
    "rtl",
    "cs",
    "em",
    "lang",
    "eastAsianLayout",
    "specVanish",
    "oMath",
]


def _sort_rpr(rpr: Any) -> None:
    def key(el: Any) -> int:
        local = el.tag.rsplit("}", 1)[-1]
        return _RPR_ORDER.index(local) if local in _RPR_ORDER else len(_RPR_ORDER)

    children = sorted(rpr, key=key)
    for child in children:
        rpr.remove(child)
        rpr.append(child)


def _set_run_props(
    rpr: Any,
    *,
    font: str | None = None,
    size: float | None = None,
    bold: bool | None = None,
    colour: str | None = None,
) -> None:
    """Direct run properties of a style, dropping theme fonts and theme colours that would win."""
    if font is not None:
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = parse_xml(f"<w:rFonts {nsdecls('w')}/>")
            rpr.insert(0, fonts)
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attr), None)
        for attr in ("w:ascii", "w:hAnsi", "w:cs"):
            fonts.set(qn(attr), font)
    if colour is not None:
        for old in rpr.findall(qn("w:color")):
            rpr.remove(old)
        rpr.append(parse_xml(f'<w:color {nsdecls("w")} w:val="{colour}"/>'))
    if size is not None:
        for tag in ("w:sz", "w:szCs"):
            for old in rpr.findall(qn(tag)):
                rpr.remove(old)
            rpr.append(parse_xml(f'<{tag} {nsdecls("w")} w:val="{round(size * 2)}"/>'))
    if bold is not None:
        for tag in ("w:b", "w:bCs"):
            for old in rpr.findall(qn(tag)):
                rpr.remove(old)
            if bold:
                rpr.append(parse_xml(f"<{tag} {nsdecls('w')}/>"))
    _sort_rpr(rpr)


def _paragraph_style(
    doc: Document,
    name: str,
    *,
    size: float,
    bold: bool = False,
    colour: str = palette.TEXT,
    before: float = 0,
    after: float = 4,
    page_break_before: bool = False,
) -> None:
    style = doc.styles[name]
    rpr = style.element.get_or_add_rPr()
    _set_run_props(rpr, font=FONT, size=size, bold=bold, colour=colour)
    pf = style.paragraph_format
    from docx.shared import Pt

    pf.space_before = Pt(before)
    pf.space_after = Pt(after)
    if page_break_before:
        pf.page_break_before = True


def install_styles(doc: Document, *, sections_on_new_page: bool, compact: bool = False) -> None:
    """The pack's look as real Word styles: Normal, Title, Subtitle, Heading 1-3, TOC 1-2, Pack Table.

    ``compact`` (the one-page synopsis): 9 pt text with tighter spacing.
    """
    from docx.shared import Pt

    normal = doc.styles["Normal"]
    _set_run_props(normal.element.get_or_add_rPr(), font=FONT, size=9 if compact else 10, colour=palette.TEXT)
    normal.paragraph_format.space_after = Pt(2 if compact else 4)
    normal.paragraph_format.line_spacing = 1.0 if compact else 1.1
    _paragraph_style(doc, "Title", size=28, bold=True, colour=palette.ACCENT, after=6)
    title_ppr = doc.styles["Title"].element.get_or_add_pPr()
    for border in title_ppr.findall(qn("w:pBdr")):
        title_ppr.remove(border)
    _paragraph_style(doc, "Subtitle", size=15, colour=palette.MUTED, after=4)
    subtitle_rpr = doc.styles["Subtitle"].element.get_or_add_rPr()
    for tag in ("w:i", "w:iCs"):
        for old in subtitle_rpr.findall(qn(tag)):
            subtitle_rpr.remove(old)
    _paragraph_style(
        doc,
        "Heading 1",
        size=18,
        bold=True,
        colour=palette.ACCENT,
        after=8,
        page_break_before=sections_on_new_page,
    )
    _paragraph_style(doc, "Heading 2", size=13, bold=True, colour=palette.ACCENT, before=12, after=4)
    _paragraph_style(
        doc,
        "Heading 3",
        size=10 if compact else 10.5,
        bold=True,
        colour=palette.TEXT,
        before=5 if compact else 8,
        after=2 if compact else 3,
    )
    for name in ("Header", "Footer"):
        _paragraph_style(doc, name, size=7.5, colour=palette.MUTED, after=0)
    styles = doc.styles
    for style_id, name, indent, bold in (("TOC1", "toc 1", 0, True), ("TOC2", "toc 2", 240, False)):
        if name not in [s.name for s in styles]:
            st = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            st.element.set(qn("w:styleId"), style_id)
            st.base_style = styles["Normal"]
            st.element.append(
                parse_xml(
                    f"<w:pPr {nsdecls('w')}><w:tabs>"
                    f'<w:tab w:val="right" w:leader="dot" w:pos="{twips(170)}"/></w:tabs>'
                    f'<w:spacing w:before="{80 if bold else 0}" w:after="40"/><w:ind w:left="{indent}"/>'
                    "</w:pPr>"
                )
            )
            if bold:
                _set_run_props(st.element.get_or_add_rPr(), bold=True)
    half_points = 16 if compact else 17
    table_style = _TABLE_STYLE_XML.replace('w:val="17"', f'w:val="{half_points}"')
    if compact:
        table_style = table_style.replace('w:w="45"', 'w:w="25"')
    styles.element.append(parse_xml(table_style))


_TABLE_STYLE_XML = f"""
<w:style {nsdecls("w")} w:type="table" w:customStyle="1" w:styleId="{TABLE_STYLE}">
  <w:name w:val="Pack Table"/>
  <w:basedOn w:val="TableNormal"/>
  <w:uiPriority w:val="40"/>
  <w:qFormat/>
  <w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>
  <w:rPr><w:sz w:val="17"/><w:szCs w:val="17"/></w:rPr>
  <w:tblPr>
    <w:tblStyleRowBandSize w:val="1"/>
    <w:tblBorders>
      <w:bottom w:val="single" w:sz="4" w:space="0" w:color="{palette.RULE}"/>
      <w:insideH w:val="single" w:sz="4" w:space="0" w:color="{palette.RULE}"/>
    </w:tblBorders>
    <w:tblCellMar>
      <w:top w:w="45" w:type="dxa"/><w:left w:w="80" w:type="dxa"/>
      <w:bottom w:w="45" w:type="dxa"/><w:right w:w="80" w:type="dxa"/>
    </w:tblCellMar>
  </w:tblPr>
  <w:tblStylePr w:type="firstRow">
    <w:rPr><w:b/><w:bCs/><w:color w:val="{palette.ACCENT}"/></w:rPr>
    <w:tblPr/>
    <w:tcPr>
      <w:tcBorders><w:bottom w:val="single" w:sz="8" w:space="0" w:color="{palette.ACCENT}"/></w:tcBorders>
      <w:shd w:val="clear" w:color="auto" w:fill="{palette.ACCENT_LIGHT}"/>
      <w:vAlign w:val="bottom"/>
    </w:tcPr>
  </w:tblStylePr>
  <w:tblStylePr w:type="band2Horz">
    <w:tblPr/>
    <w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{palette.ZEBRA}"/></w:tcPr>
  </w:tblStylePr>
</w:style>
"""
