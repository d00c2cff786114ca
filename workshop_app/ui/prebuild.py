"""Build the stages not visited yet while the facilitator is not typing or clicking.

The main window builds a stage on its first visit, so that opening a workshop builds only
the stage it opens on (cold start).  A first visit then costs the build and first fill:
40-190 ms with the reference workshop, more with a big one, a pause the room would notice
when the facilitator presses Ctrl+4.  ``StagePrebuilder`` builds those stages beforehand, one
at a time, once nobody has pressed a key, clicked or scrolled for ``IDLE_MS``; any input
puts the next build back by ``IDLE_MS`` again.  A build in progress cannot be interrupted,
so a key pressed during it waits for it; that is why each build waits for quiet first.

A built stage not on screen that has not taken a new theme or text size yet is brought up to
date the same way (re-polished and restyled while hidden), so that the first visit after a
theme change does not pay for it; the window starts the prebuilder again after such a change.

Input is seen by the application's ``InputWatch`` (on the focused window, not on every
event of every widget); the prebuilder only looks at it when its timer runs out.
"""

from __future__ import annotations

import logging
import time
from typing import Protocol

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

from workshop_app.ui.input_watch import InputWatch

log = logging.getLogger(__name__)

IDLE_MS = 1000  # quiet time before a build
GAP_MS = 100  # between two builds when nothing happened in the meantime


class Prebuildable(Protocol):
    def next_stage_to_prepare(self) -> int | None: ...

    def prebuild_stage(self, index: int) -> str: ...


class StagePrebuilder(QObject):
    """Builds a window's unvisited stages in idle time (see the module)."""

    def __init__(self, window: Prebuildable, parent: QObject | None = None, idle_ms: int = IDLE_MS) -> None:
        super().__init__(parent)
        self.window = window
        self.idle_ms = idle_ms
        self.built: list[tuple[str, float]] = []  # (stage key, milliseconds) in build order
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._build_one)
        app = QApplication.instance()
        self._watch = InputWatch.of(app) if isinstance(app, QApplication) else None

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def start(self) -> None:
        """Begin (again): the first build comes after ``idle_ms`` without input."""
        if self.window.next_stage_to_prepare() is None:
            return
        self._timer.start(self.idle_ms)

    def stop(self) -> None:
        self._timer.stop()

    def _build_one(self) -> None:
        quiet_ms = self.idle_ms if self._watch is None else self._watch.idle_s() * 1000.0
        if quiet_ms < self.idle_ms:  # someone is at the keyboard: wait for quiet again
            self._timer.start(max(1, round(self.idle_ms - quiet_ms)))
            return
        index = self.window.next_stage_to_prepare()
        if index is None:
            self.stop()
            return
        begin = time.perf_counter()
        key = self.window.prebuild_stage(index)
        ms = (time.perf_counter() - begin) * 1000.0
        self.built.append((key, ms))
        log.debug("built the %s stage in idle time (%.0f ms)", key, ms)
        if self.window.next_stage_to_prepare() is None:
            self.stop()
        else:
            self._timer.start(GAP_MS)
