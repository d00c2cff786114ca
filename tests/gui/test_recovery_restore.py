"""File > Restore from backup: list the backups, confirm, restore, reopen in the same window.

The backup list is a real dialog: ``recovery_dialogs.exec_dialog`` is replaced by a
function that shows it and drives it with the keyboard and mouse.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from workshop_app.services.workshop_service import OpenWorkshop
from workshop_app.store.backup import list_backups, make_backup
from workshop_app.ui import recovery_dialogs
from workshop_app.ui.main_window import MainWindow

pytestmark = pytest.mark.gui

EARLY = datetime(2026, 3, 10, 9, 15, tzinfo=UTC)
LATER = datetime(2026, 3, 10, 10, 42, tzinfo=UTC)


def ideas(ow: OpenWorkshop) -> list[str]:
    return [i.text for i in ow.board.ideas(ow.board.topics()[0].id)]


@pytest.fixture
def steps(monkeypatch: pytest.MonkeyPatch, qtbot: Any) -> list[Callable[[QDialog], None]]:
    """What to do in each dialog, in order (a dialog nobody expected fails the test)."""
    script: list[Callable[[QDialog], None]] = []

    def run(dialog: QDialog) -> int:
        dialog.show()
        qtbot.waitExposed(dialog)
        assert script, f"an unexpected dialog: {dialog.windowTitle()}"
        script.pop(0)(dialog)
        return dialog.result()

    monkeypatch.setattr(recovery_dialogs, "exec_dialog", run)
    return script


@pytest.fixture
def with_backups(main_window: MainWindow, ow: OpenWorkshop) -> MainWindow:
    """Ideas 0-2 backed up at 09:15, 0-4 at 10:42, 0-6 in the file; the window on Ideas."""
    topic = ow.board.topics()[0].id
    for n in range(7):
        ow.board.add_idea(topic, f"idea {n}")
        if n == 2:
            make_backup(ow.path, "auto", now=EARLY)  # while the workshop is open, as the timer does
        if n == 4:
            make_backup(ow.path, "agenda", now=LATER)
    main_window.show_stage("ideas")
    return main_window


def table_rows(dialog: QDialog) -> list[list[str]]:
    assert isinstance(dialog, recovery_dialogs.BackupListDialog)
    table = dialog.table
    return [[table.item(r, c).text() for c in range(3)] for r in range(table.rowCount())]


def test_restore_an_older_backup_reopens_it_in_the_same_window_at_the_same_stage(
    qtbot: Any,
    with_backups: MainWindow,
    ow: OpenWorkshop,
    steps: list[Callable[[QDialog], None]],
    dialogs: Any,
) -> None:
    window = with_backups
    path = ow.path
    early, later = list_backups(path)[1], list_backups(path)[0]
    seen: list[list[list[str]]] = []

    def choose_the_older(dialog: QDialog) -> None:
        seen.append(table_rows(dialog))
        assert isinstance(dialog, recovery_dialogs.BackupListDialog)
        assert dialog.chosen() == later  # the newest is chosen to start with
        qtbot.keyClick(dialog.table, Qt.Key.Key_Down)
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)

    steps.append(choose_the_older)
    window.restore_action.trigger()
    assert seen[0] == [
        [later.when_text(), "agenda item ended", "5 ideas"],
        [early.when_text(), "automatic", "3 ideas"],
    ]
    question = dialogs.texts("question")[-1]
    assert early.when_text() in question and "3 ideas" in question
    assert "is kept" in question and "moves it aside" in question and "Nothing is deleted" in question
    assert window.ow is not ow and window.ow.path == path  # the same window, the same file
    assert ideas(window.ow) == ["idea 0", "idea 1", "idea 2"]
    assert window.current_key == "ideas"
    qtbot.waitUntil(lambda: window.ow.recall("stage") == "ideas")  # (written on the next turn)
    assert window.current_stage.isVisible()
    assert window.windowTitle() == "workshop.planwall — Planwall — Saved"
    kept = [
        p
        for p in path.parent.glob("workshop.planwall.before-restore-*")
        if not p.name.endswith(("-wal", "-shm"))
    ]
    assert len(kept) == 1
    text = window.message_bar.label.text()
    assert f"Restored the backup of {early.when_text()}" in text and kept[0].name in text
    assert "nothing was deleted" in text
    before = OpenWorkshop.open(kept[0], read_only=True)  # the workshop as it was is all there
    try:
        assert ideas(before) == [f"idea {n}" for n in range(7)]
    finally:
        before.close()
    reasons = [b.reason for b in list_backups(path)]
    assert "before-restore" in reasons  # and it was backed up first
    window.current_stage.capture.setPlainText("after the restore")  # type: ignore[attr-defined]
    qtbot.keyClick(window.current_stage.capture, Qt.Key.Key_Return)  # type: ignore[attr-defined]
    assert ideas(window.ow)[-1] == "after the restore"  # and the window works on the restored file
    window.undo()
    assert ideas(window.ow) == ["idea 0", "idea 1", "idea 2"]


def test_answering_no_to_the_confirmation_changes_nothing(
    qtbot: Any,
    with_backups: MainWindow,
    ow: OpenWorkshop,
    steps: list[Callable[[QDialog], None]],
    dialogs: Any,
) -> None:
    steps.append(lambda d: qtbot.mouseClick(d.restore_button, Qt.MouseButton.LeftButton))  # type: ignore[attr-defined]
    dialogs.answers.append(QMessageBox.StandardButton.No)
    assert not with_backups.restore_from_backup()
    assert with_backups.ow is ow and ideas(ow) == [f"idea {n}" for n in range(7)]
    assert not list(ow.path.parent.glob("*.before-restore-*"))


def test_cancelling_the_list_changes_nothing(
    qtbot: Any,
    with_backups: MainWindow,
    ow: OpenWorkshop,
    steps: list[Callable[[QDialog], None]],
    dialogs: Any,
) -> None:
    steps.append(lambda d: qtbot.mouseClick(d.cancel_button, Qt.MouseButton.LeftButton))  # type: ignore[attr-defined]
    assert not with_backups.restore_from_backup()
    assert with_backups.ow is ow and not dialogs.texts("question")


def test_a_backup_damaged_since_it_was_listed_is_refused_and_the_workshop_reopens_as_it_was(
    qtbot: Any, with_backups: MainWindow, ow: OpenWorkshop, steps: list[Callable[[QDialog], None]]
) -> None:
    newest = list_backups(ow.path)[0]

    def damage_then_restore(dialog: QDialog) -> None:
        data = newest.path.read_bytes()
        newest.path.write_bytes(data[: len(data) // 2])  # the backup disk fails meanwhile
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]

    steps.append(damage_then_restore)
    assert not with_backups.restore_from_backup()
    window = with_backups
    text = window.message_bar.label.text()
    assert "is damaged" in text and "was not restored" in text and "open as it was" in text
    assert ideas(window.ow) == [f"idea {n}" for n in range(7)]
    assert window.current_key == "ideas"
    window.ow.board.add_idea(window.ow.board.topics()[0].id, "still working")
    assert window.windowTitle().endswith("Saved")


def test_no_backups_yet_says_when_they_are_made(main_window: MainWindow, steps: list[Any]) -> None:
    assert not main_window.restore_from_backup()
    assert "There are no backups of workshop.planwall yet" in main_window.message_bar.label.text()


def test_a_read_only_window_cannot_restore(
    qtbot: Any, ow: OpenWorkshop, tmp_path: Path, steps: list[Any], clock: Any
) -> None:
    make_backup(ow.path, "auto", now=EARLY)
    viewer = OpenWorkshop.open(ow.path, clock, read_only=True)
    window = MainWindow(viewer, ticking=False)
    qtbot.addWidget(window)
    assert not window.restore_from_backup()
    assert "open read-only here" in window.message_bar.label.text()
    assert window.ow is viewer


def test_restoring_an_older_backup_of_the_last_hour_keeps_it(
    qtbot: Any, main_window: MainWindow, ow: OpenWorkshop
) -> None:
    """Closing the workshop before the restore makes a last backup, and its thinning took the
    chosen one (the tenth newest, an older one of an hour with newer ones): the restore then
    failed with "unable to open database file" and the backup was gone."""
    from datetime import timedelta

    now = datetime.now(UTC)
    hour = (now - timedelta(hours=1)).replace(minute=0, second=0, microsecond=0)
    topic = ow.board.topics()[0].id
    for n in range(11):
        ow.board.add_idea(topic, f"idea {n}")
        make_backup(ow.path, "auto", now=hour + timedelta(minutes=n), thin=False)
    ow.board.add_idea(topic, "after the last backup")  # so closing makes one more
    chosen = list_backups(ow.path)[9]
    assert chosen.counts["ideas"] == 2
    assert main_window.restore_backup(chosen)
    assert ideas(main_window.ow) == ["idea 0", "idea 1"]
    assert chosen.path.exists()
    assert "close" in [b.reason for b in list_backups(ow.path)]  # (the close backup was made)
