"""Share in channel (repost an answer for everyone) and More (a question's full topic view)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_sdk.errors import SlackApiError

from bot.blocks import answer_message
from bot.corrections import remember_answer
from bot.listeners.context import Deps
from knowledge.answer import ask

__all__ = ["make_more", "make_share"]


def make_share(deps: Deps) -> Callable[..., None]:
    """Lazy listener for the share button; the button's value is the question asked.

    The answer is posted as the bot's own message, so the figures it gives are remembered
    and a correction follows in its thread; where the bot may not post (a private channel
    it is not in, a DM), it goes through the response_url instead, with no follow-up.
    """

    def share_answer(body: dict[str, Any], respond: Any, client: Any, context: Any,
                     logger: logging.Logger) -> None:
        action = (body.get("actions") or [{}])[0]
        question = str(action.get("value") or "")
        user = (body.get("user") or {}).get("id")
        channel = (body.get("channel") or {}).get("id") or \
            (body.get("container") or {}).get("channel_id")
        try:
            store = deps.store_for(context)
            answer = ask(question, store)
            message = answer_message(answer, response_type="in_channel", shared_by=user)
        except Exception:
            logger.exception("factdesk: could not share an answer")
            respond(text="Sorry, I could not share that just now.", response_type="ephemeral",
                    replace_original=False)
            return
        if channel:
            try:
                response = client.chat_postMessage(channel=channel, text=message["text"],
                                                   blocks=message["blocks"], unfurl_links=False,
                                                   unfurl_media=False)
            except SlackApiError as exc:
                logger.info("factdesk: shared through response_url (%s)",
                            exc.response.get("error"))
            else:
                remember_answer(store, response, channel=channel, thread_ts=response.get("ts"),
                                fact_ids=[f.id for f in answer.figures],
                                team_id=getattr(context, "team_id", None))
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
