"""End to end: a miniature workshop run through the real window, then read back from the file.

Create from the template on the start window, add three people, time the first item,
capture 12 notes for 3 people, cluster them into 3, vote with the budget enforced,
reveal, promote 2 rocks with metrics, record interest, add a decision and an action,
give feedback, undo and redo across stages; then reopen the file through the services
and check every piece was stored.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from workshop_app.model import Rock
from workshop_app.services.clock import FakeClock
from workshop_app.services.workshop_service import OpenWorkshop
from workshop_app.ui.main_window import MainWindow
from workshop_app.ui.settings import AppSettings
from workshop_app.ui.start_window import StartWindow

pytestmark = [pytest.mark.gui, pytest.mark.slow]

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
PEOPLE = (
    ("Anna Berg", Qt.Key.Key_S, "Key account manager"),
    ("Ben Ode", Qt.Key.Key_C, "Category buyer"),
    ("Cara Diaz", Qt.Key.Key_C, "Supply chain lead"),
)
GROUPS = {
    "Value for money": ["Prices keep rising", "Own label grows", "Smaller baskets", "Promotions confuse"],
    "Digital shopper": ["Online grows fast", "Click and collect", "Retail media", "Loyalty data"],
    "Healthy breakfast": ["Protein is in", "Less sugar", "Plant-based", "Breakfast on the go"],
}


def settle(qtbot: Any, window: MainWindow) -> None:
    qtbot.wait(10)
    window.flush_refresh()


def go(qtbot: Any, window: MainWindow, key: Qt.Key) -> Any:
    """Ctrl+digit from wherever the focus is (a popup that closed may have left no active window)."""
    if not window.isActiveWindow():
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(QApplication.focusWidget() or window, key, CTRL)
    settle(qtbot, window)
    return window.current_stage


def test_a_miniature_workshop_end_to_end(qtbot: Any, tmp_path: Path, clock: FakeClock, dialogs: Any) -> None:
    # --- create from the template on the start window ---
    settings = AppSettings()
    settings.last_dir = tmp_path
    start = StartWindow(settings, clock)
    qtbot.addWidget(start)
    opened: list[OpenWorkshop] = []
    start.opened.connect(opened.append)
    start.form.date_edit.setDate(date(2026, 3, 10))
    qtbot.keyClicks(start.form.title_edit, "Mini JBP")
    qtbot.keyClick(start.form.title_edit, Qt.Key.Key_Return)
    (ow,) = opened
    path = ow.path
    assert path == tmp_path / "Mini-JBP.planwall"
    window = MainWindow(ow, settings, ticking=False)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)

    # --- setup: three people by keyboard ---
    setup = go(qtbot, window, Qt.Key.Key_1)
    for name, side_key, title in PEOPLE:
        qtbot.keyClicks(setup.name_edit, name)
        qtbot.keyClick(setup.name_edit, Qt.Key.Key_Tab)
        qtbot.keyClick(setup.side_combo, side_key)
        qtbot.keyClick(setup.side_combo, Qt.Key.Key_Tab)
        qtbot.keyClicks(setup.job_edit, title)
        qtbot.keyClick(setup.job_edit, Qt.Key.Key_Return)
    people = {p.name: p.id for p in ow.setup.participants()}
    assert list(people) == [p[0] for p in PEOPLE]

    # --- agenda: the first item runs on the timer ---
    go(qtbot, window, Qt.Key.Key_2)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6)
    clock.advance(minutes=3)
    window.ctx.poll_status()
    assert window.timer.clock_label.text() == "27:00"

    # --- ideas: 12 notes for 3 people, typed ---
    ideas = go(qtbot, window, Qt.Key.Key_3)
    topic_id = ideas.topic_id
    assert topic_id == ow.board.topics()[0].id
    texts = [t for group in GROUPS.values() for t in group]
    for number, name in enumerate(people, start=1):
        qtbot.keyClick(ideas.capture, getattr(Qt.Key, f"Key_{number}"), ALT)
        assert ideas.author_id == people[name]
        for text in texts[(number - 1) * 4 : number * 4]:
            qtbot.keyClicks(ideas.capture, text)
            qtbot.keyClick(ideas.capture, Qt.Key.Key_Return)
    notes = {i.text: i for i in ow.board.ideas(topic_id)}
    assert len(notes) == 12
    assert [notes[t].author_id for t in texts] == [people[n] for n in people for _ in range(4)]

    # --- clusters: three groups by keyboard ---
    clusters = go(qtbot, window, Qt.Key.Key_4)
    for heading, members in GROUPS.items():
        for text in members:
            qtbot.keyClick(clusters.card(notes[text].id), Qt.Key.Key_Space)
        qtbot.keyClick(clusters.card(notes[members[-1]].id), Qt.Key.Key_N)
        clusters.picker.entry.selectAll()
        qtbot.keyClicks(clusters.picker.entry, heading)
        qtbot.keyClick(clusters.picker.entry, Qt.Key.Key_Return)
        settle(qtbot, window)
    stored = {c.title: {i.text for i in c.ideas} for c in ow.board.clusters(topic_id)}
    assert stored == {k: set(v) for k, v in GROUPS.items()}
    items = ow.board.eligible_items(topic_id)
    assert len(items) == 3

    # --- vote: the budget is enforced, then reveal ---
    vote = go(qtbot, window, Qt.Key.Key_5)
    vote.start_button.click()
    settle(qtbot, window)
    rnd = vote.current_round()
    assert rnd is not None
    budget = rnd.votes_per_person
    grid = vote.grid
    plan = {"Anna Berg": 0, "Ben Ode": 1, "Cara Diaz": 0}  # where each person puts their dots
    for name, item_index in plan.items():
        grid.setFocus()
        grid.set_current(people[name], items[item_index])
        for _ in range(budget):
            qtbot.keyClick(grid, Qt.Key.Key_Space)
            settle(qtbot, window)
        assert ow.voting.remaining(rnd.id, people[name]) == 0
    qtbot.keyClick(grid, Qt.Key.Key_Space)  # one dot too many: refused, said, nothing stored
    assert window.message_bar.level == "error"
    assert sum(sum(v.values()) for v in ow.voting.all_votes(rnd.id).values()) == 3 * budget
    vote.reveal_button.click()
    settle(qtbot, window)
    results = ow.voting.results(rnd.id)
    assert results.revealed
    assert results.items[0].total == 2 * budget

    # --- rocks: promote the top two, give both a metric ---
    rocks = go(qtbot, window, Qt.Key.Key_6)
    rocks.focus_primary()
    qtbot.keyClick(rocks.ranked, Qt.Key.Key_Return)
    qtbot.keyClick(rocks.ranked, Qt.Key.Key_Return)
    settle(qtbot, window)
    made = ow.rocks.rocks()
    assert len(made) == 2
    for row, (metric, unit, baseline, target) in enumerate(
        (("Category sales", "£m", "312", "370"), ("Online share", "%", "4", "8"))
    ):
        rocks.rock_list.setCurrentRow(row)
        form = rocks.form
        for widget, text in (
            (form.metric_name, metric),
            (form.metric_unit, unit),
            (form.metric_baseline, baseline),
            (form.metric_target, target),
        ):
            widget.setFocus()
            qtbot.keyClicks(widget, text)
            qtbot.keyClick(widget, Qt.Key.Key_Tab)
        form.due.setFocus()
        qtbot.keyClicks(form.due, "30/09/2026")
        qtbot.keyClick(form.due, Qt.Key.Key_Return)
        settle(qtbot, window)

    # --- interest: everyone answers for both rocks ---
    interest = go(qtbot, window, Qt.Key.Key_7)
    grid = interest.grid
    grid.setFocus()
    grid.current = (0, 0)
    for key in (Qt.Key.Key_3, Qt.Key.Key_2, Qt.Key.Key_1):
        qtbot.keyClick(grid, key)
    grid.current = (0, 1)
    for key in (Qt.Key.Key_1, Qt.Key.Key_3, Qt.Key.Key_0):
        qtbot.keyClick(grid, key)
    assert ow.rocks.suggested_owner(made[0].id).names == ["Anna Berg"]

    # --- minutes: a decision and an action ---
    minutes = go(qtbot, window, Qt.Key.Key_8)
    minutes.entry.setFocus()
    qtbot.keyClicks(minutes.entry, "d: Share the sales forecast every Monday")
    qtbot.keyClick(minutes.entry, Qt.Key.Key_Return)
    reg = minutes.actions
    reg.text.setFocus()
    qtbot.keyClicks(reg.text, "Send the first forecast file")
    reg.owner.setCurrentIndex(reg.owner.findData(people["Ben Ode"]))
    reg.due.setFocus()
    qtbot.keyClicks(reg.due, "20/03/2026")
    qtbot.keyClick(reg.due, Qt.Key.Key_Return)

    # --- close: feedback, then undo and redo across stages ---
    close = go(qtbot, window, Qt.Key.Key_9)
    close.rating.setFocus()
    qtbot.keyClick(close.rating, Qt.Key.Key_4)
    qtbot.keyClicks(close.worked, "Fast and focused")
    qtbot.keyClick(close.worked, Qt.Key.Key_Return)
    qtbot.keyClicks(close.change, "More time for rocks")
    qtbot.keyClick(close.change, Qt.Key.Key_Return)
    assert len(ow.feedback.entries()) == 1
    assert window.undo_action.text().startswith("Undo")
    window.rail.setFocus()
    qtbot.keyClick(window.rail, Qt.Key.Key_Z, CTRL)
    assert ow.feedback.entries() == []
    go(qtbot, window, Qt.Key.Key_1)
    window.rail.setFocus()
    qtbot.keyClick(window.rail, Qt.Key.Key_Z, CTRL | SHIFT)
    assert len(ow.feedback.entries()) == 1
    window.close()

    # --- reopen through the services: everything is in the file ---
    again = OpenWorkshop.open(path, clock)
    try:
        assert again.workshop().title == "Mini JBP"
        assert [d.date for d in again.agenda.days()] == [date(2026, 3, 10), date(2026, 3, 11)]
        assert [(p.name, p.side) for p in again.setup.participants()] == [
            ("Anna Berg", "supplier"),
            ("Ben Ode", "customer"),
            ("Cara Diaz", "customer"),
        ]
        assert again.agenda.running_item() is not None
        assert len(again.board.ideas(topic_id)) == 12
        assert {c.title for c in again.board.clusters(topic_id)} == set(GROUPS)
        (round_,) = again.voting.rounds(topic_id)
        assert round_.revealed
        assert again.counts()["dots"] == 3 * budget
        saved_rocks = again.rocks.rocks()
        assert [r.metric_name for r in saved_rocks] == ["Category sales", "Online share"]
        first = again.rocks.get(Rock, saved_rocks[0].id)
        assert (first.metric_unit, first.metric_baseline, first.metric_target) == ("£m", "312", "370")
        assert first.due_date == date(2026, 9, 30)
        assert len([v for v in again.rocks.interest_matrix().values() if v > 0]) == 5
        (decision,) = again.minutes.entries("decision")
        assert decision.text == "Share the sales forecast every Monday"
        (action,) = again.actions.actions()
        assert (action.text, action.owner_id, action.due_date) == (
            "Send the first forecast file",
            people["Ben Ode"],
            date(2026, 3, 20),
        )
        (feedback,) = again.feedback.entries()
        assert (feedback.rating, feedback.worked, feedback.change) == (
            4,
            "Fast and focused",
            "More time for rocks",
        )
        assert again.recall("stage") == "setup"
    finally:
        again.close()
