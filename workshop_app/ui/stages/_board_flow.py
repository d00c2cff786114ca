"""A layout that places widgets left to right and wraps them into rows (note cards)."""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget


class FlowLayout(QLayout):
    """Widgets in rows that wrap at the right edge; rows are as tall as their tallest widget.

    Heights for a width are remembered until the layout is invalidated, as Qt's box layouts
    do: one layout pass asks the same width many times, and each answer asks every card.
    """

    def __init__(
        self, parent: QWidget | None = None, spacing: int = 12, *, centre_rows: bool = False
    ) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self._heights: dict[int, int] = {}  # width -> height, until invalidate()
        self.centre_rows = centre_rows  # centre widgets of different heights on their row (form rows)
        self.setContentsMargins(QMargins(0, 0, 0, 0))

    def spacing(self) -> int:
        return self._spacing

    def setSpacing(self, spacing: int) -> None:
        self._spacing = spacing
        self.invalidate()

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)
        self.invalidate()

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        if not 0 <= index < len(self._items):
            return None
        self.invalidate()
        return self._items.pop(index)

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        height = self._heights.get(width)
        if height is None:
            height = self._heights[width] = self._do_layout(QRect(0, 0, width, 0), apply=False)
        return height

    def invalidate(self) -> None:
        self._heights.clear()
        super().invalidate()

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._do_layout(rect, apply=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def _do_layout(self, rect: QRect, *, apply: bool) -> int:
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        rows: list[list[tuple[QLayoutItem, int, int]]] = [[]]
        x = area.x()
        for item in self._items:
            widget = item.widget()
            if widget is not None and widget.isHidden():
                continue
            hint = item.sizeHint()
            w = min(hint.width(), max(area.width(), 1))
            h = item.heightForWidth(w) if item.hasHeightForWidth() else hint.height()
            if x + w > area.right() + 1 and rows[-1]:
                rows.append([])
                x = area.x()
            rows[-1].append((item, w, h))
            x += w + self._spacing
        y = area.y()
        for row in rows:
            if not row:
                continue
            row_height = max(h for _item, _w, h in row)
            x = area.x()
            for item, w, h in row:
                if apply:
                    offset = (row_height - h) // 2 if self.centre_rows else 0
                    item.setGeometry(QRect(QPoint(x, y + offset), QSize(w, h)))
                x += w + self._spacing
            y += row_height + self._spacing
        return max(0, y - self._spacing - rect.y()) + m.bottom()


def keep_together(*widgets: QWidget, spacing: int = 6) -> QWidget:
    """Widgets that must stay on one line (a label and its field) inside a wrapping row."""
    from PySide6.QtWidgets import QHBoxLayout

    box = QWidget()
    layout = QHBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(spacing)
    for widget in widgets:
        layout.addWidget(widget)
    return box


def wrapping_row(*widgets: QWidget, spacing: int = 14) -> QWidget:
    """A row of controls that wraps onto a second line when the stage is narrow or the text large."""
    row = QWidget()
    flow = FlowLayout(row, spacing=spacing, centre_rows=True)
    for widget in widgets:
        flow.addWidget(widget)
    return row
