"""Crash-resume with the real app: ``python -m workshop_app FILE`` is killed and started again.

The file is prepared through the services (an agenda item running, the Ideas stage
remembered), the app is started offscreen, SIGKILLed once its window shows the
workshop (a line in its log), started again on the same file (the dead copy's lock is
taken over, its -wal is its own: no damage), killed again, and the file is checked
through the services.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from workshop_app.paths import log_dir
from workshop_app.services.workshop_service import OpenWorkshop
from workshop_app.store import lock

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[2]
SHOWN = "window shows"


@pytest.fixture
def apps() -> Iterator[list[subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for proc in started:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)


def launch(path: Path, started: list[subprocess.Popen[bytes]]) -> subprocess.Popen[bytes]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "workshop_app", str(path)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    started.append(proc)
    return proc


def wait_for_window(proc: subprocess.Popen[bytes], shown_before: int, timeout: float = 15.0) -> str:
    """Wait until the app's log says its window shows the workshop; returns that line."""
    log = log_dir() / "planwall.log"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"the app exited with {proc.returncode}"
        if log.exists():
            lines = [line for line in log.read_text(encoding="utf-8").splitlines() if SHOWN in line]
            if len(lines) > shown_before:
                return lines[-1]
        time.sleep(0.05)
    raise AssertionError(f"the app did not show the workshop within {timeout} s")


def kill(proc: subprocess.Popen[bytes]) -> None:
    proc.send_signal(signal.SIGKILL)
    assert proc.wait(timeout=10) == -signal.SIGKILL


def test_the_killed_app_reopens_with_the_same_item_running_and_the_same_stage(
    tmp_path: Path, apps: list[subprocess.Popen[bytes]]
) -> None:
    path = tmp_path / "Crash JBP.planwall"
    ow = OpenWorkshop.create_from_template("two-day-jbp", path, title="Crash JBP")  # the system clock
    item = ow.agenda.all_items()[1]
    ow.agenda.start(item.id)
    ow.board.add_idea(ow.board.topics()[0].id, "written before the crash")
    ow.remember("stage", "ideas")
    started_at = ow.agenda.running_item().started_at  # type: ignore[union-attr]
    counts = ow.counts()
    ow.close()

    first = launch(path, apps)
    line = wait_for_window(first, 0)
    assert f"{path} at stage ideas" in line and "read-only" not in line
    time.sleep(0.6)  # a couple of timer ticks (every 250 ms) in the running window
    kill(first)
    assert lock.lock_path(path).exists()  # the dead copy left its lock file behind...

    second = launch(path, apps)  # ...which the next start takes over
    line = wait_for_window(second, 1)
    assert f"{path} at stage ideas" in line and "read-only" not in line
    kill(second)
    log_text = (log_dir() / "planwall.log").read_text(encoding="utf-8")
    assert "damaged" not in log_text and "unexpected error" not in log_text

    # Read-only: a writable connection would fold the -wal into the file and delete it when it
    # closes, which Planwall's open check then reports as a missing -wal.
    con = sqlite3.connect(path.absolute().as_uri() + "?mode=ro", uri=True)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        con.close()
    after = OpenWorkshop.open(path)
    try:
        running = after.agenda.running_item()
        assert running is not None and running.id == item.id and running.started_at == started_at
        status = after.agenda.status()
        assert status.item_id == item.id
        elapsed = (after.clock.now() - started_at).total_seconds()  # type: ignore[operator]
        assert status.remaining_seconds == pytest.approx(item.planned_minutes * 60 - elapsed, abs=5)
        assert after.recall("stage") == "ideas"
        assert after.counts() == counts
        assert [i.text for i in after.board.ideas(after.board.topics()[0].id)] == ["written before the crash"]
    finally:
        after.close()
