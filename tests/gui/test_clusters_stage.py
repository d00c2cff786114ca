"""Clusters stage: drag and drop, and the complete keyboard way, into clusters with headings."""

from __future__ import annotations

import os
import re

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from workshop_app.services.board_service import CLUSTER_COLOURS
from workshop_app.services.workshop_service import OpenWorkshop
from workshop_app.ui.context import UiContext
from workshop_app.ui.stages._board_cards import note_mime
from workshop_app.ui.stages._board_clusters import VOTE_MARK, ClusterBox, ClustersWall
from workshop_app.ui.stages.clusters_stage import ClustersStage

pytestmark = pytest.mark.gui

NOTES = {
    "Ann": ["Prices rise", "Private label grows", "Smaller baskets", "Online grows"],
    "Bob": ["Click and collect", "Retail media", "Data sharing is slow", "Loyalty data"],
    "Cat": ["Health claims", "Premium snacking", "Plant-based flattens", "Fewer choices"],
}


@pytest.fixture
def notes(ow: OpenWorkshop) -> dict[str, int]:
    """Twelve notes by three people on the first topic; text -> idea id."""
    topic = ow.board.topics()[0].id
    ids = {}
    for name, texts in NOTES.items():
        person = ow.setup.add_participant(f"{name} Person", "supplier").id
        for text in texts:
            ids[text] = ow.board.add_idea(topic, text, person).id
    return ids


@pytest.fixture
def stage(stage_on_screen, notes) -> ClustersStage:  # type: ignore[no-untyped-def]
    """The stage on screen, after the notes fixture filled the workshop."""
    return stage_on_screen(ClustersStage)  # type: ignore[no-any-return]


def topic_id(ow: OpenWorkshop) -> int:
    return ow.board.topics()[0].id


