"""A change that cannot be written is refused with what to do; nothing saved is damaged.

Real failures where this machine allows them: a small tmpfs that really fills up, a
read-only mount, the workshop's folder renamed or deleted while open (a USB stick
pulled).  A folder that turns read-only *while* a workshop is open cannot be made
for real here: Linux refuses to remount a file system read-only while files are open
for writing, root ignores permission bits, and ``chattr +i`` on SQLite's memory-mapped
-shm kills the process with SIGBUS; that path is driven with injected SQLite and OS
errors (the same errors a write-protected stick returns), and said so in each test.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from workshop_app.errors import SaveFailedError, WorkshopFileError
from workshop_app.services.workshop_service import OpenWorkshop
from workshop_app.store.database import WorkshopStore

ROOT = Path(__file__).resolve().parents[2]


def ideas(ow: OpenWorkshop) -> list[str]:
    return [i.text for i in ow.board.ideas(ow.board.topics()[0].id)]


def add(ow: OpenWorkshop, text: str) -> None:
    ow.board.add_idea(ow.board.topics()[0].id, text)


def reopen_and_check(path: Path, expected: list[str]) -> None:
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        con.close()
    ow = OpenWorkshop.open(path)
    try:
        assert ideas(ow) == expected
    finally:
        ow.close()


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 3 MB file system (tmpfs), unmounted afterwards; skipped where mounting is not allowed."""
    mnt = tmp_path / "stick"
    mnt.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs needs root")
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mnt)], capture_output=True)
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {result.stderr.decode().strip()}")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


def fill(folder: Path) -> Path:
    filler = folder / "filler.bin"
    with filler.open("wb") as fh:
        try:
            while True:
                fh.write(b"\0" * 65536)
                fh.flush()
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    return filler


# --- real failures ----------------------------------------------------------------


def test_a_really_full_disk(small_disk: Path) -> None:
    path = small_disk / "JBP.planwall"
    ow = OpenWorkshop.create_from_template("two-day-jbp", path)
    add(ow, "saved before the disk filled up")
    filler = fill(small_disk)
    big = "A long note typed during the break." * 3000  # ~100 KB: needs new pages
    with pytest.raises(SaveFailedError) as err:
        add(ow, big)
    assert "is full" in str(err.value) and "was not saved" in str(err.value)
    assert ideas(ow) == ["saved before the disk filled up"]  # the session still reads fine
    filler.unlink()  # the facilitator frees some space...
    add(ow, big)  # ...and the same change goes through
    ow.close()
    reopen_and_check(path, ["saved before the disk filled up", big])


def test_a_write_protected_stick_opens_read_only_and_says_so(small_disk: Path) -> None:
    path = small_disk / "JBP.planwall"
    ow = OpenWorkshop.create_from_template("two-day-jbp", path)
    add(ow, "kept")
    ow.close()
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    try:
        with pytest.raises(WorkshopFileError) as err:
            WorkshopStore.open(path, lock=True)
        assert "read-only" in str(err.value) and "Open it read-only" in str(err.value)
        with pytest.raises(WorkshopFileError, match="read-only"):
            WorkshopStore.open(path)
        viewer = OpenWorkshop.open(path, read_only=True)  # the way out works on a read-only stick
        assert ideas(viewer) == ["kept"]
        viewer.close()
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], check=True)
    reopen_and_check(path, ["kept"])


def test_new_files_on_a_write_protected_stick_name_the_folder_and_leave_nothing(small_disk: Path) -> None:
    """The command line's new, import and dump -o onto a read-only drive: one line, exit 2, no traceback."""
    source = small_disk.parent / "source.planwall"
    OpenWorkshop.create_from_template("two-day-jbp", source).close()
    sample = ROOT / "sample_sessions" / "complete-jbp.json"
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    try:
        for args in (
            ("new", str(small_disk / "n.planwall")),
            ("import", str(sample), "-o", str(small_disk / "i.planwall")),
            ("dump", str(source), "-o", str(small_disk / "d.json")),
        ):
            result = subprocess.run(
                [sys.executable, "-m", "workshop_app", *args],
                capture_output=True,
                text=True,
                timeout=120,
                env={**os.environ, "PLANWALL_DATA_DIR": str(small_disk.parent / "data")},
            )
            assert result.returncode == 2, (args, result.stderr)
            assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
            assert f"the folder {small_disk} is on a read-only drive" in result.stderr, result.stderr
            assert "Choose a folder you can write to" in result.stderr
        assert list(small_disk.iterdir()) == []
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], check=True)


