"""Python's full garbage collection in the facilitator's pauses, not on a key press.

With the complete sample open and every stage built, one full collection walks a few hundred
thousand objects (widgets' wrappers, the ORM's loaded rows): 20-60 ms measured.  Python
starts one whenever enough young objects have survived, which during a workshop means in
the middle of a keystroke's work, about once a minute of activity, and that key then blocks
the window past the 50 ms bar.

``IdleCollector`` makes automatic full collections ten times rarer and runs one itself once
no key, click or wheel has reached a window for ``IDLE_S`` and some objects have survived
since the last full collection.  Python's own rule stays as the safety net for a facilitator
who never pauses, so memory stays bounded.

Input is seen by the application's ``InputWatch``.

Collections are paused while the app starts (``workshop_app.startup``); the collector's first
check resumes them.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QGuiApplication

from workshop_app.startup import resume_after_startup
from workshop_app.ui.input_watch import InputWatch

IDLE_S = 1.0
CHECK_MS = 500
GEN2_THRESHOLD_FACTOR = 10
PENDING_GEN1 = 3  # gen1 collections since the last full one: something survived worth a look


class IdleCollector(QObject):
    """Full garbage collections in idle time; ``uninstall`` puts Python's thresholds back."""

    def __init__(
        self,
        app: QGuiApplication,
        *,
        idle_s: float = IDLE_S,
        check_ms: int = CHECK_MS,
        watch: InputWatch | None = None,
    ) -> None:
        super().__init__(app)
        self.idle_s = idle_s
        self.watch = watch or InputWatch.of(app)
        self.collections = 0
        self._saved = gc.get_threshold()
        young, middle, old = self._saved
        gc.set_threshold(young, middle, old * GEN2_THRESHOLD_FACTOR)
        self._timer = QTimer(self)
        self._timer.setInterval(check_ms)
        self._timer.timeout.connect(self.collect_if_idle)
        self._timer.start()

    def collect_if_idle(self) -> bool:
        """One full collection when the facilitator has paused and something survived; whether it ran.
        (The first check ends the start-up pause instead.)"""
        if resume_after_startup():
            return False
        if gc.get_count()[2] < PENDING_GEN1 or not gc.isenabled():
            return False
        if self.watch.idle_s() < self.idle_s:
            return False
        gc.collect()
        self.collections += 1
        return True

    def uninstall(self) -> None:
        self._timer.stop()
        resume_after_startup()
        gc.set_threshold(*self._saved)
