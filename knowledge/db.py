"""Engines for the fact store: SQLite with sensible pragmas, or any SQLAlchemy URL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

__all__ = [
    "CONTENTS", "DEFAULT_DATABASE_URL", "INTAKE", "DatabaseUrlError", "bump_generation",
    "create_tables", "database_url", "make_engine", "next_seq", "session",
]

DEFAULT_DATABASE_URL = "sqlite:///var/factdesk.db"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


class DatabaseUrlError(ValueError):
    """A database address factdesk cannot use; the message says which forms it takes."""


_FORMS = "use sqlite:///PATH or postgresql://USER:PASSWORD@HOST/DATABASE"


def database_url(url: str) -> str:
    """``url`` in the form SQLAlchemy takes: ``postgres://`` and ``postgresql://`` (as hosting
    platforms set DATABASE_URL) become ``postgresql+psycopg://``; anything else is refused."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    url = url.strip()
    if not url:
        raise DatabaseUrlError(f"the database address is empty: {_FORMS}")
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseUrlError(f"{_shown(url)} is not a database address: {_FORMS}") from None
    backend, _, driver = parsed.drivername.partition("+")
    if backend in {"postgres", "postgresql"} and driver in {"", "psycopg", "psycopg2"}:
        if driver != "psycopg":
            parsed = parsed.set(drivername="postgresql+psycopg")
        return parsed.render_as_string(hide_password=False)
    if backend == "sqlite" and driver in {"", "pysqlite"}:
        return url
    raise DatabaseUrlError(f"{_shown(url)}: factdesk stores its facts in SQLite or PostgreSQL, "
                           f"not {parsed.drivername!r}: {_FORMS}")


def _shown(url: str) -> str:
    """A URL for a message, with any password masked."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return repr(url.split("@")[-1][:80])


def make_engine(url: str = DEFAULT_DATABASE_URL, **kwargs: Any) -> Engine:
    """Create an engine for ``url``; for SQLite files, create the parent folder first.

    Raises DatabaseUrlError for an address that names neither SQLite nor PostgreSQL.
    """
    url = database_url(url)
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1] if "///" in url else ""
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        # The driver keeps each statement it prepared (128 by default); a query with a long
        # IN list holds a few hundred KB, and ingest's come in many lengths: a short cache
        # keeps memory flat over a long backfill.
        kwargs.setdefault("connect_args", {"check_same_thread": False, "cached_statements": 16})
        if path and path != ":memory:":
            # Keep connections open for every worker thread: opening one costs more
            # than answering a question.
            kwargs.setdefault("pool_size", 32)
            kwargs.setdefault("max_overflow", 32)
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    if url.startswith("postgresql"):
        # Fail fast when the server is down, so Slack hears back within its 3 seconds.
        kwargs.setdefault("connect_args", {"connect_timeout": 2})
        kwargs.setdefault("pool_timeout", 2)
    return create_engine(url, **kwargs)


def create_tables(engine: Engine) -> None:
    """Bring the store's tables to the code's schema (alembic migrations)."""
    from knowledge.migrate import ensure_schema

    ensure_schema(engine)


def session(engine: Engine) -> Session:
    """A session that keeps loaded objects usable after commit."""
    return Session(engine, expire_on_commit=False)


#: ``storestate`` rows: the store's contents (the pack, confirmed figures, corrections,
#: editors' decisions), which answers must show at once; and its intake (sources and
#: candidate figures from ingest), which answers may show a few seconds late.
CONTENTS = 1
INTAKE = 2


def bump_generation(connection: Session | Any, *, intake: bool = False) -> None:
    """Mark the store as changed (inside the caller's transaction) so caches are renewed:
    its contents, or with ``intake`` only what ingest adds (sources and candidates)."""
    import datetime as dt

    from sqlalchemy import text

    connection.execute(
        text("INSERT INTO storestate (id, generation, changed_at) VALUES (:row, 1, :now) "
             "ON CONFLICT (id) DO UPDATE SET generation = storestate.generation + 1, "
             "changed_at = excluded.changed_at"),
        {"row": INTAKE if intake else CONTENTS, "now": dt.datetime.now(dt.UTC)},
    )


def next_seq(connection: Session | Any) -> int:
    """The next ingest sequence number (call inside the transaction that adds the source)."""
    from sqlalchemy import text

    current = connection.execute(text("SELECT COALESCE(MAX(seq), 0) FROM source")).scalar()
    return int(current or 0) + 1
