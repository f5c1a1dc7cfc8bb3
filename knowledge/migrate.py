"""Schema migrations (alembic): bring a store up to date, or tell whether it is."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

__all__ = ["current_revision", "ensure_schema", "head_revision", "is_current", "upgrade"]

_SCRIPTS = Path(__file__).parent / "migrations"


def _config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(_SCRIPTS))
    config.set_main_option("sqlalchemy.url",
                           engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    return config


def head_revision() -> str:
    """The revision the code expects."""
    config = Config()
    config.set_main_option("script_location", str(_SCRIPTS))
    head = ScriptDirectory.from_config(config).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None when never migrated)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def is_current(engine: Engine) -> bool:
    """True when the database is at the code's revision."""
    return current_revision(engine) == head_revision()


def upgrade(engine: Engine) -> None:
    """Migrate the database to the code's revision (``factdesk db upgrade``)."""
    import knowledge.models  # noqa: F401

    config = _config(engine)
    with engine.begin() as connection:
        tables = set(inspect(connection).get_table_names())
        config.attributes["connection"] = connection
        if "alembic_version" not in tables and "fact" in tables:
            # A store made before migrations existed: bring its tables up, then record it.
            SQLModel.metadata.create_all(connection)
            command.stamp(config, "head")
        else:
            command.upgrade(config, "head")


def ensure_schema(engine: Engine) -> None:
    """Create or migrate the tables as needed (used by ``factdesk init`` and tests)."""
    if not is_current(engine):
        upgrade(engine)
