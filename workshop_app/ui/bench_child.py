"""The child process of the GUI figures (imports Qt): ``python -m workshop_app.ui.bench_child MODE [FILE]``.

``bare``   a bare PySide6 window (QMainWindow + label, 1280x720): the baseline.
``floor``  the same bare window once SQLAlchemy's ORM and Planwall's model are imported and the
           mappers configured (as every start that opens a workshop must): the floor under
           "fully shown" that no window code can go below.
``app``    Planwall's real entry point, ``workshop_app.__main__.main([FILE])``.
``actions`` like ``app``, then opens the wall and times the facilitator's actions
           (``bench_actions``: the longest GUI-thread stall per key, complete sample).
``load``   like ``app``, then shows every stage once (timing each), reads the peak memory
           (ru_maxrss), and exports the pack (Word + PDF) as the GUI does (a ``QThreadPool``
           worker driving a child process) while a
           5 ms ``QTimer`` in the GUI thread records the gaps between its ticks.

Times are milliseconds since ``PLANWALL_BENCH_T0`` (the parent's monotonic clock just before
the spawn), so they include starting Python and every import.  The child creates the
QApplication itself (``run_gui`` reuses an existing one) and installs one event filter on it
before the app builds any window.

"First frame" is when the first paint of a window has finished.  "Fully shown" is the end
of the last paint that put a widget on screen for the first time, once no new widget has
appeared for ``QUIET_S`` (the quiet wait is not counted; repaints of widgets already shown,
such as a ticking timer or a blinking cursor, do not count).

Results go to stdout as lines ``PLANWALL-BENCH-PROBE {json}``, one after each phase, so that
the parent keeps what was measured even if it has to kill a child that takes too long.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path
from typing import Any

MARK = "PLANWALL-BENCH-PROBE "
T0_ENV = "PLANWALL_BENCH_T0"
DEADLINE_ENV = "PLANWALL_BENCH_DEADLINE_S"
ACTION_ROUNDS_ENV = "PLANWALL_BENCH_ACTION_ROUNDS"
QUIET_S = 0.5
TICK_MS = 5
IDLE_MS = 1000.0


def emit(result: dict[str, Any]) -> None:
    sys.stdout.write(MARK + json.dumps(result) + "\n")
    sys.stdout.flush()


def maxrss_mb() -> float | None:
    """This process's peak resident memory so far (None where the OS does not say)."""
    try:
        import resource
    except ImportError:  # Windows
        return None
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def missing_stages() -> list[str]:
    """Rail labels of stages whose module does not exist yet."""
    import importlib.util

    try:
        from workshop_app.ui.stages import STAGES
    except ImportError as exc:
        return [f"workshop_app.ui.stages ({exc})"]
    return [
        label
        for _key, label, module, _cls in STAGES
        if importlib.util.find_spec(f"workshop_app.ui.stages.{module}") is None
    ]


class StallMeter:
    """Ticks of the GUI-thread timer: ``idle_ms`` of them alone, then while the export runs."""

    def __init__(self, idle_ms: float = IDLE_MS) -> None:
        self.idle_ms = idle_ms
        self.idle: list[float] = []
        self.busy: list[float] = []
        self.done = threading.Event()
        self.error = ""
        self.export_s: float | None = None

    def tick(self, now_ms: float) -> bool:
        """Record a tick; True exactly once, at the tick when the export should start."""
        if not self.busy and (not self.idle or now_ms - self.idle[0] < self.idle_ms):
            self.idle.append(now_ms)
            return False
        self.busy.append(now_ms)
        return len(self.busy) == 1

    @staticmethod
    def gaps(ticks: list[float]) -> list[float]:
        return [b - a for a, b in pairwise(ticks)]

    def summary(self) -> dict[str, Any]:
        busy, idle = self.gaps(self.busy), self.gaps(self.idle)
        ordered = sorted(busy)
        worst = max(range(len(busy)), key=busy.__getitem__) if busy else None
        return {
            "stall_ms": ordered[-1] if ordered else None,
            "worst_stall_at_ms": None if worst is None else round(self.busy[worst] - self.busy[0]),
            "stall_p99_ms": ordered[int(0.99 * (len(ordered) - 1))] if ordered else None,
            "stall_ticks": len(busy),
            "stalls_over_50ms": sum(1 for g in busy if g > 50),
            "idle_stall_ms": max(idle) if idle else None,
            "export_s": self.export_s,
        }


