"""The Bolt app: built from settings, with its Web API client and store passed in."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from slack_bolt import App, BoltResponse
from slack_bolt.oauth.callback_options import CallbackOptions, FailureArgs, SuccessArgs
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
)
from sqlalchemy.engine import Engine

from bot.listeners import Deps, register_listeners
from bot.settings import Settings
from bot.teams import TeamStores
from knowledge.db import make_engine
from knowledge.store import FactStore

__all__ = ["create_app", "web_client"]


def web_client(settings: Settings) -> WebClient:
    """Slack Web API client: SLACK_API_URL, retries on connection errors and on 429."""
    base_url = settings.slack_api_url if settings.slack_api_url.endswith("/") \
        else settings.slack_api_url + "/"
    return WebClient(
        token=settings.secret("slack_bot_token") or None,
        base_url=base_url,
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=2),
            RateLimitErrorRetryHandler(max_retry_count=3),
        ],
    )


def create_app(settings: Settings, *, client: WebClient | None = None,
               store: FactStore | None = None, sleep: Callable[[float], None] = time.sleep
               ) -> App:
    """Build the factdesk Bolt app.

    One workspace: needs SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET. Several workspaces:
    SLACK_CLIENT_ID and SLACK_CLIENT_SECRET turn on OAuth installs (/slack/install), tokens
    kept in slack_sdk's SQLAlchemy installation store, and FACTDESK_TEAM_DATABASE_URL gives
    each workspace its own fact store.
    """
    engine = store.engine if store is not None else make_engine(settings.database_url)
    store = store or FactStore(engine)
    teams = None
    if settings.oauth:
        settings.require("slack_signing_secret", "slack_client_id", "slack_client_secret")
        teams = TeamStores(store, settings.factdesk_team_database_url,
                           seeds_dir=Path(settings.seeds_dir))
        app = App(
            signing_secret=settings.secret("slack_signing_secret"),
            client=client or web_client(settings),
            process_before_response=True,
            logger=logging.getLogger("factdesk.slack"),
            oauth_settings=_oauth_settings(settings, engine, teams),
        )
    else:
        settings.require("slack_bot_token", "slack_signing_secret")
        app = App(
            signing_secret=settings.secret("slack_signing_secret"),
            client=client or web_client(settings),
            process_before_response=True,
            logger=logging.getLogger("factdesk.slack"),
        )
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
