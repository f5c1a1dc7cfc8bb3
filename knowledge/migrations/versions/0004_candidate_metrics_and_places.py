"""Metrics named from copy and places from the gazetteer: where each came from, and rules.

``metric.origin`` tells a pack metric from one the extractor named from the copy's own
words ("people.missing"); ``metric.rules`` holds how the extractor recognises a pack
metric. ``place.origin`` and ``place.gazetteer_id`` tell a pack place from one resolved
by the gazetteer, and which gazetteer entry a place is.

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("metric") as batch:
        batch.add_column(sa.Column("origin", sqlmodel.sql.sqltypes.AutoString(), nullable=False,
                                   server_default="pack"))
        batch.add_column(sa.Column("rules", sa.JSON(), nullable=True))
    with op.batch_alter_table("place") as batch:
        batch.add_column(sa.Column("origin", sqlmodel.sql.sqltypes.AutoString(), nullable=False,
                                   server_default="pack"))
        batch.add_column(sa.Column("gazetteer_id", sqlmodel.sql.sqltypes.AutoString(),
                                   nullable=True))
        batch.create_index("ix_place_gazetteer_id", ["gazetteer_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("place") as batch:
        batch.drop_index("ix_place_gazetteer_id")
        batch.drop_column("gazetteer_id")
        batch.drop_column("origin")
    with op.batch_alter_table("metric") as batch:
        batch.drop_column("rules")
        batch.drop_column("origin")
