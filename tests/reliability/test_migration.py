"""Upgrading a checked-in schema-1 workshop keeps every row, after a forced verified backup.

tests/data/workshop-v1.planwall is a complete two-day JBP written with schema 1
(migration 0001 only; see tests/data/make_workshop_v1.py): 18 people, 75 ideas, 24
clusters, 225 votes, 6 rocks with 12 risks, 96 interest levels, 15 agenda pauses...
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from workshop_app.services.workshop_service import OpenWorkshop
from workshop_app.store import backup, migrate
from workshop_app.store.database import WorkshopStore
from workshop_app.store.schema import HEAD_REVISION, OPEN_MARKER, SCHEMA_VERSION

V1 = Path(__file__).resolve().parents[1] / "data" / "workshop-v1.planwall"
# Tables whose rows only exist through a chain of cascading foreign keys.
CASCADED = ("vote", "interest", "rock_risk", "agenda_pause", "idea", "agenda_item")


def snapshot(path: Path) -> dict[str, tuple[list[str], list[tuple[Any, ...]]]]:
    """Every table's columns and rows (by id/key), read with plain sqlite3."""
    con = sqlite3.connect(backup.ro_uri(path), uri=True)
    try:
        names = [
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        result = {}
        for name in names:
            cur = con.execute(f'SELECT * FROM "{name}" ORDER BY 1')
            result[name] = ([d[0] for d in cur.description], cur.fetchall())
        return result
    finally:
        con.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def v1_copy(tmp_path: Path) -> Path:
    target = tmp_path / "Q1 JBP v1.planwall"
    shutil.copyfile(V1, target)
    return target


def assert_v1_rows_intact(before: dict[str, Any], after: dict[str, Any]) -> None:
    for table, (cols, rows) in before.items():
        if table == "alembic_version":
            continue
        after_cols, after_rows = after[table]
        if table == "app_state":  # the store's own open/closed marker is added on opening
            after_rows = [r for r in after_rows if r[0] != OPEN_MARKER]
        assert len(after_rows) == len(rows), table
        keep = [after_cols.index(c) for c in cols]  # compare the columns schema 1 had
        assert [tuple(r[i] for i in keep) for r in after_rows] == rows, table


def test_the_checked_in_file_really_is_schema_1_with_cascaded_rows() -> None:
    snap = snapshot(V1)
    assert "updated_at" not in snap["workshop"][0]
    assert snap["alembic_version"][1] == [("0001",)]
    for table in CASCADED:
        assert len(snap[table][1]) > 10, table
    con = sqlite3.connect(backup.ro_uri(V1), uri=True)
    assert con.execute("PRAGMA user_version").fetchone()[0] == 1
    con.close()


def test_opening_a_v1_file_upgrades_it_with_every_row_intact_after_a_backup(v1_copy: Path) -> None:
    before = snapshot(v1_copy)
    store = WorkshopStore.open(v1_copy, lock=True)
    store.close()
    after = snapshot(v1_copy)

    assert_v1_rows_intact(before, after)
    assert after["alembic_version"][1] == [(HEAD_REVISION,)]
    workshop_cols, workshop_rows = after["workshop"]
    assert "updated_at" in workshop_cols and workshop_rows[0][workshop_cols.index("updated_at")] is None
    # Schema 3: no zone was ever stored, so the upgraded workshop keeps following the laptop's clock.
    assert workshop_rows[0][workshop_cols.index("time_zone")] is None
    con = sqlite3.connect(v1_copy)
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    con.close()

    # The forced backup: made before the upgrade, verified, and still schema 1 with the same rows.
    backups = backup.list_backups(v1_copy)
    assert [b.reason for b in backups] == ["before-upgrade"]
    made = backups[0]
    assert backup.verify(made.path) is None
    assert made.schema_version == 1
    assert made.counts is not None and made.counts["dots"] == 288 and made.counts["ideas"] == 75
    assert_v1_rows_intact(before, snapshot(made.path))
    assert snapshot(made.path)["alembic_version"][1] == [("0001",)]


def test_the_upgraded_workshop_works_through_the_services(v1_copy: Path, clock: Any) -> None:
    ow = OpenWorkshop.open(v1_copy, clock)
    counts = ow.counts()
    topic = ow.board.topics()[0]
    ow.board.add_idea(topic.id, "An idea after the upgrade")
    participant = ow.setup.participants()[0]
    impact = ow.setup.delete_participant(participant.id)  # cascades into votes and interest
    ow.undo()
    ow.undo()
    assert ow.counts() == counts
    assert impact is not None
    ow.close()


def test_an_upgrade_that_would_lose_cascaded_rows_is_refused_and_rolled_back(
    v1_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With foreign keys left ON, rebuilding the workshop table deletes every child row:
    the upgrade notices (row counts), rolls back, and the file keeps every row."""
    real_engine = migrate.migration_engine

    def engine_with_foreign_keys_on(path: Path) -> Any:
        engine = real_engine(path)

        @event.listens_for(engine, "connect")
        def _fk_on(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
            dbapi_connection.execute("PRAGMA foreign_keys=ON")

        return engine

    monkeypatch.setattr(migrate, "migration_engine", engine_with_foreign_keys_on)
    before = snapshot(v1_copy)
    with pytest.raises(migrate.MigrationError) as err:
        WorkshopStore.open(v1_copy)
    assert "would change the number of rows" in str(err.value)
    assert "vote: 225 -> 0" in str(err.value)  # proof that this test can fail
    assert "has not been changed" in str(err.value) or "Nothing was changed" in str(err.value)
    assert snapshot(v1_copy) == before


def test_no_backup_no_upgrade(v1_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full_disk(*_a: Any, **_k: Any) -> Any:
        raise backup.BackupFailedError("the disk holding the backups is full")

    monkeypatch.setattr(backup, "make_backup", full_disk)
    before = digest(v1_copy)
    with pytest.raises(migrate.MigrationError) as err:
        WorkshopStore.open(v1_copy)
    assert "could not make the safety backup" in str(err.value)
    assert "Free some disk space" in str(err.value)
    assert digest(v1_copy) == before


def test_a_failing_revision_leaves_the_file_as_it_was(v1_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = migrate.run_upgrade

    def half_then_crash(conn: Any, from_revision: str | None, to_revision: str = HEAD_REVISION) -> None:
        real(conn, from_revision, to_revision)
        raise RuntimeError("power cut simulation")

    monkeypatch.setattr(migrate, "run_upgrade", half_then_crash)
    before = snapshot(v1_copy)
    with pytest.raises(migrate.MigrationError, match="has not been changed"):
        WorkshopStore.open(v1_copy)
    assert snapshot(v1_copy) == before
    con = sqlite3.connect(v1_copy)
    assert con.execute("PRAGMA user_version").fetchone()[0] == 1
    con.close()


def test_a_read_only_look_at_an_old_file_changes_nothing(v1_copy: Path) -> None:
    before = digest(v1_copy)
    ow = OpenWorkshop.open(v1_copy, read_only=True)
    assert ow.counts()["dots"] == 288
    assert ow.workshop().updated_at is None
    ow.close()
    assert digest(v1_copy) == before
    assert backup.list_backups(v1_copy) == []
    assert sorted(p.name for p in v1_copy.parent.iterdir()) == [v1_copy.name]
