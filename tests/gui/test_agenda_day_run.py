"""Running a real day through the window: the last item of a day, skipped items, days with and
without dates, the wall's "Coming up", and the time allowed for an item."""

from __future__ import annotations

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
