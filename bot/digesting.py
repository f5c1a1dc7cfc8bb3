"""Posting digests and review cards to Slack: one message a second per channel."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import case, delete, insert, select, update

from bot.blocks import digest_messages, review_blocks
from knowledge.answer import figures_for
from knowledge.digest import Digest, DigestOutcome, run_digest
from knowledge.models import Fact, Metric, ReviewPost
from knowledge.store import FactStore

__all__ = ["post_reviews", "run_channel_digest", "slack_poster"]

MESSAGE_INTERVAL = 1.0


def slack_poster(client: Any, channel: str, *, sleep: Callable[[float], None] = time.sleep
                 ) -> Callable[[Digest], int]:
    """A ``post`` for run_digest: sends each message, no faster than one a second."""

    def post(digest: Digest) -> int:
        messages = digest_messages(digest)
        for number, message in enumerate(messages):
            if number:
                sleep(MESSAGE_INTERVAL)
            client.chat_postMessage(channel=channel, text=message["text"],
                                    blocks=message["blocks"], unfurl_links=False,
                                    unfurl_media=False)
        return len(messages)

    return post


def run_channel_digest(store: FactStore, client: Any, channel: str, *, run_key: str,
                       now: dt.datetime | None = None, dry_run: bool = False,
                       sleep: Callable[[float], None] = time.sleep) -> DigestOutcome:
    """Run one digest for ``channel`` and post it with ``client``."""
    return run_digest(store, channel, run_key=run_key, now=now, dry_run=dry_run,
                      post=slack_poster(client, channel, sleep=sleep))


def post_reviews(store: FactStore, client: Any, channel: str, *, limit: int = 20,
                 sleep: Callable[[float], None] = time.sleep) -> int:
    """Put candidates not yet shown to editors in the review channel; each exactly once.

    Candidates that fit a pack metric come first; those whose metric was named from the
    copy's own words follow, article by article, so one long story cannot bury the rest.
    """
    with store.engine.connect() as connection:
        shown = select(ReviewPost.fact_id)
        from_copy = case((Metric.origin == "pack", 0), else_=1)
        ids = [r[0] for r in connection.execute(
            select(Fact.id).join(Metric, Metric.id == Fact.metric)
            .where(Fact.status == "candidate", Fact.id.not_in(shown))
            .order_by(from_copy, Fact.source_id, Fact.id).limit(limit))]
    posted = 0
    for figure in figures_for(store, ids):
        try:
            with store.engine.begin() as connection:
                connection.execute(insert(ReviewPost.__table__), [{  # type: ignore[attr-defined]
                    "fact_id": figure.id, "channel_id": channel,
                    "posted_at": dt.datetime.now(dt.UTC)}])
        except Exception:  # noqa: BLE001  (another worker claimed it)
            continue
        try:
            if posted:
                sleep(MESSAGE_INTERVAL)
            reply = client.chat_postMessage(
                channel=channel, text=f"Candidate figure {figure.id} awaits review",
                blocks=review_blocks(figure), unfurl_links=False, unfurl_media=False)
        except Exception:
            with store.engine.begin() as connection:
                connection.execute(delete(ReviewPost).where(ReviewPost.fact_id == figure.id))
            raise
        with store.engine.begin() as connection:
            connection.execute(update(ReviewPost).where(ReviewPost.fact_id == figure.id)
                               .values(ts=reply.get("ts")))
        posted += 1
    return posted