class Probe:
    """One child run: the app, the paint watch, the phases and what they measured."""

    def __init__(self, mode: str, path: Path | None) -> None:
        self.t0 = float(os.environ[T0_ENV])
        self.deadline_ms = float(os.environ.get(DEADLINE_ENV, "120")) * 1000.0
        self.mode = mode
        self.path = path
        self.result: dict[str, Any] = {"mode": mode, "python_started_ms": self.now()}
        self.finished = False

        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication

        self.app = QApplication([sys.argv[0]])
        self.result["qt_ready_ms"] = self.now()
        self.watch = _paint_watch(self.now)
        self.app.installEventFilter(self.watch)
        QTimer.singleShot(int(self.deadline_ms), self.app, lambda: self.finish({"timed_out": True}))

    def now(self) -> float:
        return (time.monotonic() - self.t0) * 1000.0

    def started(self) -> dict[str, Any]:
        w = self.watch
        return {
            "first_frame_ms": w.first_end,
            "fully_shown_ms": w.last_end if w.settled() else None,
            "last_new_paint_ms": w.last_end,
            "window": type(w.window).__name__ if w.window is not None else None,
        }

    def finish(self, extra: dict[str, Any]) -> None:
        if self.finished:
            return
        self.finished = True
        if extra.get("timed_out") and "first_frame_ms" not in self.result:
            self.result.update(self.started())
        self.result.update(extra)
        emit(self.result)
        self.app.quit()

    def guarded(self, fn: Callable[[], None]) -> Callable[[], None]:
        def run() -> None:
            try:
                fn()
            except Exception as exc:
                self.finish({"error": f"{type(exc).__name__}: {exc}"})

        return run

    def when_settled(self, then: Callable[[], None]) -> None:
        from PySide6.QtCore import QTimer

        poll = QTimer(self.app)
        poll.setInterval(20)

        def check() -> None:
            if self.watch.settled() and not self.finished:
                poll.stop()
                self.guarded(then)()

        poll.timeout.connect(check)
        poll.start()

    # --- modes ------------------------------------------------------------------------------

    def run(self) -> None:
        if self.mode == "floor":
            from workshop_app.ui.pyside_imports import skip_scan_for_qt_free_modules

            skip_scan_for_qt_free_modules()  # as the app does
            import sqlalchemy.orm

            import workshop_app.model  # noqa: F401

            sqlalchemy.orm.configure_mappers()
        if self.mode in ("bare", "floor"):
            from PySide6.QtWidgets import QLabel, QMainWindow

            window = QMainWindow()
            window.setWindowTitle("Planwall bench")
            window.setCentralWidget(QLabel("A bare PySide6 window"))
            window.resize(1280, 720)
            window.show()
            self.when_settled(lambda: self.finish(self.started()))
            self.app.exec()
            return
        if self.mode == "app":
            self.when_settled(lambda: self.finish({**self.started(), "missing": missing_stages()}))
        elif self.mode == "actions":
            self.when_settled(self.actions_phase)
        else:
            self.when_settled(self.load_phase)
        from workshop_app.__main__ import main

        main([str(self.path)])

    def actions_phase(self) -> None:
        """The wall open, every stage prebuilt, then ``ACTION_ROUNDS`` rounds of actions."""
        from workshop_app.ui.bench_actions import ActionScript, settle

        self.result.update(self.started())
        window = self.watch.window
        if not hasattr(window, "toggle_wall"):
            self.finish({"error": f"the workshop did not open (the app showed {type(window).__name__})"})
            return
        window.toggle_wall()
        window.activateWindow()
        while window.next_unbuilt_stage() is not None and self.now() < self.deadline_ms * 0.3:
            settle(self.app, 0.05)  # the prebuilder builds the stages in idle time
        settle(self.app, 0.3)
        script = ActionScript(self.app, window)
        rounds = int(os.environ.get(ACTION_ROUNDS_ENV, "3"))
        self.result["idle_stall_ms"] = script.idle(5)
        script.run(rounds, stop=lambda: self.finished)
        self.finish({"stalls_ms": script.stalls, "rounds": rounds})

    def load_phase(self) -> None:
        """Show every stage (timing each), read the memory peak, then start the export stall phase."""
        self.result.update(self.started())
        self.result["missing"] = missing_stages()
        self.result["rss_open_mb"] = maxrss_mb()
        emit({**self.result, "partial": True})
        window = self.watch.window
        keys = list(getattr(window, "stage_keys", []))
        shown: dict[str, float] = {}
        self.result["stage_show_ms"] = shown
        for key in keys:
            if self.now() > self.deadline_ms * 0.6:
                self.result["stages_incomplete"] = True
                break
            begin = self.now()
            window.show_stage(key)
            self.app.processEvents()
            shown[key] = round(self.now() - begin, 1)
        if "ideas" in keys:
            window.show_stage("ideas")
            self.app.processEvents()
        self.result["rss_stages_mb"] = maxrss_mb()
        emit({**self.result, "partial": True})
        self.export_phase()

    def export_phase(self) -> None:
        from PySide6.QtCore import QRunnable, QThreadPool, QTimer

        # The GUI's File > Export pack runs the export in a child process; measure that path.
        from workshop_app.export.subprocess_export import export_in_subprocess

        source, export = self.path, export_in_subprocess
        assert source is not None
        out = source.parent / "gui-export"  # beside the copy: the run's folder is removed at the end
        out.mkdir(exist_ok=True)
        meter = StallMeter()

        class ExportWorker(QRunnable):
            def run(self) -> None:
                begin = time.perf_counter()
                try:
                    export(source, docx=out / "pack.docx", pdf=out / "pack.pdf")
                except ModuleNotFoundError as exc:
                    meter.error = f"the exporter is not complete yet ({exc})"
                except Exception as exc:
                    meter.error = f"the export failed: {type(exc).__name__}: {exc}"
                meter.export_s = time.perf_counter() - begin
                meter.done.set()

        worker = ExportWorker()
        worker.setAutoDelete(False)
        timer = QTimer(self.app)
        timer.setInterval(TICK_MS)
        self._keep = (worker, timer)  # alive until the process ends

        def tick() -> None:
            if meter.tick(time.monotonic() * 1000.0):
                QThreadPool.globalInstance().start(worker)
            if meter.done.is_set():
                timer.stop()
                if meter.error:
                    self.finish({"export_error": meter.error})
                else:
                    self.finish({**meter.summary(), "rss_export_mb": maxrss_mb()})
            elif self.now() > self.deadline_ms - 2000:
                timer.stop()
                self.finish({**meter.summary(), "export_unfinished": True, "timed_out": True})

        timer.timeout.connect(self.guarded(tick))
        timer.start()