def test_save_a_copy_to_a_full_or_write_protected_stick_names_the_stick(
    small_disk: Path, tmp_path: Path
) -> None:
    """File > Save a copy as is what the docs say to do when the workshop's drive fails; onto
    a full stick it said "the disk holding the backups (...) is full", and onto a read-only one
    only "unable to open database file"."""
    ow = OpenWorkshop.create_from_template("two-day-jbp", tmp_path / "JBP.planwall")
    try:
        add(ow, "kept")
        filler = fill(small_disk)
        with pytest.raises(WorkshopFileError) as err:
            ow.store.save_copy(small_disk / "copy.planwall")
        message = str(err.value)
        assert f"{small_disk} is full" in message and "backup" not in message, message
        filler.unlink()
        subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
        try:
            with pytest.raises(WorkshopFileError) as err:
                ow.store.save_copy(small_disk / "copy.planwall")
            assert f"the folder {small_disk} is on a read-only drive" in str(err.value), str(err.value)
        finally:
            subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], check=True)
        assert list(small_disk.iterdir()) == []
        with pytest.raises(WorkshopFileError, match=r"is too long for a file .* Choose a shorter name"):
            ow.store.save_copy(tmp_path / ("x" * 300 + ".planwall"))  # was a raw OSError
        assert ideas(ow) == ["kept"]
    finally:
        ow.close()


def test_a_data_folder_that_cannot_be_written_does_not_stop_anyone_opening_a_workshop(
    small_disk: Path, tmp_path: Path
) -> None:
    """Planwall's own folder (log, backups, settings) on a read-only or full home drive: the app
    stopped with a traceback before it showed anything, and `backups` and `restore` too."""
    workshop = tmp_path / "JBP.planwall"
    OpenWorkshop.create_from_template("two-day-jbp", workshop).close()
    data = small_disk / "Planwall"
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    try:
        env = {**os.environ, "PLANWALL_DATA_DIR": str(data), "QT_QPA_PLATFORM": "offscreen"}
        gui = subprocess.run(
            [sys.executable, "-m", "workshop_app", str(workshop)],
            capture_output=True,
            text=True,
            timeout=120,
            env={**env, "PLANWALL_QUIT_AFTER_SHOW": "1"},
        )
        assert gui.returncode == 0, gui.stderr
        assert "Traceback" not in gui.stderr
        assert gui.stderr.count(f"window shows {workshop}") == 1  # the log, once, on stderr instead
        for args in (("backups", str(workshop)), ("restore", str(workshop))):
            command = [sys.executable, "-m", "workshop_app", *args]
            result = subprocess.run(command, capture_output=True, text=True, timeout=120, env=env)
            assert "Traceback" not in result.stderr, (args, result.stderr)
            assert "no backups" in result.stdout + result.stderr or "no good backup" in result.stderr
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], check=True)
    reopen_and_check(workshop, [])


def test_the_folder_renamed_while_open_and_put_back(tmp_path: Path) -> None:
    stick = tmp_path / "STICK"
    stick.mkdir()
    path = stick / "JBP.planwall"
    ow = OpenWorkshop.create_from_template("two-day-jbp", path)
    add(ow, "before")
    stick.rename(tmp_path / "STICK-gone")  # the stick is pulled (its mount point empties)
    with pytest.raises(SaveFailedError) as err:
        add(ow, "typed while the stick was out")
    assert "is no longer in" in str(err.value) and "still in the window" in str(err.value)
    assert "Save a copy as" in str(err.value)
    (tmp_path / "STICK-gone").rename(stick)  # plugged back in
    add(ow, "typed while the stick was out")
    ow.close()
    reopen_and_check(path, ["before", "typed while the stick was out"])


def test_the_folder_deleted_while_open_the_open_workshop_can_still_be_saved_elsewhere(tmp_path: Path) -> None:
    stick = tmp_path / "STICK"
    stick.mkdir()
    path = stick / "JBP.planwall"
    ow = OpenWorkshop.create_from_template("two-day-jbp", path)
    add(ow, "one")
    add(ow, "two")
    shutil.rmtree(stick)
    with pytest.raises(SaveFailedError, match="is no longer in"):
        add(ow, "three")
    rescue = tmp_path / "rescued.planwall"
    ow.store.save_copy(rescue)  # File > Save a copy as...: from the open connection
    ow.close()
    reopen_and_check(rescue, ["one", "two"])


def test_a_file_replaced_while_open_is_not_written(tmp_path: Path) -> None:
    path = tmp_path / "JBP.planwall"
    ow = OpenWorkshop.create_from_template("two-day-jbp", path)
    add(ow, "mine")
    other = tmp_path / "other.planwall"
    OpenWorkshop.create_from_template("quarterly-rocks", other).close()
    os.replace(path, tmp_path / "mine-moved.planwall")
    os.replace(other, path)
    with pytest.raises(SaveFailedError, match="was replaced by another file"):
        add(ow, "would land in the wrong file")
    ow.close()


# --- injected failures ----------------------------------------------------------------


