"""Schema 3: workshop.time_zone, the IANA name of the room's time zone ("Europe/London").

Why: times are stored in UTC and were shown in the zone of whichever laptop showed them,
so a pack exported in New York showed a London workshop's 09:05 start as 05:05 next to
its planned 09:00.  New workshops take the zone of the laptop they are made on; the
facilitator can change it on the Setup stage.  Files made before keep NULL, which means
"the laptop's zone", exactly as they were shown before.

Rebuilt like 0002 ("move and copy", foreign keys off in ``migrate.upgrade``) so that the
upgraded table has the column layout of a new file.

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The workshop table as revision 0002 left it (so the copy does not rely on reflection).
WORKSHOP_V2 = sa.Table(
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
    sa.Column("updated_at", sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint("id", name="pk_workshop"),
    sqlite_autoincrement=True,
)


def upgrade() -> None:
    with op.batch_alter_table("workshop", recreate="always", copy_from=WORKSHOP_V2) as batch_op:
        batch_op.add_column(sa.Column("time_zone", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("workshop", recreate="always") as batch_op:
        batch_op.drop_column("time_zone")
