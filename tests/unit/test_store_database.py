"""database.py: the PRAGMAs really in force, clear refusals, exact undo, 'last saved', copies."""

from __future__ import annotations

import errno
import json
import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from workshop_app.errors import NotAWorkshopFileError, SaveFailedError, WorkshopFileError
from workshop_app.model import USER_TABLES
from workshop_app.services.clock import FakeClock
from workshop_app.services.workshop_service import OpenWorkshop
from workshop_app.store.backup import list_backups, make_backup, ro_uri
from workshop_app.store.database import WorkshopStore
from workshop_app.store.engine import create_file
from workshop_app.store.schema import OPEN_MARKER


def raw(store: WorkshopStore) -> sqlite3.Connection:
    con = store.engine.raw_connection().driver_connection
    assert isinstance(con, sqlite3.Connection)
    return con


def snapshot(store: WorkshopStore) -> dict[str, list[tuple[Any, ...]]]:
    con = raw(store)
    result = {}
    for table in USER_TABLES:
        cur = con.execute(f'SELECT * FROM "{table}" ORDER BY id')
        cols = [d[0] for d in cur.description]
        keep = [i for i, c in enumerate(cols) if not (table == "workshop" and c == "updated_at")]
        result[table] = [tuple(r[i] for i in keep) for r in cur.fetchall()]
    return result


def marker_in_main_file(path: Path) -> dict[str, Any] | None:
    con = sqlite3.connect(ro_uri(path, immutable=True), uri=True)
    try:
        row = con.execute("SELECT value FROM app_state WHERE key = ?", (OPEN_MARKER,)).fetchone()
    finally:
        con.close()
    return None if row is None else json.loads(row[0])


# --- PRAGMAs ---------------------------------------------------------------------


def test_every_connection_has_the_durability_pragmas(ow: OpenWorkshop) -> None:
    con = raw(ow.store)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert con.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert con.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert con.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
    temp_triggers = {r[0] for r in con.execute("SELECT name FROM sqlite_temp_master WHERE type='trigger'")}
    assert len(temp_triggers) == 3 * len(USER_TABLES)


def test_a_read_only_store_cannot_write_even_by_accident(ow: OpenWorkshop, clock: FakeClock) -> None:
    viewer = OpenWorkshop.open(ow.path, clock, read_only=True)
    try:
        with pytest.raises(SaveFailedError, match="open read-only"):
            viewer.board.add_idea(viewer.board.topics()[0].id, "no")
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            raw(viewer.store).execute("DELETE FROM idea")
        viewer.remember("stage", "rocks")  # UI state of a viewer is simply not kept
        assert viewer.recall("stage", "none") == "none"
    finally:
        viewer.close()


# --- refusals ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "error", "words"),
    [
        ("missing", WorkshopFileError, ["There is no workshop file", "workshop-app new"]),
        ("missing-folder", WorkshopFileError, ["is not there", "USB stick"]),
        ("folder", WorkshopFileError, ["is a folder", "Choose a .planwall file"]),
        ("empty", NotAWorkshopFileError, ["is empty", "Choose another file"]),
        ("text", NotAWorkshopFileError, ["not an SQLite database", "File > Import JSON", "workshop-app"]),
        ("foreign-sqlite", NotAWorkshopFileError, ["SQLite database but not a Planwall workshop"]),
    ],
)
def test_files_that_are_not_workshops_are_refused_with_the_way_out(
    tmp_path: Path, make: str, error: type[Exception], words: list[str]
) -> None:
    path = tmp_path / "thing.planwall"
    if make == "missing-folder":
        path = tmp_path / "STICK" / "thing.planwall"
    elif make == "folder":
        path.mkdir()
    elif make == "empty":
        path.write_bytes(b"")
    elif make == "text":
        path.write_text("Agenda for Tuesday\n" * 20)
    elif make == "foreign-sqlite":
        con = sqlite3.connect(path)
        con.execute("CREATE TABLE notes(x)")
        con.commit()
        con.close()
    before = path.read_bytes() if path.is_file() else None
    for kwargs in ({}, {"read_only": True}, {"lock": True}):
        with pytest.raises(error) as err:
            WorkshopStore.open(path, **kwargs)
        message = str(err.value)
        assert all(w in message for w in words), message
    if before is not None:
        assert path.read_bytes() == before
        assert not list(tmp_path.glob("*.damaged-*"))  # a file that was never ours is not moved


