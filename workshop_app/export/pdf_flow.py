"""Flowables that keep the PDF's layout time proportional to the size of the workshop.

reportlab wraps every cell of a table to know its height, and a table running over many
pages is wrapped again at each page break (what does not fit becomes a new table that is
measured whole), and once more inside the ``KeepTogether`` that keeps a heading with it.
A 500-row table was therefore measured ~15 times and a 3,000-note workshop took 7-19 s.

- ``Para``: a ``Paragraph`` that remembers its line breaks for the width it was last
  wrapped at (a table cell is wrapped for the split, for the part kept and for drawing),
  and hands its remaining lines to the part left over when split at a page end, so a
  paragraph of any length is broken into lines once (user text is never cut into pieces);
  ``Para.literal`` builds one from plain one-line user text without the markup parser.
- ``TableRun``: a long table laid out a page at a time.  Each page is a reportlab
  ``Table`` of the header row(s) plus the next rows, split where the page ends; only the
  rows that come to the page are measured.  It looks exactly like one long table with a
  repeated header.
- ``KeepWithStart``: the document's ``keepTogetherClass``: a heading kept with the
  ``TableRun`` after it needs room for the table's first rows only, not the whole table.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.platypus import (  # type: ignore[import-untyped, unused-ignore]
    Flowable,
    KeepTogether,
    Paragraph,
    Table,
    TableStyle,
)
from reportlab.platypus.paragraph import _FUZZ  # type: ignore[import-untyped, unused-ignore]

#: Rows of a table from which it is laid out as a ``TableRun``.
RUN_ROWS = 12
#: Rows of a ``TableRun`` measured for its first page (more are added while they fit).
FIRST_BATCH = 40
#: Data rows that must fit under a heading kept with a ``TableRun``.
OPENING_ROWS = 2


class Para(Paragraph):  # type: ignore[misc]
    """A Paragraph that wraps once per width: the result is kept and reused."""

    _templates: dict[int, tuple[Any, Any]] = {}

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        cached = self.__dict__.get("_wrapped")
        if cached is not None and cached[0] == availWidth:
            _, self.width, self.height, self.blPara, self._wrapWidths = cached
            return self.width, self.height
        width, height = super().wrap(availWidth, availHeight)
        if availWidth >= _FUZZ:
            self._wrapped = (availWidth, self.width, self.height, self.blPara, self._wrapWidths)
        return width, height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        """reportlab's split, with the part left over already laid out: its lines are the rest of ours.

        reportlab makes the rest a new paragraph and breaks it into lines again on the next
        page, so a paragraph of N pages was broken N times (a 50,000-word one took 35 s).
        The rest, at the same width, would get the same lines: they are handed over instead.
        """
        parts: list[Flowable] = super().split(availWidth, availHeight)
        cached = self.__dict__.get("_wrapped")
        if len(parts) != 2 or cached is None or getattr(self.style, "autoLeading", "") not in ("", "off"):
            return parts
        first, rest = parts
        width = cached[0]  # the width the lines were made for (a table splits with another one)
        s = len(first.blPara.lines)
        first._take_lines(self.blPara.clone(lines=self.blPara.lines[:s]), width, self._wrapWidths)
        inner = width - rest.style.leftIndent - rest.style.rightIndent
        lines = self.blPara.lines[s:]
        if getattr(lines[0], "sFW", 0):
            # Lines of mixed styles point into the fragments by index: the rest keeps them all.
            rest.frags = self.frags
        rest._take_lines(self.blPara.clone(lines=lines), width, [inner, inner])
        return parts

    def _take_lines(self, lines: Any, width: float, wrap_widths: list[float]) -> None:
        """Lay out as ``lines`` (a reportlab ``ParaLines``) at ``width``, without breaking them again."""
        self.blPara, self._wrapWidths = lines, wrap_widths
        self.width, self.height = width, len(lines.lines) * self.style.leading
        self._wrapped = (width, self.width, self.height, self.blPara, self._wrapWidths)

    @classmethod
    def literal(cls, text: str, style: Any) -> Para | None:
        """``text`` printed as typed, when it is plain enough to skip the markup parser; else None.

        Plain: one line, no tabs, no leading/trailing or double spaces, no XML-invalid or
        special characters.  The fragment is a copy of what the parser makes for the style.
        """
        if not _is_plain(text):
            return None
        entry = cls._templates.get(id(style))
        if entry is None or entry[0] is not style:
            template = Paragraph("x", style).frags
            if len(template) != 1:
                return None
            entry = (style, template[0])
            cls._templates[id(style)] = entry
        return cls(text, entry[0], frags=[entry[1].clone(text=text)])


def _is_plain(text: str) -> bool:
    if not text or len(text) > 300 or not text.isprintable() or "  " in text:
        return False
    return text[0] != " " and text[-1] != " " and "\u00a0" not in text and "\ufffd" not in text


class PackTable(Table):  # type: ignore[misc]
    """A ``Table`` whose rest, after a split at the end of a page, starts on the next page.

    reportlab places the rest of a split table in the space left under the rows it kept when
    one row of it fits there, splitting the row: a second header in mid-page above a sliver
    of a row.  The rest goes on only at the top of a frame (a row taller than a page still
    splits there).
    """

    continued = False

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        frame = getattr(self, "_frame", None)
        if self.continued and frame is not None and not getattr(frame, "_atTop", True):
            return []
        parts: list[Flowable] = super().split(availWidth, availHeight)
        for part in parts[1:]:
            part.continued = True
        return parts


Command = tuple[Any, ...]
#: Table commands that are not kept per cell (reportlab stores these as commands).
_NOT_CELL_OPS = frozenset(
    {
        "BACKGROUND",
        "ROWBACKGROUNDS",
        "COLBACKGROUNDS",
        "SPAN",
        "NOSPLIT",
        "ROUNDEDCORNERS",
        "GRID",
        "BOX",
        "OUTLINE",
        "INNERGRID",
        "LINEBELOW",
        "LINEABOVE",
        "LINEBEFORE",
        "LINEAFTER",
    }
)


def _cell_op(cmd: Command) -> bool:
    return cmd[0] not in _NOT_CELL_OPS


class RowTable:
    """What a ``TableRun`` is made of: rows, style commands per row, and how to make a Table."""

    def __init__(
        self,
        head: Sequence[Sequence[Any]],
        rows: Sequence[Sequence[Any]],
        widths: Sequence[float],
        base: Sequence[Command],
        commands: Sequence[Command],
    ) -> None:
        """``base`` applies to every page's table as given; ``commands`` name rows of head + rows."""
        self.head = [list(r) for r in head]
        self.rows = [list(r) for r in rows]
        self.widths = list(widths)
        self.base = list(base)
        self.commands = list(commands)
        h = len(self.head)
        self.base_other = [cmd for cmd in self.base if not _cell_op(cmd)]
        self.head_commands: list[Command] = []
        self.by_row: dict[int, list[tuple[int, int, Command]]] = {}
        self.max_span = 0
        for cmd in self.commands:
            r0, r1 = cmd[1][1], cmd[2][1]
            if r0 < 0 or r1 < 0:
                raise ValueError(f"row commands need absolute rows, got {cmd!r}")
            if _cell_op(cmd):
                continue
            if r1 < h:
                self.head_commands.append(cmd)
                continue
            d0, d1 = max(r0 - h, 0), r1 - h
            self.by_row.setdefault(d0, []).append((d0, d1, cmd))
            self.max_span = max(self.max_span, d1 - d0)
        self._cell_styles: list[list[Any]] | None = None

    def cell_styles(self) -> list[list[Any]]:
        """Every row's cell styles (fonts, colours, alignment, padding), worked out once for all pages.

        reportlab applies a style command cell by cell; doing that again for every page's
        table cost more than laying the rows out.  The styles come from one table of empty
        cells given every cell command, in order, as the whole table would have had them.
        """
        if self._cell_styles is None:
            blank = [[""] * len(self.widths) for _ in range(len(self.head) + len(self.rows))]
            sample = Table(blank, colWidths=self.widths)
            sample.setStyle(TableStyle([c for c in self.base + self.commands if _cell_op(c)]))
            self._cell_styles = sample._cellStyles
        return self._cell_styles

    def table(self, start: int, end: int, first: list[Any] | None = None, shared: bool = True) -> Table:
        """A Table of the head and data rows ``start`` to ``end`` (``first`` replaces row ``start``).

        ``shared``: take the cell styles worked out once (``cell_styles``), for a table laid out
        in pages; otherwise the table applies its commands itself (a table made once).
        """
        h = len(self.head)
        data = self.head + self.rows[start:end]
        if first is not None:
            data[h] = first
        layout: dict[str, Any] = {
            "colWidths": self.widths,
            "repeatRows": h,
            "splitByRow": 1,
            "splitInRow": 1,
            "hAlign": "LEFT",
        }
        if not shared:
            table = PackTable(data, **layout)
            table.setStyle(TableStyle(self.base + self.commands))
            return table
        cmds = self.base_other + self.head_commands
        for d in range(max(start - self.max_span, 0), end):
            for d0, d1, cmd in self.by_row.get(d, ()):
                if d1 < start:
                    continue
                (c0, _), (c1, _) = cmd[1], cmd[2]
                top, bottom = max(d0, start) - start + h, min(d1, end - 1) - start + h
                cmds.append((cmd[0], (c0, top), (c1, bottom), *cmd[3:]))
        styles = self.cell_styles()
        table = PackTable(data, cellStyles=styles[:h] + styles[h + start : h + end], **layout)
        table.setStyle(TableStyle(cmds))
        return table

    def flowable(self) -> Flowable:
        """The whole table: one Table when it is short, else a ``TableRun``."""
        if len(self.rows) <= RUN_ROWS:
            return self.table(0, len(self.rows), shared=False)
        return TableRun(self, 0, None, FIRST_BATCH)


