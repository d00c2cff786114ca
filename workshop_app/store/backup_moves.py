"""A workshop renamed or moved takes its backups with it.

Backups are kept per absolute path (``backup.backup_folder``), each folder with a
``workshop-path.txt`` naming its workshop.  Renamed in a file manager ("JBP.planwall" to
"JBP 10 March.planwall") or moved to another folder, a workshop used to start with no
backups at all: File > Restore listed none, though the morning's were all there under the
old name.

The first time a workshop is used at a path with no backup folder, a folder whose workshop
is no longer at its own path (in a folder that is still there: not a USB stick that is out)
and whose backups are of the same workshop (the same ``workshop.created_at``, set once when
a workshop is made and kept by every copy) is moved to the new path's name.  A copy does not
take the backups: its original is still there, or its drive is not.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
from pathlib import Path

from workshop_app import paths
from workshop_app.store.backup import MARKER, _key, _parse_name, backup_folder, ro_uri

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())


def identity(db_path: Path) -> str | None:
    """When the workshop in ``db_path`` was made (its lasting identity), or None if unreadable."""
    try:
        con = sqlite3.connect(ro_uri(db_path), uri=True, timeout=2)
    except sqlite3.Error:
        return None
    try:
        row = con.execute("SELECT created_at FROM workshop ORDER BY id LIMIT 1").fetchone()
    except sqlite3.Error:
        return None
    finally:
        con.close()
    return str(row[0]) if row is not None and row[0] else None


def _newest_backup(folder: Path) -> Path | None:
    named = [(parsed[0], p) for p in folder.iterdir() if (parsed := _parse_name(p.name)) is not None]
    return max(named)[1] if named else None


def _orphans(exclude: Path) -> list[tuple[Path, Path]]:
    """(folder, the path its workshop had) for backup folders whose workshop is gone from there."""
    found = []
    try:
        folders = [f for f in paths.backup_dir().iterdir() if f.is_dir() and f != exclude]
    except OSError:
        return []
    for folder in folders:
        try:
            old = Path((folder / MARKER).read_text(encoding="utf-8").strip())
        except (OSError, UnicodeDecodeError):
            continue
        # Gone from a folder that is still there: renamed or moved. A folder that is not there
        # (a USB stick out, a network drive down) says nothing: a copy opened meanwhile must not
        # take the backups of the original on the stick.
        if old.is_absolute() and not os.path.lexists(old) and old.parent.is_dir():
            found.append((folder, old))
    return found


def follow_moved(workshop_path: Path) -> Path | None:
    """Move the backups of ``workshop_path``'s earlier name to its name, when it was renamed or
    moved; returns the folder they came from. Never raises: without them nothing is lost (the
    old folder stays where it was)."""
    target = backup_folder(workshop_path, create=False)
    try:
        if target.exists():
            return None
        orphans = _orphans(target)
        if not orphans:
            return None
        me = identity(workshop_path)
        if me is None:
            return None
        matches = []
        for folder, old in orphans:
            newest = _newest_backup(folder)
            if newest is not None and identity(newest) == me:
                matches.append((newest.stat().st_mtime, folder, old))
        if not matches:
            return None
        _, folder, old = max(matches)  # renamed more than once: the latest name's backups
        os.replace(folder, target)
        with contextlib.suppress(OSError):
            (target / MARKER).write_text(str(_key(workshop_path)) + "\n", encoding="utf-8")
    except OSError as exc:
        log.warning("could not take the backups of a moved workshop to %s: %s", workshop_path, exc)
        return None
    log.info("backups of %s (now %s) moved from %s to %s", old, workshop_path, folder, target)
    return folder
