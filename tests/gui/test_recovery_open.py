"""Opening a workshop that is locked by another running Planwall, damaged, or refused.

The lock is held by a real second process; damage is done to the file's bytes.  The
recovery dialogs are real widgets: ``recovery_dialogs.exec_dialog`` is replaced by a
function that shows the dialog and clicks its real buttons with qtbot.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from workshop_app.services.clock import FakeClock
from workshop_app.services.workshop_service import OpenWorkshop
from workshop_app.store import lock
from workshop_app.store.backup import list_backups, make_backup
from workshop_app.store.migrate import MigrationError
from workshop_app.store.recovery import WorkshopBusyError
from workshop_app.store.schema import SCHEMA_VERSION
from workshop_app.ui import recovery_dialogs
from workshop_app.ui.app import PlanwallApp
from workshop_app.ui.main_window import MainWindow
from workshop_app.ui.settings import AppSettings
from workshop_app.ui.start_window import StartWindow
from workshop_app.ui.widgets import file_menu

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[2]
EARLY = datetime(2026, 3, 10, 9, 15, tzinfo=UTC)
LATER = datetime(2026, 3, 10, 10, 42, tzinfo=UTC)
READ_ONLY_REFUSAL = "is open read-only, so nothing can be changed"

HOLDER = """
import sys
from workshop_app.store.database import WorkshopStore
store = WorkshopStore.open(sys.argv[1], lock=True)
print("OPEN", flush=True)
sys.stdin.readline()
store.close()
"""


# --- fixtures -----------------------------------------------------------------------


@dataclass
class Answers:
    """What to do in each recovery dialog, in order, and the dialogs that were shown."""

    script: list[Callable[[QDialog], None]] = field(default_factory=list)
    shown: list[QDialog] = field(default_factory=list)


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch, qtbot: Any) -> Answers:
    scripted = Answers()

    def run(dialog: QDialog) -> int:
        scripted.shown.append(dialog)
        if dialog.parent() is None:
            qtbot.addWidget(dialog)  # (a dialog with a parent goes with its parent)
        dialog.show()
        qtbot.waitExposed(dialog)
        assert scripted.script, f"an unexpected dialog: {dialog.windowTitle()}"
        scripted.script.pop(0)(dialog)
        assert not dialog.isVisible()  # the click closed it
        return dialog.result()

    monkeypatch.setattr(recovery_dialogs, "exec_dialog", run)
    return scripted


def click(qtbot: Any, name: str) -> Callable[[QDialog], None]:
    def do(dialog: QDialog) -> None:
        button = getattr(dialog, name)
        assert button is not None and button.isVisible(), f"{name} is not offered"
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    return do


def dialog_text(dialog: QDialog) -> str:
    from PySide6.QtWidgets import QLabel

    return "\n".join(label.text() for label in dialog.findChildren(QLabel))


@pytest.fixture
def holders() -> Iterator[list[subprocess.Popen[str]]]:
    started: list[subprocess.Popen[str]] = []
    yield started
    for proc in started:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)
        for stream in (proc.stdin, proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()


def hold(path: Path, started: list[subprocess.Popen[str]]) -> subprocess.Popen[str]:
    """A real second Planwall process holding ``path`` open with its lock."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    started.append(proc)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert line.strip() == "OPEN", proc.stderr.read() if proc.stderr else line
    assert lock.is_locked(path)
    return proc


def ideas(ow: OpenWorkshop) -> list[str]:
    return [i.text for i in ow.board.ideas(ow.board.topics()[0].id)]


@pytest.fixture
def other(tmp_path: Path, clock: FakeClock) -> Path:
    """A closed workshop with two verified backups: 3 ideas (09:15), 5 ideas (10:42); the file has 6."""
    path = tmp_path / "Q1 JBP.planwall"
    ow = OpenWorkshop.create_from_template("two-day-jbp", path, clock, title="Q1 JBP")
    for n in range(6):
        ow.board.add_idea(ow.board.topics()[0].id, f"idea {n}")
        if n == 2:
            ow.close()
            make_backup(path, "auto", now=EARLY)
            ow = OpenWorkshop.open(path, clock)
        if n == 4:
            ow.close()
            make_backup(path, "agenda", now=LATER)
            ow = OpenWorkshop.open(path, clock)
    ow.close()
    return path


@pytest.fixture
def window(qtbot: Any, ow: OpenWorkshop) -> MainWindow:
    win = MainWindow(ow, ticking=False)
    qtbot.addWidget(win)
    win.resize(1280, 720)
    win.show()
    qtbot.waitExposed(win)
    return win


def close_app(state: PlanwallApp) -> None:
    for win in (state.main, state.start):
        if win is not None:
            win.close()


