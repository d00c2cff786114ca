"""The table of one agenda day: in-place editing with choice lists, drag and keys to reorder.

Every column but Title is as wide as its widest cell, measured again after each fill: the
stage fills with the model's signals blocked (one layout pass instead of one per cell), so
Qt's own resize-to-contents never saw the new text and kept the first widths.  Topic, typed
by the facilitator, takes at most a share of the width; Title takes the rest, and at larger
text Topic and Kind give way to keep Title readable.  Cells elide with "…" and Title, Kind
and Topic keep their whole text in the cell's tooltip.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QMimeData, Qt
from PySide6.QtGui import QDropEvent, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
)

if TYPE_CHECKING:
    from workshop_app.ui.stages.agenda_stage import AgendaStage

MIME = "application/x-planwall-agenda-item"
COL_TIME, COL_TITLE, COL_KIND, COL_MIN, COL_TOPIC, COL_ACTUAL, COL_STATUS = range(7)
HEADERS = ["Time", "Title", "Kind", "Min", "Topic", "Actual", "Status"]
TOPIC_SHARE = 0.2  # of the table's width at most for Topic: a long typed topic elides
TITLE_SHARE = 0.25  # of the table's width at least for Title, while Topic and Kind can give way
# Narrowed, down to their headings, in this order, for Title ("done, 5 min over" can elide to
# "done, 5…": its tooltip says all; times never elide).
GIVE_WAY = (COL_TOPIC, COL_KIND, COL_STATUS)


class AgendaTable(QTableWidget):
    """The items of one day; drag a row to reorder, Alt+Up/Down, Delete, Ctrl+Enter starts."""

    def __init__(self, stage: AgendaStage, day_id: int) -> None:
        super().__init__(0, len(HEADERS))
        self.stage = stage
        self.day_id = day_id
        self.setHorizontalHeaderLabels(HEADERS)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # fit_columns() sizes them
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setVisible(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.setTabKeyNavigation(False)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)

    def fit_columns(self) -> None:
        """Every column but Title as wide as its heading and widest cell, Topic at most a share;
        Title takes the rest (Stretch).  Where that leaves Title less than its share (larger
        text on a small screen), Topic, Kind, then Status narrow down to their headings and elide."""
        header = self.horizontalHeader()
        width = header.viewport().width()  # (the table's, less its frame)
        bar = self.verticalScrollBar()
        if not bar.isVisible():  # it may appear after this fill: leave it room (Title takes any left)
            width -= bar.sizeHint().width()
        floors = {col: header.sectionSizeHint(col) for col in range(self.columnCount())}
        needs = {
            col: max(self.sizeHintForColumn(col), floor) for col, floor in floors.items() if col != COL_TITLE
        }
        needs[COL_TOPIC] = min(needs[COL_TOPIC], max(int(width * TOPIC_SHARE), floors[COL_TOPIC]))
        short = sum(needs.values()) + math.ceil(width * TITLE_SHARE) - width
        for col in GIVE_WAY:
            if short <= 0:
                break
            give = min(short, needs[col] - floors[col])
            needs[col] -= give
            short -= give
        for col, need in needs.items():
            if header.sectionSize(col) != need:
                header.resizeSection(col, need)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_columns()  # the shares follow the width

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # a new text size
            self.fit_columns()

    def item_id_at(self, row: int) -> int | None:
        cell = self.item(row, COL_TITLE)
        return None if cell is None else int(cell.data(Qt.ItemDataRole.UserRole))

    def selected_item_id(self) -> int | None:
        row = self.currentRow()
        return None if row < 0 else self.item_id_at(row)

    def mimeData(self, items: list[QTableWidgetItem]) -> QMimeData:  # type: ignore[override]
        data = QMimeData()
        item_id = self.selected_item_id()
        if item_id is not None:
            data.setData(MIME, QByteArray(str(item_id).encode()))
        return data

    def mimeTypes(self) -> list[str]:
        return [MIME]

    def dropEvent(self, event: QDropEvent) -> None:
        data = event.mimeData()
        if not data.hasFormat(MIME):
            event.ignore()
            return
        item_id = int(bytes(data.data(MIME).data()).decode())
        index = self.indexAt(event.position().toPoint())
        row = index.row() if index.isValid() else self.rowCount()
        if (
            index.isValid()
            and self.dropIndicatorPosition() == QAbstractItemView.DropIndicatorPosition.BelowItem
        ):
            row += 1
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        self.stage.drop_item(item_id, self.day_id, row)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        editing = self.state() == QAbstractItemView.State.EditingState
        if not editing and event.key() == Qt.Key.Key_Delete:
            self.stage.delete_selected()
            return
        if (
            not editing
            and event.modifiers() & Qt.KeyboardModifier.AltModifier
            and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down)
        ):
            self.stage.move_selected(-1 if event.key() == Qt.Key.Key_Up else 1)
            return
        super().keyPressEvent(event)
