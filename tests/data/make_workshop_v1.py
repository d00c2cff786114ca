"""Recreate tests/data/workshop-v1.planwall: a complete two-day JBP in schema version 1.

The file is built the way Planwall 0.1 (schema 1) built files: the schema comes from
migration 0001 alone (not from today's model), then the rows of the sample session
``complete-jbp`` are inserted, plus the UI state the app keeps and a few extra agenda
pauses, so that rows reached only through cascading foreign keys (votes, interest,
risks, pauses) are all there.  Run from the repository root:

    python tests/data/make_workshop_v1.py

The checked-in file is what the migration tests use; regenerate it only on purpose.
"""

from __future__ import annotations

import sqlite3
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

from workshop_app.store.interchange import INSERT_ORDER, parse_document
from workshop_app.store.migrate import build_schema, migration_engine

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "tests" / "data" / "workshop-v1.planwall"


def main() -> None:
    if OUT.exists():
        sys.exit(f"{OUT} exists; delete it first if you really mean to regenerate it")
    rows = parse_document((ROOT / "sample_sessions" / "complete-jbp.json").read_text("utf-8"), "complete-jbp")
    # More pauses: every started item on day 1 with an even id was paused for 3 minutes.
    from workshop_app.model import AgendaItem, AgendaPause

    for item in rows[AgendaItem]:
        if item.get("started_at") and item["id"] % 2 == 0:
            start = item["started_at"] + timedelta(minutes=4)
            rows[AgendaPause].append(
                {"item_id": item["id"], "started_at": start, "ended_at": start + timedelta(minutes=3)}
            )
    build_schema(OUT, "0001", version=1)
    engine = migration_engine(OUT)
    try:
        with engine.connect() as conn, conn.begin():
            for cls in INSERT_ORDER:
                if rows[cls]:
                    conn.execute(insert(cls.__table__), rows[cls])  # type: ignore[attr-defined]
            for key, value in (("stage", "rocks"), ("topic", "3"), ("wall.zoom", "1.25")):
                conn.exec_driver_sql("INSERT INTO app_state(key, value) VALUES (?, ?)", (key, value))
            problems = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            assert not problems, problems
    finally:
        engine.dispose()
    con = sqlite3.connect(OUT)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.execute("PRAGMA journal_mode=DELETE")  # one self-contained file in the repository
    con.execute("VACUUM")
    con.close()
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes) at {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")


if __name__ == "__main__":
    main()
