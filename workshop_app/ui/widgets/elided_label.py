"""A one-line label that ends in "…" where its text does not fit, and keeps all of it.

``text()`` and the tooltip hold the whole text; ``shown_text()`` is what is painted, elided
again whenever the label is resized or its font changes (a new text size).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from workshop_app.ui.widgets.label_text import shown_as_typed


class ElidedLabel(QLabel):
    """Plain text on one line, elided on the right to the label's width."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._whole = ""
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(False)
        # Its width comes from the layout, never from the text (a long title must not widen the bar).
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setText(text)

    def setText(self, text: str) -> None:  # type: ignore[override]
        if text == self._whole:
            return  # the timer sets the same title four times a second
        self._whole = text
        self.setToolTip(shown_as_typed(text))
        self.setAccessibleName(text)
        self._elide()

    def text(self) -> str:  # type: ignore[override]
        return self._whole

    def shown_text(self) -> str:
        """The text as painted: the whole text, or its start and "…"."""
        return QLabel.text(self)

    def _elide(self) -> None:
        width = self.contentsRect().width()
        shown = self._whole
        if width > 0:
            shown = self.fontMetrics().elidedText(self._whole, Qt.TextElideMode.ElideRight, width)
        if QLabel.text(self) != shown:
            QLabel.setText(self, shown)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._elide()
