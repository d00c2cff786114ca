"""Alembic environment for Planwall workshop files.

Planwall runs Alembic programmatically (``workshop_app.store.migrate``): the caller
opens the workshop file itself, switches foreign keys off, begins the one
transaction the whole upgrade runs in, and passes that SQLAlchemy connection in
``config.attributes["connection"]``.  Nothing here opens a database on its own.
"""

from __future__ import annotations

from alembic import context

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError(
        "Planwall migrations run through workshop_app.store.migrate, which passes the open "
        "connection in config.attributes['connection']."
    )

context.configure(
    connection=connection,
    # Only used when a developer autogenerates a new revision (see migrate.autogenerate).
    target_metadata=config.attributes.get("target_metadata"),
    # SQLite cannot ALTER most things: copy-and-move tables (foreign keys are off meanwhile).
    render_as_batch=True,
    compare_type=True,
)

with context.begin_transaction():
    context.run_migrations()
