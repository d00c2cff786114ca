"""The Setup stage's People table: its columns, the cells' editors and how the columns share the width.

Name keeps a readable share at any text size; Side, Leader and Experience give way (their
headings elide) before Name is squeezed.  Rows are measured once per fill or text size.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHeaderView,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QWidget,
)

from workshop_app.model import PARTICIPANT_SIDES
from workshop_app.ui.widgets.choice_delegate import ChoiceDelegate

if TYPE_CHECKING:
    from workshop_app.ui.stages.setup_stage import SetupStage

SIDE_LABELS = {"supplier": "Supplier", "customer": "Customer", "facilitation": "Facilitation"}
COL_NAME, COL_SIDE, COL_TITLE, COL_LEADER, COL_EXPERIENCE = range(5)
NAME_SHARE = 0.32  # of the table's width at least for Name, whatever the text size
NAME_MOST = 0.4  # Name grows to its longest name up to this share
JOB_SHARE = 0.15  # Job title keeps at least this share before Experience, Leader and Side give way
GIVE_WAY = (COL_EXPERIENCE, COL_LEADER, COL_SIDE)
EXPERIENCE_LOWEST, EXPERIENCE_HIGHEST = 0, 99  # what setup.update_participant accepts


class ExperienceDelegate(QStyledItemDelegate):
    """The Experience cell's editor: a spin box over the allowed ranks only (0 to 99)."""

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QWidget:
        editor = QSpinBox(parent)
        editor.setRange(EXPERIENCE_LOWEST, EXPERIENCE_HIGHEST)
        editor.setToolTip(f"From {EXPERIENCE_LOWEST} to {EXPERIENCE_HIGHEST}; higher = more experienced")
        return editor


class PeopleTable(QTableWidget):
    """The participants; Delete asks to delete the selected person."""

    def __init__(self, stage: SetupStage) -> None:
        super().__init__(0, 5)
        self.stage = stage
        self.setHorizontalHeaderLabels(["Name", "Side", "Job title", "Leader", "Experience"])
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # fit_columns() sizes them
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        header.setTextElideMode(Qt.TextElideMode.ElideRight)  # a heading given way to ends in "…"
        self.horizontalHeaderItem(COL_EXPERIENCE).setToolTip(
            "Higher = more experienced. Ideas are presented least experienced first, the leader last."
        )
        self.verticalHeader().setVisible(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.setItemDelegateForColumn(
            COL_SIDE, ChoiceDelegate([(SIDE_LABELS[s.value], s.value) for s in PARTICIPANT_SIDES], self)
        )  # type S, C or F
        self.setItemDelegateForColumn(COL_EXPERIENCE, ExperienceDelegate(self))
        self.setTabKeyNavigation(False)
        self._content_widths: dict[int, int] | None = None  # measured once per fill or text size

    def fit_columns(self, *, refilled: bool = False) -> None:
        """Side, Leader and Experience as wide as their heading and widest cell, Name a readable
        share (NAME_SHARE, more up to NAME_MOST for long names when there is room), Job title
        the rest (Stretch).  Where that leaves Job title less than JOB_SHARE (larger text on a
        small screen), Experience, Leader, then Side narrow down (their headings elide; Side and
        Experience keep their cells whole, Leader its tick box); Name keeps its share.

        ``refilled=True`` after the rows changed: their widths are measured again (a window
        being shown resizes the table several times; measuring every row each time cost the
        start ~20 ms)."""
        if refilled or self._content_widths is None:
            self._content_widths = {
                col: self.sizeHintForColumn(col) for col in (COL_NAME, COL_SIDE, COL_LEADER, COL_EXPERIENCE)
            }
        content = self._content_widths
        header = self.horizontalHeader()
        width = header.viewport().width()
        bar = self.verticalScrollBar()
        if not bar.isVisible():  # it may appear after this fill: leave it room
            width -= bar.sizeHint().width()
        narrowing = (COL_SIDE, COL_LEADER, COL_EXPERIENCE)
        needs = {col: max(content[col], header.sectionSizeHint(col)) for col in narrowing}
        narrow = header.fontMetrics().horizontalAdvance("Le…") + 2 * header.fontMetrics().averageCharWidth()
        floors = {
            COL_SIDE: max(content[COL_SIDE], narrow),
            COL_LEADER: narrow,
            COL_EXPERIENCE: max(content[COL_EXPERIENCE], narrow),
        }
        name = int(width * NAME_SHARE)
        short = sum(needs.values()) + name + math.ceil(width * JOB_SHARE) - width
        for col in GIVE_WAY:
            if short <= 0:
                break
            give = min(short, max(needs[col] - floors[col], 0))
            needs[col] -= give
            short -= give
        if short < 0:  # room to spare: half of it for a long name, up to its most
            longest = min(content[COL_NAME], int(width * NAME_MOST))
            name = max(name, min(longest, name - short // 2))
        needs[COL_NAME] = name
        for col, need in needs.items():
            if header.sectionSize(col) != need:
                header.resizeSection(col, need)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_columns()  # the shares follow the width

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # a new text size
            self.fit_columns(refilled=True)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        super().closeEditor(editor, hint)
        if self.stage._people_pending:  # a change came in while a cell was edited
            QTimer.singleShot(0, self.stage._refresh_people)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Delete and self.state() != QAbstractItemView.State.EditingState:
            self.stage.delete_selected_person()
            return
        super().keyPressEvent(event)
