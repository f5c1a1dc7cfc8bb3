"""@factdesk in a channel or thread: answer in the thread, never in the channel root."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

from bot.blocks import answer_message
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
        try:
            message = answer_message(ask(question, deps.store_for(context)), response_type="in_channel")
        except Exception:
            logger.exception("factdesk: could not answer a mention")
            message = {"text": "Sorry, I could not answer that just now; it has been logged."}
        client.chat_postMessage(
            channel=event["channel"],
            thread_ts=thread_ts,
            text=message["text"],
            blocks=message.get("blocks"),
            unfurl_links=False,
            unfurl_media=False,
        )

    return answer_mention
