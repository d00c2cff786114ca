"""Opening a workshop that cannot simply be opened, and File > Restore from backup.

``open_interactively(parent, path, clock)`` is the one way the start window, the
``workshop-app FILE`` argument, File > Open and Open Recent open a workshop:

- locked by another running Planwall: ``ReadOnlyOfferDialog`` says so and offers to
  open it read-only (the same for a file in a folder that cannot be written to);
- damaged: the store has already moved the damaged files aside, untouched;
  ``DamagedDialog`` names what happened and where they went, and offers the newest
  verified backup with its time and counts ("Restore this backup"), any other backup
  ("Choose another backup..."), and, when only the -wal file was missing, the file as
  it is; after a restore the workshop is opened;
- no longer there but with backups: the same offer;
- a newer file format, a busy file, a failed upgrade: the store's message, nothing lost.

``BackupListDialog`` lists the backups of one workshop (time, reason, counts) for
File > Restore from backup and for "Choose another backup...".

Every dialog here runs through ``exec_dialog`` (tests replace it to click the real
buttons); nothing in this module changes a file except through ``restore_backup``.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workshop_app.errors import PlanwallError, WorkshopFileError, WorkshopLockedError
from workshop_app.services.clock import Clock
from workshop_app.services.workshop_service import OpenWorkshop
from workshop_app.store.backup import (
    BackupEntry,
    BackupFailedError,
    backup_folder,
    entry_for,
    list_backups,
    newest_verified_backup,
)
from workshop_app.store.recovery import DamagedWorkshopError
from workshop_app.store.restore import restore_backup
from workshop_app.ui.start_window import open_workshop
from workshop_app.ui.widgets.dialogs import confirm

if TYPE_CHECKING:
    from workshop_app.ui.main_window import MainWindow

log = logging.getLogger(__name__)

# DamagedDialog's answers (QDialog.done codes; 0 is Rejected = Cancel)
RESTORE, CHOOSE, AS_IS = 10, 11, 12


def exec_dialog(dialog: QDialog) -> int:
    """Run a modal dialog and return its result code (tests replace this function).

    The dialog is deleted once control returns to the event loop; its answers can be
    read until then.
    """
    try:
        return int(dialog.exec())
    finally:
        dialog.deleteLater()


def _text_label(text: str, *, role: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if role:
        label.setProperty("role", role)
    return label


# --- locked / read-only folder ------------------------------------------------------------


class ReadOnlyOfferDialog(QDialog):
    """ "...is open in another window of Planwall on this computer": open it read-only, or cancel."""

    def __init__(self, parent: QWidget | None, path: Path, message: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{path.name} cannot be changed here")
        layout = QVBoxLayout(self)
        self.message_label = _text_label(message, role="heading")
        layout.addWidget(self.message_label)
        layout.addWidget(
            _text_label(
                "Read-only shows everything and can export it, but refuses every change; nothing is "
                "lost and the file is not touched. To make changes here, close the other window first, "
                "then open the workshop again.",
                role="muted",
            )
        )
        buttons = QDialogButtonBox()
        self.read_only_button = buttons.addButton("Open read-only", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.read_only_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(620, 200)


# --- damaged ---------------------------------------------------------------------------------


def only_wal_missing(exc: DamagedWorkshopError) -> bool:
    """The file itself is sound but its -wal (the latest changes) was not beside it.

    (The -wal moved with it, if any, is the empty one SQLite made while checking.)
    """
    return bool(exc.moved_to) and "-wal" in exc.reason and "is missing" in exc.reason


def _contents_text(path: Path) -> str:
    try:
        return entry_for(path).summary()
    except (OSError, sqlite3.Error):
        return "cannot be read"


class DamagedDialog(QDialog):
    """What happened to the file, where it went, and the backup to restore."""

    def __init__(
        self,
        parent: QWidget | None,
        path: Path,
        *,
        what: str,
        moved_to: list[Path],
        backup: BackupEntry | None,
        has_backups: bool,
        as_is: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{path.name} cannot be opened")
        layout = QVBoxLayout(self)
        layout.addWidget(_text_label(what, role="heading"))
        if moved_to:
            names = ", ".join(p.name for p in moved_to)
            where = (
                f"Planwall moved the damaged file aside, untouched, in {path.parent}: {names}. "
                "Nothing was deleted; keep it if you want it examined."
            )
            layout.addWidget(_text_label(where))
        self.backup = backup
        if backup is not None:
            offer = (
                f"The newest good backup is from {backup.when_text()}: {backup.summary()} "
                f"({backup.reason_text}). Restoring puts a copy of it at {path.name} and opens it."
            )
        elif has_backups:
            offer = "None of the backups of this workshop passed SQLite's check; choose one to try anyway."
        else:
            offer = (
                "There is no backup of this workshop on this computer. Keep the moved file and send it "
                "to support; do not delete it."
            )
        self.offer_label = _text_label(offer)
        layout.addWidget(self.offer_label)
        self.as_is = as_is
        if as_is is not None:
            layout.addWidget(
                _text_label(
                    f"Or use the file as it is ({_contents_text(as_is)}): it is sound, but the changes that "
                    "were only in the missing -wal file are not in it.",
                    role="muted",
                )
            )
        buttons = QDialogButtonBox()
        self.restore_button: QPushButton | None = None
        self.choose_button: QPushButton | None = None
        self.as_is_button: QPushButton | None = None
        if backup is not None:
            self.restore_button = buttons.addButton(
                "Restore this backup", QDialogButtonBox.ButtonRole.ActionRole
            )
            self.restore_button.clicked.connect(lambda: self.done(RESTORE))
        if has_backups:
            self.choose_button = buttons.addButton(
                "Choose another backup..." if backup is not None else "Choose a backup...",
                QDialogButtonBox.ButtonRole.ActionRole,
            )
            self.choose_button.clicked.connect(lambda: self.done(CHOOSE))
        if as_is is not None:
            self.as_is_button = buttons.addButton(
                "Use the file as it is", QDialogButtonBox.ButtonRole.ActionRole
            )
            self.as_is_button.clicked.connect(lambda: self.done(AS_IS))
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.rejected.connect(self.reject)
        first = self.restore_button or self.choose_button or self.as_is_button or self.cancel_button
        first.setDefault(True)
        first.setFocus()
        layout.addWidget(buttons)
        self.resize(720, 280)


# --- the list of backups ------------------------------------------------------------------------


class BackupListDialog(QDialog):
    """The backups of one workshop, newest first: when, why, what it holds."""

    def __init__(self, parent: QWidget | None, workshop_path: Path, entries: list[BackupEntry]) -> None:
        super().__init__(parent)
        self.entries = entries
        self.setWindowTitle(f"Restore {workshop_path.name} from a backup")
        layout = QVBoxLayout(self)
        layout.addWidget(
            _text_label(
                f"Backups of {workshop_path.name}, newest first. Restoring puts the chosen backup in the "
                f"workshop's place; the file that is there now is kept: it is backed up and moved aside as "
                f"{workshop_path.name}.before-restore-<time>, never deleted."
            )
        )
        self.table = QTableWidget(len(entries), 3)
        self.table.setHorizontalHeaderLabels(["When", "Why", "What it holds"])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        first_readable = -1
        for row, entry in enumerate(entries):
            cells = [entry.when_text(), entry.reason_text, entry.summary()]
            for col, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(str(entry.path))
                if not entry.readable:
                    cell.setFlags(Qt.ItemFlag.NoItemFlags)  # cannot be restored
                self.table.setItem(row, col, cell)
            if entry.readable and first_readable < 0:
                first_readable = row
        self.table.setWordWrap(True)  # what a backup holds is what the choice is made on: never cut
        if first_readable >= 0:
            self.table.selectRow(first_readable)
        self.table.doubleClicked.connect(lambda _index: self._on_restore_clicked())
        layout.addWidget(self.table, 1)
        layout.addWidget(
            _text_label(f"Backups are kept in {backup_folder(workshop_path, create=False)}", role="muted")
        )
        buttons = QDialogButtonBox()
        self.restore_button = buttons.addButton(
            "Restore the chosen backup", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.restore_button.setDefault(True)
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._on_restore_clicked)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.table.setFocus()
        self.resize(900, 440)
        self.table.resizeRowsToContents()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.table.resizeRowsToContents()

    def chosen(self) -> BackupEntry | None:
        row = self.table.currentRow()
        cell = self.table.item(row, 0) if 0 <= row < len(self.entries) else None
        if cell is None or not cell.isSelected():
            return None
        entry = self.entries[row]
        return entry if entry.readable else None

    def _on_restore_clicked(self) -> None:
        if self.chosen() is not None:
            self.accept()


def choose_backup(parent: QWidget | None, workshop_path: Path) -> BackupEntry | None:
    """Let the user pick one of the workshop's backups (None: cancelled or there are none)."""
    entries = list_backups(workshop_path)
    if not entries:
        return None
    dialog = BackupListDialog(parent, workshop_path, entries)
    if exec_dialog(dialog) != QDialog.DialogCode.Accepted:
        return None
    return dialog.chosen()


