"""Answer a slash command in the ack itself: ephemeral, with a Share button."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from sqlalchemy.exc import DBAPIError

from bot.blocks import answer_message, refusal_message
from bot.listeners.context import Deps
from knowledge.answer import ask

__all__ = ["STORE_UNAVAILABLE", "make_answer_command"]

STORE_UNAVAILABLE = "The fact store is unavailable right now; please try again shortly."


def make_answer_command(deps: Deps) -> Callable[..., None]:
    """The callback for every slash command."""

    def answer_command(ack: Any, command: dict[str, Any], context: Any,
                       logger: logging.Logger) -> None:
        text = f"{command.get('command', '')} {command.get('text') or ''}".strip()
        try:
            store = deps.store_for(context)
            # The reply is cached as the JSON body of the ack, encoded once: Bolt sends a
            # string that starts with "{" as it is, as application/json.
            body = store.cached(("slack-ephemeral-json", text),
                                lambda: json.dumps(answer_message(ask(text, store))))
        except DBAPIError:
            logger.warning("factdesk: the fact store is unavailable")
            body = json.dumps(refusal_message(STORE_UNAVAILABLE))
        except Exception:
            logger.exception("factdesk: could not answer a slash command")
            body = json.dumps(refusal_message(
                "Sorry, I could not answer that just now; it has been logged."))
        ack(body)

    return answer_command
