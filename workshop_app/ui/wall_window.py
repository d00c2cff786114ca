"""The room's view on the projector: the timer large, plus the current stage's wall view.

A separate top-level window: on a second screen when one is attached (the laptop
keeps the controls), otherwise full screen over the laptop's window (F11 or Escape
returns).  Text is sized in wall units, 1/40 of the window's height times the text
scale, so nothing essential is smaller than that.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeyEvent, QResizeEvent, QScreen, QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from workshop_app.errors import PlanwallError
from workshop_app.ui.context import UiContext
from workshop_app.ui.stage import StageWidget
from workshop_app.ui.timer_widget import TimerWidget
from workshop_app.ui.widgets.wall_text import WALL_LINES, apply_wall_unit

log = logging.getLogger(__name__)

STRIP_UNITS = 3.0  # the clock in one line above a stage's wall view
FULL_UNITS = 11.0  # the clock when the stage has nothing else to show


class WallWindow(QWidget):
    """What the room sees."""

    closed = Signal()

    def __init__(self, ctx: UiContext, stage: StageWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle("Planwall — wall view")
        self.ctx = ctx
        self.stage = stage
        self.content: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(24, 16, 24, 16)
        self._layout.setSpacing(12)
        self.timer: TimerWidget | None = None
        self._stale = True  # the content does not show the workshop as it is now
        self.resize(1280, 720)
        self._connect(ctx)
        self.rebuild()

    def _connect(self, ctx: UiContext) -> None:
        ctx.theme_changed.connect(self._restyle)
        ctx.text_scale_changed.connect(self._on_ctx_text_scale_changed)
        self._restyle()

    def set_context(self, ctx: UiContext, stage: StageWidget) -> None:
        """The window opened another workshop: show that one."""
        self.ctx = ctx
        self._connect(ctx)
        self.stage = stage
        self.rebuild()

    def set_stage(self, stage: StageWidget) -> None:
        self.stage = stage
        self.rebuild()

    def add_shortcut_actions(self, actions: list[QAction]) -> None:
        """Let the facilitator's shortcuts (timer, stages, undo) work while the wall has focus."""
        for action in actions:
            self.addAction(action)

    # --- content ---------------------------------------------------------------------

    def unit_px(self) -> float:
        return max(self.height() / WALL_LINES * self.ctx.text_scale, 8.0)

    def rebuild(self) -> None:
        """Ask the stage for a fresh wall view and show it under the timer.

        While the wall is closed this only notes that it is out of date; it is rebuilt when it
        is next shown (the window asks after every change of the workshop).
        """
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        try:
            view = self.stage.wall_view()
        except PlanwallError as exc:
            self.ctx.report(exc)
            view = None
        show_timer = not self.stage.wall_shows_timer
        units = STRIP_UNITS if view is not None else FULL_UNITS
        if self.timer is not None and (
            self.timer.ctx is not self.ctx or self.timer.wall_units != units or not show_timer
        ):
            self._layout.removeWidget(self.timer)
            self.timer.hide()
            self.timer.deleteLater()
            self.timer = None
        if self.timer is None and show_timer:
            self.timer = TimerWidget(self.ctx, controls=False, wall=True, wall_units=units)
            self._layout.insertWidget(0, self.timer, 0 if view is not None else 1)
        if self.content is not None:
            self._layout.removeWidget(self.content)
            self.content.hide()
            self.content.deleteLater()
            self.content = None
        if view is not None:
            self.content = view
            self._layout.addWidget(view, 1)
        self._apply_units()

    def _apply_units(self) -> None:
        apply_wall_unit(self, self.unit_px())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._apply_units()

    def _on_ctx_text_scale_changed(self, _scale: float) -> None:
        self._apply_units()

    def _restyle(self, *_args: object) -> None:
        p = self.ctx.palette
        self.setStyleSheet(
            f"WallWindow {{ background-color: {p.bg}; }} WallWindow QLabel {{ color: {p.fg}; }}"
        )

    # --- screens ------------------------------------------------------------------------

    def show_on_best_screen(self, laptop: QScreen | None) -> None:
        """Full screen on another screen if there is one, else full screen here."""
        screens = QGuiApplication.screens()
        others = [s for s in screens if s is not laptop]
        target = others[0] if others and len(screens) > 1 else laptop
        if target is not None:
            self.setScreen(target)
            self.setGeometry(target.geometry())
        self.showFullScreen()
        self.raise_()

    def showEvent(self, event: QShowEvent) -> None:
        if self._stale:
            self.rebuild()
        super().showEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        super().closeEvent(event)
        self.closed.emit()
