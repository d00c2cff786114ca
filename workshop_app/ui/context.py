"""What every stage widget shares: the open workshop, change notifications, error display.

``UiContext`` wraps the Qt-free ``OpenWorkshop``.  Stages never open database sessions;
they call services through ``ctx.run(...)``, which shows a PlanwallError to the user
without blocking and returns ``None``; every committed change is re-emitted as the
``workshop_changed`` signal so all stages refresh.

It also owns the one timer tick of the window: ``poll_status()`` asks
``ow.agenda.status()`` again (a ``QTimer`` calls it every 250 ms once
``start_ticking()`` ran) and emits ``status_updated``; when the running item reaches
zero it emits ``timer_cued`` once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QObject, QTimer, Signal

from workshop_app.errors import PlanwallError, SaveFailedError
from workshop_app.rules.agenda_timing import TimerState
from workshop_app.services.agenda_service import TimerStatus
from workshop_app.services.workshop_service import OpenWorkshop
from workshop_app.ui.theme import Palette, clamp_scale, palette

T = TypeVar("T")

TICK_MS = 250
_COUNTING = (TimerState.RUNNING, TimerState.AMBER, TimerState.RED, TimerState.OVER)


class UiContext(QObject):
    """The open workshop plus the signals the UI shares."""

    workshop_changed = Signal(str)  # label of the change, undo or redo ("add note 'X'", "Undo ...")
    message_shown = Signal(str, str)  # level ("info" | "error"), text; shown non-blocking in the window
    text_scale_changed = Signal(float)  # new wall/stage text scale factor
    theme_changed = Signal(str)  # "light" | "dark"
    saved_state_changed = Signal(bool)  # True: every change is on disk; False: a save failed
    status_updated = Signal(object)  # TimerStatus of the current agenda item, every tick and change
    timer_cued = Signal(int)  # agenda item id whose time just ran out (sound/flash unless muted)

    def __init__(self, ow: OpenWorkshop, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ow = ow
        self.text_scale = 1.0
        self.theme = "light"
        self.saved = True
        self.cue_muted = False
        self.last_status: TimerStatus | None = None
        self._ticker = QTimer(self)
        self._ticker.setInterval(TICK_MS)
        self._ticker.timeout.connect(self.poll_status)
        ow.store.add_listener(self._on_store_changed)

    def _on_store_changed(self, label: str) -> None:
        self._set_saved(True)
        self.workshop_changed.emit(label)
        self.poll_status()

    def _set_saved(self, saved: bool) -> None:
        if saved != self.saved:
            self.saved = saved
            self.saved_state_changed.emit(saved)

    # --- calling services ---------------------------------------------------

    def run(self, fn: Callable[..., T], *args: object, **kwargs: object) -> T | None:
        """Call a service; a PlanwallError becomes a non-blocking message and None is returned."""
        try:
            return fn(*args, **kwargs)
        except PlanwallError as exc:
            self.report(exc)
            return None

    def ok(self, fn: Callable[..., object], *args: object, **kwargs: object) -> bool:
        """Like ``run`` but says whether the call succeeded (for fields that keep text on error)."""
        try:
            fn(*args, **kwargs)
        except PlanwallError as exc:
            self.report(exc)
            return False
        return True

    def report(self, exc: PlanwallError) -> None:
        """Show a service's error the way ``run`` does: a failed save also marks the title NOT SAVED."""
        if isinstance(exc, SaveFailedError):
            self._set_saved(False)
        self.message_shown.emit("error", str(exc))

    def info(self, text: str) -> None:
        self.message_shown.emit("info", text)

    def error(self, text: str) -> None:
        self.message_shown.emit("error", text)

    # --- look -----------------------------------------------------------------

    @property
    def palette(self) -> Palette:
        return palette(self.theme)

    def set_text_scale(self, scale: float) -> None:
        scale = clamp_scale(scale)
        if scale != self.text_scale:
            self.text_scale = scale
            self.text_scale_changed.emit(scale)

    def set_theme(self, name: str) -> None:
        name = palette(name).name
        if name != self.theme:
            self.theme = name
            self.theme_changed.emit(name)

    # --- the timer tick ---------------------------------------------------------

    def start_ticking(self) -> None:
        self._ticker.start()
        self.poll_status()

    def stop_ticking(self) -> None:
        self._ticker.stop()

    def poll_status(self) -> TimerStatus | None:
        """Ask the agenda for the timer's status now; emits ``status_updated`` (and ``timer_cued``)."""
        try:
            status = self.ow.agenda.status()
        except PlanwallError as exc:
            self._ticker.stop()
            self.message_shown.emit("error", str(exc))
            return None
        previous = self.last_status
        self.last_status = status
        if (
            previous is not None
            and status.item_id is not None
            and previous.item_id == status.item_id
            and previous.state in _COUNTING
            and status.state in _COUNTING
            and previous.remaining_seconds > 0 >= status.remaining_seconds
        ):
            self.timer_cued.emit(status.item_id)
        self.status_updated.emit(status)
        return status

    def detach(self) -> None:
        self._ticker.stop()
        self.ow.store.remove_listener(self._on_store_changed)
