"""The Bolt app: built from settings, with its Web API client and store passed in."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
)

from bot.listeners import Deps, register_listeners
from bot.settings import Settings
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
    """Build the factdesk Bolt app. Needs SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET."""
    settings.require("slack_bot_token", "slack_signing_secret")
    engine = store.engine if store is not None else make_engine(settings.database_url)
    store = store or FactStore(engine)
    app = App(
        signing_secret=settings.secret("slack_signing_secret"),
        client=client or web_client(settings),
        process_before_response=True,
        logger=logging.getLogger("factdesk.slack"),
    )
    register_listeners(app, Deps(store=store, engine=engine, editors=settings.editors,
                                 review_channel=settings.factdesk_review_channel,
                                 timezone=settings.factdesk_timezone, sleep=sleep))
    return app
