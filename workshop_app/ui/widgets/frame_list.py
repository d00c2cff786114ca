"""An editable list of short texts backed by the setup service's frame lists.

Type and Enter adds; F2 (or a double click) edits in place; Delete removes (undoable).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from workshop_app.ui.context import UiContext
from workshop_app.ui.widgets.commit_edit import AppUndoLineEdit


class _List(QListWidget):
    def __init__(self, editor: FrameListEditor) -> None:
        super().__init__()
        self.editor = editor

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Delete and self.state() != QAbstractItemView.State.EditingState:
            self.editor.delete_selected()
            return
        super().keyPressEvent(event)


class FrameListEditor(QWidget):
    """Objectives, principles or behaviours."""

    def __init__(
        self, ctx: UiContext, kind: str, heading: str, placeholder: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.kind = kind
        self.heading = heading
        self._loading = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        self.label = QLabel(heading)
        self.label.setProperty("role", "heading")
        self.add_edit = AppUndoLineEdit()
        self.add_edit.setPlaceholderText(placeholder)
        self.add_edit.returnPressed.connect(self.add)
        self.list = _List(self)
        self.list.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.list.setWordWrap(True)
        self.list.itemChanged.connect(self._on_list_item_changed)
        layout.addWidget(self.label)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.add_edit)

    def refresh(self) -> None:
        items = self.ctx.ow.setup.frame_items(self.kind)
        current = self.list.currentRow()
        self._loading = True
        self.list.clear()
        for entry in items:
            item = QListWidgetItem(entry.text)
            item.setData(Qt.ItemDataRole.UserRole, entry.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
            self.list.addItem(item)
        self._loading = False
        self.label.setText(f"{self.heading} ({len(items)})")
        if 0 <= current < self.list.count():
            self.list.setCurrentRow(current)

    def texts(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def add(self) -> None:
        text = self.add_edit.text()
        if self.ctx.run(self.ctx.ow.setup.add_frame_item, self.kind, text) is not None:
            self.add_edit.clear()
        self.add_edit.setFocus()

    def _on_list_item_changed(self, item: QListWidgetItem) -> None:
        if self._loading:
            return
        if not self.ctx.ok(
            self.ctx.ow.setup.edit_frame_item, int(item.data(Qt.ItemDataRole.UserRole)), item.text()
        ):
            self.refresh()

    def delete_selected(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        text = item.text()
        if self.ctx.ok(self.ctx.ow.setup.delete_frame_item, int(item.data(Qt.ItemDataRole.UserRole))):
            self.ctx.info(f"Deleted '{text}'. Ctrl+Z brings it back.")