def opened_from_start(qtbot: Any, path: Path, clock: FakeClock) -> tuple[StartWindow, list[OpenWorkshop]]:
    settings = AppSettings()
    settings.add_recent(path)
    start = StartWindow(settings, clock)
    qtbot.addWidget(start)
    got: list[OpenWorkshop] = []
    start.opened.connect(got.append)
    start.recent_list.itemActivated.emit(start.recent_list.item(0))  # as a double click / Enter does
    return start, got


# --- locked by another running Planwall ------------------------------------------------


def assert_changes_refused_and_text_kept(qtbot: Any, win: MainWindow) -> None:
    """Every stage entry field refuses the change with the store's message and keeps the text."""
    bar = win.message_bar
    win.show_stage("setup")
    setup = win.current_stage
    qtbot.keyClicks(setup.name_edit, "Anna Berg")  # type: ignore[attr-defined]
    qtbot.keyClick(setup.name_edit, Qt.Key.Key_Return)  # type: ignore[attr-defined]
    assert READ_ONLY_REFUSAL in bar.label.text() and bar.level == "error"
    assert setup.name_edit.text() == "Anna Berg"  # type: ignore[attr-defined]
    bar.dismiss()
    win.show_stage("ideas")
    ideas_stage = win.current_stage
    qtbot.keyClicks(ideas_stage.capture, "A precious idea")  # type: ignore[attr-defined]
    qtbot.keyClick(ideas_stage.capture, Qt.Key.Key_Return)  # type: ignore[attr-defined]
    assert READ_ONLY_REFUSAL in bar.label.text()
    assert ideas_stage.capture.toPlainText() == "A precious idea"  # type: ignore[attr-defined]
    bar.dismiss()
    win.show_stage("minutes")
    minutes = win.current_stage
    qtbot.keyClicks(minutes.entry, "d: we keep the promo calendar")  # type: ignore[attr-defined]
    qtbot.keyClick(minutes.entry, Qt.Key.Key_Return)  # type: ignore[attr-defined]
    assert READ_ONLY_REFUSAL in bar.label.text()
    assert minutes.entry.text() == "d: we keep the promo calendar"  # type: ignore[attr-defined]
    assert win.windowTitle().endswith("read-only")  # not "NOT SAVED": nothing was lost


def test_locked_file_from_the_start_window_opens_read_only_and_refuses_changes_keeping_the_text(
    qtbot: Any, other: Path, clock: FakeClock, holders: list[Any], answers: Answers
) -> None:
    hold(other, holders)
    answers.script.append(click(qtbot, "read_only_button"))
    _start, got = opened_from_start(qtbot, other, clock)
    assert len(got) == 1
    shown = answers.shown[0]
    assert isinstance(shown, recovery_dialogs.ReadOnlyOfferDialog)
    assert "open in another window of Planwall on this computer" in dialog_text(shown)
    assert not shown.cancel_button.isHidden() and "Cancel" in shown.cancel_button.text()
    ro = got[0]
    assert ro.store.read_only and ro.store.lock is None
    win = MainWindow(ro, ticking=False)
    qtbot.addWidget(win)
    win.show()
    assert win.windowTitle() == "Q1 JBP.planwall — Planwall — read-only"
    assert win.read_only_banner.isVisible()
    assert ideas(ro) == [f"idea {n}" for n in range(6)]  # everything can be looked at
    assert_changes_refused_and_text_kept(qtbot, win)
    assert ideas(ro) == [f"idea {n}" for n in range(6)]
    assert lock.is_locked(other)  # the other window still has it, untouched


def test_locked_file_argument_cancelled_shows_the_start_window_with_the_reason(
    qtbot: Any, other: Path, holders: list[Any], answers: Answers
) -> None:
    hold(other, holders)
    answers.script.append(click(qtbot, "cancel_button"))
    state = PlanwallApp(AppSettings())
    try:
        assert state.open_path(other) is None  # workshop-app "Q1 JBP.planwall"
        assert state.main is None and state.start is not None
        text = state.start.message_bar.label.text()
        assert "Q1 JBP.planwall was not opened" in text
        assert "open in another window of Planwall on this computer" in text
    finally:
        close_app(state)


def test_locked_file_from_file_open_switches_the_window_to_read_only(
    qtbot: Any, window: MainWindow, other: Path, holders: list[Any], answers: Answers, dialogs: Any
) -> None:
    hold(other, holders)
    answers.script.append(click(qtbot, "read_only_button"))
    dialogs.files.append(str(other))
    file_menu.open_file(window)
    assert window.ow.path == other and window.ow.store.read_only
    assert window.windowTitle().endswith("— read-only")
    assert "is open read-only" in window.message_bar.label.text()
    window.show_stage("ideas")
    stage = window.current_stage
    qtbot.keyClicks(stage.capture, "typed in the read-only window")  # type: ignore[attr-defined]
    qtbot.keyClick(stage.capture, Qt.Key.Key_Return)  # type: ignore[attr-defined]
    assert READ_ONLY_REFUSAL in window.message_bar.label.text()
    assert stage.capture.toPlainText() == "typed in the read-only window"  # type: ignore[attr-defined]
    window.undo()  # Ctrl+Z has nothing to undo and nothing breaks
    assert window.ow.counts()["ideas"] == 6


