"""Verified rolling backups: where they go, what they hold, thinning, restoring, scheduling."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from workshop_app import paths
from workshop_app.errors import WorkshopLockedError
from workshop_app.services.clock import FakeClock
from workshop_app.services.workshop_service import OpenWorkshop
from workshop_app.store import backup, backup_schedule, lock
from workshop_app.store.backup import (
    BackupFailedError,
    backups_to_keep,
    list_backups,
    make_backup,
)
from workshop_app.store.backup_schedule import BackupPolicy, BackupScheduler
from workshop_app.store.restore import move_aside, restore_backup

T0 = datetime(2026, 3, 10, 8, 30, tzinfo=UTC)


def ideas_in(path: Path) -> list[str]:
    con = sqlite3.connect(backup.ro_uri(path), uri=True)
    try:
        return [r[0] for r in con.execute("SELECT text FROM idea ORDER BY id")]
    finally:
        con.close()


def add_ideas(ow: OpenWorkshop, *texts: str) -> None:
    topic = ow.board.topics()[0]
    for t in texts:
        ow.board.add_idea(topic.id, t)


# --- where and what -----------------------------------------------------------------


def test_backups_live_in_the_user_data_folder_not_next_to_the_workshop(ow: OpenWorkshop) -> None:
    entry = make_backup(ow.path, "manual")
    assert entry.path.is_relative_to(paths.backup_dir())
    assert not entry.path.is_relative_to(ow.path.parent)
    assert entry.path.parent.name.startswith("workshop-")
    assert (entry.path.parent / "workshop-path.txt").read_text().strip() == str(ow.path)
    # Two workshops with the same name in different folders never share a backup folder.
    other = ow.path.parent / "sub" / ow.path.name
    assert backup.backup_folder(other, create=False) != entry.path.parent


def test_a_backup_holds_what_is_still_only_in_the_wal(ow: OpenWorkshop) -> None:
    add_ideas(ow, "Shelf-ready packaging", "Joint promo calendar")
    assert Path(f"{ow.path}-wal").stat().st_size > 0  # not checkpointed yet
    entry = make_backup(ow.path)
    assert ideas_in(entry.path) == ["Shelf-ready packaging", "Joint promo calendar"]
    assert backup.verify(entry.path) is None
    assert not Path(f"{entry.path}-wal").exists()  # a self-contained file
    con = sqlite3.connect(entry.path)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert con.execute("SELECT count(*) FROM app_state WHERE key='planwall.open'").fetchone()[0] == 0
    con.close()


def test_list_backups_reads_time_counts_and_reason_from_each_file(ow: OpenWorkshop) -> None:
    make_backup(ow.path, "auto", now=T0)
    add_ideas(ow, "one", "two", "three")
    make_backup(ow.path, "agenda", now=T0 + timedelta(minutes=5))
    entries = list_backups(ow.path)
    assert [e.reason for e in entries] == ["agenda", "auto"]
    assert [e.created for e in entries] == [T0 + timedelta(minutes=5), T0]
    assert entries[0].counts is not None and entries[0].counts["ideas"] == 3
    assert entries[1].counts is not None and entries[1].counts["ideas"] == 0
    assert entries[0].counts["agenda_items"] == ow.counts()["agenda_items"]
    assert entries[0].title == "Test JBP"
    assert entries[0].last_change is not None
    assert "3 ideas" in entries[0].summary()
    assert "agenda item ended" in entries[0].describe()


def test_half_written_backups_are_never_listed_and_are_cleaned_up(ow: OpenWorkshop) -> None:
    first = make_backup(ow.path, now=T0)
    folder = first.path.parent
    dead = folder / ".tmp-999999-1.planwall"  # a backup whose process was killed
    dead.write_bytes(b"SQLite format 3\x00half")
    assert [e.path for e in list_backups(ow.path)] == [first.path]
    make_backup(ow.path, now=T0 + timedelta(minutes=1))
    assert not dead.exists()


def test_a_damaged_source_gives_no_backup_and_a_clear_message(tmp_path: Path) -> None:
    bad = tmp_path / "bad.planwall"
    bad.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    with pytest.raises(BackupFailedError, match=r"could not make a backup of bad\.planwall"):
        make_backup(bad)
    assert list_backups(bad) == []


def test_a_full_backup_disk_is_reported_and_the_workshop_is_untouched(
    ow: OpenWorkshop, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_ideas(ow, "kept")

    def full(_source: Any, dest: Path) -> None:
        raise BackupFailedError(backup._backup_problem(sqlite3.OperationalError("database or disk is full")))

    monkeypatch.setattr(backup, "copy_database", full)
    with pytest.raises(BackupFailedError) as err:
        make_backup(ow.path)
    assert "is full" in str(err.value) and "Your workshop file is not affected" in str(err.value)
    add_ideas(ow, "still works")
    assert [i.text for i in ow.board.ideas(ow.board.topics()[0].id)] == ["kept", "still works"]


def test_a_renamed_workshop_takes_its_backups_along(ow: OpenWorkshop) -> None:
    """Renamed in a file manager, a workshop started with no backups: File > Restore listed none,
    though the morning's were all there under the old name."""
    add_ideas(ow, "before the rename")
    made = [make_backup(ow.path, "auto", now=T0 + timedelta(minutes=m)) for m in (0, 4)]
    old_path = ow.path
    ow.close()
    renamed = old_path.with_name("JBP 10 March.planwall")
    os.rename(old_path, renamed)
    assert [e.path.name for e in list_backups(renamed)] == [m.path.name for m in reversed(made)]
    folder = backup.backup_folder(renamed, create=False)
    assert (folder / "workshop-path.txt").read_text().strip() == str(renamed)
    assert not made[0].path.parent.exists()  # moved, not copied
    moved = old_path.parent / "elsewhere" / "JBP.planwall"
    moved.parent.mkdir()
    os.rename(renamed, moved)  # then moved to another folder, and opened for changes
    again = OpenWorkshop.open(moved, lock=True)
    try:
        make_backup(moved, "close", now=T0 + timedelta(minutes=9))
        assert [e.reason for e in list_backups(moved)] == ["close", "auto", "auto"]
    finally:
        again.close()