def confirm_restore(parent: QWidget | None, workshop_path: Path, entry: BackupEntry) -> bool:
    exists = workshop_path.exists()
    kept = (
        f"The workshop as it is now is kept: Planwall backs it up and moves it aside, next to it, as "
        f"{workshop_path.name}.before-restore-<time>. Nothing is deleted."
        if exists
        else "Nothing is deleted."
    )
    return confirm(
        parent,
        "Restore this backup?",
        f"Restore {workshop_path.name} from the backup of {entry.when_text()} ({entry.summary()})?\n\n{kept}",
    )


def restore_from_backup(win: MainWindow) -> bool:
    """File > Restore from backup: choose one of the open workshop's backups, confirm, restore."""
    path = win.ow.path
    if win.ow.store.read_only:
        win.ctx.error(
            f"{path.name} is open read-only here, so it cannot be restored from this window. Close the "
            "other Planwall window that has it open, open it again, then restore."
        )
        return False
    if not list_backups(path):
        win.ctx.info(
            f"There are no backups of {path.name} yet. Planwall makes one 5 minutes after a change, "
            "when an agenda item ends and when the workshop is closed."
        )
        return False
    entry = choose_backup(win, path)
    if entry is None or not confirm_restore(win, path, entry):
        return False
    return win.restore_backup(entry)


