"""What became of an open workshop's files: the file renamed in its folder, its -wal deleted.

A file manager or a clean-up tool can do either while Planwall has the workshop open. SQLite
keeps using the files it opened, by handle, so nothing is lost yet, but:

* a renamed file cannot be written (SQLite refuses a moved database), and on closing, the
  latest changes stay in ``OLD-wal`` beside it, where nothing would ever read them again;
* a deleted ``-wal`` still takes every change, but no one can find it after a crash.

The store asks here which of these happened, so it can say "rename it back", carry the
companions to the new name on closing, and fold a deleted ``-wal`` into the file at once;
and which file a symbolic link reaches (``through_link``).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

COMPANIONS = ("-wal", "-shm")

Identity = tuple[int, int]


def identity(path: Path) -> Identity | None:
    """(device, inode) of ``path``, None when it is not there."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def wal_path(path: Path) -> Path:
    return Path(f"{path}-wal")


def through_link(path: Path) -> Path:
    """The file a symbolic link points to, else ``path``.  SQLite names the -wal after the
    file it reaches, so a workshop opened through a link must be known by that file's name:
    by the link's name its -wal looked missing (the workshop "damaged", the link moved
    aside) and its lock was another file (a second window could open it for changes)."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def renamed_to(path: Path, was: Identity | None) -> Path | None:
    """The new name of the file that was at ``path``, when it was renamed within its folder."""
    if was is None:
        return None
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return None
    for entry in entries:
        if entry.name.endswith(COMPANIONS) or entry.name == path.name:
            continue
        with contextlib.suppress(OSError):
            st = entry.stat(follow_symlinks=False)
            if (st.st_dev, st.st_ino) == was:
                return Path(entry.path)
    return None


def carry_companions(old: Path, new: Path) -> list[Path]:
    """Rename ``old``'s -wal and -shm to go with ``new`` (the renamed file); returns the new
    names.  Left alone where ``new`` has companions of its own."""
    if any(Path(f"{new}{suffix}").exists() for suffix in COMPANIONS):
        return []
    carried = []
    for suffix in COMPANIONS:
        src, dst = Path(f"{old}{suffix}"), Path(f"{new}{suffix}")
        if src.exists():
            os.replace(src, dst)
            carried.append(dst)
    return carried