def test_a_copy_or_another_workshop_does_not_take_its_backups(ow: OpenWorkshop, tmp_path: Path) -> None:
    make_backup(ow.path, "manual")
    copy = tmp_path / "copy.planwall"
    ow.close()
    copy.write_bytes(ow.path.read_bytes())  # the original is still there: its backups stay with it
    assert list_backups(copy) == [] and len(list_backups(ow.path)) == 1
    gone = tmp_path / "gone.planwall"
    other = OpenWorkshop.create_from_template("two-day-jbp", gone, clock=FakeClock(T0 + timedelta(days=1)))
    make_backup(gone, "manual")
    other.close()
    gone.unlink()  # a deleted workshop's backups are not another workshop's
    fresh = OpenWorkshop.create_from_template("two-day-jbp", tmp_path / "fresh.planwall")
    try:
        assert list_backups(fresh.path) == []
        assert len(list_backups(gone)) == 1
    finally:
        fresh.close()


# --- thinning ----------------------------------------------------------------------


def test_thinning_keeps_the_last_ten_then_hourly_for_two_days_then_daily() -> None:
    now = T0
    every_10_min_for_4_days = [now - timedelta(minutes=10 * i) for i in range(6 * 24 * 4)]
    keep = backups_to_keep(every_10_min_for_4_days, now)
    newest = sorted(every_10_min_for_4_days, reverse=True)
    assert set(newest[:10]) <= keep
    recent = [t for t in keep if now - t <= timedelta(hours=48)]
    hours = {t.strftime("%Y%m%d%H") for t in recent}
    assert len(recent) - 10 <= len(hours)  # at most one per hour beyond the last ten
    assert len(hours) >= 47
    old = [t for t in keep if now - t > timedelta(hours=48)]
    assert len(old) == len({t.date() for t in old}) == 2  # one per day
    assert len(keep) < 80


def test_thinning_deletes_only_backups_outside_the_policy(ow: OpenWorkshop) -> None:
    for i in range(14):
        make_backup(ow.path, now=T0 + timedelta(minutes=i), thin=False)
    removed = backup.thin_backups(ow.path, now=T0 + timedelta(minutes=14))
    left = list_backups(ow.path)
    # 10 newest kept; the 4 older ones share the 08:xx hour with kept ones -> gone.
    assert len(left) == 10 and len(removed) == 4
    assert min(e.created for e in left) == T0 + timedelta(minutes=4)


def test_thinning_keeps_the_newest_backups_made_by_hand_or_before_an_upgrade_or_restore(
    ow: OpenWorkshop,
) -> None:
    """A before-restore backup is what a restore replaced. Before, a busy hour's automatic
    backups thinned it away (it was neither among the newest 10 nor the newest of its hour)."""
    marked = [
        make_backup(ow.path, reason, now=T0 + timedelta(minutes=i), thin=False)
        for i, reason in enumerate(("before-restore", "before-upgrade", "manual"))
    ]
    for i in range(20):
        make_backup(ow.path, "auto", now=T0 + timedelta(minutes=3 + i), thin=False)
    backup.thin_backups(ow.path, now=T0 + timedelta(minutes=30))
    left = {e.path for e in list_backups(ow.path)}
    assert {m.path for m in marked} <= left
    assert len(left) == 13  # the 10 newest, and the 3 marked ones