# --- opening -----------------------------------------------------------------------------------------


@dataclass
class OpenOutcome:
    """What happened when opening: the workshop (or None) and a message for the window."""

    ow: OpenWorkshop | None
    level: str = ""  # "info" | "error" | "" (nothing to say)
    message: str = ""


def _cannot_write_folder(path: Path) -> bool:
    return path.exists() and not (os.access(path.parent, os.W_OK) and os.access(path, os.W_OK))


def _offer_read_only(parent: QWidget | None, path: Path, clock: Clock | None, message: str) -> OpenOutcome:
    dialog = ReadOnlyOfferDialog(parent, path, message)
    if exec_dialog(dialog) != QDialog.DialogCode.Accepted:
        return OpenOutcome(None, "info", f"{path.name} was not opened. {message}")
    try:
        ow = open_workshop(path, clock, read_only=True)
    except PlanwallError as exc:
        return OpenOutcome(None, "error", str(exc))
    return OpenOutcome(
        ow, "info", f"{path.name} is open read-only: you can look and export, but changes are refused."
    )


def _restore_and_note(path: Path, source: BackupEntry | Path, what: str) -> str:
    """Restore ``source`` at ``path``; returns the note for the window (raises BackupFailedError)."""
    result = restore_backup(source, path)
    note = f"Restored {path.name} from {what}."
    if result.moved_aside:
        note += f" The file that was there is kept as {result.moved_aside[0].name}."
    return note


