"""Really damaged workshop files: detected, moved aside untouched, newest backup offered.

SQLite keeps no page checksums, so a flipped letter inside a note's text cannot be
detected by anything; these tests damage the file's structure, as a failing stick,
a cut-short copy or a stray -wal does.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from reliability_helpers import ROOT, SAMPLE, python

from workshop_app.errors import CorruptWorkshopError
from workshop_app.services.workshop_service import OpenWorkshop
from workshop_app.store import recovery
from workshop_app.store.backup import BackupEntry, list_backups
from workshop_app.store.database import WorkshopStore
from workshop_app.store.recovery import DamagedWorkshopError


def layout(path: Path) -> tuple[int, dict[str, int]]:
    con = sqlite3.connect(path)
    try:
        page_size = con.execute("PRAGMA page_size").fetchone()[0]
        roots = dict(con.execute("SELECT name, rootpage FROM sqlite_master WHERE type='table'").fetchall())
    finally:
        con.close()
    return page_size, roots


def damage(path: Path, mutate: Callable[[bytearray], None]) -> bytes:
    data = bytearray(path.read_bytes())
    mutate(data)
    path.write_bytes(bytes(data))
    return bytes(data)


def assert_moved_aside_with_backup_offered(
    path: Path, damaged_bytes: bytes, backup: BackupEntry, reason: str, **open_kwargs: bool
) -> DamagedWorkshopError:
    with pytest.raises(DamagedWorkshopError) as err:
        WorkshopStore.open(path, **open_kwargs)
    e = err.value
    assert isinstance(e, CorruptWorkshopError)  # callers catching the general error still do
    assert reason in e.reason
    assert "\n" not in str(e)  # the CLI prints it as one line
    assert not path.exists()  # the place is free for the restore...
    assert e.moved_to and e.moved_to[0].name.startswith(f"{path.name}.damaged-")
    assert e.moved_to[0].read_bytes() == damaged_bytes  # ...and the damaged file is kept, untouched
    assert e.backup is not None and e.backup.path == backup.path
    assert e.backup.counts is not None and e.backup.counts["ideas"] == 75
    message = str(e)
    assert e.moved_to[0].name in message
    assert backup.when_text() in message and "75 ideas" in message
    # no other count; the moved file's name carries the time of day, which may contain 225
    assert "225" not in message.replace(e.moved_to[0].name, "")
    assert "File > Restore from backup" in message
    return e


def test_a_cut_short_file(populated: Path, populated_backup: BackupEntry) -> None:
    size = populated.stat().st_size
    damaged = damage(populated, lambda b: b.__delitem__(slice(size // 2, None)))
    assert_moved_aside_with_backup_offered(populated, damaged, populated_backup, "cut short")


def test_a_file_cut_to_a_few_bytes_is_still_recognised_as_damaged(
    populated: Path, populated_backup: BackupEntry
) -> None:
    damaged = damage(populated, lambda b: b.__delitem__(slice(60, None)))
    assert_moved_aside_with_backup_offered(populated, damaged, populated_backup, "cut short")


def test_flipped_bytes_in_the_header_magic(populated: Path, populated_backup: BackupEntry) -> None:
    def flip(b: bytearray) -> None:
        b[0:6] = b"XQLite"

    damaged = damage(populated, flip)
    assert_moved_aside_with_backup_offered(populated, damaged, populated_backup, "header")


def test_flipped_bytes_in_the_header_page_size(populated: Path, populated_backup: BackupEntry) -> None:
    def flip(b: bytearray) -> None:
        b[16:18] = b"\x03\x00"

    damaged = damage(populated, flip)
    assert_moved_aside_with_backup_offered(populated, damaged, populated_backup, "header")


@pytest.mark.parametrize(
    ("table", "offset", "value"),
    [
        ("idea", 0, b"\x07"),  # page type
        ("idea", 3, b"\xff\xff"),  # number of cells
        ("vote", 8, b"\xff\xf0"),  # first cell pointer
        ("interest", 0, b"\x00" * 4096),  # a whole page zeroed
    ],
)
def test_flipped_bytes_in_a_page(
    populated: Path, populated_backup: BackupEntry, table: str, offset: int, value: bytes
) -> None:
    page_size, roots = layout(populated)
    start = (roots[table] - 1) * page_size + offset

    def flip(b: bytearray) -> None:
        b[start : start + len(value)] = value

    damaged = damage(populated, flip)
    assert_moved_aside_with_backup_offered(populated, damaged, populated_backup, "SQLite")


def _crash_with_changes_in_the_wal(path: Path) -> None:
    """A real process opens the workshop, adds ideas and is SIGKILLed before closing."""
    code = (
        "import os, signal, sys\n"
        "from workshop_app.services.workshop_service import OpenWorkshop\n"
        "ow = OpenWorkshop.open(sys.argv[1])\n"
        "t = ow.board.topics()[0]\n"
        "for i in range(20): ow.board.add_idea(t.id, f'late idea {i}')\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    proc = python(code, str(path))
    proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    assert Path(f"{path}-wal").stat().st_size > 0


def test_a_missing_wal_after_a_crash(populated: Path, populated_backup: BackupEntry) -> None:
    _crash_with_changes_in_the_wal(populated)
    Path(f"{populated}-wal").unlink()  # e.g. only the .planwall file was copied to another laptop
    Path(f"{populated}-shm").unlink()
    e = assert_moved_aside_with_backup_offered(populated, populated.read_bytes(), populated_backup, "missing")
    assert "-wal" in str(e)


@pytest.mark.parametrize("frame", [1, 10, 40])
def test_a_damaged_wal_after_a_crash_is_reported_not_silently_cut_short(
    populated: Path, populated_backup: BackupEntry, frame: int
) -> None:
    """One byte changed in the -wal of a crashed session: SQLite replays up to the bad frame and
    drops every change saved after it, with no error (a byte in frame 1: all 20 ideas gone, the
    file "healthy").  A writable open reads the frames first and treats the file as damaged:
    moved aside with its -wal, untouched, and the newest backup offered."""
    _crash_with_changes_in_the_wal(populated)
    wal = Path(f"{populated}-wal")
    page_size = int.from_bytes(wal.read_bytes()[8:12], "big")  # (from the -wal's own header)
    offset = 32 + (frame - 1) * (24 + page_size) + 24 + 100  # inside the frame's page
    wal_bytes = damage(wal, lambda data: data.__setitem__(offset, data[offset] ^ 0xFF))
    e = assert_moved_aside_with_backup_offered(
        populated, populated.read_bytes(), populated_backup, "is damaged", lock=True
    )
    assert re.search(
        r"-wal is damaged: of the \d+ changes saved in it, SQLite would keep the first \d+", e.reason
    )
    assert Path(f"{e.moved_to[0]}-wal").read_bytes() == wal_bytes


def test_a_crashed_wal_cut_in_its_last_frame_is_a_crash_not_damage(populated: Path) -> None:
    """A frame half written when the power went is the end of the -wal: its change was never
    saved, and the rest opens as it was (SQLite's own reading)."""
    _crash_with_changes_in_the_wal(populated)
    wal = Path(f"{populated}-wal")
    damage(wal, lambda data: data.__delitem__(slice(len(data) - 1000, None)))
    store = WorkshopStore.open(populated, lock=True)  # with the frames read: not damage
    store.close()


def test_a_copy_taken_without_its_wal_while_open_is_flagged(populated: Path, tmp_path: Path) -> None:
    ow = OpenWorkshop.open(populated)
    topic = ow.board.topics()[0]
    ow.board.add_idea(topic.id, "only in the wal so far")
    copy = tmp_path / "copied.planwall"
    shutil.copyfile(populated, copy)  # a file manager copying the .planwall alone
    ow.close()
    with pytest.raises(DamagedWorkshopError, match="is missing"):
        WorkshopStore.open(copy, read_only=True)
    assert copy.exists()  # read-only: nothing moved


def test_a_crash_with_its_own_wal_is_not_damage(populated: Path) -> None:
    _crash_with_changes_in_the_wal(populated)
    ow = OpenWorkshop.open(populated)
    assert sum(i.text.startswith("late idea") for i in ow.board.ideas(ow.board.topics()[0].id)) == 20
    ow.close()


@pytest.mark.parametrize(
    ("other_source", "reason"),
    [
        ("sample", "another workshop"),  # same layout: SQLite alone would silently mix the two
        ("two-day-jbp", "SQLite"),  # another layout: SQLite's own check sees the damage
    ],
)
def test_a_foreign_wal_from_another_workshop(
    populated: Path, populated_backup: BackupEntry, tmp_path: Path, other_source: str, reason: str
) -> None:
    other = tmp_path / "other" / "Q1 JBP.planwall"  # another workshop of the same name
    other.parent.mkdir()
    OpenWorkshop.create_from_template(SAMPLE if other_source == "sample" else other_source, other).close()
    _crash_with_changes_in_the_wal(other)
    shutil.copyfile(Path(f"{other}-wal"), Path(f"{populated}-wal"))
    wal_bytes = Path(f"{populated}-wal").read_bytes()
    e = assert_moved_aside_with_backup_offered(populated, populated.read_bytes(), populated_backup, reason)
    moved_wal = Path(f"{e.moved_to[0]}-wal")
    assert moved_wal.read_bytes() == wal_bytes  # moved with its database, untouched


def test_a_read_only_open_reports_the_damage_and_moves_nothing(
    populated: Path, populated_backup: BackupEntry
) -> None:
    size = populated.stat().st_size
    damaged = damage(populated, lambda b: b.__delitem__(slice(size // 2, None)))
    with pytest.raises(DamagedWorkshopError) as err:
        WorkshopStore.open(populated, read_only=True)
    assert err.value.moved_to == []
    assert "has not changed it" in str(err.value)
    assert populated.read_bytes() == damaged


def test_no_backup_means_saying_so(tmp_path: Path) -> None:
    path = tmp_path / "w.planwall"
    ow = OpenWorkshop.create_from_template("quarterly-rocks", path)
    ow.close()
    damage(path, lambda b: b.__delitem__(slice(len(b) // 2, None)))
    with pytest.raises(DamagedWorkshopError) as err:
        WorkshopStore.open(path)
    assert err.value.backup is None
    assert "There is no backup" in str(err.value)


def test_a_damaged_newest_backup_is_skipped_for_an_older_good_one(populated: Path) -> None:
    from datetime import timedelta

    from reliability_helpers import BACKUP_TIME

    from workshop_app.store.backup import make_backup

    newer = make_backup(populated, "auto", now=BACKUP_TIME + timedelta(minutes=5))
    with newer.path.open("r+b") as fh:
        fh.truncate(5000)
    damage(populated, lambda b: b.__delitem__(slice(len(b) // 2, None)))
    with pytest.raises(DamagedWorkshopError) as err:
        WorkshopStore.open(populated)
    assert err.value.backup is not None and err.value.backup.created == BACKUP_TIME


def test_restoring_the_offered_backup_gives_a_working_workshop(
    populated: Path, populated_backup: BackupEntry
) -> None:
    from workshop_app.store.restore import restore_backup

    damage(populated, lambda b: b.__delitem__(slice(len(b) // 2, None)))
    with pytest.raises(DamagedWorkshopError) as err:
        WorkshopStore.open(populated)
    assert err.value.backup is not None
    restore_backup(err.value.backup, populated)
    ow = OpenWorkshop.open(populated)
    assert ow.counts()["ideas"] == 75 and ow.counts()["dots"] == 288
    ow.close()
    assert err.value.moved_to[0].exists()


def test_the_cli_says_the_same_in_one_line(populated: Path, populated_backup: BackupEntry) -> None:
    damage(populated, lambda b: b.__delitem__(slice(len(b) // 2, None)))
    result = subprocess.run(
        [sys.executable, "-m", "workshop_app", "summary", str(populated)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "is damaged" in lines[0] and populated_backup.when_text() in lines[0] and "75 ideas" in lines[0]
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("seed", range(12))
def test_random_damage_is_either_harmless_or_reported_never_a_crash(populated: Path, seed: int) -> None:
    """Flip random bytes in random pages: opening either works on a file that passes
    SQLite's check, or reports damage; never another error."""
    rnd = random.Random(seed)
    page_size, _ = layout(populated)
    pages = populated.stat().st_size // page_size

    def flip(b: bytearray) -> None:
        for _ in range(rnd.randint(1, 4)):
            start = rnd.randrange(0, pages) * page_size + rnd.randrange(0, page_size - 16)
            for k in range(rnd.randint(1, 16)):
                b[start + k] ^= rnd.randrange(1, 256)

    damage(populated, flip)
    try:
        store = WorkshopStore.open(populated, read_only=True)
    except DamagedWorkshopError:
        return
    except CorruptWorkshopError:
        return
    try:
        con = sqlite3.connect(recovery.ro_uri(populated), uri=True)
        assert con.execute("PRAGMA quick_check").fetchall() == [("ok",)]
        con.close()
    finally:
        store.close()


def test_list_backups_survives_a_damaged_backup(populated: Path, populated_backup: BackupEntry) -> None:
    with populated_backup.path.open("r+b") as fh:
        fh.seek(0)
        fh.write(b"garbage garbage garbage!")
    entries = list_backups(populated)
    assert len(entries) == 1 and not entries[0].readable and entries[0].summary() == "cannot be read"
    assert os.path.exists(populated)


def test_a_very_large_wal_is_not_read_before_opening(
    populated: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Reading the frames costs ~28 ms a megabyte: a -wal over the limit (which only a reader
    holding SQLite's folding back for long could make) is left to SQLite, and the log says so."""
    _crash_with_changes_in_the_wal(populated)
    monkeypatch.setattr(recovery, "MAX_WAL_READ", 1000)
    wal = Path(f"{populated}-wal")
    offset = 32 + 24 + 100
    damage(wal, lambda data: data.__setitem__(offset, data[offset] ^ 0xFF))
    with caplog.at_level("WARNING", logger="workshop_app.store.recovery"):
        store = WorkshopStore.open(populated, lock=True)
    store.close()
    assert "its frames were not read before opening" in caplog.text
