"""Full-text search over figures' quotes: FTS5 on SQLite, tsvector + GIN on PostgreSQL.

Revision ID: 0002
Revises: 0001
"""
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE fact ADD COLUMN quote_tsv tsvector "
                   "GENERATED ALWAYS AS (to_tsvector('english', quote)) STORED")
        op.execute("CREATE INDEX ix_fact_quote_tsv ON fact USING GIN (quote_tsv)")
        return
    op.execute("CREATE VIRTUAL TABLE fact_fts USING fts5(quote, content='fact', "
               "content_rowid='rowid', tokenize='porter unicode61')")
    op.execute("CREATE TRIGGER fact_fts_insert AFTER INSERT ON fact BEGIN "
               "INSERT INTO fact_fts(rowid, quote) VALUES (new.rowid, new.quote); END")
    op.execute("CREATE TRIGGER fact_fts_delete AFTER DELETE ON fact BEGIN "
               "INSERT INTO fact_fts(fact_fts, rowid, quote) VALUES ('delete', old.rowid, "
               "old.quote); END")
    op.execute("CREATE TRIGGER fact_fts_update AFTER UPDATE OF quote ON fact BEGIN "
               "INSERT INTO fact_fts(fact_fts, rowid, quote) VALUES ('delete', old.rowid, "
               "old.quote); INSERT INTO fact_fts(rowid, quote) VALUES (new.rowid, new.quote); "
               "END")
    op.execute("INSERT INTO fact_fts(fact_fts) VALUES ('rebuild')")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_fact_quote_tsv")
        op.execute("ALTER TABLE fact DROP COLUMN IF EXISTS quote_tsv")
        return
    for trigger in ("fact_fts_insert", "fact_fts_delete", "fact_fts_update"):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS fact_fts")
