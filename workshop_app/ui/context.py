"""What every stage widget shares: the open workshop, change notifications, error display.

``UiContext`` wraps the Qt-free ``OpenWorkshop``.  Stages never open database sessions;
they call services through ``ctx.run(...)``, which shows a PlanwallError to the user
without blocking and returns ``None``; every committed change is re-emitted as the
``workshop_changed`` signal so all stages refresh.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QObject, Signal

from workshop_app.errors import PlanwallError
from workshop_app.services.workshop_service import OpenWorkshop

T = TypeVar("T")


class UiContext(QObject):
    """The open workshop plus the signals the UI shares."""

    workshop_changed = Signal(str)  # label of the change, undo or redo ("add note 'X'", "Undo ...")
    message_shown = Signal(str, str)  # level ("info" | "error"), text; shown non-blocking in the window
    text_scale_changed = Signal(float)  # new wall/stage text scale factor
    theme_changed = Signal(str)  # "light" | "dark"

    def __init__(self, ow: OpenWorkshop, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ow = ow
        self.text_scale = 1.0
        self.theme = "light"
        ow.store.add_listener(self._on_store_changed)

    def _on_store_changed(self, label: str) -> None:
        self.workshop_changed.emit(label)

    def run(self, fn: Callable[..., T], *args: object, **kwargs: object) -> T | None:
        """Call a service; a PlanwallError becomes a non-blocking message and None is returned."""
        try:
            return fn(*args, **kwargs)
        except PlanwallError as exc:
            self.message_shown.emit("error", str(exc))
            return None

    def info(self, text: str) -> None:
        self.message_shown.emit("info", text)

    def error(self, text: str) -> None:
        self.message_shown.emit("error", text)

    def detach(self) -> None:
        self.ow.store.remove_listener(self._on_store_changed)
