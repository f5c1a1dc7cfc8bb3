"""Post the corrections a changed figure owes: one short reply in each thread it was given in."""

from __future__ import annotations

import logging
from typing import Any

from bot.render import escape
from knowledge.followups import claim, corrections_for, mark_posted, record_answer
from knowledge.store import FactStore

__all__ = ["follow_up", "remember_answer"]

log = logging.getLogger("factdesk.corrections")


def remember_answer(store: FactStore, response: Any, *, channel: str, thread_ts: str | None,
                    fact_ids: list[str], team_id: str | None = None) -> None:
    """Record a posted answer's figures (``response`` is chat.postMessage's reply)."""
    try:
        ts = response.get("ts") if hasattr(response, "get") else None
        if ts and fact_ids:
            record_answer(store.engine, channel_id=channel, ts=ts, thread_ts=thread_ts,
                          fact_ids=fact_ids, team_id=team_id)
    except Exception:  # noqa: BLE001  (an answer already posted must not fail on this)
        log.warning("factdesk: could not record which figures an answer gave")


def follow_up(store: FactStore, client: Any, fact_id: str) -> int:
    """Post the corrections owed for ``fact_id``; returns how many this call posted."""
    posted = 0
    for correction in corrections_for(store, fact_id):
        if not claim(store.engine, correction):
            continue  # another editor's action already told this thread
        try:
            reply = client.chat_postMessage(channel=correction.channel_id,
                                            thread_ts=correction.thread_ts,
                                            text=escape(correction.text), unfurl_links=False,
                                            unfurl_media=False)
            mark_posted(store.engine, correction, reply.get("ts"))
            posted += 1
        except Exception:  # noqa: BLE001
            log.warning("factdesk: could not post a correction in %s", correction.channel_id)
    return posted
