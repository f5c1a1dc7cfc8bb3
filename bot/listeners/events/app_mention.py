"""@factdesk in a channel or thread: answer (or chart) in the thread, never in the channel root."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

from bot.blocks import answer_message
from bot.corrections import remember_answer
from bot.listeners.context import Deps
from bot.render import escape
from knowledge.answer import ask

__all__ = ["make_mention", "question_from_mention"]

_LEADING_MENTION = re.compile(r"^\s*(?:<@[A-Z0-9]+(?:\|[^>]*)?>\s*)+")


def question_from_mention(text: str) -> str:
    """The question without the leading @factdesk mention(s)."""
    return _LEADING_MENTION.sub("", text or "").strip()


def _post_chart(deps: Deps, client: Any, context: Any, logger: logging.Logger, question: str,
                channel: str, thread_ts: str | None) -> bool:
    """`@factdesk /troops chart` in a thread: the chart goes in the thread. True if handled."""
    from knowledge.chart import chart_for, split_chart_word

    if not question.startswith("/") or not split_chart_word(question)[0]:
        return False
    from bot.charts import render_png
    from bot.listeners.commands.chart import chart_alt_text

    try:
        chart = chart_for(question, deps.store_for(context))
        if not chart.ok:
            client.chat_postMessage(channel=channel, thread_ts=thread_ts,
                                    text=escape(chart.message or "Nothing to chart."))
            return True
        client.files_upload_v2(channel=channel, thread_ts=thread_ts, file=render_png(chart),
                               filename=chart.filename, title=chart.title,
                               alt_txt=chart_alt_text(chart),
                               initial_comment=escape(f"{chart.title}: {len(chart.marks)} "
                                                      f"figures from {len(chart.sources)} "
                                                      "source(s)."))
    except Exception:
        logger.exception("factdesk: could not draw or upload a chart in a thread")
        client.chat_postMessage(channel=channel, thread_ts=thread_ts,
                                text="Sorry, I could not draw that chart just now; it has been "
                                     "logged.")
    return True


def make_mention(deps: Deps) -> Callable[..., None]:
    """Lazy listener: compose the answer and post it in the thread."""

    def answer_mention(event: dict[str, Any], client: Any, context: Any,
                       logger: logging.Logger) -> None:
        thread_ts = event.get("thread_ts") or event.get("ts")
        question = question_from_mention(event.get("text", ""))
        if not question:
            question = "/factdesk help"
        if _post_chart(deps, client, context, logger, question, event["channel"], thread_ts):
            return
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
