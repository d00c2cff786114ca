"""Running a real day through the window: the last item of a day, skipped items, days with and
without dates, the wall's "Coming up", and the time allowed for an item."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from workshop_app.services.clock import FakeClock
from workshop_app.services.workshop_service import OpenWorkshop
from workshop_app.ui.stages._agenda_table import COL_MIN, COL_STATUS

pytestmark = pytest.mark.gui

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


RunDay = Callable[[OpenWorkshop], None]  # the run_day_one fixture


def at(hour: int, minute: int = 0, day: int = 10) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


def shown(window: Any) -> Any:
    """The window after the refresh a change asks for, and a poll of the timer."""
    window.flush_refresh()
    window.ctx.poll_status()
    QApplication.processEvents()
    return window


def agenda_stage(window: Any, qtbot: Any) -> Any:
    qtbot.keyClick(window.rail, Qt.Key.Key_2, CTRL)
    shown(window)
    return window.current_stage


def test_a_cut_item_set_to_fewer_minutes_is_refused_and_plus_one_works(
    qtbot: Any, main_window: Any, ow: OpenWorkshop, clock: FakeClock
) -> None:
    """Cut by 20 minutes, then Min set to 5: the clock read "+17:00 OVER" and +1 was refused."""
    clock.set(at(9))
    qtbot.keyClick(main_window.rail, Qt.Key.Key_F6)
    ow.agenda.extend(-20)  # 30 planned, 10 allowed
    clock.advance(minutes=2)
    stage = agenda_stage(main_window, qtbot)
    table = stage.page.table
    table.item(0, COL_MIN).setData(Qt.ItemDataRole.EditRole, 5)
    shown(main_window)
    assert main_window.message_bar.level == "error"
    assert "at least 21 minutes" in main_window.message_bar.label.text()
    assert table.item(0, COL_MIN).data(Qt.ItemDataRole.EditRole) == 30  # the stored value is back
    assert main_window.timer.clock_label.text() == "8:00"
    qtbot.keyClick(main_window.rail, Qt.Key.Key_F8)  # +1
    shown(main_window)
    assert main_window.timer.clock_label.text() == "9:00"
    assert table.item(0, COL_STATUS).text() == "RUNNING (-19 min)"


def test_f7_on_the_last_item_of_a_day_ends_the_day(
    qtbot: Any, main_window: Any, ow: OpenWorkshop, clock: FakeClock, run_day_one: RunDay
) -> None:
    """F7 on 'Day 1 wrap-up' at 15:50 started Day 2's check-in: 'Running 20 min early · day ends
    ~15:40', and the next morning '+16:45:00 OVER TIME'."""
    run_day_one(ow)
    clock.set(at(15, 50))
    bar = shown(main_window).timer
    assert "next:" not in bar.detail_label.text()
    assert "start nothing" in bar.buttons["next"].toolTip()
    qtbot.keyClick(main_window.rail, Qt.Key.Key_F7)
    shown(main_window)
    assert ow.agenda.running_item() is None
    assert (bar.title_label.text(), bar.state_label.text()) == ("Check-in and recap of day 1", "up next")
    assert bar.clock_label.text() == "20:00" and bar.late_label.text() == "On time"
    assert bar.end_label.text() == "day ends ~16:00"
    message = main_window.message_bar.label.text()
    assert message.startswith("Ended 'Day 1 wrap-up and parking lot' of Day 1; nothing else was started.")
    assert "F6 starts 'Check-in and recap of day 1' (Day 2)" in message
    qtbot.keyClick(main_window.rail, Qt.Key.Key_F7)  # pressed again: tomorrow must not start tonight
    shown(main_window)
    assert ow.agenda.running_item() is None
    assert main_window.message_bar.label.text().startswith("Day 1 has ended. Press F6 (Start) to begin Day 2")
    clock.set(at(8, 58, day=11))
    qtbot.keyClick(main_window.rail, Qt.Key.Key_F6)  # the next morning
    shown(main_window)
    assert (bar.title_label.text(), bar.clock_label.text()) == ("Check-in and recap of day 1", "20:00")


