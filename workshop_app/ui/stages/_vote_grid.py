"""The dot-voting grid: vote items down, people across, each person's dots in the cells.

One click (or Space, +, Enter on the focused cell) adds a dot; a right-click (or Backspace,
-, Delete) takes one off.  Arrows, Home/End and PageUp/PageDown move the focused cell.  Each
person's remaining dots are shown under their name.  Totals per item are not shown here
until the round is revealed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QScrollArea, QSizePolicy, QWidget

from workshop_app.rules.voting import ItemRef
from workshop_app.ui.stages._board_style import font_px, text_on
from workshop_app.ui.theme import Palette, palette

ADD_KEYS = (Qt.Key.Key_Space, Qt.Key.Key_Plus, Qt.Key.Key_Equal, Qt.Key.Key_Return, Qt.Key.Key_Enter)
REMOVE_KEYS = (Qt.Key.Key_Backspace, Qt.Key.Key_Minus, Qt.Key.Key_Delete)


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
        s = self.size_px
        fm = QFontMetrics(font_px(s, bold=True))
        longest = max((fm.horizontalAdvance(n) for _p, n in self.data.people), default=s * 4)
        col_w = max(round(s * 3.0), fm.height() + 14)
        header_h = min(longest + round(s * 2.6), s * 12)
        row_h = round(s * 2.9)
        total_w = round(s * 4.5) if self.data.totals is not None else 0
        label_w = max(s * 14, self.width() - col_w * len(self.data.people) - total_w - 4)
        return label_w, col_w, header_h, row_h, total_w

    def sizeHint(self) -> QSize:
        _label_w, col_w, header_h, row_h, total_w = self._metrics()
        width = self.size_px * 14 + col_w * len(self.data.people) + total_w + 4
        return QSize(width, header_h + row_h * max(1, len(self.data.items)) + 4)

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

    def paintEvent(self, event: QPaintEvent) -> None:
        """Cells first; then the item labels, the names and their corner pinned to the visible
        part's left and top edges, so a scrolled grid still says whose dot goes on what."""
        p = palette(self.theme)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor(p.bg))
        if not self.data.items or not self.data.people:
            painter.end()
            return
        label_w, col_w, header_h, row_h, total_w = self._metrics()
        pinned = self._pinned()
        s = self.size_px
        right = label_w + col_w * len(self.data.people) + total_w
        for r, (ref, _label, _colour) in enumerate(self.data.items):
            y = header_h + r * row_h
            painter.setPen(QPen(QColor(p.border), 1))
            painter.drawLine(0, y + row_h - 1, right, y + row_h - 1)
            for c, (pid, _name) in enumerate(self.data.people):
                self._paint_cell(painter, p, self.cell_rect(r, c), self.data.dots.get(pid, {}).get(ref, 0))
            if self.data.totals is not None:
                painter.setFont(font_px(s * 1.1, bold=True))
                painter.setPen(QColor(p.fg))
                x = label_w + col_w * len(self.data.people)
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
        self._paint_header(painter, p, label_w, col_w, header_h)
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
        for r, (ref, label, colour) in enumerate(self.data.items):
            y = header_h + r * row_h
            if colour:
                painter.fillRect(QRect(0, y + 3, label_w - 6, row_h - 6), QColor(colour))
            painter.setPen(QColor(text_on(colour) if colour else p.fg))
            painter.setFont(label_font)
            marker = "▣ " if ref.kind == "cluster" else ""
            painter.drawText(
                QRect(0, y, label_w - 6, row_h).adjusted(8, 2, -4, -2),
                _WRAP,
                _elide2(marker + label, label_font, label_w - 16),
            )
            painter.setPen(QPen(QColor(p.border), 1))
            painter.drawLine(0, y + row_h - 1, label_w, y + row_h - 1)
        painter.restore()

    def _paint_corner(self, painter: QPainter, p: Palette, x0: int, label_w: int, header_h: int) -> None:
        left_h = round(self.size_px * 1.9)
        painter.setFont(font_px(self.size_px * 0.9, bold=True))
        painter.setPen(QColor(p.muted))
        painter.drawText(
            QRect(x0, header_h - left_h, label_w - 10, left_h),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            "dots left →" if self.data.is_open else "closed: dots left →",
        )
        painter.setPen(QPen(QColor(p.border), 2))
        painter.drawLine(x0, header_h - 1, x0 + label_w, header_h - 1)

    def _paint_header(self, painter: QPainter, p: Palette, label_w: int, col_w: int, header_h: int) -> None:
        s = self.size_px
        name_font, small = font_px(s, bold=True), font_px(s * 0.9, bold=True)
        left_h = round(s * 1.9)
        for c, (pid, name) in enumerate(self.data.people):
            x = label_w + c * col_w
            if c == self.col:
                painter.fillRect(QRect(x, 0, col_w, header_h), QColor(p.card))
            painter.save()
            painter.setFont(name_font)
            painter.setPen(QColor(p.fg))
            painter.translate(x + col_w / 2 + QFontMetrics(name_font).ascent() / 2 - 2, header_h - left_h - 4)
            painter.rotate(-90)
            fm = QFontMetrics(name_font)
            painter.drawText(0, 0, fm.elidedText(name, Qt.TextElideMode.ElideRight, header_h - left_h - 8))
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
                QRect(x, header_h - left_h, round(s * 4.5), left_h), Qt.AlignmentFlag.AlignCenter, "Total"
            )
        painter.setPen(QPen(QColor(p.border), 2))
        painter.drawLine(0, header_h - 1, self.width(), header_h - 1)

    def _paint_cell(self, painter: QPainter, p: Palette, rect: QRect, dots: int) -> None:
        painter.setPen(QPen(QColor(p.border), 1))
        painter.drawLine(rect.topLeft(), rect.bottomLeft())
        if dots <= 0:
            return
        r = max(5, round(self.size_px * 0.42))
        painter.setBrush(QColor(p.accent))
        painter.setPen(Qt.PenStyle.NoPen)
        if dots <= 3:
            gap = r * 2 + 3
            start = rect.center().x() - (dots - 1) * gap // 2
            for i in range(dots):
                painter.drawEllipse(QPoint(start + i * gap, rect.center().y()), r, r)
        else:
            painter.drawEllipse(QPoint(rect.left() + r + 6, rect.center().y()), r, r)
            painter.setPen(QColor(p.fg))
            painter.setFont(font_px(self.size_px, bold=True))
            painter.drawText(rect.adjusted(2 * r + 8, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter, f"×{dots}")


_WRAP = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap


def _elide2(text: str, font: object, width: int) -> str:
    """At most two lines: cut the end with an ellipsis when the text is longer."""
    fm = QFontMetrics(font)  # type: ignore[arg-type]
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
