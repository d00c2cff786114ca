"""What a killed write leaves beside its target is cleared the next time.

Restoring a backup, saving a copy, writing JSON, importing and exporting write a hidden
``.<name>.<kind>-<pid>`` beside the target and rename it into place when it is whole. A
process killed in between (here a real SIGKILL) left that file behind for good: hidden, as
large as the workshop, and never used.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from reliability_helpers import python

from workshop_app.export.pack import export_pack
from workshop_app.services.clock import FakeClock
from workshop_app.services.workshop_service import OpenWorkshop
from workshop_app.store import leftovers
from workshop_app.store.interchange import dump_workshop, import_file, write_json_atomic

KILLED_RESTORE = """
import os, signal, sys
from pathlib import Path
from workshop_app.store import backup, restore
from workshop_app.store.backup import list_backups

path = Path(sys.argv[1])
real_copy = backup.copy_database

def copy_then_die(source, dest):
    real_copy(source, dest)
    os.kill(os.getpid(), signal.SIGKILL)  # the power cord, after the copy, before the rename

restore.copy_database = copy_then_die
restore.restore_backup(list_backups(path)[0], path)
"""

KILLED_COPY = """
import os, signal, sys
from pathlib import Path
from workshop_app.services.workshop_service import OpenWorkshop
from workshop_app.store import database

def die(*args):
    os.kill(os.getpid(), signal.SIGKILL)

ow = OpenWorkshop.open(Path(sys.argv[1]))
database.os.replace = die
ow.store.save_copy(Path(sys.argv[2]))
"""


def ideas(path: Path) -> list[str]:
    ow = OpenWorkshop.open(path)
    try:
        return [i.text for t in ow.board.topics() for i in ow.board.ideas(t.id)]
    finally:
        ow.close()


def age(*paths: Path, minutes: float = 15) -> None:
    """Make leftovers look untouched for ``minutes`` (only those quiet for ten minutes go)."""
    then = time.time() - minutes * 60
    for p in paths:
        os.utime(p, (then, then))


def hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".") and not p.name.endswith(".lock"))


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@pytest.fixture
def workshop(tmp_path: Path) -> Path:
    path = tmp_path / "JBP.planwall"
    ow = OpenWorkshop.create_from_template("two-day-jbp", path)
    ow.board.add_idea(ow.board.topics()[0].id, "kept")
    ow.close()
    return path


def test_a_restore_killed_before_its_rename_leaves_nothing_once_the_workshop_opens(workshop: Path) -> None:
    from workshop_app.store.backup import make_backup

    make_backup(workshop, "manual")
    child = python(KILLED_RESTORE, str(workshop))
    child.communicate(timeout=60)
    assert child.returncode == -9
    assert hidden(workshop.parent) == [f".JBP.planwall.restoring-{child.pid}"]  # a whole workshop, hidden
    ideas(workshop)
    assert len(hidden(workshop.parent)) == 1  # minutes old: maybe another computer's write, kept
    age(*[p for p in workshop.parent.iterdir() if ".restoring-" in p.name])
    assert ideas(workshop) == ["kept"]  # the workshop itself untouched, and opened for changes...
    assert hidden(workshop.parent) == []  # ...which cleared the leftover


def test_a_copy_killed_before_its_rename_is_cleared_by_the_next_copy(workshop: Path, tmp_path: Path) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    child = python(KILLED_COPY, str(workshop), str(stick / "JBP copy.planwall"))
    child.communicate(timeout=60)
    assert child.returncode == -9
    assert hidden(stick) == [f".JBP copy.planwall.copying-{child.pid}"]
    age(*stick.iterdir())
    ow = OpenWorkshop.open(workshop)
    try:
        ow.store.save_copy(stick / "JBP copy.planwall")
    finally:
        ow.close()
    assert hidden(stick) == []
    assert ideas(stick / "JBP copy.planwall") == ["kept"]


def test_json_import_and_export_clear_what_their_killed_runs_left(workshop: Path, tmp_path: Path) -> None:
    pid = dead_pid()
    out = tmp_path / "out"
    out.mkdir()
    left = [
        out / f".JBP.json.tmp-{pid}",
        out / f".Again.planwall.importing-{pid}",
        out / f".Again.planwall.importing-{pid}-wal",
        out / f".JBP.pdf.{pid}-0123abcd.part",
    ]
    for p in left:
        p.write_bytes(b"half written")
    age(*left)
    ow = OpenWorkshop.open(workshop)
    try:
        write_json_atomic(dump_workshop(ow.store), out / "JBP.json")
    finally:
        ow.close()
    assert hidden(out) == sorted(p.name for p in left[1:])
    import_file(out / "JBP.json", out / "Again.planwall")
    assert hidden(out) == [left[3].name]
    export_pack(workshop, pdf=out / "JBP.pdf", clock=FakeClock())
    assert hidden(out) == []


def test_only_leftovers_of_the_same_file_whose_process_is_gone_are_removed(tmp_path: Path) -> None:
    target = tmp_path / "JBP.planwall"
    target.write_bytes(b"")
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        gone = dead_pid()
        names = {
            f".JBP.planwall.restoring-{gone}": False,
            f".JBP.planwall.copying-{gone}-shm": False,
            f".JBP.planwall.restoring-{running.pid}": True,  # another Planwall restoring right now
            f".JBP.planwall.restoring-{os.getpid()}": True,  # this process, writing it now
            ".JBP.planwall.lock": True,
            f".Other.planwall.restoring-{gone}": True,
            f".JBP.planwall.restoring-{gone}.notes": True,
            f"JBP.planwall.restoring-{gone}": True,  # not hidden: not ours
        }
        for name in names:
            (tmp_path / name).write_bytes(b"x")
            age(tmp_path / name)
        fresh = tmp_path / f".JBP.planwall.importing-{gone}"
        fresh.write_bytes(b"x")  # its process is not running here, but it was written just now
        stale = tmp_path / f".JBP.planwall.copying-{running.pid}"
        stale.write_bytes(b"x")
        day_ago = time.time() - leftovers.OLD_AFTER_S - 60
        os.utime(stale, (day_ago, day_ago))  # the number is in use again, by something else
        removed = leftovers.sweep(target)
        assert sorted(p.name for p in removed) == sorted(
            [stale.name] + [name for name, stays in names.items() if not stays]
        )
        assert all((tmp_path / name).exists() == stays for name, stays in names.items())
        assert fresh.exists()
    finally:
        running.kill()
        running.wait()
