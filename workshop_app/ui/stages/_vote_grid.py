"""The dot-voting grid: vote items down, people across, each person's dots in the cells.

One click (or Space, +, Enter on the focused cell) adds a dot; a right-click (or Backspace,
-, Delete) takes one off.  Arrows, Home/End and PageUp/PageDown move the focused cell.  Each
person's remaining dots are shown under their name.  Totals per item are not shown here
until the round is revealed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import QScrollArea, QSizePolicy, QStyle, QToolTip, QWidget

from workshop_app.rules.voting import ItemRef
from workshop_app.ui.stages._board_style import font_px, text_on
from workshop_app.ui.theme import Palette, palette

ADD_KEYS = (Qt.Key.Key_Space, Qt.Key.Key_Plus, Qt.Key.Key_Equal, Qt.Key.Key_Return, Qt.Key.Key_Enter)
REMOVE_KEYS = (Qt.Key.Key_Backspace, Qt.Key.Key_Minus, Qt.Key.Key_Delete)


@dataclass(frozen=True)
class _Layout:
    sizes: tuple[int, int, int, int, int]  # label column, person column, header, row, totals column
    names: tuple[str, ...]  # the people's names as the header shows them
    upright: bool  # the names are written upwards (else across, when every column has room for one)
    size: QSize  # the least room the whole grid needs (its size hint)


def header_names(names: list[str]) -> list[str]:
    """Each person's name as short as it can be and still tell them apart: the first name, then
    the first name and the last name's initial, else the whole name."""
    first = [n.split()[0] if n.split() else n for n in names]
    initial = [
        f"{f} {n.split()[-1][0]}." if len(n.split()) > 1 else n for f, n in zip(first, names, strict=True)
    ]
    shown = []
    for i, name in enumerate(names):
        if first.count(first[i]) == 1:
            shown.append(first[i])
        elif initial.count(initial[i]) == 1:
            shown.append(initial[i])
        else:
            shown.append(" ".join(name.split()))
    return shown


@dataclass
class GridData:
    items: list[tuple[ItemRef, str, str | None]] = field(default_factory=list)  # ref, label, cluster colour
    people: list[tuple[int, str]] = field(default_factory=list)  # participant id, name
    dots: dict[int, dict[ItemRef, int]] = field(default_factory=dict)  # person -> item -> dots
    remaining: dict[int, int] = field(default_factory=dict)
    totals: dict[ItemRef, int] | None = None  # only once revealed
    is_open: bool = True


