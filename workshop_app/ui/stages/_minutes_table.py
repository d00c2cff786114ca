"""Editable tables for the Minutes & Actions stage: choice and date editors, Delete to remove a row.

A cell keeps the stored value in ``VALUE_ROLE`` (``NONE`` for "not set") and shows a
label; editing a cell changes both, and the table emits ``cell_edited(row, column)``
so the stage can save it through a service.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, QEvent, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QKeyEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

VALUE_ROLE = Qt.ItemDataRole.UserRole + 10
ID_ROLE = Qt.ItemDataRole.UserRole + 11
SAVED_ROLE = Qt.ItemDataRole.UserRole + 12  # the value as last filled or saved
NONE = -1  # "not set" in a combo (ids start at 1)
MIN_COLUMN = 40  # px: the narrowest a shared column gets

Choices = Callable[[], list[tuple[str, object]]]
Row = tuple[int, list[tuple[object, ...]]]  # (id, cells): see EditTable.fill
FIXED = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
EDITABLE = FIXED | Qt.ItemFlag.ItemIsEditable
AnyIndex = QModelIndex | QPersistentModelIndex


class ChoiceDelegate(QStyledItemDelegate):
    """Edits a cell with a combo box of (label, value) choices."""

    def __init__(self, choices: Choices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._choices = choices

    def createEditor(self, parent: QWidget, _option: QStyleOptionViewItem, _index: AnyIndex) -> QWidget:
        combo = QComboBox(parent)
        for label, value in self._choices():
            combo.addItem(label, value)
        return combo

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(VALUE_ROLE))))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        assert isinstance(editor, QComboBox)
        label, value = editor.currentText(), editor.currentData()  # the view resets the editor on a change
        if value == index.data(VALUE_ROLE):
            return
        model.setData(index, label, Qt.ItemDataRole.DisplayRole)
        model.setData(index, value, VALUE_ROLE)  # last: the stage saves on this one


class EditTable(QTableWidget):
    """A table whose cells are edited in place; Delete (when not editing) asks to remove the row."""

    delete_pressed = Signal()
    cell_edited = Signal(int, int)  # row, column: the user changed this cell

    def __init__(self, headers: list[str], parent: QWidget | None = None) -> None:
        super().__init__(0, len(headers), parent)
        self.setHorizontalHeaderLabels(headers)
        self.verticalHeader().setVisible(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.setWordWrap(True)
        self.setTabKeyNavigation(False)  # Tab leaves the table: keyboard users move on
        self.horizontalHeader().setHighlightSections(False)
        self._filling = False
        self._pending: list[Row] | None = None
        self._rows: list[Row] = []  # what the table shows (as given to fill)
        self._shares: tuple[int, ...] = ()
        self._whole: tuple[int, ...] = ()  # columns never cut (set_proportions)
        self._sized: set[int] = set()  # rows already fitted to their text (only rows on screen are)
        self._fitted_width = -1  # the viewport width the rows were fitted to
        self._refit_queued = False
        # Scrolled to the end (the latest entries): stay there while rows grow.  Kept apart from
        # the scroll bar because the bar's range follows grown rows only at a later event loop
        # turn, when its value no longer looks like "at the end".
        self._at_end = False
        self.itemChanged.connect(self._on_item_changed)
        self.verticalScrollBar().valueChanged.connect(self._on_scroll_value_changed)
        self.verticalScrollBar().rangeChanged.connect(self._on_scroll_range_changed)
        self.horizontalHeader().sectionResized.connect(self._on_header_section_resized)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Delete and self.state() != QAbstractItemView.State.EditingState:
            self.delete_pressed.emit()
            return
        super().keyPressEvent(event)

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling:
            return
        self._forget_row(item.row())  # the next fill shows what was stored, whatever was typed
        value = item.data(VALUE_ROLE)
        if value is not None:  # a choice cell: act when its value changes, not its label
            if value == item.data(SAVED_ROLE):
                return
            self._filling = True
            item.setData(SAVED_ROLE, value)
            self._filling = False
        self.cell_edited.emit(item.row(), item.column())

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        super().closeEditor(editor, hint)
        if self._pending is not None:
            rows, self._pending = self._pending, None
            QTimer.singleShot(0, lambda: self.fill(rows))

    def fill(self, rows: list[Row]) -> None:
        """Rows of (id, [(label, value or None for plain text, editable[, colour])]); keeps the current row.

        Only what changed is rebuilt when the rows are the last ones with some added at the end,
        one removed, or some changed in place (a new minute, a deleted action, an edit): a full
        refill lays out every row again (~0.4 s for 1,500 minutes).  While a cell is being edited
        the new rows wait until the editor closes, so a refresh never throws away what is typed.
        """
        if self.state() == QAbstractItemView.State.EditingState:
            self._pending = rows
            return
        self._pending = None
        keep_id = self.current_id()
        keep_col = max(0, self.currentColumn())
        self._filling = True
        self.setUpdatesEnabled(False)  # one repaint after the fill, not one per cell
        try:
            if not self._update_rows(self._rows, rows):
                self.setRowCount(0)  # new items below: dropping the old ones at once is cheaper
                self.setRowCount(len(rows))
                for r, row in enumerate(rows):
                    self._set_row(r, row)
                self._sized.clear()
            self._rows = list(rows)
            self._apply_shares()
            self.fit_visible_rows()
        finally:
            self._filling = False
            self.setUpdatesEnabled(True)
        if keep_id is not None and self.current_id() != keep_id:
            for r, (row_id, _cells) in enumerate(rows):
                if row_id == keep_id:
                    self.setCurrentCell(r, keep_col)
                    break

    def _update_rows(self, old: list[Row], new: list[Row]) -> bool:
        """Turn the table showing ``old`` into one showing ``new`` row by row, if that is cheap."""
        old_ids, new_ids = [r[0] for r in old], [r[0] for r in new]
        if not old or new_ids[: len(old_ids)] != old_ids:
            gone = next(
                (i for i, (a, b) in enumerate(zip(old_ids, new_ids, strict=False)) if a != b), len(new_ids)
            )
            if len(new_ids) != len(old_ids) - 1 or old_ids[:gone] + old_ids[gone + 1 :] != new_ids:
                return False
            self.removeRow(gone)
            old = old[:gone] + old[gone + 1 :]
            self._sized = {r if r < gone else r - 1 for r in self._sized if r != gone}
        for r in range(len(old)):
            if old[r] != new[r]:
                self._set_row(r, new[r])
                self._sized.discard(r)
        self.setRowCount(len(new))
        for r in range(len(old), len(new)):
            self._set_row(r, new[r])
        return True

    def _forget_row(self, r: int) -> None:
        if 0 <= r < len(self._rows):
            self._rows[r] = (self._rows[r][0], [])  # equal to no real row: rebuilt by the next fill

    def _set_row(self, r: int, row: Row) -> None:
        row_id, cells = row
        for c, cell in enumerate(cells):
            label, value, editable = cell[:3]
            item = QTableWidgetItem(str(label))
            if len(cell) > 3 and cell[3]:
                item.setForeground(QColor(str(cell[3])))
                font = QFont(self.font())
                font.setBold(True)
                item.setFont(font)
            item.setData(ID_ROLE, row_id)
            if value is not None:
                item.setData(VALUE_ROLE, value)
                item.setData(SAVED_ROLE, value)
            item.setFlags(EDITABLE if editable else FIXED)
            self.setItem(r, c, item)

    def mark_refused(self, row: int, column: int, red: str) -> None:
        """Show a cell whose edit was refused in red; its text stays until it is corrected."""
        item = self.item(row, column)
        if item is None:
            return
        self._forget_row(row)
        self._filling = True
        try:
            item.setForeground(QColor(red))
            item.setToolTip("Not saved: correct it (F2) or press Ctrl+Z in the window to leave it as it was.")
        finally:
            self._filling = False

    def current_id(self) -> int | None:
        item = self.item(self.currentRow(), 0) if self.currentRow() >= 0 else None
        return item.data(ID_ROLE) if item is not None else None

    def row_of(self, row_id: int) -> int:
        for r in range(self.rowCount()):
            if self.item(r, 0).data(ID_ROLE) == row_id:
                return r
        return -1

    def set_proportions(self, *shares: int, whole: tuple[int, ...] = ()) -> None:
        """Column widths as shares of the table's width (kept on resize); the user may still drag them.

        The columns in ``whole`` hold short values (a time, a date, a rating) that are never cut:
        at a larger text size they take what they need from the widest other column."""
        self._shares = shares
        self._whole = whole
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.horizontalHeader()
        header.setStretchLastSection(True)
        for c in range(self.columnCount()):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.Interactive)
        self._apply_shares()

    def _apply_shares(self) -> None:
        if not self._shares:
            return
        width = self.viewport().width()
        total = sum(self._shares)
        widths = [max(MIN_COLUMN, width * share // total) for share in self._shares]
        header = self.horizontalHeader()
        for c in self._whole:
            short = max(header.sectionSizeHint(c), self.sizeHintForColumn(c)) - widths[c]
            if short <= 0:
                continue
            widest = max((i for i in range(len(widths)) if i not in self._whole), key=lambda i: widths[i])
            give = min(short, widths[widest] - MIN_COLUMN)
            widths[widest] -= give
            widths[c] += give
        for c, column_width in enumerate(widths[:-1]):
            self.setColumnWidth(c, column_width)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._refit_width()

    def viewportEvent(self, event: QEvent) -> bool:
        # The viewport also changes width without the table doing so (a scroll bar comes or
        # goes): rows fitted to the old width would keep their height.
        handled = super().viewportEvent(event)
        if event.type() == QEvent.Type.Resize and self.viewport().width() != self._fitted_width:
            self._refit_width()
        return handled

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._refit_soon()  # new text size: the rows' heights follow

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Rows filled before the first show were fitted to the columns of a table not laid
        # out (or styled) yet; fit them again once the window has settled.
        self._refit_soon()

    def _refit_soon(self) -> None:
        if not self._refit_queued:
            self._refit_queued = True
            QTimer.singleShot(0, self, self._refit_now)  # (dropped if the table is deleted first)

    def _refit_now(self) -> None:
        self._refit_queued = False
        self._refit_width()

    def _refit_width(self) -> None:
        self._fitted_width = self.viewport().width()
        self._apply_shares()
        self._sized.clear()
        self.fit_visible_rows()

    # --- row heights: only the rows on screen are fitted to their text ------------------------
    # Fitting every row (resizeRowsToContents) lays out the text of every cell: ~0.4 s for
    # 1,500 minutes.  Rows are fitted as they come into view instead.

    def fit_visible_rows(self) -> None:
        """Fit the rows now on screen to their (wrapped) text; a row is fitted once per width.

        Fitting can bring other rows into view (rows grow, or the view keeps to the end and
        the rows above move up), so it repeats until every row on screen is fitted.
        """
        count = self.rowCount()
        if count == 0:
            return
        bar = self.verticalScrollBar()
        for _round in range(count):
            fitted = False
            height = self.viewport().height()
            r = max(0, self.rowAt(0))
            while r < count and self.rowViewportPosition(r) < height:
                if r not in self._sized:
                    self._sized.add(r)
                    self.resizeRowToContents(r)
                    fitted = True
                r += 1
            if not fitted:
                break
            if self._at_end:
                self.updateGeometries()  # the scroll range for the grown rows, now
                bar.setValue(bar.maximum())

    def _on_scroll_value_changed(self, value: int) -> None:
        bar = self.verticalScrollBar()
        self._at_end = value >= bar.maximum() > bar.minimum()
        self.fit_visible_rows()

    def _on_scroll_range_changed(self, _low: int, high: int) -> None:
        bar = self.verticalScrollBar()
        if self._at_end and bar.value() < high:
            bar.setValue(high)  # fits the rows now in view
        else:
            self.fit_visible_rows()

    def _on_header_section_resized(self, _index: int, _old: int, _new: int) -> None:
        self._sized.clear()
        self.fit_visible_rows()


def value_of(item: QTableWidgetItem) -> object:
    """The stored value of a choice cell: None for "not set"."""
    value = item.data(VALUE_ROLE)
    return None if value == NONE else value
