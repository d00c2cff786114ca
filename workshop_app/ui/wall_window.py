"""The room's view on the projector: the timer large, plus the current stage's wall view.

A separate top-level window: on a second screen when one is attached (the laptop
keeps the controls), otherwise full screen over the laptop's window (F11 or Escape
returns).  Text is sized in wall units, 1/40 of the window's height times the text
scale, so nothing essential is smaller than that.

The wall follows the facilitator's window one turn of the event loop behind: a new stage, a
change of the workshop, a new theme or text size is shown on the laptop first, and the wall
builds and paints its side of it on the next turn (``NextTurn``), so the window never waits
for both at once.  Meanwhile the wall does not paint at all, so the room never sees a half
new, half old wall.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeyEvent, QResizeEvent, QScreen, QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from workshop_app.errors import PlanwallError
from workshop_app.ui.context import UiContext
from workshop_app.ui.next_turn import NextTurn
from workshop_app.ui.stage import StageWidget
from workshop_app.ui.theme import repolish
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
        self._look_stale = False  # the theme or text size changed since the wall was polished
        self._later = NextTurn(self, self._catch_up)
        self.resize(1280, 720)
        self._connect(ctx)
        self.rebuild()

    def _connect(self, ctx: UiContext) -> None:
        ctx.theme_changed.connect(self._on_ctx_look_changed)
        ctx.text_scale_changed.connect(self._on_ctx_look_changed)
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
        """Show a fresh wall view of the stage under the timer, on the next turn of the event loop.

        While the wall is closed this only notes that it is out of date; it is rebuilt when it
        is next shown (the window asks after every change of the workshop).
        """
        self._stale = True
        self._hold()

    def defer_look(self, _widget: QWidget | None = None) -> bool:
        """A new theme or text size: the wall re-polishes itself on the next turn (or when shown).

        Also the ``defer`` of ``theme.repolish`` for the facilitator's window, which re-polishes
        every open window: True, the wall does its own.
        """
        self._look_stale = True
        self._hold()
        return True

    def settle(self) -> None:
        """Do now what waits for the next turn (tests; anything that reads the wall at once)."""
        self._later.flush()

    @property
    def settled(self) -> bool:
        return not self._later.pending

    def _hold(self) -> None:
        if not self.isVisible():
            return  # caught up in showEvent
        if self.updatesEnabled():
            self.setUpdatesEnabled(False)  # nothing half old, half new is painted meanwhile
        self._later.schedule()

    def _catch_up(self) -> None:
        try:
            if self._look_stale:
                self._look_stale = False
                self._restyle()
                repolish(self)
                self._apply_units()
            if self._stale:
                self._rebuild_now()
        finally:  # (a bug in a stage's wall view must not leave the room a wall that never paints)
            if not self.updatesEnabled():
                self.setUpdatesEnabled(True)  # (and repaints the whole wall)

    def _rebuild_now(self) -> None:
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

    def _on_ctx_look_changed(self, *_args: object) -> None:
        self.defer_look()

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
        self._later.cancel()
        self._catch_up()  # at once: the wall opens showing the stage as it is now
        super().showEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        super().closeEvent(event)
        self.closed.emit()
