"""Minutes & Actions stage: one line records notes, decisions, risks, parking-lot items; the action register.

Type and press Enter: the entry is stamped with the time and the running agenda item
and the line stays ready for the next one.  The kind is chosen with Alt+1..4 (note,
decision, risk, parking lot) or, for one entry, one of the prefixes ``n:``, ``d:``, ``r:``, ``p:``.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from workshop_app.model import MINUTES_KIND_LABELS, MinutesEntry, MinutesKind
from workshop_app.ui.context import UiContext
from workshop_app.ui.stage import StageWidget, follow_look, shows_revision
from workshop_app.ui.stages._minutes_actions import ActionRegister
from workshop_app.ui.stages._minutes_table import ID_ROLE, ChoiceDelegate, EditTable, value_of
from workshop_app.ui.stages._minutes_wall import MinutesWallView
from workshop_app.ui.stages._rock_common import apply_stage_style, heading, run_ok, set_role
from workshop_app.ui.theme import palette
from workshop_app.ui.widgets.commit_edit import AppUndoLineEdit

KINDS = [k.value for k in MinutesKind]  # note, decision, risk, parking_lot: Alt+1..4
# Only the one-letter prefixes the guide documents: a word before a colon is kept as typed
# ("PL: move 20 SKUs to own label" is private label, "Risk: none" a note about risk).
PREFIXES = {"n": "note", "d": "decision", "r": "risk", "p": "parking_lot"}
_PREFIX = re.compile(r"^\s*([a-z])\s*:\s*", re.IGNORECASE)
TIME, ITEM, KIND, TEXT = range(4)


def split_prefix(text: str) -> tuple[str | None, str]:
    """'d: Ship weekly' -> ('decision', 'Ship weekly'); text without a known prefix is unchanged."""
    m = _PREFIX.match(text)
    if m is None or m[1].lower() not in PREFIXES:
        return None, text
    return PREFIXES[m[1].lower()], text[m.end() :]


class MinutesStage(StageWidget):
    refreshes_itself = True  # __init__ fills it: the window need not refresh it again
    title = "Minutes & Actions"
    hint = (
        "Type, Enter saves with time and agenda item · kind: Alt+1-4 or start with d: r: p: · Alt+A: actions"
    )

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.kind_buttons: list[QPushButton] = []
        self.kind_group = QButtonGroup(self)
        self.kind_group.setExclusive(True)
        kinds_row = QHBoxLayout()
        for i, kind in enumerate(KINDS):
            button = QPushButton(f"{MINUTES_KIND_LABELS[MinutesKind(kind)]}  Alt+{i + 1}")
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys choose; Tab stays in the fields
            self.kind_group.addButton(button, i)
            self.kind_buttons.append(button)
            kinds_row.addWidget(button)
            QShortcut(
                QKeySequence(f"Alt+{i + 1}"),
                self,
                lambda k=kind: self.set_kind(k),
                context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
            )
        kinds_row.addStretch(1)
        self.kind_buttons[0].setChecked(True)
        self.entry = AppUndoLineEdit()
        self.entry.setPlaceholderText("Type a note, decision, risk or parking-lot item; Enter saves")
        self.stamp = QLabel()
        set_role(self.stamp, "muted")
        self.kind_filter = QComboBox()
        self.kind_filter.addItem("every kind", None)
        for kind in KINDS:
            self.kind_filter.addItem(MINUTES_KIND_LABELS[MinutesKind(kind)], kind)
        self.table = EditTable(["Time", "Agenda item", "Kind", "Text"])
        self.table.set_proportions(7, 24, 12, 57, whole=(0, 2))  # time and kind never cut
        self.table.setItemDelegateForColumn(
            KIND,
            ChoiceDelegate(lambda: [(MINUTES_KIND_LABELS[MinutesKind(k)], k) for k in KINDS], self.table),
        )
        self.actions = ActionRegister(ctx)

        minutes_box = QWidget()
        top = QVBoxLayout(minutes_box)
        top.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        title = heading("&Minutes")
        title.setBuddy(self.entry)
        head.addWidget(title)
        head.addLayout(kinds_row, 1)
        top.addLayout(head)
        top.addWidget(self.entry)
        row = QHBoxLayout()
        row.addWidget(self.stamp, 1)
        show = QLabel("Sho&w")
        show.setBuddy(self.kind_filter)
        row.addWidget(show)
        row.addWidget(self.kind_filter)
        top.addLayout(row)
        top.addWidget(self.table, 1)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(minutes_box)
        splitter.addWidget(self.actions)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([1, 1])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        QWidget.setTabOrder(self.entry, self.kind_filter)
        QWidget.setTabOrder(self.kind_filter, self.table)
        QWidget.setTabOrder(self.table, self.actions.text)

        self.entry.returnPressed.connect(self.add_typed)
        self.entry.textEdited.connect(self._on_entry_text_edited)
        self.kind_filter.activated.connect(lambda _i: self.refresh())
        self.table.cell_edited.connect(self._on_table_cell_edited)
        self.table.delete_pressed.connect(self.delete_selected)
        follow_look(self, ctx, self._apply_style)
        apply_stage_style(self, ctx)
        self.refresh()

    # --- StageWidget --------------------------------------------------------------------

    @shows_revision
    def refresh(self) -> None:
        self._update_stamp()
        entries = self.ow.minutes.entries(self.kind_filter.currentData())
        room = self.ow.workshop_time()
        pal = palette(self.ctx.theme)
        colours = {"decision": pal.green, "risk": pal.red, "parking_lot": pal.amber, "note": ""}
        # Titles read once, not through each entry's relationship (a query or lookup per row).
        titles = {item.id: item.title for item in self.ow.agenda.all_items()}
        rows = []
        for e in entries:
            rows.append(
                (
                    e.id,
                    [
                        (room.clock_text(e.created_at), None, False),
                        (
                            titles.get(e.agenda_item_id, "") if e.agenda_item_id is not None else "",
                            None,
                            False,
                        ),
                        (MINUTES_KIND_LABELS[MinutesKind(e.kind)], e.kind, True, colours.get(e.kind, "")),
                        (e.text, None, True),
                    ],
                )
            )
        at_end = self.table.verticalScrollBar().value() >= self.table.verticalScrollBar().maximum() - 2
        self.table.fill(rows)
        if at_end:
            self.table.scrollToBottom()
        self.actions.refresh()

    def focus_primary(self) -> None:
        self.entry.setFocus()

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        QTimer.singleShot(0, self.table.scrollToBottom)  # the latest entries first

    def wall_view(self) -> QWidget:
        return MinutesWallView(self.ctx)

    def _apply_style(self, *_args: object) -> None:
        apply_stage_style(self, self.ctx)
        self.refresh()

    # --- the entry line -----------------------------------------------------------------

    def kind(self) -> str:
        return KINDS[max(0, self.kind_group.checkedId())]

    def set_kind(self, kind: str) -> None:
        self.kind_buttons[KINDS.index(kind)].setChecked(True)
        self._on_entry_text_edited(self.entry.text())

    def _on_entry_text_edited(self, text: str) -> None:
        prefixed, _rest = split_prefix(text)
        kind = prefixed or self.kind()
        for i, button in enumerate(self.kind_buttons):
            # a prefix shows which kind this entry will get without changing the chosen kind
            button.setProperty("preview", KINDS[i] == prefixed and prefixed != self.kind())
            button.style().unpolish(button)
            button.style().polish(button)
        self._update_stamp(kind)

    def _update_stamp(self, kind: str | None = None) -> None:
        item = self.ow.agenda.running_item()
        now = self.ow.workshop_time().clock_text(self.ow.clock.now())
        label = MINUTES_KIND_LABELS[MinutesKind(kind or self.kind())]
        where = f"agenda item '{item.title}'" if item is not None else "no agenda item running"
        self.stamp.setText(f"Saves as: {label} \u00b7 {now} \u00b7 {where}")

    def add_typed(self) -> MinutesEntry | None:
        prefixed, text = split_prefix(self.entry.text())
        if not text.strip():
            self.ctx.error("Type the note after the kind, then press Enter.")
            return None
        entry = self.ctx.run(self.ow.minutes.add, text, prefixed or self.kind())
        if entry is None:
            return None  # the message is shown; the typed text stays in the line
        if prefixed is not None:  # the prefix left the text: say what it did and how to take it back
            label = MINUTES_KIND_LABELS[MinutesKind(entry.kind)]
            typed = self.entry.text().strip()[:1]
            self.ctx.info(f"Saved as {label} ('{typed}:' at the start). Ctrl+Z undoes it.")
        self.entry.setText("")  # not undoable here: Ctrl+Z goes to the window
        self._on_entry_text_edited("")
        if self.kind_filter.currentData() not in (None, entry.kind):
            self.kind_filter.setCurrentIndex(0)
        self.refresh()
        self.table.scrollToBottom()
        self.entry.setFocus()
        return entry

    # --- the list -------------------------------------------------------------------------

    def _on_table_cell_edited(self, row: int, column: int) -> None:
        item = self.table.item(row, column)
        entry_id = item.data(ID_ROLE)
        if column == TEXT:
            saved = run_ok(self.ctx, self.ow.minutes.edit, entry_id, text=item.text())
        else:
            saved = run_ok(self.ctx, self.ow.minutes.edit, entry_id, kind=str(value_of(item)))
        if saved:
            QTimer.singleShot(0, self.refresh)  # not while the table is still committing the edit
        else:
            self.table.mark_refused(row, column, palette(self.ctx.theme).red)

    def delete_selected(self) -> None:
        entry_id = self.table.current_id()
        if entry_id is None:
            return
        text = self.table.item(self.table.currentRow(), TEXT).text()
        if run_ok(self.ctx, self.ow.minutes.delete, entry_id):
            self.ctx.info(f"Deleted '{text}' from the minutes. Undo (Ctrl+Z) brings it back.")
            self.refresh()
