"""The table of one agenda day: in-place editing with choice lists, drag and keys to reorder."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QMimeData, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QDropEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

if TYPE_CHECKING:
    from workshop_app.ui.stages.agenda_stage import AgendaStage

MIME = "application/x-planwall-agenda-item"
COL_TIME, COL_TITLE, COL_KIND, COL_MIN, COL_TOPIC, COL_ACTUAL, COL_STATUS = range(7)
HEADERS = ["Time", "Title", "Kind", "Min", "Topic", "Actual", "Status"]


class ChoiceDelegate(QStyledItemDelegate):
    """Edits a cell with a combo box of (label, value) choices; the value is the UserRole."""

    def __init__(self, choices: list[tuple[str, object]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choices = choices

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QWidget:
        combo = QComboBox(parent)
        for label, value in self.choices:
            combo.addItem(label, value)
        return combo

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(editor.findData(index.data(Qt.ItemDataRole.UserRole)), 0))

    def setModelData(
        self, editor: QWidget, model: object, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.UserRole)  # type: ignore[attr-defined]
        model.setData(index, editor.currentText(), Qt.ItemDataRole.DisplayRole)  # type: ignore[attr-defined]


class AgendaTable(QTableWidget):
    """The items of one day; drag a row to reorder, Alt+Up/Down, Delete, Ctrl+Enter starts."""

    def __init__(self, stage: AgendaStage, day_id: int) -> None:
        super().__init__(0, len(HEADERS))
        self.stage = stage
        self.day_id = day_id
        self.setHorizontalHeaderLabels(HEADERS)
        header = self.horizontalHeader()
        for col in range(len(HEADERS)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
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
