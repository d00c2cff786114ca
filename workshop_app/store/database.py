"""The open workshop file: create/open checks, transactions and undo (the engine: engine.py).

One open workshop is one ``WorkshopStore``: a single SQLite connection in WAL mode
with ``synchronous=FULL`` and foreign keys on.  Every change runs in
``store.change(label)`` which commits before returning and records the change's
undo entry.  Files are recognised by ``PRAGMA application_id`` and versioned by
``PRAGMA user_version``; a file from a newer Planwall is refused, an older one is
upgraded (``migrate.upgrade``, after a verified backup).

Opening checks the file first (``recovery.check_file``): a damaged file is moved
aside untouched and ``DamagedWorkshopError`` offers the newest verified backup; a
busy one is retried and then reported as busy.  ``open(..., lock=True)`` takes the
OS-level lock (``store/lock.py``) that keeps a second Planwall from writing the same
file.  Before every change the file is checked to still be where it was (a USB stick
pulled, a folder renamed, the file renamed: ``file_moves``) and a -wal deleted while open is
folded back into the file (``guard_wal``); a change that cannot be written raises
``SaveFailedError`` with what to do, and nothing already saved is touched.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session

from workshop_app.errors import (
    CorruptWorkshopError,
    NothingToUndoError,
    SaveFailedError,
    WorkshopFileError,
)
from workshop_app.store import file_moves, leftovers, undo_log
from workshop_app.store.checks import (  # noqa: F401 - re-exported: the store's public checks
    _is_busy,
    _is_corruption,
    _is_environment_error,
    check_can_create,
    check_file,
    check_header,
    check_schema,
    describe_sqlite_error,
    quick_check,
    read_versions,
    remove_quietly,
)
from workshop_app.store.engine import create_file, make_engine
from workshop_app.store.file_moves import Identity
from workshop_app.store.revisions import Revisions
from workshop_app.store.schema import (
    OPEN_MARKER,
    SCHEMA_VERSION,
)

if TYPE_CHECKING:
    from workshop_app.store.backup_schedule import BackupScheduler
    from workshop_app.store.lock import WorkshopLock

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())  # the app decides where logs go (not stderr by default)

# A write that finds the file locked by another connection for longer than the busy
# timeout is tried this many more times before the user is told the file is busy.
BUSY_RETRIES = 2
WAL_GUARD_TRIES = 20  # checkpoints tried (a backup reading the file holds one back for moments)
ChangeListener = Callable[[str], None]
_WRITE_ERRORS = (OSError, DBAPIError, sqlite3.Error)
WRITE_OPTIONS = {"planwall_immediate": True}


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _iso(value: datetime) -> str:
    """The text form UTCDateTime columns use."""
    return value.astimezone(UTC).isoformat(timespec="microseconds")


class WorkshopStore:
    """One open workshop file: the session every service uses, transactions and undo."""

    def __init__(self, path: Path, engine: Engine, *, read_only: bool = False) -> None:
        self.path = path
        self.engine = engine
        self.read_only = read_only
        self.session = Session(engine, expire_on_commit=False, autoflush=True)
        self.history = undo_log.UndoHistory()
        self._listeners: list[ChangeListener] = []
        self._in_change = False
        # A new revision whenever loaded objects may be out of date (a change, undo, redo or
        # rollback), with the tables it changed: see revisions.py.
        self.revisions = Revisions(self.session)
        # Where "last saved" (workshop.updated_at) comes from; OpenWorkshop sets its clock's now.
        self.now: Callable[[], datetime] = _utcnow
        self.lock: WorkshopLock | None = None
        self.backups: BackupScheduler | None = None  # set by BackupScheduler.attach
        self._identity: Identity | None = None
        self._wal_identity: Identity | None = None  # the -wal SQLite has open (see guard_wal)
        self._temp_dir: Path | None = None  # read-only view of an older file: its upgraded copy
        self._marker: dict[str, Any] | None = None  # this session's open marker (see recovery)
        self._closed = False

    # --- opening ----------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        read_only: bool = False,
        check: bool = True,
        lock: bool = False,
    ) -> WorkshopStore:
        """Open an existing workshop file, migrating an older schema after a backup.

        ``lock=True`` (the GUI and the CLI's writing commands) takes the file's OS lock
        and raises ``WorkshopLockedError`` when another Planwall has it open; the lock
        is released by ``close()``.  A read-only open changes nothing, not even an old
        schema: it shows an upgraded temporary copy.
        """
        from workshop_app.store import lock as file_lock

        p = file_moves.through_link(Path(path).expanduser().absolute())
        check_header(p)  # missing, a folder, not SQLite: said before anything else happens
        if not read_only and p.exists() and not (os.access(p.parent, os.W_OK) and os.access(p, os.W_OK)):
            raise WorkshopFileError(
                f"Planwall cannot write to {p.name} in {p.parent} (the file or its folder is read-only, "
                "e.g. a write-protected USB stick). Open it read-only, or copy it to a folder you can "
                "write to."
            )
        held = file_lock.acquire(p) if lock and not read_only else None
        if held is not None:
            from workshop_app.store.backup_moves import follow_moved

            follow_moved(p)  # renamed or moved: its backups come along (before any backup is made)
        temp_dir: Path | None = None
        try:
            version = check_file(p, read_only=read_only, quick=check, wal_frames=held is not None)
            target = p
            if version < SCHEMA_VERSION:
                from workshop_app.store.migrate import upgrade, upgraded_copy

                if read_only:
                    temp_dir, target = upgraded_copy(p, version)
                else:
                    upgrade(p, version)
            engine = make_engine(target, read_only=read_only)
            store = cls(p, engine, read_only=read_only)
        except BaseException:
            if held is not None:
                held.release()
            if temp_dir is not None:
                shutil.rmtree(temp_dir, ignore_errors=True)
            raise
        store.lock = held
        store._temp_dir = temp_dir
        if not read_only:
            leftovers.sweep(p)  # e.g. a restore killed half way left its copy beside the file
        if not read_only:
            try:
                store._mark_open()
            except BaseException:
                store.close()
                raise
        return store

    @classmethod
    def create(cls, path: str | os.PathLike[str], *, lock: bool = False) -> WorkshopStore:
        p = Path(path).expanduser().absolute()
        create_file(p)
        return cls.open(p, check=False, lock=lock)

    def _mark_open(self) -> None:
        """Start this session's open marker in the main file (see recovery: missing/foreign -wal)."""
        from workshop_app.store import recovery

        self._identity = file_moves.identity(self.path)
        raw = self.engine.raw_connection()
        try:
            con = raw.driver_connection
            assert isinstance(con, sqlite3.Connection)
            con.execute("BEGIN IMMEDIATE")
            try:
                self._marker = recovery.new_marker(recovery.read_marker(con))
                con.execute(
                    "INSERT INTO app_state(key, value) VALUES (?, ?) "
                    "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    (OPEN_MARKER, recovery.marker_text(self._marker)),
                )
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()  # the marker into the main file
        except (OSError, sqlite3.Error) as exc:
            raise SaveFailedError(describe_sqlite_error(exc, self.path)) from exc
        finally:
            raw.close()

    def _write_marker(self, s: Session, **changes: Any) -> None:
        from workshop_app.store.recovery import marker_text

        if self._marker is None:
            return
        marker = {**self._marker, **changes, "n": int(self._marker.get("n", 0)) + 1}
        self._cursor(s).execute(
            "UPDATE app_state SET value = ? WHERE key = ?", (marker_text(marker), OPEN_MARKER)
        )
        self._marker = marker

    def close(self) -> None:
        """Close the file: last backup (if a scheduler is attached), clean-close marker, lock."""
        if self._closed:
            return
        self._closed = True
        if self.backups is not None:
            from workshop_app.store.backup import BackupFailedError

            try:
                self.backups.close()
            except BackupFailedError:
                log.exception("last backup of %s failed", self.path)
        if not self.read_only:
            try:
                self._end_read()
                self._write_marker(self.session, closed=True)
                self.session.commit()
            except Exception:  # the file may be gone (stick pulled): nothing more to do
                log.warning("could not mark %s as closed", self.path, exc_info=True)
                self._rollback()
        self.session.close()
        self.engine.dispose()
        if not self.read_only and not self.path.exists():
            self._carry_companions()
        if self.lock is not None:
            self.lock.release()
        if self._temp_dir is not None:
            shutil.rmtree(self._temp_dir, ignore_errors=True)

    def _carry_companions(self) -> None:
        """The file was renamed while open: SQLite could not fold the latest changes into it, and
        left them in the -wal under the old name.  They go with the file's new name, where the
        next open reads them."""
        new = file_moves.renamed_to(self.path, self._identity)
        if new is None:
            return
        try:
            carried = file_moves.carry_companions(self.path, new)
        except OSError:
            log.exception("could not carry the -wal of %s to %s", self.path, new.name)
            return
        log.warning(
            "%s, renamed to %s while open: its latest changes went with it (%s)", self.path, new, carried
        )

    # --- listeners ----------------------------------------------------------

    def add_listener(self, listener: ChangeListener) -> None:
        """Call ``listener(label)`` after every committed change, undo and redo."""
        self._listeners.append(listener)

    def remove_listener(self, listener: ChangeListener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _notify(self, label: str) -> None:
        for listener in list(self._listeners):
            listener(label)

    # --- transactions ------------------------------------------------------

    def _end_read(self) -> None:
        if self.session.in_transaction():
            try:
                self.session.commit()  # read-only so far: cheap, keeps objects (expire_on_commit=False)
            except _WRITE_ERRORS:
                self.session.rollback()  # a read has nothing to save

    def _check_still_there(self) -> None:
        """Refuse to write into a file that vanished or was replaced while open; fold a deleted
        -wal into the file first (``guard_wal``)."""
        if not self.path.parent.is_dir() or not self.path.exists():
            new = file_moves.renamed_to(self.path, self._identity)
            if new is not None:
                raise SaveFailedError(
                    f"{self.path.name} was renamed to {new.name} while Planwall had it open. Your last "
                    "change was not saved; the text you typed is still in the window. Rename it back to "
                    f"{self.path.name} and try again (or close it here and open {new.name})."
                )
            raise SaveFailedError(
                f"{self.path.name} is no longer in {self.path.parent} (was the USB stick removed, or the "
                "folder renamed or deleted?). Your last change was not saved; the text you typed is "
                "still in the window. Put the drive or folder back and try again, or use File > Save a "
                "copy as... to save the open workshop somewhere else."
            )
        if self._identity is not None and file_moves.identity(self.path) != self._identity:
            raise SaveFailedError(
                f"{self.path.name} was replaced by another file while Planwall had it open. Your last "
                "change was not saved. Use File > Save a copy as... to keep what is open, then reopen."
            )
        self.guard_wal()

    def guard_wal(self) -> bool:
        """When the -wal was deleted (or replaced) while open, fold what SQLite still holds in it
        into the file now, and start a fresh -wal.  True when it did.

        SQLite keeps writing into the deleted -wal it has open, so every change is kept while the
        program runs, but a crash would lose everything since the last checkpoint, with no
        message.  Checked before every change and by the GUI's backup timer (a stat: cheap)."""
        if self.read_only or self._closed:
            return False
        wal = file_moves.wal_path(self.path)
        now = file_moves.identity(wal)
        if self._wal_identity is None or now == self._wal_identity:
            self._wal_identity = now
            return False
        log.warning("the -wal of %s was deleted or replaced while open: folding it into the file", self.path)
        self._end_read()
        raw = self.engine.raw_connection()
        try:
            con = raw.driver_connection
            assert isinstance(con, sqlite3.Connection)
            for attempt in range(WAL_GUARD_TRIES):
                busy = con.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
                if not busy:
                    break
                time.sleep(0.05 * (attempt + 1))  # a backup is reading: it ends in moments
            else:
                raise SaveFailedError(
                    f"The companion file {wal.name} was deleted while Planwall had {self.path.name} open, "
                    "and Planwall could not yet put its changes back into the file. Nothing is lost while "
                    "Planwall stays open: use File > Save a copy as... now to keep everything."
                )
        except (OSError, sqlite3.Error) as exc:
            raise SaveFailedError(describe_sqlite_error(exc, self.path)) from exc
        finally:
            raw.close()
        self.engine.dispose()  # the next connection starts a -wal that others can find
        self._wal_identity = None
        return True

    def _begin_write(self) -> None:
        """Start the write transaction, retrying while another connection holds the lock."""
        for attempt in range(BUSY_RETRIES + 1):
            try:
                self.session.connection(execution_options=WRITE_OPTIONS)
                return
            except OperationalError as exc:
                self._rollback()
                if not _is_busy(exc) or attempt == BUSY_RETRIES:
                    raise
                log.info("%s busy, retrying (%d)", self.path, attempt + 1)
                time.sleep(0.2 * (attempt + 1))

    def _failed(self, exc: BaseException) -> BaseException:
        """The error to raise for a write that failed with ``exc`` (already rolled back)."""
        if isinstance(exc, OSError):
            self._reconnect_if_gone()
            return SaveFailedError(describe_sqlite_error(exc, self.path))
        raw = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
        if _is_corruption(raw):
            return CorruptWorkshopError(
                f"SQLite reports that {self.path.name} is damaged ({raw}). Your last change was not "
                "saved. Use File > Save a copy as... to keep what is open, then close and reopen the "
                "workshop to restore the newest backup."
            )
        if isinstance(raw, sqlite3.OperationalError) and _is_environment_error(raw):
            self._reconnect_if_gone()
            return SaveFailedError(describe_sqlite_error(raw, self.path))
        return exc

    def _reconnect_if_gone(self) -> None:
        """After an I/O error, use a fresh connection next time (a re-plugged drive works again).

        Loaded objects stay usable (the session is not closed); only the connection is renewed.
        """
        if not self.path.exists():
            return
        self._wal_identity = None  # the next connection may start a new -wal: not a deleted one
        try:
            self.engine.dispose()
        except Exception:
            log.warning("dispose after a failed write", exc_info=True)

    @contextmanager
    def change(self, label: str) -> Iterator[Session]:
        """Run one undoable change; it is committed (fsynced) when the block exits."""
        if self.read_only:
            raise SaveFailedError(
                f"{self.path.name} is open read-only, so nothing can be changed. "
                "Close the other Planwall window that has it open, then reopen it."
            )
        if self._in_change:
            raise RuntimeError("nested store.change(); services must not call each other's changes")
        self._check_still_there()
        s = self.session
        self._in_change = True
        try:
            try:
                self._end_read()
                self._begin_write()
            except _WRITE_ERRORS as exc:
                raise self._failed(exc) from exc
            with self._rolled_back_on_error():
                yield s
                s.flush()
                statements = self._take_log(s)
                if statements:
                    self._stamp_saved(s)
                s.commit()
        finally:
            self._in_change = False
        # Database cascades (SET NULL, CASCADE) are invisible to loaded objects: reload lazily.
        self.revisions.changed(statements)
        self.history.recorded(undo_log.UndoEntry(label, tuple(statements)))
        self._notify(label)

    def _stamp_saved(self, s: Session) -> None:
        """workshop.updated_at = now ("last saved", not part of undo) and the open marker."""
        cur = self._cursor(s)
        cur.execute("UPDATE workshop SET updated_at = ?", (_iso(self.now()),))
        # The stamp is not part of any undo step: drop what the undo triggers logged for it,
        # or it would ride along in the next change's undo entry.
        cur.execute(f"DELETE FROM {undo_log.LOG_TABLE}")
        self._write_marker(s)

    @contextmanager
    def _rolled_back_on_error(self) -> Iterator[None]:
        """Roll back on any error; a write error becomes the store's own (what failed, what to do)."""
        try:
            yield
        except _WRITE_ERRORS as exc:
            self._rollback()
            err = self._failed(exc)
            if err is exc:
                raise
            raise err from exc
        except BaseException:
            self._rollback()
            raise

    def _rollback(self) -> None:
        try:
            self.session.rollback()
        except Exception:  # the connection may be gone (stick pulled); reopen lazily
            log.exception("rollback failed")
        self.revisions.changed()

    @property
    def revision(self) -> int:
        """Bumped whenever loaded objects may be out of date: a service may keep what it read
        while it stays the same."""
        return self.revisions.current

    def revision_of(self, *tables: str) -> int:
        """The last revision at which any of ``tables`` may have changed (``Revisions.of``)."""
        return self.revisions.of(*tables)

    @property
    def in_change(self) -> bool:
        """True inside ``change()``: what is read now may change before it commits."""
        return self._in_change

    @staticmethod
    def _cursor(s: Session) -> sqlite3.Cursor:
        """A DB-API cursor on the session's connection, for the store's own bookkeeping SQL
        (a third of the cost of going through SQLAlchemy for these fixed statements)."""
        raw: Any = s.connection().connection.driver_connection
        cursor: sqlite3.Cursor = raw.cursor()
        return cursor

    @classmethod
    def _take_log(cls, s: Session) -> list[str]:
        cur = cls._cursor(s)
        rows = [r[0] for r in cur.execute(f"SELECT stmt FROM {undo_log.LOG_TABLE} ORDER BY seq")]
        cur.execute(f"DELETE FROM {undo_log.LOG_TABLE}")
        return rows

    def _replay(self, entry: undo_log.UndoEntry) -> list[str]:
        if self.read_only:
            raise SaveFailedError(f"{self.path.name} is open read-only, so nothing can be undone.")
        self._check_still_there()
        s = self.session
        with self._rolled_back_on_error():
            self._end_read()
            self._begin_write()
            conn = s.connection()
            conn.exec_driver_sql("PRAGMA defer_foreign_keys=ON")
            for stmt in reversed(entry.statements):
                conn.exec_driver_sql(stmt)
            statements = self._take_log(s)
            self._stamp_saved(s)
            s.commit()
        self.revisions.changed([*entry.statements, *statements])
        return statements

    def undo(self) -> str:
        """Undo the last change; returns its label."""
        entry = self.history.peek_undo()
        if entry is None:
            raise NothingToUndoError("There is nothing to undo.")
        statements = self._replay(entry)
        self.history.undone(undo_log.UndoEntry(entry.label, tuple(statements)))
        self._notify(f"Undo {entry.label}")
        return entry.label

    def redo(self) -> str:
        """Redo the last undone change; returns its label."""
        entry = self.history.peek_redo()
        if entry is None:
            raise NothingToUndoError("There is nothing to redo.")
        statements = self._replay(entry)
        self.history.redone(undo_log.UndoEntry(entry.label, tuple(statements)))
        self._notify(f"Redo {entry.label}")
        return entry.label

    # --- app state (not undoable) ------------------------------------------

    def get_state(self, key: str, default: str = "") -> str:
        row = self.session.execute(
            text("SELECT value FROM app_state WHERE key = :k"), {"k": key}
        ).scalar_one_or_none()
        return default if row is None else str(row)

    def set_state(self, key: str, value: str) -> None:
        """Remember UI state (stage, selection) in the file; not undoable, not exported."""
        if self.read_only:
            return
        self._end_read()
        s = self.session
        with self._rolled_back_on_error():
            s.execute(
                text(
                    "INSERT INTO app_state(key, value) VALUES (:k, :v) "
                    "ON CONFLICT(key) DO UPDATE SET value = excluded.value"
                ),
                {"k": key, "v": value},
            )
            s.commit()

    # --- copies --------------------------------------------------------------

    def save_copy(self, target: str | os.PathLike[str]) -> Path:
        """Write a complete, verified copy of the open workshop to ``target`` (must not exist).

        Reads through this store's own connection, so it still works when the file
        itself has gone (USB stick pulled, folder deleted): what is open is saved.
        """
        from workshop_app.store.backup import BackupFailedError, copy_database, fsync_dir

        dest = Path(target).expanduser().absolute()
        if dest == self.path:
            raise WorkshopFileError(
                f"{dest.name} is the workshop you have open. Choose another name for the copy."
            )
        if len(os.fsencode(dest.name)) > 240:  # (255 on most drives, less the temporary name's part)
            raise WorkshopFileError(
                f"The name {dest.name[:40]}\u2026 is too long for a file ({len(dest.name)} characters). "
                "Choose a shorter name."
            )
        if dest.exists():
            raise WorkshopFileError(
                f"{dest} already exists; Planwall never overwrites a workshop. Choose another name."
            )
        if not dest.parent.is_dir():
            raise WorkshopFileError(f"The folder {dest.parent} does not exist. Choose another folder.")
        check_can_create(dest)  # names the folder and why (a read-only stick, no permission, full)
        leftovers.sweep(dest)
        tmp = dest.with_name(f".{dest.name}.copying-{os.getpid()}")
        self._end_read()
        raw = self.engine.raw_connection()
        try:
            dbapi = raw.driver_connection
            assert isinstance(dbapi, sqlite3.Connection)
            copy_database(dbapi, tmp)
            if dest.exists():
                raise WorkshopFileError(
                    f"{dest} appeared while copying; Planwall never overwrites a workshop."
                )
            os.replace(tmp, dest)
            fsync_dir(dest.parent)
        except BackupFailedError as exc:
            raise WorkshopFileError(f"The copy could not be written to {dest.parent}: {exc}") from exc
        except OSError as exc:
            raise WorkshopFileError(describe_sqlite_error(exc, dest)) from exc
        finally:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raw.close()
        return dest
