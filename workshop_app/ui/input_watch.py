"""When the facilitator last pressed a key, clicked, scrolled or touched a window.

Work that may block the window for a while (building a stage nobody has visited yet, a full
garbage collection) waits until nobody has touched the keyboard or mouse for a moment.  One
``InputWatch`` per application knows when that was, for all of them.

It filters the focused window (``QWindow``), not the application: the window receives the
platform's key and mouse events before it hands them to its widgets, so the filter runs a few
times per key press instead of for every event of every widget (an application filter cost
~1.6 ms per turn of the event loop with the complete sample open).  A key that triggers a
shortcut is taken by Qt's shortcut map before the window; its release still reaches the window.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QGuiApplication, QWindow

INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.InputMethod,
    }
)
OBJECT_NAME = "planwallInputWatch"


class InputWatch(QObject):
    """The time of the last input to any window of the application (see the module)."""

    def __init__(self, app: QGuiApplication, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(app)
        self.clock = clock
        self.last_input = clock()
        app.focusWindowChanged.connect(self._watch)
        self._watch(app.focusWindow())

    @classmethod
    def of(cls, app: QGuiApplication) -> InputWatch:
        """The application's watch (made on first use)."""
        found = app.findChild(InputWatch, OBJECT_NAME)
        if found is None:
            found = cls(app)
            found.setObjectName(OBJECT_NAME)
        return found

    def idle_s(self) -> float:
        """Seconds since the last input."""
        return self.clock() - self.last_input

    def _watch(self, window: QWindow | None) -> None:
        if window is not None:
            window.installEventFilter(self)  # (Qt installs a filter once however often it is asked)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in INPUT_EVENTS:
            self.last_input = self.clock()
        return False