def test_shift_f7_ends_the_running_item_and_starts_nothing(
    qtbot: Any, main_window: Any, ow: OpenWorkshop, clock: FakeClock
) -> None:
    clock.set(at(9))
    qtbot.keyClick(main_window.rail, Qt.Key.Key_F6)
    clock.advance(minutes=10)
    qtbot.keyClick(main_window.rail, Qt.Key.Key_F6)  # paused
    clock.advance(minutes=2)
    qtbot.keyClick(main_window.rail, Qt.Key.Key_F7, SHIFT)
    bar = shown(main_window).timer
    first = ow.agenda.all_items()[0]
    assert first.ended_at == at(9, 12) and ow.agenda.running_item() is None
    assert bar.title_label.text() == "Partnership context: both companies' view"
    assert bar.state_label.text() == "up next"
    assert main_window.message_bar.label.text().startswith("Ended 'Welcome, objectives and check-in'")
    menu_texts = [a.text() for a in main_window.findChildren(type(main_window.undo_action))]
    assert "&End this item" in menu_texts


def test_an_item_passed_over_shows_as_skipped_and_f6_goes_on(
    qtbot: Any, main_window: Any, ow: OpenWorkshop, clock: FakeClock
) -> None:
    """Ctrl+Enter on item 3 with item 2 (45 min) pending: item 2 was projected at "now", over
    the running item, and the bar said 'Running 15 min early'."""
    clock.set(at(9))
    qtbot.keyClick(main_window.rail, Qt.Key.Key_F6)
    clock.advance(minutes=30)
    stage = agenda_stage(main_window, qtbot)
    table = stage.page.table
    table.setFocus()
    table.setCurrentCell(2, 1)
    qtbot.keyClick(table, Qt.Key.Key_Return, CTRL)  # start 'Market drivers: collect ideas'
    shown(main_window)
    statuses = [table.item(row, COL_STATUS).text() for row in range(4)]
    assert statuses == ["done, on time", "skipped", "RUNNING", "up next"]
    assert table.item(1, 0).text() == "09:30"  # its planned time, no projected one
    assert table.item(3, 0).text() == "10:35 → 09:50"  # 45 min earlier than planned
    assert main_window.timer.late_label.text() == "Running 45 min early"
    clock.advance(minutes=20)
    qtbot.keyClick(main_window.rail, Qt.Key.Key_F7, SHIFT)
    qtbot.keyClick(main_window.rail, Qt.Key.Key_F6)  # goes on, not back to item 2
    assert ow.agenda.running_item().title == "Market drivers: present ideas"  # type: ignore[union-attr]


def test_the_next_morning_yesterdays_unrun_items_are_skipped(
    qtbot: Any, main_window: Any, ow: OpenWorkshop, clock: FakeClock
) -> None:
    """The Differentiation items passed over on Day 1: the next morning the bar read
    'Differentiation… up next · Running 1078 min late' and F6 started yesterday's item."""
    items = ow.agenda.days()[0].items
    clock.set(at(15, 30))
    ow.agenda.start(items[15].id)  # the wrap-up, straight after the 13 items before it
    clock.advance(minutes=20)
    ow.agenda.end_current()
    clock.set(at(8, 58, day=11))
    stage = agenda_stage(main_window, qtbot)
    bar = main_window.timer
    assert (bar.title_label.text(), bar.late_label.text()) == ("Check-in and recap of day 1", "On time")
    assert stage.tabs.currentIndex() == 1  # the day of the item up next
    stage.tabs.setCurrentIndex(0)  # the facilitator looks back at Day 1
    assert [stage.page.table.item(r, COL_STATUS).text() for r in (13, 14)] == ["skipped", "skipped"]
    qtbot.keyClick(main_window.rail, Qt.Key.Key_F6)
    shown(main_window)
    assert ow.agenda.running_item().day.day_number == 2  # type: ignore[union-attr]
    assert stage.tabs.currentIndex() == 1  # the table follows the running item to its day


def test_an_undated_day_up_next_in_the_evening_is_not_late(
    qtbot: Any, main_window: Any, ow: OpenWorkshop, clock: FakeClock, run_day_one: RunDay
) -> None:
    """After Day 1, an undated Day 2 read 'Running 413 min late · day ends ~22:53 (planned
    16:00)' until midnight."""
    ow.setup.set_day_date(1, None)
    ow.setup.set_day_date(2, None)
    run_day_one(ow)
    clock.set(at(15, 50))
    qtbot.keyClick(main_window.rail, Qt.Key.Key_F7)
    clock.set(at(22, 53))
    bar = shown(main_window).timer
    assert (bar.late_label.text(), bar.end_label.text()) == ("On time", "day ends ~16:00")


