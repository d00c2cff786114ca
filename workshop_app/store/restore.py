"""Putting a backup back in place of a workshop, and moving a file aside (never deleting it).

``restore_backup`` copies the chosen backup first (so no backup made meanwhile can thin it
away), backs up what is there, moves it aside as ``NAME.planwall.before-restore-<time>``
and puts the copy in its place, all under the workshop's lock.  ``move_aside`` is also how
a damaged file is put out of the way (``recovery``).
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from workshop_app.store import leftovers
from workshop_app.store.backup import (
    BackupEntry,
    BackupFailedError,
    _backup_problem,
    _key,
    copy_database,
    entry_for,
    fsync_dir,
    keeping,
    make_backup,
    ro_uri,
    utc_now,
    verify,
)
from workshop_app.store.schema import SCHEMA_VERSION

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())


@dataclass(frozen=True)
class RestoreResult:
    restored: BackupEntry
    moved_aside: list[Path] = field(default_factory=list)  # the files that were at workshop_path
    safety_backup: BackupEntry | None = None  # a backup of what was there, when it was readable


def _aside_name(workshop_path: Path, label: str, now: datetime) -> Path:
    stamp = now.astimezone().strftime("%Y%m%d-%H%M%S")
    candidate = workshop_path.with_name(f"{workshop_path.name}.{label}-{stamp}")
    n = 1
    while any(Path(f"{candidate}{s}").exists() for s in ("", "-wal", "-shm")):
        candidate = workshop_path.with_name(f"{workshop_path.name}.{label}-{stamp}-{n}")
        n += 1
    return candidate


def move_aside(workshop_path: Path, label: str, now: datetime | None = None) -> list[Path]:
    """Rename the file and its -wal/-shm to ``<name>.<label>-<time>[-wal|-shm]``; never deletes."""
    now = now or utc_now()
    target = _aside_name(workshop_path, label, now)
    moved = []
    for suffix in ("", "-wal", "-shm"):
        src = Path(f"{workshop_path}{suffix}")
        if src.exists():
            dst = Path(f"{target}{suffix}")
            os.replace(src, dst)
            moved.append(dst)
    fsync_dir(workshop_path.parent)
    return moved


def restore_backup(
    backup: BackupEntry | Path, workshop_path: Path, *, now: datetime | None = None
) -> RestoreResult:
    """Put ``backup`` at ``workshop_path``; whatever was there is backed up and moved aside.

    The workshop must be closed (the GUI closes it, restores, then reopens it). Takes
    the workshop's lock for the duration, so another window cannot be writing it.
    """
    from workshop_app.store import lock as file_lock

    now = now or utc_now()
    workshop_path = _key(workshop_path)
    entry = backup if isinstance(backup, BackupEntry) else entry_for(Path(backup))
    problem = verify(entry.path)
    if problem is not None:
        raise BackupFailedError(
            f"The backup from {entry.when_text()} is damaged ({problem}), so it was not restored. "
            "Choose an older backup."
        )
    now_holds = entry_for(entry.path)  # as it is now (the entry may have been listed a while ago)
    if now_holds.made_by_newer:
        raise BackupFailedError(
            f"The backup from {entry.when_text()} was made by a newer Planwall (file schema version "
            f"{now_holds.schema_version}; this Planwall reads up to version {SCHEMA_VERSION}), so it was "
            "not restored: this Planwall could not open it. Install the newer Planwall to restore it, "
            "or choose an older backup."
        )
    if not workshop_path.parent.is_dir():
        raise BackupFailedError(
            f"The folder {workshop_path.parent} does not exist (was a USB stick removed?). Reconnect it, "
            "or restore the backup into another folder."
        )
    with file_lock.acquire(workshop_path, doing="the backup was not restored"), keeping(entry.path):
        leftovers.sweep(workshop_path)
        tmp = workshop_path.with_name(f".{workshop_path.name}.restoring-{os.getpid()}")
        try:
            source = sqlite3.connect(ro_uri(entry.path), uri=True, timeout=5)
            try:
                copy_database(source, tmp)  # first: nothing made below can thin the chosen backup away
            finally:
                source.close()
        except (OSError, sqlite3.Error, BackupFailedError) as exc:
            with contextlib.suppress(OSError):
                tmp.unlink()
            folder = workshop_path.parent
            why = str(exc) if isinstance(exc, BackupFailedError) else _backup_problem(exc, folder)
            raise BackupFailedError(
                f"Planwall could not restore the backup from {entry.when_text()} into "
                f"{workshop_path.parent} ({why}). Nothing was changed; free some space there "
                "and try again."
            ) from exc
        safety = None
        if workshop_path.exists():
            try:
                safety = make_backup(workshop_path, "before-restore", now=now)
            except BackupFailedError:
                log.warning("no safety backup of %s before restoring (damaged?)", workshop_path)
        try:
            moved = move_aside(workshop_path, "before-restore", now)
            os.replace(tmp, workshop_path)
            fsync_dir(workshop_path.parent)
        except OSError as exc:
            with contextlib.suppress(OSError):
                tmp.unlink()
            why = _backup_problem(exc, workshop_path.parent)
            raise BackupFailedError(
                f"Planwall could not restore the backup into {workshop_path.parent} ({why}). "
                "Nothing was deleted; free some space there and try again."
            ) from exc
    log.info("restored %s from %s; moved aside %s", workshop_path, entry.path, moved)
    return RestoreResult(entry, moved, safety)
