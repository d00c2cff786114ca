"""Painted projector views: tiles (notes, clusters) fitted as large as the wall allows.

The room reads the wall from up to 8 metres: text is sized from the widget's height (never
below 1/40 of it, times the text scale) and the largest size at which everything fits is
chosen.  When even the smallest size cannot show every tile, the newest tiles are shown
and the rest are counted ("+3 more").
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from workshop_app.ui.context import UiContext
from workshop_app.ui.stages._board_style import font_px, text_on
from workshop_app.ui.theme import Palette, palette
from workshop_app.ui.widgets.label_text import breakable

GAP_RATIO = 0.5  # gap between tiles, in units of the font size
PAD_RATIO = 0.45  # padding inside a tile
BODY_RATIO = 0.78  # body lines and meta, relative to the title size
FLAGS = Qt.TextFlag.TextWordWrap


@dataclass(frozen=True)
class WallTile:
    title: str
    body: tuple[str, ...] = ()
    meta: str = ""  # author, "4 notes", ... (drawn smaller, at the bottom)
    colour: str | None = None  # None: the theme's card colour
    badge: str = ""  # short mark drawn top right, e.g. "VOTE"


@dataclass
class TileLayout:
    size: int  # title font pixel size
    rects: list[QRect] = field(default_factory=list)
    shown: list[WallTile] = field(default_factory=list)
    hidden: int = 0


def _text_height(fm: QFontMetrics, width: int, text: str) -> int:
    return fm.boundingRect(QRect(0, 0, max(width, 10), 1_000_000), FLAGS, breakable(text)).height()


def tile_height(tile: WallTile, width: int, size: int) -> int:
    """The tile's height at ``width`` with titles of ``size`` pixels.  Remembered: a wall view
    is made afresh after every change and tries many sizes, mostly for the same tiles."""
    return _tile_height(tile, width, size, QFont().family())


@functools.lru_cache(maxsize=8192)
def _tile_height(tile: WallTile, width: int, size: int, _family: str) -> int:
    pad = round(size * PAD_RATIO)
    inner = width - 2 * pad
    title_fm = QFontMetrics(font_px(size, bold=True))
    body_fm = QFontMetrics(font_px(size * BODY_RATIO))
    h = 2 * pad + _text_height(title_fm, inner, tile.title)
    for line in tile.body:
        h += round(size * 0.2) + _text_height(body_fm, inner, "• " + line)
    if tile.meta:
        h += round(size * 0.2) + _text_height(body_fm, inner, tile.meta)
    return h


def _try(tiles: list[WallTile], area: QRect, size: int, cols: int) -> list[QRect] | None:
    """Masonry: each tile goes under the shortest column (reading order stays left to right)."""
    gap = round(size * GAP_RATIO)
    width = (area.width() - (cols - 1) * gap) // cols
    if width < size * 7:
        return None
    bottoms = [area.top()] * cols
    rects: list[QRect] = []
    for tile in tiles:
        col = min(range(cols), key=lambda c: (bottoms[c], c))
        h = tile_height(tile, width, size)
        if bottoms[col] + h > area.bottom() + 1:
            return None
        rects.append(QRect(area.left() + col * (width + gap), bottoms[col], width, h))
        bottoms[col] += h + gap
    return rects


def _fits(tiles: list[WallTile], area: QRect, size: int, max_cols: int) -> list[QRect] | None:
    for cols in range(1, max(1, min(len(tiles), max_cols)) + 1):
        rects = _try(tiles, area, size, cols)
        if rects is not None:
            return rects
    return None


def fit_tiles(
    tiles: list[WallTile], area: QRect, min_size: int, max_size: int, max_cols: int = 6, reserve: int = 0
) -> TileLayout:
    """The largest title size in [min_size, max_size] at which ``tiles`` fit ``area``.

    Tiles are kept in order; if they do not fit at ``min_size``, the first tiles are
    dropped (the newest, last ones stay) and counted in ``hidden``; ``reserve`` pixels are
    then kept free at the bottom for the "+N more" line.
    """
    if not tiles:
        return TileLayout(max_size)
    if _fits(tiles, area, min_size, max_cols) is None:
        # Not everything fits: keep the most recent tiles that do.
        short_area = area.adjusted(0, 0, 0, -reserve)
        low, high = 1, len(tiles)  # the fewest hidden tiles that let the rest fit
        while low < high:
            mid = (low + high) // 2
            if _fits(tiles[mid:], short_area, min_size, max_cols) is not None:
                high = mid
            else:
                low = mid + 1
        rest = tiles[low:]
        return TileLayout(min_size, _fits(rest, short_area, min_size, max_cols) or [], rest, low)
    low, high = min_size, max(min_size, max_size)
    while low < high:  # largest size that fits (fitting is monotonic enough in practice)
        mid = (low + high + 1) // 2
        if _fits(tiles, area, mid, max_cols) is not None:
            low = mid
        else:
            high = mid - 1
    rects = _fits(tiles, area, low, max_cols) or []
    return TileLayout(low, rects, list(tiles), 0)


def paint_tiles(painter: QPainter, layout: TileLayout, pal: Palette) -> None:
    size = layout.size
    pad = round(size * PAD_RATIO)
    title_font, body_font = font_px(size, bold=True), font_px(size * BODY_RATIO)
    for tile, rect in zip(layout.shown, layout.rects, strict=False):
        bg = tile.colour or pal.card
        fg = text_on(bg) if tile.colour else pal.card_fg
        painter.setPen(QPen(QColor(pal.border), max(2, size // 12)))
        painter.setBrush(QColor(bg))
        painter.drawRoundedRect(rect, size * 0.35, size * 0.35)
        inner = rect.adjusted(pad, pad, -pad, -pad)
        painter.setPen(QColor(fg))
        painter.setFont(title_font)
        y = inner.top()
        h = _text_height(QFontMetrics(title_font), inner.width(), tile.title)
        painter.drawText(QRect(inner.left(), y, inner.width(), h), FLAGS, breakable(tile.title))
        y += h
        painter.setFont(body_font)
        fm = QFontMetrics(body_font)
        for line in tile.body:
            y += round(size * 0.2)
            h = _text_height(fm, inner.width(), "• " + line)
            painter.drawText(QRect(inner.left(), y, inner.width(), h), FLAGS, breakable("• " + line))
            y += h
        if tile.meta:
            h = _text_height(fm, inner.width(), tile.meta)
            painter.drawText(
                QRect(inner.left(), inner.bottom() - h + 1, inner.width(), h), FLAGS, breakable(tile.meta)
            )
        if tile.badge:
            paint_badge(painter, rect, tile.badge, round(size * 0.6), pal)


def paint_badge(painter: QPainter, rect: QRect, text: str, size: int, pal: Palette) -> None:
    """A small accent label in the top-right corner of ``rect``."""
    font = font_px(size, bold=True)
    fm = QFontMetrics(font)
    w, h = fm.horizontalAdvance(text) + size, fm.height() + size // 3
    badge = QRect(rect.right() - w - size // 3, rect.top() - h // 2, w, h)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(pal.accent))
    painter.drawRoundedRect(badge, h / 2, h / 2)
    painter.setPen(QColor(pal.accent_fg))
    painter.setFont(font)
    painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, text)


class WallWidget(QWidget):
    """Base of the projector views: theme background, sizes from the height, auto-refresh."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setMinimumSize(320, 180)
        self._reload_due = False
        ctx.workshop_changed.connect(self._on_ctx_workshop_changed)
        ctx.theme_changed.connect(self._on_ctx_look_changed)
        ctx.text_scale_changed.connect(self._on_ctx_look_changed)

    def _on_ctx_workshop_changed(self, _label: str) -> None:
        self.reload_later()

    def reload_later(self) -> None:
        """What it shows changed: read it again when it is next painted.  (In the wall window a
        change makes a fresh view on the next turn, so this one is usually never painted again:
        reading at once would only delay the facilitator's next key.)"""
        self._reload_due = True
        self.update()

    def _on_ctx_look_changed(self, *_args: object) -> None:
        self.update()

    def reload(self) -> None:
        """Re-read what the view shows from the services."""

    def unit(self) -> float:
        """The smallest readable text size: 1/40 of the wall's height, times the text scale.

        The wall window shows this view under the timer, so its own height is less than the wall's.
        """
        window = self.window()
        height = max(self.height(), window.height() if window is not None else 0)
        return max(12.0, height / 40 * self.ctx.text_scale)

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._reload_due:
            self._reload_due = False
            self.reload()
        pal = palette(self.ctx.theme)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.fillRect(self.rect(), QColor(pal.bg))
        margin = round(self.unit() * 1.2)
        self.paint(painter, self.rect().adjusted(margin, margin, -margin, -margin), pal)
        painter.end()

    def paint(self, painter: QPainter, area: QRect, pal: Palette) -> None:
        raise NotImplementedError

    # --- helpers for subclasses ------------------------------------------------

    def paint_text(
        self,
        painter: QPainter,
        area: QRect,
        text: str,
        size: float,
        colour: str,
        *,
        bold: bool = False,
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
    ) -> int:
        """Draw wrapped text at the top of ``area``; returns the height used."""
        if not text:
            return 0
        font = font_px(size, bold=bold)
        h = _text_height(QFontMetrics(font), area.width(), text)
        painter.setFont(font)
        painter.setPen(QColor(colour))
        painter.drawText(QRect(area.left(), area.top(), area.width(), h), FLAGS | align, breakable(text))
        return h

    def paint_heading(
        self, painter: QPainter, area: QRect, small: str, big: str, pal: Palette, big_units: float = 1.7
    ) -> QRect:
        """A muted label line and a large wrapped line; returns the area left below them."""
        u = self.unit()
        y = area.top()
        y += self.paint_text(
            painter, QRect(area.left(), y, area.width(), area.height()), small, u * 1.1, pal.muted, bold=True
        )
        y += self.paint_text(
            painter, QRect(area.left(), y, area.width(), area.height()), big, u * big_units, pal.fg, bold=True
        )
        y += round(u * 0.8)
        return QRect(area.left(), y, area.width(), max(0, area.bottom() - y))

    def paint_more(self, painter: QPainter, area: QRect, hidden: int, pal: Palette) -> None:
        if hidden:
            self.paint_text(
                painter,
                QRect(
                    area.left(),
                    area.bottom() - round(self.unit() * 1.5),
                    area.width(),
                    round(self.unit() * 1.5),
                ),
                f"+{hidden} more",
                self.unit(),
                pal.muted,
                align=Qt.AlignmentFlag.AlignRight,
            )


def readable_sizes(widget: WallWidget) -> tuple[int, int]:
    """Min and max title sizes for tiles on a wall view."""
    u = widget.unit()
    return round(u + 0.5), round(u * 2.6)


def title_font(size: int) -> QFont:
    return font_px(size, bold=True)
