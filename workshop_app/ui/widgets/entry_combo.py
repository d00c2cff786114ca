"""A choice box in a row typed from the keyboard: Enter on it does what Enter does in the row."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox


class EntryCombo(QComboBox):
    """A non-editable combo box that says when Enter is pressed on it with its list closed.

    A plain QComboBox ignores Enter, so in a row of fields ("text, Tab owner, Tab side ...,
    Enter adds") the key did nothing on the choice boxes.  With the list open, Enter chooses
    the entry as usual and is not passed on.
    """

    entered = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        plain = event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain:
            event.accept()
            self.entered.emit()
            return
        super().keyPressEvent(event)
