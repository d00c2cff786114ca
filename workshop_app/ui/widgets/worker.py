"""Run slow work (exports, copies) in the QThreadPool; results come back by signal.

The function must not touch widgets or the window's open workshop session: it gets
plain values (a file path) and opens what it needs itself.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from workshop_app.errors import PlanwallError

log = logging.getLogger(__name__)


class WorkerSignals(QObject):
    progressed = Signal(float, str)  # fraction 0..1, what is being done
    succeeded = Signal(object)  # the function's result
    failed = Signal(str)  # a message to show as it is
    finished = Signal()  # after succeeded or failed


class FunctionWorker(QRunnable):
    """Call ``fn(*args, **kwargs)`` off the GUI thread.

    With ``with_progress=True`` the function also gets ``progress=cb(fraction, text)`` and
    ``cancelled=callable`` keyword arguments; ``cancel()`` makes ``cancelled()`` true.
    """

    def __init__(
        self, fn: Callable[..., Any], *args: Any, with_progress: bool = False, **kwargs: Any
    ) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.fn = fn
        self.args = args
        self.kwargs = kwargs
        self.with_progress = with_progress
        self.signals = WorkerSignals()
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def _progress(self, fraction: float, text: str = "") -> None:
        self.signals.progressed.emit(float(fraction), str(text))

    def run(self) -> None:
        kwargs = dict(self.kwargs)
        if self.with_progress:
            kwargs["progress"] = self._progress
            kwargs["cancelled"] = self.is_cancelled
        try:
            result = self.fn(*self.args, **kwargs)
        except PlanwallError as exc:
            self.signals.failed.emit(str(exc))
        except Exception as exc:
            log.exception("background work failed")
            self.signals.failed.emit(
                f"Something went wrong in Planwall ({type(exc).__name__}: {exc}). Your workshop is safe; "
                "try again, and send the log file to support if it happens again."
            )
        else:
            self.signals.succeeded.emit(result)
        self.signals.finished.emit()

    def start(self, pool: QThreadPool | None = None) -> None:
        (pool or QThreadPool.globalInstance()).start(self)
