"""Full garbage collections wait for the facilitator's pause (``IdleCollector``, ``InputWatch``)."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import textwrap
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from workshop_app.ui.app import QUIT_ENV
from workshop_app.ui.idle_gc import GEN2_THRESHOLD_FACTOR, PENDING_GEN1, IdleCollector
from workshop_app.ui.input_watch import InputWatch


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Cycle:
    def __init__(self) -> None:
        self.me = self


def focused_window(qtbot: QtBot) -> QWidget:
    """A window with a line edit, shown, focused and typed into."""
    w = QWidget()
    QVBoxLayout(w).addWidget(QLineEdit(objectName="box"))
    qtbot.addWidget(w)
    w.show()
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWindow() is w.windowHandle())
    w.findChild(QLineEdit, "box").setFocus()
    return w


@pytest.fixture
def window(qtbot: QtBot) -> Iterator[QWidget]:
    yield focused_window(qtbot)


def pending_cycle() -> weakref.ref[Cycle]:
    """Garbage only a full collection frees, with enough gen1 collections since the last one."""
    gc.collect()
    cycle = Cycle()
    ref = weakref.ref(cycle)
    gc.collect(1)  # still held: it moves up to the oldest generation
    del cycle
    for _ in range(PENDING_GEN1):
        gc.collect(1)  # each counts towards the next full collection; none looks at the oldest
    assert ref() is not None
    return ref


def key_through_window(widget: QWidget, text: str) -> None:
    """A key as the platform delivers it: to the window, which hands it to the focus widget."""
    handle = widget.window().windowHandle()
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(handle, QKeyEvent(kind, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, text))


def test_full_collections_wait_for_a_pause_in_typing(window: QWidget) -> None:
    clock = FakeClock()
    watch = InputWatch(QApplication.instance(), clock)
    collector = IdleCollector(QApplication.instance(), idle_s=1.0, check_ms=10**6, watch=watch)
    try:
        ref = pending_cycle()
        clock.now += 5.0
        key_through_window(window, "a")
        assert window.findChild(QLineEdit, "box").text() == "a"  # the key still reaches the box
        clock.now += 0.6
        assert not collector.collect_if_idle() and ref() is not None  # typing: not now
        key_through_window(window, "b")
        clock.now += 0.9
        assert not collector.collect_if_idle() and ref() is not None
        clock.now += 0.2  # 1.1 s since the last key
        assert collector.collect_if_idle() and ref() is None
        assert gc.get_count()[2] == 0 and collector.collections == 1
        clock.now += 5.0
        assert not collector.collect_if_idle()  # nothing has survived since: no second walk
    finally:
        collector.uninstall()
        watch.setParent(None)


def test_input_in_a_window_focused_later_counts_too(window: QWidget, qtbot: QtBot) -> None:
    clock = FakeClock()
    watch = InputWatch(QApplication.instance(), clock)
    try:
        wall = focused_window(qtbot)  # e.g. the wall, opened after the watch
        clock.now += 5.0
        assert watch.idle_s() == 5.0
        key_through_window(wall, "x")
        assert watch.idle_s() == 0.0 and wall.findChild(QLineEdit, "box").text() == "x"
        clock.now += 0.5
        key_through_window(window, "y")  # and the first window still counts
        assert watch.idle_s() == 0.0
    finally:
        watch.setParent(None)


def test_automatic_full_collections_are_rarer_until_uninstalled(qapp: QApplication) -> None:
    before = gc.get_threshold()
    collector = IdleCollector(qapp, check_ms=10**6)
    assert gc.get_threshold() == (before[0], before[1], before[2] * GEN2_THRESHOLD_FACTOR)
    collector.uninstall()
    assert gc.get_threshold() == before


def test_the_timer_collects_once_the_window_is_left_alone(window: QWidget, qtbot: QtBot) -> None:
    collector = IdleCollector(QApplication.instance(), idle_s=0.05, check_ms=20)
    try:
        ref = pending_cycle()
        qtbot.waitUntil(lambda: collector.collections >= 1, timeout=3000)
        assert ref() is None
    finally:
        collector.uninstall()


def test_the_app_runs_with_a_collector_and_puts_python_back_on_exit(tmp_path: Path) -> None:
    code = textwrap.dedent(
        """
        import gc, sys
        from PySide6.QtWidgets import QApplication
        from workshop_app.ui.app import run_gui
        app = QApplication(["workshop-app"])
        before, seen = gc.get_threshold(), []
        app.aboutToQuit.connect(lambda: seen.append(gc.get_threshold()))
        code = run_gui([])
        print(before[2], seen[0][2], gc.get_threshold()[2], code)
        """
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PLANWALL_DATA_DIR": str(tmp_path), QUIT_ENV: "1"}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    before, running, after, exit_code = map(int, done.stdout.split()[-4:])
    assert running == before * GEN2_THRESHOLD_FACTOR and after == before and exit_code == 0


def _run_python(code: str, tmp_path: Path) -> list[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PLANWALL_DATA_DIR": str(tmp_path), QUIT_ENV: "1"}
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_no_collection_while_the_app_starts_then_startup_is_frozen(tmp_path: Path) -> None:
    words = _run_python(
        """
        import gc
        from PySide6.QtWidgets import QApplication
        from workshop_app.__main__ import main
        app = QApplication(["workshop-app"])
        seen = []
        app.aboutToQuit.connect(lambda: seen.append(gc.isenabled()))
        code = main([])
        print(seen[0], gc.isenabled(), gc.get_freeze_count(), code)
        """,
        tmp_path,
    )
    during, after, frozen, code = words[-4:]
    assert (during, after, code) == ("False", "True", "0")
    assert int(frozen) > 10_000  # the modules, classes and windows start-up made


def test_the_startup_pause_leaves_a_collector_someone_else_turned_off_alone(tmp_path: Path) -> None:
    words = _run_python(
        """
        import gc
        from workshop_app.startup import pause_for_startup, resume_after_startup
        pause_for_startup(); paused = not gc.isenabled(); first = resume_after_startup()
        again = resume_after_startup()
        gc.disable(); pause_for_startup(); theirs = resume_after_startup()
        print(paused, first, again, theirs, gc.isenabled())
        """,
        tmp_path,
    )
    assert words[-5:] == ["True", "True", "False", "False", "False"]
