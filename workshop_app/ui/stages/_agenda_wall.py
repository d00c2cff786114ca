"""The Agenda stage's wall: the timer large, and what comes up next with its projected times.

"Coming up" follows the clock as the timer does: it asks the agenda again on every status the
timer receives, and rebuilds its text only when the times or titles it shows have changed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from workshop_app.services.agenda_service import TimerStatus
from workshop_app.ui.context import UiContext
from workshop_app.ui.timer_widget import TimerWidget
from workshop_app.ui.widgets.wall_text import WallLabel

COMING_UP = 3  # items listed under the timer


class ComingUpView(QWidget):
    """ "Coming up" and the next items of the day, each with its projected start."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.lines: list[str] | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.heading = WallLabel("Coming up", 1.3, bold=True)
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.listing = WallLabel("", 1.3)
        self.listing.setTextFormat(Qt.TextFormat.PlainText)
        self.listing.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.heading)
        layout.addWidget(self.listing, 1)
        ctx.status_updated.connect(self._on_ctx_status_updated)
        self.update_lines()

    def _on_ctx_status_updated(self, _status: TimerStatus) -> None:
        self.update_lines()

    def update_lines(self) -> None:
        """Ask the agenda what comes up now; change the text only when it differs."""
        room = self.ctx.ow.workshop_time()
        lines = [
            f"{room.clock_text(when)}  {title}" for when, title in self.ctx.ow.agenda.coming_up(COMING_UP)
        ]
        if lines == self.lines:
            return
        self.lines = lines
        self.listing.setText("\n".join(lines))
        self.setVisible(bool(lines))


def agenda_wall(ctx: UiContext) -> QWidget:
    """The timer (three shares of the height) over "Coming up" (one share)."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(TimerWidget(ctx, controls=False, wall=True, wall_units=9.0), 3)
    layout.addWidget(ComingUpView(ctx), 1)
    return box
