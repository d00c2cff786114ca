"""The workshop file: SQLite engine, PRAGMAs, create/open checks, transactions and undo.

One open workshop is one ``WorkshopStore``: a single SQLite connection in WAL mode
with ``synchronous=FULL`` and foreign keys on.  Every change runs in
``store.change(label)`` which commits before returning and records the change's
undo entry.  Files are recognised by ``PRAGMA application_id`` and versioned by
``PRAGMA user_version``; a file from a newer Planwall is refused.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.pool import StaticPool

from workshop_app.errors import (
    CorruptWorkshopError,
    NewerSchemaError,
    NotAWorkshopFileError,
    NothingToUndoError,
    SaveFailedError,
    WorkshopFileError,
)
from workshop_app.model import USER_TABLES, Base
from workshop_app.store import undo_log
from workshop_app.store.schema import (
    APPLICATION_ID,
    HEAD_REVISION,
    SCHEMA_VERSION,
    SQLITE_MAGIC,
)

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000
ChangeListener = Callable[[str], None]
WRITE_OPTIONS = {"planwall_immediate": True}


def _tracked_tables() -> list[Any]:
    return [Base.metadata.tables[name] for name in USER_TABLES]


def set_pragmas(dbapi_connection: sqlite3.Connection) -> None:
    """The durability PRAGMAs every connection to a workshop file uses."""
    cur = dbapi_connection.cursor()
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA temp_store=MEMORY")
    cur.close()


def describe_sqlite_error(exc: BaseException, path: Path) -> str:
    """Turn an SQLite/OS error during a write into a message that says what to do."""
    msg = str(exc).lower()
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
    if "disk i/o" in msg or "unable to open" in msg or "no such file" in msg:
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


def check_header(path: Path) -> None:
    """Refuse files that are missing or not SQLite at all, with a message naming the file."""
    if not path.exists():
        raise WorkshopFileError(
            f"There is no workshop file at {path}. Check the name, or create one with "
            "'workshop-app new FILE'."
        )
    if path.is_dir():
        raise WorkshopFileError(f"{path} is a folder, not a workshop file. Choose a .planwall file.")
    try:
        with path.open("rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise WorkshopFileError(f"Planwall cannot read {path}: {exc.strerror}. Check its permissions.") from exc
    if len(head) == 0:
        raise NotAWorkshopFileError(f"{path} is empty, so it is not a Planwall workshop. Choose another file.")
    if head != SQLITE_MAGIC:
        raise NotAWorkshopFileError(
            f"{path} is not a Planwall workshop file (it is not an SQLite database). "
            "Choose a .planwall file, or import a .json workshop with 'workshop-app import'."
        )


def read_versions(path: Path) -> tuple[int, int]:
    """(application_id, user_version) of an SQLite file, read without changing it."""
    uri = f"file:{path}?mode=ro"
    try:
        con = sqlite3.connect(uri, uri=True)
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
    return version


def make_engine(path: Path, *, read_only: bool = False, track_undo: bool = True) -> Engine:
    """A one-connection engine on ``path`` with Planwall's PRAGMAs and explicit BEGINs."""
    if read_only:
        url = f"sqlite:///file:{path}?mode=ro&uri=true"
    else:
        url = f"sqlite:///{path}"
    engine = create_engine(
        url,
        poolclass=StaticPool,
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        set_pragmas(dbapi_connection)
        if track_undo and not read_only:
            undo_log.install(dbapi_connection, _tracked_tables())

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        immediate = conn.get_execution_options().get("planwall_immediate", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def create_file(path: Path) -> None:
    """Create an empty workshop file at the current schema version (refuses to overwrite)."""
    if path.exists():
        raise WorkshopFileError(
            f"{path} already exists. Choose another name, or open it instead; Planwall never "
            "overwrites a workshop."
        )
    if not path.parent.exists():
        raise WorkshopFileError(f"The folder {path.parent} does not exist. Create it or choose another folder.")
    engine = make_engine(path, track_undo=False)
    try:
        with engine.begin() as conn:
            Base.metadata.create_all(conn)
            conn.exec_driver_sql("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
            conn.exec_driver_sql(f"INSERT INTO alembic_version VALUES ('{HEAD_REVISION}')")
            conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
            conn.exec_driver_sql(f"PRAGMA user_version={SCHEMA_VERSION}")
    except (OSError, DBAPIError) as exc:
        engine.dispose()
        _remove_quietly(path)
        raise WorkshopFileError(describe_sqlite_error(exc, path)) from exc
    engine.dispose()


def _remove_quietly(path: Path) -> None:
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            p.unlink()
        except OSError:
            pass


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

    # --- opening ----------------------------------------------------------

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, read_only: bool = False, check: bool = True) -> WorkshopStore:
        """Open an existing workshop file, migrating an older schema after a backup."""
        p = Path(path).expanduser().absolute()
        check_header(p)
        version = check_schema(p)
        if version < SCHEMA_VERSION and not read_only:
            from workshop_app.store.migrate import upgrade  # Alembic only when needed

            upgrade(p, version)
        engine = make_engine(p, read_only=read_only)
        try:
            if check:
                quick_check(engine, p)
        except Exception:
            engine.dispose()
            raise
        return cls(p, engine, read_only=read_only)

    @classmethod
    def create(cls, path: str | os.PathLike[str]) -> WorkshopStore:
        p = Path(path).expanduser().absolute()
        create_file(p)
        return cls.open(p, check=False)

    def close(self) -> None:
        self.session.close()
        self.engine.dispose()

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
            self.session.commit()  # read-only so far: cheap, keeps objects (expire_on_commit=False)

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
        s = self.session
        self._end_read()
        self._in_change = True
        try:
            s.connection(execution_options=WRITE_OPTIONS)
            yield s
            s.flush()
            statements = self._take_log(s)
            s.commit()
        except (OSError, OperationalError) as exc:
            self._rollback()
            if isinstance(exc, OperationalError) and not _is_environment_error(exc):
                raise
            raise SaveFailedError(describe_sqlite_error(exc, self.path)) from exc
        except BaseException:
            self._rollback()
            raise
        finally:
            self._in_change = False
        # Database cascades (SET NULL, CASCADE) are invisible to loaded objects: reload lazily.
        s.expire_all()
        self.history.recorded(undo_log.UndoEntry(label, tuple(statements)))
        self._notify(label)

    def _rollback(self) -> None:
        try:
            self.session.rollback()
        except Exception:  # the connection may be gone (stick pulled); reopen lazily
            log.exception("rollback failed")
        self.session.expire_all()

    @staticmethod
    def _take_log(s: Session) -> list[str]:
        rows = s.execute(text(f"SELECT stmt FROM {undo_log.LOG_TABLE} ORDER BY seq")).scalars().all()
        s.execute(text(f"DELETE FROM {undo_log.LOG_TABLE}"))
        return list(rows)

    def _replay(self, entry: undo_log.UndoEntry) -> list[str]:
        s = self.session
        self._end_read()
        try:
            conn = s.connection(execution_options=WRITE_OPTIONS)
            conn.exec_driver_sql("PRAGMA defer_foreign_keys=ON")
            for stmt in reversed(entry.statements):
                conn.exec_driver_sql(stmt)
            statements = self._take_log(s)
            s.commit()
        except (OSError, OperationalError) as exc:
            self._rollback()
            if isinstance(exc, OperationalError) and not _is_environment_error(exc):
                raise
            raise SaveFailedError(describe_sqlite_error(exc, self.path)) from exc
        except BaseException:
            self._rollback()
            raise
        s.expire_all()
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
        try:
            s.execute(
                text("INSERT INTO app_state(key, value) VALUES (:k, :v) "
                     "ON CONFLICT(key) DO UPDATE SET value = excluded.value"),
                {"k": key, "v": value},
            )
            s.commit()
        except (OSError, OperationalError) as exc:
            self._rollback()
            raise SaveFailedError(describe_sqlite_error(exc, self.path)) from exc


def _is_environment_error(exc: OperationalError) -> bool:
    """Known OperationalErrors caused by the environment (disk, permissions, locks)."""
    msg = str(exc.orig).lower() if exc.orig is not None else str(exc).lower()
    return any(
        word in msg
        for word in ("readonly", "read-only", "disk", "full", "unable to open", "locked", "busy", "i/o")
    )
