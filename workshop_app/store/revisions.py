"""Which tables changed when, and which loaded objects that makes out of date.

Every change, undo, redo or rollback of the open workshop is a new *revision*.  The undo log
holds the SQL of every row a change wrote, cascades included, so the tables it touched are
known: ``Revisions`` keeps the revision at which each table last changed (``of``), which
lets a service keep what it read until one of its tables changes, and expires only the
attributes of loaded objects that show a changed table (``shown_by_table``), so the rest stay
loaded and need no query.  A rollback, or a statement that is not the log's own, counts as
"everything changed".
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import Table
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import MANYTOONE, Mapper, Session

from workshop_app.model import Base
from workshop_app.store import undo_log

# Stamped by every change outside the undo log: "last saved" (workshop.updated_at) and the
# open marker (app_state).
STAMPED_TABLES = frozenset({"workshop", "app_state"})


@functools.cache
def shown_by_table(cls: type[Base]) -> dict[str, tuple[str, ...]]:
    """table -> the attributes of a loaded ``cls`` object that show rows of that table: its own
    table, its columns and references (a reference is the object's own foreign key); a
    collection's table (one-to-many, many-to-many), that collection."""
    mapper: Mapper[Any] = sa_inspect(cls)
    shown: dict[str, list[str]] = {}
    own = [t.name for t in mapper.tables]
    for table in own:
        shown.setdefault(table, []).extend(c.key for c in mapper.column_attrs)
    for rel in mapper.relationships:
        tables = own if rel.direction is MANYTOONE else [rel.target.name]
        if rel.secondary is not None:
            tables = [*tables, cast(Table, rel.secondary).name]
        for table in tables:
            shown.setdefault(table, []).append(rel.key)
    return {table: tuple(dict.fromkeys(keys)) for table, keys in shown.items()}


class Revisions:
    """The revision counter of one open workshop and what each revision changed (see the module)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.current = 0
        self._table: dict[str, int] = {}  # table -> the revision at which it last changed
        self._whole = 0  # the last revision at which anything may have changed

    def changed(self, statements: Sequence[str] | None = None) -> None:
        """A new revision.  ``statements`` (the undo log of what was just committed, cascades
        included) say which tables changed; then only the objects that show rows of those
        tables are expired, else every object is."""
        self.current += 1
        tables = None if statements is None else undo_log.tables_of(statements)
        if tables is None:
            self.session.expire_all()
            self._whole = self.current
            return
        for table in tables:
            self._table[table] = self.current
        if tables:
            self._expire_showing(tables | STAMPED_TABLES)

    def _expire_showing(self, tables: set[str]) -> None:
        session = self.session
        for obj in list(session.identity_map.values()):
            shown = shown_by_table(cast(type[Base], type(obj)))
            names = [name for table in tables for name in shown.get(table, ())]
            if names:
                # (with names, expire() does not cascade to related objects, which would expire
                # everything a workshop holds)
                session.expire(obj, names)

    def of(self, *tables: str) -> int:
        """The last revision at which any of ``tables`` may have changed: what was read from them
        is still true while this number stays the same (even if other tables change)."""
        return max([self._whole, *(self._table.get(t, 0) for t in tables)])
