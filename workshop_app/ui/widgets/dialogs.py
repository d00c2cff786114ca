"""Questions that need an answer before a destructive step (tests patch QMessageBox)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from workshop_app.ui.widgets.label_text import shown_as_typed


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
