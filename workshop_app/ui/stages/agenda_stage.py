"""Agenda: the days and their timed items; plan, reorder, and start the chosen item.

One tab per day with its start time, planned and projected end and lateness, and a
table of items (planned and projected time, title, kind, minutes, topic, actual
times, status).  Cells edit in place (F2); Alt+Up / Alt+Down or a drag reorders;
Ctrl+Enter starts the selected item; Delete removes it (undoable).  The wall shows
the timer large with the next items.
"""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from workshop_app.model import AGENDA_KIND_LABELS, AgendaDay, AgendaItem
from workshop_app.rules.agenda_timing import DayProjection, late_text
from workshop_app.services.agenda_service import MAX_MINUTES
from workshop_app.ui.context import UiContext
from workshop_app.ui.stage import StageWidget, shows_revision
from workshop_app.ui.stages._agenda_table import (  # noqa: F401 (MIME: the tests' name for it)
    COL_KIND,
    COL_MIN,
    COL_STATUS,
    COL_TITLE,
    COL_TOPIC,
    MIME,
    AgendaTable,
)
from workshop_app.ui.stages._agenda_wall import agenda_wall
from workshop_app.ui.stages._board_flow import wrapping_row
from workshop_app.ui.widgets.choice_delegate import ChoiceDelegate
from workshop_app.ui.widgets.commit_edit import AppUndoLineEdit, CommitLineEdit
from workshop_app.ui.widgets.dialogs import confirm
from workshop_app.ui.widgets.label_text import literal_label, shown_as_typed

TIMES_EVERY_S = 15.0


def item_status(item: AgendaItem, running_id: int | None, next_id: int | None, skipped: bool = False) -> str:
    if item.ended_at is not None and item.started_at is not None:
        used = (item.ended_at - item.started_at).total_seconds() / 60
        paused = sum(((p.ended_at or item.ended_at) - p.started_at).total_seconds() / 60 for p in item.pauses)
        delta = round(used - paused - item.planned_minutes)
        if delta > 0:
            return f"done, {delta} min over"
        if delta < 0:
            return f"done, {-delta} min early"
        return "done, on time"
    if item.id == running_id:
        if any(p.ended_at is None for p in item.pauses):
            return "PAUSED"
        extra = f" ({item.extra_minutes:+d} min)" if item.extra_minutes else ""  # +5 or -10, never +-10
        return f"RUNNING{extra}"
    if item.id == next_id:
        return "up next"
    return "skipped" if skipped else ""


def notice_label() -> QLabel:
    """A warning line over the days, hidden until it has something to say."""
    label = QLabel()
    label.setProperty("role", "warning")
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.hide()
    return label


class DayPage(QWidget):
    """One day: its header fields and its table."""

    def __init__(self, stage: AgendaStage, day: AgendaDay) -> None:
        super().__init__()
        self.stage = stage
        self.day_id = day.id
        ctx, agenda = stage.ctx, stage.ow.agenda
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        row = QHBoxLayout()
        self.title_edit = CommitLineEdit(lambda text: ctx.ok(agenda.update_day, self.day_id, title=text))
        self.start_edit = CommitLineEdit(lambda text: ctx.ok(agenda.update_day, self.day_id, start_time=text))
        self.start_edit.setMaximumWidth(110)
        self.start_edit.setToolTip("The day's start time, like 09:00")
        self.summary = QLabel()
        self.summary.setProperty("role", "heading")
        self.summary.setWordWrap(True)
        title_label = QLabel("Day title")
        title_label.setBuddy(self.title_edit)
        start_label = QLabel("starts at")
        start_label.setBuddy(self.start_edit)
        row.addWidget(title_label)
        row.addWidget(self.title_edit, 1)
        row.addWidget(start_label)
        row.addWidget(self.start_edit)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        self.table = AgendaTable(stage, day.id)
        self.table.itemChanged.connect(stage._on_table_item_changed)
        layout.addWidget(self.table, 1)


