"""SQLModel tables of the fact store and the pydantic models that guard its inputs."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, field_validator, model_validator
from pydantic import Field as PydField
from sqlalchemy import JSON, BigInteger, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from knowledge.dates import DatePoint, parse_date_point

__all__ = [
    "Actor",
    "ActorIn",
    "AnswerFigure",
    "AuditRecord",
    "Delivery",
    "DigestRun",
    "Event",
    "EventIn",
    "Alias",
    "CorrectionPost",
    "Fact",
    "FactActor",
    "FactIn",
    "Mention",
    "Metric",
    "MetricIn",
    "Pack",
    "Place",
    "PlaceIn",
    "PostedAnswer",
    "Precision",
    "Qualifier",
    "ReviewPost",
    "RoleIn",
    "Source",
    "SourceIn",
    "Status",
    "StoreState",
    "Subscription",
    "Topic",
    "TopicIn",
    "WireBand",
]


class Qualifier(StrEnum):
    """How a figure relates to its number: "at least 2,500", "around 40"."""

    exact = "exact"
    approx = "approx"
    at_least = "at_least"
    more_than = "more_than"
    fewer_than = "fewer_than"
    up_to = "up_to"


class Status(StrEnum):
    """Editorial state of a figure; only confirmed figures are answered as fact."""

    confirmed = "confirmed"
    candidate = "candidate"
    rejected = "rejected"
    superseded = "superseded"


class Precision(StrEnum):
    """How precisely a figure's date is known."""

    day = "day"
    month = "month"
    year = "year"


# --------------------------------------------------------------------------- tables


class Source(SQLModel, table=True):
    """One article as it arrived, with the metadata an editor settled on."""

    id: str = Field(primary_key=True)
    outlet: str
    title: str
    url: str | None = None
    published: dt.date | None = Field(default=None, index=True)
    notes: str = ""
    text: str
    content_hash: str = Field(index=True, unique=True)
    cluster_id: str = Field(index=True)
    minhash: bytes | None = None
    ingested_at: dt.datetime = Field(index=True)
    origin_path: str | None = None
    missing: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    figures_extracted: int = 0
    seq: int | None = Field(default=None, index=True, unique=True)


class AuditRecord(SQLModel, table=True):
    """One editorial change: who, when, what it was before and after."""

    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(index=True)
    who: str
    action: str
    fact_id: str = Field(index=True)
    before: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    after: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    note: str = ""


class Subscription(SQLModel, table=True):
    """A channel's daily digest: when, in which zone, and how far it has got."""

    channel_id: str = Field(primary_key=True)
    time: str = "09:00"
    timezone: str = "UTC"
    created_by: str = ""
    created_at: dt.datetime
    last_seq: int = 0
    last_posted_at: dt.datetime | None = None
    snapshot: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))


class DigestRun(SQLModel, table=True):
    """A claimed digest run; the unique keys make each run, and each batch, happen once."""

    __table_args__ = (
        UniqueConstraint("channel_id", "run_key", name="uq_digest_run_key"),
        UniqueConstraint("channel_id", "claim", name="uq_digest_claim"),
    )

    id: int | None = Field(default=None, primary_key=True)
    channel_id: str = Field(index=True)
    run_key: str
    claim: str
    from_seq: int
    to_seq: int
    status: str = "claimed"
    claimed_at: dt.datetime
    posted_at: dt.datetime | None = None
    messages: int = 0
    sources: list[str] = Field(default_factory=list, sa_column=Column(JSON))


class ReviewPost(SQLModel, table=True):
    """A candidate figure already put in front of editors in the review channel."""

    fact_id: str = Field(primary_key=True)
    channel_id: str
    ts: str | None = None
    posted_at: dt.datetime


class PostedAnswer(SQLModel, table=True):
    """An answer posted where others read it (a thread reply, a shared answer)."""

    id: int | None = Field(default=None, primary_key=True)
    channel_id: str
    ts: str
    thread_ts: str
    team_id: str | None = None
    posted_at: dt.datetime


class AnswerFigure(SQLModel, table=True):
    """A figure a posted answer gave, so a later correction finds the threads to follow."""

    post_id: int = Field(primary_key=True, foreign_key="postedanswer.id")
    fact_id: str = Field(primary_key=True, index=True)


class CorrectionPost(SQLModel, table=True):
    """A correction posted in a thread: at most one per figure and thread, whoever acts."""

    fact_id: str = Field(primary_key=True)
    channel_id: str = Field(primary_key=True)
    thread_ts: str = Field(primary_key=True)
    ts: str | None = None
    posted_at: dt.datetime


class Delivery(SQLModel, table=True):
    """An event delivery already handled (by its event id), so retries are answered once."""

    event_id: str = Field(primary_key=True, max_length=200)
    received_at: dt.datetime