def test_a_day_run_on_another_date_reads_the_clock_and_the_agenda_says_so(
    qtbot: Any, main_window: Any, ow: OpenWorkshop, clock: FakeClock
) -> None:
    """Day 1 dated 10 Mar, run on 17 Mar: 'Running 10090 min late' beside 'day ends ~16:00'."""
    clock.set(at(9, day=17))
    qtbot.keyClick(main_window.rail, Qt.Key.Key_F6)
    clock.advance(minutes=40)
    stage = agenda_stage(main_window, qtbot)
    bar = main_window.timer
    assert (bar.late_label.text(), bar.end_label.text()) == (
        "Running 10 min late",
        "day ends ~16:00 (planned 15:50)",
    )
    assert stage.date_note.isVisible()
    note = stage.date_note.text()
    assert "is dated Tue 10 Mar 2026 but is running today, Tue 17 Mar 2026" in note
    assert "Change its date on the Setup stage" in note
    ow.setup.set_day_date(2, at(9, day=18).date())  # (day 2 first: days keep their order)
    ow.setup.set_day_date(1, at(9, day=17).date())
    shown(main_window)
    assert not stage.date_note.isVisible()


def test_an_item_left_running_overnight_names_the_planned_date(
    qtbot: Any, main_window: Any, ow: OpenWorkshop, clock: FakeClock, run_day_one: RunDay
) -> None:
    run_day_one(ow)
    clock.set(at(9, 5, day=11))
    bar = shown(main_window).timer
    assert bar.end_label.text() == "day ends ~09:05 (planned 15:50 Tue 10 Mar)"


def coming_up(wall: Any) -> list[str]:
    from workshop_app.ui.stages._agenda_wall import ComingUpView

    wall.settle()
    QApplication.processEvents()  # a view added to the wall is shown on the next turn
    view = wall.content.findChild(ComingUpView)
    assert view is not None
    return view.listing.text().splitlines() if view.isVisibleTo(wall) else []


def test_the_walls_coming_up_follows_the_clock_and_polls_read_nothing(
    qtbot: Any, main_window: Any, ow: OpenWorkshop, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 09:45, item 1 15 min over: the wall read 'running 15 min late' above 'Coming up 09:30
    …, 10:15 …', the times of the last change."""
    from sqlalchemy import event

    from workshop_app.ui.stages._agenda_wall import ComingUpView

    clock.set(at(9))
    main_window.show_stage("agenda")
    main_window.timer.act("toggle")
    wall = main_window.open_wall()
    wall.resize(1280, 720)
    shown(main_window)
    assert coming_up(wall)[:2] == [
        "09:30  Partnership context: both companies' view",
        "10:15  Market drivers: collect ideas",
    ]
    clock.set(at(9, 45))
    shown(main_window)
    assert coming_up(wall) == [
        "09:45  Partnership context: both companies' view",
        "10:30  Market drivers: collect ideas",
        "10:50  Market drivers: present ideas",
    ]
    view = wall.content.findChild(ComingUpView)
    texts: list[str] = []
    monkeypatch.setattr(view.listing, "setText", texts.append)
    selects: list[str] = []
    event.listen(ow.store.engine, "before_cursor_execute", lambda *args: selects.append(args[2]))
    for _ in range(4):  # a second of polls, a fraction of a minute later
        clock.advance(0.25)
        main_window.ctx.poll_status()
    assert texts == [] and selects == []  # nothing rebuilt, nothing read
    clock.advance(60)
    main_window.ctx.poll_status()
    assert texts and texts[-1].startswith("09:46  Partnership context")


def test_coming_up_lists_three_items_still_to_run(
    qtbot: Any, main_window: Any, ow: OpenWorkshop, clock: FakeClock
) -> None:
    """Items 2 and 3 run before item 1: the wall took items 2 to 4 and dropped the two run,
    listing one item."""
    items = ow.agenda.days()[0].items
    clock.set(at(9))
    for item in (items[1], items[2], items[0]):
        ow.agenda.start(item.id)
        clock.advance(minutes=10)
    main_window.show_stage("agenda")
    wall = main_window.open_wall()
    shown(main_window)
    assert [line.split("  ", 1)[1] for line in coming_up(wall)] == [i.title for i in items[3:6]]
