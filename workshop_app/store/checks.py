"""Checks before a workshop file is opened, and what to say when a write fails.

``check_file`` is everything ``WorkshopStore.open`` verifies before it connects: the
file exists and is SQLite (or a damaged Planwall file), it is not foreign or from a
newer Planwall, and ``recovery.check_file`` finds no damage (or it is moved aside and
``DamagedWorkshopError`` offers the newest backup).  ``describe_sqlite_error`` turns
an SQLite or OS error of a write into a message that says what to do, and
``check_can_create`` tries the folder a new file is to be made in before anything is written.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import tempfile
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from workshop_app.errors import (
    CorruptWorkshopError,
    NewerSchemaError,
    NotAWorkshopFileError,
    WorkshopFileError,
)
from workshop_app.store.schema import APPLICATION_ID, SCHEMA_VERSION, SQLITE_MAGIC


def describe_sqlite_error(exc: BaseException, path: Path) -> str:
    """Turn an SQLite/OS error during a write into a message that says what to do."""
    msg = str(exc).lower()
    code = getattr(exc, "errno", None)
    if code in (errno.EROFS, errno.EACCES, errno.EPERM):
        msg = "read-only"
    elif code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        msg = "no space"
    elif code in (errno.EIO, errno.ENXIO, errno.ENODEV, errno.ENOENT, errno.ESTALE):
        msg = "disk i/o"
    if "readonly" in msg or "read-only" in msg or "permission" in msg:
        return (
            f"Planwall cannot write to {path}: the file or its folder is read-only. "
            "Your last change was not saved. Use File > Save a copy as... to save the workshop "
            "to a folder you can write to."
        )
    if "disk is full" in msg or "no space" in msg or "full" in msg:
        return (
            f"The disk holding {path} is full. Your last change was not saved. "
            "Free some space, then try again (the text you typed is still in the window)."
        )
    if "disk i/o" in msg or "i/o error" in msg or "unable to open" in msg or "no such file" in msg:
        return (
            f"Planwall lost access to {path} (was a USB stick removed?). Your last change was not "
            "saved. Reconnect the drive and try again, or use File > Save a copy as... to save "
            "elsewhere."
        )
    if "locked" in msg or "busy" in msg:
        return (
            f"{path} is busy in another program. Your last change was not saved. "
            "Close the other program and try again."
        )
    return f"Your last change could not be saved to {path} ({exc}). Try again, or save a copy elsewhere."


def check_can_create(path: Path) -> None:
    """Refuse to start making ``path`` when its folder is missing or cannot take a new file.

    A small file is made in the folder and removed again: SQLite and the temporary files of
    an import say only "unable to open" or name the temporary file, where this names the
    folder and the reason (read-only drive, no permission, disk full).
    """
    folder = path.parent
    if not folder.is_dir():
        raise WorkshopFileError(f"The folder {folder} does not exist. Create it or choose another folder.")
    try:
        handle, probe = tempfile.mkstemp(dir=folder, prefix=".planwall-write-test-")
    except OSError as exc:
        raise WorkshopFileError(_cannot_create(path, exc)) from exc
    os.close(handle)
    with contextlib.suppress(OSError):
        os.unlink(probe)


def _cannot_create(path: Path, exc: OSError) -> str:
    folder = path.parent
    if exc.errno == errno.EROFS:
        why = f"the folder {folder} is on a read-only drive"
    elif exc.errno in (errno.EACCES, errno.EPERM):
        why = f"you do not have permission to create files in {folder}"
    elif exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        why = f"the disk holding {folder} is full"
    else:
        why = f"{folder} cannot take a new file ({exc.strerror or exc})"
    return (
        f"Planwall cannot create {path.name}: {why}. Nothing was written. Choose a folder you can write to."
    )


def remove_quietly(path: Path, *suffixes: str) -> None:
    """Remove ``path`` (and ``path`` + each suffix) where it exists; never raises.

    Also on a drive that turned read-only, where even removing a missing file fails.
    """
    for p in (path, *(Path(f"{path}{suffix}") for suffix in suffixes)):
        with contextlib.suppress(OSError):
            p.unlink()


def check_header(path: Path) -> bytes:
    """Refuse files that are missing or not SQLite at all, with a message naming the file.

    Returns the first 100 bytes.  A file whose SQLite magic is damaged but whose header
    still carries Planwall's application id is a damaged workshop, not a foreign file:
    that case is left to ``recovery``.
    """
    from workshop_app.store.recovery import is_database_header

    if not path.exists():
        if not path.parent.is_dir():
            raise WorkshopFileError(
                f"The folder {path.parent} is not there (was a USB stick removed?). Reconnect the drive, "
                "or choose another file."
            )
        raise WorkshopFileError(
            f"There is no workshop file at {path}. Check the name, or create one (New workshop from "
            "a template in Planwall's start window, or 'workshop-app new FILE')."
        )
    if path.is_dir():
        raise WorkshopFileError(f"{path} is a folder, not a workshop file. Choose a .planwall file.")
    try:
        with path.open("rb") as fh:
            head = fh.read(100)
    except OSError as exc:
        raise WorkshopFileError(
            f"Planwall cannot read {path}: {exc.strerror}. Check its permissions."
        ) from exc
    if len(head) == 0:
        raise NotAWorkshopFileError(
            f"{path} is empty, so it is not a Planwall workshop. Choose another file."
        )
    if not is_database_header(head):
        raise NotAWorkshopFileError(
            f"{path} is not a Planwall workshop file (it is not an SQLite database). "
            "Choose a .planwall file, or import a .json workshop (File > Import JSON in Planwall, or "
            "'workshop-app import')."
        )
    return head


def _refuse_foreign_or_newer(path: Path, app_id: int, version: int) -> None:
    if app_id != APPLICATION_ID:
        raise NotAWorkshopFileError(
            f"{path} is an SQLite database but not a Planwall workshop. Choose a .planwall file."
        )
    if version > SCHEMA_VERSION:
        raise NewerSchemaError(
            f"{path} was saved by a newer Planwall (file schema version {version}; this Planwall "
            f"reads up to version {SCHEMA_VERSION}). Install the newer Planwall to open it; "
            "the file has not been changed."
        )


def read_versions(path: Path) -> tuple[int, int]:
    """(application_id, user_version) of an SQLite file, read without changing it."""
    from workshop_app.store.backup import ro_uri

    try:
        con = sqlite3.connect(ro_uri(path), uri=True)
        try:
            app_id = int(con.execute("PRAGMA application_id").fetchone()[0])
            version = int(con.execute("PRAGMA user_version").fetchone()[0])
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise CorruptWorkshopError(
            f"{path} is damaged ({exc}). Planwall has not changed it. "
            "Restore the newest backup (File > Restore from backup)."
        ) from exc
    return app_id, version


def check_schema(path: Path) -> int:
    """Return the file's schema version after refusing foreign or newer files."""
    app_id, version = read_versions(path)
    _refuse_foreign_or_newer(path, app_id, version)
    return version