class TableRun(Flowable):  # type: ignore[misc]
    """The rows of a ``RowTable`` from ``start`` on, laid out one page (frame) at a time."""

    def __init__(
        self, spec: RowTable, start: int, first: list[Any] | None, batch: int, continued: bool = False
    ) -> None:
        """``continued``: the rest of a run split at the end of a page; it starts on the next one."""
        super().__init__()
        self.spec = spec
        self.start = start
        self.first = first
        self.batch = max(batch, 8)
        self.continued = continued
        self._candidate: tuple[float, float, Table, int] | None = None

    def _measure(self, aW: float, aH: float) -> tuple[Table, int, float]:
        """A table of the next rows that is taller than ``aH`` (or holds every row left)."""
        if self._candidate is not None and self._candidate[:2] == (aW, aH):
            _, _, table, end = self._candidate
            return table, end, table._height
        n = len(self.spec.rows)
        batch = self.batch
        while True:
            end = min(self.start + batch, n)
            table = self.spec.table(self.start, end, self.first)
            _, height = table.wrap(aW, aH)
            if height > aH or end == n:
                self._candidate = (aW, aH, table, end)
                return table, end, height
            batch *= 2

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        table, _, height = self._measure(availWidth, availHeight)
        self.width, self.height = table._width, height
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        frame = getattr(self, "_frame", None)
        if self.continued and frame is not None and not getattr(frame, "_atTop", True):
            # What is left under the rows just placed is too little for a whole row: rather
            # than a second header and a sliver of a row (reportlab's in-row split), next page.
            return []
        table, end, _ = self._measure(availWidth, availHeight)
        parts = table.split(availWidth, availHeight)
        if len(parts) != 2:
            if parts and end < len(self.spec.rows):  # pragma: no cover - the candidate is taller than aH
                return [parts[0], self._rest(end, None, self.batch)]
            return list(parts)
        kept, rest = parts
        h = len(self.spec.head)
        shown = len(kept._cellvalues) - h
        left = len(rest._cellvalues) - h
        if shown + left > end - self.start:
            # reportlab split the last row it kept; the rest of that row opens the next page.
            return [kept, self._rest(self.start + shown - 1, rest._cellvalues[h], shown + 8)]
        if self.start + shown >= len(self.spec.rows):
            return [kept]
        return [kept, self._rest(self.start + shown, None, shown + 8)]

    def _rest(self, start: int, first: list[Any] | None, batch: int) -> TableRun:
        return TableRun(self.spec, start, first, batch, continued=True)

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        """Drawn whole only when every row left fits (``wrap`` said so)."""
        assert self._candidate is not None
        self._candidate[2].drawOn(canvas, x, y, _sW)

    def opening(self) -> Table:
        """The header and the first rows: what must fit under a heading kept with this run."""
        end = min(self.start + OPENING_ROWS, len(self.spec.rows))
        return self.spec.table(self.start, end, self.first)

    def identity(self, maxLen: int | None = None) -> str:
        text = f"<TableRun rows {self.start}-{len(self.spec.rows)} of {len(self.spec.rows)}>"
        return text[:maxLen] if maxLen else text


class KeepWithStart(KeepTogether):  # type: ignore[misc]
    """``KeepTogether`` that, for a ``TableRun`` at its end, keeps only the run's opening rows."""

    _content: list[Any]

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        content: list[Flowable] = self._content
        if content and isinstance(content[-1], TableRun):
            self._content = [*content[:-1], content[-1].opening()]
            try:
                return super().wrap(aW, aH)  # type: ignore[no-any-return]
            finally:
                self._content = content
        return super().wrap(aW, aH)  # type: ignore[no-any-return]


__all__ = ["KeepWithStart", "Para", "RowTable", "TableRun"]
