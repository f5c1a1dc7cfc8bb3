"""A reader's 'Wrong figure?' report lands in the review channel."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from bot.blocks import report_message
from bot.listeners.context import Deps

__all__ = ["make_report_submitted"]


def make_report_submitted(deps: Deps) -> Callable[..., None]:
    """The callback for the report modal."""

    def report_submitted(ack: Any, body: dict[str, Any], view: dict[str, Any], client: Any,
                         logger: logging.Logger) -> None:
        what = (((view.get("state") or {}).get("values") or {}).get("what") or {}).get(
            "v", {}).get("value") or ""
        if not what.strip():
            ack(response_action="errors", errors={"what": "Say briefly what is wrong."})
            return
        ack()
        meta = json.loads(view.get("private_metadata") or "{}")
        link = None
        if meta.get("channel") and meta.get("ts") and not meta.get("ephemeral"):
            link = f"https://slack.com/archives/{meta['channel']}/p{meta['ts'].replace('.', '')}"
        message = report_message(reporter=(body.get("user") or {}).get("id", ""),
                                 question=meta.get("question", ""), what=what, link=link)
        if not deps.review_channel:
            logger.warning("factdesk: a wrong-figure report arrived but "
                           "FACTDESK_REVIEW_CHANNEL is not set")
            return
        client.chat_postMessage(channel=deps.review_channel, text=message["text"],
                                blocks=message["blocks"], unfurl_links=False)

    return report_submitted
