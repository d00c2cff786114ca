"""The agenda timer: current item, big mm:ss coloured by state, lateness and the day's end.

It never counts anything itself: ``UiContext.poll_status()`` asks the agenda service
every 250 ms and this widget shows the ``TimerStatus`` it is given.  The bar version
has the controls (start/pause, next, +1, +5, mute); the wall version is text only,
sized in wall units.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from workshop_app.rules.agenda_timing import TimerState
from workshop_app.rules.time_zone import WorkshopTime
from workshop_app.services.agenda_service import NO_ITEM_HINT, NO_ITEMS_TITLE, AgendaService, TimerStatus
from workshop_app.ui.context import UiContext
from workshop_app.ui.theme import point_size
from workshop_app.ui.widgets.elided_label import ElidedLabel, ShrinkingLabel
from workshop_app.ui.widgets.wall_text import WallLabel, wall_unit

FLASH_TICKS = 12  # 12 x 250 ms = 3 s of flashing at zero

# F5 is the Ideas stage's "present"; F2 edits everywhere; F11 is the wall.
SHORTCUTS = {
    "toggle": "F6",
    "next": "F7",
    "end": "Shift+F7",
    "plus1": "F8",
    "plus5": "F9",
    "mute": "Ctrl+Shift+M",
}
TITLE_ROOM_CHARS = 14  # the bar keeps room for about this much of the title before it drops the keys


def state_word(status: TimerStatus) -> str:
    """A word for the state, shown next to the clock (colour is never the only signal)."""
    if status.item_id is None:
        return ""
    return {
        TimerState.NOT_STARTED: "up next",
        TimerState.PAUSED: "PAUSED",
        TimerState.OVER: "OVER TIME",
        TimerState.RED: "last minutes",
        TimerState.AMBER: "time nearly up",
        TimerState.DONE: "done",
        TimerState.RUNNING: "running",
    }[status.state]


def end_text(status: TimerStatus, room: WorkshopTime) -> str:
    """ "day ends ~17:20 (planned 17:00)", in the room's time zone; the planned end's date too
    when it falls on another date ("day ends ~09:05 (planned 15:50 Tue 10 Mar)": an item left
    running overnight)."""
    if status.projected_end is None:
        return ""
    projected, planned = room.clock_text(status.projected_end), room.clock_text(status.planned_end)
    text = f"day ends ~{projected}"
    if status.planned_end is not None:
        planned_day = room.local(status.planned_end).date()
        if planned_day != room.local(status.projected_end).date():
            planned += f" {planned_day:%a %d %b}"
    if planned and planned != projected:
        text += f" (planned {planned})"
    return text


class TimerWidget(QWidget):
    """Shows the current agenda item's timer; with ``controls`` it also runs the clock."""

    acted = Signal(str)  # "toggle" | "next" | "end" | "plus1" | "plus5" after the action was asked for

    def __init__(
        self,
        ctx: UiContext,
        *,
        controls: bool = True,
        wall: bool = False,
        wall_units: float = 6.0,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.wall = wall
        self.wall_units = wall_units
        self.status: TimerStatus | None = None
        self.colour_state = TimerState.NOT_STARTED
        self._flash_left = 0
        self._flash_on = False
        self._flash_timer = QTimer(self)
        self._flash_timer.setInterval(250)
        self._flash_timer.timeout.connect(self._on_flash_tick)
        self.compact = False  # the bar's buttons without their keys (short of room)
        self.setAutoFillBackground(True)
        if wall:
            self._build_wall()
        else:
            self._build_bar(controls)
        ctx.status_updated.connect(self.show_status)
        ctx.timer_cued.connect(self._on_ctx_timer_cued)
        ctx.theme_changed.connect(self._restyle)
        ctx.text_scale_changed.connect(self._on_ctx_text_scale_changed)
        if ctx.last_status is not None:
            self.show_status(ctx.last_status)
        self._restyle()

    # --- building -----------------------------------------------------------------

    def _build_bar(self, controls: bool) -> None:
        self.setProperty("role", "panel")
        # The whole bar takes its panel colour, not only the labels (empty ones showed as boxes).
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(10, 4, 10, 4)
        outer.setSpacing(14)
        words = QVBoxLayout()
        words.setSpacing(0)
        # Long titles end in "…" (whole in the tooltip) rather than being cut mid-word.
        self.title_label: QLabel = ShrinkingLabel(NO_ITEMS_TITLE)
        self.title_label.setProperty("role", "heading")
        self.detail_label: QLabel = ElidedLabel("")
        self.detail_label.setProperty("role", "muted")
        words.addWidget(self.title_label)
        words.addWidget(self.detail_label)
        self.words = words
        self.clock_label = QLabel("--:--")
        self.clock_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        # Short of room (a large text size on a small screen), the buttons drop their keys first,
        # then these words end in "…" (whole in the tooltip): the bar never widens the window.
        self.state_label: QLabel = ShrinkingLabel("")
        lateness = QVBoxLayout()
        lateness.setSpacing(0)
        self.late_label: QLabel = ShrinkingLabel("")
        self.late_label.setProperty("role", "heading")
        self.end_label: QLabel = ShrinkingLabel("")
        self.end_label.setProperty("role", "muted")
        lateness.addWidget(self.late_label)
        lateness.addWidget(self.end_label)
        outer.addLayout(words, 1)
        outer.addWidget(self.clock_label)
        outer.addWidget(self.state_label)
        outer.addLayout(lateness)
        self.buttons: dict[str, QPushButton] = {}
        if controls:
            for key, text in (("toggle", "Start"), ("next", "Next"), ("plus1", "+1"), ("plus5", "+5")):
                button = QPushButton(text)
                button.setProperty("verb", text)
                button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
                button.clicked.connect(lambda _=False, k=key: self.act(k))
                outer.addWidget(button)
                self.buttons[key] = button
            self.buttons["toggle"].setProperty("role", "primary")
            self.buttons["toggle"].setToolTip("Start the next item, or pause / resume the running one (F6)")
            self.buttons["next"].setToolTip(
                "End this item and start the next one of the day; on the day's last item, end it "
                "and start nothing (F7). Shift+F7 ends this item without starting another."
            )
            self.buttons["plus1"].setToolTip("Give the running item one more minute (F8)")
            self.buttons["plus5"].setToolTip("Give the running item five more minutes (F9)")
            self._label_buttons()
        self._apply_bar_fonts()

    def _build_wall(self) -> None:
        """Large: title, clock, state, lateness and next item stacked; a strip (< 5 units): one line."""
        u = self.wall_units
        strip = u < 5
        self.title_label = WallLabel(NO_ITEMS_TITLE, max(u / 4, 1.6) if not strip else 1.5, bold=True)
        self.clock_label = WallLabel("--:--", u, bold=True)
        self.clock_label.setWordWrap(False)
        self.state_label = WallLabel("", max(u / 5, 1.2) if not strip else 1.2, bold=True)
        self.late_label = WallLabel("", max(u / 5, 1.2) if not strip else 1.2)
        self.detail_label = WallLabel("", max(u / 6, 1.0))
        self.end_label = self.late_label
        labels = (self.title_label, self.clock_label, self.state_label, self.late_label, self.detail_label)
        for label in labels:
            label.setTextFormat(Qt.TextFormat.PlainText)
        if strip:
            layout: QHBoxLayout | QVBoxLayout = QHBoxLayout(self)
            layout.setContentsMargins(0, 0, 0, 0)
            layout.setSpacing(24)
            self.detail_label.hide()
            self.title_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            self.late_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            layout.addWidget(self.title_label, 3)
            layout.addWidget(self.clock_label)
            layout.addWidget(self.state_label)
            layout.addWidget(self.late_label, 2)
        else:
            layout = QVBoxLayout(self)
            layout.setContentsMargins(0, 0, 0, 0)
            layout.setSpacing(0)
            for label in labels:
                label.setAlignment(Qt.AlignmentFlag.AlignCenter)
                layout.addWidget(label)
        self.buttons = {}
        self.apply_unit(wall_unit(self, self.ctx.text_scale))

    def apply_unit(self, unit_px: float) -> None:
        """Wall version: size the text for a wall unit of ``unit_px`` pixels."""
        for label in self.findChildren(WallLabel):
            label.apply_unit(unit_px)

    def _apply_bar_fonts(self) -> None:
        font = QFont(self.font())
        font.setPointSizeF(point_size(self.ctx.text_scale) * 2.3)
        font.setBold(True)
        font.setStyleHint(QFont.StyleHint.Monospace)
        self.clock_label.setFont(font)
        small = QFont(self.font())
        small.setPointSizeF(point_size(self.ctx.text_scale))
        small.setBold(True)
        self.state_label.setFont(small)
        metrics_width = self.clock_label.fontMetrics().horizontalAdvance("+88:88")
        self.clock_label.setMinimumWidth(metrics_width)

    def _on_ctx_text_scale_changed(self, _scale: float) -> None:
        if not self.wall:
            QTimer.singleShot(0, self._apply_bar_fonts)
            QTimer.singleShot(0, self._fit)

    def _label_buttons(self) -> None:
        """Each button's verb, and its key unless the bar is compact."""
        for key, button in self.buttons.items():
            verb = str(button.property("verb"))
            text = verb if self.compact else f"{verb}  {SHORTCUTS[key]}"
            if button.text() != text:
                button.setText(text)

    def room_needed(self) -> int:
        """The width the bar needs with the keys on its buttons and every word whole, and
        room for the start of the title."""
        layout = self.layout()
        if layout is None:
            return 0
        extra = 0
        for key, button in self.buttons.items():
            keys = f"  {SHORTCUTS[key]}" if self.compact else ""
            extra += button.fontMetrics().horizontalAdvance(keys)
        title = self.title_label.fontMetrics().averageCharWidth() * TITLE_ROOM_CHARS
        return layout.sizeHint().width() - self.words.sizeHint().width() + extra + title

    def _fit(self) -> None:
        """Drop the keys from the buttons when the bar is short of room; put them back when not."""
        if self.wall or not self.buttons:
            return
        compact = self.width() < self.room_needed()
        if compact != self.compact:
            self.compact = compact
            self._label_buttons()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    # --- actions --------------------------------------------------------------------

    def act(self, key: str) -> None:
        agenda = self.ctx.ow.agenda
        if key == "toggle":
            status = self.ctx.last_status or self.ctx.poll_status()
            if status is not None and status.state in (
                TimerState.RUNNING,
                TimerState.AMBER,
                TimerState.RED,
                TimerState.OVER,
                TimerState.PAUSED,
            ):
                self.ctx.run(agenda.toggle_pause)
            else:
                self.ctx.run(agenda.start)
        elif key in ("next", "end"):
            current = agenda.running_item()
            started = self.ctx.run(agenda.advance if key == "next" else agenda.end_current)
            if current is not None and current.ended_at is not None and (key == "end" or started is None):
                self._say_ended(current.title, current.day.day_number)
        elif key == "plus1":
            self.ctx.run(agenda.extend, 1)
        elif key == "plus5":
            self.ctx.run(agenda.extend, 5)
        else:
            raise ValueError(key)
        self.acted.emit(key)

    def _say_ended(self, title: str, day_number: int) -> None:
        """What Next on a day's last item (or End this item) did, and how to go on."""
        nxt = self.ctx.ow.agenda.next_item()
        if nxt is None:
            way_on = "Every item has been run or skipped."
        else:
            way_on = f"F6 starts '{nxt.title}' (Day {nxt.day.day_number}) when you are ready."
        self.ctx.info(f"Ended '{title}' of Day {day_number}; nothing else was started. {way_on}")

    # --- showing ----------------------------------------------------------------------

    def show_status(self, status: TimerStatus) -> None:
        self.status = status
        room = self.ctx.ow.workshop_time()
        self.colour_state = status.colour
        self.title_label.setText(status.title)
        self.clock_label.setText(status.clock_text)
        self.state_label.setText(state_word(status))
        late = status.late_text if status.item_id is not None else ""
        detail_parts = []
        if status.day_number is not None:
            detail_parts.append(f"Day {status.day_number}")
        if status.kind:
            detail_parts.append(AgendaService.kind_label(status.kind))
        if status.next_title:
            detail_parts.append(f"next: {status.next_title}")
        if self.wall and self.wall_units < 5:
            self.late_label.setText(late)
        elif self.wall:
            self.late_label.setText(" · ".join(x for x in (late, end_text(status, room)) if x))
            self.detail_label.setText(f"Next: {status.next_title}" if status.next_title else "")
        else:
            detail = " · ".join(detail_parts) if status.item_id is not None else NO_ITEM_HINT
            self.detail_label.setText(detail)
            self.late_label.setText(late.capitalize() if late else "")
            self.end_label.setText(end_text(status, room))
            self._update_buttons(status)
            self._fit()
        self._restyle()

    def _update_buttons(self, status: TimerStatus) -> None:
        if not self.buttons:
            return
        running = status.state in (TimerState.RUNNING, TimerState.AMBER, TimerState.RED, TimerState.OVER)
        paused = status.state == TimerState.PAUSED
        toggle = "Pause" if running else "Resume" if paused else "Start"
        if self.buttons["toggle"].property("verb") != toggle:
            self.buttons["toggle"].setProperty("verb", toggle)
            self._label_buttons()
        for key in ("plus1", "plus5"):
            self.buttons[key].setEnabled(running or paused)
        self.buttons["next"].setEnabled(status.item_id is not None)
        self.buttons["toggle"].setEnabled(status.item_id is not None)

    @property
    def clock_colour(self) -> str:
        """The clock's colour now (hex), from the theme and the timer state."""
        p = self.ctx.palette
        return {
            TimerState.AMBER: p.amber,
            TimerState.RED: p.red,
            TimerState.OVER: p.red,
            TimerState.RUNNING: p.fg,
        }.get(self.colour_state, p.muted)

    def _restyle(self, *_args: object) -> None:
        p = self.ctx.palette
        bg = p.panel if not self.wall else p.bg
        if self._flash_on:
            bg = p.red
        colour = self.clock_colour if not self._flash_on else p.bg
        state_colour = colour if self.colour_state != TimerState.RUNNING else p.muted
        if self.status is not None and self.status.state == TimerState.PAUSED and not self._flash_on:
            state_colour = p.accent
        _set_sheet(self, f"TimerWidget {{ background-color: {bg}; }}")
        _set_sheet(self.clock_label, f"color: {colour}; background-color: {bg};")
        _set_sheet(self.state_label, f"color: {state_colour}; background-color: {bg};")
        late_colour = p.red if self.status is not None and self.status.late_minutes > 0 else p.fg
        if self._flash_on:
            late_colour = p.bg
        _set_sheet(self.late_label, f"color: {late_colour}; background-color: {bg};")
        for label in (self.title_label, self.detail_label, self.end_label):
            if label is not self.late_label:
                fg = p.bg if self._flash_on else (p.muted if label is not self.title_label else p.fg)
                _set_sheet(label, f"color: {fg}; background-color: {bg};")

    # --- the cue at zero -----------------------------------------------------------------

    def _on_ctx_timer_cued(self, _item_id: int) -> None:
        if not self.ctx.cue_muted:
            self.flash()

    def flash(self) -> None:
        self._flash_left = FLASH_TICKS
        self._flash_timer.start()

    @property
    def flashing(self) -> bool:
        return self._flash_timer.isActive()

    def _on_flash_tick(self) -> None:
        self._flash_left -= 1
        self._flash_on = self._flash_left > 0 and not self._flash_on
        if self._flash_left <= 0:
            self._flash_timer.stop()
            self._flash_on = False
        self._restyle()


def _set_sheet(widget: QWidget, sheet: str) -> None:
    """Set a style sheet only when it changes: setting one re-polishes and repaints the widget,
    and the timer asks four times a second."""
    if widget.styleSheet() != sheet:
        widget.setStyleSheet(sheet)
