"""Close stage: feedback entered by keyboard, the summary of what the workshop produced."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from datetime import date

import pytest
from PySide6.QtCore import Qt, QTimer

from workshop_app.rules.voting import ItemRef
from workshop_app.services.workshop_service import OpenWorkshop
from workshop_app.ui.context import UiContext
from workshop_app.ui.stages.close_stage import CloseStage

pytestmark = pytest.mark.gui


def make_stage(ctx: UiContext, qtbot: object) -> CloseStage:
    stage = CloseStage(ctx)
    qtbot.addWidget(stage)  # type: ignore[attr-defined]
    ctx.workshop_changed.connect(
        lambda _label: QTimer.singleShot(0, stage.refresh)
    )  # as the main window does
    stage.resize(1280, 720)
    with qtbot.waitActive(stage):  # type: ignore[attr-defined]
        stage.show()
        stage.activateWindow()
    stage.refresh()
    stage.focus_primary()
    return stage


def produced(ow: OpenWorkshop) -> dict[str, int]:
    """A small workshop that produced a revealed vote, two rocks, decisions and actions."""
    ids = {n: ow.setup.add_participant(n, s).id for n, s in (("Anna", "supplier"), ("Ben", "customer"))}
    topic = ow.board.topics()[0]
    a = ow.board.add_idea(topic.id, "Shared forecast", ids["Anna"])
    b = ow.board.add_idea(topic.id, "Joint promo calendar", ids["Ben"])
    ow.board.add_idea(topic.id, "Loyalty app", ids["Ben"])
    rnd = ow.voting.create_round(topic.id, votes_per_person=3)
    for pid in ids.values():
        ow.voting.cast(rnd.id, pid, ItemRef("idea", a.id))
        ow.voting.cast(rnd.id, pid, ItemRef("idea", a.id))
        ow.voting.cast(rnd.id, pid, ItemRef("idea", b.id))
    ow.voting.reveal(rnd.id)
    rock = ow.rocks.promote(ItemRef("idea", a.id))
    ow.rocks.set_metric(
        rock.id, name="Availability", unit="%", baseline="94", target="97", due_date=date(2026, 9, 30)
    )
    ow.rocks.update(rock.id, owner_id=ids["Anna"])
    ow.rocks.add("Quarterly review")
    ow.minutes.add("Forecast every Monday", "decision")
    ow.minutes.add("Pricing", "parking_lot")
    ow.actions.add("Send the file", owner_id=ids["Ben"], due_date=date(2026, 3, 20))
    done = ow.actions.add("Book the room", owner_id=ids["Anna"])
    ow.actions.update(done.id, status="done")
    return ids


def test_feedback_by_keyboard(ctx, ow, qtbot) -> None:
    ids = produced(ow)
    stage = make_stage(ctx, qtbot)
    assert stage.rating.hasFocus()
    qtbot.keyClick(stage.rating, Qt.Key.Key_4)
    assert stage.worked.hasFocus()
    qtbot.keyClicks(stage.worked, "Clear rocks & owners")
    qtbot.keyClick(stage.worked, Qt.Key.Key_Return)
    assert stage.change.hasFocus()
    qtbot.keyClicks(stage.change, "More time for risks")
    qtbot.keyClick(stage.change, Qt.Key.Key_Return)
    assert stage.rating.hasFocus() and stage.rating.rating is None
    assert stage.worked.text() == "" and stage.change.text() == ""

    qtbot.keyClick(stage.rating, Qt.Key.Key_5)
    qtbot.keyClicks(stage.worked, "Fast voting")
    stage.person.setFocus()
    qtbot.keyClicks(stage.person, "Ben")  # keyboard search picks Ben
    qtbot.keyClick(
        stage.person, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
    )  # saves from anywhere

    stored = [(f.rating, f.worked, f.change, f.participant_id) for f in ow.feedback.entries()]
    assert stored == [
        (4, "Clear rocks & owners", "More time for risks", None),
        (5, "Fast voting", "", ids["Ben"]),
    ]
    assert stage.person.currentText() == "Anonymous"
    qtbot.wait(20)
    assert stage.table.rowCount() == 2
    assert stage.table.item(1, 3).text() == "Ben"
    assert stage.average.text() == "Average 4.5 / 5 from 2"

    # no rating: refused, the typed text stays
    qtbot.keyClicks(stage.worked, "Good food")
    qtbot.keyClick(stage.worked, Qt.Key.Key_Return)
    qtbot.keyClick(stage.change, Qt.Key.Key_Return)
    assert len(ow.feedback.entries()) == 2
    assert stage.worked.text() == "Good food"
    assert "rating" in ctx.messages[-1][1] and stage.rating.hasFocus()
    qtbot.keyClick(stage.rating, Qt.Key.Key_Left)  # arrows choose too, without moving on
    assert stage.rating.rating == 3 and stage.rating.hasFocus()

    # delete with undo
    stage.table.setFocus()
    stage.table.setCurrentCell(0, 1)
    qtbot.keyClick(stage.table, Qt.Key.Key_Delete)
    assert [f.rating for f in ow.feedback.entries()] == [5]
    ow.undo()
    assert [f.rating for f in ow.feedback.entries()] == [4, 5]


def test_summary_counts_what_was_produced(ctx, ow, qtbot) -> None:
    produced(ow)
    ow.feedback.add(4, "Good", "")
    ow.feedback.add(3, "", "Shorter day 1")
    stage = make_stage(ctx, qtbot)
    text = stage.summary.toPlainText()
    c = ow.counts()
    assert (c["participants"], c["ideas"], c["rocks"], c["minutes"], c["actions"], c["feedback"]) == (
        2,
        3,
        2,
        2,
        2,
        2,
    )
    for expected in (
        "2 people",
        "3 ideas",
        "6 dots",
        "2 rocks",
        "2 minutes entries",
        "1 decision",
        "2 actions",
        "2 feedback",
    ):
        assert expected in text, expected
    assert "Shared forecast (4 dots)" in text and "Joint promo calendar (2 dots)" in text
    assert "Availability: 94 \u2192 97 % \u2191 by 2026-09-30 \u00b7 Anna" in text
    assert "Quarterly review" in text and "no target metric" in text
    assert "Forecast every Monday" in text and "Pricing" not in text  # decisions only
    assert "Send the file \u2014 Ben, 2026-03-20" in text
    assert "Book the room" not in text  # done: not an open action
    assert "3.5 / 5" in text and "from 2 people" in text

    wall = stage.wall_view()
    qtbot.addWidget(wall)
    wall.resize(1920, 1080)
    wall_text = wall.plain_text()
    assert "3.5 / 5" in wall_text and "Open actions (1)" in wall_text and "Forecast every Monday" in wall_text
    assert wall.base_px() >= 1080 // 40
    ow.feedback.add(5)
    assert "4.0 / 5" in wall.plain_text()  # the wall follows new feedback


def test_the_summary_wall_reads_the_workshop_once_per_fit_however_many_sizes_it_tries(
    ctx, ow, qtbot, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Fitting the summary lays it out at up to a dozen sizes; the vote results are read once."""
    produced(ow)
    stage = make_stage(ctx, qtbot)
    calls: list[int] = []
    by_round = ow.voting.results_by_round
    monkeypatch.setattr(ow.voting, "results_by_round", lambda: (calls.append(1), by_round())[1])
    wall = stage.wall_view()
    qtbot.addWidget(wall)
    wall.resize(1280, 720)
    assert "Shared forecast (4 dots)" in wall.plain_text()
    assert len(calls) == 1  # read once for all the sizes tried
    wall.resize(1920, 1080)
    wall.plain_text()
    assert len(calls) == 2  # fitted again: read again, once
    ow.feedback.add(4)
    assert "4.0 / 5" in wall.plain_text() and len(calls) == 3