def test_create_never_overwrites(ow: OpenWorkshop) -> None:
    with pytest.raises(WorkshopFileError, match="never overwrites"):
        create_file(ow.path)


# --- undo -------------------------------------------------------------------------------


def test_undo_of_a_cascading_delete_restores_every_row_exactly(ow: OpenWorkshop) -> None:
    ana = ow.setup.add_participant("Ana Silva", "supplier")
    ben = ow.setup.add_participant("Ben Okoro", "customer")
    topic = ow.board.topics()[0]
    a = ow.board.add_idea(topic.id, "Shelf-ready packaging", ana.id)
    b = ow.board.add_idea(topic.id, "Joint promo calendar", ben.id)
    ow.board.group(a.id, b.id, "Retail execution")
    rnd = ow.voting.create_round(topic.id)
    item = ow.board.eligible_items(topic.id)[0]
    ow.voting.cast(rnd.id, ana.id, item)
    ow.voting.cast(rnd.id, ben.id, item)
    rock = ow.rocks.add("Grow share of shelf")
    ow.rocks.set_interest(ana.id, rock.id, 3)
    ow.rocks.add_risk(rock.id, "Space", "Planogram review")
    ow.actions.add("Send data", owner_id=ana.id, rock_id=rock.id)
    before = snapshot(ow.store)

    ow.setup.delete_participant(ana.id)  # cascades: votes, interest; SET NULL: ideas, actions
    after = snapshot(ow.store)
    assert after != before
    assert len(after["vote"]) == 1 and after["interest"] == []
    ow.undo()
    assert snapshot(ow.store) == before
    ow.redo()
    assert snapshot(ow.store) == after

    ow.undo()
    ow.board.delete_topic(topic.id)  # cascades: ideas, clusters, rounds, votes; SET NULL: agenda items
    ow.undo()
    assert snapshot(ow.store) == before


def test_revision_of_follows_the_tables_a_change_undo_or_redo_really_touched(ow: OpenWorkshop) -> None:
    """What a service keeps (vote results) must go stale with any table it read: cascades
    included, undo and redo included, and everything after a rollback."""
    store = ow.store
    ana = ow.setup.add_participant("Ana Silva", "supplier")
    topic = ow.board.topics()[0]
    ow.board.add_idea(topic.id, "Shelf-ready packaging", ana.id)
    rnd = ow.voting.create_round(topic.id)
    ow.voting.cast(rnd.id, ana.id, ow.board.eligible_items(topic.id)[0])

    def moved(change: Any) -> set[str]:
        before = {t: store.revision_of(t) for t in USER_TABLES}
        change()
        return {t for t in USER_TABLES if store.revision_of(t) != before[t]}

    assert moved(lambda: ow.rocks.add("Grow share of shelf")) == {"rock"}
    assert moved(lambda: ow.minutes.add("A decision", "decision")) == {"minutes_entry"}
    assert moved(ow.undo) == {"minutes_entry"}
    assert moved(ow.redo) == {"minutes_entry"}
    # A participant's delete cascades to their vote and nulls their note's author.
    assert {"participant", "vote", "idea"} <= moved(lambda: ow.setup.delete_participant(ana.id))
    assert {"participant", "vote", "idea"} <= moved(ow.undo)
    assert moved(lambda: store.set_state("stage", "vote")) == set()  # UI state, not the workshop

    def failing() -> None:
        with pytest.raises(RuntimeError), store.change("fails"):
            raise RuntimeError("boom")

    assert moved(failing) == set(USER_TABLES)  # rolled back: anything loaded may be off
    assert store.revision_of() == store.revision  # no table named: the last time anything may have changed


def test_tables_of_reads_the_undo_logs_own_statements_only() -> None:
    from workshop_app.store.undo_log import tables_of

    assert tables_of(['DELETE FROM "idea" WHERE id=3', 'UPDATE "vote" SET "count"=2 WHERE id=1']) == {
        "idea",
        "vote",
    }
    assert tables_of(['INSERT INTO "odd""name"("id") VALUES(1)']) == {'odd"name'}
    assert tables_of([]) == set()
    assert tables_of(['DELETE FROM "idea" WHERE id=3', "PRAGMA foo"]) is None


# --- last saved -------------------------------------------------------------------------


