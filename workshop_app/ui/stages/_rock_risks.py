"""A rock's risks and mitigations: a table edited in place; Delete removes the selected risk."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from workshop_app.model import Rock
from workshop_app.ui.context import UiContext
from workshop_app.ui.stages._rock_common import run_ok
from workshop_app.ui.theme import palette

RISK_ID = Qt.ItemDataRole.UserRole


class RiskTable(QTableWidget):
    """Risk | Mitigation for one rock; F2 or typing edits a cell, Delete removes the risk (undoable)."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(0, 2, parent)
        self.ctx = ctx
        self.rock_id: int | None = None
        self._filling = False
        self.setHorizontalHeaderLabels(["Risk", "Mitigation"])
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setVisible(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setWordWrap(True)
        self.setTabKeyNavigation(False)
        self.itemChanged.connect(self._on_item_changed)

    def fill(self, rock: Rock | None) -> None:
        """Show the rock's risks (unchanged rows are left alone, so a cell being read keeps its place)."""
        self.rock_id = rock.id if rock is not None else None
        rows = [(r.id, r.risk, r.mitigation) for r in (rock.risks if rock is not None else [])]
        current = [
            (self.item(i, 0).data(RISK_ID), self.item(i, 0).text(), self.item(i, 1).text())
            for i in range(self.rowCount())
        ]
        if current == rows or self.state() == QAbstractItemView.State.EditingState:
            return
        self._filling = True
        try:
            self.setRowCount(len(rows))
            for i, (risk_id, risk, mitigation) in enumerate(rows):
                for col, text in enumerate((risk, mitigation)):
                    item = QTableWidgetItem(text)
                    item.setData(RISK_ID, risk_id)
                    self.setItem(i, col, item)
        finally:
            self._filling = False
        self.resizeRowsToContents()

    def add(self, risk: str, mitigation: str) -> bool:
        if self.rock_id is None:
            return False
        return run_ok(self.ctx, self.ctx.ow.rocks.add_risk, self.rock_id, risk, mitigation)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Delete and self.state() != QAbstractItemView.State.EditingState:
            self.delete_selected()
            return
        super().keyPressEvent(event)

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling:
            return
        field = "risk" if item.column() == 0 else "mitigation"
        if not run_ok(self.ctx, self.ctx.ow.rocks.update_risk, item.data(RISK_ID), **{field: item.text()}):
            self._filling = True
            item.setForeground(QColor(palette(self.ctx.theme).red))  # refused: the text stays, in red
            self._filling = False

    def delete_selected(self) -> None:
        row = self.currentRow()
        if row < 0 or self.item(row, 0) is None:
            return
        item = self.item(row, 0)
        risk_id, text = item.data(RISK_ID), item.text()
        if run_ok(self.ctx, self.ctx.ow.rocks.delete_risk, risk_id):
            self.ctx.info(f"Deleted the risk '{text}'. Undo (Ctrl+Z) brings it back.")
            self.fill(self.ctx.ow.rocks.get(Rock, self.rock_id) if self.rock_id is not None else None)