class AgendaStage(StageWidget):
    """Plan and run the timed agenda."""

    title = "Agenda"
    hint = (
        "F6 starts or pauses, F7 next item, Shift+F7 ends this one. Select an item: Ctrl+Enter starts "
        "it, Alt+Up/Down moves it, F2 edits, Del deletes."
    )
    wall_shows_timer = True

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._loading = False
        self._last_times = 0.0
        self._shown_running: int | None = None  # the running item when the tabs were last filled
        self.pages: list[DayPage] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        # Shown only when the room's time zone is not this laptop's (or unknown here).
        self.zone_note = notice_label()
        layout.addWidget(self.zone_note)
        # Shown only when a dated day is being run on another date.
        self.date_note = notice_label()
        layout.addWidget(self.date_note)
        self.tabs = QTabWidget()
        self.tabs.setElideMode(Qt.TextElideMode.ElideRight)  # long day titles at larger text
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        layout.addWidget(self.tabs, 1)
        self.start_button = QPushButton("Start selected  Ctrl+Enter")
        self.start_button.setProperty("role", "primary")
        self.start_button.clicked.connect(self.start_selected)
        self.up_button = QPushButton("Move up  Alt+Up")
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button = QPushButton("Move down  Alt+Down")
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        self.reset_button = QPushButton("Reset its timer")
        self.reset_button.setToolTip("Forget the recorded times of the selected item (started by mistake)")
        self.reset_button.clicked.connect(self.reset_selected)
        self.delete_button = QPushButton("Delete  Del")
        self.delete_button.setProperty("role", "danger")
        self.delete_button.clicked.connect(self.delete_selected)
        self.add_day_button = QPushButton("Add a day")
        self.add_day_button.clicked.connect(self.add_day)
        self.delete_day_button = QPushButton("Delete this day...")
        self.delete_day_button.setProperty("role", "danger")
        self.delete_day_button.clicked.connect(self.delete_day)
        # The item buttons wrap onto a second line at larger text instead of widening the window
        # past a 1280-pixel screen (one row needed 1313 px at 120%).
        layout.addWidget(
            wrapping_row(
                self.start_button,
                self.up_button,
                self.down_button,
                self.reset_button,
                self.delete_button,
                spacing=6,
            )
        )
        # The day buttons sit beside the day tabs (they act on the days), so the item buttons'
        # row stays short.
        day_buttons = QWidget()
        day_row = QHBoxLayout(day_buttons)
        day_row.setContentsMargins(0, 0, 0, 2)
        day_row.addWidget(self.add_day_button)
        day_row.addWidget(self.delete_day_button)
        self.tabs.setCornerWidget(day_buttons, Qt.Corner.TopRightCorner)
        add_row = QHBoxLayout()
        add_label = QLabel("&New item")
        self.new_title = AppUndoLineEdit()
        self.new_title.setPlaceholderText("Title of a new item for this day, Enter adds")
        add_label.setBuddy(self.new_title)
        self.new_kind = QComboBox()
        for kind, label in AGENDA_KIND_LABELS.items():
            self.new_kind.addItem(label, kind.value)
        self.new_minutes = QSpinBox()
        self.new_minutes.setRange(1, MAX_MINUTES)
        self.new_minutes.setValue(15)
        self.new_minutes.setSuffix(" min")
        self.new_topic = QComboBox()
        self.add_button = QPushButton("Add")
        self.add_button.clicked.connect(self.add_item)
        self.new_title.returnPressed.connect(self.add_item)
        add_row.addWidget(add_label)
        add_row.addWidget(self.new_title, 3)
        add_row.addWidget(self.new_kind, 1)
        add_row.addWidget(self.new_minutes)
        add_row.addWidget(self.new_topic, 1)
        add_row.addWidget(self.add_button)
        layout.addLayout(add_row)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.start_selected)
        ctx.status_updated.connect(self._on_ctx_status_updated)

    # --- reading ----------------------------------------------------------------------

    @property
    def page(self) -> DayPage | None:
        widget = self.tabs.currentWidget()
        return widget if isinstance(widget, DayPage) else None

    @shows_revision
    def refresh(self) -> None:
        self._last_times = time.monotonic()
        agenda = self.ow.agenda
        days = agenda.days()
        notice = self.ow.workshop_time().notice(self.ow.clock.now())
        self.zone_note.setText(notice or "")
        self.zone_note.setVisible(notice is not None)
        date_notice = agenda.date_notice()
        self.date_note.setText(date_notice or "")
        self.date_note.setVisible(date_notice is not None)
        topics = self.ow.board.topics()
        self.topic_choices: list[tuple[str, object]] = [("(no topic)", None)] + [
            (t.title, t.id) for t in topics
        ]
        self.kind_choices: list[tuple[str, object]] = [
            (label, k.value) for k, label in AGENDA_KIND_LABELS.items()
        ]
        current_topic = self.new_topic.currentData()
        self.new_topic.clear()
        for label, value in self.topic_choices:
            self.new_topic.addItem(label, value)
        self.new_topic.setCurrentIndex(max(self.new_topic.findData(current_topic), 0))
        if [p.day_id for p in self.pages] != [d.id for d in days]:
            self._rebuild_pages(days)
        for page in self.pages:
            delegate = page.table.itemDelegateForColumn(COL_TOPIC)
            if isinstance(delegate, ChoiceDelegate):
                delegate.choices = self.topic_choices
        running = agenda.running_item()
        nxt = agenda.next_item()
        running_id = running.id if running is not None else None
        next_id = nxt.id if nxt is not None else None
        if running_id != self._shown_running and running is not None:
            # An item of another day started: show its day (a tab chosen by hand stays until then).
            day_index = next((n for n, page in enumerate(self.pages) if page.day_id == running.day_id), -1)
            if day_index >= 0 and day_index != self.tabs.currentIndex():
                self.tabs.blockSignals(True)
                self.tabs.setCurrentIndex(day_index)
                self.tabs.blockSignals(False)
        self._shown_running = running_id
        current = self.tabs.currentIndex()
        for index, (page, day) in enumerate(zip(self.pages, days, strict=True)):
            self.tabs.setTabText(index, literal_label(day.title))
            self.tabs.setTabToolTip(index, shown_as_typed(day.title))
            if index == current:  # the other days are filled when their tab is chosen
                self._fill_page(page, day, agenda.projection(day), running_id, next_id)
        self.delete_day_button.setEnabled(len(days) > 1)

    def _rebuild_pages(self, days: list[AgendaDay]) -> None:
        current = self.tabs.currentIndex()
        self.tabs.blockSignals(True)
        self.tabs.clear()
        for page in self.pages:
            page.deleteLater()
        self.pages = []
        for day in days:
            page = DayPage(self, day)
            page.table.setItemDelegateForColumn(COL_KIND, ChoiceDelegate(self.kind_choices, page.table))
            page.table.setItemDelegateForColumn(COL_TOPIC, ChoiceDelegate(self.topic_choices, page.table))
            self.pages.append(page)
            self.tabs.addTab(page, f"Day {day.day_number}")
        running = self.ow.agenda.current_or_next()
        if 0 <= current < len(self.pages):
            self.tabs.setCurrentIndex(current)
        elif running is not None:
            self.tabs.setCurrentIndex(next(i for i, d in enumerate(days) if d.id == running.day_id))
        self.tabs.blockSignals(False)

    def _fill_page(
        self, page: DayPage, day: AgendaDay, proj: DayProjection, running_id: int | None, next_id: int | None
    ) -> None:
        room = self.ow.workshop_time()
        page.title_edit.set_stored(day.title)
        page.start_edit.set_stored(day.start_time)
        when = day.date.strftime("%a %d %b %Y") if day.date is not None else "no date (set it on Setup)"
        started = any(i.started_at is not None for i in day.items)
        lateness = late_text(proj.late_minutes) if started else "not started"
        page.summary.setText(
            f"{when} · planned end {room.clock_text(proj.planned_end)} · projected end "
            f"{room.clock_text(proj.projected_end)} · {lateness}"
        )
        table = page.table
        selected = table.selected_item_id()
        self._loading = True
        table.blockSignals(True)
        table.setRowCount(len(day.items))
        model = table.model()
        model.blockSignals(True)  # one layout pass at the end instead of one per cell (10x faster)
        topics = {value: label for label, value in self.topic_choices}
        for row, (item, p) in enumerate(zip(day.items, proj.items, strict=True)):
            planned, projected = room.clock_text(p.planned_start), room.clock_text(p.start)
            moved = planned != projected and not (p.actual or p.skipped)
            time_text = f"{planned} → {projected}" if moved else planned
            actual = ""
            if item.started_at is not None:
                actual = f"{room.clock_text(item.started_at)}–{room.clock_text(item.ended_at)}"
            cells = [
                (time_text, None, False),
                (item.title, item.id, True),
                (AGENDA_KIND_LABELS.get(item.kind, item.kind), item.kind, True),  # type: ignore[call-overload]
                (None, None, True),
                (topics.get(item.topic_id, ""), item.topic_id, True),
                (actual, None, False),
                (item_status(item, running_id, next_id, p.skipped), None, False),
            ]
            for col, (text, data, editable) in enumerate(cells):
                cell = QTableWidgetItem()
                if col == COL_MIN:
                    cell.setData(Qt.ItemDataRole.EditRole, int(item.planned_minutes))
                else:
                    cell.setText(str(text))
                if col in (COL_TITLE, COL_KIND, COL_TOPIC, COL_STATUS):  # may be elided: all of it
                    cell.setToolTip(shown_as_typed(str(text)))
                if data is not None or col in (COL_TITLE, COL_TOPIC, COL_KIND):
                    cell.setData(Qt.ItemDataRole.UserRole, data)
                flags = (
                    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
                )
                if editable:
                    flags |= Qt.ItemFlag.ItemIsEditable
                cell.setFlags(flags | Qt.ItemFlag.ItemIsDropEnabled)
                if item.id == running_id:
                    font = cell.font()
                    font.setBold(True)
                    cell.setFont(font)
                table.setItem(row, col, cell)
        model.blockSignals(False)
        table.blockSignals(False)
        table.doItemsLayout()
        table.fit_columns()
        table.viewport().update()
        self._loading = False
        if selected is not None:
            self.select_item(selected)

    def _on_tabs_current_changed(self, _index: int) -> None:
        if not self._loading and self.pages:
            self.refresh()

    def _on_ctx_status_updated(self, _status: object) -> None:
        if self.isVisible() and time.monotonic() - self._last_times > TIMES_EVERY_S:
            page = self.page
            if page is None or page.table.state() != QAbstractItemView.State.EditingState:
                self.refresh()

    def select_item(self, item_id: int) -> bool:
        """Show the item's day and select its row."""
        item = next((i for i in self.ow.agenda.all_items() if i.id == item_id), None)
        if item is None:
            return False
        index = next((n for n, page in enumerate(self.pages) if page.day_id == item.day_id), -1)
        if index < 0:
            return False
        if self.tabs.currentIndex() != index:
            self.tabs.setCurrentIndex(index)  # fills that day's table
        table = self.pages[index].table
        for row in range(table.rowCount()):
            if table.item_id_at(row) == item_id:
                table.setCurrentCell(row, max(table.currentColumn(), COL_TITLE))
                return True
        return False

    def selected_item_id(self) -> int | None:
        page = self.page
        return None if page is None else page.table.selected_item_id()

    def focus_primary(self) -> None:
        page = self.page
        if page is None:
            self.new_title.setFocus()
            return
        if page.table.currentRow() < 0 and page.table.rowCount():
            current = self.ow.agenda.current_or_next()
            if current is None or not self.select_item(current.id):
                page.table.setCurrentCell(0, COL_TITLE)
        page.table.setFocus()

    # --- editing ------------------------------------------------------------------------

    def _on_table_item_changed(self, cell: QTableWidgetItem) -> None:
        if self._loading:
            return
        table = cell.tableWidget()
        assert isinstance(table, AgendaTable)
        item_id = table.item_id_at(cell.row())
        if item_id is None:
            return
        agenda = self.ow.agenda
        col = cell.column()
        if col == COL_TITLE:
            ok = self.ctx.ok(agenda.update_item, item_id, title=cell.text())
        elif col == COL_KIND:
            ok = self.ctx.ok(agenda.update_item, item_id, kind=cell.data(Qt.ItemDataRole.UserRole))
        elif col == COL_MIN:
            ok = self.ctx.ok(agenda.update_item, item_id, planned_minutes=cell.data(Qt.ItemDataRole.EditRole))
        elif col == COL_TOPIC:
            ok = self.ctx.ok(agenda.update_item, item_id, topic_id=cell.data(Qt.ItemDataRole.UserRole))
        else:
            return
        if not ok:
            self.refresh()

    def add_item(self) -> None:
        page = self.page
        if page is None:
            self.ctx.error("Add a day first (Add a day), then add items to it.")
            return
        added = self.ctx.run(
            self.ow.agenda.add_item,
            page.day_id,
            self.new_title.text(),
            self.new_kind.currentData(),
            self.new_minutes.value(),
            topic_id=self.new_topic.currentData(),
        )
        if added is not None:
            self.new_title.clear()
            self.refresh()
            self.select_item(added.id)
        self.new_title.setFocus()

    def _need_selection(self) -> int | None:
        item_id = self.selected_item_id()
        if item_id is None:
            self.ctx.error("Select an agenda item in the table first (arrow keys move the selection).")
        return item_id

    def start_selected(self) -> None:
        item_id = self._need_selection()
        if item_id is not None and self.ctx.run(self.ow.agenda.start, item_id) is not None:
            self.refresh()
            self.select_item(item_id)

    def reset_selected(self) -> None:
        item_id = self._need_selection()
        if item_id is not None:
            self.ctx.run(self.ow.agenda.reset_item, item_id)

    def move_selected(self, delta: int) -> None:
        item_id = self._need_selection()
        if item_id is None:
            return
        if self.ctx.ok(self.ow.agenda.move_item_by, item_id, delta):
            self.refresh()
            self.select_item(item_id)
            page = self.page
            if page is not None:
                page.table.setFocus()

    def drop_item(self, item_id: int, day_id: int, row: int) -> None:
        """A row was dragged to ``row`` of a day's table (row counted with the item still in place)."""
        items = [i.id for i in self.ow.agenda.all_items() if i.day_id == day_id]
        if item_id in items and items.index(item_id) < row:
            row -= 1
        if self.ctx.ok(self.ow.agenda.move_item, item_id, day_id, row):
            self.refresh()
            self.select_item(item_id)

    def delete_selected(self) -> None:
        item_id = self._need_selection()
        if item_id is None:
            return
        page = self.page
        row = page.table.currentRow() if page is not None else 0
        title = page.table.item(row, COL_TITLE).text() if page is not None else ""
        if self.ctx.ok(self.ow.agenda.delete_item, item_id):
            self.ctx.info(f"Deleted '{title}'. Ctrl+Z brings it back.")
            self.refresh()
            if page is not None and page.table.rowCount():
                page.table.setCurrentCell(min(row, page.table.rowCount() - 1), COL_TITLE)

    def add_day(self) -> None:
        day = self.ctx.run(self.ow.agenda.add_day)
        if day is not None:
            self.refresh()
            self.tabs.setCurrentIndex(len(self.pages) - 1)

    def delete_day(self) -> None:
        page = self.page
        if page is None:
            return
        day = next(d for d in self.ow.agenda.days() if d.id == page.day_id)
        if not confirm(
            self,
            "Delete a day",
            f"Delete day {day.day_number} '{day.title}' and its "
            f"{len(day.items)} item(s)? You can undo this with Ctrl+Z.",
        ):
            return
        self.ctx.run(self.ow.agenda.delete_day, page.day_id)

    # --- wall -------------------------------------------------------------------------------

    def wall_view(self) -> QWidget | None:
        return agenda_wall(self.ctx)