def test_only_the_newest_five_of_each_marked_reason_are_kept_beyond_the_policy(ow: OpenWorkshop) -> None:
    restores = [
        make_backup(ow.path, "before-restore", now=T0 + timedelta(minutes=i), thin=False) for i in range(7)
    ]
    autos = [make_backup(ow.path, "auto", now=T0 + timedelta(minutes=7 + i), thin=False) for i in range(12)]
    removed = set(backup.thin_backups(ow.path, now=T0 + timedelta(minutes=20)))
    left = {e.path for e in list_backups(ow.path)}
    assert left == {e.path for e in restores[2:] + autos[2:]}  # the newest five marked, the newest ten
    assert removed == {e.path for e in restores[:2] + autos[:2]}


# --- restoring ---------------------------------------------------------------------


def test_restore_puts_the_backup_in_place_and_moves_the_current_file_aside(
    ow: OpenWorkshop, clock: FakeClock
) -> None:
    add_ideas(ow, "before")
    good = make_backup(ow.path, now=T0)
    add_ideas(ow, "after the backup")
    path = ow.path
    ow.close()

    result = restore_backup(good, path, now=T0 + timedelta(hours=1))
    assert ideas_in(path) == ["before"]
    assert result.restored.path == good.path
    assert result.moved_aside and all(
        p.name.startswith(f"{path.name}.before-restore-") for p in result.moved_aside
    )
    assert ideas_in(result.moved_aside[0]) == ["before", "after the backup"]  # never deleted
    assert result.safety_backup is not None and ideas_in(result.safety_backup.path) == [
        "before",
        "after the backup",
    ]
    reopened = OpenWorkshop.open(path, clock)
    assert [i.text for i in reopened.board.ideas(reopened.board.topics()[0].id)] == ["before"]
    reopened.close()


def test_restore_into_an_empty_place_after_the_damaged_file_was_moved(ow: OpenWorkshop) -> None:
    add_ideas(ow, "x")
    good = make_backup(ow.path)
    path = ow.path
    ow.close()
    move_aside(path, "damaged")
    result = restore_backup(good, path)
    assert result.moved_aside == [] and result.safety_backup is None
    assert ideas_in(path) == ["x"]


def test_a_damaged_backup_is_not_restored(ow: OpenWorkshop) -> None:
    entry = make_backup(ow.path)
    path = ow.path
    ow.close()
    with entry.path.open("r+b") as fh:
        fh.truncate(3000)
    before = path.read_bytes()
    with pytest.raises(BackupFailedError, match="is damaged"):
        restore_backup(entry.path, path)
    assert path.read_bytes() == before


def test_restore_refuses_while_another_window_has_the_workshop(ow: OpenWorkshop) -> None:
    entry = make_backup(ow.path)
    held = lock.acquire(ow.path)
    try:
        with pytest.raises(WorkshopLockedError) as err:
            restore_backup(entry, ow.path)
        message = str(err.value)  # (no "Open it read-only": that restores nothing)
        assert message == (
            "workshop.planwall is open in another window of Planwall on this computer, so the backup was "
            "not restored. Nothing was changed; close the other window first."
        )
    finally:
        held.release()


# --- when -----------------------------------------------------------------------------


def test_policy_backs_up_every_few_minutes_only_while_the_workshop_changes() -> None:
    policy = BackupPolicy(interval=timedelta(minutes=5))
    assert policy.due(T0, None, 1)
    assert not policy.due(T0, None, 0)
    assert not policy.due(T0 + timedelta(minutes=4), T0, 10)
    assert policy.due(T0 + timedelta(minutes=5), T0, 1)
    assert not policy.due(T0 + timedelta(hours=3), T0, 0)


def test_scheduler_ticks_milestones_and_the_last_backup_on_close(
    workshop_path: Path, clock: FakeClock
) -> None:
    ow = OpenWorkshop.create_from_template("two-day-jbp", workshop_path, clock)
    sched = BackupScheduler.attach(ow.store, BackupPolicy(timedelta(minutes=5)), now=clock.now)
    assert sched.tick() is None  # nothing changed yet
    add_ideas(ow, "a")
    first = sched.tick()
    assert first is not None and first.reason == "auto"
    add_ideas(ow, "b")
    clock.advance(minutes=2)
    assert sched.tick() is None  # too soon
    assert sched.milestone() is not None  # an agenda item ended: back up now
    assert sched.milestone() is None  # nothing new since
    add_ideas(ow, "c")
    ow.close()  # the store asks the attached scheduler for a last backup
    reasons = [e.reason for e in list_backups(workshop_path)]
    assert reasons == ["close", "agenda", "auto"]
    assert ideas_in(list_backups(workshop_path)[0].path) == ["a", "b", "c"]


