"""Ideas stage: capture notes fast for named people or anonymous, edit them, present them.

The capture box keeps the focus: type, Enter, next note.  Alt+1..9 (Alt+0 anonymous) or
Ctrl+Up/Ctrl+Down choose the author, who stays chosen for the next notes.  Tab moves into
the notes: arrows select, F2 or double-click edits in place, Delete deletes (Ctrl+Z brings
it back), Esc returns to the capture box.  F5 presents person by person.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from workshop_app.errors import NoteHasVotesError
from workshop_app.model import Idea, Participant
from workshop_app.services.base import short
from workshop_app.ui.context import UiContext
from workshop_app.ui.stage import StageWidget, follow_look, shows_revision
from workshop_app.ui.stages._board_cards import NoteCard, WidgetCache, neighbour
from workshop_app.ui.stages._board_flow import FlowLayout
from workshop_app.ui.stages._board_present import ANONYMOUS, IdeasWall, Presenter, PresentView, presenters
from workshop_app.ui.stages._board_style import (
    CARD_PX,
    CARD_WIDTH,
    apply_board_look,
    apply_role_fonts,
    attempt,
    attempt_asking,
    column_width,
    px,
)
from workshop_app.ui.stages._board_topic import TopicBar
from workshop_app.ui.stages._ideas_capture import CaptureBox, is_command

ARROWS = (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Home, Qt.Key.Key_End)


class AuthorGroup(QFrame):
    """One person's notes: their name, then the cards one under the other."""

    def __init__(self, heading: str, width: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("authorGroup")
        self._width = width
        self.cards = QVBoxLayout(self)
        self.cards.setContentsMargins(0, 0, 0, 0)
        self.cards.setSpacing(10)
        self.heading = QLabel(heading)
        self.heading.setProperty("role", "title")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.cards.addWidget(self.heading)
        self.note_cards: list[NoteCard] = []

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
                card.set_width(width)
            self.updateGeometry()


class IdeasStage(StageWidget):
    title = "Ideas"
    own_fonts = True  # apply_board_look
    hint = (
        "Type an idea, Enter · Shift+Enter new line · Alt+1..9 / Ctrl+↑↓ author (Alt+0 anonymous) · "
        "Tab to the notes: F2 edit, Del delete, Esc back · F5 present"
    )

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("stageRoot")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.presenting = False
        self.present_index = 0
        self._author_id: int | None = None
        self._people: list[Participant] = []
        self._cards: dict[int, NoteCard] = {}
        self._groups: list[AuthorGroup] = []
        self._cache = WidgetCache()
        self._card_scale = ctx.text_scale  # the text scale the cards were last laid out for
        self._order: list[int] = []
        self._refresh_pending = False
        self._reveal_id: int | None = None
        self._focus_id: int | None = None

        root = QVBoxLayout(self)
        root.setContentsMargins(16, 12, 16, 12)
        root.setSpacing(10)
        self.topic_bar = TopicBar(ctx)
        self.present_button = QPushButton("&Present (F5)")
        self.present_button.setCheckable(True)
        self.present_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.topic_bar.add_widget(self.present_button)
        root.addWidget(self.topic_bar)
        self.question = QLabel()
        self.question.setObjectName("topicQuestion")
        self.question.setProperty("role", "question")
        self.question.setWordWrap(True)
        self.question.setTextFormat(Qt.TextFormat.PlainText)
        root.addWidget(self.question)

        self.stack = QStackedWidget()
        root.addWidget(self.stack, 1)
        capture_page = QWidget()
        page = QVBoxLayout(capture_page)
        page.setContentsMargins(0, 0, 0, 0)
        entry = QHBoxLayout()
        self.author_label = author_label = QLabel("&Author:")
        self.author_combo = QComboBox()
        self.author_combo.setObjectName("authorCombo")
        # As wide as a usual name (a longer one is cut with "…"; its list shows it whole): one long
        # name must not squeeze the box every note is typed into.
        self.author_combo.setMinimumContentsLength(22)
        self.author_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        author_label.setBuddy(self.author_combo)
        self.capture = CaptureBox()
        self.add_button = QPushButton("Add ⏎")
        self.add_button.setProperty("primary", "true")
        self.add_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        entry.addWidget(author_label, 0, Qt.AlignmentFlag.AlignTop)
        entry.addWidget(self.author_combo, 0, Qt.AlignmentFlag.AlignTop)
        entry.addWidget(self.capture, 1)
        entry.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignTop)
        page.addLayout(entry)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.canvas = QWidget()
        self.canvas.setObjectName("boardCanvas")
        self.sections = FlowLayout(self.canvas, spacing=18)
        self.sections.setContentsMargins(6, 6, 6, 6)
        self.scroll.setWidget(self.canvas)
        self.empty = QLabel("No notes yet. Type the first idea above and press Enter.", self.canvas)
        self.empty.setProperty("role", "muted")
        page.addWidget(self.scroll, 1)
        self.stack.addWidget(capture_page)
        self.present_view = PresentView(ctx)
        self.stack.addWidget(self.present_view)

        self.topic_bar.topic_chosen.connect(self._on_topic_bar_topic_chosen)
        self.capture.submitted.connect(self._on_capture_submitted)
        self.capture.author_stepped.connect(self._on_capture_author_stepped)
        self.capture.author_picked.connect(self._on_capture_author_picked)
        self.capture.wall_requested.connect(self.focus_cards)
        self.add_button.clicked.connect(lambda: self._on_capture_submitted(self.capture.toPlainText()))
        self.author_combo.activated.connect(self._on_author_combo_activated)
        self.author_combo.installEventFilter(self)
        self.scroll.viewport().installEventFilter(self)
        self.present_button.toggled.connect(self._on_present_button_toggled)
        self.present_view.moved.connect(self._on_present_view_moved)
        self.present_view.jumped.connect(self._on_present_view_jumped)
        self.present_view.left.connect(lambda: self.set_presenting(False))
        shortcut = QShortcut(QKeySequence(Qt.Key.Key_F5), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(lambda: self.set_presenting(not self.presenting))
        follow_look(self, ctx, self._on_ctx_look_changed)
        self._apply_look()

    # --- contract -------------------------------------------------------------

    def focus_primary(self) -> None:
        if self.presenting:
            self.present_view.setFocus()
        else:
            self.capture.setFocus()

    def wall_view(self) -> QWidget | None:
        return IdeasWall(self)

    @property
    def topic_id(self) -> int | None:
        return self.topic_bar.topic_id

    @property
    def author_id(self) -> int | None:
        return self._author_id

    @shows_revision
    def refresh(self) -> None:
        if any(card.editing for card in self._cards.values()):
            self._refresh_pending = True  # never throw away an edit in progress
            return
        self._refresh_pending = False
        old_topic = self.topic_id
        self.topic_bar.refresh()
        topic = self.topic_bar.topic
        self.question.setText(
            (topic.question or topic.title) if topic else "No topics yet: add a topic on the Setup stage."
        )
        self._fill_authors()
        self._build_cards()
        if self.presenting:
            self._show_presenter()
        if old_topic != self.topic_id:
            self.wall_changed.emit()

    # --- look -----------------------------------------------------------------

    def _on_ctx_look_changed(self, *_args: object) -> None:
        self._apply_look()
        if self._card_scale != self.ctx.text_scale:  # new column widths: the same cards, re-laid out
            self._card_scale = self.ctx.text_scale  # (apply_board_look gave them their new font)
            self._fit_columns()
            self._settle_layout()
            if self.presenting:
                self._show_presenter()

    def _apply_look(self) -> None:
        self._fonts = apply_board_look(self, self.ctx)
        lines = 2.6 * px(self.ctx, CARD_PX) * 1.25
        self.capture.setFixedHeight(round(lines + 16))
        # At most as wide as a long usual name and its key ("Rebecca Thornton   Alt+5"): a longer
        # name is cut here (the list and the box's placeholder show it whole) and never squeezes
        # the box notes are typed into.
        widest = self.author_combo.fontMetrics().horizontalAdvance("Rebecca Thornton   Alt+5")
        self.author_combo.setMaximumWidth(widest + 48)
        self.author_label.setFixedHeight(self.author_combo.sizeHint().height())

    # --- authors --------------------------------------------------------------

    def _fill_authors(self) -> None:
        people = self.ctx.ow.setup.participants()
        # Names first so typing a name's first letters finds it; the Alt+digit key after it.
        labels = [f"{ANONYMOUS}   Alt+0"] + [
            f"{p.name}   Alt+{i}" if i <= 9 else p.name for i, p in enumerate(people, 1)
        ]
        data: list[int | None] = [None, *(p.id for p in people)]
        current = [self.author_combo.itemText(i) for i in range(self.author_combo.count())]
        if current != labels or [p.id for p in self._people] != data[1:]:
            self.author_combo.blockSignals(True)
            self.author_combo.clear()
            for label, pid in zip(labels, data, strict=True):
                self.author_combo.addItem(label, pid)
            self.author_combo.blockSignals(False)
        self._people = people
        if self._author_id not in data:
            self._author_id = None
        self.author_combo.setCurrentIndex(data.index(self._author_id))
        self._show_author()

    def set_author(self, author_id: int | None) -> None:
        self._author_id = author_id
        for i in range(self.author_combo.count()):
            if self.author_combo.itemData(i) == author_id:
                self.author_combo.setCurrentIndex(i)
        self._show_author()

    def _show_author(self) -> None:
        name = next((p.name for p in self._people if p.id == self._author_id), None)
        who = f"{name}'s idea" if name else "An anonymous idea"
        self.capture.setPlaceholderText(f"{who}: type it, press Enter")

    def _on_capture_author_stepped(self, step: int) -> None:
        count = self.author_combo.count()
        if count:
            index = (self.author_combo.currentIndex() + step) % count
            self.set_author(self.author_combo.itemData(index))

    def _on_capture_author_picked(self, number: int) -> None:
        if number == 0:
            self.set_author(None)
        elif number <= len(self._people):
            self.set_author(self._people[number - 1].id)
        else:
            self.ctx.error(f"There is no person {number}: choose from 0 (anonymous) to {len(self._people)}.")

    def _on_author_combo_activated(self, index: int) -> None:
        self._author_id = self.author_combo.itemData(index)
        self._show_author()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.scroll.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_columns()
            return False
        if (
            watched is self.author_combo
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape)
        ):
            self._author_id = self.author_combo.currentData()
            self._show_author()
            self.capture.setFocus()
            return True
        return super().eventFilter(watched, event)

    # --- capture ----------------------------------------------------------------

    def _on_capture_submitted(self, text: str) -> None:
        topic_id = self.topic_id
        if topic_id is None:
            self.ctx.error("There is no topic to add notes to. Add a topic on the Setup stage first.")
            return
        self._author_id = self.author_combo.currentData()
        ok, idea = attempt(self.ctx, self.ctx.ow.board.add_idea, topic_id, text, self._author_id)
        if not ok or idea is None:
            self.capture.setFocus()  # the typed text stays in the box
            return
        self.capture.clear()
        self.capture.setFocus()
        self._reveal_id = idea.id
        self.refresh()

    # --- cards ------------------------------------------------------------------

    def _build_cards(self) -> None:
        focus = self.focusWidget()
        focused_card = focus.idea_id if isinstance(focus, NoteCard) else None
        keep = self._focus_id if self._focus_id is not None else focused_card
        self._focus_id = None
        scroll_value = self.scroll.verticalScrollBar().value()
        self.setUpdatesEnabled(False)
        try:
            while self.sections.count():  # the widgets stay; they are put back in order below
                self.sections.takeAt(0)
            self._cards = {}
            self._groups = []
            self._order = []
            topic_id = self.topic_id
            groups = self.ctx.ow.board.ideas_by_author(topic_id) if topic_id is not None else {}
            names = {p.id: p.name for p in self._people}
            author_order = [p.id for p in self._people if p.id in groups]
            author_order += [a for a in groups if a is not None and a not in author_order]
            if None in groups:
                author_order.append(None)
            width = self._column_width()
            for author in author_order:
                notes = groups[author]
                name = names.get(author, ANONYMOUS) if author is not None else ANONYMOUS
                signature = (topic_id, name, tuple((n.id, n.text) for n in notes))
                widget, _new = self._cache.get(
                    author, signature, lambda name=name, notes=notes: self._new_group(name, notes, width)
                )
                box = widget if isinstance(widget, AuthorGroup) else None
                assert box is not None
                box.set_width(width)
                self._groups.append(box)
                for card in box.note_cards:
                    self._cards[card.idea_id] = card
                    self._order.append(card.idea_id)
                self.sections.addWidget(box)
            self._cache.sweep()
            self.empty.setVisible(not author_order)
            self.sections.addWidget(self.empty)
        finally:
            self.setUpdatesEnabled(True)
        self._settle_layout()
        self.scroll.verticalScrollBar().setValue(scroll_value)
        if keep is not None and keep in self._cards:
            self._cards[keep].setFocus()
            self.scroll.ensureWidgetVisible(self._cards[keep])
        if self._reveal_id is not None and self._reveal_id in self._cards:
            QTimer.singleShot(0, lambda i=self._reveal_id: self._scroll_to(i))
        self._reveal_id = None

    def _new_group(self, name: str, notes: list[Idea], width: int) -> AuthorGroup:
        box = AuthorGroup(f"{name} · {len(notes)}", width, self.canvas)
        for note in notes:
            card = NoteCard(note.id, note.text, width=width, parent=box)
            card.edit_committed.connect(self._on_card_edit_committed)
            card.edit_finished.connect(self._on_card_edit_finished)
            card.key_handler = self._on_card_key
            box.add_card(card)
        apply_role_fonts(box, self._fonts)
        return box

    def _settle_layout(self) -> None:
        """Place the cards now (not at the next event loop turn) so positions and scrolling are right."""
        self.sections.activate()
        for group in self._groups:
            group.cards.activate()

    def _column_width(self) -> int:
        """Author columns fill the width: as many as fit at the card width, sharing what is left."""
        minimum = round(CARD_WIDTH * self.ctx.text_scale)
        return column_width(self.scroll.viewport().width() - 12, minimum, self.sections.spacing())

    def _fit_columns(self) -> None:
        width = self._column_width()
        for group in self._groups:
            group.set_width(width)

    def _scroll_to(self, idea_id: int) -> None:
        card = self._cards.get(idea_id)
        if card is not None:
            self.scroll.ensureWidgetVisible(card)

    def cards(self) -> list[NoteCard]:
        """Cards in reading order (by author group)."""
        return [self._cards[i] for i in self._order]

    def card(self, idea_id: int) -> NoteCard | None:
        return self._cards.get(idea_id)

    def focused_card(self) -> NoteCard | None:
        focus = self.focusWidget()
        return focus if isinstance(focus, NoteCard) and focus.idea_id in self._cards else None

    def focus_cards(self) -> None:
        if self._order:
            card = self._cards[self._order[-1]]
            card.setFocus()
            self.scroll.ensureWidgetVisible(card)
        else:
            self.ctx.info("No notes yet: type one and press Enter.")

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
            self._focus_id = idea_id
            QTimer.singleShot(0, self.refresh)

    def delete_card(self, card: NoteCard) -> None:
        index = self._order.index(card.idea_id)
        neighbours = self._order[index + 1 :] + self._order[:index][::-1]
        board = self.ctx.ow.board
        if not attempt_asking(
            self.ctx, self, "Delete a voted note?", board.delete_idea, card.idea_id, refusal=NoteHasVotesError
        ):
            return
        self.ctx.info(f"Deleted note '{short(card.text)}' — Ctrl+Z to undo")
        self._focus_id = neighbours[0] if neighbours else None
        self.refresh()
        if self._focus_id is None and not self._order:
            self.capture.setFocus()

    def reassign(self, card: NoteCard, number: int) -> None:
        """Alt+digit on a note: it is by the n-th person (Alt+0: anonymous) from now on."""
        if number > len(self._people):
            self.ctx.error(f"There is no person {number}: choose from 0 (anonymous) to {len(self._people)}.")
            return
        person = self._people[number - 1] if number else None
        ok, _ = attempt(self.ctx, self.ctx.ow.board.set_author, card.idea_id, person.id if person else None)
        if not ok:
            return
        who = person.name if person is not None else "anonymous"
        self.ctx.info(f"Note '{short(card.text)}' is now by {who} — Ctrl+Z to undo")
        self._focus_id = card.idea_id
        self.refresh()

    def _on_card_key(self, card: NoteCard, event: QKeyEvent) -> bool:
        key = event.key()
        if card.editing:
            return False
        text = event.text()
        if key == Qt.Key.Key_Backspace or (text and text.isprintable() and not is_command(event)):
            # Typing meant for the capture box (after a Tab pressed by mistake) goes there: it
            # was dropped, and Backspace to correct it deleted one note per press.
            self.capture.setFocus()
            self.capture.keyPressEvent(event)
            return True
        if event.modifiers() == Qt.KeyboardModifier.AltModifier and Qt.Key.Key_0 <= key <= Qt.Key.Key_9:
            self.reassign(card, int(key) - int(Qt.Key.Key_0))  # typed under the wrong person
            return True
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        if key == Qt.Key.Key_Delete:
            self.delete_card(card)
        elif key == Qt.Key.Key_Escape:
            self.capture.setFocus()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            card.start_edit()
        elif key in ARROWS:
            self._move_focus(card, key)
        else:
            return False
        return True

    def _move_focus(self, card: NoteCard, key: int) -> None:
        self._settle_layout()
        index = self._order.index(card.idea_id)
        if key == Qt.Key.Key_Home:
            target = 0
        elif key == Qt.Key.Key_End:
            target = len(self._order) - 1
        else:
            target = neighbour(self.cards(), index, key)
        if 0 <= target < len(self._order):
            nxt = self._cards[self._order[target]]
            nxt.setFocus()
            self.scroll.ensureWidgetVisible(nxt)

    # --- present mode --------------------------------------------------------------

    def presenter_list(self) -> list[Presenter]:
        return presenters(self.ctx, self.topic_id)

    def current_presenter(self) -> Presenter | None:
        people = self.presenter_list()
        if not people:
            return None
        return people[max(0, min(self.present_index, len(people) - 1))]

    def present_position(self) -> str:
        people = self.presenter_list()
        index = max(0, min(self.present_index, len(people) - 1))
        return f"{index + 1} of {len(people)}" if people else ""

    def set_presenting(self, on: bool) -> None:
        if on == self.presenting:
            return
        self.presenting = on
        self.present_button.blockSignals(True)
        self.present_button.setChecked(on)
        self.present_button.blockSignals(False)
        if on:
            self.present_index = 0
            self._show_presenter()
            self.stack.setCurrentWidget(self.present_view)
            self.present_view.setFocus()
        else:
            self.stack.setCurrentIndex(0)
            self.capture.setFocus()
        self.wall_changed.emit()

    def _show_presenter(self) -> None:
        people = self.presenter_list()
        self.present_index = max(0, min(self.present_index, len(people) - 1))
        self.present_view.show_presenter(people, self.present_index)

    def _on_present_button_toggled(self, on: bool) -> None:
        self.set_presenting(on)

    def _on_present_view_moved(self, step: int) -> None:
        self._on_present_view_jumped(self.present_index + step)

    def _on_present_view_jumped(self, index: int) -> None:
        count = len(self.presenter_list())
        if count == 0:
            return
        new = count - 1 if index < 0 else min(index, count - 1)
        if new != self.present_index:
            self.present_index = new
            self._show_presenter()
            self.wall_changed.emit()

    def _on_topic_bar_topic_chosen(self, _topic_id: int) -> None:
        self.present_index = 0
        self.refresh()
        self.wall_changed.emit()
