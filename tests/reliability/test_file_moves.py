"""The workshop's files changed under an open workshop: the file renamed, its -wal deleted.

A file manager (to add a date to the name) or a clean-up tool (a "-wal" looks like litter)
can do either while Planwall has the workshop open.  Both cost acknowledged changes before:
the renamed file's latest changes stayed in ``OLD-wal`` and the renamed file opened as
damaged with "no backup"; after a deleted -wal every later change went only into the deleted
file SQLite still held, and a crash (here a real SIGKILL) lost them all with no message
(all of them, when a backup had run meanwhile).
"""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import pytest
from reliability_helpers import python

from workshop_app.errors import SaveFailedError, WorkshopLockedError
from workshop_app.services.workshop_service import OpenWorkshop
from workshop_app.store.backup import BackupFailedError, make_backup
from workshop_app.store.database import WorkshopStore


def ideas(ow: OpenWorkshop) -> list[str]:
    return [i.text for i in ow.board.ideas(ow.board.topics()[0].id)]


def add(ow: OpenWorkshop, text: str) -> None:
    ow.board.add_idea(ow.board.topics()[0].id, text)


def test_a_workshop_renamed_while_open_keeps_its_latest_changes_and_says_rename_it_back(
    tmp_path: Path,
) -> None:
    path = tmp_path / "JBP.planwall"
    ow = OpenWorkshop.create_from_template("two-day-jbp", path)
    add(ow, "typed before the rename")  # committed: in JBP.planwall-wal, not yet in the file
    renamed = tmp_path / "JBP 10 March.planwall"
    os.rename(path, renamed)
    with pytest.raises(SaveFailedError) as err:
        add(ow, "typed after the rename")
    message = str(err.value)
    assert "was renamed to JBP 10 March.planwall while Planwall had it open" in message
    assert "Rename it back to JBP.planwall and try again" in message
    with pytest.raises(BackupFailedError, match=r"it is no longer in .* \(renamed, moved"):
        make_backup(path, "auto")  # said "free some space or check the backup folder"
    os.rename(renamed, path)  # the way out works...
    add(ow, "typed after renaming it back")
    os.rename(path, renamed)  # ...and renamed again, then closed
    ow.close()
    assert not Path(f"{path}-wal").exists()  # nothing stranded under the old name
    again = OpenWorkshop.open(renamed)  # not "damaged, no backup"
    try:
        assert ideas(again) == ["typed before the rename", "typed after renaming it back"]
    finally:
        again.close()


WORKER = """
import sys
from workshop_app.services.workshop_service import OpenWorkshop
from workshop_app.store.backup import BackupFailedError, make_backup
ow = OpenWorkshop.open(sys.argv[1], lock=True)
topic = ow.board.topics()[0].id
print("READY", flush=True)
for line in sys.stdin:
    if line.strip() == "BACKUP":  # as the GUI's timer does, from another connection
        try:
            make_backup(ow.path, "auto")
        except BackupFailedError:
            pass
    else:
        ow.board.add_idea(topic, line.strip())
    print("SAVED", flush=True)
"""


def test_a_wal_deleted_while_open_loses_nothing_when_the_laptop_then_dies(
    tmp_path: Path, child_processes: list[subprocess.Popen[str]]
) -> None:
    path = tmp_path / "JBP.planwall"
    OpenWorkshop.create_from_template("two-day-jbp", path).close()
    child = python(WORKER, str(path), stdin=True)
    child_processes.append(child)
    assert child.stdin is not None and child.stdout is not None
    assert child.stdout.readline().strip() == "READY"

    def save(text: str) -> None:
        assert child.stdin is not None and child.stdout is not None
        child.stdin.write(text + "\n")
        child.stdin.flush()
        assert child.stdout.readline().strip() == "SAVED"

    typed = [f"idea {n}" for n in range(25)]
    for text in typed[:5]:
        save(text)
    os.remove(f"{path}-wal")  # a clean-up tool
    save("BACKUP")  # a backup now made SQLite put an empty -wal there: 0 ideas after the crash
    for text in typed[5:]:
        save(text)
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=10)
    after = OpenWorkshop.open(path)
    try:
        assert ideas(after) == typed
    finally:
        after.close()


CRASH = """
import os, signal, sys
from workshop_app.services.workshop_service import OpenWorkshop
ow = OpenWorkshop.open(sys.argv[1], lock=True)
ow.board.add_idea(ow.board.topics()[0].id, "typed before the crash")
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_a_workshop_opened_through_a_symbolic_link_is_the_file_it_reaches(tmp_path: Path) -> None:
    """SQLite names the -wal after the file a link reaches. Through the link, an open workshop
    looked "damaged, its -wal missing" (and the link was moved aside) instead of open in another
    window, and a crashed one lost its latest changes the same way."""
    path = tmp_path / "JBP.planwall"
    OpenWorkshop.create_from_template("two-day-jbp", path).close()
    link = tmp_path / "Shortcut to JBP.planwall"
    link.symlink_to(path)
    first = WorkshopStore.open(path, lock=True)
    try:
        with pytest.raises(WorkshopLockedError, match=r"JBP\.planwall is open in another window"):
            WorkshopStore.open(link, lock=True)
    finally:
        first.close()
    assert link.is_symlink()  # not moved aside
    crashed = python(CRASH, str(path))
    crashed.communicate(timeout=60)
    assert Path(f"{path}-wal").exists()
    again = OpenWorkshop.open(link)
    try:
        assert again.path == path
        assert ideas(again) == ["typed before the crash"]
    finally:
        again.close()
