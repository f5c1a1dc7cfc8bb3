"""Full-text search indexes confirmed figures only: candidates are never searched, and
indexing every candidate's quote was most of the cost of writing one.

SQLite: the FTS5 triggers add a row to the index when it is (or becomes) confirmed and take
it out when it stops being confirmed, changes its quote or is deleted. PostgreSQL: the
stored tsvector is computed for confirmed figures only (null otherwise), under a partial
GIN index.

Revision ID: 0006
Revises: 0005
"""
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_TRIGGERS = ("fact_fts_insert", "fact_fts_delete", "fact_fts_update")


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_fact_quote_tsv")
        op.execute("ALTER TABLE fact DROP COLUMN IF EXISTS quote_tsv")
        op.execute("ALTER TABLE fact ADD COLUMN quote_tsv tsvector GENERATED ALWAYS AS ("
                   "CASE WHEN status = 'confirmed' THEN to_tsvector('english', quote) END"
                   ") STORED")
        op.execute("CREATE INDEX ix_fact_quote_tsv ON fact USING GIN (quote_tsv) "
                   "WHERE quote_tsv IS NOT NULL")
        return
    for trigger in _TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    # An external-content index must be told exactly what it holds when a row leaves it,
    # so a row is taken out only if it was confirmed, and put in only if it is.
    op.execute("CREATE TRIGGER fact_fts_insert AFTER INSERT ON fact "
               "WHEN new.status = 'confirmed' BEGIN "
               "INSERT INTO fact_fts(rowid, quote) VALUES (new.rowid, new.quote); END")
    op.execute("CREATE TRIGGER fact_fts_delete AFTER DELETE ON fact "
               "WHEN old.status = 'confirmed' BEGIN "
               "INSERT INTO fact_fts(fact_fts, rowid, quote) VALUES ('delete', old.rowid, "
               "old.quote); END")
    op.execute("CREATE TRIGGER fact_fts_update AFTER UPDATE OF quote, status ON fact "
               "WHEN old.status = 'confirmed' OR new.status = 'confirmed' BEGIN "
               "INSERT INTO fact_fts(fact_fts, rowid, quote) SELECT 'delete', old.rowid, "
               "old.quote WHERE old.status = 'confirmed'; "
               "INSERT INTO fact_fts(rowid, quote) SELECT new.rowid, new.quote "
               "WHERE new.status = 'confirmed'; END")
    op.execute("INSERT INTO fact_fts(fact_fts) VALUES ('delete-all')")
    op.execute("INSERT INTO fact_fts(rowid, quote) SELECT rowid, quote FROM fact "
               "WHERE status = 'confirmed'")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_fact_quote_tsv")
        op.execute("ALTER TABLE fact DROP COLUMN IF EXISTS quote_tsv")
        op.execute("ALTER TABLE fact ADD COLUMN quote_tsv tsvector "
                   "GENERATED ALWAYS AS (to_tsvector('english', quote)) STORED")
        op.execute("CREATE INDEX ix_fact_quote_tsv ON fact USING GIN (quote_tsv)")
        return
    for trigger in _TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
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
