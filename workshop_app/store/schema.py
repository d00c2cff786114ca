"""What identifies a Planwall workshop file and which schema version this program writes."""

from __future__ import annotations

# PRAGMA application_id: "PLAW" in ASCII, so `file` and we can tell our files apart.
APPLICATION_ID = 0x504C4157
# PRAGMA user_version: bumped with every Alembic revision; see store/migrations/versions.
SCHEMA_VERSION = 1
# Alembic revision for each schema version.
REVISIONS = {1: "0001"}
HEAD_REVISION = REVISIONS[SCHEMA_VERSION]
SQLITE_MAGIC = b"SQLite format 3\x00"
FILE_SUFFIX = ".planwall"