class WireBand(SQLModel, table=True):
    """One LSH band of a source's MinHash signature; shared bands mark candidate copies."""

    key: int = Field(primary_key=True, sa_type=BigInteger)
    band: int = Field(primary_key=True)
    source_id: str = Field(primary_key=True, foreign_key="source.id", index=True)


class Actor(SQLModel, table=True):
    """A person, organisation or state that figures are about or come from."""

    id: str = Field(primary_key=True)
    name: str
    kind: str
    description: str = ""
    status: str = "confirmed"
    roles: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON))


class Alias(SQLModel, table=True):
    """One spelling of an actor's name, as seen in copy, with its normalised key."""

    id: int | None = Field(default=None, primary_key=True)
    actor_id: str = Field(foreign_key="actor.id", index=True)
    text: str
    key: str = Field(index=True)


class Place(SQLModel, table=True):
    """A place figures are about; places nest (Erbil is in Iraq)."""

    id: str = Field(primary_key=True)
    name: str
    parent_id: str | None = Field(default=None, foreign_key="place.id")
    aliases: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    origin: str = "pack"  # pack | gazetteer (named in copy, resolved by knowledge.places)
    gazetteer_id: str | None = Field(default=None, index=True)  # "country:NP", "city:1283240"


class Topic(SQLModel, table=True):
    """A slash command and the metrics it answers with."""

    id: str = Field(primary_key=True)
    command: str = Field(index=True, unique=True)
    title: str
    description: str = ""
    position: int = 0
    metrics: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    keywords: list[str] = Field(default_factory=list, sa_column=Column(JSON))


class Metric(SQLModel, table=True):
    """What a figure counts (troops.level, attacks.rockets, ...)."""

    id: str = Field(primary_key=True)
    label: str
    unit: str
    keywords: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    origin: str = "pack"  # pack | extract (named from the copy's own words) | curation
    rules: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))


class Event(SQLModel, table=True):
    """A named event reporters use as a time anchor ("the drawdown", "the Soleimani strike")."""

    id: str = Field(primary_key=True)
    name: str
    aliases: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    start: dt.date
    end: dt.date
    precision: str = "day"
    actors: list[str] = Field(default_factory=list, sa_column=Column(JSON))


class Pack(SQLModel, table=True):
    """A curated story pack that has been loaded, and the place its story is about."""

    id: str = Field(primary_key=True)
    title: str
    scope_place_id: str | None = Field(default=None, foreign_key="place.id")
    checksum: str
    loaded_at: dt.datetime


class StoreState(SQLModel, table=True):
    """One row: a number that grows with every change to the store's contents."""

    id: int = Field(default=1, primary_key=True)
    generation: int = 0
    changed_at: dt.datetime | None = None


class Fact(SQLModel, table=True):
    """One figure, as stated in one source, with the verbatim sentence it comes from."""

    __table_args__ = (
        Index("ix_fact_metric_status_ref", "metric", "status", "ref_end"),
        Index("ix_fact_source", "source_id"),
        Index("ix_fact_attributed", "attributed_to"),
    )

    id: str = Field(primary_key=True)
    metric: str = Field(foreign_key="metric.id")
    value: float
    qualifier: str = Qualifier.exact.value
    unit: str
    as_of: dt.date | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    precision: str = Precision.day.value
    ref_start: dt.date
    ref_end: dt.date
    place_id: str | None = Field(default=None, foreign_key="place.id")
    attributed_to: str | None = Field(default=None, foreign_key="actor.id")
    status: str = Status.confirmed.value
    quote: str
    quote_start: int
    quote_end: int
    source_id: str = Field(foreign_key="source.id")
    note: str = ""
    origin: str = Field(default="", index=True)
    superseded_by: str | None = None


class Mention(SQLModel, table=True):
    """A source that names an actor (under any of its spellings)."""

    __table_args__ = (Index("ix_mention_source", "source_id"),)

    actor_id: str = Field(foreign_key="actor.id", primary_key=True)
    source_id: str = Field(foreign_key="source.id", primary_key=True)
    count: int = 1


class FactActor(SQLModel, table=True):
    """Which actors a figure is about."""

    __table_args__ = (Index("ix_factactor_actor", "actor_id", "fact_id"),)

    fact_id: str = Field(foreign_key="fact.id", primary_key=True)
    actor_id: str = Field(foreign_key="actor.id", primary_key=True)


# --------------------------------------------------------------------------- inputs


class _In(BaseModel):
    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, arbitrary_types_allowed=True
    )


