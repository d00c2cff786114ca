"""Schema upgrades of workshop files with Alembic, run from code (no alembic.ini).

``upgrade(path, from_version)`` is what ``WorkshopStore.open`` calls for a file of an
older schema.  It is careful in this order:

1. a forced, verified backup of the file (``backup.make_backup``); no backup, no upgrade;
2. one connection with ``PRAGMA foreign_keys=OFF`` (SQLite's batch "move and copy"
   of a parent table would otherwise cascade-delete every child row);
3. the whole upgrade in ONE transaction (``BEGIN IMMEDIATE``): Alembic revisions,
   then ``PRAGMA foreign_key_check``, row counts of every table compared with
   before, ``PRAGMA quick_check`` and ``PRAGMA user_version``; any problem rolls
   everything back, so the file is either fully upgraded or untouched;
4. the connection is closed, and the next one (the store's) has foreign keys on.

Revisions live in ``workshop_app/store/migrations/versions``; ``schema.REVISIONS``
maps each ``PRAGMA user_version`` to its revision.
"""

from __future__ import annotations

import logging
import shutil
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, MetaData, create_engine, event
from sqlalchemy.pool import StaticPool

from workshop_app.errors import WorkshopFileError
from workshop_app.store.schema import (
    ALEMBIC_VERSION_DDL,
    APPLICATION_ID,
    HEAD_REVISION,
    REVISIONS,
    SCHEMA_VERSION,
)

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())  # the app decides where logs go (not stderr by default)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class MigrationError(WorkshopFileError):
    """An upgrade was refused or failed; the workshop file was left as it was."""


