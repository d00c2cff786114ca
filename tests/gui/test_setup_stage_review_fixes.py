"""Setup stage review fixes: a rename to another person's name is warned about, the Experience
editor keeps to 0-99, day dates keep their order, and Name keeps a readable share at large text."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit, QSpinBox

from workshop_app.services.workshop_service import OpenWorkshop
from workshop_app.ui.stages.setup_stage import COL_EXPERIENCE, COL_NAME, COL_TITLE

pytestmark = pytest.mark.gui


@pytest.fixture
def setup(qtbot: Any, main_window: Any) -> Any:
    main_window.show_stage("setup")
    return main_window.current_stage


def f2(qtbot: Any, stage: Any, pid: int, col: int) -> Any:
    stage.refresh()  # (people added through the services)
    stage.select_person(pid, col)
    stage.table.setFocus()
    qtbot.keyClick(stage.table, Qt.Key.Key_F2)
    return QApplication.focusWidget()


def enter(qtbot: Any, stage: Any, editor: Any) -> None:
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: stage.table.state() != QAbstractItemView.State.EditingState)  # (queued)


def enter_warned(qtbot: Any, stage: Any, editor: Any) -> Any:
    """Enter on a rename the stage warns about: the cell is edited again at once (the editor may
    close and reopen before a check for 'closed' ever runs); returns the reopened editor."""
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: (
            stage._warned_rename is not None
            and stage.table.state() == QAbstractItemView.State.EditingState
            and any(w.isVisible() for w in stage.table.viewport().findChildren(QLineEdit))
        )
    )
    return next(w for w in stage.table.viewport().findChildren(QLineEdit) if w.isVisible())


def test_a_rename_to_another_persons_name_warns_and_needs_a_second_enter(
    qtbot: Any, setup: Any, main_window: Any, ow: OpenWorkshop
) -> None:
    ow.setup.add_participant("Anna Berg", "supplier")
    ben = ow.setup.add_participant("Ben Ode", "customer").id
    editor = f2(qtbot, setup, ben, COL_NAME)
    editor.selectAll()
    qtbot.keyClicks(editor, "anna berg")
    again = enter_warned(qtbot, setup, editor)
    assert [p.name for p in ow.setup.participants()] == ["Anna Berg", "Ben Ode"]  # not yet
    text = main_window.message_bar.label.text()
    assert "There is already a person called Anna Berg (Supplier)" in text and "Enter again" in text
    assert again.text() == "anna berg"  # what was typed, to confirm
    enter(qtbot, setup, again)
    assert [p.name for p in ow.setup.participants()] == ["Anna Berg", "anna berg"]
    assert main_window.undo_action.text() == "Undo edit person 'Ben Ode'"


def test_esc_after_the_rename_warning_keeps_the_stored_name(qtbot: Any, setup: Any, ow: OpenWorkshop) -> None:
    ow.setup.add_participant("Anna Berg", "supplier")
    ben = ow.setup.add_participant("Ben Ode", "customer").id
    editor = f2(qtbot, setup, ben, COL_NAME)
    editor.selectAll()
    qtbot.keyClicks(editor, "Anna Berg")
    again = enter_warned(qtbot, setup, editor)
    qtbot.keyClick(again, Qt.Key.Key_Escape)  # to the open editor itself (not always the focus offscreen)
    qtbot.waitUntil(lambda: setup.table.state() != QAbstractItemView.State.EditingState)
    assert ow.setup.participants()[1].name == "Ben Ode"
    assert setup.table.item(1, COL_NAME).text() == "Ben Ode"


def test_the_experience_editor_keeps_to_the_allowed_range(
    qtbot: Any, setup: Any, main_window: Any, ow: OpenWorkshop
) -> None:
    pid = ow.setup.add_participant("Anna Berg", "supplier").id
    editor = f2(qtbot, setup, pid, COL_EXPERIENCE)
    assert isinstance(editor, QSpinBox)
    assert (editor.minimum(), editor.maximum()) == (0, 99)
    editor.selectAll()
    qtbot.keyClicks(editor, "150")  # the third digit cannot be typed
    enter(qtbot, setup, editor)
    assert ow.setup.participants()[0].experience_rank == 15
    assert "whole number" not in main_window.message_bar.label.text()


def test_a_day_dated_before_an_earlier_day_is_refused_and_stays_in_the_field(
    qtbot: Any, setup: Any, main_window: Any, ow: OpenWorkshop
) -> None:
    from datetime import date

    day2 = setup.date_edits[1]
    day2.setFocus()
    day2.selectAll()
    qtbot.keyClicks(day2, "2026-03-09")
    qtbot.keyClick(day2, Qt.Key.Key_Return)
    assert ow.agenda.days()[1].date == date(2026, 3, 11)
    assert day2.text() == "2026-03-09"  # nothing typed is lost
    text = main_window.message_bar.label.text()
    assert "Day 2 on Mon 9 March 2026 would come before day 1 (Tue 10 March 2026)" in text
    day1 = setup.date_edits[0]
    day1.setFocus()
    day1.selectAll()
    qtbot.keyClicks(day1, "11/03/2026")  # day first: day 2's date
    qtbot.keyClick(day1, Qt.Key.Key_Return)
    assert ow.agenda.days()[0].date == date(2026, 3, 10)
    assert "Day 2 is already on Wed 11 March 2026" in main_window.message_bar.label.text()


@pytest.mark.parametrize(("size", "scale"), [((1280, 720), 1.3), ((1280, 720), 1.6), ((1920, 1080), 1.6)])
def test_name_keeps_a_readable_share_with_larger_text(
    qtbot: Any, setup: Any, main_window: Any, ow: OpenWorkshop, size: tuple[int, int], scale: float
) -> None:
    for n in range(12):
        ow.setup.add_participant(f"Hannah Brooks {n}", "facilitation", "Head of Category Development")
    main_window.resize(*size)
    main_window.set_text_scale(scale)
    qtbot.wait(50)
    table = setup.table
    qtbot.waitUntil(lambda: table.rowCount() == 12)
    width = table.horizontalHeader().viewport().width()
    name = table.columnWidth(COL_NAME)
    assert name >= 0.3 * width
    assert name >= table.fontMetrics().horizontalAdvance("Hannah Bro…")  # was "Hann…"
    assert table.columnWidth(COL_TITLE) >= 0.12 * width
    labels = setup.people_box.findChildren(type(setup.duplicate_label))
    hint = next(label for label in labels if "F2 edits" in label.text())
    assert hint.height() <= 3 * hint.fontMetrics().height()  # a line or two, not a column of letters
