"""The SQLite engine of a workshop file: its PRAGMAs, its one connection, an empty new file.

Every connection to a workshop file, Planwall's own and the benchmark's baseline alike, uses
``set_pragmas``: WAL, ``synchronous=FULL`` (a change is on disk when it returns), foreign keys.
The engine issues its own ``BEGIN`` (``BEGIN IMMEDIATE`` for a change) so that a write never
upgrades a read lock half way, and installs the undo triggers (``undo_log``).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import StaticPool

from workshop_app.errors import WorkshopFileError
from workshop_app.model import USER_TABLES, Base
from workshop_app.store import undo_log
from workshop_app.store.checks import check_can_create, describe_sqlite_error, remove_quietly
from workshop_app.store.schema import ALEMBIC_VERSION_DDL, APPLICATION_ID, HEAD_REVISION, SCHEMA_VERSION

BUSY_TIMEOUT_MS = 5000


def _tracked_tables() -> list[Any]:
    return [Base.metadata.tables[name] for name in USER_TABLES]


def set_pragmas(dbapi_connection: sqlite3.Connection, *, read_only: bool = False) -> None:
    """The durability PRAGMAs every connection to a workshop file uses.

    A read-only connection leaves the journal mode as the file has it: switching a file
    to WAL is a write (a restored backup, for one, is in rollback mode until it is next
    opened for writing).
    """
    cur = dbapi_connection.cursor()
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    if not read_only:
        cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA temp_store=MEMORY")
    cur.close()


def make_engine(path: Path, *, read_only: bool = False, track_undo: bool = True) -> Engine:
    """A one-connection engine on ``path`` with Planwall's PRAGMAs and explicit BEGINs."""

    target = _ro_target(path) if read_only else str(path)

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(target, uri=read_only, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000)

    engine = create_engine("sqlite://", creator=connect, poolclass=StaticPool)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        set_pragmas(dbapi_connection, read_only=read_only)
        if track_undo and not read_only:
            undo_log.install(dbapi_connection, _tracked_tables())

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        immediate = conn.get_execution_options().get("planwall_immediate", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def _ro_target(path: Path) -> str:
    """Read-only URI; a closed file in a folder nobody can write to is read as immutable
    (SQLite could not create its -shm there, and with no -wal the file is all there is)."""
    from workshop_app.store.backup import ro_uri

    immutable = not Path(f"{path}-wal").exists() and not os.access(path.parent, os.W_OK)
    return ro_uri(path, immutable=immutable)


def create_file(path: Path) -> None:
    """Create an empty workshop file at the current schema version (refuses to overwrite)."""
    if path.exists():
        raise WorkshopFileError(
            f"{path} already exists. Choose another name, or open it instead; Planwall never "
            "overwrites a workshop."
        )
    check_can_create(path)
    engine = make_engine(path, track_undo=False)
    try:
        with engine.begin() as conn:
            Base.metadata.create_all(conn)
            conn.exec_driver_sql(ALEMBIC_VERSION_DDL)
            conn.exec_driver_sql(f"INSERT INTO alembic_version VALUES ('{HEAD_REVISION}')")
            conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
            conn.exec_driver_sql(f"PRAGMA user_version={SCHEMA_VERSION}")
    except (OSError, DBAPIError) as exc:
        engine.dispose()
        remove_quietly(path, "-wal", "-shm")
        raise WorkshopFileError(describe_sqlite_error(exc, path)) from exc
    engine.dispose()
