"""Vote stage: set up a dot-voting round, place dots person by person, reveal a ranked chart.

The rules (dots per person, several dots on one item, a per-item limit) start from the
rules' suggestion and can change while the round is open, as long as no dots already
placed break them.  Totals stay hidden (here and on the wall) until Reveal.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from workshop_app.errors import PlanwallError
from workshop_app.model import VotingRound
from workshop_app.rules.voting import MAX_VOTES_PER_PERSON, ItemRef, VoteRules, remaining_votes
from workshop_app.services.base import short
from workshop_app.services.voting_service import RoundResults
from workshop_app.ui.context import UiContext
from workshop_app.ui.stage import StageWidget, follow_look, shows_revision
from workshop_app.ui.stages._board_flow import keep_together, wrapping_row
from workshop_app.ui.stages._board_style import apply_board_look, attempt, px
from workshop_app.ui.stages._board_topic import TopicBar
from workshop_app.ui.stages._vote_chart import RankedBarChart, VoteWall
from workshop_app.ui.stages._vote_grid import GridData, VoteGridWidget
from workshop_app.ui.widgets.elided_label import ElidedLabel, ShrinkingLabel


def _dots(n: int) -> str:
    return "1 dot" if n == 1 else f"{n} dots"


class VoteStage(StageWidget):
    title = "Vote"
    own_fonts = True  # apply_board_look
    hint = (
        "Arrows pick a cell · Space or click adds a dot · Backspace or right-click takes it off · Alt+L rules"
    )

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("stageRoot")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.round_id: int | None = None
        self._rounds: list[VotingRound] = []
        self._results: RoundResults | None = None
        self._setup_touched = False
        self._drafting = False  # "New round" pressed: set the rules of a round not started yet
        self._show_grid = False  # after the reveal, the chart is shown unless the grid is asked for
        self._said_at: int | None = None  # the store revision the feedback line speaks of
        # While a new round is set up: each round's state, to find the one an undo or redo changed
        # out of sight (the stage then shows it), and the label of that undo or redo.
        self._draft_marks: dict[int, tuple[object, ...]] | None = None
        self._draft_undo: str | None = None

        root = QVBoxLayout(self)
        root.setContentsMargins(16, 12, 16, 12)
        root.setSpacing(8)
        self.topic_bar = TopicBar(ctx)
        round_label = QLabel("Ro&und:")
        self.round_combo = QComboBox()
        self.round_combo.setObjectName("roundCombo")
        self.round_combo.setMinimumContentsLength(12)
        round_label.setBuddy(self.round_combo)
        self.new_round_button = QPushButton("&New round")
        self.topic_bar.add_widget(round_label, self.round_combo)
        self.topic_bar.add_widget(self.new_round_button)
        root.addWidget(self.topic_bar)
        self.question = QLabel()
        self.question.setProperty("role", "question")
        self.question.setWordWrap(True)
        self.question.setTextFormat(Qt.TextFormat.PlainText)
        root.addWidget(self.question)
        # While the dots grid shows, the question takes one line (the whole of it in the tooltip
        # and on the wall): the grid gets the room.
        self.question_line = ElidedLabel()
        self.question_line.setObjectName("voteQuestionLine")
        self.question_line.setProperty("role", "question")
        self.question_line.hide()
        root.addWidget(self.question_line)

        budget_label = QLabel("&Dots per person:")
        self.budget = QSpinBox()
        self.budget.setObjectName("budgetSpin")
        self.budget.setRange(1, MAX_VOTES_PER_PERSON)
        self.budget.setKeyboardTracking(False)
        budget_label.setBuddy(self.budget)
        self.suggested = QLabel()
        self.suggested.setProperty("role", "muted")
        self.multiple = QCheckBox("Several dots on one ite&m")
        cap_label = QLabel("Ma&x per item:")
        self.cap = QSpinBox()
        self.cap.setObjectName("capSpin")
        self.cap.setRange(0, MAX_VOTES_PER_PERSON)
        self.cap.setSpecialValueText("No limit")
        self.cap.setKeyboardTracking(False)
        cap_label.setBuddy(self.cap)
        self.start_button = QPushButton("St&art the vote")
        self.start_button.setProperty("primary", "true")
        # The round's rules: shown while a round is set up; once it has started they fold away
        # behind the Rules button (Alt+L), which says the dots per person (the rest in its tooltip).
        self.rules_row = wrapping_row(
            keep_together(budget_label, self.budget, self.suggested),
            self.multiple,
            keep_together(cap_label, self.cap),
            self.start_button,
        )
        self.rules_row.setObjectName("voteRules")
        root.addWidget(self.rules_row)

        self.progress = ShrinkingLabel()
        self.progress.setObjectName("voteProgress")
        self.progress.setProperty("role", "status")
        self.rules_button = QPushButton("Ru&les")
        self.rules_button.setObjectName("voteRulesButton")
        self.rules_button.setCheckable(True)
        self.rules_button.setToolTip("Show or fold away the round's rules (Alt+L)")
        self.reveal_button = QPushButton("&Reveal results")
        self.reveal_button.setProperty("primary", "true")
        self.open_button = QPushButton("&Close voting")
        self.view_button = QPushButton("Dots &grid")
        self.view_button.setToolTip("Switch between the ranked chart and the dots grid (Alt+G, Alt+H)")
        progress_row = QHBoxLayout()  # one line: the progress text gives way ("…", tooltip) to the buttons
        progress_row.setSpacing(14)
        progress_row.addWidget(self.progress, 1)
        for button in (self.rules_button, self.view_button, self.open_button, self.reveal_button):
            progress_row.addWidget(button)
        root.addLayout(progress_row)
        self.feedback = ElidedLabel()
        self.feedback.setObjectName("voteFeedback")
        self.feedback.hide()
        root.addWidget(self.feedback)

        self.content = QStackedWidget()
        self.empty = QLabel()
        self.empty.setProperty("role", "muted")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.grid = VoteGridWidget()
        self.grid_scroll = QScrollArea()
        self.grid_scroll.setWidgetResizable(True)
        self.grid_scroll.setWidget(self.grid)
        self.grid.follow_scrolling(self.grid_scroll)
        self.grid_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        results = QWidget()
        results_layout = QVBoxLayout(results)
        results_layout.setContentsMargins(0, 0, 0, 0)
        self.chart = RankedBarChart(ctx)
        self.notes = QLabel()
        self.notes.setObjectName("resultNotes")
        self.notes.setProperty("role", "muted")
        self.notes.setWordWrap(True)
        self.notes.setTextFormat(Qt.TextFormat.PlainText)
        results_layout.addWidget(self.chart, 1)
        results_layout.addWidget(self.notes)
        for w in (self.empty, self.grid_scroll, results):
            self.content.addWidget(w)
        self.results_page = results
        root.addWidget(self.content, 1)

        self.topic_bar.topic_chosen.connect(self._on_topic_bar_topic_chosen)
        self.round_combo.activated.connect(self._on_round_combo_activated)
        self.new_round_button.clicked.connect(self.new_round)
        self.start_button.clicked.connect(self.start_round)
        self.budget.valueChanged.connect(self._on_rules_edited)
        self.multiple.toggled.connect(self._on_rules_edited)
        self.cap.valueChanged.connect(self._on_rules_edited)
        self.reveal_button.clicked.connect(self.toggle_reveal)
        self.open_button.clicked.connect(self.toggle_open)
        self.view_button.clicked.connect(self._on_view_button_clicked)
        self.rules_button.toggled.connect(self._on_rules_button_toggled)
        self.grid.dot_added.connect(self._on_grid_dot_added)
        self.grid.dot_removed.connect(self._on_grid_dot_removed)
        self.grid.cell_changed.connect(self._on_grid_cell_changed)
        ctx.workshop_changed.connect(self._on_ctx_workshop_changed)
        follow_look(self, ctx, self._on_ctx_look_changed)
        apply_board_look(self, ctx)

    # --- contract -------------------------------------------------------------------

    def focus_primary(self) -> None:
        if self.round_id is None:
            self.budget.setFocus()
        elif self.content.currentWidget() is self.grid_scroll:
            self.grid.setFocus()
        else:
            self.reveal_button.setFocus()

    def wall_view(self) -> QWidget | None:
        return VoteWall(self)

    def current_round(self) -> VotingRound | None:
        return next((r for r in self._rounds if r.id == self.round_id), None)

    @shows_revision
    def refresh(self) -> None:
        old = (self.topic_bar.topic_id, self.round_id)
        self.topic_bar.refresh()
        topic = self.topic_bar.topic
        question = (topic.question or topic.title) if topic else "No topics yet: add one on Setup."
        self.question.setText(question)
        self.question_line.setText(" ".join(question.split()))
        voting = self.ctx.ow.voting
        self._rounds = voting.rounds(topic.id) if topic is not None else []
        ids = [r.id for r in self._rounds]
        undone_note = ""
        if self._drafting:
            self.round_id = self._round_changed_while_drafting()
            if self.round_id is not None:  # an undo or redo changed a round: show it as it is now
                self._drafting = False
                self._show_grid = False
                undone_note = self._undone_note()
        if self._drafting:
            self.round_id = None
        elif self.round_id not in ids:
            self.round_id = ids[-1] if ids else None
        self.round_combo.blockSignals(True)
        self.round_combo.clear()
        for r in self._rounds:
            state = ("open" if r.is_open else "closed") + (", revealed" if r.revealed else "")
            self.round_combo.addItem(f"{r.title} ({state})", r.id)
        if self.round_id is not None:
            self.round_combo.setCurrentIndex(ids.index(self.round_id))
        else:
            self.round_combo.setCurrentIndex(-1)
            self.round_combo.setPlaceholderText("new round" if self._drafting else "none yet")
        self.round_combo.blockSignals(False)
        self.round_combo.setEnabled(bool(self._rounds))
        self.new_round_button.setEnabled(topic is not None and bool(self._rounds) and not self._drafting)
        self._show_rules()
        self._show_round()
        if undone_note:
            self._say(undone_note)
            self.focus_primary()  # (the focus was in the new round's rules, folded away now)
        if old != (self.topic_bar.topic_id, self.round_id):
            self.wall_changed.emit()

    def _on_ctx_workshop_changed(self, label: str) -> None:
        if self._drafting and label.startswith(("Undo ", "Redo ")):
            self._draft_undo = label

    def _round_changed_while_drafting(self) -> int | None:
        """The round of this topic an undo or redo changed while a new round is set up, if any
        (Ctrl+Z there would otherwise hide or reopen the last round's results out of sight)."""
        voting = self.ctx.ow.voting
        marks: dict[int, tuple[object, ...]] = {}
        for r in self._rounds:
            dots = voting.results(r.id).total_dots
            marks[r.id] = (r.is_open, r.revealed, r.votes_per_person, r.allow_multiple, r.per_item_cap, dots)
        before, self._draft_marks = self._draft_marks, marks
        if self._draft_undo is None or before is None:
            return None
        changed = [rid for rid, mark in marks.items() if before.get(rid) != mark]
        return changed[-1] if changed else None

    def _undone_note(self) -> str:
        label, self._draft_undo = self._draft_undo or "", None
        done = "Undone" if label.startswith("Undo ") else "Redone"
        rnd = self.current_round()
        title = rnd.title if rnd is not None else "the round"
        return f"{done}: {label[5:]}, shown here in '{title}'. The new round was not started: Alt+N."

    # --- rules ------------------------------------------------------------------------

    def _show_rules(self) -> None:
        topic_id = self.topic_bar.topic_id
        rnd = self.current_round()
        for w in (self.budget, self.multiple, self.cap):
            w.blockSignals(True)
        n = len(self.ctx.ow.board.vote_items(topic_id)) if topic_id is not None else 0
        if rnd is not None:
            self.budget.setValue(rnd.votes_per_person)
            self.multiple.setChecked(rnd.allow_multiple)
            self.cap.setValue(rnd.per_item_cap or 0)
        elif not self._setup_touched:
            self.multiple.setChecked(True)
            self.cap.setValue(0)
            self.budget.setValue(self.ctx.ow.voting.suggested_budget(topic_id) if topic_id is not None else 4)
        suggested = (
            self.ctx.ow.voting.suggested_budget(topic_id, self.multiple.isChecked())
            if topic_id is not None
            else 4
        )
        self.suggested.setText(f"(suggested {suggested})")
        self.suggested.setToolTip(
            f"Suggested by the rules for {n} item{'s' if n != 1 else ''} to vote on: "
            "about one dot for every three items, 4 to 7."
        )
        self.cap.setEnabled(self.multiple.isChecked())
        editable = rnd is None or rnd.is_open
        for w in (self.budget, self.multiple, self.cap):
            w.setEnabled(editable if w is not self.cap else editable and self.multiple.isChecked())
            w.blockSignals(False)
        self.start_button.setVisible(rnd is None)
        self.start_button.setEnabled(n > 0)
        self.rules_row.setVisible(rnd is None or self.rules_button.isChecked())
        self.rules_button.setVisible(rnd is not None)
        self.question.setVisible(rnd is None)
        self.question_line.setVisible(rnd is not None)
        if rnd is not None:
            capped = rnd.allow_multiple and rnd.per_item_cap
            cap = f", at most {rnd.per_item_cap} on one item" if capped else ""
            several = "several on one item" if rnd.allow_multiple else "one per item"
            self.rules_button.setText(f"Ru&les: {_dots(rnd.votes_per_person)} each")
            self.rules_button.setToolTip(
                f"{_dots(rnd.votes_per_person)} per person, {several}{cap}. "
                "Press to show or fold away the rules (Alt+L)."
            )

    def _rule_values(self) -> tuple[int, bool, int | None]:
        cap = self.cap.value() if self.multiple.isChecked() and self.cap.value() > 0 else None
        return self.budget.value(), self.multiple.isChecked(), cap

    def _on_rules_edited(self, *_args: object) -> None:
        self.cap.setEnabled(self.multiple.isChecked())
        rnd = self.current_round()
        if rnd is None:
            self._setup_touched = True
            return
        budget, multiple, cap = self._rule_values()
        ok, _ = attempt(
            self.ctx,
            self.ctx.ow.voting.update_round,
            rnd.id,
            votes_per_person=budget,
            allow_multiple=multiple,
            per_item_cap=cap,
        )
        if not ok:
            self._show_rules()  # back to the rules in force; the message says what to do

    def start_round(self) -> None:
        topic_id = self.topic_bar.topic_id
        if topic_id is None:
            self.ctx.error("There is no topic to vote on. Add a topic on the Setup stage first.")
            return
        budget, multiple, cap = self._rule_values()
        ok, rnd = attempt(
            self.ctx,
            self.ctx.ow.voting.create_round,
            topic_id,
            votes_per_person=budget,
            allow_multiple=multiple,
            per_item_cap=cap,
        )
        if ok and rnd is not None:
            self.rules_button.setChecked(False)  # the rules fold away: the grid gets the room
            self.round_id = rnd.id
            self._drafting = False
            self._setup_touched = False
            self._show_grid = False
            self.refresh()
            self.wall_changed.emit()
            self.grid.setFocus()

    def new_round(self) -> None:
        """Start over with a new round on the same topic (the earlier rounds stay)."""
        self._drafting = True
        self._draft_marks = None
        self._draft_undo = None
        self._setup_touched = False
        self.refresh()
        self.wall_changed.emit()
        self.budget.setFocus()

    # --- the round ------------------------------------------------------------------------

    def _show_round(self) -> None:
        rnd = self.current_round()
        topic_id = self.topic_bar.topic_id
        self._results = None
        has_round = rnd is not None
        for w in (self.reveal_button, self.open_button):
            w.setVisible(has_round)
        if rnd is None:
            n = len(self.ctx.ow.board.vote_items(topic_id)) if topic_id is not None else 0
            self.progress.setText("No vote on this topic yet." if n else "Nothing to vote on yet.")
            self.empty.setText(
                "Set the rules above and press Start the vote (Alt+A). Each person then gets their dots."
                if n
                else "Capture ideas on the Ideas stage and group them on Clusters first."
            )
            self.view_button.setVisible(False)
            self.content.setCurrentWidget(self.empty)
            return
        voting, board = self.ctx.ow.voting, self.ctx.ow.board
        results = voting.results(rnd.id)
        self._results = results
        people = voting.voters()
        items = [(item.ref, item.label, item.colour) for item in board.vote_items(rnd.topic_id)]
        dots = voting.all_votes(rnd.id)
        rules = VoteRules(rnd.votes_per_person, rnd.allow_multiple, rnd.per_item_cap)
        data = GridData(
            items=items,
            people=[(p.id, p.name) for p in people],
            dots=dots,
            remaining={p.id: remaining_votes(rules, dots.get(p.id, {})) for p in people},
            totals={row.item: row.total for row in results.items} if rnd.revealed else None,
            is_open=rnd.is_open,
        )
        self.grid.set_data(data, self.ctx.theme, px(self.ctx, 17))
        state = "open" if rnd.is_open else "closed"
        # What the buttons beside it do not say already comes first (they say open and hidden).
        self.progress.setText(
            results.progress + ("" if rnd.is_open else " · closed") + (" · revealed" if rnd.revealed else "")
        )
        self.progress.setToolTip(
            f"{results.progress} · voting is {state}"
            + (" · results revealed" if rnd.revealed else " · totals hidden until Reveal")
        )
        self.reveal_button.setText("Hide &results" if rnd.revealed else "&Reveal results")
        self.open_button.setText("Re&open voting" if not rnd.is_open else "&Close voting")
        self.view_button.setVisible(rnd.revealed)
        self.view_button.setText("C&hart" if self._show_grid else "Dots &grid")
        self.chart.set_items(results.items if rnd.revealed else [])
        self.notes.setText("\n".join(results.notes))
        self.notes.setVisible(bool(results.notes))
        self._show_feedback_for(rnd)
        if not people or not items:
            self.empty.setText(
                "Nobody can vote yet: add the people of both companies on the Setup stage."
                if not people
                else "Nothing to vote on: the topic has no notes or clusters any more."
            )
            self.content.setCurrentWidget(self.empty)
        elif rnd.revealed and not self._show_grid:
            self.content.setCurrentWidget(self.results_page)
        elif self.content.currentWidget() is not self.grid_scroll:
            # Back from the set-up, the chart or an empty page: the grid's scroll position may be
            # from another round's grid; start from the top and bring the picked cell in view.
            self.content.setCurrentWidget(self.grid_scroll)
            self.grid_scroll.verticalScrollBar().setValue(0)
            self.grid_scroll.horizontalScrollBar().setValue(0)
            self.grid.reveal_current()

    def _person(self, participant_id: int) -> str:
        return next((name for pid, name in self.grid.data.people if pid == participant_id), "?")

    def _label(self, item: ItemRef) -> str:
        """The item's label as the grid shows it (read with the grid, not again)."""
        found = next((label for ref, label, _c in self.grid.data.items if ref == item), None)
        return found if found is not None else self.ctx.ow.board.item_label(item)

    def _on_grid_dot_added(self, participant_id: int, item: ItemRef) -> None:
        self._change_dot(participant_id, item, add=True)

    def _on_grid_dot_removed(self, participant_id: int, item: ItemRef) -> None:
        self._change_dot(participant_id, item, add=False)

    def _change_dot(self, participant_id: int, item: ItemRef, *, add: bool) -> None:
        rnd = self.current_round()
        if rnd is None:
            return
        voting = self.ctx.ow.voting
        try:
            (voting.cast if add else voting.remove)(rnd.id, participant_id, item)
        except PlanwallError as exc:
            self.ctx.report(exc)
            self._say(str(exc), error=True)
            return
        self.refresh()
        left = self.grid.data.remaining.get(participant_id, 0)
        what = "placed" if add else "removed"
        label = short(self._label(item))
        self._say(f"{self._person(participant_id)}: dot {what} on '{label}' · {_dots(left)} left")
        self.grid.setFocus()

    def _show_feedback_for(self, rnd: VotingRound) -> None:
        """The line over the grid: kept while it speaks of what the grid shows; after a change
        made elsewhere (a note moved into a cluster, an undo) it says the picked cell again."""
        if rnd.revealed and not self._show_grid:
            self.feedback.hide()
        elif self._said_at != self.ctx.ow.store.revision or not self.feedback.text():
            self._say_cell()

    def _say_cell(self) -> None:
        current = self.grid.current()
        if current is None:
            self._say("")
            return
        participant_id, item = current
        left = self.grid.data.remaining.get(participant_id, 0)
        self._say(f"{self._person(participant_id)} · {_dots(left)} left · {short(self._label(item), 60)}")

    def _say(self, text: str, *, error: bool = False) -> None:
        self._said_at = self.ctx.ow.store.revision
        self.feedback.setText(text)
        self.feedback.setVisible(bool(text))
        self.feedback.setProperty("role", "error" if error else "status")
        self.feedback.style().unpolish(self.feedback)
        self.feedback.style().polish(self.feedback)

    def _on_grid_cell_changed(self, _participant_id: int, _item: ItemRef) -> None:
        self._say_cell()

    def toggle_reveal(self) -> None:
        rnd = self.current_round()
        if rnd is None:
            return
        if attempt(self.ctx, self.ctx.ow.voting.reveal, rnd.id, not rnd.revealed)[0]:
            self._show_grid = False
            self.refresh()
            self.wall_changed.emit()

    def toggle_open(self) -> None:
        rnd = self.current_round()
        if rnd is None:
            return
        if attempt(self.ctx, self.ctx.ow.voting.set_open, rnd.id, not rnd.is_open)[0]:
            self.refresh()

    def _on_rules_button_toggled(self, shown: bool) -> None:
        self.rules_row.setVisible(shown or self.current_round() is None)
        if shown and self.budget.isEnabled():
            self.budget.setFocus()

    def _on_view_button_clicked(self) -> None:
        self._show_grid = not self._show_grid
        self._show_round()
        self.focus_primary()

    def _on_round_combo_activated(self, index: int) -> None:
        self.round_id = self.round_combo.itemData(index)
        self._drafting = False
        self._show_grid = False
        self.refresh()
        self.wall_changed.emit()

    def _on_topic_bar_topic_chosen(self, _topic_id: int) -> None:
        self.round_id = None
        self._drafting = False
        self._setup_touched = False
        self.refresh()
        self.wall_changed.emit()

    def _on_ctx_look_changed(self, *_args: object) -> None:
        apply_board_look(self, self.ctx)
        self.refresh()