def test_a_new_theme_or_text_size_shows_the_summary_again_without_reading_it_again(
    ctx, ow, qtbot, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """A look change re-lays out what was read (stage and wall); a change of the workshop reads."""
    from workshop_app.ui.theme import DARK, LIGHT

    produced(ow)
    stage = make_stage(ctx, qtbot)
    wall = stage.wall_view()
    qtbot.addWidget(wall)
    wall.resize(1280, 720)
    assert "Shared forecast (4 dots)" in wall.plain_text()
    calls: list[int] = []
    by_round = ow.voting.results_by_round
    monkeypatch.setattr(ow.voting, "results_by_round", lambda: (calls.append(1), by_round())[1])
    layouts: list[int] = []
    layout = wall._layout
    monkeypatch.setattr(wall, "_layout", lambda px, *rest: (layouts.append(px), layout(px, *rest))[1])
    assert LIGHT.muted in stage.summary.toHtml() and DARK.muted not in stage.summary.toHtml()
    ctx.set_theme("dark")
    assert DARK.muted in stage.summary.toHtml()
    ctx.set_text_scale(1.3)
    assert "Shared forecast (4 dots)" in wall.plain_text() and layouts  # laid out again
    assert calls == []  # nothing read again for either
    ow.feedback.add(4)
    qtbot.waitUntil(lambda: "4.0 / 5" in stage.summary.toPlainText())
    assert "4.0 / 5" in wall.plain_text() and len(calls) == 2  # stage and wall, once each


def test_the_summary_is_laid_out_again_only_when_it_changed(ctx, ow, qtbot, monkeypatch) -> None:
    """A change the summary does not show (an agenda item moved) costs no rich-text layout;
    one it shows (new feedback) is there at once, and the reader's scroll position stays."""
    produced(ow)
    stage = make_stage(ctx, qtbot)
    stage.resize(1280, 300)  # short: the summary scrolls
    set_html: list[str] = []
    original = stage.summary.setHtml
    monkeypatch.setattr(stage.summary, "setHtml", lambda text: (set_html.append(text), original(text)))
    bar = stage.summary.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    kept = bar.value()
    items = ow.agenda.all_items()
    ow.agenda.move_item_by(items[-1].id, -1)
    stage.refresh()
    assert set_html == []
    ow.feedback.add(5, "Clear goals", "")
    stage.refresh()
    assert len(set_html) == 1 and "5.0 / 5" in stage.summary.toPlainText()
    assert kept > 0 and bar.value() == kept
