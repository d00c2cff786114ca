"""Setup: the topics, the questions the room answers (Ideas, Clusters and Vote work per topic).

Keyboard first, like the people beside it: type the topic, Tab, its question, Enter adds it and
the cursor is back in the topic box.  In the table F2 edits a title or a question in place,
Alt+Up / Alt+Down moves a topic, Del deletes one (a topic with notes, clusters, vote rounds or
agenda items asks first and says what goes with it).  Every change is one undo step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workshop_app.ui.widgets.commit_edit import AppUndoLineEdit
from workshop_app.ui.widgets.dialogs import confirm
from workshop_app.ui.widgets.label_text import shown_as_typed

if TYPE_CHECKING:
    from workshop_app.ui.context import UiContext

COL_TOPIC, COL_QUESTION, COL_NOTES = range(3)
TOPIC_SHARE = 0.34  # of the table's width for the topic's title; the question takes the rest
KEYS = "F2 edits · Alt+Up/Down moves · Del deletes"


class TopicTable(QTableWidget):
    """The topics in their order; Alt+Up/Down moves the selected one, Delete deletes it."""

    def __init__(self, editor: TopicsEditor) -> None:
        super().__init__(0, 3)
        self.editor = editor
        self.setHorizontalHeaderLabels(["Topic", "Question", "Notes"])
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_QUESTION, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_NOTES, QHeaderView.ResizeMode.ResizeToContents)
        header.setHighlightSections(False)
        self.horizontalHeaderItem(COL_NOTES).setToolTip("Notes captured under the topic on the Ideas stage")
        self.verticalHeader().setVisible(True)  # the numbers the Ideas topic list shows (1., 2., ...)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.setTabKeyNavigation(False)
        self.setWordWrap(False)

    def fit_columns(self) -> None:
        """Topic keeps a readable share of the width whatever the text size; Question the rest."""
        width = self.horizontalHeader().viewport().width()
        wanted = max(int(width * TOPIC_SHARE), self.horizontalHeader().sectionSizeHint(COL_TOPIC))
        if self.horizontalHeader().sectionSize(COL_TOPIC) != wanted:
            self.horizontalHeader().resizeSection(COL_TOPIC, wanted)

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        self.fit_columns()

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        super().closeEditor(editor, hint)
        if self.editor.refresh_pending:  # a change came in while a cell was edited
            QTimer.singleShot(0, self.editor.refresh)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.state() != QAbstractItemView.State.EditingState:
            if event.key() == Qt.Key.Key_Delete:
                self.editor.delete_selected()
                return
            if event.modifiers() == Qt.KeyboardModifier.AltModifier and event.key() in (
                Qt.Key.Key_Up,
                Qt.Key.Key_Down,
            ):
                self.editor.move_selected(-1 if event.key() == Qt.Key.Key_Up else 1)
                return
        super().keyPressEvent(event)


class TopicsEditor(QWidget):
    """Add, edit, reorder and delete the topics, through ``ow.board``."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.ow = ctx.ow
        self._loading = False
        self.refresh_pending = False
        self.heading = "T&opics"  # the tab's label, with the count (refresh)
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.title_edit = AppUndoLineEdit()
        self.title_edit.setPlaceholderText("New topic, then Tab")
        self.question_edit = AppUndoLineEdit()
        self.question_edit.setPlaceholderText("Its question (optional), Enter adds")
        self.add_button = QPushButton("Add topic")
        self.add_button.clicked.connect(self.add_topic)
        self.title_edit.returnPressed.connect(self.add_topic)
        self.question_edit.returnPressed.connect(self.add_topic)
        row.addWidget(self.title_edit, 2)
        row.addWidget(self.question_edit, 3)
        row.addWidget(self.add_button)
        layout.addLayout(row)
        self.table = TopicTable(self)
        self.table.itemChanged.connect(self._on_table_item_changed)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.delete_button = QPushButton("Delete topic...  Del")
        self.delete_button.setProperty("role", "danger")
        self.delete_button.clicked.connect(self.delete_selected)
        self.keys = QLabel(KEYS)
        self.keys.setProperty("role", "muted")
        self.keys.setWordWrap(True)
        self.keys.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addWidget(self.keys)
        QWidget.setTabOrder(self.title_edit, self.question_edit)
        QWidget.setTabOrder(self.question_edit, self.add_button)
        QWidget.setTabOrder(self.add_button, self.table)

    # --- reading ---------------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the topics; put off while a cell is being edited (what is typed stays)."""
        if self.table.state() == QAbstractItemView.State.EditingState:
            self.refresh_pending = True
            return
        self.refresh_pending = False
        topics = self.ow.board.topics()
        counts = self.ow.board.note_counts()  # (not len(topic.ideas): a query per topic)
        current = self.selected_topic_id()
        column = max(self.table.currentColumn(), 0)
        self._loading = True
        self.table.blockSignals(True)
        self.table.setRowCount(len(topics))
        for row, topic in enumerate(topics):
            title = QTableWidgetItem(topic.title)
            title.setData(Qt.ItemDataRole.UserRole, topic.id)
            title.setToolTip(shown_as_typed(topic.title))
            question = QTableWidgetItem(topic.question)
            question.setToolTip(shown_as_typed(topic.question))
            notes = QTableWidgetItem(str(counts.get(topic.id, 0)))
            notes.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            notes.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            for col, item in enumerate((title, question, notes)):
                self.table.setItem(row, col, item)
        self.table.blockSignals(False)
        self._loading = False
        self.heading = f"T&opics ({len(topics)})"
        if current is not None:
            self.select_topic(current, column)

    def selected_topic_id(self) -> int | None:
        row = self.table.currentRow()
        cell = self.table.item(row, COL_TOPIC) if row >= 0 else None
        return None if cell is None else int(cell.data(Qt.ItemDataRole.UserRole))

    def select_topic(self, topic_id: int, column: int = COL_TOPIC) -> None:
        for row in range(self.table.rowCount()):
            if self.table.item(row, COL_TOPIC).data(Qt.ItemDataRole.UserRole) == topic_id:
                self.table.setCurrentCell(row, column)
                return

    # --- changing --------------------------------------------------------------------------

    def add_topic(self) -> None:
        if not self.title_edit.text().strip():
            self.ctx.error("Type the topic first (a few words, like 'Market drivers'), then its question.")
            self.title_edit.setFocus()
            return
        added = self.ctx.run(self.ow.board.add_topic, self.title_edit.text(), self.question_edit.text())
        if added is None:
            self.title_edit.setFocus()
            return
        self.title_edit.clear()
        self.question_edit.clear()
        self.title_edit.setFocus()

    def _on_table_item_changed(self, item: QTableWidgetItem) -> None:
        if self._loading or item.column() not in (COL_TOPIC, COL_QUESTION):
            return
        tid = int(self.table.item(item.row(), COL_TOPIC).data(Qt.ItemDataRole.UserRole))
        if item.column() == COL_TOPIC:
            ok = self.ctx.ok(self.ow.board.update_topic, tid, title=item.text())
        else:
            ok = self.ctx.ok(self.ow.board.update_topic, tid, question=item.text())
        if not ok:
            self.refresh()  # the stored text comes back; the message says why

    def move_selected(self, step: int) -> None:
        tid = self.selected_topic_id()
        if tid is None:
            self.ctx.error("Select a topic in the table first (arrow keys), then Alt+Up or Alt+Down.")
            return
        row, column = self.table.currentRow(), self.table.currentColumn()
        target = row + step
        if not 0 <= target < self.table.rowCount():
            return
        if self.ctx.ok(self.ow.board.move_topic, tid, target):
            self.refresh()
            self.select_topic(tid, max(column, 0))

    def delete_selected(self) -> None:
        tid = self.selected_topic_id()
        if tid is None:
            self.ctx.error("Select the topic to delete in the table first.")
            return
        impact = self.ctx.run(self.ow.board.topic_impact, tid)
        if impact is None:
            return
        if impact.takes_anything and not confirm(self, "Delete a topic", impact.describe()):
            return
        row = self.table.currentRow()
        if self.ctx.run(self.ow.board.delete_topic, tid) is not None:
            self.ctx.info(f"Deleted the topic '{impact.title}'. Ctrl+Z brings it back.")
            self.refresh()
            if self.table.rowCount():
                self.table.setCurrentCell(min(row, self.table.rowCount() - 1), COL_TOPIC)
            self.table.setFocus()
