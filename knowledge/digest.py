"""What goes into a channel's digest, and running a digest exactly once.

A digest covers the sources ingested since the channel's last digest, by ingest sequence
number (a watermark, never wall-clock time): wire copies grouped as one report, headline
figures that are new or changed since the last digest, and candidates awaiting review.

Exactly once: a run first claims a row keyed on (channel, starting watermark) — or, for an
empty run, (channel, scheduled slot) — so two workers, a restart or a retry cannot post
the same sources twice. If posting fails the claim is released and the watermark stays, so
the next run carries those sources.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from knowledge.answer import Figure, ask, figures_for
from knowledge.models import DigestRun, Fact, Source, Subscription
from knowledge.store import FactStore, SourceRow

__all__ = [
    "Digest",
    "DigestOutcome",
    "ReportCluster",
    "compose_digest",
    "headline_snapshot",
    "parse_schedule",
    "run_digest",
    "subscribe",
    "subscription",
    "subscriptions",
    "unsubscribe",
    "SubscriptionError",
]

MAX_CLUSTERS = 20
MAX_CANDIDATES = 10


@dataclass
class ReportCluster:
    """One report: its first copy in this digest and any other copies of it."""

    lead: SourceRow
    copies: list[SourceRow] = field(default_factory=list)
    candidates: int = 0


@dataclass
class HeadlineChange:
    """A headline figure that is new or changed since the last digest."""

    label: str
    before: str | None
    after: str
    figure: Figure


@dataclass
class Digest:
    """The content of one digest for one channel."""

    channel_id: str
    since: dt.datetime | None
    from_seq: int
    to_seq: int
    clusters: list[ReportCluster] = field(default_factory=list)
    more_clusters: int = 0
    changes: list[HeadlineChange] = field(default_factory=list)
    candidates: list[Figure] = field(default_factory=list)
    candidate_count: int = 0
    source_ids: list[str] = field(default_factory=list)
    snapshot: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not (self.source_ids or self.changes)


@dataclass
class DigestOutcome:
    """What a run did (the ``digest run --json`` object)."""

    channel: str
    posted: bool
    sources: list[str]
    messages: int
    status: str  # posted | nothing_new | skipped | failed | dry_run
    reason: str = ""
    digest: Digest | None = None

    def to_json(self) -> dict[str, Any]:
        return {"channel": self.channel, "posted": self.posted, "sources": self.sources,
                "messages": self.messages, "status": self.status, "reason": self.reason}


def headline_snapshot(store: FactStore) -> dict[str, dict[str, str]]:
    """The current headline figure of every topic metric: {metric: {amount, when, id}}."""
    out: dict[str, dict[str, str]] = {}
    for topic in store.topics.values():
        answer = ask(topic.command, store)
        for section in answer.sections:
            lead = section.headline.lead
            out[section.metric.id] = {"label": section.metric.label, "amount": lead.amount(),
                                      "when": lead.when(), "id": lead.id}
    return out


def compose_digest(store: FactStore, *, channel_id: str, from_seq: int, to_seq: int,
                   since: dt.datetime | None, previous: dict[str, dict[str, str]] | None
                   ) -> Digest:
    """The digest of sources with from_seq < seq <= to_seq, against the previous headlines."""
    digest = Digest(channel_id=channel_id, since=since, from_seq=from_seq, to_seq=to_seq)
    with store.engine.connect() as connection:
        rows = connection.execute(
            select(Source.id, Source.outlet, Source.title, Source.url, Source.published,
                   Source.cluster_id, Source.seq)
            .where(Source.seq > from_seq, Source.seq <= to_seq).order_by(Source.seq)).all()
        counts = dict(connection.execute(
            select(Fact.source_id, func.count()).where(
                Fact.status == "candidate",
                Fact.source_id.in_([r[0] for r in rows])).group_by(Fact.source_id)).all()
        ) if rows else {}
    clusters: dict[str, ReportCluster] = {}
    for row in rows:
        source = SourceRow(row[0], row[1], row[2], row[3], row[4], row[5])
        digest.source_ids.append(source.id)
        cluster = clusters.get(source.cluster_id)
        if cluster is None:
            clusters[source.cluster_id] = ReportCluster(lead=source,
                                                        candidates=counts.get(source.id, 0))
        else:
            cluster.copies.append(source)
            cluster.candidates += counts.get(source.id, 0)
    ranked = sorted(clusters.values(),
                    key=lambda c: (-(c.candidates + len(c.copies)),
                                   -(c.lead.published or dt.date.min).toordinal()))
    digest.clusters = ranked[:MAX_CLUSTERS]
    digest.more_clusters = max(0, len(ranked) - MAX_CLUSTERS)
    digest.snapshot = headline_snapshot(store)
    new_sources = set(digest.source_ids)
    by_id = {f.id: f for f in figures_for(store, [h["id"] for h in digest.snapshot.values()])}
    for metric, now in digest.snapshot.items():
        before = (previous or {}).get(metric)
        figure = by_id.get(now["id"])
        if figure is None:
            continue
        if previous is None:
            if figure.source.id in new_sources:
                digest.changes.append(HeadlineChange(now["label"], None, now["amount"], figure))
        elif before is None or before.get("id") != now["id"]:
            previous_text = f"{before['amount']} ({before['when']})" if before else None
            digest.changes.append(HeadlineChange(now["label"], previous_text, now["amount"],
                                                 figure))
    if new_sources:
        candidate_rows = store.list_figures(status="candidate", limit=5000)
        pending = [r for r in candidate_rows if r.source_id in new_sources]
        digest.candidate_count = len(pending)
        digest.candidates = figures_for(store, [r.id for r in pending[:MAX_CANDIDATES]])
    return digest


def run_digest(store: FactStore, channel_id: str, *, run_key: str,
               post: Callable[[Digest], int], now: dt.datetime | None = None,
               dry_run: bool = False) -> DigestOutcome:
    """Compose and post one digest for a subscribed channel, exactly once.

    ``post`` renders and sends the digest and returns how many messages it sent; it
    raises if Slack did not take them, and then nothing is marked as sent.
    """
    now = now or dt.datetime.now(dt.UTC)
    engine: Engine = store.engine
    with engine.connect() as connection:
        sub = connection.execute(select(Subscription).where(
            Subscription.channel_id == channel_id)).mappings().first()
        to_seq = int(connection.execute(select(func.coalesce(func.max(Source.seq), 0))).scalar())
    if sub is None:
        return DigestOutcome(channel_id, False, [], 0, "skipped",
                             reason="this channel has no digest subscription")
    from_seq = int(sub["last_seq"])
    since = sub["last_posted_at"] or sub["created_at"]
    if dry_run:
        digest = compose_digest(store, channel_id=channel_id, from_seq=from_seq, to_seq=to_seq,
                                since=since, previous=sub["snapshot"])
        return DigestOutcome(channel_id, False, digest.source_ids, 0, "dry_run", digest=digest)
    claim = f"seq:{from_seq}" if to_seq > from_seq else f"run:{run_key}"
    try:
        with engine.begin() as connection:
            result = connection.execute(insert(DigestRun.__table__), [{  # type: ignore[attr-defined]
                "channel_id": channel_id, "run_key": run_key, "claim": claim,
                "from_seq": from_seq, "to_seq": to_seq, "status": "claimed",
                "claimed_at": now, "messages": 0, "sources": []}])
            run_id = result.inserted_primary_key[0]
    except IntegrityError:
        return DigestOutcome(channel_id, False, [], 0, "skipped",
                             reason="another run already claimed this digest")
    try:
        digest = compose_digest(store, channel_id=channel_id, from_seq=from_seq, to_seq=to_seq,
                                since=since, previous=sub["snapshot"])
        messages = post(digest)
    except Exception as exc:
        with engine.begin() as connection:
            connection.execute(delete(DigestRun).where(DigestRun.id == run_id))
        return DigestOutcome(channel_id, False, [], 0, "failed",
                             reason=f"{exc.__class__.__name__}: {exc}"[:300])
    with engine.begin() as connection:
        connection.execute(update(Subscription).where(
            Subscription.channel_id == channel_id, Subscription.last_seq == from_seq).values(
            last_seq=to_seq, snapshot=digest.snapshot, last_posted_at=now))
        connection.execute(update(DigestRun).where(DigestRun.id == run_id).values(
            status="posted", posted_at=now, messages=messages, sources=digest.source_ids))
    status = "nothing_new" if digest.empty else "posted"
    return DigestOutcome(channel_id, True, digest.source_ids, messages, status, digest=digest)


class SubscriptionError(ValueError):
    """A subscribe request that cannot be honoured; the message says why."""


_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def parse_schedule(time_text: str | None, zone_text: str | None, *, default_zone: str
                   ) -> tuple[str, str]:
    """Validate 'HH:MM' and an IANA time zone; return them normalised."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    time_text = (time_text or "09:00").strip()
    match = _TIME.match(time_text)
    if not match:
        raise SubscriptionError(f"“{time_text[:40]}” is not a time: use HH:MM, e.g. 09:00 or 17:30")
    zone = (zone_text or default_zone).strip()
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise SubscriptionError(f"“{zone[:60]}” is not a time zone: use a name such as "
                                "Europe/London, Asia/Tokyo or UTC") from None
    return f"{int(match.group(1)):02d}:{match.group(2)}", zone


