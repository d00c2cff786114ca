"""Agenda stage and the timer: colours with a fake clock, F5..F8, reordering, crash-resume."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QByteArray, QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QLabel

from workshop_app.rules.agenda_timing import TimerState
from workshop_app.services.clock import FakeClock
from workshop_app.services.workshop_service import OpenWorkshop
from workshop_app.ui.main_window import MainWindow
from workshop_app.ui.stages.agenda_stage import COL_MIN, COL_TITLE, MIME
from workshop_app.ui.theme import LIGHT

pytestmark = pytest.mark.gui

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def beeps(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    monkeypatch.setattr(QApplication, "beep", staticmethod(lambda: calls.append(1)))
    return calls


def tick(window: Any, clock: FakeClock, seconds: float = 0) -> Any:
    clock.advance(seconds)
    return window.ctx.poll_status()


def test_timer_turns_amber_red_then_counts_up_in_red_with_one_cue(
    qtbot: Any, main_window: Any, clock: FakeClock, beeps: list[int]
) -> None:
    timer = main_window.timer
    qtbot.keyClick(main_window.rail, Qt.Key.Key_F6)  # start the first item: 30 minutes
    assert timer.title_label.text() == "Welcome, objectives and check-in"
    assert timer.clock_label.text() == "30:00"
    assert timer.colour_state == TimerState.RUNNING
    assert timer.clock_colour == LIGHT.fg
    tick(main_window, clock, 23 * 60 + 59)  # 6:01 left, just above 20 %
    assert timer.colour_state == TimerState.RUNNING
    tick(main_window, clock, 1)  # 6:00 left = 20 %
    assert timer.colour_state == TimerState.AMBER
    assert timer.clock_colour == LIGHT.amber
    assert timer.clock_label.text() == "6:00"
    tick(main_window, clock, 4 * 60 + 30)  # 1:30 left = 5 %
    assert timer.colour_state == TimerState.RED
    assert timer.clock_colour == LIGHT.red
    assert beeps == []
    tick(main_window, clock, 95)  # 5 s over
    assert timer.colour_state == TimerState.OVER
    assert timer.clock_label.text() == "+0:05"
    assert timer.clock_colour == LIGHT.red
    assert timer.state_label.text() == "OVER TIME"
    assert beeps == [1]
    assert timer.flashing
    tick(main_window, clock, 60)
    assert timer.clock_label.text() == "+1:05"
    assert beeps == [1]  # the cue sounds once


def test_muted_cue_neither_beeps_nor_flashes(
    qtbot: Any, main_window: Any, clock: FakeClock, beeps: list[int]
) -> None:
    qtbot.keyClick(main_window.rail, Qt.Key.Key_M, CTRL | SHIFT)
    assert main_window.ctx.cue_muted
    qtbot.keyClick(main_window.rail, Qt.Key.Key_F6)
    tick(main_window, clock, 29 * 60)
    tick(main_window, clock, 61)
    assert main_window.timer.colour_state == TimerState.OVER
    assert beeps == []
    assert not main_window.timer.flashing


def test_pause_resume_extend_and_next_from_the_keyboard(
    qtbot: Any, main_window: Any, ow: OpenWorkshop, clock: FakeClock
) -> None:
    timer = main_window.timer
    rail = main_window.rail
    qtbot.keyClick(rail, Qt.Key.Key_F6)
    tick(main_window, clock, 60)
    assert timer.clock_label.text() == "29:00"
    qtbot.keyClick(rail, Qt.Key.Key_F6)  # pause
    assert timer.status.state == TimerState.PAUSED
    assert timer.state_label.text() == "PAUSED"
    assert timer.buttons["toggle"].text().startswith("Resume")
    tick(main_window, clock, 300)
    assert timer.clock_label.text() == "29:00"  # paused time does not count
    qtbot.keyClick(rail, Qt.Key.Key_F6)  # resume
    tick(main_window, clock, 60)
    assert timer.clock_label.text() == "28:00"
    qtbot.keyClick(rail, Qt.Key.Key_F9)  # +5
    assert timer.clock_label.text() == "33:00"
    qtbot.keyClick(rail, Qt.Key.Key_F8)  # +1
    assert timer.clock_label.text() == "34:00"
    assert "+6 min" in main_window.undo_action.text() or "+1 min" in main_window.undo_action.text()
    qtbot.keyClick(rail, Qt.Key.Key_F7)  # next item
    assert timer.title_label.text() == "Partnership context: both companies' view"
    assert timer.clock_label.text() == "45:00"
    assert "Market drivers: collect ideas" in timer.detail_label.text()
    first = ow.agenda.all_items()[0]
    assert first.ended_at is not None


def test_late_text_and_projected_end_are_always_visible(
    qtbot: Any, main_window: Any, ow: OpenWorkshop, clock: FakeClock
) -> None:
    clock.set(ow.agenda.day_start(ow.agenda.days()[0]))  # start on time...
    qtbot.keyClick(main_window.rail, Qt.Key.Key_F6)
    tick(main_window, clock, 40 * 60)  # the 30-minute item runs 10 minutes over
    status = main_window.timer.status
    assert status.late_minutes >= 10
    assert main_window.timer.late_label.text() == f"Running {status.late_minutes} min late"
    assert main_window.timer.end_label.text().startswith("day ends ~")
    assert "(planned " in main_window.timer.end_label.text()


def test_agenda_items_are_added_reordered_started_and_edited(
    qtbot: Any, main_window: Any, ow: OpenWorkshop
) -> None:
    qtbot.keyClick(main_window.rail, Qt.Key.Key_2, CTRL)
    stage = main_window.current_stage
    assert stage.title == "Agenda"
    table = stage.page.table
    assert QApplication.focusWidget() is table
    day1 = ow.agenda.days()[0]
    assert table.rowCount() == len(day1.items)
    stage.new_title.setFocus()
    qtbot.keyClicks(stage.new_title, "Energiser")
    qtbot.keyClick(stage.new_title, Qt.Key.Key_Return)
    titles = [i.title for i in ow.agenda.days()[0].items]
    assert titles[-1] == "Energiser"
    assert stage.selected_item_id() == ow.agenda.days()[0].items[-1].id
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Up, ALT)
    qtbot.keyClick(table, Qt.Key.Key_Up, ALT)
    titles = [i.title for i in ow.agenda.days()[0].items]
    assert titles[-3] == "Energiser"
    assert table.item(table.currentRow(), COL_TITLE).text() == "Energiser"
    qtbot.keyClick(table, Qt.Key.Key_Return, CTRL)  # start the selected item
    assert ow.agenda.running_item().title == "Energiser"
    assert main_window.timer.title_label.text() == "Energiser"
    row = table.currentRow()
    table.item(row, COL_MIN).setData(Qt.ItemDataRole.EditRole, 25)
    assert ow.agenda.running_item().planned_minutes == 25
    table.item(row, COL_TITLE).setText("   ")  # refused: the stored title comes back
    assert ow.agenda.running_item().title == "Energiser"
    assert table.item(row, COL_TITLE).text() == "Energiser"
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert "Energiser" not in [i.title for i in ow.agenda.all_items()]
    qtbot.keyClick(table, Qt.Key.Key_Z, CTRL)
    assert "Energiser" in [i.title for i in ow.agenda.all_items()]


def test_dropping_a_dragged_row_moves_the_item(qtbot: Any, main_window: Any, ow: OpenWorkshop) -> None:
    main_window.show_stage("agenda")
    stage = main_window.current_stage
    table = stage.page.table
    items = ow.agenda.days()[0].items
    moved = items[0]
    table.setCurrentCell(0, COL_TITLE)
    data = table.mimeData([])
    assert bytes(data.data(MIME).data()).decode() == str(moved.id)
    target = table.visualItemRect(table.item(3, COL_TITLE)).center()
    event = QDropEvent(
        QPointF(table.viewport().mapTo(table.viewport(), QPoint(target.x(), target.y() - 2))),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    table.dropEvent(event)
    titles = [i.title for i in ow.agenda.days()[0].items]
    assert titles.index(moved.title) in (2, 3)
    other = QMimeData()
    other.setData("text/plain", QByteArray(b"hello"))
    before = [i.id for i in ow.agenda.all_items()]
    table.dropEvent(
        QDropEvent(
            QPointF(5, 5),
            Qt.DropAction.CopyAction,
            other,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
    )
    assert [i.id for i in ow.agenda.all_items()] == before


def test_reopening_after_a_crash_resumes_the_running_item_and_stage(
    qtbot: Any, ow: OpenWorkshop, clock: FakeClock
) -> None:
    path = ow.path
    window = MainWindow(ow, ticking=False)
    qtbot.addWidget(window)
    window.show()
    window.show_stage("agenda")
    window.timer.act("toggle")
    clock.advance(minutes=4)
    window.timer.act("next")  # the second item (45 min) starts at +4 min
    started = ow.agenda.running_item()
    assert started is not None and started.title == "Partnership context: both companies' view"
    window.close()  # the laptop dies here; nothing else is written
    clock.advance(minutes=10)
    reopened = OpenWorkshop.open(path, clock)
    again = MainWindow(reopened, ticking=False)
    qtbot.addWidget(again)
    again.show()
    try:
        assert again.current_key == "agenda"
        assert again.timer.title_label.text() == started.title
        assert again.timer.clock_label.text() == "35:00"
        assert again.timer.colour_state == TimerState.RUNNING
    finally:
        again.close()


def test_agenda_wall_view_shows_the_timer_and_what_comes_next(qtbot: Any, main_window: Any) -> None:
    main_window.show_stage("agenda")
    main_window.timer.act("toggle")
    wall = main_window.open_wall()
    wall.resize(1280, 720)
    main_window.flush_refresh()
    labels = [w.text() for w in wall.content.findChildren(QLabel)]
    text = "\n".join(labels)
    assert "Welcome, objectives and check-in" in text
    assert "30:00" in text
    assert "Partnership context" in text
    assert "Coming up" in text


def test_alt_up_on_the_first_item_of_a_day_moves_it_to_the_day_before(
    qtbot: Any, main_window: Any, ow: OpenWorkshop
) -> None:
    main_window.show_stage("agenda")
    stage = main_window.current_stage
    stage.tabs.setCurrentIndex(1)
    day2_first = ow.agenda.days()[1].items[0]
    assert stage.select_item(day2_first.id)
    table = stage.page.table
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Up, ALT)
    day1, _day2 = ow.agenda.days()
    assert day1.items[-1].id == day2_first.id
    assert stage.tabs.currentIndex() == 0  # the view follows the item to its new day
    assert stage.selected_item_id() == day2_first.id
    assert stage.tabs.tabText(0) == day1.title


def test_a_tick_that_changes_only_the_digits_sets_no_style_sheet(
    qtbot: Any, main_window: Any, clock: FakeClock
) -> None:
    from PySide6.QtCore import QEvent, QObject

    class StyleChanges(QObject):
        count = 0

        def eventFilter(self, _obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.StyleChange:
                StyleChanges.count += 1
            return False

    timer = main_window.timer
    qtbot.keyClick(main_window.rail, Qt.Key.Key_F6)  # start: 30 minutes, running
    tick(main_window, clock, 1)
    watch = StyleChanges()
    for widget in (timer, timer.clock_label, timer.state_label, timer.late_label, timer.title_label):
        widget.installEventFilter(watch)
    tick(main_window, clock, 1)
    tick(main_window, clock, 1)
    assert timer.clock_label.text() == "29:57"
    assert StyleChanges.count == 0  # each restyle repaints the whole bar (four times a second)
    tick(main_window, clock, 24 * 60)  # amber: the colour changes, so the style does
    assert timer.colour_state == TimerState.AMBER
    assert StyleChanges.count > 0


def test_without_an_item_to_run_the_bar_says_how_to_go_on(
    qtbot: Any, main_window: Any, ow: OpenWorkshop, clock: FakeClock
) -> None:
    """No agenda yet, then every item run: the bar names it and the way on, the timer keys are off,
    and the bar is one panel (no boxes around empty labels)."""
    from workshop_app.services.agenda_service import ALL_RUN_TITLE, NO_ITEM_HINT, NO_ITEMS_TITLE

    bar = main_window.timer
    items = ow.agenda.all_items()
    while ow.agenda.status().item_id is not None:  # F7 through each day (F7 ends it), F6 begins the next
        if ow.agenda.running_item() is None:
            ow.agenda.start()
        else:
            ow.agenda.advance()
        clock.advance(60)
    tick(main_window, clock)
    assert bar.title_label.text() == ALL_RUN_TITLE and bar.detail_label.text() == NO_ITEM_HINT
    assert not any(b.isEnabled() for b in bar.buttons.values())
    for item in items:
        ow.agenda.delete_item(item.id)
    tick(main_window, clock)
    assert bar.title_label.text() == NO_ITEMS_TITLE and bar.detail_label.text() == NO_ITEM_HINT
    assert not any(b.isEnabled() for b in bar.buttons.values())
    image = main_window.grab().toImage()  # the window, as on screen (the bar over its parent)
    gap = bar.mapTo(main_window, QPoint(bar.clock_label.geometry().left() - 4, bar.height() // 2))
    assert image.pixelColor(gap).name() == LIGHT.panel  # between the words and the clock
