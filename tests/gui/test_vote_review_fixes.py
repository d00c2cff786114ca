"""Vote stage, found in review with a full room (20 people, 16 items on a 1280x720 projector):
the grid showed one or two item rows, the grid measured every name for every cell it painted,
the status line spoke of a note that had moved, and Ctrl+Z while a new round was being set up
changed the previous round out of sight."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from typing import Any

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics, QKeySequence
from PySide6.QtWidgets import QApplication

from workshop_app.rules.voting import ItemRef
from workshop_app.services.workshop_service import OpenWorkshop
from workshop_app.ui.stages import _vote_grid
from workshop_app.ui.stages._vote_grid import header_names
from workshop_app.ui.stages.vote_stage import VoteStage

pytestmark = pytest.mark.gui

NAMES = [
    "Alexandra Montgomery-Smith",
    "Benedikt Schwarzenegger",
    "Chiara Bellini",
    "Dmitri Volkov",
    "Esperanza Gutiérrez",
    "Fatima Al-Hassan",
    "Gunnar Olafsson",
    "Hiroshi Tanaka",
    "Ines Fernandes",
    "Jan de Vries",
    "Katarzyna Wiśniewska",
    "Liam O'Connor",
    "Mei Ling Chen",
    "Nkosana Dlamini",
    "Olga Petrova",
    "Priya Ramakrishnan",
    "Quentin Dubois",
    "Rebecca Thornton",
    "Sven Lindqvist",
    "Tomás Ó Briain",
]


def full_room(ow: OpenWorkshop) -> list[int]:
    """20 people; 40 notes, 32 of them in 8 clusters: 16 items to vote on."""
    ids = [ow.setup.add_participant(n, "supplier" if i % 2 else "customer").id for i, n in enumerate(NAMES)]
    t = ow.board.topics()[0].id
    notes = [ow.board.add_idea(t, f"Idea number {i} about shopper value", ids[i % 20]).id for i in range(40)]
    for k in range(8):
        ow.board.create_cluster(t, f"Cluster {k}", notes[k * 4 : (k + 1) * 4])
    return ids


def on_vote_stage(window: Any, qtbot: Any) -> VoteStage:
    window.show_stage("vote")
    window.flush_refresh()
    stage = window.current_stage
    assert isinstance(stage, VoteStage)
    return stage


def whole_rows_and_columns(stage: VoteStage) -> tuple[int, int]:
    """How many item rows and person columns show whole in the grid's viewport, unscrolled."""
    grid, viewport = stage.grid, stage.grid_scroll.viewport()
    QApplication.processEvents()
    shown = viewport.rect()
    rows = sum(
        shown.contains(
            QRect(grid.mapTo(viewport, grid.cell_rect(r, 0).topLeft()), grid.cell_rect(r, 0).size())
        )
        for r in range(len(grid.data.items))
    )
    columns = sum(
        shown.contains(
            QRect(grid.mapTo(viewport, grid.cell_rect(0, c).topLeft()), grid.cell_rect(0, c).size())
        )
        for c in range(len(grid.data.people))
    )
    return rows, columns


@pytest.mark.parametrize(("size", "rows"), [((1280, 720), 5), ((1920, 1080), 12)])
def test_a_full_room_sees_most_items_and_everyone_without_scrolling(
    ow: OpenWorkshop, main_window: Any, qtbot: Any, size: tuple[int, int], rows: int
) -> None:
    """Before: at 1280x720 two rows and 14 of 20 people showed (1920x1080: 10 rows); the rules row, a wrapped
    question and progress line and a 204 px header of rotated full names took the room."""
    full_room(ow)
    stage = on_vote_stage(main_window, qtbot)
    qtbot.mouseClick(stage.start_button, Qt.MouseButton.LeftButton)
    main_window.message_bar.dismiss()
    main_window.resize(*size)
    qtbot.waitUntil(lambda: main_window.size().width() == size[0])
    main_window.flush_refresh()
    shown_rows, shown_columns = whole_rows_and_columns(stage)
    assert shown_rows >= rows
    assert shown_columns == 20
    # The rules are a press away, and fold away again.
    assert not stage.rules_row.isVisible() and stage.rules_button.text() == "Ru&les: 6 dots each"
    assert stage.rules_button.shortcut() == QKeySequence("Alt+L")
    stage.rules_button.click()
    assert stage.rules_row.isVisible() and stage.budget.hasFocus()
    stage.rules_button.click()
    assert not stage.rules_row.isVisible()


