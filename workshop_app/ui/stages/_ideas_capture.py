"""The Ideas stage's capture box, and what counts as typing there.

Enter adds the note, Shift+Enter starts a new line, Alt+digit or Ctrl+Up/Down picks the
author, Tab goes to the notes; Ctrl+Z with nothing typed to undo is the window's Undo.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QPlainTextEdit, QSizePolicy, QWidget


def is_command(event: QKeyEvent) -> bool:
    """Ctrl, Alt or Meta held: a shortcut, not typing."""
    held = event.modifiers() & (
        Qt.KeyboardModifier.ControlModifier
        | Qt.KeyboardModifier.AltModifier
        | Qt.KeyboardModifier.MetaModifier
    )
    return bool(held)


class CaptureBox(QPlainTextEdit):
    """Where notes are typed: Enter adds, Shift+Enter is a new line, Alt+digit picks the author."""

    submitted = Signal(str)  # text
    author_stepped = Signal(int)  # -1 / +1
    author_picked = Signal(int)  # 0 = anonymous, 1..9 = n-th person
    wall_requested = Signal()  # Tab: go to the notes

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("captureBox")
        self.setTabChangesFocus(True)
        self.setPlaceholderText("Type one idea, press Enter")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def event(self, event: QEvent) -> bool:
        """Ctrl+Z with nothing typed to undo goes to the window's Undo (e.g. the note just added)."""
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            doc = self.document()
            if (event.matches(QKeySequence.StandardKey.Undo) and not doc.isUndoAvailable()) or (
                event.matches(QKeySequence.StandardKey.Redo) and not doc.isRedoAvailable()
            ):
                event.ignore()
                return True
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Tab
            and not event.modifiers()
        ):
            self.wall_requested.emit()  # Tab: into the notes (before Qt moves focus along the chain)
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        shift = bool(mods & Qt.KeyboardModifier.ShiftModifier)
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if shift:
                self.insertPlainText("\n")
            else:
                self.submitted.emit(self.toPlainText())
            return
        if mods & Qt.KeyboardModifier.ControlModifier and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.author_stepped.emit(-1 if key == Qt.Key.Key_Up else 1)
            return
        if mods & Qt.KeyboardModifier.AltModifier and Qt.Key.Key_0 <= key <= Qt.Key.Key_9:
            self.author_picked.emit(int(key) - int(Qt.Key.Key_0))
            return
        super().keyPressEvent(event)
