"""Row-level undo for every change, recorded by SQLite itself.

Each tracked table gets three TEMP triggers (so nothing is written to the workshop
file) that append the inverse SQL of every row insert, update and delete to a TEMP
table.  Because SQLite fires them for foreign-key cascades as well, one mechanism
undoes any service call exactly, however many rows it touched.  Replaying an
entry's statements in reverse order undoes it; the replay itself is recorded and
becomes the redo entry.  This is the technique of https://sqlite.org/undoredo.html.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Table

LOG_TABLE = "planwall_undo_log"  # a TEMP table
# Columns the store maintains itself and that undo must leave alone ("last saved").
UNTRACKED_COLUMNS = {("workshop", "updated_at")}


def _quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def trigger_sql(table: Table) -> list[str]:
    """The CREATE TEMP TRIGGER statements that log the inverse of changes to ``table``."""
    name = table.name
    q = _quote_ident(name)
    cols = [c.name for c in table.columns]
    tracked = [c for c in cols if c != "id" and (name, c) not in UNTRACKED_COLUMNS]
    col_list = ",".join(_quote_ident(c) for c in cols)
    values = "||','||".join(f"quote(old.{_quote_ident(c)})" for c in cols)
    sets = "||','||".join(f"'{_quote_ident(c)}='||quote(old.{_quote_ident(c)})" for c in tracked)
    # UPDATE OF: an update of untracked columns only ("last saved") is not logged at all.
    update_of = ",".join(_quote_ident(c) for c in ["id", *tracked])
    esc = q.replace("'", "''")
    return [
        f"CREATE TEMP TRIGGER IF NOT EXISTS planwall_undo_{name}_ins AFTER INSERT ON main.{q} "
        f"BEGIN INSERT INTO {LOG_TABLE}(stmt) VALUES('DELETE FROM {esc} WHERE id='||new.id); END",
        f"CREATE TEMP TRIGGER IF NOT EXISTS planwall_undo_{name}_upd AFTER UPDATE OF {update_of} ON main.{q} "
        f"BEGIN INSERT INTO {LOG_TABLE}(stmt) VALUES('UPDATE {esc} SET '||{sets}||' WHERE id='||old.id); END",
        f"CREATE TEMP TRIGGER IF NOT EXISTS planwall_undo_{name}_del BEFORE DELETE ON main.{q} "
        f"BEGIN INSERT INTO {LOG_TABLE}(stmt) VALUES("
        f"'INSERT INTO {esc}({col_list.replace(chr(39), chr(39) * 2)}) VALUES('||{values}||')'); END",
    ]


_STATEMENT_TABLE = re.compile(r'(?:DELETE FROM|UPDATE|INSERT INTO) "((?:[^"]|"")+)"')


def tables_of(statements: Sequence[str]) -> set[str] | None:
    """The tables the logged ``statements`` touch; None when one of them is not the log's own
    (then nothing can be said about which tables changed)."""
    tables = set()
    for stmt in statements:
        m = _STATEMENT_TABLE.match(stmt)
        if m is None:
            return None
        tables.add(m.group(1).replace('""', '"'))
    return tables


def install(dbapi_connection: sqlite3.Connection, tables: Sequence[Table]) -> None:
    """Create the TEMP log table and triggers on a fresh connection."""
    cur = dbapi_connection.cursor()
    cur.execute(f"CREATE TEMP TABLE IF NOT EXISTS {LOG_TABLE}(seq INTEGER PRIMARY KEY, stmt TEXT)")
    for table in tables:
        for sql in trigger_sql(table):
            cur.execute(sql)
    cur.close()


@dataclass(frozen=True)
class UndoEntry:
    """One undoable step: its label ("Add idea 'X'") and the SQL that reverses it."""

    label: str
    statements: tuple[str, ...]


class UndoHistory:
    """Undo and redo stacks of one open workshop (kept in memory, not in the file)."""

    def __init__(self, limit: int = 2000) -> None:
        self._undo: list[UndoEntry] = []
        self._redo: list[UndoEntry] = []
        self._limit = limit

    def recorded(self, entry: UndoEntry) -> None:
        """A new change was committed: it can be undone, and nothing can be redone."""
        if not entry.statements:
            return
        self._undo.append(entry)
        if len(self._undo) > self._limit:
            del self._undo[0]
        self._redo.clear()

    def clear(self) -> None:
        self._undo.clear()
        self._redo.clear()

    @property
    def undo_label(self) -> str | None:
        return self._undo[-1].label if self._undo else None

    @property
    def redo_label(self) -> str | None:
        return self._redo[-1].label if self._redo else None

    def peek_undo(self) -> UndoEntry | None:
        return self._undo[-1] if self._undo else None

    def peek_redo(self) -> UndoEntry | None:
        return self._redo[-1] if self._redo else None

    def undone(self, redo_entry: UndoEntry) -> None:
        self._undo.pop()
        self._redo.append(redo_entry)

    def redone(self, undo_entry: UndoEntry) -> None:
        self._redo.pop()
        self._undo.append(undo_entry)

    def __len__(self) -> int:
        return len(self._undo)