def test_a_small_room_gets_its_names_across_and_more_rows(
    ow: OpenWorkshop, main_window: Any, qtbot: Any
) -> None:
    """Five people at 1280x720: before, three rows under a header of upright names."""
    ids = full_room(ow)
    for pid in ids[5:]:
        ow.setup.delete_participant(pid)
    stage = on_vote_stage(main_window, qtbot)
    qtbot.mouseClick(stage.start_button, Qt.MouseButton.LeftButton)
    main_window.message_bar.dismiss()
    main_window.flush_refresh()
    assert not stage.grid._layout().upright
    assert stage.grid._layout().names == ("Alexandra", "Benedikt", "Chiara", "Dmitri", "Esperanza")
    shown_rows, shown_columns = whole_rows_and_columns(stage)
    assert shown_rows >= 6 and shown_columns == 5


def test_larger_text_still_shows_rows_on_a_large_screen(
    ow: OpenWorkshop, main_window: Any, qtbot: Any
) -> None:
    full_room(ow)
    stage = on_vote_stage(main_window, qtbot)
    qtbot.mouseClick(stage.start_button, Qt.MouseButton.LeftButton)
    main_window.set_text_scale(1.5)
    main_window.message_bar.dismiss()
    main_window.resize(1920, 1080)
    qtbot.waitUntil(lambda: main_window.size().width() == 1920)
    main_window.flush_refresh()
    shown_rows, shown_columns = whole_rows_and_columns(stage)
    assert shown_rows >= 6  # before: 3
    assert shown_columns == 20


def test_header_names_are_short_and_still_tell_people_apart() -> None:
    assert header_names(["Mei Ling Chen", "Jan de Vries", "Cher"]) == ["Mei", "Jan", "Cher"]
    assert header_names(["Ann Archer", "Ann Brown", "Bob Cole"]) == ["Ann A.", "Ann B.", "Bob"]
    assert header_names(["Ann Archer", "Ann  Archer", "Ann Abel"]) == ["Ann Archer", "Ann Archer", "Ann Abel"]


class CountingMetrics(QFontMetrics):
    """QFontMetrics that counts the names and labels it measures."""

    calls = 0

    def horizontalAdvance(self, *args: Any) -> int:  # type: ignore[override]
        CountingMetrics.calls += 1
        return super().horizontalAdvance(*args)


