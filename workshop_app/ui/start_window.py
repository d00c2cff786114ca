"""The first screen: a new workshop from a template, open a file, recent files, a sample.

``NewWorkshopForm`` is shared by this window and File > New from template
(``NewWorkshopDialog``).  Creating and opening never block on an ordinary error: the
message shows in the window's message bar and what was typed stays.
"""

from __future__ import annotations

import os
import re
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workshop_app.errors import PlanwallError
from workshop_app.paths import user_data_dir
from workshop_app.services.clock import Clock
from workshop_app.services.workshop_service import OpenWorkshop, TemplateInfo, list_samples, list_templates
from workshop_app.ui.settings import AppSettings
from workshop_app.ui.widgets.message_bar import MessageBar

FILE_FILTER = "Planwall workshops (*.planwall)"
OPEN_FILTER = "Planwall workshops (*.planwall);;Workshop JSON (*.json);;All files (*)"


def slug(text: str) -> str:
    cleaned = re.sub(r"[^\w\- ]+", "", text, flags=re.UNICODE).strip()
    return re.sub(r"\s+", "-", cleaned)[:60] or "workshop"


def unique_path(folder: Path, stem: str, suffix: str = ".planwall") -> Path:
    candidate = folder / f"{stem}{suffix}"
    n = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{n}{suffix}"
        n += 1
    return candidate


def open_workshop(path: Path, clock: Clock | None = None, *, read_only: bool = False) -> OpenWorkshop:
    """Open a workshop for the window, holding the file's lock (a second Planwall is refused).

    ``read_only=True`` takes no lock and refuses every change (the store's message).
    Windows open files through ``recovery_dialogs.open_interactively``, which handles
    locked and damaged files.
    """
    from workshop_app.services.clock import SystemClock
    from workshop_app.store.database import WorkshopStore

    store = WorkshopStore.open(path, lock=not read_only, read_only=read_only)
    try:
        return OpenWorkshop(store, clock or SystemClock())
    except BaseException:
        store.close()
        raise


def locked(ow: OpenWorkshop) -> OpenWorkshop:
    """A freshly created workshop reopened with its lock held."""
    path, clock = ow.path, ow.clock
    ow.close()
    return open_workshop(path, clock)


def samples() -> list[TemplateInfo]:
    try:
        return list_samples()
    except FileNotFoundError:
        return []


def open_sample_copy(name: str, clock: Clock | None = None) -> OpenWorkshop:
    """A fresh copy of a sample workshop under the user data folder, opened.

    Falls back to the two-day JBP template when the sample is missing.
    """
    folder = user_data_dir() / "samples"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    found = next((s for s in samples() if s.name == name), None)
    target = unique_path(folder, f"{name}-{stamp}")
    if found is not None:
        return locked(OpenWorkshop.create_from_template(found.path, target, clock))
    return locked(OpenWorkshop.create_from_template("two-day-jbp", target, clock, title="Demo workshop"))


