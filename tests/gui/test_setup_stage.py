"""Setup stage: people added by keyboard, details and dates saved as typed, delete with undo."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from workshop_app.services.workshop_service import OpenWorkshop

pytestmark = pytest.mark.gui

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def setup(qtbot: Any, main_window: Any) -> Any:
    main_window.show_stage("setup")
    return main_window.current_stage


def type_person(qtbot: Any, stage: Any, name: str, side_key: Qt.Key, title: str) -> None:
    """Name, Tab, a letter picks the side, Tab, job title, Enter: all from the keyboard."""
    focus = QApplication.focusWidget()
    assert focus is stage.name_edit
    qtbot.keyClicks(focus, name)
    qtbot.keyClick(focus, Qt.Key.Key_Tab)
    focus = QApplication.focusWidget()
    assert focus is stage.side_combo
    qtbot.keyClick(focus, side_key)
    qtbot.keyClick(focus, Qt.Key.Key_Tab)
    focus = QApplication.focusWidget()
    assert focus is stage.job_edit
    qtbot.keyClicks(focus, title)
    qtbot.keyClick(focus, Qt.Key.Key_Return)


def test_people_are_added_by_keyboard_and_focus_returns_to_the_name(
    qtbot: Any, setup: Any, ow: OpenWorkshop
) -> None:
    assert QApplication.focusWidget() is setup.name_edit
    type_person(qtbot, setup, "Anna Berg", Qt.Key.Key_S, "Key account manager")
    type_person(qtbot, setup, "Ben Ode", Qt.Key.Key_C, "Category buyer")
    people = ow.setup.participants()
    assert [(p.name, p.side, p.job_title) for p in people] == [
        ("Anna Berg", "supplier", "Key account manager"),
        ("Ben Ode", "customer", "Category buyer"),
    ]
    assert QApplication.focusWidget() is setup.name_edit
    assert setup.name_edit.text() == "" and setup.job_edit.text() == ""
    qtbot.waitUntil(lambda: setup.table.rowCount() == 2)
    assert setup.table.item(1, 0).text() == "Ben Ode"
    assert setup.table.item(1, 1).text() == "Customer"


def test_a_duplicate_name_is_warned_about_and_needs_a_second_enter(
    qtbot: Any, setup: Any, ow: OpenWorkshop
) -> None:
    ow.setup.add_participant("Anna Berg", "supplier")
    qtbot.keyClicks(setup.name_edit, "anna berg")
    assert setup.duplicate_label.isVisible()
    assert "Anna Berg (Supplier) is already in the list" in setup.duplicate_label.text()
    qtbot.keyClick(setup.name_edit, Qt.Key.Key_Return)
    assert len(ow.setup.participants()) == 1
    assert setup.name_edit.text() == "anna berg"  # nothing typed is lost
    qtbot.keyClick(setup.name_edit, Qt.Key.Key_Return)
    assert [p.name for p in ow.setup.participants()] == ["Anna Berg", "anna berg"]
    assert not setup.duplicate_label.isVisible()


def test_details_save_on_enter_and_a_refused_value_stays_in_the_field(
    qtbot: Any, setup: Any, ow: OpenWorkshop
) -> None:
    supplier = setup.detail_edits["supplier_name"]
    supplier.setFocus()
    qtbot.keyClicks(supplier, "Acme Foods")
    qtbot.keyClick(supplier, Qt.Key.Key_Return)
    assert ow.workshop().supplier_name == "Acme Foods"
    title = setup.detail_edits["title"]
    title.setFocus()
    title.selectAll()
    qtbot.keyClick(title, Qt.Key.Key_Delete)
    qtbot.keyClicks(title, "   ")
    qtbot.keyClick(title, Qt.Key.Key_Return)
    assert ow.workshop().title == "Test JBP"
    assert title.text() == "   "
    assert title.invalid
    window = setup.window()
    assert window.message_bar.level == "error"
    assert "title" in window.message_bar.label.text()
    ow.setup.set_detail("location", "Utrecht")  # another change refreshes the stage...
    window.flush_refresh()
    assert title.text() == "   "  # ...without throwing away the refused text
    qtbot.keyClick(title, Qt.Key.Key_Escape)
    assert title.text() == "Test JBP"


def test_day_dates_accept_iso_and_day_first_and_refuse_nonsense(
    qtbot: Any, setup: Any, ow: OpenWorkshop
) -> None:
    day2 = setup.date_edits[1]
    day2.setFocus()
    day2.selectAll()
    qtbot.keyClicks(day2, "12.03.2026")
    qtbot.keyClick(day2, Qt.Key.Key_Return)
    assert ow.agenda.days()[1].date == date(2026, 3, 12)
    day2.selectAll()
    qtbot.keyClicks(day2, "next tuesday")
    qtbot.keyClick(day2, Qt.Key.Key_Return)
    assert ow.agenda.days()[1].date == date(2026, 3, 12)
    assert day2.text() == "next tuesday"
    assert "is not a date" in setup.window().message_bar.label.text()


def test_vision_saves_when_the_field_is_left(qtbot: Any, setup: Any, ow: OpenWorkshop) -> None:
    setup.vision_edit.setFocus()
    qtbot.keyClicks(setup.vision_edit, "Grow the category together")
    setup.detail_edits["location"].setFocus()
    assert ow.workshop().vision == "Grow the category together"


def test_delete_a_person_after_confirming_the_impact_and_undo_it(
    qtbot: Any, setup: Any, ow: OpenWorkshop, dialogs: Any
) -> None:
    anna = ow.setup.add_participant("Anna Berg", "supplier")
    ow.setup.add_participant("Ben Ode", "customer")
    topic = ow.board.topics()[0]
    ow.board.add_idea(topic.id, "Shoppers want fresher produce", anna.id)
    setup.window().flush_refresh()
    setup.table.setFocus()
    setup.table.setCurrentCell(0, 0)
    dialogs.answers.append(QMessageBox.StandardButton.No)
    qtbot.keyClick(setup.table, Qt.Key.Key_Delete)
    assert len(ow.setup.participants()) == 2  # said No: nothing happens
    qtbot.keyClick(setup.table, Qt.Key.Key_Delete)
    asked = dialogs.texts("question")
    assert len(asked) == 2
    assert "Delete Anna Berg?" in asked[1] and "1 note(s) stay on the wall as anonymous" in asked[1]
    assert [p.name for p in ow.setup.participants()] == ["Ben Ode"]
    assert setup.table.rowCount() == 1
    assert "Ctrl+Z brings them back" in setup.window().message_bar.label.text()
    qtbot.keyClick(setup.table, Qt.Key.Key_Z, CTRL)
    assert [p.name for p in ow.setup.participants()] == ["Anna Berg", "Ben Ode"]
    assert ow.board.ideas(topic.id)[0].author_id == anna.id


def test_table_edits_mark_leader_and_experience(qtbot: Any, setup: Any, ow: OpenWorkshop) -> None:
    ben = ow.setup.add_participant("Ben Ode", "customer")
    setup.window().flush_refresh()
    leader = setup.table.item(0, 3)
    leader.setCheckState(Qt.CheckState.Checked)
    assert ow.setup.participants()[0].is_leader
    experience = setup.table.item(0, 4)
    experience.setData(Qt.ItemDataRole.EditRole, 7)
    assert ow.setup.participants()[0].experience_rank == 7
    experience.setData(Qt.ItemDataRole.EditRole, 500)  # refused: the table shows the stored value again
    assert ow.setup.participants()[0].experience_rank == 7
    assert setup.table.item(0, 4).data(Qt.ItemDataRole.EditRole) == 7
    assert "experience rank" in setup.window().message_bar.label.text()
    assert ben.id == setup._selected_person_id() or setup.table.rowCount() == 1


def test_frame_lists_add_by_enter_and_delete_by_key(qtbot: Any, setup: Any, ow: OpenWorkshop) -> None:
    objectives = setup.frame_editors["objective"]
    objectives.add_edit.setFocus()
    qtbot.keyClicks(objectives.add_edit, "Grow joint sales 8%")
    qtbot.keyClick(objectives.add_edit, Qt.Key.Key_Return)
    qtbot.keyClicks(objectives.add_edit, "Halve out-of-stocks")
    qtbot.keyClick(objectives.add_edit, Qt.Key.Key_Return)
    assert [f.text for f in ow.setup.frame_items("objective")] == [
        "Grow joint sales 8%",
        "Halve out-of-stocks",
    ]
    setup.window().flush_refresh()
    assert objectives.texts() == ["Grow joint sales 8%", "Halve out-of-stocks"]
    objectives.list.setFocus()
    objectives.list.setCurrentRow(0)
    qtbot.keyClick(objectives.list, Qt.Key.Key_Delete)
    assert [f.text for f in ow.setup.frame_items("objective")] == ["Halve out-of-stocks"]
