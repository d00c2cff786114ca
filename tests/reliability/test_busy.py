"""A database locked by another program is waited for and retried, never called damaged."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from reliability_helpers import python

from workshop_app.errors import CorruptWorkshopError, SaveFailedError
from workshop_app.services.workshop_service import OpenWorkshop
from workshop_app.store import engine, recovery
from workshop_app.store.database import WorkshopStore
from workshop_app.store.recovery import WorkshopBusyError

# Another program writing the file: holds SQLite's write lock for argv[2] seconds.
WRITER = """
import sqlite3, sys, time
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("BEGIN IMMEDIATE")
con.execute("UPDATE app_state SET value = value || '' WHERE key = 'nothing'")
print("HOLDING", flush=True)
time.sleep(float(sys.argv[2]))
con.execute("COMMIT")
print("RELEASED", flush=True)
"""
# Another program with the file in exclusive locking mode: even readers are shut out.
EXCLUSIVE = """
import sqlite3, sys, time
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("PRAGMA locking_mode=EXCLUSIVE")
con.execute("BEGIN EXCLUSIVE")
con.execute("INSERT INTO app_state(key, value) VALUES ('other-program', 'x')")
con.execute("COMMIT")
con.execute("BEGIN EXCLUSIVE")
print("HOLDING", flush=True)
time.sleep(float(sys.argv[2]))
con.execute("COMMIT")
con.close()
print("RELEASED", flush=True)
"""


def hold(
    script: str, path: Path, seconds: float, started: list[subprocess.Popen[str]]
) -> subprocess.Popen[str]:
    proc = python(script, str(path), str(seconds))
    started.append(proc)
    assert proc.stdout is not None
    line = proc.stdout.readline().strip()
    assert line == "HOLDING", proc.stderr.read() if proc.stderr else line
    return proc


@pytest.fixture
def quick_timeouts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 300)
    monkeypatch.setattr(recovery, "BUSY_PAUSE_S", 0.1)


@pytest.fixture
def workshop(tmp_path: Path) -> Path:
    path = tmp_path / "JBP.planwall"
    OpenWorkshop.create_from_template("quarterly-rocks", path).close()
    return path


def test_a_change_waits_out_a_writer_that_holds_longer_than_the_busy_timeout(
    workshop: Path, quick_timeouts: None, child_processes: list[subprocess.Popen[str]]
) -> None:
    ow = OpenWorkshop.open(workshop)
    topic = ow.board.topics()[0]
    hold(WRITER, workshop, 0.6, child_processes)  # longer than the 0.3 s busy timeout
    ow.board.add_idea(topic.id, "typed while another program wrote")  # retried, then saved
    assert [i.text for i in ow.board.ideas(topic.id)] == ["typed while another program wrote"]
    ow.close()


def test_a_writer_that_never_lets_go_is_reported_as_busy_not_damage(
    workshop: Path, quick_timeouts: None, child_processes: list[subprocess.Popen[str]]
) -> None:
    ow = OpenWorkshop.open(workshop)
    topic = ow.board.topics()[0]
    proc = hold(WRITER, workshop, 30, child_processes)
    with pytest.raises(SaveFailedError) as err:
        ow.board.add_idea(topic.id, "waiting")
    assert not isinstance(err.value, CorruptWorkshopError)
    assert "busy in another program" in str(err.value) and "was not saved" in str(err.value)
    proc.kill()
    proc.wait(timeout=10)
    ow.board.add_idea(topic.id, "waiting")  # the same change, once the other program is gone
    assert [i.text for i in ow.board.ideas(topic.id)] == ["waiting"]
    ow.close()
    assert workshop.exists()


def test_opening_a_file_another_program_holds_exclusively_is_busy_not_damaged(
    workshop: Path, quick_timeouts: None, child_processes: list[subprocess.Popen[str]]
) -> None:
    proc = hold(EXCLUSIVE, workshop, 30, child_processes)
    with pytest.raises(WorkshopBusyError) as err:
        WorkshopStore.open(workshop)
    assert not isinstance(err.value, CorruptWorkshopError)
    assert "is busy" in str(err.value) and "Nothing is damaged" in str(err.value)
    assert workshop.exists() and not list(workshop.parent.glob("*.damaged-*"))  # nothing moved
    proc.kill()
    proc.wait(timeout=10)
    WorkshopStore.open(workshop).close()


def test_opening_retries_until_the_other_program_lets_go(
    workshop: Path, quick_timeouts: None, child_processes: list[subprocess.Popen[str]]
) -> None:
    proc = hold(EXCLUSIVE, workshop, 1.0, child_processes)
    store = WorkshopStore.open(workshop)  # retried while the other program held it
    store.close()
    proc.wait(timeout=10)
    assert proc.returncode == 0