def test_every_change_undo_and_redo_stamps_last_saved_which_undo_leaves_alone(
    workshop_path: Path,
) -> None:
    clock = FakeClock(datetime(2026, 3, 10, 8, 30, tzinfo=UTC))
    ow = OpenWorkshop.create_from_template("two-day-jbp", workshop_path, clock)
    ow.store.now = clock.now
    assert ow.workshop().updated_at is None
    clock.advance(minutes=5)
    ow.board.add_idea(ow.board.topics()[0].id, "one")
    assert ow.workshop().updated_at == clock.now()
    clock.advance(minutes=5)
    ow.remember("stage", "ideas")  # UI state is not a change
    assert ow.workshop().updated_at == datetime(2026, 3, 10, 8, 35, tzinfo=UTC)
    ow.undo()
    assert ow.workshop().updated_at == clock.now()  # undo is a saved change too...
    assert ow.redo_text == "Redo add note 'one'" and ow.undo_text is None  # ...but not an undo step
    clock.advance(minutes=1)
    ow.redo()
    assert ow.workshop().updated_at == clock.now()
    ow.close()


# --- the open marker ------------------------------------------------------------------


def test_the_open_marker_is_in_the_main_file_while_open_and_closed_after(
    ow: OpenWorkshop, clock: FakeClock
) -> None:
    first = marker_in_main_file(ow.path)
    assert first is not None and not first.get("closed") and first["token"]
    path = ow.path
    ow.close()
    closed = marker_in_main_file(path)
    assert closed is not None and closed["closed"] and closed["token"] == first["token"]
    again = OpenWorkshop.open(path, clock)
    second = marker_in_main_file(path)
    assert second is not None and second["prev"][0] == first["token"] and second["token"] != first["token"]
    again.close()


# --- copies and odd names -------------------------------------------------------------------


def test_save_copy_writes_a_closed_complete_copy_and_never_overwrites(
    ow: OpenWorkshop, tmp_path: Path
) -> None:
    ow.board.add_idea(ow.board.topics()[0].id, "in the wal")
    target = tmp_path / "copy.planwall"
    assert ow.store.save_copy(target) == target
    assert marker_in_main_file(target) is None
    copy = OpenWorkshop.open(target)
    assert [i.text for i in copy.board.ideas(copy.board.topics()[0].id)] == ["in the wal"]
    copy.close()
    with pytest.raises(WorkshopFileError, match="already exists"):
        ow.store.save_copy(target)
    with pytest.raises(WorkshopFileError, match="is the workshop you have open"):
        ow.store.save_copy(ow.path)


def test_names_with_spaces_hashes_and_question_marks_work_everywhere(
    tmp_path: Path, clock: FakeClock
) -> None:
    folder = tmp_path / "Kunden #1 ? (Entwurf) ü"
    folder.mkdir()
    path = folder / "Q3 JBP #2 ?draft%20.planwall"
    ow = OpenWorkshop.create_from_template("quarterly-rocks", path, clock)
    ow.board.add_idea(ow.board.topics()[0].id, "works")
    make_backup(path)
    ow.close()
    viewer = OpenWorkshop.open(path, clock, read_only=True)
    assert viewer.counts()["ideas"] == 1
    viewer.close()
    store = WorkshopStore.open(path, lock=True)
    store.close()
    counts = list_backups(path)[0].counts
    assert counts is not None and counts["ideas"] == 1
    assert sorted(p.name for p in folder.iterdir()) == [path.name]


@pytest.mark.parametrize(
    ("error", "says"),
    [
        (errno.EACCES, "you do not have permission to create files in"),
        (errno.EROFS, "is on a read-only drive"),
        (errno.ENOSPC, "is full"),
    ],
)
def test_a_new_file_where_the_folder_refuses_names_the_folder_and_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: int, says: str
) -> None:
    """(As root the folder's permissions cannot refuse for real; the tmpfs test covers read-only.)"""
    from workshop_app.store import checks
    from workshop_app.store.engine import create_file

    def refuse(*_args: object, **_kwargs: object) -> tuple[int, str]:
        raise OSError(error, os.strerror(error))

    monkeypatch.setattr(checks.tempfile, "mkstemp", refuse)
    target = tmp_path / "JBP.planwall"
    with pytest.raises(WorkshopFileError) as caught:
        create_file(target)
    assert str(caught.value).startswith("Planwall cannot create JBP.planwall: ")
    assert says in str(caught.value) and str(tmp_path) in str(caught.value)
    assert "Choose a folder you can write to" in str(caught.value)
    assert list(tmp_path.iterdir()) == []
