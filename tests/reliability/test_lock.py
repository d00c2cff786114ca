"""One writer per workshop: a real second process holds the OS lock, dies, or lets go."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from reliability_helpers import ROOT, python

from workshop_app.errors import WorkshopLockedError
from workshop_app.services.workshop_service import OpenWorkshop
from workshop_app.store import lock
from workshop_app.store.database import WorkshopStore

HOLDER = """
import json, sys
from workshop_app.store.database import WorkshopStore
store = WorkshopStore.open(sys.argv[1], lock=True)
if len(sys.argv) > 2:  # pretend to be another computer
    fh = store.lock._fh
    fh.seek(0); fh.truncate(); fh.write(json.dumps({"pid": 1, "hostname": sys.argv[2]}).encode()); fh.flush()
print("OPEN", flush=True)
sys.stdin.readline()  # hold the workshop open until told to close
store.close()
print("CLOSED", flush=True)
"""


def holder_with_stdin(path: Path, started: list[subprocess.Popen[str]], *extra: str) -> subprocess.Popen[str]:
    """A real second Planwall process holding ``path`` open (with its lock) until told to close."""
    proc = python(HOLDER, str(path), *extra, stdin=True)
    started.append(proc)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert line.strip() == "OPEN", proc.stderr.read() if proc.stderr else line
    return proc


@pytest.fixture
def workshop(tmp_path: Path) -> Path:
    path = tmp_path / "Q2 Rocks.planwall"
    OpenWorkshop.create_from_template("quarterly-rocks", path).close()
    return path


def test_a_second_copy_is_refused_with_the_way_out_and_may_look_read_only(
    workshop: Path, child_processes: list[subprocess.Popen[str]]
) -> None:
    holder_with_stdin(workshop, child_processes)
    with pytest.raises(WorkshopLockedError) as err:
        WorkshopStore.open(workshop, lock=True)
    assert str(err.value) == (
        "Q2 Rocks.planwall is open in another window of Planwall on this computer. "
        "Open it read-only, or close the other window first."
    )
    viewer = OpenWorkshop.open(workshop, read_only=True)  # the offered way out
    assert viewer.counts()["topics"] >= 1
    viewer.close()
    info = json.loads(lock.lock_path(workshop).read_text())
    assert info["pid"] == child_processes[0].pid and info["hostname"] == socket.gethostname()


def test_a_lock_left_by_a_killed_copy_is_taken_over(
    workshop: Path, child_processes: list[subprocess.Popen[str]]
) -> None:
    proc = holder_with_stdin(workshop, child_processes)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    assert lock.lock_path(workshop).exists()  # the crashed copy left its lock file...
    store = WorkshopStore.open(workshop, lock=True)  # ...but the OS released its lock
    try:
        assert json.loads(lock.lock_path(workshop).read_text())["pid"] == os.getpid()
    finally:
        store.close()
    assert not lock.lock_path(workshop).exists()  # a clean close tidies up


def test_closing_the_other_window_frees_the_workshop(
    workshop: Path, child_processes: list[subprocess.Popen[str]]
) -> None:
    proc = holder_with_stdin(workshop, child_processes)
    assert lock.is_locked(workshop)
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write("\n")
    proc.stdin.flush()
    assert proc.stdout.readline().strip() == "CLOSED"
    proc.wait(timeout=10)
    assert not lock.is_locked(workshop)
    WorkshopStore.open(workshop, lock=True).close()


def test_the_message_names_the_other_computer(
    workshop: Path, child_processes: list[subprocess.Popen[str]]
) -> None:
    holder_with_stdin(workshop, child_processes, "meeting-room-pc")
    with pytest.raises(WorkshopLockedError, match="open in Planwall on the computer 'meeting-room-pc'"):
        WorkshopStore.open(workshop, lock=True)


def test_two_windows_of_the_same_process_are_two_copies(workshop: Path) -> None:
    first = WorkshopStore.open(workshop, lock=True)
    try:
        with pytest.raises(WorkshopLockedError):
            WorkshopStore.open(workshop, lock=True)
    finally:
        first.close()
    WorkshopStore.open(workshop, lock=True).close()


def test_our_lock_stops_another_process_that_asks_for_it(workshop: Path) -> None:
    store = WorkshopStore.open(workshop, lock=True)
    try:
        code = (
            "import sys\nfrom workshop_app.errors import WorkshopLockedError\n"
            "from workshop_app.store.database import WorkshopStore\n"
            "try:\n    WorkshopStore.open(sys.argv[1], lock=True)\nexcept WorkshopLockedError as e:\n"
            "    print('REFUSED', e)\nelse:\n    print('OPENED')\n"
        )
        proc = python(code, str(workshop))
        out, err = proc.communicate(timeout=60)
        assert out.startswith("REFUSED"), err
    finally:
        store.close()


def test_a_failed_open_does_not_keep_the_lock(workshop: Path) -> None:
    other = workshop.with_name("future.planwall")
    other.write_bytes(b"not sqlite at all")
    with pytest.raises(Exception, match="not a Planwall workshop"):
        WorkshopStore.open(other, lock=True)
    assert not lock.is_locked(other)
    assert not lock.lock_path(other).exists()


def test_read_only_opens_take_no_lock(workshop: Path) -> None:
    viewer = WorkshopStore.open(workshop, read_only=True, lock=True)
    try:
        assert viewer.lock is None
        WorkshopStore.open(workshop, lock=True).close()
    finally:
        viewer.close()


def test_a_lock_file_left_by_another_user_says_which_file_to_delete(tmp_path: Path) -> None:
    """A colleague's Planwall stopped on a shared folder and left its lock file, owned by them.
    The message said the (writable) folder was read-only."""
    if os.geteuid() != 0 or shutil.which("capsh") is None:
        pytest.skip("needs root and capsh to leave a file owned by another user and drop root's override")
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(0o777)
    path = folder / "JBP.planwall"
    OpenWorkshop.create_from_template("two-day-jbp", path).close()
    path.chmod(0o666)
    left = lock.lock_path(path)
    left.write_text("{}")
    os.chown(left, 1000, 1000)
    left.chmod(0o644)
    code = (
        "from workshop_app.store.database import WorkshopStore\n"
        "try:\n"
        f"    WorkshopStore.open({str(path)!r}, lock=True)\n"
        "except Exception as exc:\n"
        "    print(exc)\n"
    )
    result = subprocess.run(
        [
            "capsh",
            "--drop=cap_dac_override,cap_dac_read_search,cap_fowner",
            "--",
            "-c",
            shlex.join([sys.executable, "-c", code]),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert (
        f"cannot use the lock file {left.name} beside JBP.planwall: it belongs to another user"
        in result.stdout
    ), result.stdout + result.stderr
    assert f"delete {left.name}" in result.stdout and "read-only)" not in result.stdout
