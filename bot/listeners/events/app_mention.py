"""@factdesk in a channel or thread: answer in the thread, never in the channel root."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

from bot.blocks import answer_message
from bot.corrections import remember_answer
from bot.listeners.context import Deps
from knowledge.answer import ask

__all__ = ["make_mention", "question_from_mention"]

_LEADING_MENTION = re.compile(r"^\s*(?:<@[A-Z0-9]+(?:\|[^>]*)?>\s*)+")


def question_from_mention(text: str) -> str:
    """The question without the leading @factdesk mention(s)."""
    return _LEADING_MENTION.sub("", text or "").strip()


def make_mention(deps: Deps) -> Callable[..., None]:
    """Lazy listener: compose the answer and post it in the thread."""

    def answer_mention(event: dict[str, Any], client: Any, context: Any,
                       logger: logging.Logger) -> None:
        thread_ts = event.get("thread_ts") or event.get("ts")
        question = question_from_mention(event.get("text", ""))
        if not question:
            question = "/factdesk help"
        fact_ids: list[str] = []
        store = None
        try:
            store = deps.store_for(context)
            answer = ask(question, store)
            fact_ids = [f.id for f in answer.figures]
            message = answer_message(answer, response_type="in_channel")
        except Exception:
            logger.exception("factdesk: could not answer a mention")
            message = {"text": "Sorry, I could not answer that just now; it has been logged."}
        response = client.chat_postMessage(
            channel=event["channel"],
            thread_ts=thread_ts,
            text=message["text"],
            blocks=message.get("blocks"),
            unfurl_links=False,
            unfurl_media=False,
        )
        if store is not None and fact_ids:
            remember_answer(store, response, channel=event["channel"], thread_ts=thread_ts,
                            fact_ids=fact_ids, team_id=getattr(context, "team_id", None))

    return answer_mention
