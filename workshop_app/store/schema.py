"""What identifies a Planwall workshop file and which schema version this program writes."""

from __future__ import annotations

# PRAGMA application_id: "PLAW" in ASCII, so `file` and we can tell our files apart.
APPLICATION_ID = 0x504C4157
# PRAGMA user_version: bumped with every Alembic revision; see store/migrations/versions.
SCHEMA_VERSION = 3
# Alembic revision for each schema version (1: the first schema; 2: workshop.updated_at;
# 3: workshop.time_zone).
REVISIONS = {1: "0001", 2: "0002", 3: "0003"}
HEAD_REVISION = REVISIONS[SCHEMA_VERSION]
SQLITE_MAGIC = b"SQLite format 3\x00"
FILE_SUFFIX = ".planwall"
# The exact DDL Alembic uses for its version table, so a file made by create_file and
# a file built by the migrations have identical sqlite_master entries.
ALEMBIC_VERSION_DDL = (
    "CREATE TABLE alembic_version (\n\tversion_num VARCHAR(32) NOT NULL, \n\t"
    "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)\n)"
)
# app_state key set (and checkpointed into the main file) while a Planwall has the
# workshop open for writing, removed on a clean close: set in the main file with no
# -wal beside it means the latest changes were in a -wal that is gone.
OPEN_MARKER = "planwall.open"
