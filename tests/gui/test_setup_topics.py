"""Setup stage, Topics tab: add, edit in place, reorder and delete topics from the keyboard,
each change undoable, and the Ideas, Vote and Agenda stages following it."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit, QMessageBox

from workshop_app.rules.voting import ItemRef
from workshop_app.services.workshop_service import OpenWorkshop
from workshop_app.ui.stages._setup_topics import COL_QUESTION, COL_TOPIC

pytestmark = pytest.mark.gui

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def setup(qtbot: Any, main_window: Any) -> Any:
    main_window.show_stage("setup")
    stage = main_window.current_stage
    qtbot.keyClick(stage.name_edit, Qt.Key.Key_O, ALT)  # Alt+O: the Topics tab
    qtbot.waitUntil(lambda: QApplication.focusWidget() is stage.topics.title_edit)
    return stage


def titles(ow: OpenWorkshop) -> list[str]:
    return [t.title for t in ow.board.topics()]


def edit_cell(qtbot: Any, table: Any, row: int, col: int, text: str) -> None:
    """F2 on the cell, replace its text, Enter."""
    table.setFocus()
    table.setCurrentCell(row, col)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: table.state() == QAbstractItemView.State.EditingState)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState)  # (commits queued)


def test_a_topic_is_added_by_keyboard_and_shown_as_typed_everywhere(
    qtbot: Any, setup: Any, main_window: Any, ow: OpenWorkshop
) -> None:
    before = titles(ow)
    edits = setup.topics
    qtbot.keyClicks(edits.title_edit, "R&D <b>pipeline</b> ")
    edits.title_edit.insert("🎉")  # (QTest cannot type a character outside the BMP)
    qtbot.keyClick(edits.title_edit, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is edits.question_edit
    qtbot.keyClicks(edits.question_edit, "What can we launch & when?")
    qtbot.keyClick(edits.question_edit, Qt.Key.Key_Return)
    assert titles(ow) == [*before, "R&D <b>pipeline</b> 🎉"]
    assert ow.board.topics()[-1].question == "What can we launch & when?"
    assert QApplication.focusWidget() is edits.title_edit and edits.title_edit.text() == ""
    assert main_window.undo_action.text() == "Undo add topic 'R&&D <b>pipeline</b> 🎉'"
    row = len(before)
    qtbot.waitUntil(lambda: edits.table.rowCount() == row + 1)
    assert edits.table.item(row, COL_TOPIC).text() == "R&D <b>pipeline</b> 🎉"
    assert setup.tabs.tabText(1) == f"T&opics ({row + 1})"
    main_window.show_stage("ideas")
    combo = main_window.current_stage.topic_bar.combo
    assert combo.itemText(combo.count() - 1) == f"{row + 1}. R&D <b>pipeline</b> 🎉"


def test_an_empty_title_is_refused_and_nothing_typed_is_lost(
    qtbot: Any, setup: Any, main_window: Any, ow: OpenWorkshop
) -> None:
    before = titles(ow)
    qtbot.keyClicks(setup.topics.question_edit, "Why?")
    qtbot.keyClick(setup.topics.question_edit, Qt.Key.Key_Return)
    assert titles(ow) == before
    assert setup.topics.question_edit.text() == "Why?"
    assert "Type the topic first" in main_window.message_bar.label.text()


def test_f2_edits_title_and_question_in_place_and_the_other_stages_follow(
    qtbot: Any, setup: Any, main_window: Any, ow: OpenWorkshop
) -> None:
    table = setup.topics.table
    first = ow.board.topics()[0]
    edit_cell(qtbot, table, 0, COL_TOPIC, "Shoppers & markets")
    assert ow.board.topics()[0].title == "Shoppers & markets"
    assert main_window.undo_action.text().startswith("Undo edit topic")
    edit_cell(qtbot, table, 0, COL_QUESTION, "What is <i>changing</i>?")
    assert ow.board.topics()[0].question == "What is <i>changing</i>?"
    edit_cell(qtbot, table, 0, COL_TOPIC, "   ")  # refused: the stored title comes back
    assert ow.board.topics()[0].title == "Shoppers & markets"
    qtbot.waitUntil(lambda: table.item(0, COL_TOPIC).text() == "Shoppers & markets")
    main_window.show_stage("ideas")
    ideas = main_window.current_stage
    ideas.topic_bar.choose(first.id)
    assert ideas.topic_bar.combo.itemText(0) == "1. Shoppers & markets"
    main_window.show_stage("agenda")
    agenda = main_window.current_stage
    assert ("Shoppers & markets", first.id) in agenda.topic_choices
    main_window.undo()
    main_window.undo()
    assert ow.board.topics()[0].title == first.title
    main_window.show_stage("ideas")
    assert main_window.current_stage.topic_bar.combo.itemText(0) == f"1. {first.title}"


def test_alt_up_and_down_move_a_topic_and_undo_puts_it_back(
    qtbot: Any, setup: Any, main_window: Any, ow: OpenWorkshop
) -> None:
    before = titles(ow)
    table = setup.topics.table
    table.setFocus()
    table.setCurrentCell(2, COL_TOPIC)
    qtbot.keyClick(table, Qt.Key.Key_Up, ALT)
    assert titles(ow) == [before[0], before[2], before[1], *before[3:]]
    assert table.currentRow() == 1 and table.item(1, COL_TOPIC).text() == before[2]  # still selected
    qtbot.keyClick(table, Qt.Key.Key_Up, ALT)
    qtbot.keyClick(table, Qt.Key.Key_Up, ALT)  # already first: nothing happens
    assert titles(ow)[0] == before[2]
    assert main_window.undo_action.text() == f"Undo move topic '{before[2]}'"
    qtbot.keyClick(table, Qt.Key.Key_Down, ALT)
    assert titles(ow) == [before[0], before[2], before[1], *before[3:]]
    main_window.show_stage("vote")
    combo = main_window.current_stage.topic_bar.combo
    assert combo.itemText(1) == f"2. {before[2]}"
    for _ in range(3):
        main_window.undo()
    assert titles(ow) == before


def test_del_on_an_empty_topic_deletes_it_at_once_and_undo_brings_it_back(
    qtbot: Any, setup: Any, main_window: Any, ow: OpenWorkshop, dialogs: Any
) -> None:
    ow.board.add_topic("Spare", "")
    setup.refresh()
    table = setup.topics.table
    table.setFocus()
    table.setCurrentCell(table.rowCount() - 1, COL_TOPIC)
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert "Spare" not in titles(ow)
    assert dialogs.calls == []  # nothing went with it: no question
    assert "Deleted the topic 'Spare'. Ctrl+Z brings it back." in main_window.message_bar.label.text()
    qtbot.keyClick(table, Qt.Key.Key_Z, CTRL)
    assert "Spare" in titles(ow)


def test_deleting_a_topic_with_notes_and_votes_says_what_goes_and_asks(
    qtbot: Any, setup: Any, main_window: Any, ow: OpenWorkshop, dialogs: Any
) -> None:
    topic = ow.board.topics()[0]
    ana = ow.setup.add_participant("Ana", "supplier").id
    a = ow.board.add_idea(topic.id, "Fewer, bigger trips", ana)
    ow.board.add_idea(topic.id, "Online grows", ana)
    rnd = ow.voting.create_round(topic.id, votes_per_person=3)
    ow.voting.cast(rnd.id, ana, ItemRef("idea", a.id))
    setup.refresh()
    table = setup.topics.table
    assert table.item(0, 2).text() == "2"  # its notes
    table.setFocus()
    table.setCurrentCell(0, COL_TOPIC)
    dialogs.answers = [QMessageBox.StandardButton.No]
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    asked = dialogs.texts("question")[-1]
    assert f"Delete the topic '{topic.title}'?" in asked
    assert "its 2 note(s) are deleted" in asked and "1 vote round(s) with 1 dot(s)" in asked
    assert "agenda item(s) no longer name a topic" in asked
    assert titles(ow)[0] == topic.title  # No: kept
    qtbot.keyClick(table, Qt.Key.Key_Delete)  # Yes (the default answer of the fixture)
    assert topic.title not in titles(ow)
    assert main_window.undo_action.text() == f"Undo delete topic '{topic.title}'"
    main_window.show_stage("ideas")
    assert all(topic.title not in main_window.current_stage.topic_bar.combo.itemText(i) for i in range(3))
    main_window.undo()
    restored = ow.board.topics()[0]
    assert restored.title == topic.title
    assert [i.text for i in ow.board.ideas(restored.id)] == ["Fewer, bigger trips", "Online grows"]
    assert ow.voting.all_votes(rnd.id)[ana] == {ItemRef("idea", a.id): 1}
