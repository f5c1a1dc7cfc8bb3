"""Share in channel (repost an answer for everyone) and More (a question's full topic view)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from bot.blocks import answer_message
from bot.listeners.context import Deps
from knowledge.answer import ask

__all__ = ["make_more", "make_share"]


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


def make_more(deps: Deps) -> Callable[..., None]:
    """Lazy listener for the More button of a question: the full topic view, to the clicker."""

    def more_answer(body: dict[str, Any], respond: Any, context: Any,
                    logger: logging.Logger) -> None:
        action = (body.get("actions") or [{}])[0]
        command = str(action.get("value") or "")
        try:
            message = answer_message(ask(command, deps.store_for(context)))
        except Exception:
            logger.exception("factdesk: could not show more")
            respond(text="Sorry, I could not show more just now.", response_type="ephemeral",
                    replace_original=False)
            return
        respond(text=message["text"], blocks=message["blocks"], response_type="ephemeral",
                replace_original=False)

    return more_answer
