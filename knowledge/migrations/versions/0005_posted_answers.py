"""Posted answers and the figures they gave; corrections posted in their threads.

Revision ID: 0005
Revises: 0004
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "postedanswer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("ts", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("thread_ts", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("team_id", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("posted_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "answerfigure",
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("fact_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(["post_id"], ["postedanswer.id"]),
        sa.PrimaryKeyConstraint("post_id", "fact_id"),
    )
    op.create_index("ix_answerfigure_fact_id", "answerfigure", ["fact_id"])
    op.create_table(
        "correctionpost",
        sa.Column("fact_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("channel_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("thread_ts", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("ts", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("posted_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("fact_id", "channel_id", "thread_ts"),
    )


def downgrade() -> None:
    op.drop_table("correctionpost")
    op.drop_index("ix_answerfigure_fact_id", table_name="answerfigure")
    op.drop_table("answerfigure")
    op.drop_table("postedanswer")
