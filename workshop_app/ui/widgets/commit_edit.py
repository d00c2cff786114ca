"""Text fields that save themselves through a service and never lose what was typed."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

Commit = Callable[[str], bool]  # save the text; True when it was accepted


def _set_invalid(widget: QWidget, invalid: bool) -> None:
    if bool(widget.property("invalid")) != invalid:
        widget.setProperty("invalid", invalid)
        widget.style().unpolish(widget)
        widget.style().polish(widget)


class AppUndoLineEdit(QLineEdit):
    """A line edit that lets the window's Undo/Redo have Ctrl+Z when it has nothing to undo itself."""

    def event(self, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and (
                (event.matches(QKeySequence.StandardKey.Undo) and not self.isUndoAvailable())
                or (event.matches(QKeySequence.StandardKey.Redo) and not self.isRedoAvailable())
            )
        ):
            event.ignore()
            return True
        return super().event(event)


class CommitLineEdit(AppUndoLineEdit):
    """Saves on Enter or when focus leaves; a refused value stays in the field, marked red.

    ``set_stored(text)`` shows the stored value unless the user is typing in the field or
    a refused value is waiting to be corrected.  Escape puts the stored value back.
    """

    committed = Signal(str)  # the text that was saved

    def __init__(self, commit: Commit | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._commit = commit
        self._stored = ""
        self._invalid = False
        self.editingFinished.connect(self._on_editing_finished)
        self.textEdited.connect(self._on_text_edited)

    def set_commit(self, commit: Commit) -> None:
        self._commit = commit

    @property
    def stored(self) -> str:
        return self._stored

    @property
    def invalid(self) -> bool:
        return self._invalid

    def set_stored(self, text: str) -> None:
        self._stored = text
        typing = self.hasFocus() and self.isModified()
        if not typing and not self._invalid and self.text() != text:
            self.setText(text)
            self.setCursorPosition(0)

    def _on_text_edited(self, _text: str) -> None:
        if self._invalid:
            _set_invalid(self, False)

    def _on_editing_finished(self) -> None:
        self.commit_now()

    def commit_now(self) -> bool:
        text = self.text()
        if text == self._stored and not self._invalid:
            self.setModified(False)
            return True
        ok = True if self._commit is None else self._commit(text)
        self._invalid = not ok
        _set_invalid(self, not ok)
        if ok:
            self._stored = text
            self.setModified(False)
            self.committed.emit(text)
        return ok

    def revert(self) -> None:
        self._invalid = False
        _set_invalid(self, False)
        self.setText(self._stored)
        self.setModified(False)

    def event(self, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
            and (self._invalid or self.text() != self._stored)
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and (self._invalid or self.text() != self._stored):
            self.revert()
            return
        super().keyPressEvent(event)


class CommitTextEdit(QPlainTextEdit):
    """A multi-line field that saves when focus leaves it or on Ctrl+Enter; keeps refused text."""

    committed = Signal(str)

    def __init__(self, commit: Commit | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._commit = commit
        self._stored = ""
        self._invalid = False
        self.setTabChangesFocus(True)
        self.textChanged.connect(self._on_text_changed)

    def set_commit(self, commit: Commit) -> None:
        self._commit = commit

    @property
    def stored(self) -> str:
        return self._stored

    def set_stored(self, text: str) -> None:
        self._stored = text
        if not self.hasFocus() and not self._invalid and self.toPlainText() != text:
            self.blockSignals(True)
            self.setPlainText(text)
            self.blockSignals(False)

    def _on_text_changed(self) -> None:
        if self._invalid:
            self._invalid = False
            _set_invalid(self, False)

    def commit_now(self) -> bool:
        text = self.toPlainText()
        if text == self._stored and not self._invalid:
            return True
        ok = True if self._commit is None else self._commit(text)
        self._invalid = not ok
        _set_invalid(self, not ok)
        if ok:
            self._stored = text
            self.committed.emit(text)
        return ok

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.commit_now()
        super().focusOutEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
            event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.commit_now()
            return
        super().keyPressEvent(event)
