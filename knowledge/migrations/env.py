"""Alembic environment: the fact store's tables are SQLModel.metadata."""

from __future__ import annotations

from alembic import context
from sqlalchemy import engine_from_config, pool
from sqlmodel import SQLModel

import knowledge.models  # noqa: F401  (registers the tables)

config = context.config
target_metadata = SQLModel.metadata


def _include_name(name: str | None, type_: str, _parent: object) -> bool:
    # APScheduler and slack_sdk (installations, OAuth states) own their tables; FTS shadow
    # tables and the PostgreSQL search column are made by migration 0002 by hand.
    if type_ == "table" and name and name.startswith(("apscheduler", "sqlite_", "fact_fts",
                                                       "slack_")):
        return False
    return not (type_ == "column" and name == "quote_tsv")


def run_migrations() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        engine = engine_from_config(config.get_section(config.config_ini_section) or {},
                                    prefix="sqlalchemy.", poolclass=pool.NullPool)
        with engine.connect() as connection:
            _run(connection)
        return
    _run(connection)


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=connection.dialect.name == "sqlite",
                      include_name=_include_name, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
