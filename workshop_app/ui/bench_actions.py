"""The facilitator's actions, timed as the longest stall of the GUI thread (``bench_child actions``).

The live window issue's bar: no action blocks the window for more than 50 ms with the
complete sample open.  The window is driven as in the room: the wall open (F11), every stage
built in idle time first (the window's prebuilder), then keys.  Each action is timed by a
1 ms timer in the GUI thread: its longest gap from the key until everything the key caused is
done (a 400 ms window) is how long the facilitator's next key would have waited.  The longest
gap of the same timer while idle is the machine's noise, reported beside it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from itertools import pairwise
from typing import Any

from PySide6.QtCore import QEvent, QEventLoop, Qt, QTimer
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QWidget

WINDOW_MS = 400  # after the key: long enough for the wall's turn and every paint
TICK_MS = 1

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier
NONE = Qt.KeyboardModifier.NoModifier
STAGE_KEYS = {n: getattr(Qt.Key, f"Key_{n}") for n in range(1, 10)}

Action = tuple[str, Callable[[], object], Callable[[], object]]  # name, set-up (not timed), the key


def longest_stall(act: Callable[[], object], window_ms: int = WINDOW_MS) -> float:
    """Run ``act`` from the event loop; the longest gap (ms) of a 1 ms timer while it and what
    it caused ran (``window_ms`` from the start)."""
    ticks: list[float] = []
    loop = QEventLoop()
    tick = QTimer()
    tick.setTimerType(Qt.TimerType.PreciseTimer)
    tick.setInterval(TICK_MS)
    tick.timeout.connect(lambda: ticks.append(time.perf_counter()))
    start: list[float] = []

    def go() -> None:
        start.append(time.perf_counter())
        ticks.append(start[0])
        act()

    QTimer.singleShot(5, go)
    QTimer.singleShot(5 + window_ms, loop.quit)
    tick.start()
    loop.exec()
    tick.stop()
    ticks = [t for t in ticks if start and t >= start[0]]
    return max((b - a) * 1000.0 for a, b in pairwise(ticks)) if len(ticks) > 1 else 0.0


def settle(app: QApplication, seconds: float = 0.3) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


class ActionScript:
    """The actions of one round through a workshop, on a main window that shows the wall."""

    def __init__(self, app: QApplication, window: Any) -> None:
        self.app = app
        self.w = window
        self.stalls: dict[str, list[float]] = {}

    def key(self, key: Qt.Key, mods: Qt.KeyboardModifier = NONE) -> Callable[[], None]:
        """A key as the facilitator presses it: the window's action with that shortcut (the menu
        and shortcut keys) and then the key's release, else a press and release; as from the
        platform, the events go to the focused window, which hands them to its focus widget (the
        app's ``InputWatch`` sees them there).  (Not QtTest: the desktop bundle leaves it out.)"""
        wanted = QKeySequence(key.value | mods.value)

        def press() -> None:
            action = self._action_for(wanted)
            if action is not None:
                action.trigger()  # Qt's shortcut map takes the press; the release reaches the window
                self._to_window(QKeyEvent(QEvent.Type.KeyRelease, key, mods))
                return
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                self._to_window(QKeyEvent(kind, key, mods))

        return press

    def _to_window(self, event: QKeyEvent) -> None:
        """Deliver ``event`` as the platform does: to the focused widget's window."""
        focus = QApplication.focusWidget() or self.w
        handle = focus.window().windowHandle()
        QApplication.sendEvent(handle if handle is not None else focus, event)

    def _action_for(self, wanted: QKeySequence) -> QAction | None:
        for action in self.w.findChildren(QAction):
            if action.isEnabled() and any(
                seq.matches(wanted) == QKeySequence.SequenceMatch.ExactMatch for seq in action.shortcuts()
            ):
                return action
        return None

    def focus_stage(self) -> None:
        self.w.activateWindow()
        self.w.current_stage.focus_primary()

    def type_into_focus(self, text: str) -> Callable[[], None]:
        def typed() -> None:
            self.focus_stage()
            if QApplication.focusWidget() is not None:
                for char in text:
                    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                        self._to_window(QKeyEvent(kind, 0, NONE, char))

        return typed

    def stage(self, n: int) -> Action:
        return (f"Ctrl+{n} ({self.w.stage_keys[n - 1]})", self.focus_stage, self.key(STAGE_KEYS[n], CTRL))

    def round(self, first: bool) -> list[Action]:
        """One round: typing, undo, text size, votes, minutes, the timer, stages, the theme.
        The first round visits every stage first (first visits of prebuilt stages)."""
        nothing: Callable[[], None] = lambda: None  # noqa: E731
        acts: list[Action] = [self.stage(n) for n in (2, 3, 4, 5, 6, 7, 8, 9, 1)] if first else []
        acts += [
            self.stage(3),
            ("idea Enter", self.type_into_focus("Joint range review"), self.key(Qt.Key.Key_Return)),
            ("undo", self.focus_stage, self.key(Qt.Key.Key_Z, CTRL)),
            ("redo", self.focus_stage, self.key(Qt.Key.Key_Z, CTRL | SHIFT)),
            ("Ctrl+= larger text", self.focus_stage, self.key(Qt.Key.Key_Equal, CTRL)),
            ("Ctrl+- smaller text", self.focus_stage, self.key(Qt.Key.Key_Minus, CTRL)),
            self.stage(4),
            self.stage(5),
            ("vote: Space (a dot)", self._focus_grid, self.key(Qt.Key.Key_Space)),
            ("vote: Delete (remove it)", self._focus_grid, self.key(Qt.Key.Key_Delete)),
            self.stage(8),
            (
                "minutes Enter",
                self.type_into_focus("d: agreed the joint calendar"),
                self.key(Qt.Key.Key_Return),
            ),
            ("F6 timer start/pause", nothing, self.key(Qt.Key.Key_F6)),
            ("F8 +1 min", nothing, self.key(Qt.Key.Key_F8)),
            ("F6 timer start/pause", nothing, self.key(Qt.Key.Key_F6)),
            self.stage(6),
            ("rocks: Enter promotes", self._focus_ranked, self.key(Qt.Key.Key_Return)),
            ("undo", self.focus_stage, self.key(Qt.Key.Key_Z, CTRL)),
            self.stage(7),
            ("interest: 2 (a level)", self._focus_child("grid"), self.key(Qt.Key.Key_2)),
            self.stage(2),
            ("agenda: Alt+Down moves an item", self._focus_agenda_row, self.key(Qt.Key.Key_Down, ALT)),
            ("agenda: Alt+Up moves it back", nothing, self.key(Qt.Key.Key_Up, ALT)),
            self.stage(4),
            ("clusters: U takes a note out", self._focus_clustered_card, self.key(Qt.Key.Key_U)),
            ("undo", self.focus_stage, self.key(Qt.Key.Key_Z, CTRL)),
            self.stage(5),
            ("vote: Alt+R reveal / hide", nothing, self._click("reveal_button", Qt.Key.Key_R)),
            ("vote: Alt+R reveal / hide", nothing, self._click("reveal_button", Qt.Key.Key_R)),
            self.stage(9),
            ("Ctrl+Shift+D theme", self.focus_stage, self.key(Qt.Key.Key_D, CTRL | SHIFT)),
            ("Ctrl+Shift+D theme", self.focus_stage, self.key(Qt.Key.Key_D, CTRL | SHIFT)),
        ]
        return acts

    def _focus_grid(self) -> None:
        self._focus_child("grid")()

    def _focus_child(self, name: str) -> Callable[[], None]:
        def focus() -> None:
            widget = getattr(self.w.current_stage, name, None)
            if isinstance(widget, QWidget):
                widget.setFocus()

        return focus

    def _click(self, name: str, letter: Qt.Key) -> Callable[[], None]:
        """A stage button's Alt+``letter``: the button clicked, as its mnemonic does, then the release."""

        def click() -> None:
            button = getattr(self.w.current_stage, name, None)
            if button is not None and button.isEnabled():
                button.click()
                self._to_window(QKeyEvent(QEvent.Type.KeyRelease, letter, ALT))

        return click

    def _focus_ranked(self) -> None:
        stage = self.w.current_stage
        item = stage._first_selectable_ranked()
        if item is not None:
            stage.ranked.setCurrentItem(item)
        stage.ranked.setFocus()

    def _focus_agenda_row(self) -> None:
        table = self.w.current_stage.tabs.currentWidget().table
        table.setFocus()
        table.selectRow(1)

    def _focus_clustered_card(self) -> None:
        stage = self.w.current_stage
        card = next((c for c in stage.cards() if stage._ideas[c.idea_id].cluster_id is not None), None)
        if card is not None:
            card.setFocus()

    def run(self, rounds: int, stop: Callable[[], bool] = lambda: False) -> None:
        for n in range(rounds):
            for name, set_up, act in self.round(first=n == 0):
                if stop():
                    return
                set_up()
                settle(self.app, 0.05)
                self.stalls.setdefault(name, []).append(round(longest_stall(act), 1))

    def idle(self, samples: int) -> list[float]:
        """The longest gap of the same timer with nothing to do: the machine's own noise."""
        return [round(longest_stall(lambda: None), 1) for _ in range(samples)]
