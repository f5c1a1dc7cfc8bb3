"""Check figures (a message shortcut): the message's figures checked, privately, in its thread."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from bot.blocks import check_message
from bot.drafts import draft_text
from bot.listeners.context import Deps

__all__ = ["CHECK_FIGURES", "make_check_figures"]

CHECK_FIGURES = "check_figures"


def _message_date(message: dict[str, Any]) -> dt.date:
    try:
        return dt.datetime.fromtimestamp(float(message.get("ts") or ""), dt.UTC).date()
    except (TypeError, ValueError, OverflowError):
        return dt.date.today()


def make_check_figures(deps: Deps) -> Callable[..., None]:
    """Lazy listener: check the message as of its own date and answer the one who asked,
    ephemerally, in the message's thread."""

    def check_figures(body: dict[str, Any], client: Any, context: Any,
                      logger: logging.Logger) -> None:
        message = body.get("message") or {}
        channel = (body.get("channel") or {}).get("id")
        user = (body.get("user") or {}).get("id")
        if not channel or not user:
            return
        thread_ts = message.get("thread_ts") or message.get("ts")
        from knowledge.check import check_draft  # the extractor loads on first use

        try:
            report = check_draft(draft_text(message.get("text") or ""),
                                 deps.store_for(context), as_of=_message_date(message))
            reply = check_message(report)
        except Exception:
            logger.exception("factdesk: could not check a message")
            reply = {"text": "Sorry, I could not check that message just now; it has been logged."}
        client.chat_postEphemeral(channel=channel, user=user, thread_ts=thread_ts,
                                  text=reply["text"], blocks=reply.get("blocks"))

    return check_figures
