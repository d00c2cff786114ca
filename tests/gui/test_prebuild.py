"""Stages not visited yet are built while nobody types or clicks, so a first visit is instant."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from workshop_app.services.clock import FakeClock
from workshop_app.services.workshop_service import OpenWorkshop

pytestmark = pytest.mark.gui


@pytest.fixture
def live_window(ow: OpenWorkshop, clock: FakeClock, show_window: Callable[[Any], Any]) -> Any:
    """A main window that prebuilds (as the app's does), on the Ideas stage, with a short idle time."""
    from workshop_app.ui.main_window import MainWindow

    ow.remember("stage", "ideas")
    window = MainWindow(ow, ticking=False, prebuild=True)
    assert window.prebuilder is not None
    window.prebuilder.stop()
    window.prebuilder.idle_ms = 300
    return show_window(window)


def test_every_stage_is_built_in_idle_time_and_the_focus_stays(live_window: Any, qtbot: Any) -> None:
    window = live_window
    assert [s for s in window.built_stages] == [window.current_stage]  # only the one it opened on
    window.current_stage.focus_primary()
    focus = QApplication.focusWidget()
    window.prebuilder.start()
    qtbot.waitUntil(lambda: len(window.built_stages) == len(window.stage_keys), timeout=20000)
    assert not window.prebuilder.active
    built = [key for key, _ms in window.prebuilder.built]
    # nearest after the current stage first, wrapping round to the ones before it
    assert built == ["clusters", "vote", "rocks", "interest", "minutes", "close", "setup", "agenda"]
    assert window.current_key == "ideas"
    assert QApplication.focusWidget() is focus  # building hidden stages never takes the focus
    before = list(window.built_stages)
    for key in window.stage_keys:
        window.show_stage(key)
        assert window.current_key == key
    assert window.built_stages == before  # visits built nothing new


def test_typing_puts_the_builds_off_until_it_is_quiet(live_window: Any, qtbot: Any) -> None:
    window = live_window
    capture = window.current_stage.capture
    capture.setFocus()
    window.prebuilder.start()
    for _ in range(8):  # a key every 100 ms for 0.8 s: longer than the 300 ms idle time
        qtbot.keyClick(capture.window().windowHandle(), Qt.Key.Key_A)  # as from the platform
        qtbot.wait(100)
        assert len(window.built_stages) == 1, window.prebuilder.built
    assert capture.toPlainText() == "a" * 8  # nothing typed was lost
    qtbot.waitUntil(lambda: len(window.built_stages) > 1, timeout=5000)


def test_a_stage_built_in_idle_time_shows_later_changes(
    live_window: Any, qtbot: Any, ow: OpenWorkshop
) -> None:
    window = live_window
    window.prebuilder.start()
    qtbot.waitUntil(lambda: len(window.built_stages) == len(window.stage_keys), timeout=20000)
    assert window.current_key == "ideas"
    window.ctx.run(ow.minutes.add, "Decided after the stages were built", "decision")
    window.show_stage("minutes")
    assert "Decided after the stages were built" in _texts(window.current_stage.table)


def _texts(table: Any) -> list[str]:
    return [table.item(r, c).text() for r in range(table.rowCount()) for c in range(table.columnCount())]


def test_a_hidden_stage_is_restyled_when_next_shown(ctx: Any, qtbot: Any) -> None:
    from PySide6.QtWidgets import QStackedWidget, QWidget

    from workshop_app.ui.stage import follow_look

    stack = QStackedWidget()
    qtbot.addWidget(stack)
    shown, hidden = QWidget(), QWidget()
    stack.addWidget(shown)
    stack.addWidget(hidden)
    calls: list[str] = []
    follow_look(shown, ctx, lambda: calls.append("shown"))
    follow_look(hidden, ctx, lambda: calls.append("hidden"))
    stack.show()
    qtbot.waitExposed(stack)
    ctx.set_text_scale(ctx.text_scale + 0.2)
    ctx.set_theme("light" if ctx.theme == "dark" else "dark")
    assert calls == ["shown", "shown"]  # the hidden one waits
    stack.setCurrentWidget(hidden)
    assert calls == ["shown", "shown", "hidden"]  # once, however many changes it missed
    stack.setCurrentWidget(shown)
    stack.setCurrentWidget(hidden)
    assert calls == ["shown", "shown", "hidden"]


def test_after_a_theme_or_text_size_change_the_hidden_stages_catch_up_in_idle_time(
    live_window: Any, qtbot: Any, ow: OpenWorkshop
) -> None:
    """The stage on screen takes a new look at once; every other one in idle time, not on its
    next visit (a theme change used to make the first visit of each stage re-polish it)."""
    from workshop_app.ui.stage import look_behind
    from workshop_app.ui.theme import DARK

    ow.board.add_idea(ow.board.topics()[0].id, "Shared forecast", None)
    window = live_window
    window.prebuilder.start()
    qtbot.waitUntil(lambda: len(window.built_stages) == len(window.stage_keys), timeout=20000)
    qtbot.waitUntil(lambda: not window.prebuilder.active)
    hidden = [s for s in window.built_stages if s is not window.current_stage]

    qtbot.keyClick(
        window.rail, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert all(look_behind(s) for s in hidden)
    assert window.prebuilder.active  # started again for them
    qtbot.waitUntil(lambda: not any(look_behind(s) for s in hidden), timeout=8000)
    assert not window.prebuilder.active
    assert window.current_key == "ideas"  # nothing was shown to do it
    for key in window.stage_keys:
        window.show_stage(key)
        stage = window.current_stage
        assert stage.grab().toImage().pixelColor(2, stage.height() - 3).name() == DARK.bg, key

    window.show_stage("ideas")
    qtbot.keyClick(window.rail, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.ctx.text_scale > 1.0)
    assert any(look_behind(s) for s in hidden)  # restyles put off for the stages not on screen
    qtbot.waitUntil(lambda: not any(look_behind(s) for s in hidden), timeout=8000)