class VoteGridWidget(QWidget):
    """A focusable painted grid; emits the gestures, the stage calls the voting service."""

    dot_added = Signal(int, object)  # participant id, ItemRef
    dot_removed = Signal(int, object)  # participant id, ItemRef
    cell_changed = Signal(int, object)  # participant id, ItemRef (the focused cell moved)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("voteGrid")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.data = GridData()
        self.theme = "light"
        self.size_px = 17
        self.row = 0
        self.col = 0
        self._layout_cache: tuple[tuple[object, ...], _Layout] | None = None
        self.setAccessibleName("Voting grid: vote items down, people across")

    # --- data ---------------------------------------------------------------------

    def set_data(self, data: GridData, theme: str, size_px: int) -> None:
        keep = self.current()
        self.data = data
        self.theme = theme
        self.size_px = size_px
        if keep is not None:
            pid, item = keep
            rows = [ref for ref, _l, _c in data.items]
            cols = [p for p, _n in data.people]
            self.row = rows.index(item) if item in rows else min(self.row, max(0, len(rows) - 1))
            self.col = cols.index(pid) if pid in cols else min(self.col, max(0, len(cols) - 1))
        self.updateGeometry()
        self.update()

    def current(self) -> tuple[int, ItemRef] | None:
        if not self.data.items or not self.data.people:
            return None
        return self.data.people[self.col][0], self.data.items[self.row][0]

    def set_current(self, participant_id: int, item: ItemRef) -> None:
        cols = [p for p, _n in self.data.people]
        rows = [ref for ref, _l, _c in self.data.items]
        if participant_id in cols and item in rows:
            self._move(rows.index(item), cols.index(participant_id))

    # --- geometry -----------------------------------------------------------------------

    def _metrics(self) -> tuple[int, int, int, int, int]:
        """label column width, person column width, header height, row height, totals column width."""
        return self._layout().sizes

    def _layout(self) -> _Layout:
        """The grid's measurements, worked out again only when the names, the text size, the
        width or the totals column change (not for every cell painted)."""
        key = (
            self.width(),
            self._room_width(),
            self.size_px,
            tuple(n for _p, n in self.data.people),
            self.data.totals is not None,
        )
        if self._layout_cache is None or self._layout_cache[0] != key:
            self._layout_cache = (key, self._measure())
        return self._layout_cache[1]

    def _room_width(self) -> int:
        """The width the grid can have without scrolling across: its scroll area's, less a
        vertical scroll bar whether one shows or not (so that a scroll bar coming and going
        never switches the names between upright and across)."""
        area = self._scroll_area()
        if area is None:
            return self.width()
        bar = area.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, area)
        return area.width() - 2 * area.frameWidth() - bar

    def _measure(self) -> _Layout:
        s = self.size_px
        fm = QFontMetrics(font_px(s, bold=True))
        n = len(self.data.people)
        shown = header_names([name for _p, name in self.data.people])
        longest = max((fm.horizontalAdvance(name) for name in shown), default=s * 4)
        line = QFontMetrics(font_px(s)).lineSpacing()
        row_h = max(round(s * 2.5), line * 2 + 6)
        total_w = round(s * 4.5) if self.data.totals is not None else 0
        label_min = s * 12
        upright = n > 0 and (self._room_width() - label_min - total_w - 4) // n < longest + 16
        if upright:
            # The header is as tall as the longest shown name, up to a cap; a longer one ends
            # in "…" (the whole name is in its tooltip and on the line over the grid).
            room = min(longest, round(s * 6.5))
            names = tuple(fm.elidedText(name, Qt.TextElideMode.ElideRight, room) for name in shown)
            header_h = room + _left_h(s) + 8
            col_min = fm.height() + 10  # one upright line of a name, and a dot
            col_w = col_min
            if n:
                col_w = max(col_min, min(round(s * 3.0), (self.width() - label_min - total_w - 4) // n))
        else:  # a few people: their names across, one line; the header takes far less height
            names = tuple(shown)
            header_h = fm.height() + 6 + _left_h(s) + 8
            col_min = col_w = max(longest + 16, round(s * 3.0))
        label_w = max(label_min, self.width() - col_w * n - total_w - 4)
        width = label_min + col_min * n + total_w + 4
        height = header_h + row_h * max(1, len(self.data.items)) + 4
        return _Layout((label_w, col_w, header_h, row_h, total_w), names, upright, QSize(width, height))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        before = self._layout_cache[1].size if self._layout_cache is not None else None
        if self._layout().size != before:
            self.updateGeometry()  # (a wider grid may write the names across: a lower header)

    def sizeHint(self) -> QSize:
        return self._layout().size

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def cell_rect(self, row: int, col: int) -> QRect:
        label_w, col_w, header_h, row_h, _t = self._metrics()
        return QRect(label_w + col * col_w, header_h + row * row_h, col_w, row_h)

    def cell_at(self, pos: QPoint) -> tuple[int, int] | None:
        label_w, col_w, header_h, row_h, _t = self._metrics()
        pinned = self._pinned()
        if pos.x() < pinned.x() + label_w or pos.y() < pinned.y() + header_h:
            return None  # on the names or the item labels, painted over the cells scrolled under them
        col, row = (pos.x() - label_w) // col_w, (pos.y() - header_h) // row_h
        if 0 <= row < len(self.data.items) and 0 <= col < len(self.data.people):
            return row, col
        return None

    # --- gestures ---------------------------------------------------------------------

    def _move(self, row: int, col: int) -> None:
        if not self.data.items or not self.data.people:
            return
        row = max(0, min(row, len(self.data.items) - 1))
        col = max(0, min(col, len(self.data.people) - 1))
        if (row, col) != (self.row, self.col):
            self.row, self.col = row, col
            self.update()
            current = self.current()
            if current is not None:
                self.cell_changed.emit(*current)
        self.reveal_current()

    def reveal_current(self) -> None:
        """Scroll the grid's scroll area (if any) so that the focused cell is on screen beside the
        pinned names and item labels: a dot is never added out of sight."""
        area = self._scroll_area()
        if area is None or not self.data.items or not self.data.people:
            return
        label_w, _col_w, header_h, _row_h, _t = self._metrics()
        cell = self.cell_rect(self.row, self.col)
        origin = self.mapTo(area.widget(), QPoint(0, 0))
        view = area.viewport().size()
        for bar, start, length, pinned, room in (
            (area.horizontalScrollBar(), origin.x() + cell.left(), cell.width(), label_w, view.width()),
            (area.verticalScrollBar(), origin.y() + cell.top(), cell.height(), header_h, view.height()),
        ):
            if start - pinned < bar.value():
                bar.setValue(start - pinned)
            elif start + length > bar.value() + room:
                bar.setValue(start + length - room)

    def follow_scrolling(self, area: QScrollArea) -> None:
        """Repaint when ``area`` scrolls: the names and labels are painted pinned to its edges."""
        area.horizontalScrollBar().valueChanged.connect(self.update)
        area.verticalScrollBar().valueChanged.connect(self.update)

    def _pinned(self) -> QPoint:
        """How far the grid is scrolled: where its visible part starts (0, 0 when it all shows)."""
        visible = self.visibleRegion().boundingRect()
        return visible.topLeft() if not visible.isEmpty() else QPoint(0, 0)

    def _scroll_area(self) -> QScrollArea | None:
        widget = self.parentWidget()
        while widget is not None and not isinstance(widget, QScrollArea):
            widget = widget.parentWidget()
        return widget

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            super().keyPressEvent(event)
            return
        moves = {
            Qt.Key.Key_Up: (self.row - 1, self.col),
            Qt.Key.Key_Down: (self.row + 1, self.col),
            Qt.Key.Key_Left: (self.row, self.col - 1),
            Qt.Key.Key_Right: (self.row, self.col + 1),
            Qt.Key.Key_Home: (self.row, 0),
            Qt.Key.Key_End: (self.row, len(self.data.people) - 1),
            Qt.Key.Key_PageUp: (0, self.col),
            Qt.Key.Key_PageDown: (len(self.data.items) - 1, self.col),
        }
        current = self.current()
        if key in moves:
            self._move(*moves[key])
        elif key in ADD_KEYS and current is not None:
            self.dot_added.emit(*current)
        elif key in REMOVE_KEYS and current is not None:
            self.dot_removed.emit(*current)
        else:
            super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        cell = self.cell_at(event.position().toPoint())
        if cell is None:
            return
        self._move(*cell)
        current = self.current()
        if current is None:
            return
        if event.button() == Qt.MouseButton.LeftButton:
            self.dot_added.emit(*current)
        elif event.button() == Qt.MouseButton.RightButton:
            self.dot_removed.emit(*current)

    # --- painting -----------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self._tip_at(event.pos())
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def _tip_at(self, pos: QPoint) -> str:
        """The whole name under the header, or the whole item label beside its row."""
        label_w, col_w, header_h, row_h, _t = self._metrics()
        pinned = self._pinned()
        if pos.y() < pinned.y() + header_h:
            col = (pos.x() - label_w) // col_w
            if pos.x() >= label_w and 0 <= col < len(self.data.people):
                pid, name = self.data.people[col]
                return f"{name}: {_dots(self.data.remaining.get(pid, 0))} left"
            return ""
        row = (pos.y() - header_h) // row_h
        if 0 <= row < len(self.data.items):
            label = self.data.items[row][1]
            cell = self.cell_at(pos)
            if cell is not None:
                pid, name = self.data.people[cell[1]]
                return (
                    f"{name} · {label}: {_dots(self.data.dots.get(pid, {}).get(self.data.items[row][0], 0))}"
                )
            return label
        return ""

    # --- painting -----------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        """Cells first; then the item labels, the names and their corner pinned to the visible
        part's left and top edges, so a scrolled grid still says whose dot goes on what.  Only
        the rows and columns the repainted area touches are drawn."""
        p = palette(self.theme)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = event.rect()
        painter.fillRect(area, QColor(p.bg))
        if not self.data.items or not self.data.people:
            painter.end()
            return
        layout = self._layout()
        label_w, col_w, header_h, row_h, total_w = layout.sizes
        pinned = self._pinned()
        s = self.size_px
        n_people = len(self.data.people)
        right = label_w + col_w * n_people + total_w
        first_row = max(0, (area.top() - header_h) // row_h)
        last_row = min(len(self.data.items) - 1, (area.bottom() - header_h) // row_h)
        first_col = max(0, (area.left() - label_w) // col_w)
        last_col = min(n_people - 1, (area.right() - label_w) // col_w)
        total_font = font_px(s * 1.1, bold=True)
        count_font = font_px(s * 0.8, bold=True)
        for r in range(first_row, last_row + 1):
            ref = self.data.items[r][0]
            y = header_h + r * row_h
            painter.setPen(QPen(QColor(p.border), 1))
            painter.drawLine(0, y + row_h - 1, right, y + row_h - 1)
            for c in range(first_col, last_col + 1):
                pid = self.data.people[c][0]
                cell = QRect(label_w + c * col_w, y, col_w, row_h)
                self._paint_cell(painter, p, cell, self.data.dots.get(pid, {}).get(ref, 0), count_font)
            if self.data.totals is not None:
                painter.setFont(total_font)
                painter.setPen(QColor(p.fg))
                x = label_w + col_w * n_people
                total = str(self.data.totals.get(ref, 0))
                painter.drawText(QRect(x, y, total_w, row_h), Qt.AlignmentFlag.AlignCenter, total)
        if self.hasFocus():
            focus = self.cell_rect(self.row, self.col).adjusted(1, 1, -1, -1)
            painter.setPen(QPen(QColor(p.accent), 4))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(focus)
        self._paint_labels(painter, p, pinned.x(), label_w, header_h, row_h)
        painter.save()
        painter.translate(0, pinned.y())
        painter.fillRect(QRect(0, 0, right, header_h), QColor(p.bg))
        self._paint_header(painter, p, layout)
        painter.fillRect(QRect(pinned.x(), 0, label_w, header_h), QColor(p.bg))  # the corner
        self._paint_corner(painter, p, pinned.x(), label_w, header_h)
        painter.restore()
        painter.end()

    def _paint_labels(
        self, painter: QPainter, p: Palette, x0: int, label_w: int, header_h: int, row_h: int
    ) -> None:
        label_font = font_px(self.size_px)
        painter.save()
        painter.translate(x0, 0)
        painter.fillRect(QRect(0, header_h, label_w, row_h * len(self.data.items)), QColor(p.bg))
        painter.setFont(label_font)
        for r, (ref, label, colour) in enumerate(self.data.items):
            y = header_h + r * row_h
            if colour:
                painter.fillRect(QRect(0, y + 3, label_w - 6, row_h - 6), QColor(colour))
            painter.setPen(QColor(text_on(colour) if colour else p.fg))
            marker = "▣ " if ref.kind == "cluster" else ""
            painter.drawText(
                QRect(0, y, label_w - 6, row_h).adjusted(8, 2, -4, -2),
                _WRAP,
                _elide2(marker + label, label_font.pixelSize(), label_w - 16),
            )
            painter.setPen(QPen(QColor(p.border), 1))
            painter.drawLine(0, y + row_h - 1, label_w, y + row_h - 1)
        painter.restore()

    def _paint_corner(self, painter: QPainter, p: Palette, x0: int, label_w: int, header_h: int) -> None:
        left_h = _left_h(self.size_px)
        painter.setFont(font_px(self.size_px * 0.9, bold=True))
        painter.setPen(QColor(p.muted))
        painter.drawText(
            QRect(x0, header_h - left_h, label_w - 10, left_h),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            "dots left →" if self.data.is_open else "closed: dots left →",
        )
        painter.setPen(QPen(QColor(p.border), 2))
        painter.drawLine(x0, header_h - 1, x0 + label_w, header_h - 1)

    def _paint_header(self, painter: QPainter, p: Palette, layout: _Layout) -> None:
        label_w, col_w, header_h, _row_h, total_w = layout.sizes
        s = self.size_px
        name_font, small = font_px(s, bold=True), font_px(s * 0.9, bold=True)
        ascent = QFontMetrics(name_font).ascent()
        left_h = _left_h(s)
        for c, (pid, _name) in enumerate(self.data.people):
            x = label_w + c * col_w
            if c == self.col:
                painter.fillRect(QRect(x, 0, col_w, header_h), QColor(p.card))
            painter.save()
            painter.setFont(name_font)
            painter.setPen(QColor(p.fg))
            if layout.upright:
                painter.translate(x + col_w / 2 + ascent / 2 - 2, header_h - left_h - 4)
                painter.rotate(-90)
                painter.drawText(0, 0, layout.names[c])
            else:
                painter.drawText(
                    QRect(x + 2, 0, col_w - 4, header_h - left_h - 2),
                    Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                    layout.names[c],
                )
            painter.restore()
            left = self.data.remaining.get(pid, 0)
            painter.setFont(small)
            painter.setPen(QColor(p.green if left == 0 else p.fg))
            painter.drawText(
                QRect(x, header_h - left_h, col_w, left_h),
                Qt.AlignmentFlag.AlignCenter,
                "✓" if left == 0 else str(left),
            )
        if self.data.totals is not None:
            x = label_w + col_w * len(self.data.people)
            painter.setFont(small)
            painter.setPen(QColor(p.fg))
            painter.drawText(
                QRect(x, header_h - left_h, total_w, left_h), Qt.AlignmentFlag.AlignCenter, "Total"
            )
        painter.setPen(QPen(QColor(p.border), 2))
        painter.drawLine(0, header_h - 1, self.width(), header_h - 1)

    def _paint_cell(self, painter: QPainter, p: Palette, rect: QRect, dots: int, count_font: QFont) -> None:
        """Each dot side by side while they fit the column; else one larger dot with the count in it."""
        painter.setPen(QPen(QColor(p.border), 1))
        painter.drawLine(rect.topLeft(), rect.bottomLeft())
        if dots <= 0:
            return
        r = max(5, round(self.size_px * 0.42))
        gap = r * 2 + 3
        painter.setBrush(QColor(p.accent))
        painter.setPen(Qt.PenStyle.NoPen)
        if dots * gap - 3 <= rect.width() - 6:
            start = rect.center().x() - (dots - 1) * gap // 2
            for i in range(dots):
                painter.drawEllipse(QPoint(start + i * gap, rect.center().y()), r, r)
            return
        big = max(r, min(rect.width(), rect.height()) // 2 - 4)
        painter.drawEllipse(rect.center(), big, big)
        painter.setPen(QColor(p.accent_fg))
        painter.setFont(count_font)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(dots))


def _left_h(size_px: int) -> int:
    """The height of the header's bottom line: each person's dots left."""
    return round(size_px * 1.6)


def _dots(n: int) -> str:
    return "1 dot" if n == 1 else f"{n} dots"


_WRAP = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap


@lru_cache(maxsize=2048)
def _elide2(text: str, pixel_size: int, width: int) -> str:
    """At most two lines: cut the end with an ellipsis when the text is longer (kept: the grid
    paints every label on every repaint)."""
    fm = QFontMetrics(font_px(pixel_size))
    one_line = " ".join(text.split())
    if fm.boundingRect(QRect(0, 0, width, 10_000), int(_WRAP), one_line).height() <= fm.lineSpacing() * 2 + 2:
        return one_line
    low, high = 1, len(one_line)
    while low < high:  # longest prefix that fits in two lines with the ellipsis
        mid = (low + high + 1) // 2
        candidate = one_line[:mid].rstrip() + "…"
        if (
            fm.boundingRect(QRect(0, 0, width, 10_000), int(_WRAP), candidate).height()
            <= fm.lineSpacing() * 2 + 2
        ):
            low = mid
        else:
            high = mid - 1
    return one_line[:low].rstrip() + "…"
