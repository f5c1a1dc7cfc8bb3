"""Share in channel: repost the same answer for everyone, attributed to who shared it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from bot.blocks import answer_message
from bot.listeners.context import Deps
from knowledge.answer import ask

__all__ = ["make_share"]


def make_share(deps: Deps) -> Callable[..., None]:
    """Lazy listener for the share button; the button's value is the question asked."""

    def share_answer(body: dict[str, Any], respond: Any, context: Any,
                     logger: logging.Logger) -> None:
        action = (body.get("actions") or [{}])[0]
        question = str(action.get("value") or "")
        user = (body.get("user") or {}).get("id")
        try:
            message = answer_message(ask(question, deps.store_for(context)), response_type="in_channel",
                                     shared_by=user)
        except Exception:
            logger.exception("factdesk: could not share an answer")
            respond(text="Sorry, I could not share that just now.", response_type="ephemeral",
                    replace_original=False)
            return
        respond(text=message["text"], blocks=message["blocks"], response_type="in_channel",
                replace_original=False)

    return share_answer