def quick_check(engine: Engine, path: Path) -> None:
    """Raise CorruptWorkshopError unless SQLite's quick_check says ok."""
    try:
        with engine.connect() as conn:
            rows = [r[0] for r in conn.exec_driver_sql("PRAGMA quick_check").fetchall()]
            conn.rollback()
    except DBAPIError as exc:
        raise CorruptWorkshopError(
            f"{path} is damaged ({exc.orig}). Planwall has not changed it. "
            "Restore the newest backup (File > Restore from backup)."
        ) from exc
    if rows != ["ok"]:
        raise CorruptWorkshopError(
            f"{path} is damaged (SQLite reports: {'; '.join(rows[:3])}). Planwall has not changed it. "
            "Restore the newest backup (File > Restore from backup)."
        )


def check_file(path: Path, *, read_only: bool, quick: bool = True, wal_frames: bool = False) -> int:
    """Everything ``open`` checks before it connects; returns the schema version.

    Damage found here is turned into ``DamagedWorkshopError``: the files are moved
    aside (not for read-only opens, which change nothing) and the newest verified
    backup is offered.
    """
    from workshop_app.store import recovery

    head = check_header(path)
    try:
        app_id, version = recovery.check_file(path, quick=quick, wal_frames=wal_frames and not read_only)
    except recovery.Damage as damage:
        if (
            len(head) >= 72
            and head[: len(SQLITE_MAGIC)] == SQLITE_MAGIC
            and not recovery.looks_like_ours(head)
        ):
            # An SQLite file that was never ours: not our business to move it.
            raise NotAWorkshopFileError(
                f"{path} is an SQLite database but not a Planwall workshop. Choose a .planwall file."
            ) from None
        raise recovery.damaged(path, damage.reason, move=not read_only) from None
    _refuse_foreign_or_newer(path, app_id, version)
    return version


def _message(exc: BaseException) -> str:
    if isinstance(exc, DBAPIError) and exc.orig is not None:
        return str(exc.orig).lower()
    return str(exc).lower()


def _is_busy(exc: BaseException) -> bool:
    msg = _message(exc)
    return "locked" in msg or "busy" in msg


def _is_corruption(exc: BaseException) -> bool:
    msg = _message(exc)
    return "malformed" in msg or "not a database" in msg or "corrupt" in msg


def _is_environment_error(exc: BaseException) -> bool:
    """Known write errors caused by the environment (disk, permissions, locks)."""
    msg = _message(exc)
    return any(
        word in msg
        for word in ("readonly", "read-only", "disk", "full", "unable to open", "locked", "busy", "i/o")
    )