def drop(widget: QWidget, idea_id: int) -> None:
    """Deliver a real drop event with a dragged note to ``widget`` (what Qt does at the end of a drag)."""
    data = note_mime(idea_id)  # the events do not own their data: keep it alive while they are delivered
    args = (Qt.DropAction.MoveAction, data, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    enter = QDragEnterEvent(QPoint(10, 10), *args)
    QApplication.sendEvent(widget, enter)
    assert enter.isAccepted()  # Qt delivers the drop only to the widget that accepted the drag
    event = QDropEvent(QPointF(10, 10), *args)
    QApplication.sendEvent(widget, event)
    assert event.isAccepted()


def members(ow: OpenWorkshop) -> dict[str, set[str]]:
    return {c.title: {i.text for i in c.ideas} for c in ow.board.clusters(topic_id(ow))}


def box(stage: ClustersStage, title: str) -> ClusterBox:
    return next(b for b in stage._boxes if b.heading.text() == title)


def test_drag_onto_a_note_onto_a_cluster_and_out(
    ow: OpenWorkshop, stage: ClustersStage, notes: dict[str, int]
) -> None:
    drop(stage.card(notes["Private label grows"]), notes["Prices rise"])  # type: ignore[arg-type]
    assert members(ow) == {"Private label grows": {"Prices rise", "Private label grows"}}
    (cluster,) = ow.board.clusters(topic_id(ow))
    heading = next(i for i in cluster.ideas if i.is_heading)
    assert heading.text == "Private label grows"

    drop(box(stage, "Private label grows"), notes["Smaller baskets"])
    # Dropping onto a note that is in a cluster joins that cluster.
    drop(stage.card(notes["Prices rise"]), notes["Health claims"])  # type: ignore[arg-type]
    assert members(ow)["Private label grows"] == {
        "Prices rise",
        "Private label grows",
        "Smaller baskets",
        "Health claims",
    }
    drop(stage.loose.canvas, notes["Health claims"])
    assert "Health claims" not in members(ow)["Private label grows"]
    drop(stage.loose, notes["Smaller baskets"])
    assert members(ow)["Private label grows"] == {"Prices rise", "Private label grows"}
    # The stage shows what is voted on: one cluster and ten loose notes.
    assert stage.summary.text().startswith(f"{VOTE_MARK}s: 1 cluster + 10 loose notes = 11")
    loose = [c for c in stage.cards() if stage.loose.canvas.isAncestorOf(c)]
    assert len(loose) == 10 and all(c.meta.text() == VOTE_MARK for c in loose)


def test_dropping_a_note_onto_itself_changes_nothing(
    ow: OpenWorkshop, stage: ClustersStage, notes: dict[str, int]
) -> None:
    drop(stage.card(notes["Retail media"]), notes["Retail media"])  # type: ignore[arg-type]
    assert ow.board.clusters(topic_id(ow)) == []


def test_three_clusters_by_keyboard_only(
    ow: OpenWorkshop, stage: ClustersStage, notes: dict[str, int], qtbot
) -> None:  # type: ignore[no-untyped-def]
    def key(text: str, k: Qt.Key) -> None:
        card = stage.card(notes[text])
        assert card is not None
        qtbot.keyClick(card, k)

    # 1) Space marks notes, N makes a cluster of the marked ones and asks for the heading.
    for text in ("Prices rise", "Private label grows", "Smaller baskets"):
        key(text, Qt.Key.Key_Space)
    key("Smaller baskets", Qt.Key.Key_N)
    assert stage.picker.isVisible()
    stage.picker.entry.selectAll()
    qtbot.keyClicks(stage.picker.entry, "Value shopper")
    qtbot.keyClick(stage.picker.entry, Qt.Key.Key_Return)
    assert not stage.picker.isVisible()
    assert members(ow) == {"Value shopper": {"Prices rise", "Private label grows", "Smaller baskets"}}
    assert stage.focused_card() is stage.card(notes["Prices rise"])

    # 2) G picks a target: another loose note (group with it) and then a cluster (join it).
    key("Click and collect", Qt.Key.Key_G)
    qtbot.keyClicks(stage.picker.entry, "with: online")
    assert stage.picker.list.count() == 1
    qtbot.keyClick(stage.picker.entry, Qt.Key.Key_Return)
    assert members(ow)["Online grows"] == {"Online grows", "Click and collect"}
    for text in ("Retail media", "Data sharing is slow", "Loyalty data"):
        key(text, Qt.Key.Key_G)
        qtbot.keyClicks(stage.picker.entry, "into: online")
        qtbot.keyClick(stage.picker.entry, Qt.Key.Key_Return)
    # R renames the cluster of the selected note.
    key("Loyalty data", Qt.Key.Key_R)
    stage.picker.entry.selectAll()
    qtbot.keyClicks(stage.picker.entry, "Digital and data")
    qtbot.keyClick(stage.picker.entry, Qt.Key.Key_Return)

    # 3) N on a single note, then G into it; H makes a member the heading.
    key("Premium snacking", Qt.Key.Key_N)
    qtbot.keyClick(stage.picker.entry, Qt.Key.Key_Return)  # keeps the proposed heading (the note's text)
    for text in ("Health claims", "Plant-based flattens"):
        key(text, Qt.Key.Key_G)
        qtbot.keyClicks(stage.picker.entry, "into: premium")
        qtbot.keyClick(stage.picker.entry, Qt.Key.Key_Return)
    key("Health claims", Qt.Key.Key_H)
    assert members(ow) == {
        "Value shopper": {"Prices rise", "Private label grows", "Smaller baskets"},
        "Digital and data": {
            "Online grows",
            "Click and collect",
            "Retail media",
            "Data sharing is slow",
            "Loyalty data",
        },
        "Health claims": {"Premium snacking", "Health claims", "Plant-based flattens"},
    }
    # U takes a note out again; C recolours with a digit.
    key("Plant-based flattens", Qt.Key.Key_U)
    assert "Plant-based flattens" not in members(ow)["Health claims"]
    key("Health claims", Qt.Key.Key_C)
    qtbot.keyClick(stage.picker.entry, Qt.Key.Key_3)
    colours = {c.title: c.colour for c in ow.board.clusters(topic_id(ow))}
    assert colours["Health claims"] == CLUSTER_COLOURS[2]
    # Eligible: the 3 clusters and the 2 loose notes ("Fewer choices" and the one taken out).
    assert len(ow.board.eligible_items(topic_id(ow))) == 3 + 2
    assert stage.summary.text().startswith(f"{VOTE_MARK}s: 3 clusters + 2 loose notes = 5")


def test_arrows_move_between_notes(stage: ClustersStage, notes: dict[str, int], qtbot) -> None:  # type: ignore[no-untyped-def]
    first = stage.cards()[0]
    first.setFocus()
    qtbot.keyClick(first, Qt.Key.Key_Down)
    assert stage.focused_card() is stage.cards()[1]
    qtbot.keyClick(stage.cards()[1], Qt.Key.Key_End)
    assert stage.focused_card() is stage.cards()[-1]


def test_empty_heading_is_refused_and_the_prompt_stays(
    ow: OpenWorkshop, stage: ClustersStage, notes: dict[str, int], messages: list[tuple[str, str]], qtbot
) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(stage.card(notes["Retail media"]), Qt.Key.Key_N)
    stage.picker.entry.clear()
    qtbot.keyClick(stage.picker.entry, Qt.Key.Key_Return)
    assert messages[-1][0] == "error" and "empty" in messages[-1][1]
    assert stage.picker.isVisible()
    qtbot.keyClick(stage.picker.entry, Qt.Key.Key_Escape)
    assert not stage.picker.isVisible()
    assert ow.board.clusters(topic_id(ow)) == []


def test_ungroup_asks_first_when_the_cluster_has_dots(
    ow: OpenWorkshop, stage: ClustersStage, notes: dict[str, int], dialogs, qtbot
) -> None:  # type: ignore[no-untyped-def]
    t = topic_id(ow)
    plain = ow.board.create_cluster(t, "Plain", [notes["Prices rise"], notes["Smaller baskets"]])
    voted = ow.board.create_cluster(t, "Voted", [notes["Retail media"], notes["Loyalty data"]])
    voter = ow.voting.voters()[0]
    rnd = ow.voting.create_round(t)
    ow.voting.cast(rnd.id, voter.id, ow.board.eligible_items(t)[1])
    assert ow.board.eligible_items(t)[1].id == voted.id

    qtbot.keyClick(stage.card(notes["Prices rise"]), Qt.Key.Key_X)
    assert dialogs.texts("question") == []  # no dots: no question
    assert [c.id for c in ow.board.clusters(t)] == [voted.id]
    qtbot.keyClick(stage.card(notes["Retail media"]), Qt.Key.Key_X)
    questions = dialogs.texts("question")
    assert len(questions) == 1 and "1 dot" in questions[0]
    assert ow.board.clusters(t) == []
    ow.undo()
    assert [c.id for c in ow.board.clusters(t)] == [voted.id]
    assert plain.id not in [c.id for c in ow.board.clusters(t)]
    dialogs.answers.append(QMessageBox.StandardButton.No)  # keep the voted cluster this time
    qtbot.keyClick(stage.card(notes["Retail media"]), Qt.Key.Key_X)
    assert [c.id for c in ow.board.clusters(t)] == [voted.id]
    assert ow.board.cluster_votes(voted.id) == 1


def test_wall_view_shows_clusters_with_headings_large(
    ow: OpenWorkshop, stage: ClustersStage, notes: dict[str, int], qtbot
) -> None:  # type: ignore[no-untyped-def]
    t = topic_id(ow)
    ow.board.create_cluster(t, "Value shopper", [notes["Prices rise"], notes["Smaller baskets"]])
    wall = stage.wall_view()
    assert isinstance(wall, ClustersWall)
    qtbot.addWidget(wall)
    wall.resize(1920, 1080)
    wall.grab()
    titles = [tile.title for tile in wall._layout.shown]
    assert titles[0] == "Value shopper"
    assert set(wall._layout.shown[0].body) == {"Prices rise", "Smaller baskets"}
    assert len(titles) == 1 + 10
    assert wall._layout.size >= 1080 / 40


def test_f2_renames_the_cluster_and_edits_a_loose_note(
    ow: OpenWorkshop, stage: ClustersStage, notes: dict[str, int], qtbot
) -> None:  # type: ignore[no-untyped-def]
    t = topic_id(ow)
    ow.board.create_cluster(t, "Old name", [notes["Prices rise"], notes["Smaller baskets"]])
    qtbot.keyClick(stage.card(notes["Prices rise"]), Qt.Key.Key_F2)
    assert stage.picker.isVisible() and stage.picker.entry.text() == "Old name"
    stage.picker.entry.selectAll()
    qtbot.keyClicks(stage.picker.entry, "New name")
    qtbot.keyClick(stage.picker.entry, Qt.Key.Key_Return)
    assert [c.title for c in ow.board.clusters(t)] == ["New name"]
    assert stage.focused_card() is stage.card(notes["Prices rise"])

    loose = stage.card(notes["Retail media"])
    assert loose is not None
    qtbot.keyClick(loose, Qt.Key.Key_F2)
    assert loose.editor is not None and not stage.picker.isVisible()
    qtbot.keyClicks(loose.editor, "Retail media networks")
    qtbot.keyClick(loose.editor, Qt.Key.Key_Return)
    assert "Retail media networks" in {i.text for i in ow.board.ideas(t)}


def test_larger_text_widens_the_same_cards_and_a_new_theme_keeps_them(
    ow: OpenWorkshop, ctx: UiContext, stage: ClustersStage, notes: dict[str, int], qtbot
) -> None:  # type: ignore[no-untyped-def]
    before = stage.cards()[0].width()
    old_cards, old_sheet = stage.cards(), stage.styleSheet()
    ctx.text_scale = 1.5
    ctx.text_scale_changed.emit(1.5)
    assert stage.cards() == old_cards and len(old_cards) == 12  # re-laid out, not built again
    qtbot.waitUntil(lambda: stage.cards()[0].width() > before)
    # The size is in the fonts, not the sheet (a new sheet re-styles every widget: slow).
    assert stage.styleSheet() == old_sheet and "font-size" not in old_sheet
    assert stage.cards()[0].label.font().pixelSize() == 26  # DENSE_CARD_PX 17 at 150 %
    cards, sheet = stage.cards(), stage.styleSheet()
    ctx.theme = "dark"
    ctx.theme_changed.emit("dark")
    assert stage.cards() == cards and stage.styleSheet() == sheet  # colours come from the palette
    assert not re.findall(r"#[0-9a-fA-F]{6}\b", sheet)


def test_cluster_boxes_list_their_notes_in_board_order_with_the_count(
    stage: ClustersStage, ow: OpenWorkshop, notes: dict[str, int]
) -> None:
    """Each box is built from the topic's notes, in the cluster's own order, with its note count."""
    ow.board.group(notes["Prices rise"], notes["Smaller baskets"])
    cluster_id = ow.board.clusters(topic_id(ow))[0].id
    ow.board.join(notes["Online grows"], cluster_id)
    ow.board.join(notes["Retail media"], cluster_id)
    stage.refresh()
    (box,) = stage.findChildren(ClusterBox)
    expected = [i.id for i in ow.board.clusters(topic_id(ow))[0].ideas]
    assert [card.idea_id for card in box.note_cards] == expected and len(expected) == 4
    assert box.info.text() == f"{VOTE_MARK} · 4 notes"
    headings = {i.id for i in ow.board.clusters(topic_id(ow))[0].ideas if i.is_heading}
    for idea_id in expected:
        card = stage.card(idea_id)
        assert card is not None
        if idea_id in headings:
            assert card.meta.text() == "Heading" and not card.meta.isHidden()
        else:
            assert card.meta.isHidden()
    loose = [c for c in stage.cards() if c.idea_id not in expected]
    assert loose and all(c.meta.text() == VOTE_MARK and not c.meta.isHidden() for c in loose)