def test_locked_file_from_open_recent_cancelled_keeps_the_current_workshop(
    qtbot: Any, window: MainWindow, ow: OpenWorkshop, other: Path, holders: list[Any], answers: Answers
) -> None:
    window.settings.add_recent(other)
    window._rebuild_recent_menu()
    hold(other, holders)
    answers.script.append(click(qtbot, "cancel_button"))
    recent = window.recent_menu.actions()[0]
    assert "Q1 JBP.planwall" in recent.text()
    recent.trigger()
    assert window.ow is ow and not ow.store.read_only
    assert "open in another window of Planwall on this computer" in window.message_bar.label.text()
    ow.setup.add_participant("Still working", "supplier")  # the current workshop carries on
    assert window.windowTitle() == "workshop.planwall — Planwall — Saved"


# --- damaged files ------------------------------------------------------------------------


def moved_aside(path: Path) -> list[Path]:
    """The damaged workshop files moved aside next to ``path`` (not their -wal/-shm)."""
    return sorted(
        p for p in path.parent.glob(f"{path.name}.damaged-*") if not p.name.endswith(("-wal", "-shm"))
    )


def truncate(path: Path) -> bytes:
    data = path.read_bytes()[: path.stat().st_size // 2]
    path.write_bytes(data)
    return data


def flip_page_type(path: Path, table: str) -> bytes:
    con = sqlite3.connect(path)
    try:
        page_size = con.execute("PRAGMA page_size").fetchone()[0]
        root = con.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    finally:
        con.close()
    data = bytearray(path.read_bytes())
    data[(root - 1) * page_size] = 0x07  # not a b-tree page type
    path.write_bytes(bytes(data))
    return bytes(data)


def test_a_truncated_file_offers_the_newest_backup_and_opens_it_after_restoring(
    qtbot: Any, other: Path, clock: FakeClock, answers: Answers
) -> None:
    newest = list_backups(other)[0]
    damaged_bytes = truncate(other)
    answers.script.append(click(qtbot, "restore_button"))
    start, got = opened_from_start(qtbot, other, clock)
    assert len(got) == 1
    dialog = answers.shown[0]
    assert isinstance(dialog, recovery_dialogs.DamagedDialog)
    text = dialog_text(dialog)
    assert "Q1 JBP.planwall is damaged: the file is cut short" in text
    moved = moved_aside(other)
    assert len(moved) == 1 and moved[0].name in text and "Nothing was deleted" in text
    assert newest.when_text() in text and "5 ideas" in text and "(agenda item ended)" in text
    assert dialog.choose_button is not None and dialog.choose_button.text() == "Choose another backup..."
    assert dialog.as_is_button is None  # the file itself is damaged: no "as it is"
    ow = got[0]
    try:
        assert ideas(ow) == [f"idea {n}" for n in range(5)]
        assert ow.store.lock is not None  # opened for changes, as usual
    finally:
        ow.close()
    assert moved[0].read_bytes() == damaged_bytes  # kept, untouched
    assert "Restored Q1 JBP.planwall from the backup of" in (start.pending_message or ("", ""))[1]


def test_flipped_bytes_choose_another_backup_from_file_open(
    qtbot: Any, window: MainWindow, other: Path, answers: Answers, dialogs: Any
) -> None:
    damaged_bytes = flip_page_type(other, "idea")
    earlier = list_backups(other)[1]

    def pick_older(dialog: QDialog) -> None:
        assert isinstance(dialog, recovery_dialogs.BackupListDialog)
        table = dialog.table
        rows = [[table.item(r, c).text() for c in range(3)] for r in range(table.rowCount())]
        assert rows[0][1] == "agenda item ended" and "5 ideas" in rows[0][2]
        assert rows[1] == [earlier.when_text(), "automatic", earlier.summary()]
        table.setFocus()
        qtbot.keyClick(table, Qt.Key.Key_Down)
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)

    answers.script.extend([click(qtbot, "choose_button"), pick_older])
    dialogs.files.append(str(other))
    file_menu.open_file(window)
    assert window.ow.path == other
    assert ideas(window.ow) == ["idea 0", "idea 1", "idea 2"]
    question = dialogs.texts("question")[-1]
    assert earlier.when_text() in question and "3 ideas" in question
    moved = moved_aside(other)
    assert len(moved) == 1 and moved[0].read_bytes() == damaged_bytes
    assert "Restored Q1 JBP.planwall from the backup of" in window.message_bar.label.text()


