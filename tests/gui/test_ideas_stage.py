"""Ideas stage: capture by keyboard, edit in place, delete with undo, present person by person."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


import pytest
from PySide6.QtCore import Qt

from workshop_app.errors import SaveFailedError
from workshop_app.services.workshop_service import OpenWorkshop
from workshop_app.ui.context import UiContext
from workshop_app.ui.stages._board_present import IdeasWall
from workshop_app.ui.stages.ideas_stage import IdeasStage

pytestmark = pytest.mark.gui

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def people(ow: OpenWorkshop) -> dict[str, int]:
    """Ann leads (most experienced), Bob is new, Cat in between; Fay facilitates."""
    return {
        "Ann": ow.setup.add_participant("Ann Archer", "supplier", is_leader=True, experience_rank=9).id,
        "Bob": ow.setup.add_participant("Bob Brown", "customer", experience_rank=1).id,
        "Cat": ow.setup.add_participant("Cat Cole", "customer", experience_rank=4).id,
        "Fay": ow.setup.add_participant("Fay Field", "facilitation", experience_rank=5).id,
    }


@pytest.fixture
def stage(stage_on_screen, people) -> IdeasStage:  # type: ignore[no-untyped-def]
    """The stage on screen, after the people fixture filled the workshop."""
    return stage_on_screen(IdeasStage)  # type: ignore[no-any-return]


def topic_id(ow: OpenWorkshop) -> int:
    return ow.board.topics()[0].id


def type_note(qtbot, stage: IdeasStage, text: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(stage.capture, text)
    qtbot.keyClick(stage.capture, Qt.Key.Key_Return)


def test_defaults_to_the_running_agenda_items_topic(ow: OpenWorkshop, ctx: UiContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    second = ow.board.topics()[1]
    item = next(i for i in ow.agenda.all_items() if i.topic_id == second.id)
    ow.agenda.start(item.id)
    stage = IdeasStage(ctx)
    qtbot.addWidget(stage)
    stage.refresh()
    assert stage.topic_id == second.id
    assert stage.question.text() == second.question


def test_twelve_notes_for_three_people_by_keyboard_only(
    ow: OpenWorkshop, stage: IdeasStage, people: dict[str, int], qtbot
) -> None:  # type: ignore[no-untyped-def]
    # Alt+1 picks the first person of the list (Ann); the author stays for the next notes.
    qtbot.keyClick(stage.capture, Qt.Key.Key_1, ALT)
    for i in range(4):
        type_note(qtbot, stage, f"Ann idea {i + 1}")
        assert stage.capture.toPlainText() == ""
        assert stage.capture.hasFocus()
    # Ctrl+Down moves to the next person in the list (Bob).
    qtbot.keyClick(stage.capture, Qt.Key.Key_Down, CTRL)
    assert stage.author_id == people["Bob"]
    for i in range(3):
        type_note(qtbot, stage, f"Bob idea {i + 1}")
    # Shift+Enter makes a second line in the same note.
    qtbot.keyClicks(stage.capture, "Bob idea 4")
    qtbot.keyClick(stage.capture, Qt.Key.Key_Return, SHIFT)
    qtbot.keyClicks(stage.capture, "second line")
    qtbot.keyClick(stage.capture, Qt.Key.Key_Return)
    # Choosing by typing a name prefix in the author list, Enter goes back to the box.
    stage.author_combo.setFocus()
    qtbot.keyClicks(stage.author_combo, "Cat")
    qtbot.keyClick(stage.author_combo, Qt.Key.Key_Return)
    assert stage.author_id == people["Cat"]
    assert stage.capture.hasFocus()
    for i in range(4):
        type_note(qtbot, stage, f"Cat idea {i + 1}")

    ideas = ow.board.ideas(topic_id(ow))
    assert len(ideas) == 12
    by_author = {pid: [i.text for i in ideas if i.author_id == pid] for pid in people.values()}
    assert by_author[people["Ann"]] == [f"Ann idea {i}" for i in range(1, 5)]
    assert by_author[people["Bob"]] == ["Bob idea 1", "Bob idea 2", "Bob idea 3", "Bob idea 4\nsecond line"]
    assert by_author[people["Cat"]] == [f"Cat idea {i}" for i in range(1, 5)]
    # The cards are on the stage, grouped by author.
    assert [c.text for c in stage.cards()][:4] == [f"Ann idea {i}" for i in range(1, 5)]
    assert len(stage.cards()) == 12


def test_anonymous_note_with_alt_zero(ow: OpenWorkshop, stage: IdeasStage, qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(stage.capture, Qt.Key.Key_2, ALT)
    qtbot.keyClick(stage.capture, Qt.Key.Key_0, ALT)
    type_note(qtbot, stage, "Nobody's idea")
    (idea,) = ow.board.ideas(topic_id(ow))
    assert idea.author_id is None
    assert "anonymous" in stage.capture.placeholderText().lower()


def test_failed_save_keeps_the_typed_text(
    ow: OpenWorkshop,
    stage: IdeasStage,
    messages: list[tuple[str, str]],
    monkeypatch: pytest.MonkeyPatch,
    qtbot,
) -> None:  # type: ignore[no-untyped-def]
    def full_disk(*_args: object) -> None:
        raise SaveFailedError("The disk is full. Free some space, then press Enter again.")

    monkeypatch.setattr(ow.board, "add_idea", full_disk)
    type_note(qtbot, stage, "Precious idea")
    assert stage.capture.toPlainText() == "Precious idea"
    assert messages[-1] == ("error", "The disk is full. Free some space, then press Enter again.")
    monkeypatch.undo()
    qtbot.keyClick(stage.capture, Qt.Key.Key_Return)
    assert [i.text for i in ow.board.ideas(topic_id(ow))] == ["Precious idea"]
    assert stage.capture.toPlainText() == ""


def test_empty_note_is_refused_with_a_message(
    ow: OpenWorkshop, stage: IdeasStage, messages: list[tuple[str, str]], qtbot
) -> None:  # type: ignore[no-untyped-def]
    type_note(qtbot, stage, "   ")
    assert ow.board.ideas(topic_id(ow)) == []
    assert messages and messages[-1][0] == "error" and "empty" in messages[-1][1]


def test_edit_in_place_with_f2_and_cancel_with_escape(
    ow: OpenWorkshop, stage: IdeasStage, people: dict[str, int], qtbot
) -> None:  # type: ignore[no-untyped-def]
    idea = ow.board.add_idea(topic_id(ow), "Old text", people["Bob"])
    card = stage.card(idea.id)
    assert card is not None
    qtbot.keyClick(card, Qt.Key.Key_F2)
    assert card.editor is not None
    qtbot.keyClick(card.editor, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(card.editor, "New text")
    qtbot.keyClick(card.editor, Qt.Key.Key_Return)
    assert ow.board.ideas(topic_id(ow))[0].text == "New text"
    qtbot.waitUntil(lambda: stage.card(idea.id) is not None and stage.card(idea.id).text == "New text")

    card = stage.card(idea.id)
    qtbot.keyClick(card, Qt.Key.Key_F2)
    assert card.editor is not None
    qtbot.keyClicks(card.editor, "typo")
    qtbot.keyClick(card.editor, Qt.Key.Key_Escape)
    assert card.editor is None
    assert ow.board.ideas(topic_id(ow))[0].text == "New text"


def test_double_click_edits_and_a_refused_edit_keeps_the_editor(
    ow: OpenWorkshop, stage: IdeasStage, messages: list[tuple[str, str]], qtbot
) -> None:  # type: ignore[no-untyped-def]
    idea = ow.board.add_idea(topic_id(ow), "Keep me", None)
    card = stage.card(idea.id)
    assert card is not None
    qtbot.mouseDClick(card, Qt.MouseButton.LeftButton)
    assert card.editor is not None
    qtbot.keyClick(card.editor, Qt.Key.Key_A, CTRL)
    qtbot.keyClick(card.editor, Qt.Key.Key_Delete)
    qtbot.keyClick(card.editor, Qt.Key.Key_Return)  # empty: refused
    assert messages[-1][0] == "error"
    assert card.editor is not None  # still editing, nothing lost
    assert ow.board.ideas(topic_id(ow))[0].text == "Keep me"


def test_delete_key_deletes_with_an_undo_message(
    ow: OpenWorkshop, stage: IdeasStage, messages: list[tuple[str, str]], qtbot
) -> None:  # type: ignore[no-untyped-def]
    first = ow.board.add_idea(topic_id(ow), "First", None)
    second = ow.board.add_idea(topic_id(ow), "Second", None)
    card = stage.card(first.id)
    assert card is not None
    card.setFocus()
    qtbot.keyClick(card, Qt.Key.Key_Delete)
    assert [i.id for i in ow.board.ideas(topic_id(ow))] == [second.id]
    assert messages[-1] == ("info", "Deleted note 'First' — Ctrl+Z to undo")
    assert stage.card(first.id) is None
    assert stage.focused_card() is stage.card(second.id)
    ow.undo()  # the window's Ctrl+Z
    assert [i.text for i in ow.board.ideas(topic_id(ow))] == ["First", "Second"]
    assert stage.card(first.id) is not None


def test_tab_goes_to_the_notes_arrows_move_and_escape_returns(
    ow: OpenWorkshop, stage: IdeasStage, qtbot
) -> None:  # type: ignore[no-untyped-def]
    a = ow.board.add_idea(topic_id(ow), "A", None)
    b = ow.board.add_idea(topic_id(ow), "B", None)
    stage.capture.setFocus()
    qtbot.keyClick(stage.capture, Qt.Key.Key_Tab)
    assert stage.focused_card() is stage.card(b.id)
    qtbot.keyClick(stage.card(b.id), Qt.Key.Key_Up)
    assert stage.focused_card() is stage.card(a.id)
    qtbot.keyClick(stage.card(a.id), Qt.Key.Key_Escape)
    assert stage.capture.hasFocus()


def test_present_mode_walks_least_experienced_first_leader_last(
    ow: OpenWorkshop, stage: IdeasStage, people: dict[str, int], qtbot
) -> None:  # type: ignore[no-untyped-def]
    t = topic_id(ow)
    for who in ("Ann", "Bob", "Cat", "Fay"):
        ow.board.add_idea(t, f"{who} says one", people[who])
        ow.board.add_idea(t, f"{who} says two", people[who])
    ow.board.add_idea(t, "Nameless", None)
    wall = stage.wall_view()
    assert isinstance(wall, IdeasWall)
    qtbot.addWidget(wall)
    assert wall._big == ow.board.topics()[0].question  # collecting: the question and all notes

    qtbot.keyClick(stage.capture, Qt.Key.Key_F5)
    assert stage.presenting
    assert stage.present_view.hasFocus()
    seen = []
    for _ in range(5):
        seen.append(stage.present_view.name.text())
        wall.grab()  # (a view reads what changed when it is next painted)
        assert wall._big == seen[-1]
        notes = [t.title for t in wall._tiles]
        assert all(n.startswith(seen[-1].split()[0]) or seen[-1] == "Anonymous" for n in notes)
        qtbot.keyClick(stage.present_view, Qt.Key.Key_Right)
    # Bob (rank 1), Cat (4), then the leader Ann; the facilitator and anonymous notes come after.
    assert seen == ["Bob Brown", "Cat Cole", "Ann Archer", "Fay Field", "Anonymous"]
    assert stage.present_view.position.text().startswith("5 of 5")
    qtbot.keyClick(stage.present_view, Qt.Key.Key_Left)
    assert stage.present_view.name.text() == "Fay Field"
    qtbot.keyClick(stage.present_view, Qt.Key.Key_Home)
    assert stage.present_view.name.text() == "Bob Brown"
    qtbot.keyClick(stage.present_view, Qt.Key.Key_Escape)
    assert not stage.presenting
    assert stage.capture.hasFocus()
    wall.grab()
    assert wall._big == ow.board.topics()[0].question


def test_wall_view_renders_large_at_projector_sizes(
    ow: OpenWorkshop, stage: IdeasStage, people: dict[str, int], qtbot
) -> None:  # type: ignore[no-untyped-def]
    for i in range(25):
        ow.board.add_idea(topic_id(ow), f"Idea number {i} with a few words to wrap", people["Bob"])
    for size in ((1280, 720), (1920, 1080)):
        wall = stage.wall_view()
        assert wall is not None
        qtbot.addWidget(wall)
        wall.resize(*size)
        image = wall.grab()
        assert image.width() == size[0]
        layout = wall._layout
        assert layout.size >= size[1] / 40  # nothing essential below 1/40 of the height
        assert len(layout.shown) + layout.hidden == 25


def test_larger_text_keeps_the_cards_and_lays_them_out_as_a_fresh_board(
    ow: OpenWorkshop, ctx: UiContext, stage: IdeasStage, people: dict[str, int], stage_on_screen, qtbot
) -> None:  # type: ignore[no-untyped-def]
    """A new text size re-lays out the same cards (the new sheet gives them their font): each
    card ends up the size a board built at that size gives it, long notes taller than short."""
    texts = ["Short", "A much longer note that wraps onto a second and a third line at this width " * 2]
    for n, text in enumerate(texts * 3):
        ow.board.add_idea(topic_id(ow), f"{text} {n}", people["Ann" if n % 2 else "Bob"])
    cards = stage.cards()
    short = next(card for card in cards if card.text.startswith("Short"))
    long = next(card for card in cards if not card.text.startswith("Short"))
    short_height = short.height()
    ctx.set_text_scale(1.5)
    assert stage.cards() == cards  # the same widgets, not 6 new ones
    qtbot.waitUntil(lambda: short.height() > short_height)
    fresh = stage_on_screen(IdeasStage)
    qtbot.waitUntil(lambda: len(fresh.cards()) == len(cards))
    for card in cards:
        twin = fresh.card(card.idea_id)
        assert twin is not None
        qtbot.waitUntil(lambda card=card, twin=twin: card.size() == twin.size())
    assert long.height() > 1.5 * short.height()


def test_text_sizes_are_fonts_and_a_live_change_matches_a_board_built_at_that_size(
    ow: OpenWorkshop, ctx: UiContext, stage: IdeasStage, people: dict[str, int], stage_on_screen, qtbot
) -> None:  # type: ignore[no-untyped-def]
    """Ctrl+= changes fonts, not the stage's sheet: every text and control (a combo's width
    too) ends up as on a stage built at the new size, and so do notes added after it."""
    ow.board.add_idea(topic_id(ow), "Before the change", people["Ann"])
    sheet = stage.styleSheet()
    ctx.set_text_scale(1.3)
    ctx.set_text_scale(0.8)  # smaller: a combo kept its larger width (its minimum size hint)
    ow.board.add_idea(topic_id(ow), "After the change", people["Bob"])
    assert stage.styleSheet() == sheet
    fresh = stage_on_screen(IdeasStage)

    def sizes(s: IdeasStage) -> dict[str, object]:
        cards = {card.text: card.label.font().pixelSize() for card in s.cards()}
        return {
            "question": s.question.font().pixelSize(),
            "capture": s.capture.font().pixelSize(),
            "topic combo": (s.topic_bar.combo.font().pixelSize(), s.topic_bar.combo.width()),
            "author combo": s.author_combo.width(),
            "headings": sorted(g.heading.font().pixelSize() for g in s._groups),
            "cards": cards,
        }

    qtbot.wait(100)  # the layouts settle (a stale size would stay: no waiting until it goes)
    assert sizes(stage) == sizes(fresh)
    assert sizes(stage)["cards"] == {"Before the change": 15, "After the change": 15}  # CARD_PX 19 x 0.8
    for s in (stage, fresh):  # the empty capture box paints its hint in the new size too
        s.capture.clearFocus()
    assert stage.capture.grab().toImage() == fresh.capture.grab().toImage()
    card = stage.cards()[0]
    qtbot.keyClick(card, Qt.Key.Key_F2)
    assert card.editor is not None and card.editor.font().pixelSize() == 15


def test_a_wall_view_reads_a_change_when_it_paints_not_before(
    ow: OpenWorkshop, stage: IdeasStage, people: dict[str, int], qtbot
) -> None:  # type: ignore[no-untyped-def]
    """The wall window makes a fresh view on the next turn after a change, so the view on
    screen reads nothing in the facilitator's turn; painted again, it shows the change."""
    wall = stage.wall_view()
    assert isinstance(wall, IdeasWall)
    qtbot.addWidget(wall)
    wall.resize(1280, 720)
    wall.grab()
    before = [t.title for t in wall._tiles]
    ow.board.add_idea(topic_id(ow), "Arrived during the turn", people["Bob"])
    assert [t.title for t in wall._tiles] == before
    wall.grab()
    assert [t.title for t in wall._tiles] == [*before, "Arrived during the turn"]