class NewWorkshopForm(QWidget):
    """Template, title, first day and where to save."""

    submitted = Signal()

    def __init__(self, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        form = QFormLayout(self)
        self.template_combo = QComboBox()
        for t in list_templates():
            self.template_combo.addItem(t.title, t.name)
            self.template_combo.setItemData(
                self.template_combo.count() - 1, t.description, Qt.ItemDataRole.ToolTipRole
            )
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("e.g. Acme x FreshMart JBP 2026")
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("ddd d MMM yyyy")
        self.date_edit.setDate(QDate.currentDate())
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText("where the workshop file is kept")
        browse = QPushButton("Choose...")
        browse.clicked.connect(self._on_browse_clicked)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)
        form.addRow("&Template", self.template_combo)
        # What the chosen template is, in one line, so a first-time facilitator can choose.
        self.template_about = QLabel()
        self.template_about.setWordWrap(True)
        self.template_about.setObjectName("templateAbout")
        form.addRow("", self.template_about)
        self.template_combo.currentIndexChanged.connect(self._on_template_combo_current_index_changed)
        form.addRow("&Title", self.title_edit)
        form.addRow("&Day 1", self.date_edit)
        form.addRow("File", path_row)
        default = self.template_combo.findData("two-day-jbp")
        self.template_combo.setCurrentIndex(max(default, 0))
        self._on_template_combo_current_index_changed(self.template_combo.currentIndex())
        self.title_edit.textChanged.connect(self._on_title_edit_text_changed)
        self._path_touched = False
        self.path_edit.textEdited.connect(lambda _t: setattr(self, "_path_touched", True))
        for edit in (self.title_edit, self.path_edit):
            edit.returnPressed.connect(self.submitted.emit)
        self._on_title_edit_text_changed("")

    def _on_template_combo_current_index_changed(self, index: int) -> None:
        about = self.template_combo.itemData(index, Qt.ItemDataRole.ToolTipRole)
        self.template_about.setText(str(about or ""))

    def _on_title_edit_text_changed(self, text: str) -> None:
        if not self._path_touched:
            self.path_edit.setText(str(unique_path(self.settings.last_dir, slug(text or "workshop"))))

    def _on_browse_clicked(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(
            self, "Where should the workshop be saved?", self.path_edit.text(), FILE_FILTER
        )
        if chosen:
            if not chosen.endswith(".planwall"):
                chosen += ".planwall"
            self.path_edit.setText(chosen)
            self._path_touched = True

    def first_day(self) -> date:
        return self.date_edit.date().toPython()  # type: ignore[no-any-return]

    def create(self, clock: Clock | None = None) -> OpenWorkshop:
        """Create the workshop file from the form; raises PlanwallError with a message to show."""
        from workshop_app.errors import InvalidInputError

        text = self.path_edit.text().strip()
        if not text:
            raise InvalidInputError("Choose where to save the workshop file (the File field is empty).")
        path = Path(text).expanduser()
        title = self.title_edit.text().strip() or None
        if path.is_dir() or text.endswith(("/", os.sep)):
            # A folder: the workshop goes inside it, named after the title (never beside it as
            # "<folder>.planwall"); the field then shows the file's full name.
            if not path.is_dir():
                raise InvalidInputError(
                    f"The folder {path} is not there. Choose a folder that exists (Choose...), "
                    "or type the whole file name."
                )
            path = unique_path(path, slug(title or "workshop"))
            self.path_edit.setText(str(path))
        elif path.suffix != ".planwall":
            path = path.with_name(path.name + ".planwall")
        ow = locked(
            OpenWorkshop.create_from_template(
                self.template_combo.currentData(), path, clock, title=title, first_day=self.first_day()
            )
        )
        self.settings.add_recent(ow.path)
        return ow


class NewWorkshopDialog(QDialog):
    """File > New from template."""

    def __init__(
        self, settings: AppSettings, parent: QWidget | None = None, clock: Clock | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("New workshop from a template")
        self.clock = clock
        self.created: OpenWorkshop | None = None
        layout = QVBoxLayout(self)
        self.form = NewWorkshopForm(settings)
        self.error_label = QLabel()
        self.error_label.setProperty("role", "error")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        create = buttons.addButton("Create and open", QDialogButtonBox.ButtonRole.AcceptRole)
        create.setDefault(True)
        buttons.accepted.connect(self.try_create)
        buttons.rejected.connect(self.reject)
        self.form.submitted.connect(self.try_create)
        layout.addWidget(self.form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.resize(640, 260)

    def try_create(self) -> None:
        try:
            self.created = self.form.create(self.clock)
        except PlanwallError as exc:
            self.error_label.setText(str(exc))
            self.error_label.show()
            return
        self.accept()


class StartWindow(QWidget):
    """Shown when Planwall starts without a file."""

    opened = Signal(object)  # OpenWorkshop, ready for the main window

    def __init__(
        self, settings: AppSettings | None = None, clock: Clock | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.settings = settings or AppSettings()
        self.clock = clock
        # (level, text) to show in the main window about the workshop just opened (e.g. "restored")
        self.pending_message: tuple[str, str] | None = None
        self.setWindowTitle("Planwall")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 18, 24, 18)
        heading = QLabel("Planwall")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 2.2)
        font.setBold(True)
        heading.setFont(font)
        tagline = QLabel("Run a live Joint Business Planning workshop from your laptop and the projector.")
        tagline.setProperty("role", "muted")
        outer.addWidget(heading)
        outer.addWidget(tagline)
        self.message_bar = MessageBar()
        outer.addWidget(self.message_bar)
        columns = QHBoxLayout()
        outer.addLayout(columns, 1)

        new_box = QGroupBox("New workshop from a template")
        new_layout = QVBoxLayout(new_box)
        self.form = NewWorkshopForm(self.settings)
        self.form.submitted.connect(self.create_new)
        self.create_button = QPushButton("Create and open")
        self.create_button.setProperty("role", "primary")
        self.create_button.clicked.connect(self.create_new)
        new_layout.addWidget(self.form)
        new_layout.addWidget(self.create_button, 0, Qt.AlignmentFlag.AlignRight)
        new_layout.addStretch(1)
        columns.addWidget(new_box, 3)

        open_box = QGroupBox("Open")
        open_layout = QVBoxLayout(open_box)
        self.open_button = QPushButton("Open a workshop file...  Ctrl+O")
        self.open_button.clicked.connect(self.choose_file)
        open_layout.addWidget(self.open_button)
        recent_label = QLabel("&Recent workshops (Del removes one from the list)")
        open_layout.addWidget(recent_label)
        self.recent_list = QListWidget()
        self.recent_list.setWordWrap(True)
        self.recent_list.setResizeMode(QListWidget.ResizeMode.Adjust)  # wrap again at the width shown
        recent_label.setBuddy(self.recent_list)
        self.recent_list.itemActivated.connect(self._on_recent_list_item_activated)
        remove = QShortcut(QKeySequence(Qt.Key.Key_Delete), self.recent_list, self.remove_current_recent)
        remove.setContext(Qt.ShortcutContext.WidgetShortcut)
        open_layout.addWidget(self.recent_list, 3)
        self.samples_label = QLabel("&Samples (opens a copy; the sample stays as it is)")
        open_layout.addWidget(self.samples_label)
        self.sample_list = QListWidget()
        self.sample_list.setWordWrap(True)
        self.samples_label.setBuddy(self.sample_list)
        self.sample_list.itemActivated.connect(self._on_sample_list_item_activated)
        open_layout.addWidget(self.sample_list, 2)
        columns.addWidget(open_box, 2)
        QShortcut(QKeySequence.StandardKey.Open, self, self.choose_file)
        self._fill_lists()
        self.resize(1100, 620)
        self.form.title_edit.setFocus()

    def _fill_lists(self) -> None:
        self._fill_recent()
        self.sample_list.clear()
        for s in samples():
            item = QListWidgetItem(f"{s.title}\n{s.description}" if s.description else s.title)
            item.setToolTip(s.description)
            item.setData(Qt.ItemDataRole.UserRole, s.name)
            self.sample_list.addItem(item)
        self.sample_list.setSpacing(4)
        has_samples = self.sample_list.count() > 0
        self.sample_list.setVisible(has_samples)
        self.samples_label.setVisible(has_samples)

    def _fill_recent(self) -> None:
        """The recent workshops; one that is not there now (a stick that is out, renamed) stays,
        greyed, with what to do: opening it offers its backups, Del takes it off the list."""
        from workshop_app.ui.recovery_dialogs import has_backup_files

        current = self.recent_list.currentItem()
        keep = current.data(Qt.ItemDataRole.UserRole) if current is not None else None
        self.recent_list.clear()
        grey = self.recent_list.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        for path in self.settings.recent_files():
            item = QListWidgetItem(f"{path.name}    {path.parent}")
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            if not path.is_file():
                hint = (
                    "open it to restore a backup"
                    if has_backup_files(path)
                    else "press Del to take it off the list (no backup of it)"
                )
                # Lines of their own: a list item's wrapped last line can be cut short ("...").
                item.setText(f"{item.text()}\nnot found — reconnect the drive, or\n{hint}")
                item.setForeground(grey)
                item.setToolTip(f"{path} is not there now. Reconnect the drive it is on, or {hint}.")
            self.recent_list.addItem(item)
            if str(path) == keep:
                self.recent_list.setCurrentItem(item)
        if self.recent_list.count() == 0:
            placeholder = QListWidgetItem("No recent workshops yet.")
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.recent_list.addItem(placeholder)

    def remove_current_recent(self) -> None:
        """Del on a recent workshop: off the list; the file and its backups are not touched."""
        item = self.recent_list.currentItem()
        value = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if not value:
            return
        row = self.recent_list.row(item)
        path = Path(value)
        self.settings.remove_recent(path)
        self._fill_recent()
        self.recent_list.setCurrentRow(min(row, self.recent_list.count() - 1))
        self.message_bar.show_message(
            "info", f"Removed {path.name} from the recent list. The file and its backups are not touched."
        )

    def _emit_opened(self, ow: OpenWorkshop) -> None:
        self.settings.add_recent(ow.path)
        self.opened.emit(ow)

    def create_new(self) -> None:
        try:
            ow = self.form.create(self.clock)
        except PlanwallError as exc:
            self.message_bar.show_message("error", str(exc))
            return
        self._emit_opened(ow)

    def open_path(self, path: Path, note: str = "") -> bool:
        """Open ``path`` (asking what to do when it is locked or damaged); False when it was not opened.

        ``note`` is said in the message bar of the window that shows the workshop.
        """
        from workshop_app.ui.recovery_dialogs import open_interactively

        outcome = open_interactively(self, path, self.clock)
        if outcome.ow is None:
            if outcome.message:
                self.message_bar.show_message(outcome.level, outcome.message)
            self._fill_recent()  # a file that went away meanwhile shows as not found
            return False
        said = " ".join(t for t in (note, outcome.message) if t)
        self.pending_message = (outcome.level or "info", said) if said else None
        if said:
            self.message_bar.show_message(outcome.level or "info", said)
        self._emit_opened(outcome.ow)
        return True

    def choose_file(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, "Open a workshop", str(self.settings.last_dir), OPEN_FILTER
        )
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() == ".json":
            self.import_json(path)
        else:
            self.open_path(path)

    def import_json(self, json_path: Path) -> None:
        """Import a workshop JSON into a new workshop file, as File > Import JSON does: the user
        chooses where (next to the JSON unless they say otherwise) and is told which file it is."""
        from workshop_app.store.interchange import import_file

        chosen, _ = QFileDialog.getSaveFileName(
            self,
            "Save the imported workshop as",
            str(unique_path(json_path.parent, json_path.stem)),
            FILE_FILTER,
            options=QFileDialog.Option.DontConfirmOverwrite,  # an existing file is refused, never replaced
        )
        if not chosen:
            self.message_bar.show_message("info", f"{json_path.name} was not imported; nothing was written.")
            return
        target = Path(chosen).expanduser().absolute()
        if target.suffix != ".planwall":
            target = target.with_name(target.name + ".planwall")
        try:
            import_file(json_path, target)
        except PlanwallError as exc:
            self.message_bar.show_message("error", str(exc))
            return
        self.open_path(
            target,
            f"Imported {json_path.name} into a new workshop file, {target}: that is the file you are "
            f"working in now ({json_path.name} stays as it was).",
        )

    def _on_recent_list_item_activated(self, item: QListWidgetItem) -> None:
        value = item.data(Qt.ItemDataRole.UserRole)
        if value:
            self.open_path(Path(value))

    def _on_sample_list_item_activated(self, item: QListWidgetItem) -> None:
        name = item.data(Qt.ItemDataRole.UserRole)
        try:
            ow = open_sample_copy(str(name), self.clock)
        except PlanwallError as exc:
            self.message_bar.show_message("error", str(exc))
            return
        self._emit_opened(ow)
