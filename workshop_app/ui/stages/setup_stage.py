"""Setup: workshop details, the people in the room, the vision and the frame lists.

Everything saves when a field is left or Enter is pressed, through ``ow.setup``; a
refused value stays in its field (marked red) with the reason in the message bar.
People are added without the mouse: name, Tab, side, Tab, job title, Enter, and the
cursor is back in the name field for the next person.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QCompleter,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from workshop_app.errors import InvalidInputError
from workshop_app.model import PARTICIPANT_SIDES, FrameKind, Participant
from workshop_app.rules.dates import DATE_HINT, parse_date
from workshop_app.rules.time_zone import zone_names
from workshop_app.ui.context import UiContext
from workshop_app.ui.stage import StageWidget, shows_revision
from workshop_app.ui.stages._setup_people import (  # noqa: F401 (COL_*: the tests' names for the columns)
    COL_EXPERIENCE,
    COL_LEADER,
    COL_NAME,
    COL_SIDE,
    COL_TITLE,
    EXPERIENCE_HIGHEST,
    EXPERIENCE_LOWEST,
    SIDE_LABELS,
    PeopleTable,
)
from workshop_app.ui.widgets.commit_edit import AppUndoLineEdit, CommitLineEdit, CommitTextEdit
from workshop_app.ui.widgets.dialogs import confirm
from workshop_app.ui.widgets.frame_list import FrameListEditor

if TYPE_CHECKING:
    from workshop_app.ui.stages._setup_topics import TopicsEditor

DETAIL_FIELDS = (
    ("title", "&Title"),
    ("supplier_name", "&Supplier"),
    ("customer_name", "C&ustomer"),
    ("location", "&Location"),
    ("facilitator", "&Facilitator"),
)


def date_words(when: date | None) -> str:
    return "no date" if when is None else when.strftime("%a %d %b")


class SetupStage(StageWidget):
    """Workshop details, people, vision and frame."""

    title = "Setup"
    hint = (
        "Fill in the workshop and the people in the room: name, Tab, side, Tab, job title, Enter. "
        "Everything saves as you go."
    )

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._loading = False
        self._warned_duplicate = ""
        self._people_pending = False
        self._warned_rename: tuple[int, str] | None = None  # (person, name) a rename was warned about
        columns = QHBoxLayout(self)
        columns.setContentsMargins(0, 0, 0, 0)
        columns.addWidget(self._build_details(), 2)
        right = QVBoxLayout()
        # People and topics share the space above the frame lists (Alt+P, Alt+O): at 1280x720
        # one above the other left each table two rows.
        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_people(), "&People")
        self._topics: TopicsEditor | None = None  # built the first time its tab is chosen
        self._topics_page = QWidget()
        QVBoxLayout(self._topics_page).setContentsMargins(0, 0, 0, 0)
        self.tabs.addTab(self._topics_page, "T&opics")
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        right.addWidget(self.tabs, 3)
        right.addWidget(self._build_frame(), 2)
        columns.addLayout(right, 3)

    # --- building -------------------------------------------------------------------------

    def _build_details(self) -> QWidget:
        box = QGroupBox("Workshop")
        layout = QVBoxLayout(box)
        self.details_form = QFormLayout()
        self.detail_edits: dict[str, CommitLineEdit] = {}
        for field, label in DETAIL_FIELDS:
            edit = CommitLineEdit(lambda text, f=field: self.ctx.ok(self.ow.setup.set_detail, f, text))
            self.detail_edits[field] = edit
            self.details_form.addRow(label, edit)
        zone_row = self._build_zone()
        self.detail_edits["title"].setPlaceholderText("required")
        self.detail_edits["supplier_name"].setPlaceholderText("the supplier company")
        self.detail_edits["customer_name"].setPlaceholderText("the retailer / customer")
        zone_label = QLabel("Time &zone")
        zone_label.setBuddy(self.zone_edit)
        self.details_form.insertRow(4, zone_label, zone_row)
        layout.addLayout(self.details_form)
        QWidget.setTabOrder(self.detail_edits["location"], self.zone_edit)  # Tab goes down the form
        QWidget.setTabOrder(self.zone_edit, self.detail_edits["facilitator"])
        self.dates_form = QFormLayout()
        self.date_edits: list[CommitLineEdit] = []
        self.date_words: list[QLabel] = []
        layout.addLayout(self.dates_form)
        vision_label = QLabel("Shared &vision")
        vision_label.setProperty("role", "heading")
        self.vision_edit = CommitTextEdit(lambda text: self.ctx.ok(self.ow.setup.set_detail, "vision", text))
        self.vision_edit.setPlaceholderText(
            "One or two sentences both companies sign up to. Saves when you leave the box (or Ctrl+Enter)."
        )
        vision_label.setBuddy(self.vision_edit)
        layout.addWidget(vision_label)
        layout.addWidget(self.vision_edit, 1)
        return box

    def _build_people(self) -> QWidget:
        self.people_box = QWidget()
        layout = QVBoxLayout(self.people_box)
        row = QHBoxLayout()
        self.name_edit = AppUndoLineEdit()
        self.name_edit.setPlaceholderText("Name, then Tab")
        self.side_combo = QComboBox()
        for side in PARTICIPANT_SIDES:
            self.side_combo.addItem(SIDE_LABELS[side.value], side.value)
        self.job_edit = AppUndoLineEdit()
        self.job_edit.setPlaceholderText("Job title (optional), Enter adds")
        self.add_button = QPushButton("Add")
        self.add_button.setProperty("role", "primary")
        self.add_button.clicked.connect(self.add_person)
        row.addWidget(self.name_edit, 3)
        row.addWidget(self.side_combo, 2)
        row.addWidget(self.job_edit, 3)
        row.addWidget(self.add_button)
        layout.addLayout(row)
        self.duplicate_label = QLabel()
        self.duplicate_label.setProperty("role", "warning")
        self.duplicate_label.setWordWrap(True)
        self.duplicate_label.hide()
        layout.addWidget(self.duplicate_label)
        self.name_edit.returnPressed.connect(self.add_person)
        self.job_edit.returnPressed.connect(self.add_person)
        self.side_combo.installEventFilter(self)
        self.name_edit.textEdited.connect(self._on_name_edit_text_edited)
        self.setTabOrder(self.name_edit, self.side_combo)
        self.setTabOrder(self.side_combo, self.job_edit)
        self.setTabOrder(self.job_edit, self.add_button)
        self.table = PeopleTable(self)
        self.table.itemChanged.connect(self._on_table_item_changed)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.leader_button = QPushButton("Toggle leader")
        self.leader_button.clicked.connect(self.toggle_leader)
        self.delete_button = QPushButton("Delete person...  Del")
        self.delete_button.setProperty("role", "danger")
        self.delete_button.clicked.connect(self.delete_selected_person)
        keys = QLabel("F2 edits a cell · Space ticks Leader · Del deletes")
        keys.setProperty("role", "muted")
        keys.setWordWrap(True)
        keys.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        buttons.addWidget(self.leader_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addWidget(keys)  # its own line: beside the buttons it became a column of letters at 160%
        return self.people_box

    def _build_frame(self) -> QWidget:
        box = QWidget()
        layout = QHBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        self.frame_editors: dict[str, FrameListEditor] = {}
        for kind, heading, placeholder in (
            (FrameKind.OBJECTIVE, "Objectives", "Add an objective, Enter"),
            (FrameKind.PRINCIPLE, "Principles", "Add a principle, Enter"),
            (FrameKind.BEHAVIOUR, "Behaviours", "Add a behaviour, Enter"),
        ):
            editor = FrameListEditor(self.ctx, kind.value, heading, placeholder)
            self.frame_editors[kind.value] = editor
            layout.addWidget(editor, 1)
        return box

    def _build_zone(self) -> QVBoxLayout:
        """The room's time zone: every time is shown and exported in it (type a city or pick)."""
        self.zone_edit = CommitLineEdit(self._commit_zone)
        self.zone_edit.setToolTip(
            "The time zone of the room, like Europe/London: planned and actual times, minutes and "
            "the pack are in it, whichever computer shows them. Type a city or pick from the list."
        )
        # Shown with spaces, so that "new york" finds America/New York (stored as America/New_York).
        completer = QCompleter([n.replace("_", " ") for n in zone_names()], self.zone_edit)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.zone_edit.setCompleter(completer)
        # The name stored, not the one typed ("london" -> Europe/London), also when nothing changed.
        self.zone_edit.committed.connect(self._show_stored_zone)
        self.zone_words = QLabel()  # "GMT, 4 h ahead of this laptop", under the field
        self.zone_words.setProperty("role", "muted")
        self.zone_words.setWordWrap(True)
        column = QVBoxLayout()
        column.setSpacing(0)
        column.addWidget(self.zone_edit)
        column.addWidget(self.zone_words)
        return column

    def _show_stored_zone(self, _typed: str) -> None:
        self.zone_edit.set_stored(self.ow.workshop_time().name or "")

    def _commit_zone(self, text: str) -> bool:
        return self.ctx.ok(self.ow.setup.set_time_zone, text)

    # --- reading ---------------------------------------------------------------------------

    @shows_revision
    def refresh(self) -> None:
        w = self.ow.setup.workshop_details()
        for field, edit in self.detail_edits.items():
            edit.set_stored(getattr(w, field))
        self.vision_edit.set_stored(w.vision)
        self._refresh_zone()
        self._refresh_dates()
        self._refresh_people()
        if self._topics is not None:
            self._topics.refresh()
            self.tabs.setTabText(1, self._topics.heading)
        else:
            self.tabs.setTabText(1, f"T&opics ({len(self.ow.board.topics())})")
        for editor in self.frame_editors.values():
            editor.refresh()

    def _refresh_zone(self) -> None:
        room = self.ow.workshop_time()
        now = self.ow.clock.now()
        self.zone_edit.set_stored(room.name or "")
        self.zone_edit.setPlaceholderText(f"this laptop's zone, {room.label(now)}")
        if room.name and room.zone is None:
            words = "not known to this computer: times are in the laptop's zone"
        elif room.name is None:
            words = "not set: times follow this laptop's clock"
        elif room.differs_from_laptop(now):
            words = f"{room.short_name(now)}, {room.apart_from_laptop(now)} this laptop"
        else:
            words = f"{room.short_name(now)}, the same as this laptop"
        self.zone_words.setText(words)

    def _refresh_dates(self) -> None:
        days = self.ow.agenda.days()
        if len(days) != len(self.date_edits):
            while self.dates_form.rowCount():
                self.dates_form.removeRow(0)
            self.date_edits, self.date_words = [], []
            for day in days:
                edit = CommitLineEdit(lambda text, n=day.day_number: self._commit_date(n, text))
                edit.setPlaceholderText("YYYY-MM-DD")
                edit.setToolTip(f"The day's date: {DATE_HINT}, or empty")
                words = QLabel()
                words.setProperty("role", "muted")
                row = QHBoxLayout()
                row.addWidget(edit, 3)
                row.addWidget(words, 2)
                self.dates_form.addRow(f"Day {day.day_number}", row)
                self.date_edits.append(edit)
                self.date_words.append(words)
        for day, edit, words in zip(days, self.date_edits, self.date_words, strict=True):
            edit.set_stored("" if day.date is None else day.date.isoformat())
            words.setText(date_words(day.date))

    def _commit_date(self, day_number: int, text: str) -> bool:
        try:
            when = parse_date(text)  # the forms the Rocks and Actions due dates take
        except InvalidInputError as exc:
            self.ctx.error(str(exc))
            return False
        return self.ctx.ok(self.ow.setup.set_day_date, day_number, when)

    def _refresh_people(self) -> None:
        if self.table.state() == QAbstractItemView.State.EditingState:
            self._people_pending = True  # the editor would go with what is typed in it
            return
        self._people_pending = False
        people = self.ow.setup.participants()
        current = self._selected_person_id()
        column = max(self.table.currentColumn(), 0)
        self._loading = True
        self.table.blockSignals(True)
        self.table.setRowCount(len(people))
        model = self.table.model()
        model.blockSignals(True)  # one layout pass at the end instead of one per cell
        for row, p in enumerate(people):
            self._fill_row(row, p)
        model.blockSignals(False)
        self.table.blockSignals(False)
        self.table.doItemsLayout()
        self.table.fit_columns(refilled=True)
        self.table.viewport().update()
        self._loading = False
        leaders = sum(1 for p in people if p.is_leader)
        self.tabs.setTabText(0, f"&People ({len(people)}; {leaders} leader{'s' if leaders != 1 else ''})")
        if current is not None:
            self.select_person(current, column)

    def _fill_row(self, row: int, p: Participant) -> None:
        name = QTableWidgetItem(p.name)
        name.setData(Qt.ItemDataRole.UserRole, p.id)
        side = QTableWidgetItem(SIDE_LABELS.get(p.side, p.side))
        side.setData(Qt.ItemDataRole.UserRole, p.side)
        job = QTableWidgetItem(p.job_title)
        leader = QTableWidgetItem("leader" if p.is_leader else "")
        leader.setFlags(
            Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable
        )
        leader.setCheckState(Qt.CheckState.Checked if p.is_leader else Qt.CheckState.Unchecked)
        experience = QTableWidgetItem()
        experience.setData(Qt.ItemDataRole.EditRole, int(p.experience_rank))
        for col, item in enumerate((name, side, job, leader, experience)):
            self.table.setItem(row, col, item)

    def _selected_person_id(self) -> int | None:
        row = self.table.currentRow()
        if row < 0 or self.table.item(row, COL_NAME) is None:
            return None
        return int(self.table.item(row, COL_NAME).data(Qt.ItemDataRole.UserRole))

    def select_person(self, participant_id: int, column: int = 0) -> None:
        for row in range(self.table.rowCount()):
            if self.table.item(row, COL_NAME).data(Qt.ItemDataRole.UserRole) == participant_id:
                self.table.setCurrentCell(row, column)
                return

    def focus_primary(self) -> None:
        self.name_edit.setFocus()

    def _on_tabs_current_changed(self, index: int) -> None:
        """Alt+P / Alt+O (or a click) on a tab: the cursor goes where that tab is typed in."""
        if self.isVisible():
            (self.name_edit if index == 0 else self.topics.title_edit).setFocus()

    def show_topics(self) -> None:
        self.tabs.setCurrentWidget(self._topics_page)

    @property
    def topics(self) -> TopicsEditor:
        """The Topics tab's editor, built on first use: the Setup stage is often the first one
        shown, and the start waited ~15 ms for a tab nobody had opened."""
        if self._topics is None:
            from workshop_app.ui.stages._setup_topics import TopicsEditor

            self._topics = TopicsEditor(self.ctx)
            layout = self._topics_page.layout()
            assert layout is not None
            layout.addWidget(self._topics)
            self._topics.refresh()
            self.tabs.setTabText(1, self._topics.heading)
        return self._topics

    # --- people ------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """In the side box: Enter adds the person; S, C or F picks the side at once (no search delay)."""
        if (
            watched is self.side_combo
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
        ):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.add_person()
                return True
            letter = event.text().casefold()
            if letter.isalpha() and not event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier:
                for i in range(self.side_combo.count()):
                    if self.side_combo.itemText(i).casefold().startswith(letter):
                        self.side_combo.setCurrentIndex(i)
                        return True
        return super().eventFilter(watched, event)

    def _on_name_edit_text_edited(self, text: str) -> None:
        twin = self.ow.setup.duplicate_name(text) if text.strip() else None
        if twin is None:
            self.duplicate_label.hide()
            self._warned_duplicate = ""
            return
        self.duplicate_label.setText(
            f"{twin.name} ({SIDE_LABELS.get(twin.side, twin.side)}) is already in the list. Add a surname or "
            "initial so notes go to the right person, or press Enter twice to add a second one."
        )
        self.duplicate_label.show()

    def add_person(self) -> None:
        name = self.name_edit.text()
        if not name.strip():
            self.ctx.error("Type the person's name first, then press Enter.")
            self.name_edit.setFocus()
            return
        twin = self.ow.setup.duplicate_name(name)
        if twin is not None and self._warned_duplicate != name.strip().casefold():
            self._warned_duplicate = name.strip().casefold()
            self._on_name_edit_text_edited(name)
            self.ctx.error(
                f"There is already a person called {twin.name}. Press Enter again to add a second "
                f"{name.strip()}, or change the name."
            )
            self.name_edit.setFocus()
            return
        added = self.ctx.run(
            self.ow.setup.add_participant, name, self.side_combo.currentData(), self.job_edit.text()
        )
        if added is None:
            self.name_edit.setFocus()
            return
        self._warned_duplicate = ""
        self.duplicate_label.hide()
        self.name_edit.clear()
        self.job_edit.clear()
        self.name_edit.setFocus()

    def _on_table_item_changed(self, item: QTableWidgetItem) -> None:
        if self._loading:
            return
        row, col = item.row(), item.column()
        pid = int(self.table.item(row, COL_NAME).data(Qt.ItemDataRole.UserRole))
        setup = self.ow.setup
        if col == COL_NAME:
            if self._rename_needs_confirming(pid, item.text()):
                return
            ok = self.ctx.ok(setup.update_participant, pid, name=item.text())
        elif col == COL_SIDE:
            ok = self.ctx.ok(setup.update_participant, pid, side=item.data(Qt.ItemDataRole.UserRole))
        elif col == COL_TITLE:
            ok = self.ctx.ok(setup.update_participant, pid, job_title=item.text())
        elif col == COL_LEADER:
            ok = self.ctx.ok(
                setup.update_participant, pid, is_leader=item.checkState() == Qt.CheckState.Checked
            )
        else:
            ok = self.ctx.ok(
                setup.update_participant, pid, experience_rank=item.data(Qt.ItemDataRole.EditRole)
            )
        if not ok:
            self._refresh_people()

    def _rename_needs_confirming(self, pid: int, typed: str) -> bool:
        """A rename to another person's name is warned about as adding one is: the stored name
        comes back and the cell is edited again with the name typed; Enter again renames."""
        twin = self.ow.setup.duplicate_name(typed, exclude_id=pid) if typed.strip() else None
        key = (pid, typed.strip().casefold())
        if twin is None or self._warned_rename == key:
            self._warned_rename = None
            return False
        self._warned_rename = key
        person = next(p for p in self.ow.setup.participants() if p.id == pid)
        self.ctx.error(
            f"There is already a person called {twin.name} "
            f"({SIDE_LABELS.get(twin.side, twin.side)}). Press Enter again to rename {person.name} "
            f"to {typed.strip()} anyway, or change the name (Esc keeps {person.name})."
        )
        row = next(
            r
            for r in range(self.table.rowCount())
            if self.table.item(r, COL_NAME) is not None
            and self.table.item(r, COL_NAME).data(Qt.ItemDataRole.UserRole) == pid
        )
        self._loading = True  # the stored name in the cell until confirmed (the table may be mid-edit)
        self.table.item(row, COL_NAME).setText(person.name)
        self._loading = False
        QTimer.singleShot(0, lambda: self._edit_name_again(pid, typed))
        return True

    def _edit_name_again(self, pid: int, typed: str) -> None:
        self.select_person(pid, COL_NAME)
        row = self.table.currentRow()
        if row < 0:
            return
        self.table.setFocus()
        self.table.editItem(self.table.item(row, COL_NAME))
        editor = QApplication.focusWidget()  # the cell's editor (an old one may not be gone yet)
        if isinstance(editor, QLineEdit) and self.table.isAncestorOf(editor):
            editor.setText(typed)

    def toggle_leader(self) -> None:
        pid = self._selected_person_id()
        if pid is None:
            self.ctx.error("Select a person in the table first (Tab to the table, arrow keys to choose).")
            return
        person = next(p for p in self.ow.setup.participants() if p.id == pid)
        self.ctx.run(self.ow.setup.update_participant, pid, is_leader=not person.is_leader)

    def delete_selected_person(self) -> None:
        pid = self._selected_person_id()
        if pid is None:
            self.ctx.error("Select the person to delete in the table first.")
            return
        impact = self.ctx.run(self.ow.setup.participant_impact, pid)
        if impact is None:
            return
        if not confirm(self, "Delete a person", impact.describe()):
            return
        row = self.table.currentRow()
        if self.ctx.run(self.ow.setup.delete_participant, pid) is not None:
            self.ctx.info(f"Deleted {impact.name}. Ctrl+Z brings them back.")
            self._refresh_people()
            if self.table.rowCount():
                self.table.setCurrentCell(min(row, self.table.rowCount() - 1), COL_NAME)
            self.table.setFocus()
