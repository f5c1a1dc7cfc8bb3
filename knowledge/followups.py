"""Corrections follow the answer: which posted answers gave which figures, and the one
correction each of their threads gets when an editor corrects or rejects a figure.

Posting is the bot's job; this module decides what to post and makes sure each thread
hears of a change once, even when two editors act at the same moment (the database's
primary key on figure, channel and thread settles it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from knowledge.answer import Figure, figures_for
from knowledge.models import AnswerFigure, CorrectionPost, Fact, PostedAnswer
from knowledge.store import FactStore

__all__ = ["Correction", "claim", "corrections_for", "mark_posted", "record_answer"]


@dataclass(frozen=True, slots=True)
class Correction:
    """One short correction for one thread."""

    fact_id: str
    channel_id: str
    thread_ts: str
    text: str


def record_answer(engine: Engine, *, channel_id: str, ts: str, thread_ts: str | None,
                  fact_ids: Iterable[str], team_id: str | None = None,
                  now: dt.datetime | None = None) -> int | None:
    """Remember that the message ``ts`` (in ``thread_ts``) gave these figures."""
    ids = list(dict.fromkeys(fact_ids))
    if not ids:
        return None
    with engine.begin() as connection:
        post_id = connection.execute(insert(PostedAnswer.__table__).values(  # type: ignore[attr-defined]
            channel_id=channel_id, ts=ts, thread_ts=thread_ts or ts, team_id=team_id,
            posted_at=now or dt.datetime.now(dt.UTC))).inserted_primary_key[0]
        connection.execute(insert(AnswerFigure.__table__),  # type: ignore[attr-defined]
                           [{"post_id": post_id, "fact_id": f} for f in ids])
    return int(post_id)


def corrections_for(store: FactStore, fact_id: str) -> list[Correction]:
    """The corrections owed for a changed figure: one per thread that was given it."""
    with store.engine.connect() as connection:
        threads = connection.execute(
            select(PostedAnswer.channel_id, PostedAnswer.thread_ts).distinct()
            .join(AnswerFigure, AnswerFigure.post_id == PostedAnswer.id)
            .where(AnswerFigure.fact_id == fact_id)
            .order_by(PostedAnswer.channel_id, PostedAnswer.thread_ts)).all()
        state = connection.execute(select(Fact.status, Fact.superseded_by)
                                   .where(Fact.id == fact_id)).first()
    if not threads or state is None or state[0] not in {"superseded", "rejected"}:
        return []
    [old] = figures_for(store, [fact_id]) or [None]
    if old is None:
        return []
    new = figures_for(store, [state[1]])[0] if state[0] == "superseded" and state[1] else None
    text = correction_text(old, new, store)
    return [Correction(fact_id, channel, thread, text) for channel, thread in threads]


def correction_text(old: Figure, new: Figure | None, store: FactStore) -> str:
    """'Correction: Troop level was around 3,000 troops (30 Sep 2020); it is now …'."""
    metric = store.metrics.get(old.row.metric)
    what = metric.label if metric else old.row.metric
    was = f"{old.amount()} ({old.when()})"
    if new is None:
        return (f"Correction: {what} was given as {was}, from {old.source.outlet}; an editor "
                "has withdrawn that figure, so do not use it.")
    published = new.source.published.strftime("%-d %b %Y") if new.source.published else "undated"
    return (f"Correction: {what} was {was}; it is now {new.amount()} ({new.when()}), "
            f"source {new.source.outlet}, {published}.")


def claim(engine: Engine, correction: Correction, *, now: dt.datetime | None = None) -> bool:
    """Take the right to post ``correction``; False when its thread already has it."""
    try:
        with engine.begin() as connection:
            connection.execute(insert(CorrectionPost.__table__).values(  # type: ignore[attr-defined]
                fact_id=correction.fact_id, channel_id=correction.channel_id,
                thread_ts=correction.thread_ts, posted_at=now or dt.datetime.now(dt.UTC)))
    except IntegrityError:
        return False
    return True


def mark_posted(engine: Engine, correction: Correction, ts: str | None) -> None:
    """Keep the posted correction's own ts."""
    with engine.begin() as connection:
        connection.execute(update(CorrectionPost).where(
            CorrectionPost.fact_id == correction.fact_id,
            CorrectionPost.channel_id == correction.channel_id,
            CorrectionPost.thread_ts == correction.thread_ts).values(ts=ts))