def test_a_missing_wal_can_be_used_as_it_is(
    qtbot: Any, other: Path, tmp_path: Path, clock: FakeClock, answers: Answers
) -> None:
    ow = OpenWorkshop.open(other, clock)
    ow.board.add_idea(ow.board.topics()[0].id, "only in the -wal so far")
    copy = tmp_path / "copied.planwall"
    copy.write_bytes(other.read_bytes())  # a file manager copying the .planwall alone while it is open
    ow.close()
    answers.script.append(click(qtbot, "as_is_button"))
    state = PlanwallApp(AppSettings())
    try:
        main = state.open_path(copy)
        dialog = answers.shown[0]
        text = dialog_text(dialog)
        assert "companion file copied.planwall-wal" in text and "is missing" in text
        assert "Or use the file as it is (6 ideas)" in text
        assert dialog.restore_button is None  # this copy never had a backup of its own
        assert main is not None and main.ow.path == copy
        assert ideas(main.ow) == [f"idea {n}" for n in range(6)]
        assert "without its missing -wal file" in main.message_bar.label.text()
        assert len(moved_aside(copy)) == 1
    finally:
        close_app(state)


def test_cancelling_the_damage_dialog_says_where_the_file_went_and_keeps_the_current_workshop(
    qtbot: Any, window: MainWindow, ow: OpenWorkshop, other: Path, answers: Answers
) -> None:
    truncate(other)
    answers.script.append(click(qtbot, "cancel_button"))
    assert not window.open_path(other)
    assert window.ow is ow
    text = window.message_bar.label.text()
    moved = moved_aside(other)
    assert "Q1 JBP.planwall was not opened" in text and moved[0].name in text
    assert "open Q1 JBP.planwall again and Planwall offers its backups" in text
    answers.script.append(click(qtbot, "restore_button"))  # ...which it does
    assert window.open_path(other)
    assert ideas(window.ow) == [f"idea {n}" for n in range(5)]
    assert "no longer in" in dialog_text(answers.shown[1])


# --- other refusals: the message, nothing lost -------------------------------------------------


def test_a_file_from_a_newer_planwall_is_refused_unchanged(
    window: MainWindow, ow: OpenWorkshop, other: Path
) -> None:
    con = sqlite3.connect(other)
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    con.close()
    before = other.read_bytes()
    assert not window.open_path(other)
    assert window.ow is ow
    text = window.message_bar.label.text()
    assert "newer Planwall" in text and "Install the newer Planwall" in text
    assert other.read_bytes() == before
    assert not list(other.parent.glob("*.damaged-*"))


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (lambda p: WorkshopBusyError(f"{p.name} is busy: another program keeps it locked."), "is busy"),
        (
            lambda p: MigrationError(f"Planwall could not upgrade {p.name}; the file was left as it was."),
            "could not upgrade",
        ),
    ],
    ids=["busy", "migration"],
)
def test_busy_and_failed_upgrade_show_the_message_and_keep_the_current_workshop(
    qtbot: Any,
    window: MainWindow,
    ow: OpenWorkshop,
    other: Path,
    monkeypatch: pytest.MonkeyPatch,
    error: Callable[[Path], Exception],
    expected: str,
) -> None:
    from workshop_app.store.database import WorkshopStore

    def refuse(path: Any, **_kwargs: Any) -> Any:
        raise error(Path(path))

    monkeypatch.setattr(WorkshopStore, "open", refuse)
    assert not window.open_path(other)
    assert window.ow is ow and expected in window.message_bar.label.text()
    state = PlanwallApp(AppSettings())
    try:
        state.open_path(other)
        assert state.main is None and state.start is not None
        assert expected in state.start.message_bar.label.text()
    finally:
        close_app(state)


def test_opening_the_workshop_already_in_the_window_is_not_a_lock_conflict(
    qtbot: Any, window: MainWindow, ow: OpenWorkshop, answers: Answers
) -> None:
    assert window.open_path(ow.path)
    assert window.ow is ow and not answers.shown
    assert "already open in this window" in window.message_bar.label.text()


def test_open_recent_marks_a_workshop_that_is_not_there(
    window: MainWindow, other: Path, tmp_path: Path
) -> None:
    """Recent workshops that are gone stay listed (their backups can still be offered); the menu
    says which ones are not found rather than listing them like the others."""
    gone = tmp_path / "on the stick.planwall"
    gone.write_bytes(other.read_bytes())
    window.settings.add_recent(gone)
    window.settings.add_recent(other)
    gone.unlink()
    window._rebuild_recent_menu()
    texts = [a.text() for a in window.recent_menu.actions()]
    assert "not found" not in texts[0] and "Q1 JBP.planwall" in texts[0]
    assert "on the stick.planwall" in texts[1] and "not found: reconnect its drive" in texts[1]