def _recover(
    parent: QWidget | None,
    path: Path,
    what: str,
    moved_to: list[Path],
    backup: BackupEntry | None,
    as_is: Path | None,
) -> tuple[bool, str, str]:
    """Ask what to do with a damaged or missing workshop; (restored?, level, message)."""
    has_backups = bool(list_backups(path))
    dialog = DamagedDialog(
        parent, path, what=what, moved_to=moved_to, backup=backup, has_backups=has_backups, as_is=as_is
    )
    answer = exec_dialog(dialog)
    kept = f" The damaged file is kept as {moved_to[0].name} in {path.parent}." if moved_to else ""
    try:
        if answer == RESTORE and backup is not None:
            return True, "info", _restore_and_note(path, backup, f"the backup of {backup.when_text()}")
        if answer == CHOOSE:
            entry = choose_backup(parent, path)
            if entry is not None and confirm_restore(parent, path, entry):
                return True, "info", _restore_and_note(path, entry, f"the backup of {entry.when_text()}")
        if answer == AS_IS and as_is is not None:
            restore_backup(as_is, path)
            return (
                True,
                "info",
                (
                    f"Opened {path.name} as it was without its missing -wal file. The moved file is kept as "
                    f"{as_is.name}."
                ),
            )
    except (BackupFailedError, WorkshopLockedError) as exc:
        return False, "error", f"{exc}{kept}"
    folder = backup_folder(path, create=False)
    later = (
        f" To restore later: open {path.name} again and Planwall offers its backups, or run "
        f"'workshop-app restore \"{path}\"'; every backup in {folder} is a complete workshop file."
        if has_backups
        else ""
    )
    return False, "error", f"{path.name} was not opened.{kept}{later}"


def _not_there_text(path: Path, store_text: str) -> str:
    """Why a workshop that is not at ``path`` was not opened, and what to do in the window
    (the store's text names a command-line command when the folder itself is there)."""
    if not path.parent.is_dir():
        text = store_text
    else:
        text = (
            f"There is no workshop file at {path}. If it is on a USB stick or a network drive, "
            "reconnect it and open it again; if it was renamed or moved, open it where it is now "
            "with Open (Ctrl+O)."
        )
    folder = backup_folder(path, create=False)
    if has_backup_files(path):
        text += f" Planwall has backups of it in {folder}: each is a complete workshop file you can open."
    return text


def has_backup_files(path: Path) -> bool:
    """Whether Planwall's backup folder for ``path`` holds any backup (a quick look, no checks)."""
    folder = backup_folder(path, create=False)
    try:
        return any(p.suffix == ".planwall" and not p.name.startswith(".") for p in folder.iterdir())
    except OSError:
        return False


def open_interactively(parent: QWidget | None, path: Path, clock: Clock | None = None) -> OpenOutcome:
    """Open ``path`` for a window, asking the user what to do when it is locked or damaged."""
    path = Path(path).expanduser().absolute()
    note = ""
    for _attempt in range(3):  # a restored file is opened again (it was verified: once is enough)
        try:
            ow = open_workshop(path, clock)
        except WorkshopLockedError as exc:
            return _offer_read_only(parent, path, clock, str(exc))
        except DamagedWorkshopError as exc:
            as_is = exc.moved_to[0] if only_wal_missing(exc) else None
            what = f"{path.name} is damaged: {exc.reason}."
            restored, level, message = _recover(parent, path, what, exc.moved_to, exc.backup, as_is)
            if not restored:
                return OpenOutcome(None, level, message)
            note = message
            continue
        except WorkshopFileError as exc:
            if not path.exists() and path.parent.is_dir():
                backup = newest_verified_backup(path)
                if backup is not None:
                    what = f"{path.name} is no longer in {path.parent}, but Planwall has backups of it."
                    restored, level, message = _recover(parent, path, what, [], backup, None)
                    if not restored:
                        return OpenOutcome(None, level, message)
                    note = message
                    continue
            if not path.exists():
                return OpenOutcome(None, "error", _not_there_text(path, str(exc)))
            if _cannot_write_folder(path) and type(exc) is WorkshopFileError:
                return _offer_read_only(parent, path, clock, str(exc))
            return OpenOutcome(None, "error", str(exc))
        except PlanwallError as exc:
            return OpenOutcome(None, "error", str(exc))
        except FileNotFoundError as exc:
            return OpenOutcome(None, "error", str(exc))
        return OpenOutcome(ow, "info" if note else "", note)
    return OpenOutcome(None, "error", f"{path.name} could not be opened after restoring it. {note}")
