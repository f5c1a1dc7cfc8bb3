"""Shared fixtures: a real SQLite store built from the seeds and the curated pack."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from knowledge.native import status as _native_status

_BUILD, _STALE = _native_status()  # before any compiled module is imported
if _BUILD == "stale":
    pytest.exit(f"compiled modules older than their source: {', '.join(_STALE)}; "
                "rebuild them with `make compile` (or run `make test`)", returncode=2)

from knowledge.db import make_engine  # noqa: E402
from knowledge.pack import DEFAULT_PACK_DIR, init_store  # noqa: E402
from knowledge.store import FactStore  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
PACK = DEFAULT_PACK_DIR


BACKEND = os.environ.get("FACTDESK_TEST_BACKEND", "sqlite")


def _new_pg_database() -> str:
    import uuid

    from sqlalchemy import create_engine, text

    admin = create_engine(os.environ["FACTDESK_TEST_PG_URL"], isolation_level="AUTOCOMMIT")
    name = f"factdesk_t_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return os.environ["FACTDESK_TEST_PG_URL"].rsplit("/", 1)[0] + "/" + name


def _drop_pg_database(url: str) -> None:
    from sqlalchemy import create_engine, text

    admin = create_engine(os.environ["FACTDESK_TEST_PG_URL"], isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" '
                                "WITH (FORCE)"))
    admin.dispose()


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """URL of a store holding the seeds and the curated pack (SQLite, or PostgreSQL when
    FACTDESK_TEST_BACKEND=postgresql)."""
    if BACKEND == "postgresql":
        url = _new_pg_database()
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('store') / 'factdesk.db'}"
    engine = make_engine(url)
    init_store(engine, pack_dir=PACK, seeds_dir=SEEDS)
    engine.dispose()
    yield url
    if BACKEND == "postgresql":
        _drop_pg_database(url)


@pytest.fixture(scope="session")
def store(seed_db: str) -> FactStore:
    """A read-only view of the seed store, shared by the session."""
    return FactStore(make_engine(seed_db))


@pytest.fixture
def clean_environ(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No factdesk or Slack settings leak in from the machine."""
    for name in list(os.environ):
        if name.startswith(("SLACK_", "FACTDESK_")) or name in {"DATABASE_URL", "PORT"}:
            monkeypatch.delenv(name, raising=False)
    yield


@pytest.fixture
def store_copy(seed_db: str, tmp_path: Path) -> Iterator[FactStore]:
    """A private copy of the seed store that a test may write to."""
    import sqlite3

    if BACKEND == "postgresql":
        url = _new_pg_database()
        init_store(make_engine(url), pack_dir=PACK, seeds_dir=SEEDS)
        store = FactStore(make_engine(url))
        yield store
        store.engine.dispose()
        _drop_pg_database(url)
        return
    source = seed_db.removeprefix("sqlite:///")
    target = tmp_path / "store.db"
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    src.backup(dst)
    src.close()
    dst.close()
    yield FactStore(make_engine(f"sqlite:///{target}"))


PG_ENV = "FACTDESK_TEST_PG_URL"


def _pg_admin_url() -> str | None:
    return os.environ.get(PG_ENV) or None


def _pg_reachable() -> tuple[bool, str]:
    url = _pg_admin_url()
    if not url:
        return False, f"{PG_ENV} is not set"
    try:
        from sqlalchemy import create_engine, text

        engine = create_engine(url, connect_args={"connect_timeout": 3})
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
        return True, url
    except Exception as exc:  # noqa: BLE001
        return False, f"cannot connect to {url} ({exc.__class__.__name__})"


PG_OK, PG_STATUS = _pg_reachable()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "sqlite_only: needs an SQLite file (skipped on the "
                                       "PostgreSQL pass)")
    config.addinivalue_line("markers", "once: slow and independent of the store's backend "
                                       "(runs on the SQLite pass only)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if BACKEND != "postgresql":
        return
    skip = pytest.mark.skip(reason="tests an SQLite file; the SQLite pass covers it")
    once = pytest.mark.skip(reason="runs once, on the SQLite pass")
    for item in items:
        if "sqlite_only" in item.keywords:
            item.add_marker(skip)
        elif "once" in item.keywords:
            item.add_marker(once)


def pytest_report_header(config: pytest.Config) -> str:
    if BACKEND == "postgresql":
        return f"store backend: PostgreSQL ({PG_STATUS}) — the whole suite runs on it"
    if PG_OK:
        return f"PostgreSQL: running the PostgreSQL tests against {PG_STATUS}"
    return (f"PostgreSQL: NOT reachable — PostgreSQL tests are skipped ({PG_STATUS}); "
            ".ci/run installs and starts a server")


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test (skipped without a server)."""
    if not PG_OK:
        pytest.skip(f"PostgreSQL not reachable: {PG_STATUS}")
    import uuid

    from sqlalchemy import create_engine, text

    admin = create_engine(_pg_admin_url(), isolation_level="AUTOCOMMIT")
    name = f"factdesk_t_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    base = _pg_admin_url().rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def ingest_and_confirm(store: FactStore, folder: Path, copy: dict[str, str] | None = None
                       ) -> None:
    """Write ``copy`` (name -> text) into ``folder``, take the folder in and confirm every
    candidate, as an editor would."""
    from knowledge.curation import confirm
    from knowledge.ingest import Ingester, read_paths

    for name, text in (copy or {}).items():
        (folder / name).write_text(text, encoding="utf-8")
    Ingester(store.engine, store=store).ingest(read_paths([str(folder)]))
    for row in store.list_figures(status="candidate", limit=500):
        confirm(store.engine, row.id, who="U0EDITOR")
    store.refresh()


@contextmanager
def story_store(folder: Path, pack_dir: Path, sources: Path) -> Iterator[FactStore]:
    """A fresh store (a new database on PostgreSQL runs) holding one pack's story alone."""
    url = _new_pg_database() if BACKEND == "postgresql" else f"sqlite:///{folder / 'story.db'}"
    init_store(make_engine(url), pack_dir=pack_dir, seeds_dir=sources)
    store = FactStore(make_engine(url))
    try:
        yield store
    finally:
        store.engine.dispose()
        if BACKEND == "postgresql":
            _drop_pg_database(url)
