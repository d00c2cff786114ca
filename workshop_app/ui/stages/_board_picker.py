"""An inline, non-modal question panel: pick from a filtered list, or type a short text.

Used by the Clusters stage's keyboard commands (G: move to..., N: new cluster, R: rename,
C: colour, H: heading).  Typing filters the list, Up/Down move in it, Enter chooses, Esc
cancels; digits 1..9 and 0 choose directly in short lists (colours).  The callback returns
True when the answer was used; otherwise the panel stays open with what was typed.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workshop_app.ui.stages._board_style import text_on


@dataclass(frozen=True)
class Choice:
    label: str
    value: object
    colour: str | None = None


class PickerPanel(QFrame):
    """Shown at the bottom of a stage while it asks something; hidden otherwise."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panel")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        head = QHBoxLayout()
        self.prompt = QLabel()
        self.prompt.setTextFormat(Qt.TextFormat.PlainText)  # quotes titles and notes as typed
        self.prompt.setProperty("role", "title")
        self.keys = QLabel("Enter: choose · Esc: cancel")
        self.keys.setProperty("role", "muted")
        head.addWidget(self.prompt, 1)
        head.addWidget(self.keys)
        layout.addLayout(head)
        self.entry = QLineEdit()
        self.entry.setObjectName("pickerEntry")
        layout.addWidget(self.entry)
        self.list = QListWidget()
        self.list.setObjectName("pickerList")
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.list.setMaximumHeight(260)
        layout.addWidget(self.list)
        self._choices: list[Choice] = []
        self._on_choice: Callable[[object], bool] | None = None
        self._on_text: Callable[[str], bool] | None = None
        self._return_to: QWidget | None = None
        self._digits = False
        self.restore_focus: Callable[[], None] | None = None  # set by the stage; else the last focus
        self.entry.textEdited.connect(self._on_entry_text_edited)
        self.entry.installEventFilter(self)
        self.list.itemActivated.connect(lambda _item: self._accept())
        self.list.itemClicked.connect(lambda _item: self._accept())
        self.hide()

    @property
    def asking(self) -> bool:
        return self.isVisible() or not self.isHidden()

    def ask_choice(
        self, prompt: str, choices: list[Choice], on_choice: Callable[[object], bool], *, digits: bool = False
    ) -> None:
        """Offer ``choices``; ``digits``: 1..9, 0 choose the n-th entry directly."""
        self._start(prompt)
        self._choices = choices
        self._on_choice = on_choice
        self._digits = digits
        self.entry.setPlaceholderText("Type to filter" + (", or press its number" if digits else ""))
        self.list.show()
        self._fill("")
        self.entry.setFocus()

    def ask_text(self, prompt: str, text: str, on_text: Callable[[str], bool]) -> None:
        self._start(prompt)
        self._on_text = on_text
        self.entry.setText(text)
        self.entry.selectAll()
        self.entry.setPlaceholderText("")
        self.list.hide()
        self.entry.setFocus()

    def _start(self, prompt: str) -> None:
        from PySide6.QtWidgets import QApplication

        focus = QApplication.focusWidget()
        if self._return_to is None or not self.asking:
            self._return_to = focus if focus is not None and not self.isAncestorOf(focus) else None
        self._choices, self._on_choice, self._on_text, self._digits = [], None, None, False
        self.prompt.setText(prompt)
        self.entry.clear()
        self.show()

    def _fill(self, needle: str) -> None:
        self.list.clear()
        key = needle.casefold().strip()
        for number, choice in enumerate(self._choices, 1):
            if key and key not in choice.label.casefold():
                continue
            label = f"{number % 10}  {choice.label}" if self._digits and number <= 10 else choice.label
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, number - 1)
            if choice.colour:
                item.setBackground(QColor(choice.colour))
                item.setForeground(QColor(text_on(choice.colour)))
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)

    def _on_entry_text_edited(self, text: str) -> None:
        if self._on_choice is not None:
            self._fill(text)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.entry and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if key == Qt.Key.Key_Escape:
                self.close_panel()
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._accept()
                return True
            if self._on_choice is not None and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                row = self.list.currentRow() + (1 if key == Qt.Key.Key_Down else -1)
                if 0 <= row < self.list.count():
                    self.list.setCurrentRow(row)
                return True
            if self._digits and not self.entry.text() and Qt.Key.Key_0 <= key <= Qt.Key.Key_9:
                index = (int(key) - int(Qt.Key.Key_0) - 1) % 10
                if index < len(self._choices):
                    self._finish_choice(index)
                return True
        return super().eventFilter(watched, event)

    def _accept(self) -> None:
        if self._on_text is not None:
            callback = self._on_text
            if callback(self.entry.text()):
                self.close_panel()
            return
        item = self.list.currentItem()
        if item is None:
            return
        self._finish_choice(int(item.data(Qt.ItemDataRole.UserRole)))

    def _finish_choice(self, index: int) -> None:
        callback = self._on_choice
        if callback is not None and callback(self._choices[index].value):
            self.close_panel()

    def close_panel(self) -> None:
        target, self._return_to = self._return_to, None
        self._on_choice = self._on_text = None
        self.hide()
        if self.restore_focus is not None:
            self.restore_focus()
        elif target is not None:
            with contextlib.suppress(RuntimeError):  # the widget was rebuilt meanwhile
                target.setFocus()
