"""The revealed result: a ranked horizontal bar chart with ties marked, and the Vote stage's wall view.

Ranks are competition ranks (1, 2, 2, 4); tied items show "=2" and a TIE mark.  The chart sizes
its text from its height (never below ``min_px``), so the same widget serves the stage and the
projector wall.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from workshop_app.services.voting_service import RankedItem, RoundResults
from workshop_app.ui.context import UiContext
from workshop_app.ui.stages._board_style import font_px
from workshop_app.ui.stages._board_wall import (
    WallTile,
    WallWidget,
    fit_tiles,
    paint_badge,
    paint_tiles,
    readable_sizes,
)
from workshop_app.ui.theme import Palette, palette

if TYPE_CHECKING:
    from workshop_app.ui.stages.vote_stage import VoteStage

TIE = "TIE"


def rank_text(item: RankedItem) -> str:
    return f"={item.rank}" if item.tied else str(item.rank)


def paint_chart(painter: QPainter, area: QRect, items: list[RankedItem], pal: Palette, min_px: float) -> None:
    """Ranked bars in ``area``: rank, label (up to two lines), bar, total, TIE mark."""
    if not items:
        return
    n = len(items)
    row_h = min(area.height() / n, min_px * 4.2)
    size = max(min_px, row_h * 0.36)
    if size * 1.25 > row_h:  # too many items to fit: keep the text readable, show the top ones
        row_h = size * 1.5
    shown = items[: max(1, int(area.height() // row_h))]
    font, bold = font_px(size), font_px(size, bold=True)
    fm, bfm = QFontMetrics(font), QFontMetrics(bold)
    rank_w = bfm.horizontalAdvance("=00") + size * 0.6
    label_w = area.width() * 0.42
    total_w = bfm.horizontalAdvance("000") + size * 0.8
    tie_w = bfm.horizontalAdvance(TIE) + size * 1.6
    bar_x = area.left() + rank_w + label_w + size * 0.6
    bar_max = max(10.0, area.right() - bar_x - total_w - tie_w)
    top = max((i.total for i in items), default=0) or 1
    two_lines = row_h >= size * 2.7
    for index, item in enumerate(shown):
        y = area.top() + index * row_h
        painter.setFont(bold)
        painter.setPen(QColor(pal.fg))
        left_middle = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
        painter.drawText(QRect(area.left(), int(y), int(rank_w), int(row_h)), left_middle, rank_text(item))
        painter.setFont(font)
        label_rect = QRect(int(area.left() + rank_w), int(y), int(label_w), int(row_h))
        if two_lines:
            flags = Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap
            text = _fit_two_lines(fm, item.label, int(label_w))
        else:
            flags = Qt.AlignmentFlag.AlignVCenter
            text = fm.elidedText(" ".join(item.label.split()), Qt.TextElideMode.ElideRight, int(label_w))
        painter.drawText(label_rect, flags, text)
        bar_h = min(row_h * 0.62, size * 1.7)
        width = bar_max * item.total / top
        bar = QRect(
            int(bar_x), int(y + (row_h - bar_h) / 2), max(int(width), 3 if item.total else 0), int(bar_h)
        )
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(pal.accent if not item.tied else pal.amber))
        if item.total:
            painter.drawRoundedRect(bar, size * 0.2, size * 0.2)
        painter.setFont(bold)
        painter.setPen(QColor(pal.fg))
        total_rect = QRect(int(bar.right() + size * 0.4), int(y), int(total_w), int(row_h))
        painter.drawText(
            total_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, str(item.total)
        )
        if item.tied:
            badge_rect = QRect(
                int(total_rect.left() + bfm.horizontalAdvance(str(item.total)) + size * 0.5),
                int(y + row_h / 2),
                int(tie_w),
                int(row_h / 2),
            )
            paint_badge(painter, badge_rect, TIE, round(size * 0.75), pal)
    if len(shown) < n:
        painter.setFont(font)
        painter.setPen(QColor(pal.muted))
        painter.drawText(
            area,
            Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignRight,
            f"+{n - len(shown)} more with fewer dots",
        )


def _fit_two_lines(fm: QFontMetrics, text: str, width: int) -> str:
    one_line = " ".join(text.split())
    flags = int(Qt.TextFlag.TextWordWrap)
    if fm.boundingRect(QRect(0, 0, width, 10_000), flags, one_line).height() <= fm.lineSpacing() * 2 + 2:
        return one_line
    low, high = 1, len(one_line)
    while low < high:
        mid = (low + high + 1) // 2
        if (
            fm.boundingRect(QRect(0, 0, width, 10_000), flags, one_line[:mid] + "…").height()
            <= fm.lineSpacing() * 2 + 2
        ):
            low = mid
        else:
            high = mid - 1
    return one_line[:low].rstrip() + "…"


class RankedBarChart(QWidget):
    """The chart as a widget on the Vote stage."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.items: list[RankedItem] = []
        self.setObjectName("rankedChart")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_items(self, items: list[RankedItem]) -> None:
        self.items = items
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(800, 400)

    def paintEvent(self, event: QPaintEvent) -> None:
        pal = palette(self.ctx.theme)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor(pal.bg))
        paint_chart(painter, self.rect().adjusted(8, 8, -8, -8), self.items, pal, 17 * self.ctx.text_scale)
        painter.end()


class VoteWall(WallWidget):
    """Before the reveal: who has voted (never the totals) and what is voted on; after: the ranking."""

    def __init__(self, stage: VoteStage, parent: QWidget | None = None) -> None:
        super().__init__(stage.ctx, parent)
        self.stage = stage
        self.results: RoundResults | None = None
        self._small = ""
        self._big = ""
        self._tiles: list[WallTile] = []
        self._key: tuple[object, ...] | None = None
        self._layout = fit_tiles([], QRect(), 1, 1)
        stage.wall_changed.connect(self._on_stage_wall_changed)
        self.reload()

    def _on_stage_wall_changed(self) -> None:
        self.reload_later()

    @property
    def progress_text(self) -> str:
        r = self.results
        if r is None:
            return ""
        return r.progress

    def reload(self) -> None:
        self._key = None
        topic = self.stage.topic_bar.topic
        round_id = self.stage.round_id
        self.results = None
        self._tiles = []
        if topic is None:
            self._small, self._big = "Vote", "No topic yet."
            return
        self._big = topic.question or topic.title
        if round_id is None:
            self._small = f"{topic.title} · no vote yet"
            return
        try:
            self.results = self.ctx.ow.voting.results(round_id)
        except Exception:  # the round was deleted meanwhile; the stage refreshes and says so
            self._small = f"{topic.title} · no vote yet"
            return
        rnd = self.stage.current_round()
        name = rnd.title if rnd is not None else "Vote"
        if self.results.revealed:
            self._small = f"{topic.title} · {name} · results ({self.results.total_dots} dots)"
        else:
            self._small = f"{topic.title} · {name}"
            for number, item in enumerate(self.ctx.ow.board.vote_items(topic.id), 1):
                self._tiles.append(WallTile(f"{number}. {item.label}", colour=item.colour))

    def paint(self, painter: QPainter, area: QRect, pal: Palette) -> None:
        rest = self.paint_heading(painter, area, self._small, self._big, pal)
        u = self.unit()
        if self.results is None:
            self.paint_text(painter, rest, "No vote on this topic yet.", u * 1.6, pal.muted)
            return
        if self.results.revealed:
            paint_chart(painter, rest, self.results.items, pal, u)
            return
        used = self.paint_text(painter, rest, self.progress_text, u * 2.6, pal.accent, bold=True)
        rest = QRect(
            rest.left(), rest.top() + used + round(u * 0.8), rest.width(), rest.height() - used - round(u)
        )
        if not self._tiles or rest.height() < u * 2:
            return
        low, high = readable_sizes(self)
        key = (rest.width(), rest.height(), low, high, tuple(self._tiles))
        if key != self._key:
            self._key = key
            self._layout = fit_tiles(
                self._tiles, rest, low, min(high, round(u * 1.8)), reserve=round(u * 1.6)
            )
        paint_tiles(painter, self._layout, pal)
        self.paint_more(painter, rest, self._layout.hidden, pal)
