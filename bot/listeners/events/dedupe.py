"""Slack re-sends an event it thinks was missed; answer each event_id once."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import BoltResponse

from bot.deliveries import first_delivery
from bot.listeners.context import Deps

__all__ = ["make_dedupe"]


def make_dedupe(deps: Deps) -> Callable[..., Any]:
    """Global middleware: a repeated event_id is acknowledged and goes no further."""

    def dedupe(body: dict[str, Any], next: Callable[[], Any],  # noqa: A002
               logger: logging.Logger) -> Any:
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if event_id and not first_delivery(deps.engine, str(event_id)):
            logger.info("factdesk: event %s already handled; retry ignored", event_id)
            return BoltResponse(status=200, body="")
        return next()

    return dedupe
