"""An exception nobody caught (a bug in a slot) is logged with its traceback, shown in the
message bar without blocking, and the workshop stays open and usable.

pytest-qt normally turns such an exception into a test failure; these tests switch that
off (``qt_no_exception_capture``) so Planwall's own hook handles it, as in the app.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from workshop_app.errors import SaveFailedError
from workshop_app.services.workshop_service import OpenWorkshop
from workshop_app.ui.app import ErrorReporter, PlanwallApp, install_excepthook, log_file, stop_logging
from workshop_app.ui.main_window import MainWindow
from workshop_app.ui.settings import AppSettings

pytestmark = [pytest.mark.gui, pytest.mark.qt_no_exception_capture]

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    level = root.level
    yield
    stop_logging()
    root.setLevel(level)


@pytest.fixture
def reporter(main_window: MainWindow, restore_logging: None) -> Iterator[ErrorReporter]:
    hook = ErrorReporter(lambda: main_window).install()
    yield hook
    hook.uninstall()


def ideas(ow: OpenWorkshop) -> list[str]:
    return [i.text for i in ow.board.ideas(ow.board.topics()[0].id)]


def test_an_exception_in_a_stage_refresh_is_logged_shown_and_the_workshop_stays_usable(
    qtbot: Any,
    main_window: MainWindow,
    ow: OpenWorkshop,
    reporter: ErrorReporter,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stage = main_window.stages[main_window.stage_keys.index("ideas")]
    original = type(stage).refresh
    calls: list[int] = []

    def broken_refresh(self: Any) -> None:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("boom in the ideas refresh")
        original(self)

    monkeypatch.setattr(type(stage), "refresh", broken_refresh)
    qtbot.keyClick(main_window.rail, Qt.Key.Key_3, CTRL)  # the rail's slot refreshes the stage: it raises
    assert calls == [1]
    text = log_file().read_text(encoding="utf-8")
    assert "unexpected error (Planwall keeps running)" in text
    assert "Traceback (most recent call last)" in text
    assert "in broken_refresh" in text and "RuntimeError: boom in the ideas refresh" in text
    assert "stage_stack.py" in text and "in _refresh" in text  # where it came from
    bar = main_window.message_bar
    assert bar.isVisible() and bar.level == "error"
    assert bar.label.text().startswith(
        "Something went wrong inside Planwall (RuntimeError: boom in the ideas"
    )
    qtbot.waitUntil(lambda: len(calls) == 2, timeout=3000)  # the stage is filled again at once
    assert f"The details are in {log_file()}" in bar.label.text()
    assert QApplication.activeModalWidget() is None  # nothing blocks the facilitator
    assert main_window.isVisible() and main_window.current_key == "ideas"
    # carry on: the next note is saved and shown
    qtbot.keyClicks(stage.capture, "After the hiccup")  # type: ignore[attr-defined]
    qtbot.keyClick(stage.capture, Qt.Key.Key_Return)  # type: ignore[attr-defined]
    assert ideas(ow) == ["After the hiccup"]
    assert stage.capture.toPlainText() == ""  # type: ignore[attr-defined]
    assert main_window.windowTitle().endswith("Saved")
    qtbot.keyClick(main_window.rail, Qt.Key.Key_1, CTRL)
    qtbot.keyClick(main_window.rail, Qt.Key.Key_3, CTRL)
    qtbot.waitUntil(lambda: ow.recall("stage") == "ideas")
    assert len(calls) >= 3


def test_a_known_error_escaping_a_slot_shows_its_own_message_and_not_saved(
    qtbot: Any, main_window: MainWindow, reporter: ErrorReporter
) -> None:
    def save_in_a_timer() -> None:
        raise SaveFailedError("The disk holding workshop.planwall is full. Your last change was not saved.")

    QTimer.singleShot(0, save_in_a_timer)
    qtbot.waitUntil(lambda: main_window.message_bar.isVisible(), timeout=3000)
    assert main_window.message_bar.label.text().startswith("The disk holding workshop.planwall is full")
    assert main_window.windowTitle().endswith("NOT SAVED")
    assert "SaveFailedError" in log_file().read_text(encoding="utf-8")


def test_the_same_error_again_and_again_is_logged_once_then_counted(
    main_window: MainWindow, reporter: ErrorReporter
) -> None:
    def failing() -> None:
        raise ValueError("a timer slot that always fails")

    for _ in range(ErrorReporter.REPEAT_LOG_EVERY):
        try:
            failing()
        except ValueError as exc:
            reporter.hook(type(exc), exc, exc.__traceback__)
    text = log_file().read_text(encoding="utf-8")
    assert text.count("Traceback (most recent call last)") == 1
    assert f"the same unexpected error again ({ErrorReporter.REPEAT_LOG_EVERY} times)" in text
    assert "a timer slot that always fails" in main_window.message_bar.label.text()


def test_before_a_workshop_is_open_the_start_window_shows_it(qtbot: Any, restore_logging: None) -> None:
    state = PlanwallApp(AppSettings())
    start = state.show_start()
    qtbot.addWidget(start)
    hook = install_excepthook(state)
    try:
        QTimer.singleShot(0, lambda: [][1])
        qtbot.waitUntil(lambda: start.message_bar.isVisible(), timeout=3000)
        assert "Something went wrong inside Planwall (IndexError" in start.message_bar.label.text()
        assert "IndexError: list index out of range" in log_file().read_text(encoding="utf-8")
    finally:
        hook.uninstall()
