"""The action register: add by keyboard, edit in place, filter by status, owner, side and rock."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workshop_app.errors import PlanwallError
from workshop_app.model import ActionItem, ActionStatus, Side
from workshop_app.rules.dates import DATE_HINT, parse_date
from workshop_app.rules.text import short_company
from workshop_app.services.base import short
from workshop_app.services.records_service import ACTION_SIDES
from workshop_app.ui.context import UiContext
from workshop_app.ui.stages._minutes_table import ID_ROLE, NONE, ChoiceDelegate, EditTable, value_of
from workshop_app.ui.stages._rock_common import (
    format_date,
    heading,
    nice,
    run_ok,
    set_invalid,
)
from workshop_app.ui.theme import palette
from workshop_app.ui.widgets.commit_edit import AppUndoLineEdit
from workshop_app.ui.widgets.entry_combo import EntryCombo

ALL = "all"  # filter: no restriction
AUTO = "auto"  # side: from the owner (joint when nobody)
COLUMNS = ["Action", "Owner", "Side", "Due", "Status", "Rock"]
TEXT, OWNER, SIDE, DUE, STATUS, ROCK = range(6)


class ActionRegister(QWidget):
    """Who does what for whom by when."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.ow = ctx.ow
        self.text = AppUndoLineEdit()
        self.text.setPlaceholderText(
            "New action: what will be done, Enter adds (Tab: owner, side, due, rock)"
        )
        self.owner = EntryCombo()
        self.side = EntryCombo()
        self.due = AppUndoLineEdit()
        self.due.setPlaceholderText("due: " + DATE_HINT.split(",")[0])
        self.rock = EntryCombo()
        self.add_button = QPushButton("Add action")
        self.status_filter = QComboBox()
        self.owner_filter = QComboBox()
        self.side_filter = QComboBox()
        self.rock_filter = QComboBox()
        self.count = QLabel()
        self.count.setProperty("role", "muted")
        self.table = EditTable(COLUMNS)
        self.table.set_proportions(36, 14, 14, 11, 10, 15, whole=(3, 4))  # due date and status never cut
        self.table.setItemDelegateForColumn(OWNER, ChoiceDelegate(self._owner_choices, self.table))
        self.table.setItemDelegateForColumn(SIDE, ChoiceDelegate(self._side_choices, self.table))
        self.table.setItemDelegateForColumn(STATUS, ChoiceDelegate(self._status_choices, self.table))
        self.table.setItemDelegateForColumn(ROCK, ChoiceDelegate(self._rock_choices, self.table))
        for combo in (
            self.owner,
            self.side,
            self.rock,
            self.status_filter,
            self.owner_filter,
            self.side_filter,
            self.rock_filter,
        ):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(7)

        title = heading("&Actions")
        title.setBuddy(self.text)
        entry = QGridLayout()
        entry.addWidget(self.text, 0, 0, 1, 5)
        entry.addWidget(self.add_button, 0, 5)
        for col, (label, widget) in enumerate(
            (("Owner", self.owner), ("Side", self.side), ("Due", self.due), ("Rock", self.rock))
        ):
            box = QHBoxLayout()
            box.addWidget(QLabel(label))
            box.addWidget(widget, 1)
            entry.addLayout(box, 1, col if col < 3 else 3, 1, 1 if col < 3 else 3)
        filters = QHBoxLayout()
        show = QLabel("Filte&r")
        show.setBuddy(self.status_filter)
        filters.addWidget(show)
        for combo in (self.status_filter, self.owner_filter, self.side_filter, self.rock_filter):
            filters.addWidget(combo, 1)
        filters.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addLayout(entry)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        for a, b in (
            (self.text, self.owner),
            (self.owner, self.side),
            (self.side, self.due),
            (self.due, self.rock),
            (self.rock, self.add_button),
            (self.add_button, self.status_filter),
            (self.status_filter, self.owner_filter),
            (self.owner_filter, self.side_filter),
            (self.side_filter, self.rock_filter),
            (self.rock_filter, self.table),
        ):
            QWidget.setTabOrder(a, b)

        self.text.returnPressed.connect(self.add_typed)
        self.due.returnPressed.connect(self.add_typed)
        for entry in (self.owner, self.side, self.rock):
            entry.entered.connect(self.add_typed)
        self.due.textEdited.connect(self._check_due)
        self.add_button.clicked.connect(self.add_typed)
        for combo in (self.status_filter, self.owner_filter, self.side_filter, self.rock_filter):
            combo.activated.connect(lambda _i: self.refresh())
        self.table.cell_edited.connect(self._on_table_cell_edited)
        self.table.delete_pressed.connect(self.delete_selected)

    # --- choices --------------------------------------------------------------------

    def side_label(self, side: str, *, short_name: bool = False) -> str:
        """The company's name for its side ('Meadowvale Foods Ltd'; short: 'Meadowvale'), else the side."""
        w = self.ow.workshop()
        names = {Side.SUPPLIER.value: w.supplier_name, Side.CUSTOMER.value: w.customer_name}
        name = names.get(side) or nice(side)
        return short_company(name) if short_name else name

    def _owner_choices(self) -> list[tuple[str, object]]:
        return [("not set", NONE)] + [(p.name, p.id) for p in self.ow.setup.participants()]

    def _side_choices(self) -> list[tuple[str, object]]:
        return [(self.side_label(s), s) for s in ACTION_SIDES]

    def _status_choices(self) -> list[tuple[str, object]]:
        return [(nice(s.value), s.value) for s in ActionStatus]

    def _rock_choices(self) -> list[tuple[str, object]]:
        return [("no rock", NONE)] + [
            (f"{i}. {r.title}", r.id) for i, r in enumerate(self.ow.rocks.rocks(), 1)
        ]

    @staticmethod
    def _fill_combo(combo: QComboBox, wanted: list[tuple[str, object]]) -> None:
        current = [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())]
        if current == wanted:
            return
        keep = combo.currentData()
        combo.clear()
        for label, value in wanted:
            combo.addItem(label, value)
        combo.setCurrentIndex(max(0, combo.findData(keep)))

    # --- reading --------------------------------------------------------------------

    def filters(self) -> dict[str, object]:
        result: dict[str, object] = {}
        for key, combo in (
            ("status", self.status_filter),
            ("owner_id", self.owner_filter),
            ("side", self.side_filter),
            ("rock_id", self.rock_filter),
        ):
            value = combo.currentData()
            if value not in (ALL, None):
                result[key] = value
        return result

    def refresh(self) -> None:
        owners = self._owner_choices()
        sides = self._side_choices()
        rocks = self._rock_choices()
        self._fill_combo(self.owner, owners)
        self._fill_combo(self.side, [("side: from owner", AUTO), *sides])
        self._fill_combo(self.rock, rocks)
        self._fill_combo(self.status_filter, [("every status", ALL), *self._status_choices()])
        self._fill_combo(self.owner_filter, [("every owner", ALL), *owners[1:]])
        self._fill_combo(self.side_filter, [("every side", ALL), *sides])
        self._fill_combo(self.rock_filter, [("every rock", ALL), *rocks[1:]])
        filters = self.filters()
        shown = self.ow.actions.actions(**filters)  # type: ignore[arg-type]
        total = len(self.ow.actions.actions()) if filters else len(shown)
        # Read once, not through each action's relationships (a lookup or query per row).
        rock_numbers = {r.id: (i, r.title) for i, r in enumerate(self.ow.rocks.rocks(), 1)}
        names = {value: label for label, value in owners}
        short_sides = {s: self.side_label(s, short_name=True) for s in {a.side for a in shown}}
        bounds = self.ow.actions.due_date_bounds()  # read once for the whole register
        rows = [(a.id, self._cells(a, rock_numbers, names, short_sides, bounds)) for a in shown]
        self.table.fill(rows)
        filtered = len(shown) != total
        self.count.setText(f"{len(shown)} of {total} shown" if filtered else f"{total} action(s)")
        self.count.setProperty("role", "warning" if filtered else "muted")
        self.count.style().unpolish(self.count)
        self.count.style().polish(self.count)

    def _cells(
        self,
        a: ActionItem,
        rocks: dict[int, tuple[int, str]],
        names: dict[object, str],
        short_sides: dict[str, str],
        bounds: tuple[date | None, date],
    ) -> list[tuple[object, ...]]:
        rock = ""
        if a.rock_id is not None:
            number, title = rocks.get(a.rock_id) or ("?", a.rock.title if a.rock is not None else "")
            rock = f"{number}. {short(title, 26)}"
        owner = "not set"
        if a.owner_id is not None:
            owner = names.get(a.owner_id) or (a.owner.name if a.owner is not None else "not set")
        due_cell: tuple[object, ...] = (format_date(a.due_date) or "no date", None, True)
        if (
            a.status not in (ActionStatus.DONE, ActionStatus.CANCELLED)
            and self.ow.actions.due_date_warning(a.due_date, bounds) is not None
        ):
            due_cell = (*due_cell, palette(self.ctx.theme).amber)  # as the message said: check it
        return [
            (a.text, None, True),
            (owner, a.owner_id or NONE, True),
            (short_sides[a.side], a.side, True),
            due_cell,
            (nice(a.status), a.status, True),
            (rock, a.rock_id or NONE, True),
        ]

    # --- changing -------------------------------------------------------------------

    def _check_due(self, text: str) -> None:
        try:
            parse_date(text)
            set_invalid(self.due, False)
        except PlanwallError:
            set_invalid(self.due, True)

    def add_typed(self) -> ActionItem | None:
        if not self.text.text().strip():
            self.ctx.error("Type what will be done first, then press Enter to add the action.")
            self.text.setFocus()
            return None
        try:
            due = parse_date(self.due.text())
        except PlanwallError as exc:
            self.ctx.report(exc)
            self.due.setFocus()
            return None
        side = self.side.currentData()
        owner = self.owner.currentData()
        rock = self.rock.currentData()
        action = self.ctx.run(
            self.ow.actions.add,
            self.text.text(),
            owner_id=None if owner == NONE else owner,
            side=None if side == AUTO else side,
            due_date=due,
            rock_id=None if rock == NONE else rock,
        )
        if action is None:
            return None
        self._warn_due(due, "Added")
        self.text.setText("")  # not undoable here: Ctrl+Z goes to the window
        self.due.setText("")  # not undoable here: Ctrl+Z goes to the window
        set_invalid(self.due, False)
        for combo in (self.owner, self.side, self.rock):
            combo.setCurrentIndex(0)
        self.refresh()
        row = self.table.row_of(action.id)
        if row >= 0:
            self.table.setCurrentCell(row, TEXT)
        self.text.setFocus()
        return action

    def _on_table_cell_edited(self, row: int, column: int) -> None:
        item = self.table.item(row, column)
        action_id = item.data(ID_ROLE)
        changes: dict[str, object]
        if column == TEXT:
            changes = {"text": item.text()}
        elif column == DUE:
            text = "" if item.text() == "no date" else item.text()
            try:
                changes = {"due_date": parse_date(text)}
            except PlanwallError as exc:
                self.ctx.report(exc)
                self.table.mark_refused(row, column, palette(self.ctx.theme).red)
                return
        else:
            key = {OWNER: "owner_id", SIDE: "side", STATUS: "status", ROCK: "rock_id"}[column]
            changes = {key: value_of(item)}
        if run_ok(self.ctx, self.ow.actions.update, action_id, **changes):
            if "due_date" in changes:
                self._warn_due(changes["due_date"], "Saved")  # type: ignore[arg-type]
            QTimer.singleShot(0, self.refresh)  # not while the table is still committing the edit
        else:
            self.table.mark_refused(row, column, palette(self.ctx.theme).red)

    def _warn_due(self, due: date | None, done: str) -> None:
        """Say so when a due date just saved looks like a slip (it is kept, as a rock's is)."""
        warning = self.ow.actions.due_date_warning(due)
        if warning is not None:
            self.ctx.info(f"{done}. \u26a0 {warning} Change it in the Due column, or Ctrl+Z undoes it.")

    def delete_selected(self) -> None:
        action_id = self.table.current_id()
        if action_id is None:
            return
        text = self.table.item(self.table.currentRow(), TEXT).text()
        if run_ok(self.ctx, self.ow.actions.delete, action_id):
            self.ctx.info(f"Deleted the action '{text}'. Undo (Ctrl+Z) brings it back.")
            self.refresh()