class SourceIn(_In):
    """A source's metadata sidecar (NAME.meta.json) plus its text."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    id: str = PydField(min_length=1, max_length=200)
    outlet: str = PydField(min_length=1)
    title: str = PydField(min_length=1)
    url: str | None = None
    published: dt.date | None = None
    notes: str = ""
    text: str = PydField(min_length=1)


class RoleIn(_In):
    """A role an actor held, from a date to a date (open-ended when unknown)."""

    title: str = PydField(min_length=1)
    start: dt.date | None = None
    end: dt.date | None = None

    @model_validator(mode="after")
    def _ordered(self) -> RoleIn:
        if self.start and self.end and self.end < self.start:
            raise ValueError("role ends before it starts")
        return self


class ActorIn(_In):
    """An actor record of the curated pack."""

    id: str = PydField(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str = PydField(min_length=1)
    kind: str = PydField(pattern=r"^(person|organization|state|group|media)$")
    description: str = ""
    aliases: list[str] = PydField(default_factory=list)
    roles: list[RoleIn] = PydField(default_factory=list)
    initials: bool | None = None


class PlaceIn(_In):
    """A place record of the curated pack."""

    id: str = PydField(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str = PydField(min_length=1)
    parent: str | None = None
    aliases: list[str] = PydField(default_factory=list)


class MetricIn(_In):
    """A metric record of the curated pack."""

    id: str = PydField(pattern=r"^[a-z][a-z_]*(\.[a-z_]+)+$")
    label: str = PydField(min_length=1)
    unit: str = PydField(min_length=1)
    keywords: list[str] = PydField(default_factory=list)
    # How the extractor recognises the metric in copy (see docs/pack.md): the nouns for
    # what it counts, what happened to them, words the paragraph must use, the place the
    # figure must lie in, the unit of a share ("half of the forces"), and words that rule
    # it out of a sentence ("refugees": camps for refugees are not bases).
    counts: list[str] = PydField(default_factory=list)
    events: list[str] = PydField(default_factory=list)
    context: list[str] = PydField(default_factory=list)
    within: str | None = None
    owners: list[str] = PydField(default_factory=list)
    share_unit: str | None = None
    unless: list[str] = PydField(default_factory=list)  # words that rule it out of a sentence
    # Where the metric came from: the pack's editors, or the copy's own words ("people ·
    # missing") confirmed or renamed in review and written out by export-pack.
    origin: Literal["pack", "extract", "curation"] = "pack"

    def rules(self) -> dict[str, Any] | None:
        """The extractor's rules as stored in ``metric.rules`` (None when it has none)."""
        rules = self.model_dump(include={"counts", "events", "context", "within", "owners",
                                         "share_unit", "unless"}, exclude_defaults=True)
        return rules or None


class EventIn(_In):
    """A named event of the curated pack: its name, the words copy uses for it, its date."""

    id: str = PydField(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str = PydField(min_length=1)
    aliases: list[str] = PydField(default_factory=list)
    date: DatePoint
    end: DatePoint | None = None
    actors: list[str] = PydField(default_factory=list)

    @field_validator("date", "end", mode="before")
    @classmethod
    def _date(cls, raw: object) -> DatePoint | None:
        if raw is None or isinstance(raw, DatePoint):
            return raw
        if isinstance(raw, dt.date):
            return DatePoint(raw, Precision.day.value)
        return parse_date_point(str(raw))


class TopicIn(_In):
    """A topic (slash command) record of the curated pack."""

    id: str = PydField(pattern=r"^[a-z][a-z0-9_]*$")
    command: str = PydField(pattern=r"^/[a-z][a-z0-9_-]*$")
    title: str = PydField(min_length=1)
    description: str = ""
    metrics: list[str] = PydField(min_length=1)
    keywords: list[str] = PydField(default_factory=list)


class FactIn(_In):
    """A figure record of the curated pack, before it is checked against its source."""

    id: str = PydField(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
    source: str
    metric: str
    value: float
    qualifier: Qualifier = Qualifier.exact
    unit: str | None = None
    as_of: DatePoint | None = None
    period_start: DatePoint | None = None
    period_end: DatePoint | None = None
    place: str | None = None
    actors: list[str] = PydField(default_factory=list)
    attributed_to: str | None = None
    status: Status = Status.confirmed
    quote: str = PydField(min_length=1)
    note: str = ""

    @field_validator("as_of", "period_start", "period_end", mode="before")
    @classmethod
    def _date(cls, raw: object) -> DatePoint | None:
        if raw is None or isinstance(raw, DatePoint):
            return raw
        if isinstance(raw, dt.date):
            return DatePoint(raw, Precision.day.value)
        return parse_date_point(str(raw))

    @model_validator(mode="after")
    def _one_time(self) -> FactIn:
        if self.as_of is None and (self.period_start is None or self.period_end is None):
            raise ValueError("needs as_of, or both period_start and period_end")
        if self.as_of is not None and (self.period_start or self.period_end):
            raise ValueError("give as_of or a period, not both")
        if self.period_start and self.period_end and self.period_end.end < self.period_start.start:
            raise ValueError("period_end is before period_start")
        return self