def test_the_grid_measures_names_once_per_change_not_per_cell(
    ow: OpenWorkshop, stage_on_screen: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: every paint measured every name for every cell (~6,400 measurements, ~43 ms, with
    20 people and 16 items): a dot took 50-90 ms."""
    ids = full_room(ow)
    monkeypatch.setattr(_vote_grid, "QFontMetrics", CountingMetrics)
    stage = stage_on_screen(VoteStage)
    qtbot.mouseClick(stage.start_button, Qt.MouseButton.LeftButton)
    grid = stage.grid
    grid.grab()
    CountingMetrics.calls = 0
    grid.set_current(ids[3], grid.data.items[0][0])
    qtbot.keyClick(grid, Qt.Key.Key_Space)  # a dot: the names are as they were
    grid.grab()
    qtbot.keyClick(grid, Qt.Key.Key_Backspace)
    grid.grab()
    assert CountingMetrics.calls == 0
    ow.setup.update_participant(ids[0], name="Zoë Zimmermann")  # on the Setup stage, say
    grid.grab()
    grid.grab()
    assert 0 < CountingMetrics.calls <= len(NAMES)  # a name changed: each measured once


@pytest.fixture
def small_board(ow: OpenWorkshop) -> dict[str, int]:
    t = ow.board.topics()[0].id
    ids = {
        "Ann": ow.setup.add_participant("Ann Archer", "supplier").id,
        "Bob": ow.setup.add_participant("Bob Brown", "customer").id,
    }
    notes = [ow.board.add_idea(t, text, ids["Ann"]).id for text in ("A1", "A2", "Note 2", "Note 3")]
    ids["cluster"] = ow.board.create_cluster(t, "Cluster A", notes[0:2]).id
    ids["note"] = notes[2]
    return ids


def test_the_status_line_follows_a_change_made_elsewhere(
    ow: OpenWorkshop, stage_on_screen: Any, small_board: dict[str, int], qtbot: Any
) -> None:
    """Before: after the voted note moved into a cluster the line still said "dot placed on 'Note 2'"."""
    stage = stage_on_screen(VoteStage)
    qtbot.mouseClick(stage.start_button, Qt.MouseButton.LeftButton)
    grid = stage.grid
    grid.set_current(small_board["Ann"], ItemRef("idea", small_board["note"]))
    qtbot.keyClick(grid, Qt.Key.Key_Space)
    assert "dot placed on 'Note 2'" in stage.feedback.text()
    ow.board.join(small_board["note"], small_board["cluster"])  # on the Clusters stage, say
    assert "Note 2" not in stage.feedback.text()
    assert ItemRef("idea", small_board["note"]) not in [ref for ref, _l, _c in grid.data.items]
    _person, item = grid.current()  # type: ignore[misc]
    label = next(label for ref, label, _c in grid.data.items if ref == item)
    assert not stage.feedback.isVisible() or label in stage.feedback.text()
    # A change the line is about is still said: the dot just placed.
    qtbot.keyClick(grid, Qt.Key.Key_Space)
    assert "dot placed on" in stage.feedback.text()


def test_undo_while_a_new_round_is_set_up_shows_what_it_changed(
    ow: OpenWorkshop, main_window: Any, small_board: dict[str, int], qtbot: Any
) -> None:
    """Before: Ctrl+Z after New round hid the previous round's results while the stage went on
    showing the new round's rules: the room's results vanished without a word here."""
    stage = on_vote_stage(main_window, qtbot)
    qtbot.mouseClick(stage.start_button, Qt.MouseButton.LeftButton)
    rid = stage.round_id
    assert rid is not None
    qtbot.mouseClick(stage.reveal_button, Qt.MouseButton.LeftButton)
    main_window.flush_refresh()
    qtbot.mouseClick(stage.new_round_button, Qt.MouseButton.LeftButton)
    main_window.flush_refresh()
    assert stage.round_id is None and stage.start_button.isVisible()

    main_window.undo()
    main_window.flush_refresh()
    assert not ow.voting.rounds()[0].revealed
    # The stage shows the round the undo changed, as it now is...
    assert stage.round_id == rid and stage.round_combo.currentData() == rid
    assert "(open)" in stage.round_combo.currentText()
    assert stage.content.currentWidget() is stage.grid_scroll
    assert stage.reveal_button.text() == "&Reveal results" and not stage.start_button.isVisible()
    # ...and says what was undone, and that the new round was not started.
    assert "Undone: reveal results of 'Vote'" in main_window.message_bar.text
    assert "reveal results of 'Vote'" in stage.feedback.text()
    assert "Alt+N" in stage.feedback.text()
    assert stage.grid.hasFocus() and stage.grid_scroll.verticalScrollBar().value() == 0

    main_window.redo()
    main_window.flush_refresh()
    assert ow.voting.rounds()[0].revealed
    assert stage.round_id == rid and stage.content.currentWidget() is stage.results_page


def test_undo_while_a_new_round_is_set_up_keeps_the_draft_when_no_round_changed(
    ow: OpenWorkshop, main_window: Any, small_board: dict[str, int], qtbot: Any
) -> None:
    stage = on_vote_stage(main_window, qtbot)
    qtbot.mouseClick(stage.start_button, Qt.MouseButton.LeftButton)
    ow.board.add_idea(ow.board.topics()[0].id, "A late note", small_board["Ann"])
    qtbot.mouseClick(stage.new_round_button, Qt.MouseButton.LeftButton)
    main_window.undo()  # the late note goes: no round changed
    main_window.flush_refresh()
    assert stage.round_id is None and stage.start_button.isVisible()