def test_scheduler_reports_a_failed_backup_and_keeps_counting(
    ow: OpenWorkshop, monkeypatch: pytest.MonkeyPatch
) -> None:
    sched = BackupScheduler(ow.store)
    add_ideas(ow, "a")

    def broken(*_a: Any, **_k: Any) -> Any:
        raise BackupFailedError("Planwall could not make a backup of x: disk full.")

    monkeypatch.setattr(backup_schedule, "make_backup", broken)
    with pytest.raises(BackupFailedError):
        sched.tick()
    assert sched.last_error is not None and sched.changes_since == 1 and sched.due()


def test_backups_run_safely_from_another_thread_while_changes_go_on(ow: OpenWorkshop) -> None:
    import threading

    errors: list[BaseException] = []
    made: list[Path] = []

    def worker() -> None:
        try:
            for _ in range(5):
                made.append(make_backup(ow.path, thin=False).path)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    t = threading.Thread(target=worker)
    t.start()
    add_ideas(ow, *[f"idea {i}" for i in range(40)])
    t.join()
    assert errors == []
    for p in made:
        assert backup.verify(p) is None
    assert os.path.exists(ow.path)


def _a_full_hour_of_backups(ow: OpenWorkshop, now: datetime) -> list[backup.BackupEntry]:
    """Eleven backups, a minute apart, in the hour before ``now``'s (newest first), each with
    one more idea: what the timer makes while a workshop changes."""
    hour = (now - timedelta(hours=1)).replace(minute=0, second=0, microsecond=0)
    for n in range(11):
        add_ideas(ow, f"idea {n}")
        make_backup(ow.path, "auto", now=hour + timedelta(minutes=n), thin=False)
    entries = list_backups(ow.path)
    assert len(entries) == 11
    return entries


def test_restoring_a_backup_never_thins_it_away_first(ow: OpenWorkshop) -> None:
    """The tenth newest backup, restored: the safety backup made first became the newest, its
    thinning dropped the chosen one (an older one of an hour that has a newer), and the restore
    then failed with "unable to open database file ... Nothing was deleted"."""
    now = datetime.now(UTC)
    chosen = _a_full_hour_of_backups(ow, now)[9]
    assert chosen.counts["ideas"] == 2
    path = ow.path
    ow.close()
    result = restore_backup(chosen, path, now=now)
    assert ideas_in(path) == ["idea 0", "idea 1"]
    assert result.safety_backup is not None
    assert chosen.path.exists()  # still there to restore again
    assert backup.thin_backups(path, now) == [chosen.path]  # (it would have gone, and goes later)


def test_a_backup_being_restored_is_kept_by_any_thinning_meanwhile(ow: OpenWorkshop) -> None:
    now = datetime.now(UTC)
    chosen = _a_full_hour_of_backups(ow, now)[9]
    with backup.keeping(chosen.path):
        make_backup(ow.path, "close", now=now)  # the GUI closes the workshop before restoring
        assert chosen.path.exists()
    assert backup.thin_backups(ow.path, now) == [chosen.path]


def test_a_backup_from_a_newer_planwall_is_not_restored_or_offered(ow: OpenWorkshop) -> None:
    """After going back to an older Planwall: restoring it would replace a working file with
    one this Planwall refuses to open."""
    add_ideas(ow, "old enough")
    older = make_backup(ow.path, now=T0)
    add_ideas(ow, "newer")
    newer = make_backup(ow.path, now=T0 + timedelta(minutes=5))
    con = sqlite3.connect(newer.path)
    con.execute("PRAGMA user_version = 99")
    con.commit()
    con.close()
    path = ow.path
    ow.close()
    before = path.read_bytes()
    with pytest.raises(BackupFailedError, match=r"made by a newer Planwall .* Install the newer Planwall"):
        restore_backup(newer, path)
    assert path.read_bytes() == before
    assert newer.path.exists()
    offered = backup.newest_verified_backup(path)
    assert offered is not None and offered.path == older.path


def test_a_copy_opened_while_the_originals_drive_is_out_takes_none_of_its_backups(tmp_path: Path) -> None:
    """A desktop copy opened while the USB stick was out took all the stick workshop's backups:
    its old path was missing, which looked like a rename."""
    stick = tmp_path / "stick"
    stick.mkdir()
    original = stick / "JBP.planwall"
    ow = OpenWorkshop.create_from_template("two-day-jbp", original)
    ow.close()
    make_backup(original, "manual", now=T0)
    make_backup(original, "auto", now=T0 + timedelta(minutes=5))
    copy = tmp_path / "desk" / "JBP.planwall"
    copy.parent.mkdir()
    copy.write_bytes(original.read_bytes())
    os.rename(stick, tmp_path / "stick-out")  # the stick is unplugged
    again = OpenWorkshop.open(copy, lock=True)
    again.close()
    assert list_backups(copy) == []
    os.rename(tmp_path / "stick-out", stick)  # and back
    assert len(list_backups(original)) == 2
