"""Before a process serves: the database reachable and migrated, Slack answering our token.

Each step waits out a transient failure (a database still starting, a network blip) for
FACTDESK_START_TIMEOUT seconds, logging every retry, and otherwise raises OperatorError with
one line saying what to do.
"""

from __future__ import annotations

import re
import urllib.error
from pathlib import Path
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine

import knowledge
from bot.failures import SETTING, UNAVAILABLE, OperatorError, SlackUnreachable, patiently
from bot.settings import Settings
from knowledge.db import make_engine

__all__ = ["auth_test", "code_revision", "connect_database", "database_revision",
           "require_migrated", "slack_identity", "socket_mode_ready"]


def connect_database(settings: Settings, *, budget: float | None = None) -> Engine:
    """An engine on DATABASE_URL, after one query has gone through."""
    engine = make_engine(settings.database_url)

    def attempt() -> Engine:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return engine

    return patiently("database", attempt, budget=_budget(settings, budget))


def require_migrated(engine: Engine) -> None:
    """Refuse a database the code's migrations have not reached.

    Read with one query and the migration files' headers rather than through alembic, whose
    import (with every SQL dialect it knows) would be a sixth of the server's start-up.
    """
    current = database_revision(engine)
    head = code_revision()
    if current != head:
        raise OperatorError(f"the database is not migrated (at {current or 'none'}, needs "
                            f"{head}): run `factdesk db upgrade` (or `factdesk init`)",
                            SETTING)


_MIGRATIONS = Path(knowledge.__file__).parent / "migrations" / "versions"
_REVISION = re.compile(r"^(down_revision|revision)\s*(?::[^=]+)?=\s*['\"]?([\w-]+|None)['\"]?",
                       re.MULTILINE)


def code_revision() -> str:
    """The migration revision this version of factdesk expects (alembic's head), read from
    the migration files' ``revision`` and ``down_revision`` lines."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in _MIGRATIONS.glob("*.py"):
        found = dict((name, value) for name, value in _REVISION.findall(path.read_text()))
        if "revision" in found:
            revisions.add(found["revision"])
            if found.get("down_revision", "None") != "None":
                parents.add(found["down_revision"])
    heads = revisions - parents
    if len(heads) != 1:  # a branched history: let alembic decide
        from knowledge.migrate import head_revision

        return head_revision()
    return heads.pop()


def database_revision(engine: Engine) -> str | None:
    """The revision the database is at (None when it was never migrated)."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        row = connection.execute(text("SELECT version_num FROM alembic_version")).first()
    return row[0] if row else None


def auth_test(client: WebClient, *, token: str | None = None) -> Any:
    """One ``auth.test`` call; SlackUnreachable when Slack does not answer."""
    try:
        return client.auth_test(token=token) if token else client.auth_test()
    except SlackApiError as exc:
        status = getattr(exc.response, "status_code", 200) if exc.response is not None else 200
        if status >= 500:
            raise SlackUnreachable(f"Slack's Web API at {client.base_url} answered HTTP {status}:"
                                   " retry later (status.slack.com)", UNAVAILABLE,
                                   transient=True) from None
        raise
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", None) or exc.__class__.__name__
        raise SlackUnreachable(f"cannot reach Slack at {client.base_url} ({reason}): check the "
                               "network, a proxy, or SLACK_API_URL", UNAVAILABLE,
                               transient=True) from None


def slack_identity(settings: Settings, client: WebClient, *, budget: float | None = None
                   ) -> Any:
    """``auth.test`` for the bot token, waiting out an unreachable Slack."""
    return patiently("slack", lambda: auth_test(client), budget=_budget(settings, budget))


def socket_mode_ready(settings: Settings, client: WebClient, *, budget: float | None = None
                      ) -> None:
    """Check that Slack accepts the app-level token for Socket Mode."""

    def attempt() -> None:
        try:
            client.apps_connections_open(app_token=settings.secret("slack_app_token"))
        except SlackApiError as exc:
            error = (exc.response or {}).get("error", "") if exc.response is not None else ""
            raise OperatorError(f"Slack refused the app-level token ({error}): create one with "
                                "connections:write under Basic Information, App-Level Tokens, "
                                "put it in SLACK_APP_TOKEN, and turn on Socket Mode in the app",
                                SETTING) from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", None) or exc.__class__.__name__
            raise SlackUnreachable(f"cannot reach Slack at {client.base_url} ({reason}): check "
                                   "the network, a proxy, or SLACK_API_URL", UNAVAILABLE,
                                   transient=True) from None

    patiently("slack", attempt, budget=_budget(settings, budget))


def _budget(settings: Settings, budget: float | None) -> float:
    return settings.factdesk_start_timeout if budget is None else budget
