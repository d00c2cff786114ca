"""Clusters stage: group a topic's notes into coloured clusters with a heading, by mouse or keyboard.

Mouse: drag a note onto another note (a new cluster, or into that note's cluster), onto a
cluster (join it) or onto the loose-notes column (take it out).  Right-click for the rest.
Keyboard, on the selected note (arrows move): G move to..., N new cluster (Space marks
several notes first), U take out, H make it the heading, F2 or R rename the cluster,
C colour, X ungroup, Enter edit the note's text (F2 too on a loose note), Delete delete.
Clusters and loose notes are the vote items (★).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QPushButton, QScrollArea, QVBoxLayout, QWidget

from workshop_app.errors import ClusterHasVotesError, NoteHasVotesError
from workshop_app.model import Cluster, Idea
from workshop_app.services.base import short
from workshop_app.services.board_service import CLUSTER_COLOURS
from workshop_app.ui.context import UiContext
from workshop_app.ui.stage import StageWidget, follow_look, shows_revision
from workshop_app.ui.stages._board_cards import NoteCard, Target, WidgetCache, neighbour
from workshop_app.ui.stages._board_clusters import (
    VOTE_MARK,
    ClusterBox,
    ClustersWall,
    LoosePanel,
    colour_name,
)
from workshop_app.ui.stages._board_flow import FlowLayout
from workshop_app.ui.stages._board_picker import Choice, PickerPanel
from workshop_app.ui.stages._board_style import (
    DENSE_CARD_PX,
    DENSE_CARD_WIDTH,
    apply_board_look,
    apply_role_fonts,
    attempt,
    attempt_asking,
    column_width,
)
from workshop_app.ui.stages._board_topic import TopicBar

KEYS_HELP = (
    "Arrows: select a note · G: move to… · N: new cluster (Space marks several) · U: take out · "
    "H: make heading · F2/R: rename cluster · C: colour · X: ungroup · Enter: edit note · Del: delete · "
    "or drag notes"
)
ARROWS = (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down)


class ClustersStage(StageWidget):
    title = "Clusters"
    own_fonts = True  # apply_board_look
    hint = KEYS_HELP

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("stageRoot")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._cards: dict[int, NoteCard] = {}
        self._boxes: list[ClusterBox] = []
        self._cache = WidgetCache()
        self._card_scale = ctx.text_scale  # the text scale the cards were last laid out for
        self._order: list[int] = []
        self._ideas: dict[int, Idea] = {}
        self._clusters: dict[int, Cluster] = {}
        self._marked: set[int] = set()
        self._selected: int | None = None  # the note last selected (kept across rebuilds)
        self._grab_focus = False  # after the next rebuild, put focus on the selected note
        self._refresh_pending = False
        self._pending_drop: tuple[int, Target] | None = None

        root = QVBoxLayout(self)
        root.setContentsMargins(16, 12, 16, 12)
        root.setSpacing(8)
        self.topic_bar = TopicBar(ctx)
        self.new_button = QPushButton("&New cluster (N)")
        self.new_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.topic_bar.add_widget(self.new_button)
        root.addWidget(self.topic_bar)
        self.question = QLabel()
        self.question.setProperty("role", "question")
        self.question.setWordWrap(True)
        self.question.setTextFormat(Qt.TextFormat.PlainText)
        root.addWidget(self.question)
        self.summary = QLabel()
        self.summary.setObjectName("voteSummary")
        self.summary.setProperty("role", "status")
        self.summary.setWordWrap(True)
        root.addWidget(self.summary)

        body = QHBoxLayout()
        body.setSpacing(12)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.canvas = QWidget()
        self.canvas.setObjectName("boardCanvas")
        self.flow = FlowLayout(self.canvas, spacing=16)
        self.flow.setContentsMargins(6, 6, 6, 6)
        self.scroll.setWidget(self.canvas)
        self.empty = QLabel(
            "No clusters yet. Drag a note onto another note, or select a note (arrows) and press N.",
            self.canvas,
        )
        self.empty.setProperty("role", "muted")
        self.empty.setWordWrap(True)
        body.addWidget(self.scroll, 3)
        self.loose = LoosePanel()
        self.loose.on_drop = self.on_drop
        self.loose.canvas.on_drop = self.on_drop
        body.addWidget(self.loose, 1)
        root.addLayout(body, 1)
        self.picker = PickerPanel()
        self.picker.restore_focus = self._restore_focus
        root.addWidget(self.picker)

        self.topic_bar.topic_chosen.connect(self._on_topic_bar_topic_chosen)
        self.new_button.clicked.connect(self._on_new_button_clicked)
        self.scroll.viewport().installEventFilter(self)
        follow_look(self, ctx, self._on_ctx_look_changed)
        self._fonts = apply_board_look(self, ctx, DENSE_CARD_PX)

    # --- contract -------------------------------------------------------------

    @property
    def topic_id(self) -> int | None:
        return self.topic_bar.topic_id

    def focus_primary(self) -> None:
        if self._order:
            self._focus(self._selected if self._selected in self._cards else self._order[0])  # type: ignore[arg-type]
        else:
            self.topic_bar.combo.setFocus()

    def wall_view(self) -> QWidget | None:
        return ClustersWall(self)

    @shows_revision
    def refresh(self) -> None:
        if any(card.editing for card in self._cards.values()):
            self._refresh_pending = True
            return
        self._refresh_pending = False
        old_topic = self.topic_id
        self.topic_bar.refresh()
        topic = self.topic_bar.topic
        self.question.setText(
            (topic.question or topic.title) if topic else "No topics yet: add one on Setup."
        )
        self._build()
        if old_topic != self.topic_id:
            self.wall_changed.emit()

    def _on_ctx_look_changed(self, *_args: object) -> None:
        self._fonts = apply_board_look(self, self.ctx, DENSE_CARD_PX)
        if self._card_scale != self.ctx.text_scale:  # new column widths: the same cards, re-laid out
            self._card_scale = self.ctx.text_scale  # (the new sheet gave them their new font)
            self.refresh()

    def _on_topic_bar_topic_chosen(self, _topic_id: int) -> None:
        self._marked.clear()
        self.refresh()
        self.wall_changed.emit()

    # --- building -------------------------------------------------------------

    def _column_width(self) -> int:
        minimum = round(DENSE_CARD_WIDTH * self.ctx.text_scale) + 20
        return column_width(self.scroll.viewport().width() - 12, minimum, self.flow.spacing())

    def _new_card(self, idea: Idea, width: int, meta: str, parent: QWidget) -> NoteCard:
        card = NoteCard(idea.id, idea.text, meta, width=width, draggable=True, parent=parent)
        card.setAcceptDrops(True)
        card.on_drop = self.on_drop
        card.key_handler = self._on_card_key
        card.edit_committed.connect(self._on_card_edit_committed)
        card.edit_finished.connect(self._on_card_edit_finished)
        card.context_requested.connect(self._on_card_context_requested)
        card.drag_finished.connect(self._on_card_drag_finished)
        if idea.id in self._marked:
            card.set_marked(True)
        apply_role_fonts(card, self._fonts)
        return card

    def _new_box(self, cluster: Cluster, members: list[Idea], width: int) -> ClusterBox:
        box = ClusterBox(cluster, width, self.canvas, count=len(members))
        box.on_drop = self.on_drop
        box.menu_requested.connect(self._on_box_menu_requested)
        box.rename_requested.connect(self.rename_cluster)
        for idea in members:
            box.add_card(self._new_card(idea, width - 20, "Heading" if idea.is_heading else "", box))
        apply_role_fonts(box, self._fonts)
        return box

    def _build(self) -> None:
        focus = self.focusWidget()
        if isinstance(focus, NoteCard) and not self._grab_focus:
            self._selected = focus.idea_id
        want_focus = self._grab_focus or isinstance(focus, NoteCard)
        self._grab_focus = False
        for layout in (self.flow, self.loose.canvas.cards):
            while layout.count():  # widgets stay (reused if unchanged); they are put back in order below
                layout.takeAt(0)
        self._cards, self._order, self._boxes = {}, [], []
        topic_id = self.topic_id
        board = self.ctx.ow.board
        clusters = board.clusters(topic_id) if topic_id is not None else []
        ideas = board.ideas(topic_id) if topic_id is not None else []
        self._ideas = {i.id: i for i in ideas}
        self._clusters = {c.id: c for c in clusters}
        self._marked &= set(self._ideas)
        width = self._column_width()
        # Each cluster's notes from the topic's notes (in the same order as ``cluster.ideas``):
        # reading ``cluster.ideas`` would run one query per cluster.
        members: dict[int, list[Idea]] = {c.id: [] for c in clusters}
        for idea in ideas:
            if idea.cluster_id in members:
                members[idea.cluster_id].append(idea)
        self.canvas.setUpdatesEnabled(False)  # one repaint when the board is built, not one per card
        self.loose.canvas.setUpdatesEnabled(False)
        try:
            self._fill(clusters, members, ideas, width)
        finally:
            self.canvas.setUpdatesEnabled(True)
            self.loose.canvas.setUpdatesEnabled(True)
        if want_focus and self._selected in self._cards:
            self._focus(self._selected)

    def _fill(
        self, clusters: list[Cluster], members: dict[int, list[Idea]], ideas: list[Idea], width: int
    ) -> None:
        for cluster in clusters:
            notes = members[cluster.id]
            signature = (
                cluster.title,
                cluster.colour,
                tuple((i.id, i.text, i.is_heading, i.id in self._marked) for i in notes),
            )
            widget, _new = self._cache.get(
                ("cluster", cluster.id), signature, lambda c=cluster, n=notes: self._new_box(c, n, width)
            )
            assert isinstance(widget, ClusterBox)
            widget.set_width(width)
            for card in widget.note_cards:
                self._cards[card.idea_id] = card
                self._order.append(card.idea_id)
            self.flow.addWidget(widget)
            self._boxes.append(widget)
        self.empty.setVisible(not clusters)
        self.flow.addWidget(self.empty)
        loose = [i for i in ideas if i.cluster_id is None]
        loose_width = max(180, self.loose.scroll.viewport().width() - 16)
        for idea in loose:
            widget, _new = self._cache.get(
                ("idea", idea.id),
                (idea.text, idea.id in self._marked),
                lambda i=idea: self._new_card(i, loose_width, VOTE_MARK, self.loose.canvas),
            )
            assert isinstance(widget, NoteCard)
            widget.set_width(loose_width)
            self._cards[idea.id] = widget
            self._order.append(idea.id)
            self.loose.canvas.cards.addWidget(widget)
        self.loose.canvas.cards.addStretch(1)
        self._cache.sweep()
        self.loose.heading.setText(f"Loose notes · {len(loose)}")
        self.summary.setText(
            f"{VOTE_MARK}s: {len(clusters)} cluster{'s' if len(clusters) != 1 else ''} + {len(loose)} loose "
            f"note{'s' if len(loose) != 1 else ''} = {len(clusters) + len(loose)} to vote on"
            + (f" · {len(self._marked)} marked for a new cluster (N)" if self._marked else "")
        )
        self._settle()

    def _settle(self) -> None:
        self.flow.activate()
        for box in self._boxes:
            box.cards.activate()
        self.loose.canvas.cards.activate()

    def _focus(self, idea_id: int) -> None:
        card = self._cards.get(idea_id)
        if card is None:
            return
        self._selected = idea_id
        card.setFocus()
        if self.scroll.widget().isAncestorOf(card):
            self.scroll.ensureWidgetVisible(card)
        else:
            self.loose.scroll.ensureWidgetVisible(card)

    def _select(self, idea_id: int) -> None:
        """Select this note after the next rebuild (and give it the focus)."""
        self._selected = idea_id
        self._grab_focus = True

    def _restore_focus(self) -> None:
        if self._selected in self._cards:
            self._focus(self._selected)  # type: ignore[arg-type]
        elif self._order:
            self._focus(self._order[0])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.scroll.viewport() and event.type() == QEvent.Type.Resize:
            width = self._column_width()
            for box in self._boxes:
                box.set_width(width)
        return super().eventFilter(watched, event)

    def cards(self) -> list[NoteCard]:
        return [self._cards[i] for i in self._order]

    def card(self, idea_id: int) -> NoteCard | None:
        return self._cards.get(idea_id)

    def focused_card(self) -> NoteCard | None:
        focus = self.focusWidget()
        return focus if isinstance(focus, NoteCard) and focus.idea_id in self._cards else None

    # --- dropping and moving --------------------------------------------------------

    def on_drop(self, idea_id: int, target: Target) -> None:
        """A note was dropped; during a real drag the change waits until the drag has ended."""
        if NoteCard.drag_active:
            self._pending_drop = (idea_id, target)
        else:
            self.move_note(idea_id, target)

    def _on_card_drag_finished(self) -> None:
        pending, self._pending_drop = self._pending_drop, None
        if pending is not None:
            QTimer.singleShot(0, lambda: self.move_note(*pending))

    def move_note(self, idea_id: int, target: Target) -> bool:
        """Put a note onto another note, into a cluster, or back among the loose notes."""
        kind, ident = target
        board = self.ctx.ow.board
        idea = self._ideas.get(idea_id)
        if kind == "idea" and ident == idea_id:
            return False
        if kind == "idea":
            ok, _ = attempt(self.ctx, board.group, idea_id, ident)
        elif kind == "cluster":
            if idea is not None and idea.cluster_id == ident:
                return True
            ok, _ = attempt(self.ctx, board.join, idea_id, ident)
        else:
            if idea is not None and idea.cluster_id is None:
                return True
            ok, _ = attempt(self.ctx, board.leave, idea_id)
        if ok:
            self._select(idea_id)
            self._marked.discard(idea_id)
            self.refresh()
        return ok

    def choose_target(self, card: NoteCard) -> None:
        """G: pick where the selected note goes from a quick list."""
        idea = self._ideas[card.idea_id]
        choices = [
            Choice(f"Into: {c.title}", ("cluster", c.id), c.colour)
            for c in self._clusters.values()
            if c.id != idea.cluster_id
        ]
        choices += [
            Choice(f"Group with: {i.text}", ("idea", i.id))
            for i in self._ideas.values()
            if i.cluster_id is None and i.id != idea.id
        ]
        if idea.cluster_id is not None:
            choices.append(Choice("Out to the loose notes", ("loose", 0)))
        if not choices:
            self.ctx.info("There is nowhere else to put this note yet: capture more notes first.")
            return
        self._select(idea.id)
        self.picker.ask_choice(
            f"Move '{short(idea.text)}' to…",
            choices,
            lambda target: self.move_note(idea.id, target),  # type: ignore[arg-type]
        )

    def new_cluster(self, card: NoteCard | None) -> None:
        """N: a new cluster from the marked notes (or the selected one); asks for its heading."""
        ids = [i for i in self._order if i in self._marked] or ([card.idea_id] if card is not None else [])
        topic_id = self.topic_id
        if topic_id is None:
            self.ctx.error("There is no topic. Add a topic on the Setup stage first.")
            return
        first = self._ideas[ids[0]].text if ids else ""
        if ids:
            self._select(ids[0])

        def create(title: str) -> bool:
            ok, _ = attempt(self.ctx, self.ctx.ow.board.create_cluster, topic_id, title, ids)
            if ok:
                self._marked.clear()
                self.refresh()
            return ok

        what = f"{len(ids)} note{'s' if len(ids) != 1 else ''}" if ids else "no notes yet"
        self.picker.ask_text(f"Heading of the new cluster ({what}):", first, create)

    def _on_new_button_clicked(self) -> None:
        self.new_cluster(self.focused_card())

    # --- cluster commands -------------------------------------------------------------

    def _cluster_of(self, card: NoteCard) -> Cluster | None:
        idea = self._ideas.get(card.idea_id)
        cluster = self._clusters.get(idea.cluster_id) if idea is not None and idea.cluster_id else None
        if cluster is None:
            self.ctx.info("This note is not in a cluster. Press N to start one, or G to move it into one.")
        return cluster

    def rename_cluster(self, cluster_id: int) -> None:
        cluster = self._clusters.get(cluster_id)
        if cluster is None:
            return

        def rename(title: str) -> bool:
            ok, _ = attempt(self.ctx, self.ctx.ow.board.rename_cluster, cluster_id, title)
            if ok:
                self.refresh()
            return ok

        self.picker.ask_text("Rename the cluster:", cluster.title, rename)

    def recolour_cluster(self, cluster_id: int) -> None:
        cluster = self._clusters.get(cluster_id)
        if cluster is None:
            return
        choices = [Choice(colour_name(c), c, c) for c in CLUSTER_COLOURS]

        def recolour(colour: object) -> bool:
            ok, _ = attempt(self.ctx, self.ctx.ow.board.recolour_cluster, cluster_id, str(colour))
            if ok:
                self.refresh()
            return ok

        self.picker.ask_choice(f"Colour of '{short(cluster.title)}':", choices, recolour, digits=True)

    def set_heading(self, card: NoteCard) -> None:
        cluster = self._cluster_of(card)
        if cluster is not None:
            self._select(card.idea_id)
            if attempt(self.ctx, self.ctx.ow.board.set_heading, cluster.id, card.idea_id)[0]:
                self.refresh()

    def ungroup(self, cluster_id: int) -> None:
        """Dissolve a cluster; if it already has dots, ask first (undo brings everything back)."""
        cluster = self._clusters.get(cluster_id)
        if cluster is None:
            return
        board = self.ctx.ow.board
        if not attempt_asking(
            self.ctx,
            self,
            "Ungroup a voted cluster?",
            board.ungroup,
            cluster_id,
            refusal=ClusterHasVotesError,
        ):
            return
        self.ctx.info(f"Ungrouped '{short(cluster.title)}' — Ctrl+Z to undo")
        self.refresh()

    def delete_note(self, card: NoteCard) -> None:
        index = self._order.index(card.idea_id)
        rest = self._order[index + 1 :] + self._order[:index][::-1]
        board = self.ctx.ow.board
        ok = attempt_asking(
            self.ctx, self, "Delete a voted note?", board.delete_idea, card.idea_id, refusal=NoteHasVotesError
        )
        if ok:
            self.ctx.info(f"Deleted note '{short(card.text)}' — Ctrl+Z to undo")
            if rest:
                self._select(rest[0])
            self.refresh()

    def toggle_mark(self, card: NoteCard) -> None:
        if card.idea_id in self._marked:
            self._marked.discard(card.idea_id)
        else:
            self._marked.add(card.idea_id)
        card.set_marked(card.idea_id in self._marked)

    # --- keys and menus -------------------------------------------------------------------

    def _on_card_key(self, card: NoteCard, event: QKeyEvent) -> bool:
        if card.editing or event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        key = event.key()
        cluster_key = {
            Qt.Key.Key_R: self.rename_cluster,
            Qt.Key.Key_F2: self.rename_cluster,
            Qt.Key.Key_C: self.recolour_cluster,
            Qt.Key.Key_X: self.ungroup,
        }
        if key in ARROWS or key in (Qt.Key.Key_Home, Qt.Key.Key_End):
            self._settle()
            index = self._order.index(card.idea_id)
            target = {Qt.Key.Key_Home: 0, Qt.Key.Key_End: len(self._order) - 1}.get(
                key, neighbour(self.cards(), index, key) if key in ARROWS else -1
            )
            if 0 <= target < len(self._order):
                self._focus(self._order[target])
        elif key == Qt.Key.Key_G:
            self.choose_target(card)
        elif key == Qt.Key.Key_N:
            self.new_cluster(card)
        elif key == Qt.Key.Key_U:
            self.move_note(card.idea_id, ("loose", 0))
        elif key == Qt.Key.Key_H:
            self.set_heading(card)
        elif key == Qt.Key.Key_F2 and self._ideas[card.idea_id].cluster_id is None:
            return False  # a loose note: F2 edits its text, as on the Ideas stage
        elif key in cluster_key:
            cluster = self._cluster_of(card)
            if cluster is not None:
                self._select(card.idea_id)
                cluster_key[key](cluster.id)
        elif key == Qt.Key.Key_Space:
            self.toggle_mark(card)
            self.refresh()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            card.start_edit()
        elif key == Qt.Key.Key_Delete:
            self.delete_note(card)
        elif key == Qt.Key.Key_Escape and self._marked:
            self._marked.clear()
            self.refresh()
        else:
            return False
        return True

    def _on_card_context_requested(self, idea_id: int, pos: QPoint) -> None:
        card = self._cards.get(idea_id)
        idea = self._ideas.get(idea_id)
        if card is None or idea is None:
            return
        menu = QMenu(self)
        entries: list[tuple[str, object]] = [
            ("Move to… (G)", lambda: self.choose_target(card)),
            ("New cluster from this note (N)", lambda: self.new_cluster(card)),
            ("Mark / unmark for a new cluster (Space)", lambda: (self.toggle_mark(card), self.refresh())),
        ]
        if idea.cluster_id is not None:
            cid = idea.cluster_id
            entries += [
                ("Take out of the cluster (U)", lambda: self.move_note(idea_id, ("loose", 0))),
                ("Make this the heading (H)", lambda: self.set_heading(card)),
                ("Rename the cluster (F2, R)", lambda: self.rename_cluster(cid)),
                ("Colour of the cluster (C)", lambda: self.recolour_cluster(cid)),
                ("Ungroup the cluster (X)", lambda: self.ungroup(cid)),
            ]
        entries += [
            ("Edit the text (Enter)", card.start_edit),
            ("Delete the note (Del)", lambda: self.delete_note(card)),
        ]
        for label, fn in entries:
            action = QAction(label, menu)
            action.triggered.connect(fn)
            menu.addAction(action)
        menu.exec(pos)

    def _on_box_menu_requested(self, cluster_id: int, pos: QPoint) -> None:
        cluster = self._clusters.get(cluster_id)
        if cluster is None:
            return
        menu = QMenu(self)
        menu.addAction("Rename…", lambda: self.rename_cluster(cluster_id))
        colours = menu.addMenu("Colour")
        for colour in CLUSTER_COLOURS:
            colours.addAction(
                colour_name(colour),
                lambda c=colour: attempt(self.ctx, self.ctx.ow.board.recolour_cluster, cluster_id, c),
            )
        headings = menu.addMenu("Heading note")
        for idea in cluster.ideas:
            headings.addAction(
                short(idea.text),
                lambda i=idea.id: attempt(self.ctx, self.ctx.ow.board.set_heading, cluster_id, i),
            )
        menu.addAction("Ungroup", lambda: self.ungroup(cluster_id))
        menu.exec(pos)

    # --- editing note text ------------------------------------------------------------

    def _on_card_edit_committed(self, idea_id: int, text: str) -> None:
        card = self._cards.get(idea_id)
        ok, _ = attempt(self.ctx, self.ctx.ow.board.edit_idea, idea_id, text)
        if card is None:
            return
        if ok:
            card.set_text(text.strip())
            card.end_edit()
        else:
            card.edit_failed()

    def _on_card_edit_finished(self, idea_id: int) -> None:
        if self._refresh_pending:
            self._select(idea_id)
            QTimer.singleShot(0, self.refresh)