def _paint_watch(now: Callable[[], float]) -> Any:
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QWidget
    from shiboken6 import getCppPointer

    class PaintWatch(QObject):
        """Notes when windows finish painting widgets never painted before."""

        def __init__(self) -> None:
            super().__init__()
            self.first_end: float | None = None
            self.last_end: float | None = None
            self.window: QWidget | None = None
            self._seen: set[int] = set()
            self._pending = False
            self._news = False

        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and isinstance(obj, QWidget):
                ptr = getCppPointer(obj)[0]
                if ptr not in self._seen:
                    self._seen.add(ptr)
                    self._news = True
                    if self.window is None or not self.window.isVisible():
                        self.window = obj.window()
                if not self._pending:
                    self._pending = True
                    QTimer.singleShot(0, self._painted)  # runs once this round of painting is done
            return False

        def _painted(self) -> None:
            self._pending = False
            if self._news:
                self._news = False
                self.last_end = now()
                if self.first_end is None:
                    self.first_end = self.last_end

        def settled(self) -> bool:
            # The first painted window may be the startup splash ("first frame"); "fully
            # shown" waits for the window that replaced it.
            return (
                self.last_end is not None
                and not self._pending
                and self.window is not None
                and self.window.isVisible()  # a splash that has closed is not the app shown
                and now() - self.last_end >= QUIET_S * 1000
            )

    return PaintWatch()


def main(argv: list[str]) -> int:
    mode = argv[0]
    path = Path(argv[1]) if len(argv) > 1 else None
    probe = Probe(mode, path)
    probe.run()
    return 0


if __name__ == "__main__":
    try:
        code = main(sys.argv[1:])
    except BaseException as exc:  # report, so that the parent can say what went wrong
        emit({"error": f"{type(exc).__name__}: {exc}"})
        raise
    sys.stdout.flush()
    os._exit(code)  # skip Qt and SQLAlchemy teardown: not part of any figure