def alembic_config(connection: Connection | None = None, target_metadata: MetaData | None = None) -> Any:
    """An Alembic ``Config`` for Planwall's migrations folder, using ``connection``."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    cfg.attributes["connection"] = connection
    cfg.attributes["target_metadata"] = target_metadata
    return cfg


def migration_engine(path: Path) -> Engine:
    """One connection on ``path`` with foreign keys OFF and an immediate write transaction."""
    from workshop_app.store.engine import BUSY_TIMEOUT_MS

    engine = create_engine(
        f"sqlite:///{path}",
        poolclass=StaticPool,
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cur = dbapi_connection.cursor()
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=OFF")  # only effective outside a transaction: here
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def table_counts(conn: Connection) -> dict[str, int]:
    """Rows in every table of the file (SQLite's own and Alembic's excepted)."""
    names = [
        r[0]
        for r in conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
            "AND name <> 'alembic_version' ORDER BY name"
        )
    ]
    return {n: int(conn.exec_driver_sql(f'SELECT count(*) FROM "{n}"').scalar_one()) for n in names}


def _stamp(conn: Connection, revision: str) -> None:
    exists = conn.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
    ).first()
    if exists is None:
        conn.exec_driver_sql(ALEMBIC_VERSION_DDL)
    conn.exec_driver_sql("DELETE FROM alembic_version")
    conn.exec_driver_sql("INSERT INTO alembic_version(version_num) VALUES (?)", (revision,))


def run_upgrade(conn: Connection, from_revision: str | None, to_revision: str = HEAD_REVISION) -> None:
    """Run the Alembic revisions after ``from_revision`` up to ``to_revision`` on ``conn``.

    ``conn`` must already be in a transaction with foreign keys off; nothing is committed.
    ``from_revision=None`` builds the schema from an empty database.
    """
    from alembic import command

    if from_revision is not None:
        _stamp(conn, from_revision)
    command.upgrade(alembic_config(conn), to_revision)


def upgrade(path: Path, from_version: int, *, backup: bool = True) -> Path | None:
    """Upgrade the workshop file ``path`` from ``from_version`` to ``SCHEMA_VERSION``.

    Returns the path of the verified backup made first (None when ``backup`` is
    False, which only :func:`upgrade_copy` uses for throw-away copies).  Raises
    ``MigrationError`` (file untouched) when anything goes wrong.
    """
    if from_version not in REVISIONS:
        raise MigrationError(
            f"{path} has schema version {from_version}, which this Planwall ({SCHEMA_VERSION}) "
            "does not know how to upgrade. The file has not been changed."
        )
    if from_version == SCHEMA_VERSION:
        return None
    backup_path: Path | None = None
    if backup:
        from workshop_app.store.backup import BackupFailedError, make_backup

        try:
            backup_path = make_backup(path, reason="before-upgrade").path
        except BackupFailedError as exc:
            raise MigrationError(
                f"{path.name} needs an upgrade from schema version {from_version} to {SCHEMA_VERSION}, "
                f"but Planwall could not make the safety backup first ({exc}). The file has not been "
                "changed. Free some disk space, then open it again."
            ) from exc
    engine = migration_engine(path)
    try:
        with engine.connect() as conn, conn.begin():
            before = table_counts(conn)
            run_upgrade(conn, REVISIONS[from_version])
            _verify(conn, path, before)
            conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
            conn.exec_driver_sql(f"PRAGMA user_version={SCHEMA_VERSION}")
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA foreign_keys=ON")
            conn.rollback()
    except MigrationError:
        raise
    except Exception as exc:
        log.exception("upgrade of %s failed", path)
        where = f" A backup made just before is at {backup_path}." if backup_path else ""
        raise MigrationError(
            f"Planwall could not upgrade {path.name} from schema version {from_version} to "
            f"{SCHEMA_VERSION} ({exc}). The file has not been changed.{where}"
        ) from exc
    finally:
        engine.dispose()
    log.info("upgraded %s from schema %s to %s (backup %s)", path, from_version, SCHEMA_VERSION, backup_path)
    return backup_path


def _verify(conn: Connection, path: Path, before: dict[str, int]) -> None:
    """Refuse (and so roll back) an upgrade that broke references or lost rows."""
    problems = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if problems:
        raise MigrationError(
            f"Upgrading {path.name} would leave {len(problems)} broken reference(s) (first: table "
            f"{problems[0][0]} row {problems[0][1]}). Nothing was changed; please send the file to support."
        )
    after = table_counts(conn)
    lost = {t: (n, after.get(t)) for t, n in before.items() if after.get(t) != n}
    if lost:
        detail = ", ".join(f"{t}: {n} -> {m}" for t, (n, m) in sorted(lost.items()))
        raise MigrationError(
            f"Upgrading {path.name} would change the number of rows ({detail}). Nothing was changed; "
            "please send the file to support."
        )
    check = [r[0] for r in conn.exec_driver_sql("PRAGMA quick_check").fetchall()]
    if check != ["ok"]:
        raise MigrationError(
            f"Upgrading {path.name} failed SQLite's check ({'; '.join(check[:3])}). Nothing was changed."
        )


def build_schema(path: Path, to_revision: str = HEAD_REVISION, version: int | None = None) -> None:
    """Create a new, empty workshop file at ``path`` purely from the migrations.

    Used by tests (a fresh file and a fully migrated one must be identical) and to
    make the checked-in old-version sample files.
    """
    if path.exists():
        raise WorkshopFileError(f"{path} already exists; refusing to overwrite it.")
    if version is None:
        version = next(v for v, r in REVISIONS.items() if r == to_revision)
    engine = migration_engine(path)
    try:
        with engine.connect() as conn, conn.begin():
            run_upgrade(conn, None, to_revision)
            conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
            conn.exec_driver_sql(f"PRAGMA user_version={version}")
    finally:
        engine.dispose()


def autogenerate(message: str, rev_id: str) -> None:
    """Developer tool: write a new revision comparing the migrations' head with the model.

    ``python -c "from workshop_app.store.migrate import autogenerate; autogenerate('...', '0003')"``
    then review the file (replace model types by plain ``sa`` types) and add it to
    ``schema.REVISIONS``.
    """
    import tempfile

    from alembic import command

    from workshop_app.model import Base

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "head.planwall"
        if REVISIONS:
            build_schema(db)
        engine = migration_engine(db)
        try:
            with engine.connect() as conn, conn.begin():
                command.revision(
                    alembic_config(conn, Base.metadata), message=message, autogenerate=True, rev_id=rev_id
                )
        finally:
            engine.dispose()


def upgraded_copy(path: Path, version: int) -> tuple[Path, Path]:
    """A temporary, upgraded copy of an older file, for read-only viewing (the file stays as it is)."""
    from workshop_app.store.backup import ro_uri

    temp_dir = Path(tempfile.mkdtemp(prefix="planwall-view-"))
    copy = temp_dir / path.name
    try:
        src = sqlite3.connect(ro_uri(path), uri=True)
        dst = sqlite3.connect(copy)
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
        upgrade(copy, version, backup=False)
    except BaseException:
        shutil.rmtree(temp_dir, ignore_errors=True)
        raise
    return temp_dir, copy
