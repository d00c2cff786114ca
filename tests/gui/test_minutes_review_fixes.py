"""Minutes & Actions: the side follows a new owner, prefixes kept as typed, due dates that look like slips."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from workshop_app.model import ActionItem
from workshop_app.services.workshop_service import OpenWorkshop
from workshop_app.ui.stages._minutes_actions import DUE, OWNER, SIDE
from workshop_app.ui.stages.minutes_stage import MinutesStage

pytestmark = pytest.mark.gui


@pytest.fixture
def people(ow: OpenWorkshop) -> dict[str, int]:
    ow.setup.set_detail("supplier_name", "Meadowvale")
    ow.setup.set_detail("customer_name", "Castlegate")
    return {
        n: ow.setup.add_participant(n, s).id
        for n, s in (("Hannah", "supplier"), ("Oliver", "customer"), ("Zoe", "facilitation"))
    }


def settle(qtbot: Any) -> None:
    for _ in range(4):
        qtbot.wait(25)


def add_action(qtbot: Any, reg: Any, text: str, owner: int, due: str = "") -> ActionItem:
    reg.text.setFocus()
    qtbot.keyClicks(reg.text, text)
    reg.owner.setCurrentIndex(reg.owner.findData(owner))
    if due:
        reg.due.setFocus()
        qtbot.keyClicks(reg.due, due)
    qtbot.keyClick(reg.text, Qt.Key.Key_Return)
    settle(qtbot)
    return next(a for a in reg.ow.actions.actions() if a.text == text)


def edit_cell(qtbot: Any, table: Any, row: int, column: int, value: object = None, text: str = "") -> None:
    table.setFocus()
    table.setCurrentCell(row, column)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    if value is not None:
        editor.setCurrentIndex(editor.findData(value))
    else:
        editor.selectAll()
        qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    settle(qtbot)


def test_a_new_owner_in_the_table_brings_their_side_and_one_undo_takes_both_back(
    ow: OpenWorkshop, people: dict[str, int], stage_on_screen: Any, qtbot: Any
) -> None:
    stage = stage_on_screen(MinutesStage)
    reg = stage.actions
    a = add_action(qtbot, reg, "Send the store list", people["Hannah"])
    b = add_action(qtbot, reg, "Circulate the photos", people["Zoe"])
    assert (a.side, b.side) == ("supplier", "facilitation")
    assert reg.table.item(reg.table.row_of(b.id), SIDE).text() == "Facilitation"
    edit_cell(qtbot, reg.table, reg.table.row_of(a.id), OWNER, value=people["Oliver"])
    a = ow.actions.get(ActionItem, a.id)
    assert (a.owner_id, a.side) == (people["Oliver"], "customer")
    assert reg.table.item(reg.table.row_of(a.id), SIDE).text() == "Castlegate"
    ow.undo()
    settle(qtbot)
    a = ow.actions.get(ActionItem, a.id)
    assert (a.owner_id, a.side) == (people["Hannah"], "supplier")


def test_words_before_a_colon_are_kept_and_a_prefix_says_what_it_did(
    ow: OpenWorkshop, stage_on_screen: Any, messages: list[tuple[str, str]], qtbot: Any
) -> None:
    stage = stage_on_screen(MinutesStage)
    for typed in ("PL: move 20 yoghurt SKUs to own label", "Risk: none"):
        qtbot.keyClicks(stage.entry, typed)
        qtbot.keyClick(stage.entry, Qt.Key.Key_Return)
    assert [(e.kind, e.text) for e in ow.minutes.entries()] == [
        ("note", "PL: move 20 yoghurt SKUs to own label"),
        ("note", "Risk: none"),
    ]
    qtbot.keyClicks(stage.entry, "r: Data arrives late")
    qtbot.keyClick(stage.entry, Qt.Key.Key_Return)
    assert (ow.minutes.entries()[-1].kind, ow.minutes.entries()[-1].text) == ("risk", "Data arrives late")
    assert messages[-1] == ("info", "Saved as Risk ('r:' at the start). Ctrl+Z undoes it.")
    ow.undo()
    assert len(ow.minutes.entries()) == 2


def test_a_due_date_before_the_workshop_is_kept_with_a_warning(
    ow: OpenWorkshop,
    people: dict[str, int],
    stage_on_screen: Any,
    messages: list[tuple[str, str]],
    qtbot: Any,
) -> None:
    stage = stage_on_screen(MinutesStage)  # the workshop's first day is 2026-03-10, today too
    reg = stage.actions
    a = add_action(qtbot, reg, "Send the plan", people["Hannah"], "01/04/2025")
    assert a.due_date == date(2025, 4, 1)  # warned, not refused
    assert "before the workshop's first day (2026-03-10): check the year" in messages[-1][1]
    row = reg.table.row_of(a.id)
    assert (
        reg.table.item(row, DUE).foreground().color().name()
        != reg.table.item(row, OWNER).foreground().color().name()
    )
    edit_cell(qtbot, reg.table, row, DUE, text="09/03/2026")  # the day before: the first-day warning
    assert ow.actions.get(ActionItem, a.id).due_date == date(2026, 3, 9)
    assert messages[-1][1].startswith("Saved. \u26a0 The due date (2026-03-09) is before the workshop's")
    n = len(messages)
    edit_cell(qtbot, reg.table, reg.table.row_of(a.id), DUE, text="20/03/2026")
    assert len(messages) == n  # a good date: no message
    b = add_action(qtbot, reg, "Check the listing", people["Oliver"], "30/04/2026")
    assert b.due_date == date(2026, 4, 30) and len(messages) == n
    assert ow.actions.due_date_warning(date(2026, 3, 9)) is not None


def test_the_register_reads_the_workshop_days_once_not_once_per_action(
    ow: OpenWorkshop, people: dict[str, int], stage_on_screen: Any
) -> None:
    """The due-date check read the agenda's days for every open dated action: with the complete
    sample's 21 actions, switching to Minutes took 67 ms and 63 queries (18 ms before it)."""
    from sqlalchemy import event

    stage = stage_on_screen(MinutesStage)

    def queries_to_refresh() -> int:
        seen: list[str] = []
        listen = lambda *args: seen.append(args[2])  # noqa: E731
        event.listen(ow.store.engine, "before_cursor_execute", listen)
        try:
            stage.actions.refresh()
        finally:
            event.remove(ow.store.engine, "before_cursor_execute", listen)
        return len(seen)

    for n in range(3):
        ow.actions.add(f"Action {n}", owner_id=people["Hannah"], due_date=date(2026, 4, 1 + n))
    few = queries_to_refresh()
    for n in range(20):
        ow.actions.add(f"More {n}", owner_id=people["Hannah"], due_date=date(2026, 5, 1 + n))
    assert queries_to_refresh() == few