def _fail_commit(store: WorkshopStore, monkeypatch: pytest.MonkeyPatch, exc: BaseException) -> None:
    def failing_commit(dbapi_connection: Any) -> None:
        raise exc

    monkeypatch.setattr(store.engine.dialect, "do_commit", failing_commit)


@pytest.mark.parametrize(
    ("error", "says"),
    [
        (sqlite3.OperationalError("database or disk is full"), "is full"),
        (sqlite3.OperationalError("attempt to write a readonly database"), "read-only"),
        (sqlite3.OperationalError("disk I/O error"), "USB stick"),
        (OSError(errno.EIO, "Input/output error"), "USB stick"),
        (OSError(errno.ENOSPC, "No space left on device"), "is full"),
        (OSError(errno.EROFS, "Read-only file system"), "read-only"),
    ],
)
def test_injected_write_errors_say_what_to_do_and_lose_nothing(
    ow: OpenWorkshop, monkeypatch: pytest.MonkeyPatch, error: BaseException, says: str
) -> None:
    """Injected: the commit fails the way a full disk, a write-protected or a pulled stick makes it fail."""
    add(ow, "saved")
    undo_before = ow.undo_text
    with monkeypatch.context() as m:
        _fail_commit(ow.store, m, error)
        with pytest.raises(SaveFailedError) as err:
            add(ow, "not saved")
    assert says in str(err.value) and "was not saved" in str(err.value)
    assert ideas(ow) == ["saved"]  # rolled back, not half-done
    assert ow.undo_text == undo_before  # the failed change is not in the undo history
    add(ow, "after the problem went away")
    ow.undo()
    ow.redo()
    path = ow.path
    ow.close()
    reopen_and_check(path, ["saved", "after the problem went away"])


def test_an_error_in_the_middle_of_a_change_leaves_nothing_half_done(
    ow: OpenWorkshop, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Injected: the delete of a person (cascading to votes, interest...) fails in SQLite."""
    setup_person = ow.setup.add_participant("Ana Silva", "supplier")
    topic = ow.board.topics()[0]
    ow.board.add_idea(topic.id, "by Ana", author_id=setup_person.id)
    dialect = ow.store.engine.dialect
    real = dialect.do_execute
    calls = {"n": 0}

    def flaky(cursor: Any, statement: str, parameters: Any, context: Any = None) -> None:
        if statement.lstrip().upper().startswith(("UPDATE", "DELETE")):
            calls["n"] += 1
            if calls["n"] == 1:
                raise sqlite3.OperationalError("database or disk is full")
        real(cursor, statement, parameters, context)

    monkeypatch.setattr(dialect, "do_execute", flaky)
    with pytest.raises(SaveFailedError):
        ow.setup.delete_participant(setup_person.id)
    monkeypatch.undo()
    assert [p.name for p in ow.setup.participants()] == ["Ana Silva"]
    assert ow.board.ideas(topic.id)[0].author_id == setup_person.id


def test_a_failure_after_the_rows_are_written_rolls_them_back(
    ow: OpenWorkshop, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Injected: the person's rows are already deleted in the transaction when the store's own
    bookkeeping (the 'last saved' stamp) hits a full disk: nothing of the change may remain."""
    from workshop_app.store.database import WorkshopStore

    person = ow.setup.add_participant("Ana Silva", "supplier")
    topic = ow.board.topics()[0]
    ow.board.add_idea(topic.id, "by Ana", author_id=person.id)

    def full(self: WorkshopStore, s: Any) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(WorkshopStore, "_stamp_saved", full)
    with pytest.raises(SaveFailedError, match="full"):
        ow.setup.delete_participant(person.id)
    monkeypatch.undo()
    assert [p.name for p in ow.setup.participants()] == ["Ana Silva"]
    assert ow.board.ideas(topic.id)[0].author_id == person.id
    ow.setup.add_participant("Bo", "customer")  # and the store still works
    assert len(ow.setup.participants()) == 2


def test_undo_that_cannot_be_saved_can_be_tried_again(
    ow: OpenWorkshop, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Injected: the disk fills up exactly when the facilitator presses Undo."""
    add(ow, "one")
    with monkeypatch.context() as m:
        _fail_commit(ow.store, m, sqlite3.OperationalError("database or disk is full"))
        with pytest.raises(SaveFailedError, match="is full"):
            ow.undo()
    assert ideas(ow) == ["one"] and ow.undo_text is not None
    ow.undo()
    assert ideas(ow) == []


def test_ui_state_that_cannot_be_saved_says_so(ow: OpenWorkshop, monkeypatch: pytest.MonkeyPatch) -> None:
    with monkeypatch.context() as m:
        _fail_commit(ow.store, m, sqlite3.OperationalError("database or disk is full"))
        with pytest.raises(SaveFailedError, match="is full"):
            ow.remember("stage", "rocks")
    ow.remember("stage", "rocks")
    assert ow.recall("stage") == "rocks"
