"""Schema 2: workshop.updated_at, when a change was last saved.

Why: a facilitator needs to see that the room's work is on disk ("Last saved 10:42"
in the window title), and the backup list and the damaged-file message can then say
how recent each copy's content is, not only when the copy was taken.

The workshop table is rebuilt the way Alembic rebuilds SQLite tables for any change
it cannot ALTER ("move and copy", recreate="always"), so the upgrade path every
later revision will need is proven now: the upgraded table has the column layout of
a new file (a test compares the schemas; only SQLite's quoting of the renamed
table's name differs), and since every other table refers to workshop,
``migrate.upgrade`` runs it with foreign keys OFF: dropping the old table with them
on would cascade-delete every participant, idea, vote and rock
(tests/reliability/test_migration.py shows both).

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The workshop table as revision 0001 created it (so the copy does not rely on reflection).
WORKSHOP_V1 = sa.Table(
    "workshop",
    sa.MetaData(),
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("title", sa.Text(), nullable=False),
    sa.Column("supplier_name", sa.Text(), nullable=False),
    sa.Column("customer_name", sa.Text(), nullable=False),
    sa.Column("location", sa.Text(), nullable=False),
    sa.Column("facilitator", sa.Text(), nullable=False),
    sa.Column("vision", sa.Text(), nullable=False),
    sa.Column("template", sa.Text(), nullable=False),
    sa.Column("created_at", sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint("id", name="pk_workshop"),
    sqlite_autoincrement=True,
)


def upgrade() -> None:
    with op.batch_alter_table("workshop", recreate="always", copy_from=WORKSHOP_V1) as batch_op:
        batch_op.add_column(sa.Column("updated_at", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("workshop", recreate="always") as batch_op:
        batch_op.drop_column("updated_at")