def test_one_long_name_does_not_squeeze_the_box_notes_are_typed_into(
    ow: OpenWorkshop,
    stage_on_screen,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    """Found in review: the author box grew to the longest name (618 px), the capture box shrank to 205."""
    ow.setup.add_participant("Anna Berg", "supplier")
    ow.setup.add_participant("Maximilian Alexander von Hohenzollern-Sigmaringen", "customer")
    stage = stage_on_screen(IdeasStage)
    qtbot.keyClick(stage.capture, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert stage.author_combo.currentText().startswith("Maximilian")
    qtbot.wait(50)  # the layouts settle as in the window
    assert stage.capture.width() > 1.5 * stage.author_combo.width()
    assert "Hohenzollern-Sigmaringen" in stage.capture.placeholderText()  # the whole name is shown there


def test_typing_after_a_tab_by_mistake_goes_to_the_capture_box_and_backspace_deletes_no_note(
    ow: OpenWorkshop, stage: IdeasStage, qtbot
) -> None:  # type: ignore[no-untyped-def]
    """The letters typed on a note were dropped, and each Backspace to correct them deleted a
    note and moved on to the next one: four presses, four notes gone."""
    for text in ("One", "Two", "Three", "Four"):
        ow.board.add_idea(topic_id(ow), text, None)
    stage.capture.setFocus()
    qtbot.keyClicks(stage.capture, "Sha")
    qtbot.keyClick(stage.capture, Qt.Key.Key_Tab)  # by mistake
    card = stage.focused_card()
    assert card is not None
    qtbot.keyClicks(card, "red data")
    assert stage.capture.hasFocus()
    for _ in range(4):
        qtbot.keyClick(stage.capture, Qt.Key.Key_Backspace)
    assert stage.capture.toPlainText() == "Shared "
    assert [i.text for i in ow.board.ideas(topic_id(ow))] == ["One", "Two", "Three", "Four"]
    card = stage.card(ow.board.ideas(topic_id(ow))[0].id)
    card.setFocus()
    qtbot.keyClick(card, Qt.Key.Key_Backspace)  # Backspace on a note itself: back to typing
    assert stage.capture.hasFocus() and stage.capture.toPlainText() == "Shared"
    assert len(ow.board.ideas(topic_id(ow))) == 4


def test_deleting_a_note_with_dots_asks_and_no_keeps_it(
    ow: OpenWorkshop, stage: IdeasStage, people: dict[str, int], dialogs, qtbot
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    from workshop_app.rules.voting import ItemRef

    note = ow.board.add_idea(topic_id(ow), "Voted", None)
    rnd = ow.voting.create_round(topic_id(ow))
    ow.voting.cast(rnd.id, people["Ann"], ItemRef("idea", note.id))
    stage.refresh()
    dialogs.answers = [QMessageBox.StandardButton.No]
    card = stage.card(note.id)
    card.setFocus()
    qtbot.keyClick(card, Qt.Key.Key_Delete)
    assert "'Voted' has 1 dot(s). Deleting it removes them." in dialogs.texts("question")[0]
    assert [i.text for i in ow.board.ideas(topic_id(ow))] == ["Voted"]
    qtbot.keyClick(stage.card(note.id), Qt.Key.Key_Delete)  # then yes
    assert ow.board.ideas(topic_id(ow)) == []
    ow.undo()
    assert ow.voting.tally(rnd.id).total_dots == 1


def test_alt_digit_on_a_note_gives_it_to_another_person(
    ow: OpenWorkshop, stage: IdeasStage, people: dict[str, int], messages: list[tuple[str, str]], qtbot
) -> None:  # type: ignore[no-untyped-def]
    note = ow.board.add_idea(topic_id(ow), "Typed under the wrong name", people["Ann"])
    stage.refresh()
    number = [p.id for p in ow.setup.participants()].index(people["Bob"]) + 1
    card = stage.card(note.id)
    card.setFocus()
    qtbot.keyClick(card, Qt.Key(int(Qt.Key.Key_0) + number), ALT)
    assert ow.board.ideas(topic_id(ow))[0].author_id == people["Bob"]
    assert messages[-1] == ("info", "Note 'Typed under the wrong name' is now by Bob Brown — Ctrl+Z to undo")
    assert stage.focused_card() is stage.card(note.id)
    qtbot.keyClick(stage.card(note.id), Qt.Key.Key_0, ALT)
    assert ow.board.ideas(topic_id(ow))[0].author_id is None
    qtbot.keyClick(stage.card(note.id), Qt.Key.Key_9, ALT)
    assert messages[-1] == ("error", "There is no person 9: choose from 0 (anonymous) to 4.")
    assert ow.board.ideas(topic_id(ow))[0].author_id is None
    ow.undo()
    assert ow.board.ideas(topic_id(ow))[0].author_id == people["Bob"]


def test_a_long_unbroken_note_wraps_in_present_mode_and_on_the_wall(
    ow: OpenWorkshop, stage: IdeasStage, people: dict[str, int], qtbot
) -> None:  # type: ignore[no-untyped-def]
    """A pasted link or "xxxx…" made its card wider than the view: a sideways scroll bar, the
    next card cut off, and on the wall the text clipped."""
    from PySide6.QtWidgets import QApplication

    from workshop_app.ui.widgets.label_text import ZERO_WIDTH_SPACE

    long = "https://example.com/" + "x" * 380
    note = ow.board.add_idea(topic_id(ow), long, people["Bob"])
    ow.board.add_idea(topic_id(ow), "After it", people["Bob"])
    stage.window().resize(1280, 720)
    qtbot.keyClick(stage.capture, Qt.Key.Key_F5)
    QApplication.processEvents()
    view = stage.present_view
    assert not view.scroll.horizontalScrollBar().isVisible()
    assert view.canvas.width() <= view.scroll.viewport().width()
    card = next(c for c in view.canvas.findChildren(type(stage.card(note.id))) if c.idea_id == note.id)
    assert card.text == long  # kept as typed; only the label gets break chances
    assert card.label.text().replace(ZERO_WIDTH_SPACE, "") == long
    wall = stage.wall_view()
    qtbot.addWidget(wall)
    wall.resize(1280, 720)
    wall.grab()
    assert any(t.title == long for t in wall._tiles)
