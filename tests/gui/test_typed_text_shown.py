"""Text typed by the facilitator is shown exactly as typed in questions, prompts and menus
(markup is not interpreted, ``&`` is not a shortcut mark); found in review."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel, QMessageBox

from workshop_app.services.workshop_service import OpenWorkshop
from workshop_app.ui.stages._board_picker import Choice, PickerPanel
from workshop_app.ui.widgets.label_text import shown_as_typed

CTRL = Qt.KeyboardModifier.ControlModifier
HOSTILE = ["<b>Grow</b> <i>share</i>", "<img src=x> Ian", "a < b & c > d", "two  spaces\nand <br> a line"]


def displayed(text: str) -> str:
    """What a message box's label shows for ``text`` (it guesses the format, as Qt::AutoText does)."""
    box = QMessageBox()
    box.setText(text)
    label = box.findChild(QLabel, "qt_msgbox_label")
    assert label is not None and label.textFormat() == Qt.TextFormat.AutoText
    doc = QTextDocument()
    if QtGui.Qt.mightBeRichText(label.text()):
        doc.setHtml(label.text())
    else:
        doc.setPlainText(label.text())
    return doc.toPlainText().replace("\u2028", "\n")


@pytest.mark.parametrize("typed", HOSTILE)
def test_a_question_shows_typed_markup_as_it_was_typed(qtbot: Any, typed: str) -> None:
    assert displayed(shown_as_typed(f"Delete {typed}?")) == f"Delete {typed}?"
    assert shown_as_typed("Delete Anna Berg?") == "Delete Anna Berg?"  # plain text stays plain


def test_deleting_a_person_with_markup_in_the_name_asks_with_the_name_as_typed(
    qtbot: Any, main_window: Any, ow: OpenWorkshop, dialogs: Any
) -> None:
    ow.setup.add_participant("<b>Grow</b> <img src=x> Ian", "supplier")
    main_window.show_stage("setup")
    setup = main_window.current_stage
    main_window.flush_refresh()
    setup.table.setFocus()
    setup.table.setCurrentCell(0, 0)
    dialogs.answers.append(QMessageBox.StandardButton.No)
    qtbot.keyClick(setup.table, Qt.Key.Key_Delete)
    (asked,) = dialogs.texts("question")
    assert "Delete <b>Grow</b> <img src=x> Ian?" in displayed(asked)


def test_the_picker_prompt_quotes_a_note_as_typed(qtbot: Any) -> None:
    picker = PickerPanel()
    qtbot.addWidget(picker)
    picker.ask_choice("Move '<img src=x> packs' to…", [Choice("Loose", 0)], lambda _v: True)
    assert picker.prompt.text() == "Move '<img src=x> packs' to…"
    assert picker.prompt.textFormat() == Qt.TextFormat.PlainText


def test_the_undo_menu_item_shows_an_ampersand_of_the_note(
    qtbot: Any, main_window: Any, ow: OpenWorkshop
) -> None:
    topic = ow.board.topics()[0]
    ow.board.add_idea(topic.id, "R&D budget & trade terms")
    main_window.flush_refresh()
    text = main_window.undo_action.text()
    assert "R&&D budget && trade terms" in text  # a menu shows && as one &, and no letter underlined
    qtbot.keyClick(main_window.rail, Qt.Key.Key_Z, CTRL)
    assert "R&&D budget && trade terms" in main_window.redo_action.text()
