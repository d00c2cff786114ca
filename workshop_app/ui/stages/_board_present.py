"""Presenting ideas person by person, and the Ideas stage's wall view.

``presenters(ctx, topic_id)`` gives who presents, in the rules' order (least experienced
first, leaders last), keeping only people with notes on the topic; other authors (e.g. the
facilitation team) and anonymous notes come at the end.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPainter
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from workshop_app.model import Idea
from workshop_app.ui.context import UiContext
from workshop_app.ui.stages._board_cards import NoteCard
from workshop_app.ui.stages._board_flow import FlowLayout
from workshop_app.ui.stages._board_style import CARD_WIDTH, px
from workshop_app.ui.stages._board_wall import WallTile, WallWidget, fit_tiles, paint_tiles, readable_sizes
from workshop_app.ui.theme import Palette

if TYPE_CHECKING:
    from workshop_app.ui.stages.ideas_stage import IdeasStage

ANONYMOUS = "Anonymous"


@dataclass(frozen=True)
class Presenter:
    author_id: int | None
    name: str
    notes: tuple[Idea, ...]


def presenters(ctx: UiContext, topic_id: int | None) -> list[Presenter]:
    if topic_id is None:
        return []
    by_author = ctx.ow.board.ideas_by_author(topic_id)
    result: list[Presenter] = []
    for person in ctx.ow.board.presentation_order():
        notes = by_author.pop(person.id, [])
        if notes:
            result.append(Presenter(person.id, person.name, tuple(notes)))
    anonymous = by_author.pop(None, [])
    for person in ctx.ow.setup.participants():  # authors who do not present in turn (facilitation)
        notes = by_author.pop(person.id, [])
        if notes:
            result.append(Presenter(person.id, person.name, tuple(notes)))
    if anonymous:
        result.append(Presenter(None, ANONYMOUS, tuple(anonymous)))
    return result


class PresentView(QWidget):
    """One person's notes, large; Left/Right, Space, PageUp/PageDown move on; Esc leaves."""

    moved = Signal(int)  # step: -1 back, +1 on, 0 first/last handled by the stage via index
    left = Signal()
    jumped = Signal(int)  # index

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setObjectName("presentView")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        self.name = QLabel()
        self.name.setObjectName("presenterName")
        self.name.setProperty("role", "question")
        self.position = QLabel()
        self.position.setProperty("role", "muted")
        head.addWidget(self.name, 1)
        head.addWidget(self.position)
        outer.addLayout(head)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.canvas = QWidget()
        self.canvas.setObjectName("boardCanvas")
        self.flow = FlowLayout(self.canvas, spacing=16)
        self.scroll.setWidget(self.canvas)
        outer.addWidget(self.scroll, 1)
        buttons = QHBoxLayout()
        self.back = QPushButton("← Previous")
        self.on = QPushButton("Next →")
        self.done = QPushButton("End presenting (Esc)")
        for b in (self.back, self.on, self.done):
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            buttons.addWidget(b)
        buttons.addStretch(1)
        outer.addLayout(buttons)
        self.back.clicked.connect(lambda: self.moved.emit(-1))
        self.on.clicked.connect(lambda: self.moved.emit(1))
        self.done.clicked.connect(self.left.emit)

    def show_presenter(self, people: list[Presenter], index: int) -> None:
        while self.flow.count():
            item = self.flow.takeAt(0)
            if item is not None and item.widget() is not None:
                item.widget().deleteLater()
        if not people:
            self.name.setText("Nobody has notes on this topic yet")
            self.position.setText("")
            self.back.setEnabled(False)
            self.on.setEnabled(False)
            return
        person = people[index]
        self.name.setText(person.name)
        nxt = f" · next: {people[index + 1].name}" if index + 1 < len(people) else " · last"
        self.position.setText(f"{index + 1} of {len(people)}{nxt}")
        self.back.setEnabled(index > 0)
        self.on.setEnabled(index + 1 < len(people))
        width = round(CARD_WIDTH * 1.5 * self.ctx.text_scale)
        big = px(self.ctx, 30)
        for note in person.notes:
            card = NoteCard(note.id, note.text, width=width, parent=self.canvas)
            card.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            card.label.setStyleSheet(f"font-size: {big}px;")
            self.flow.addWidget(card)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Right, Qt.Key.Key_Space, Qt.Key.Key_PageDown, Qt.Key.Key_Down):
            self.moved.emit(1)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Backspace, Qt.Key.Key_PageUp, Qt.Key.Key_Up):
            self.moved.emit(-1)
        elif key == Qt.Key.Key_Home:
            self.jumped.emit(0)
        elif key == Qt.Key.Key_End:
            self.jumped.emit(-1)
        elif key == Qt.Key.Key_Escape:
            self.left.emit()
        else:
            super().keyPressEvent(event)


class IdeasWall(WallWidget):
    """The room's view: the question and the notes coming in, or the presenting person's notes."""

    def __init__(self, stage: IdeasStage, parent: QWidget | None = None) -> None:
        super().__init__(stage.ctx, parent)
        self.stage = stage
        self._small = ""
        self._big = ""
        self._tiles: list[WallTile] = []
        self._big_units = 1.7
        self._layout_key: tuple[object, ...] | None = None
        self._layout = fit_tiles([], QRect(), 1, 1)
        stage.wall_changed.connect(self._on_stage_wall_changed)
        self.reload()

    def _on_stage_wall_changed(self) -> None:
        self.reload_later()

    def reload(self) -> None:
        topic = self.stage.topic_bar.topic
        self._layout_key = None
        self._big_units = 1.7  # the question; the presenter's name is larger
        if topic is None:
            self._small, self._big, self._tiles = "Ideas", "No topic yet: add one on the Setup stage.", []
            return
        person = self.stage.current_presenter() if self.stage.presenting else None
        if person is not None:
            self._small = f"{topic.title} · presenting {self.stage.present_position()}"
            self._big = person.name
            self._big_units = 2.4
            self._tiles = [WallTile(n.text) for n in person.notes]
            return
        self._small = topic.title
        self._big = topic.question or topic.title
        names = {p.id: p.name for p in self.ctx.ow.setup.participants()}
        self._tiles = [
            WallTile(n.text, meta=names.get(n.author_id, "") if n.author_id is not None else "")
            for n in self.ctx.ow.board.ideas(topic.id)
        ]

    def paint(self, painter: QPainter, area: QRect, pal: Palette) -> None:
        rest = self.paint_heading(painter, area, self._small, self._big, pal, self._big_units)
        if not self._tiles:
            self.paint_text(
                painter, rest, "Notes appear here as they are typed in.", self.unit() * 1.2, pal.muted
            )
            return
        low, high = readable_sizes(self)
        key = (rest.width(), rest.height(), low, high, tuple(self._tiles))
        if key != self._layout_key:
            self._layout = fit_tiles(self._tiles, rest, low, high, reserve=round(self.unit() * 1.6))
            self._layout_key = key
        paint_tiles(painter, self._layout, pal)
        self.paint_more(painter, rest, self._layout.hidden, pal)
