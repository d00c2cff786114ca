"""A one-line label that ends in "…" where its text does not fit, and keeps all of it.

``text()`` and the tooltip hold the whole text; ``shown_text()`` is what is painted, elided
again whenever the label is resized or its font changes (a new text size).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, QSize, Qt
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
        self.updateGeometry()  # (a ShrinkingLabel's size hint is its whole text)

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


class ShrinkingLabel(ElidedLabel):
    """An ``ElidedLabel`` that asks for room for its whole text, and gives it up when the line
    is short (a large text size on a small screen): then it ends in "…" like any other."""

    MIN_CHARS = 4  # kept before the "…" however short the line

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def _width_of(self, text: str) -> int:
        margins = self.contentsMargins()
        extra = margins.left() + margins.right() + 2 * self.margin()
        if not text:
            return 0
        # as QLabel measures its text (the bounding box, a pixel wider than the advance in bold)
        box = self.fontMetrics().boundingRect(QRect(0, 0, 32000, 32000), int(self.alignment()), text)
        return box.width() + extra

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(self._width_of(self.text()), hint.height())

    def minimumSizeHint(self) -> QSize:
        whole = self.text()
        start = whole if len(whole) <= self.MIN_CHARS else whole[: self.MIN_CHARS] + "\u2026"
        return QSize(self._width_of(start), super().minimumSizeHint().height())
