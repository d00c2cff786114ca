"""Work put off to a later turn of the event loop, so that one key press never blocks the window long.

A change the facilitator makes shows on the laptop first; what the wall shows of it is built
and painted on the next turn, after the window has had a chance to handle the next key.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

# Not 0: Qt runs a 0 ms single shot in the same pass over posted events as the work that
# asked for it, so nothing (no key, no paint) would be handled in between.
DELAY_MS = 1


class NextTurn(QObject):
    """Calls ``run`` once on a later turn of the event loop; asking again before then adds nothing."""

    def __init__(self, parent: QObject, run: Callable[[], object]) -> None:
        super().__init__(parent)
        self._run = run
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DELAY_MS)
        self._timer.timeout.connect(self._on_timer_timeout)

    @property
    def pending(self) -> bool:
        return self._timer.isActive()

    def schedule(self) -> None:
        if not self._timer.isActive():
            self._timer.start()

    def cancel(self) -> None:
        self._timer.stop()

    def flush(self) -> None:
        """Run now what was put off (tests, and anything that needs the result at once)."""
        if self._timer.isActive():
            self._timer.stop()
            self._run()

    def _on_timer_timeout(self) -> None:
        self._run()
