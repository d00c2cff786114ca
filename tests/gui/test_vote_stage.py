"""Vote stage: set up a round, place dots by keyboard and mouse within the budget, reveal, ties."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


import pytest
from PySide6.QtCore import QPoint, Qt

from workshop_app.rules.voting import ItemRef
from workshop_app.services.workshop_service import OpenWorkshop
from workshop_app.ui.stages._vote_chart import TIE, VoteWall, rank_text
from workshop_app.ui.stages.vote_stage import VoteStage

pytestmark = pytest.mark.gui


@pytest.fixture
def board(ow: OpenWorkshop) -> dict[str, int]:
    """Three voters and a facilitator; two clusters and three loose notes (five vote items)."""
    t = ow.board.topics()[0].id
    ids = {
        "Ann": ow.setup.add_participant("Ann Archer", "supplier").id,
        "Bob": ow.setup.add_participant("Bob Brown", "customer").id,
        "Cat": ow.setup.add_participant("Cat Cole", "customer").id,
    }
    ow.setup.add_participant("Fay Field", "facilitation")
    notes = [ow.board.add_idea(t, text, ids["Ann"]).id for text in ("A1", "A2", "B1", "B2", "L1", "L2", "L3")]
    ow.board.create_cluster(t, "Cluster A", notes[0:2])
    ow.board.create_cluster(t, "Cluster B", notes[2:4])
    ids["L1"] = notes[4]
    return ids


@pytest.fixture
def stage(stage_on_screen, board) -> VoteStage:  # type: ignore[no-untyped-def]
    """The stage on screen, after the board fixture filled the workshop."""
    return stage_on_screen(VoteStage)  # type: ignore[no-any-return]


def topic_id(ow: OpenWorkshop) -> int:
    return ow.board.topics()[0].id


def start(stage: VoteStage, qtbot, budget: int = 4) -> int:  # type: ignore[no-untyped-def]
    stage.budget.setValue(budget)
    qtbot.mouseClick(stage.start_button, Qt.MouseButton.LeftButton)
    assert stage.round_id is not None
    return stage.round_id


def test_setup_defaults_to_the_suggested_budget(ow: OpenWorkshop, stage: VoteStage, qtbot) -> None:  # type: ignore[no-untyped-def]
    assert ow.voting.rounds() == []
    assert stage.start_button.isVisible()
    assert stage.budget.value() == ow.voting.suggested_budget(topic_id(ow)) == 4
    assert stage.suggested.text() == "(suggested 4)" and "5 items" in stage.suggested.toolTip()
    stage.multiple.setChecked(False)
    stage.cap.setValue(2)  # ignored without several dots on one item
    rid = start(stage, qtbot, budget=3)
    rnd = ow.voting.rounds()[0]
    assert (rnd.id, rnd.votes_per_person, rnd.allow_multiple, rnd.per_item_cap) == (rid, 3, False, None)
    assert not stage.start_button.isVisible()
    assert stage.grid.hasFocus()


def test_budget_is_enforced_and_the_refusal_is_shown(
    ow: OpenWorkshop, stage: VoteStage, board: dict[str, int], messages: list[tuple[str, str]], qtbot
) -> None:  # type: ignore[no-untyped-def]
    rid = start(stage, qtbot, budget=4)
    grid = stage.grid
    assert grid.current() == (board["Ann"], ItemRef("cluster", ow.board.clusters(topic_id(ow))[0].id))
    qtbot.keyClick(grid, Qt.Key.Key_Space)
    qtbot.keyClick(grid, Qt.Key.Key_Plus)  # several dots on one item are allowed
    qtbot.keyClick(grid, Qt.Key.Key_Down)
    qtbot.keyClick(grid, Qt.Key.Key_Space)
    qtbot.keyClick(grid, Qt.Key.Key_Down)
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    assert sum(ow.voting.person_votes(rid, board["Ann"]).values()) == 4
    assert grid.data.remaining[board["Ann"]] == 0
    assert "0 dots left" in stage.feedback.text()
    qtbot.keyClick(grid, Qt.Key.Key_Down)
    qtbot.keyClick(grid, Qt.Key.Key_Space)  # the 5th dot of a 4-dot budget
    assert sum(ow.voting.person_votes(rid, board["Ann"]).values()) == 4
    level, text = messages[-1]
    assert level == "error" and "Ann Archer" in text
    assert stage.feedback.text() == text
    assert stage.feedback.property("role") == "error"
    # Backspace takes one off again; then the dot fits.
    qtbot.keyClick(grid, Qt.Key.Key_Up)
    qtbot.keyClick(grid, Qt.Key.Key_Backspace)
    qtbot.keyClick(grid, Qt.Key.Key_Down)
    qtbot.keyClick(grid, Qt.Key.Key_Space)
    assert sum(ow.voting.person_votes(rid, board["Ann"]).values()) == 4
    assert grid.data.remaining[board["Ann"]] == 0
    # The facilitator does not vote: only the three voters are columns.
    assert [name for _pid, name in grid.data.people] == ["Ann Archer", "Bob Brown", "Cat Cole"]


def test_click_adds_and_right_click_removes(
    ow: OpenWorkshop, stage: VoteStage, board: dict[str, int], qtbot
) -> None:  # type: ignore[no-untyped-def]
    rid = start(stage, qtbot)
    grid = stage.grid
    cell = grid.cell_rect(4, 1).center()  # Bob, the last loose note
    item = grid.data.items[4][0]
    qtbot.mouseClick(grid, Qt.MouseButton.LeftButton, pos=cell)
    qtbot.mouseClick(grid, Qt.MouseButton.LeftButton, pos=cell)
    assert ow.voting.person_votes(rid, board["Bob"]) == {item: 2}
    qtbot.mouseClick(grid, Qt.MouseButton.RightButton, pos=cell)
    assert ow.voting.person_votes(rid, board["Bob"]) == {item: 1}
    assert grid.current() == (board["Bob"], item)


def test_totals_hidden_until_reveal_then_a_ranked_chart(
    ow: OpenWorkshop, stage: VoteStage, board: dict[str, int], qtbot
) -> None:  # type: ignore[no-untyped-def]
    rid = start(stage, qtbot, budget=4)
    items = [ref for ref, _label, _colour in stage.grid.data.items]
    for person, picks in (("Ann", [0, 0, 1, 2]), ("Bob", [0, 1, 1, 2]), ("Cat", [3])):
        for index in picks:
            ow.voting.cast(rid, board[person], items[index])
    wall = stage.wall_view()
    assert isinstance(wall, VoteWall)
    qtbot.addWidget(wall)
    wall.resize(1280, 720)
    wall.grab()
    assert stage.grid.data.totals is None
    assert "Total" not in stage.progress.text()
    assert stage.chart.items == []
    assert wall.progress_text == "2 of 3 people have placed all their dots · 1 part-way"  # Cat: 1 of 4
    assert stage.progress.text().startswith("2 of 3 people have placed all their dots · 1 part-way")
    assert not wall.results.revealed  # type: ignore[union-attr]
    # The wall lists what is voted on, numbered, and nothing else: no totals.
    labels = ["Cluster A", "Cluster B", "L1", "L2", "L3"]
    assert [t.title for t in wall._tiles] == [f"{n}. {label}" for n, label in enumerate(labels, 1)]
    assert all(not t.body and not t.meta for t in wall._tiles)

    qtbot.mouseClick(stage.reveal_button, Qt.MouseButton.LeftButton)
    assert ow.voting.rounds()[0].revealed
    assert stage.content.currentWidget() is stage.results_page
    ranked = [(i.label, i.total, rank_text(i)) for i in stage.chart.items]
    assert ranked[:3] == [("Cluster A", 3, "=1"), ("Cluster B", 3, "=1"), ("L1", 2, "3")]
    assert stage.grid.data.totals is not None and stage.grid.data.totals[items[0]] == 3
    wall.grab()
    assert wall.results.revealed  # type: ignore[union-attr]
    assert [i.tied for i in wall.results.items[:3]] == [True, True, False]  # type: ignore[union-attr]
    # Hide again: the room no longer sees totals.
    qtbot.mouseClick(stage.reveal_button, Qt.MouseButton.LeftButton)
    assert stage.grid.data.totals is None and stage.chart.items == []


def test_ties_are_marked_on_the_chart(
    ow: OpenWorkshop, stage: VoteStage, board: dict[str, int], qtbot
) -> None:  # type: ignore[no-untyped-def]
    rid = start(stage, qtbot, budget=4)
    items = ow.board.eligible_items(topic_id(ow))
    ow.voting.cast(rid, board["Ann"], items[2])
    ow.voting.cast(rid, board["Bob"], items[3])
    ow.voting.reveal(rid)
    ranked = stage.chart.items
    assert [rank_text(i) for i in ranked] == ["=1", "=1", "=3", "=3", "=3"]
    assert TIE == "TIE"
    image = stage.chart.grab().toImage()
    assert not image.isNull()


def test_rule_change_that_breaks_placed_dots_is_refused(
    ow: OpenWorkshop, stage: VoteStage, board: dict[str, int], messages: list[tuple[str, str]], qtbot
) -> None:  # type: ignore[no-untyped-def]
    rid = start(stage, qtbot, budget=5)
    items = ow.board.eligible_items(topic_id(ow))
    for item in items[:3]:
        ow.voting.cast(rid, board["Cat"], item)
    stage.budget.setValue(2)
    assert messages[-1][0] == "error" and "Cat Cole" in messages[-1][1]
    assert ow.voting.rounds()[0].votes_per_person == 5
    assert stage.budget.value() == 5
    stage.budget.setValue(6)
    assert ow.voting.rounds()[0].votes_per_person == 6
    stage.cap.setValue(1)
    assert ow.voting.rounds()[0].per_item_cap == 1


def test_close_and_reopen_the_round(
    ow: OpenWorkshop, stage: VoteStage, board: dict[str, int], messages: list[tuple[str, str]], qtbot
) -> None:  # type: ignore[no-untyped-def]
    rid = start(stage, qtbot)
    qtbot.mouseClick(stage.open_button, Qt.MouseButton.LeftButton)
    assert not ow.voting.rounds()[0].is_open
    assert "closed" in stage.progress.text()
    qtbot.keyClick(stage.grid, Qt.Key.Key_Space)
    assert "closed" in messages[-1][1] and ow.voting.all_votes(rid) == {}
    qtbot.mouseClick(stage.open_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(stage.grid, Qt.Key.Key_Space)
    assert ow.voting.all_votes(rid) != {}


def test_new_round_and_result_notes(ow: OpenWorkshop, stage: VoteStage, board: dict[str, int], qtbot) -> None:  # type: ignore[no-untyped-def]
    rid = start(stage, qtbot)
    t = topic_id(ow)
    ow.voting.cast(rid, board["Ann"], ItemRef("idea", board["L1"]))
    ow.board.join(board["L1"], ow.board.clusters(t)[0].id)  # the voted note moves into a cluster
    ow.voting.reveal(rid)
    assert "count for cluster" in stage.notes.text()
    assert stage.notes.isVisibleTo(stage)
    qtbot.mouseClick(stage.new_round_button, Qt.MouseButton.LeftButton)
    assert stage.round_id is None and stage.start_button.isVisible()
    second = start(stage, qtbot, budget=4)
    assert second != rid
    assert [r.title for r in ow.voting.rounds(t)] == ["Vote", "Round 2"]
    assert stage.round_combo.currentData() == second


def test_a_grid_larger_than_the_screen_scrolls_to_the_cell_and_keeps_names_and_items_in_view(
    ow: OpenWorkshop,
    stage_on_screen,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    """20 people and 10 notes at 1280x720: the arrows reach the last cell on screen, and the
    names and the notes' labels stay pinned beside it (found in review: dots were added blind)."""
    people = [ow.setup.add_participant(f"Person {i:02d}", "supplier").id for i in range(1, 21)]
    for i in range(10):
        ow.board.add_idea(topic_id(ow), f"Idea number {i + 1}", people[0])
    stage = stage_on_screen(VoteStage)
    rid = start(stage, qtbot)
    grid, viewport = stage.grid, stage.grid_scroll.viewport()
    grid.setFocus()
    for _ in range(19):
        qtbot.keyClick(grid, Qt.Key.Key_Right)
    for _ in range(9):
        qtbot.keyClick(grid, Qt.Key.Key_Down)
    label_w, _col_w, header_h, _row_h, _t = grid._metrics()
    cell = grid.cell_rect(grid.row, grid.col)
    shown = viewport.rect().adjusted(label_w, header_h, 0, 0)  # beside the pinned names and labels
    assert shown.contains(grid.mapTo(viewport, cell.topLeft()))
    assert shown.contains(grid.mapTo(viewport, cell.bottomRight()))
    qtbot.keyClick(grid, Qt.Key.Key_Space)
    last = grid.data.items[-1][0]
    assert ow.voting.person_votes(rid, people[-1]) == {last: 1}

    # The labels are painted at the visible left edge: a click there picks no cell under them...
    pinned_label = grid.mapFrom(viewport, viewport.rect().bottomLeft() + QPoint(10, -10))
    assert grid.cell_at(pinned_label) is None
    # ...and they show: the pixels there are the label column's, not the empty grid's cells.
    image = viewport.grab().toImage()
    y = grid.mapTo(viewport, cell.center()).y()  # the row of the cell just voted on
    background = image.pixelColor(2, y)
    assert any(image.pixelColor(x, y) != background for x in range(8, label_w - 10)), "no label painted"
    y = grid.mapTo(viewport, QPoint(0, grid._pinned().y() + header_h // 2)).y()  # the pinned names
    assert any(image.pixelColor(x, y) != background for x in range(label_w, viewport.width())), "no names"
