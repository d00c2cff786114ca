"""Text for the wall, sized as a share of the wall's height so it reads at 8 metres.

A wall unit is 1/40 of the wall window's height (times the text scale): the smallest
size anything essential may have.  ``WallLabel(text, units=3)`` is three units tall.
The wall window calls ``apply_wall_unit(content, unit_px)`` whenever it is resized or
its content is rebuilt; a stage's own wall widget may call ``wall_unit(self)`` instead.
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import QLabel, QWidget

WALL_LINES = 40  # the wall holds at most this many lines of the smallest text


def wall_unit(widget: QWidget | None = None, scale: float = 1.0) -> float:
    """Pixels in one wall unit for ``widget``'s window (or the primary screen)."""
    height = 0
    if widget is not None:
        height = widget.window().height()
    if height < 200:
        screen = QGuiApplication.primaryScreen()
        height = screen.geometry().height() if screen is not None else 720
    return max(height / WALL_LINES * scale, 8.0)


class WallLabel(QLabel):
    """A label whose font is ``units`` wall units tall."""

    def __init__(
        self, text: str = "", units: float = 1.0, *, bold: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(text, parent)
        self.units = units
        self.bold = bold
        self.setWordWrap(True)
        self.apply_unit(wall_unit(None))

    def apply_unit(self, unit_px: float) -> None:
        font = QFont(self.font())
        font.setPixelSize(max(round(self.units * unit_px), 8))
        font.setBold(self.bold)
        self.setFont(font)


def apply_wall_unit(root: QWidget, unit_px: float) -> None:
    """Size every WallLabel under ``root`` (and ``root`` itself) for a wall unit of ``unit_px``."""
    labels = root.findChildren(WallLabel)
    if isinstance(root, WallLabel):
        labels.append(root)
    for label in labels:
        label.apply_unit(unit_px)