def subscribe(store: FactStore, channel_id: str, *, time_text: str | None,
              zone_text: str | None, who: str, default_zone: str = "UTC",
              now: dt.datetime | None = None) -> dict[str, Any]:
    """Subscribe a channel (or change its time); the first digest starts from now."""
    at, zone = parse_schedule(time_text, zone_text, default_zone=default_zone)
    now = now or dt.datetime.now(dt.UTC)
    with store.engine.begin() as connection:
        existing = connection.execute(select(Subscription.channel_id).where(
            Subscription.channel_id == channel_id)).first()
        if existing:
            connection.execute(update(Subscription).where(
                Subscription.channel_id == channel_id).values(time=at, timezone=zone))
        else:
            watermark = int(connection.execute(
                select(func.coalesce(func.max(Source.seq), 0))).scalar())
            connection.execute(insert(Subscription.__table__), [{  # type: ignore[attr-defined]
                "channel_id": channel_id, "time": at, "timezone": zone, "created_by": who,
                "created_at": now, "last_seq": watermark, "snapshot": headline_snapshot(store)}])
    return subscription(store, channel_id) or {}


def unsubscribe(store: FactStore, channel_id: str) -> bool:
    """Stop a channel's digests; True if it was subscribed."""
    with store.engine.begin() as connection:
        result = connection.execute(delete(Subscription).where(
            Subscription.channel_id == channel_id))
        return result.rowcount > 0


def subscription(store: FactStore, channel_id: str) -> dict[str, Any] | None:
    """A channel's subscription, with how many sources wait for its next digest."""
    with store.engine.connect() as connection:
        row = connection.execute(select(Subscription).where(
            Subscription.channel_id == channel_id)).mappings().first()
        if row is None:
            return None
        waiting = int(connection.execute(select(func.count()).select_from(Source).where(
            Source.seq > row["last_seq"])).scalar())
    return {**dict(row), "waiting": waiting}


def subscriptions(store: FactStore) -> list[dict[str, Any]]:
    """Every subscribed channel."""
    with store.engine.connect() as connection:
        return [dict(r) for r in connection.execute(select(Subscription)).mappings().all()]
