"""The Bolt app: built from settings, with its Web API client and store passed in."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from concurrent.futures import Executor
from pathlib import Path
from typing import Any

from slack_bolt import App, BoltResponse
from slack_bolt.logger.messages import (
    warning_client_prioritized_and_token_skipped,
    warning_token_skipped,
)
from slack_bolt.middleware.authorization.single_team_authorization import (
    SingleTeamAuthorization,
)
from slack_bolt.oauth.callback_options import CallbackOptions, FailureArgs, SuccessArgs
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
)
from sqlalchemy.engine import Engine

from bot.listeners import Deps, register_listeners
from bot.logs import protect_request_logs
from bot.settings import Settings
from bot.teams import TeamStores
from knowledge.db import make_engine
from knowledge.store import FactStore

__all__ = ["create_app", "web_client"]


class _Logged:
    """A retry handler that logs each retry in one line (slack_sdk's own say it in three)."""

    def prepare_for_next_attempt(self, *, state: Any, request: Any, response: Any = None,
                                 error: Exception | None = None) -> None:
        method = request.url.rsplit("/", 1)[-1]
        why = f"HTTP {response.status_code}" if response is not None else \
            str(getattr(error, "reason", None) or error.__class__.__name__)
        if response is not None and response.status_code == 429:
            wait = "as Retry-After says"
        else:
            delay = self.interval_calculator.calculate_sleep_duration(  # type: ignore
                state.current_attempt)
            wait = f"in {delay:.1f} s"
        _slack_log.warning("slack: %s failed (%s); retry %d of %d %s", method, why,
                           state.current_attempt + 1, self.max_retry_count,  # type: ignore
                           wait)
        super().prepare_for_next_attempt(  # type: ignore[misc]
            state=state, request=request, response=response, error=error)


class _ConnectionRetry(_Logged, ConnectionErrorRetryHandler):
    pass


class _RateLimitRetry(_Logged, RateLimitErrorRetryHandler):
    pass


_slack_log = logging.getLogger("factdesk.slack")


def web_client(settings: Settings) -> WebClient:
    """Slack Web API client: SLACK_API_URL, retries with backoff on connection errors and on
    429 (as long as Retry-After says), each retry logged."""
    base_url = settings.slack_api_url if settings.slack_api_url.endswith("/") \
        else settings.slack_api_url + "/"
    return WebClient(
        token=settings.secret("slack_bot_token") or None,
        base_url=base_url,
        retry_handlers=[
            _ConnectionRetry(max_retry_count=2),
            _RateLimitRetry(max_retry_count=3),
        ],
    )


class _QuietTokenNotices(logging.Filter):
    """Drop Bolt's notices that our client's token wins over the SLACK_BOT_TOKEN Bolt reads
    from the environment by itself: they describe Bolt's own look-up, not a problem."""

    _NOTICES = (warning_client_prioritized_and_token_skipped(), warning_token_skipped())

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() not in self._NOTICES


_QUIET = _QuietTokenNotices()


def create_app(settings: Settings, *, client: WebClient | None = None,
               store: FactStore | None = None, sleep: Callable[[float], None] = time.sleep,
               identity: Any = None, socket_mode: bool = False,
               listener_executor: Executor | None = None) -> App:
    """Build the factdesk Bolt app.

    One workspace: needs SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (Socket Mode: the bot token
    and SLACK_APP_TOKEN, no signing secret). Several workspaces: SLACK_CLIENT_ID and
    SLACK_CLIENT_SECRET turn on OAuth installs (/slack/install), tokens kept in slack_sdk's
    SQLAlchemy installation store, and FACTDESK_TEAM_DATABASE_URL gives each workspace its
    own fact store. ``identity`` is an ``auth.test`` answer already fetched at start-up, so
    that building the app makes no network call. ``listener_executor`` runs the work done
    after the acknowledgement (lazy listeners); the console passes one it can wait on.
    """
    engine = store.engine if store is not None else make_engine(settings.database_url)
    store = store or FactStore(engine)
    teams = None
    logger = logging.getLogger("factdesk.slack")
    logger.addFilter(_QUIET)
    protect_request_logs()
    common: dict[str, Any] = {
        "signing_secret": settings.secret("slack_signing_secret"),
        "client": client or web_client(settings),
        "process_before_response": True,
        "logger": logger,
        **({"listener_executor": listener_executor} if listener_executor is not None else {}),
        "request_verification_enabled": not socket_mode,
    }
    if settings.oauth and not socket_mode:
        settings.check("oauth")
        teams = TeamStores(store, settings.factdesk_team_database_url,
                           seeds_dir=Path(settings.seeds_dir) if settings.seeds_dir else None)
        app = App(**common, oauth_settings=_oauth_settings(settings, engine, teams))
    else:
        settings.check("socket" if socket_mode else "http")
        app = App(**common, token_verification_enabled=identity is None)
        if identity is not None:
            for middleware in app._middleware_list:  # noqa: SLF001  (seed Bolt's cache)
                if isinstance(middleware, SingleTeamAuthorization):
                    middleware.auth_test_result = identity
    register_listeners(app, Deps(store=store, engine=engine, editors=settings.editors,
                                 review_channel=settings.factdesk_review_channel,
                                 timezone=settings.factdesk_timezone, sleep=sleep, teams=teams))
    return app


def _oauth_settings(settings: Settings, engine: Engine, teams: TeamStores) -> OAuthSettings:
    """OAuth installs: tokens and states in the main database; a store per new workspace."""
    from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
    from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

    client_id = settings.slack_client_id or ""
    installations = SQLAlchemyInstallationStore(client_id=client_id, engine=engine)
    states = SQLAlchemyOAuthStateStore(expiration_seconds=600, engine=engine)
    for table_owner in (installations, states):
        table_owner.metadata.create_all(engine)

    def success(args: SuccessArgs) -> BoltResponse:
        if args.installation.team_id:
            teams.prepare(args.installation.team_id)
        return args.default.success(args)

    def failure(args: FailureArgs) -> BoltResponse:
        return args.default.failure(args)

    return OAuthSettings(
        client_id=client_id,
        client_secret=settings.secret("slack_client_secret"),
        scopes=[s.strip() for s in settings.slack_scopes.split(",") if s.strip()],
        installation_store=installations,
        state_store=states,
        install_path="/slack/install",
        redirect_uri_path="/slack/oauth_redirect",
        callback_options=CallbackOptions(success=success, failure=failure),
    )
