"""Questions that need an answer before a destructive step (tests patch QMessageBox)."""

from __future__ import annotations

import html

from PySide6.QtGui import Qt
from PySide6.QtWidgets import QMessageBox, QWidget


def shown_as_typed(text: str) -> str:
    """``text`` for a widget that guesses its text format (a message box's text).

    A question quoting a name typed as ``<b>Grow</b>`` would be shown bold: such text is
    given as rich text that shows every character as it is (spaces and line breaks kept).
    Text that cannot be mistaken for markup is returned unchanged.
    """
    if not Qt.mightBeRichText(text):
        return text
    return f'<p style="white-space: pre-wrap">{html.escape(text, quote=False)}</p>'


def confirm(parent: QWidget | None, title: str, text: str) -> bool:
    """Ask a yes/no question; the default button is No so a stray Enter changes nothing."""
    answer = QMessageBox.question(
        parent,
        title,
        shown_as_typed(text),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes
