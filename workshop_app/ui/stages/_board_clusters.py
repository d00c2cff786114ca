"""Pieces of the Clusters stage: a cluster's coloured box, the loose-notes column, the wall view."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QContextMenuEvent, QMouseEvent, QPainter
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from workshop_app.model import Cluster
from workshop_app.ui.stages._board_cards import DropZone, NoteCard
from workshop_app.ui.stages._board_style import text_on
from workshop_app.ui.stages._board_wall import (
    BODY_RATIO,
    WallTile,
    WallWidget,
    fit_tiles,
    paint_tiles,
    readable_sizes,
)
from workshop_app.ui.theme import Palette

if TYPE_CHECKING:
    from workshop_app.ui.stages.clusters_stage import ClustersStage

VOTE_MARK = "★ Vote item"
COLOUR_NAMES = {
    "#ffd54f": "Amber",
    "#81d4fa": "Sky blue",
    "#a5d6a7": "Green",
    "#f48fb1": "Pink",
    "#ce93d8": "Lilac",
    "#ffab91": "Peach",
    "#80cbc4": "Teal",
    "#e6ee9c": "Lime",
    "#b0bec5": "Grey blue",
    "#fff59d": "Lemon",
}


def colour_name(colour: str) -> str:
    return COLOUR_NAMES.get(colour.lower(), colour)


class ClusterBox(DropZone, QFrame):
    """A cluster: heading, vote mark and its notes one under the other; notes dropped here join it."""

    menu_requested = Signal(int, QPoint)  # cluster id, global position
    rename_requested = Signal(int)  # cluster id

    def __init__(
        self, cluster: Cluster, width: int, parent: QWidget | None = None, *, count: int | None = None
    ) -> None:
        super().__init__(parent)
        self.cluster_id = cluster.id
        self.drop_target = ("cluster", cluster.id)
        self.setObjectName("clusterBox")
        self.setAcceptDrops(True)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        fg = text_on(cluster.colour)
        self.setStyleSheet(
            f"QFrame#clusterBox {{ background: {cluster.colour}; border: 3px solid {cluster.colour};"
            f" border-radius: 10px; }} QFrame#clusterBox > QLabel {{ color: {fg}; }}"
            " QLabel#clusterInfo { font-weight: 700; }"  # in the box's sheet: one sheet per box
        )
        self._width = width
        self.cards = QVBoxLayout(self)
        self.cards.setContentsMargins(10, 8, 10, 10)
        self.cards.setSpacing(8)
        self.heading = QLabel(cluster.title)
        self.heading.setObjectName("clusterHeading")
        self.heading.setProperty("role", "title")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        count = len(cluster.ideas) if count is None else count  # the stage passes it: no query
        self.info = QLabel(f"{VOTE_MARK} · {count} note{'s' if count != 1 else ''}")
        self.info.setObjectName("clusterInfo")
        self.cards.addWidget(self.heading)
        self.cards.addWidget(self.info)
        self.note_cards: list[NoteCard] = []
        self.setToolTip("Drop a note here to add it. Right-click: rename, colour, heading, ungroup.")

    def add_card(self, card: NoteCard) -> None:
        self.note_cards.append(card)
        self.cards.addWidget(card)

    def sizeHint(self) -> QSize:
        return QSize(self._width, self.heightForWidth(self._width))

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self.cards.heightForWidth(width)

    def set_width(self, width: int) -> None:
        if width != self._width:
            self._width = width
            for card in self.note_cards:
                card.set_width(width - 20)
            self.updateGeometry()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        self.menu_requested.emit(self.cluster_id, event.globalPos())

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if self.heading.geometry().contains(event.position().toPoint()):
            self.rename_requested.emit(self.cluster_id)


class LooseCanvas(DropZone, QWidget):
    """The loose notes, one under the other; a note dropped here leaves its cluster."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("boardCanvas")
        self.setAcceptDrops(True)
        self.drop_target = ("loose", 0)
        self.cards = QVBoxLayout(self)
        self.cards.setContentsMargins(6, 6, 6, 6)
        self.cards.setSpacing(10)


class LoosePanel(DropZone, QFrame):
    """The right-hand column: heading, explanation and the loose notes (each voted on alone)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panel")
        self.setAcceptDrops(True)
        self.drop_target = ("loose", 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        self.heading = QLabel("Loose notes")
        self.heading.setProperty("role", "title")
        self.explain = QLabel(
            "Each is a vote item on its own. Drop a note here to take it out of its cluster."
        )
        self.explain.setProperty("role", "muted")
        self.explain.setWordWrap(True)
        layout.addWidget(self.heading)
        layout.addWidget(self.explain)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.canvas = LooseCanvas()
        self.scroll.setWidget(self.canvas)
        layout.addWidget(self.scroll, 1)


class ClustersWall(WallWidget):
    """The room's view: every cluster with its heading (and its notes when they fit) and the loose notes."""

    def __init__(self, stage: ClustersStage, parent: QWidget | None = None) -> None:
        super().__init__(stage.ctx, parent)
        self.stage = stage
        self._small = ""
        self._big = ""
        self._tiles: list[WallTile] = []
        self._bare: list[WallTile] = []
        self._key: tuple[object, ...] | None = None
        self._layout = fit_tiles([], QRect(), 1, 1)
        stage.wall_changed.connect(self._on_stage_wall_changed)
        self.reload()

    def _on_stage_wall_changed(self) -> None:
        self.reload_later()

    def reload(self) -> None:
        self._key = None
        topic = self.stage.topic_bar.topic
        if topic is None:
            self._small, self._big, self._tiles, self._bare = "Clusters", "No topic yet.", [], []
            return
        board = self.ctx.ow.board
        clusters = [c for c in board.clusters(topic.id)]
        loose = [i for i in board.ideas(topic.id) if i.cluster_id is None]
        self._small = (
            f"{topic.title} · {len(clusters)} cluster{'s' if len(clusters) != 1 else ''}, "
            f"{len(loose)} loose note{'s' if len(loose) != 1 else ''}"
        )
        self._big = topic.question or topic.title
        self._tiles, self._bare = [], []
        for c in clusters:
            body = tuple(i.text for i in c.ideas if not (i.is_heading and i.text == c.title))
            count = f"{len(c.ideas)} note{'s' if len(c.ideas) != 1 else ''}"
            self._tiles.append(WallTile(c.title, body, colour=c.colour))
            self._bare.append(WallTile(c.title, (), meta=count, colour=c.colour))
        for i in loose:
            self._tiles.append(WallTile(i.text))
            self._bare.append(WallTile(i.text))

    def paint(self, painter: QPainter, area: QRect, pal: Palette) -> None:
        rest = self.paint_heading(painter, area, self._small, self._big, pal)
        if not self._tiles:
            self.paint_text(painter, rest, "No notes on this topic yet.", self.unit() * 1.2, pal.muted)
            return
        low, high = readable_sizes(self)
        key = (rest.width(), rest.height(), low, high, tuple(self._tiles))
        if key != self._key:
            self._key = key
            reserve = round(self.unit() * 1.6)
            # The notes under a heading are drawn smaller: they too must stay readable (>= 1/40).
            low_with_notes = max(low, round(self.unit() / BODY_RATIO + 0.5))
            self._layout = fit_tiles(self._tiles, rest, low_with_notes, high, reserve=reserve)
            if self._layout.hidden:  # too many notes: headings only, with their note counts
                self._layout = fit_tiles(self._bare, rest, low, high, reserve=reserve)
        paint_tiles(painter, self._layout, pal)
        self.paint_more(painter, rest, self._layout.hidden, pal)
