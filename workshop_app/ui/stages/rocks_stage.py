"""Rocks stage: promote the top of the revealed vote, refine each rock until it is SMART, recap them.

Left: the ranked items of every revealed vote (Enter promotes), a line to add a rock
by title, and the rocks in order (Alt+Up/Alt+Down reorder, Delete removes).  Right:
the selected rock's form with the live SMART check, and a Recap tab (Alt+R) that is
also what the wall shows.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QTextOption
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from workshop_app.errors import PlanwallError, RockLimitError
from workshop_app.model import Rock
from workshop_app.rules import rocks as rock_rules
from workshop_app.rules.voting import ItemRef
from workshop_app.services.voting_service import RESULT_TABLES
from workshop_app.ui.context import UiContext
from workshop_app.ui.stage import StageWidget, follow_look, shows_revision
from workshop_app.ui.stages._rock_common import apply_stage_style, heading, px, run_ok, set_role, show_html
from workshop_app.ui.stages._rock_form import RockFormWidget
from workshop_app.ui.stages._rock_recap import RockRecapView, recap_html
from workshop_app.ui.theme import palette
from workshop_app.ui.widgets.commit_edit import AppUndoLineEdit
from workshop_app.ui.widgets.dialogs import confirm

REF_ROLE = Qt.ItemDataRole.UserRole
ID_ROLE = Qt.ItemDataRole.UserRole + 1


class RockList(QListWidget):
    """The rocks in order; Alt+Up / Alt+Down move the selected rock, Delete removes it."""

    move_requested = Signal(int)  # -1 up, +1 down
    delete_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        alt = event.modifiers() & Qt.KeyboardModifier.AltModifier
        if alt and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.move_requested.emit(-1 if event.key() == Qt.Key.Key_Up else 1)
            return
        if event.key() == Qt.Key.Key_Delete:
            self.delete_requested.emit()
            return
        super().keyPressEvent(event)


class RocksStage(StageWidget):
    refreshes_itself = True  # __init__ fills it: the window need not refresh it again
    # the rocks and their risks, owners and objectives, the interest behind the suggested owners,
    # and the vote results of the ranking (a timer or minutes change leaves the stage as it is)
    # workshop: its time zone sets "today" for the due dates' T check
    shown_tables = ("rock", "rock_risk", "participant", "frame_item", "interest", "workshop", *RESULT_TABLES)
    title = "Rocks"
    hint = (
        "Alt+1 ranking: Enter promotes · Alt+2 rocks: Alt+\u2191/\u2193 reorders · Alt+3 form: Tab saves · "
        "Alt+R recap"
    )

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._show_next: int | None = None  # the rock the next refresh selects (one just promoted)
        self._watched_window: QWidget | None = None  # its Close saves the form's typing first
        self.ranked = QListWidget()
        self.ranked.setWordWrap(True)
        self.ranked.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.promote_button = QPushButton("Promote to rock (Enter)")
        self.new_rock = AppUndoLineEdit()
        self.new_rock.setPlaceholderText("Or type a rock title, Enter")
        self.new_rock_note = QLabel()
        self.new_rock_note.setWordWrap(True)
        self.limit = QLabel()
        self.limit.setWordWrap(True)  # "8 rocks: 1 over the limit of 7" must not widen the column
        self.rock_list = RockList()
        self.rock_list.setWordWrap(True)
        self.up_button = QPushButton("Up")
        self.down_button = QPushButton("Down")
        self.delete_button = QPushButton("Delete")
        self.form = RockFormWidget(ctx)
        self.recap = QTextBrowser()  # the facilitator's recap scrolls; the wall's is fitted
        self.recap.setOpenLinks(False)
        self.recap.setWordWrapMode(QTextOption.WrapMode.WordWrap)

        left = QVBoxLayout()
        ranked_label = heading("Vote ranking  (Alt+1)")
        left.addWidget(ranked_label)
        left.addWidget(self.ranked, 3)
        left.addWidget(self.promote_button)
        new_label = QLabel("Ne&w rock")
        new_label.setBuddy(self.new_rock)
        row = QHBoxLayout()
        row.addWidget(new_label)
        row.addWidget(self.new_rock, 1)
        left.addLayout(row)
        left.addWidget(self.new_rock_note)
        rocks_label = heading("Rocks  (Alt+2)")
        head = QHBoxLayout()
        head.addWidget(rocks_label)
        head.addWidget(self.limit, 1, Qt.AlignmentFlag.AlignRight)
        left.addLayout(head)
        left.addWidget(self.rock_list, 4)
        buttons = QHBoxLayout()
        for b in (self.up_button, self.down_button, self.delete_button):
            buttons.addWidget(b)
        left.addLayout(buttons)
        left_box = QWidget()
        left_box.setLayout(left)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)  # never cut off
        scroll.setWidget(self.form)
        self.tabs = QTabWidget()
        self.tabs.addTab(scroll, "Rock details")
        self.tabs.addTab(self.recap, "Recap (Alt+R)")

        outer = QHBoxLayout(self)
        outer.addWidget(left_box, 34)
        outer.addWidget(self.tabs, 66)

        self.ranked.itemActivated.connect(lambda _item: self.promote_selected())
        self.promote_button.clicked.connect(self.promote_selected)
        self.new_rock.returnPressed.connect(self._add_typed)
        self.new_rock.textEdited.connect(self._update_new_note)
        self.rock_list.currentItemChanged.connect(self._on_rock_list_current_changed)
        self.rock_list.move_requested.connect(self.move_selected)
        self.rock_list.delete_requested.connect(self.delete_selected)
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        self.delete_button.clicked.connect(self.delete_selected)
        self.form.check_changed.connect(self._update_current_rock_label)
        for keys, slot in (
            ("Alt+1", self.ranked.setFocus),
            ("Alt+2", self.rock_list.setFocus),
            ("Alt+3", self._focus_form),
        ):
            QShortcut(QKeySequence(keys), self, slot, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        QShortcut(
            Qt.KeyboardModifier.AltModifier | Qt.Key.Key_R,
            self,
            self._toggle_recap,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        follow_look(self, ctx, self._apply_style)
        self._restyle()
        self.refresh()

    # --- StageWidget ------------------------------------------------------------

    @shows_revision
    def refresh(self) -> None:
        self._fill_ranked()
        self._fill_rocks()
        self._update_new_note()
        self._fill_recap()

    def focus_primary(self) -> None:
        if self.rock_list.count() == 0 and self._first_selectable_ranked() is not None:
            self.ranked.setFocus()
        elif self.rock_list.count() == 0:
            self.new_rock.setFocus()
        else:
            self.rock_list.setFocus()

    def wall_view(self) -> QWidget:
        return RockRecapView(self.ctx)

    def hideEvent(self, event: object) -> None:
        self.form.leave()
        super().hideEvent(event)  # type: ignore[arg-type]

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        window = self.window()
        if window is not self and window is not self._watched_window:
            # the window closes the workshop before this stage is hidden: save the typing first
            window.installEventFilter(self)
            self._watched_window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._watched_window and event.type() == QEvent.Type.Close and self.isVisible():
            self.form.commit_pending()
        return super().eventFilter(watched, event)

    def _restyle(self) -> None:
        apply_stage_style(self, self.ctx)
        self.form.apply_scale()

    def _apply_style(self, *_args: object) -> None:
        self._restyle()
        self.form.reload()
        self._fill_recap()

    def _fill_recap(self) -> None:
        show_html(self.recap, recap_html(self.ow, palette(self.ctx.theme), px(self.ctx), compact=True))

    def _focus_form(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.form.title.setFocus()

    def _toggle_recap(self) -> None:
        self.tabs.setCurrentIndex(1 - self.tabs.currentIndex())

    # --- ranked list ----------------------------------------------------------------

    def _promoted(self) -> dict[ItemRef, int]:
        """Voted item -> position (1-based) of the rock it became."""
        result: dict[ItemRef, int] = {}
        for i, rock in enumerate(self.ow.rocks.rocks(), 1):
            if rock.source_cluster_id is not None:
                result.setdefault(ItemRef("cluster", rock.source_cluster_id), i)
            if rock.source_idea_id is not None:
                result.setdefault(ItemRef("idea", rock.source_idea_id), i)
        return result

    def _fill_ranked(self) -> None:
        current = self.ranked.currentItem()
        keep = current.data(REF_ROLE) if current is not None else None
        promoted = self._promoted()
        self.ranked.clear()
        revealed = [(rnd, res) for rnd, res in self.ow.voting.results_by_round() if rnd.revealed]
        if not revealed:
            item = QListWidgetItem(
                "No revealed vote yet: reveal a vote on the Vote stage, or type a rock below."
            )
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.ranked.addItem(item)
            return
        for rnd, res in revealed:
            head = QListWidgetItem(f"{res.topic_title} \u2013 {rnd.title}")
            head.setFlags(Qt.ItemFlag.NoItemFlags)
            font = head.font()
            font.setBold(True)
            head.setFont(font)
            self.ranked.addItem(head)
            for row in res.items:
                if row.total == 0:
                    continue
                tie = " (tie)" if row.tied else ""
                done = f"   \u2713 rock {promoted[row.item]}" if row.item in promoted else ""
                dots = "dot" if row.total == 1 else "dots"
                item = QListWidgetItem(f"{row.rank}. {row.label}  \u2014 {row.total} {dots}{tie}{done}")
                item.setData(REF_ROLE, row.item)
                item.setToolTip(", ".join(f"{name}: {n}" for name, n in row.voters.items()))
                self.ranked.addItem(item)
                if row.item == keep:
                    self.ranked.setCurrentItem(item)
        if self.ranked.currentItem() is None:
            first = self._first_selectable_ranked()
            if first is not None:
                self.ranked.setCurrentItem(first)

    def _first_selectable_ranked(self) -> QListWidgetItem | None:
        promoted = self._promoted()
        candidates = [self.ranked.item(i) for i in range(self.ranked.count())]
        refs = [c for c in candidates if c.data(REF_ROLE) is not None]
        fresh = [c for c in refs if c.data(REF_ROLE) not in promoted]
        return (fresh or refs or [None])[0]

    def promote_selected(self) -> Rock | None:
        item = self.ranked.currentItem()
        ref = item.data(REF_ROLE) if item is not None else None
        if ref is None:
            self.ctx.error(
                "Choose an item of the ranking first (arrow keys), then press Enter to promote it."
            )
            return None
        row = self.ranked.currentRow()
        promoted = self._promoted()
        if ref in promoted and not confirm(
            self,
            "Already a rock",
            f"This item is already rock {promoted[ref]}. Promote it again as another rock?",
        ):
            return None
        rock = self._add_with_limit(lambda override: self.ow.rocks.promote(ref, override=override))
        if rock is not None:
            self.ctx.info(f"Rock {self.ow.rocks.count()}: '{rock.title}'. Give it a target metric (Alt+M).")
            self._show_next = rock.id  # the refresh shows it (filling the form once, not twice)
            self.refresh()
            for nxt in range(row + 1, self.ranked.count()):
                if self.ranked.item(nxt).data(REF_ROLE) is not None:
                    self.ranked.setCurrentRow(nxt)
                    break
        return rock

    def _add_with_limit(self, make: Callable[[bool], Rock]) -> Rock | None:
        """Add a rock; beyond the limit ask for the explicit override."""
        try:
            return make(False)
        except RockLimitError as exc:
            n = self.ow.rocks.count()
            if not confirm(
                self,
                f"More than {rock_rules.MAX_ROCKS} rocks",
                f"{exc}\n\nAdd it anyway as rock {n + 1} (over the limit)?",
            ):
                self.ctx.info(f"Not added: still {n} rocks.")
                return None
            return self.ctx.run(make, True)
        except PlanwallError as exc:
            self.ctx.report(exc)
            return None

    def _add_typed(self) -> None:
        title = self.new_rock.text()
        if not title.strip():
            self.ctx.error("Type the rock's title first, then press Enter.")
            return
        rock = self._add_with_limit(lambda override: self.ow.rocks.add(title, override=override))
        if rock is not None:
            self.new_rock.setText("")  # not undoable here: Ctrl+Z goes to the window
            self.refresh()
            self._select_rock(rock.id)

    def _update_new_note(self, *_args: object) -> None:
        n = self.ow.rocks.count()
        text = self.ow.rocks.limit_text()
        if n > rock_rules.MAX_ROCKS:
            set_role(self.limit, "error")
        elif n == rock_rules.MAX_ROCKS:
            set_role(self.limit, "warning")
            text += " (the limit)"
        else:
            set_role(self.limit, "muted")
        self.limit.setText(text)
        typing = bool(self.new_rock.text().strip())
        if n >= rock_rules.MAX_ROCKS and (typing or self.ranked.hasFocus()):
            self.new_rock_note.setText(
                f"The next rock would be rock {n + 1}: focus means at most {rock_rules.MAX_ROCKS}; "
                "you will be asked to confirm the override."
            )
            set_role(self.new_rock_note, "warning")
            self.new_rock_note.setVisible(True)
        else:
            self.new_rock_note.setVisible(False)

    # --- rock list --------------------------------------------------------------------

    def _rock_label(self, index: int, rock: Rock, check: rock_rules.SmartCheck) -> str:
        state = "SMART \u2713" if check.ok else f"missing {' '.join(check.missing)}"
        flag = "" if check.has_metric else " \u00b7 no metric"
        over = " \u00b7 over the limit" if self.ow.rocks.over_limit(index) else ""
        return f"{index}. {rock.title}\n    {state}{flag}{over}"

    def _fill_rocks(self) -> None:
        selected, self._show_next = self._show_next or self.selected_rock_id(), None
        if selected is None:
            remembered = self.ow.recall("rocks.selected")
            selected = int(remembered) if remembered.isdigit() else None
        rocks = self.ow.rocks.rocks()
        self.rock_list.blockSignals(True)
        self.rock_list.clear()
        for i, rock in enumerate(rocks, 1):
            item = QListWidgetItem(self._rock_label(i, rock, self.ow.rocks.smart(rock.id)))
            item.setData(ID_ROLE, rock.id)
            self.rock_list.addItem(item)
        self.rock_list.blockSignals(False)
        ids = [r.id for r in rocks]
        target = selected if selected in ids else (ids[0] if ids else None)
        if not self.form.set_rock(target):
            target = self.form.rock_id  # unsaved typing stays on screen with its rock
        self._select_rock(target, reload_form=False)
        for b in (self.up_button, self.down_button, self.delete_button):
            b.setEnabled(bool(rocks))

    def _select_rock(self, rock_id: int | None, *, reload_form: bool = True) -> None:
        if reload_form and not self.form.set_rock(rock_id):
            rock_id = self.form.rock_id
        for i in range(self.rock_list.count()):
            if self.rock_list.item(i).data(ID_ROLE) == rock_id:
                self.rock_list.blockSignals(True)
                self.rock_list.setCurrentRow(i)
                self.rock_list.blockSignals(False)
                break

    def selected_rock_id(self) -> int | None:
        item = self.rock_list.currentItem()
        return item.data(ID_ROLE) if item is not None else None

    def _on_rock_list_current_changed(self, current: QListWidgetItem | None, _previous: object) -> None:
        rock_id = current.data(ID_ROLE) if current is not None else None
        if not self.form.set_rock(rock_id):
            # what was typed for the current rock could not be saved: stay on it, keep the text
            QTimer.singleShot(0, lambda: self._select_rock(self.form.rock_id, reload_form=False))
            return
        if rock_id is not None:
            self.ow.remember("rocks.selected", rock_id)

    def _update_current_rock_label(self) -> None:
        """Keep the selected rock's line in step with the live check while typing."""
        item = self.rock_list.currentItem()
        check = self.form.live_check
        if item is None or check is None or item.data(ID_ROLE) != self.form.rock_id:
            return
        title = self.form.title.text().strip() or "(no title)"
        index = self.rock_list.row(item) + 1
        state = "SMART \u2713" if check.ok else f"missing {' '.join(check.missing)}"
        flag = "" if check.has_metric else " \u00b7 no metric"
        over = " \u00b7 over the limit" if self.ow.rocks.over_limit(index) else ""
        item.setText(f"{index}. {title}\n    {state}{flag}{over}")

    def move_selected(self, delta: int) -> None:
        rock_id = self.selected_rock_id()
        if rock_id is None:
            return
        row = self.rock_list.currentRow() + delta
        if row < 0 or row >= self.rock_list.count():
            return
        if run_ok(self.ctx, self.ow.rocks.move, rock_id, row):
            self.refresh()
            self._select_rock(rock_id)

    def delete_selected(self) -> None:
        rock_id = self.selected_rock_id()
        if rock_id is None:
            return
        title = self.rock_list.currentItem().text().split("\n")[0]
        if not confirm(
            self,
            "Delete rock",
            f"Delete rock {title} with its risks and interest marks? Undo (Ctrl+Z) can bring it back.",
        ):
            return
        row = self.rock_list.currentRow()
        self.form.set_rock(None, force=True)
        if run_ok(self.ctx, self.ow.rocks.delete, rock_id):
            self.refresh()
            if self.rock_list.count():
                self.rock_list.setCurrentRow(min(row, self.rock_list.count() - 1))
            self.rock_list.setFocus()
        else:
            self.refresh()
