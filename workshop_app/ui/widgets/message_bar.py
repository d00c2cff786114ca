"""The non-blocking message strip under the timer bar.

Information disappears by itself after a few seconds; an error stays until the
facilitator dismisses it (the button, or Escape while no field wants it).  Never a modal.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from workshop_app.ui.theme import Palette, palette

INFO_MS = 8000


class MessageBar(QFrame):
    """Shows the latest message; errors stay until dismissed."""

    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageBar")
        self.level = ""
        self._palette = palette("light")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        self.icon = QLabel()
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.dismiss_button = QPushButton("Dismiss (Esc)")
        self.dismiss_button.clicked.connect(self.dismiss)
        layout.addWidget(self.icon)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.dismiss_button)
        self._hide_timer = QTimer(self)
        self._hide_timer.setSingleShot(True)
        self._hide_timer.timeout.connect(self.dismiss)
        self._escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        self._escape.setContext(Qt.ShortcutContext.WindowShortcut)
        self._escape.activated.connect(self.dismiss)
        self._escape.setEnabled(False)
        self.hide()

    @property
    def text(self) -> str:
        return self.label.text() if self.isVisibleTo(self.parentWidget()) or self.level else ""

    def set_palette(self, p: Palette) -> None:
        self._palette = p
        self._restyle()

    def _restyle(self) -> None:
        p = self._palette
        bg, fg = (p.error_bg, p.red) if self.level == "error" else (p.info_bg, p.accent)
        self.setStyleSheet(
            f"QFrame#messageBar {{ background-color: {bg}; border: 2px solid {fg}; border-radius: 4px; }}"
            f"QFrame#messageBar QLabel {{ background-color: {bg}; color: {p.fg}; }}"
        )
        self.icon.setStyleSheet(f"background-color: {bg}; color: {fg}; font-weight: bold;")

    def show_message(self, level: str, text: str) -> None:
        self.level = "error" if level == "error" else "info"
        self.icon.setText("Problem:" if self.level == "error" else "Note:")
        self.label.setText(text)
        self._restyle()
        self.show()
        self._escape.setEnabled(True)
        if self.level == "error":
            self._hide_timer.stop()
        else:
            self._hide_timer.start(INFO_MS)

    def dismiss(self) -> None:
        self._hide_timer.stop()
        self._escape.setEnabled(False)
        self.level = ""
        self.label.setText("")
        self.hide()
        self.dismissed.emit()
