"""Load sources and the curated story pack into the store, all or nothing.

A pack is a folder of TOML files (pack.toml, places.toml, metrics.toml, topics.toml,
actors.toml, facts.toml) that editors review like code. Loading checks every record
against its schema and against the sources it cites, and refuses the whole pack, with
a message naming each bad record and field, rather than load part of it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy import delete, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from knowledge.copies import find_copy, index_bands
from knowledge.db import bump_generation, create_tables, next_seq
from knowledge.dedupe import signature, signature_bytes
from knowledge.models import (
    Actor,
    ActorIn,
    Alias,
    AuditRecord,
    Event,
    EventIn,
    Fact,
    FactActor,
    FactIn,
    Mention,
    Metric,
    MetricIn,
    Pack,
    Place,
    PlaceIn,
    Source,
    SourceIn,
    Topic,
    TopicIn,
)
from knowledge.numbers import value_in_text

__all__ = [
    "DEFAULT_PACK_DIR",
    "LoadReport",
    "PackData",
    "PackError",
    "add_sources",
    "apply_pack",
    "find_verbatim",
    "init_store",
    "read_pack",
    "read_sources",
    "refresh_mentions",
]

DEFAULT_PACK_DIR = Path(__file__).parent / "pack"
_PRECISION_RANK = {"day": 0, "month": 1, "year": 2}


class PackError(ValueError):
    """A pack or source folder that cannot be loaded; ``problems`` lists every reason."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        shown = "\n".join(f"- {p}" for p in problems[:50])
        more = f"\n- … and {len(problems) - 50} more" if len(problems) > 50 else ""
        super().__init__(f"{len(problems)} problem(s), nothing was loaded:\n{shown}{more}")


@dataclass
class PackData:
    """A pack read from disk and validated record by record."""

    id: str
    title: str
    scope: str | None
    checksum: str
    places: list[PlaceIn]
    metrics: list[MetricIn]
    topics: list[TopicIn]
    actors: list[ActorIn]
    facts: list[FactIn]
    events: list[EventIn] = field(default_factory=list)


@dataclass
class LoadReport:
    """What a load changed."""

    sources_added: list[str] = field(default_factory=list)
    sources_updated: list[str] = field(default_factory=list)
    sources_unchanged: list[str] = field(default_factory=list)
    facts: int = 0
    actors: int = 0
    aliases: int = 0
    topics: int = 0


# --------------------------------------------------------------------------- sources


def content_hash(text: str) -> str:
    """Identity of a text for idempotent loading."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_sources(folder: Path) -> list[SourceIn]:
    """Read every ``NAME.txt`` with its ``NAME.meta.json`` sidecar from ``folder``."""
    problems: list[str] = []
    sources: list[SourceIn] = []
    if not folder.is_dir():
        raise PackError([f"{folder}: no such folder of sources"])
    for path in sorted(folder.glob("*.txt")):
        meta_path = path.with_name(path.stem + ".meta.json")
        try:
            text = path.read_text(encoding="utf-8")
            meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            problems.append(f"{path.name}: cannot read ({exc.__class__.__name__}: {exc})")
            continue
        if not isinstance(meta, dict):
            problems.append(f"{meta_path.name}: must hold a JSON object")
            continue
        meta.setdefault("title", text.strip().splitlines()[0] if text.strip() else "")
        try:
            sources.append(SourceIn.model_validate({**meta, "id": path.stem, "text": text}))
        except ValidationError as exc:
            problems.extend(_validation_problems(meta_path.name, "source", path.stem, exc))
    if problems:
        raise PackError(problems)
    return sources


def add_sources(
    session: Session, sources: Iterable[SourceIn], *, now: dt.datetime | None = None
) -> LoadReport:
    """Add or update sources (idempotent by content); cluster wire copies together."""
    now = now or dt.datetime.now(dt.UTC)
    report = LoadReport()
    connection = session.connection()
    for item in sources:
        digest = content_hash(item.text)
        existing = session.get(Source, item.id)
        if existing is not None and existing.content_hash == digest:
            changed = _apply_meta(existing, item)
            (report.sources_updated if changed else report.sources_unchanged).append(item.id)
            continue
        minhash = signature(item.text)
        session.flush()
        nearest = find_copy(connection, minhash, exclude=item.id)
        cluster = nearest[1] if nearest else item.id
        if existing is None:
            session.add(
                Source(
                    id=item.id,
                    outlet=item.outlet,
                    title=item.title,
                    url=item.url,
                    published=item.published,
                    notes=item.notes,
                    text=item.text,
                    content_hash=digest,
                    cluster_id=cluster,
                    minhash=signature_bytes(minhash),
                    ingested_at=now,
                    seq=next_seq(session),
                )
            )
            report.sources_added.append(item.id)
        else:
            _apply_meta(existing, item)
            existing.text = item.text
            existing.content_hash = digest
            existing.minhash = signature_bytes(minhash)
            existing.cluster_id = cluster
            session.add(existing)
            report.sources_updated.append(item.id)
        session.flush()
        index_bands(connection, item.id, minhash)
    session.flush()
    if report.sources_added or report.sources_updated:
        bump_generation(session)
    return report


def _apply_meta(source: Source, item: SourceIn) -> bool:
    changed = False
    for name in ("outlet", "title", "url", "published", "notes"):
        if getattr(source, name) != getattr(item, name):
            setattr(source, name, getattr(item, name))
            changed = True
    return changed


# --------------------------------------------------------------------------- pack


def _validation_problems(
    file: str, kind: str, record: str, exc: ValidationError
) -> list[str]:
    out = []
    for error in exc.errors():
        where = ".".join(str(part) for part in error["loc"]) or "record"
        message = error["msg"].removeprefix("Value error, ")
        out.append(f"{file}: {kind} {record!r} field {where!r}: {message}")
    return out


def _records(
    folder: Path, file: str, key: str, model: type[BaseModel], problems: list[str]
) -> list[Any]:
    path = folder / file
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        problems.append(f"{file}: missing from the pack")
        return []
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        problems.append(f"{file}: not valid TOML ({exc})")
        return []
    out = []
    for number, raw in enumerate(data.get(key, []), start=1):
        record = str(raw.get("id", f"#{number}")) if isinstance(raw, dict) else f"#{number}"
        try:
            out.append(model.model_validate(raw))
        except ValidationError as exc:
            problems.extend(_validation_problems(file, key, record, exc))
    return out


def read_pack(folder: Path = DEFAULT_PACK_DIR) -> PackData:
    """Read and validate a pack folder; raise PackError naming every bad record and field."""
    problems: list[str] = []
    try:
        head = tomllib.loads((folder / "pack.toml").read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise PackError([f"pack.toml: cannot read ({exc})"]) from None
    places = _records(folder, "places.toml", "place", PlaceIn, problems)
    metrics = _records(folder, "metrics.toml", "metric", MetricIn, problems)
    topics = _records(folder, "topics.toml", "topic", TopicIn, problems)
    actors = _records(folder, "actors.toml", "actor", ActorIn, problems)
    facts = _records(folder, "facts.toml", "fact", FactIn, problems)
    events = (_records(folder, "events.toml", "event", EventIn, problems)
              if (folder / "events.toml").exists() else [])
    digest = hashlib.sha256()
    for name in sorted(p.name for p in folder.glob("*.toml")):
        digest.update((folder / name).read_bytes())
    pack = PackData(
        id=str(head.get("id", "")),
        title=str(head.get("title", "")),
        scope=head.get("scope"),
        checksum=digest.hexdigest(),
        places=places,
        metrics=metrics,
        topics=topics,
        actors=actors,
        facts=facts,
        events=events,
    )
    problems.extend(_cross_check(pack))
    if problems:
        raise PackError(problems)
    return pack


def _duplicates(kind: str, file: str, ids: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for item in ids:
        if item in seen:
            out.append(f"{file}: {kind} {item!r} field 'id': defined twice")
        seen.add(item)
    return out


def _cross_check(pack: PackData) -> list[str]:
    problems: list[str] = []
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", pack.id):
        problems.append("pack.toml: field 'id': use lower-case letters, digits and dashes")
    places = {p.id for p in pack.places}
    metrics = {m.id for m in pack.metrics}
    actors = {a.id for a in pack.actors}
    problems += _duplicates("place", "places.toml", [p.id for p in pack.places])
    problems += _duplicates("metric", "metrics.toml", [m.id for m in pack.metrics])
    problems += _duplicates("topic", "topics.toml", [t.id for t in pack.topics])
    problems += _duplicates("topic", "topics.toml", [t.command for t in pack.topics])
    problems += _duplicates("actor", "actors.toml", [a.id for a in pack.actors])
    problems += _duplicates("fact", "facts.toml", [f.id for f in pack.facts])
    problems += _duplicates("event", "events.toml", [e.id for e in pack.events])
    for event in pack.events:
        for actor in event.actors:
            if actor not in actors:
                problems.append(f"events.toml: event {event.id!r} field 'actors': "
                                f"unknown actor {actor!r}")
        if event.end is not None and event.end.end < event.date.start:
            problems.append(f"events.toml: event {event.id!r} field 'end': before its date")
    if pack.scope and pack.scope not in places:
        problems.append(f"pack.toml: field 'scope': unknown place {pack.scope!r}")
    for place in pack.places:
        if place.parent and place.parent not in places:
            problems.append(f"places.toml: place {place.id!r} field 'parent': unknown place")
    for metric in pack.metrics:
        if metric.within and metric.within not in places:
            problems.append(f"metrics.toml: metric {metric.id!r} field 'within': "
                            f"unknown place {metric.within!r}")
    for topic in pack.topics:
        for metric in topic.metrics:
            if metric not in metrics:
                problems.append(
                    f"topics.toml: topic {topic.id!r} field 'metrics': unknown metric {metric!r}"
                )
    for fact in pack.facts:
        where = f"facts.toml: fact {fact.id!r}"
        if fact.metric not in metrics:
            problems.append(f"{where} field 'metric': unknown metric {fact.metric!r}")
        if fact.place and fact.place not in places:
            problems.append(f"{where} field 'place': unknown place {fact.place!r}")
        for actor in fact.actors:
            if actor not in actors:
                problems.append(f"{where} field 'actors': unknown actor {actor!r}")
        if fact.attributed_to and fact.attributed_to not in actors:
            problems.append(f"{where} field 'attributed_to': unknown actor {fact.attributed_to!r}")
        if not value_in_text(fact.value, fact.quote):
            problems.append(
                f"{where} field 'value': {fact.value:g} does not occur in its quote "
                "(as digits or words)"
            )
    return problems


def find_verbatim(text: str, quote: str) -> tuple[int, int] | None:
    """Offsets of ``quote`` in ``text``; runs of whitespace (non-breaking too) compare equal."""
    start = text.find(quote)
    if start >= 0:
        return start, start + len(quote)
    words = quote.split()
    if not words:
        return None
    match = re.search(r"\s+".join(re.escape(w) for w in words), text)
    return (match.start(), match.end()) if match else None


def _time_columns(fact: FactIn) -> dict[str, Any]:
    if fact.as_of is not None:
        return {
            "as_of": fact.as_of.start,
            "period_start": None,
            "period_end": None,
            "precision": fact.as_of.precision,
            "ref_start": fact.as_of.start,
            "ref_end": fact.as_of.end,
        }
    assert fact.period_start is not None and fact.period_end is not None
    precision = max(
        (fact.period_start.precision, fact.period_end.precision), key=_PRECISION_RANK.__getitem__
    )
    return {
        "as_of": None,
        "period_start": fact.period_start.start,
        "period_end": fact.period_end.end,
        "precision": precision,
        "ref_start": fact.period_start.start,
        "ref_end": fact.period_end.end,
    }


def apply_pack(session: Session, pack: PackData, *, now: dt.datetime | None = None) -> LoadReport:
    """Write a validated pack into the store inside the caller's transaction.

    Checks each fact's quote against its source text; on any problem raises PackError
    before anything is written.
    """
    now = now or dt.datetime.now(dt.UTC)
    origin = f"pack:{pack.id}"
    texts = {row[0]: row[1] for row in session.exec(select(Source.id, Source.text)).all()}
    metric_units = {m.id: m.unit for m in pack.metrics}
    problems: list[str] = []
    offsets: dict[str, tuple[int, int]] = {}
    for fact in pack.facts:
        where = f"facts.toml: fact {fact.id!r}"
        text = texts.get(fact.source)
        if text is None:
            problems.append(f"{where} field 'source': unknown source {fact.source!r}")
            continue
        span = find_verbatim(text, fact.quote)
        if span is None:
            problems.append(f"{where} field 'quote': not found verbatim in source {fact.source!r}")
            continue
        offsets[fact.id] = span
    if problems:
        raise PackError(problems)

    for place in _parents_first(pack.places):
        session.merge(Place(id=place.id, name=place.name, parent_id=place.parent,
                            aliases=place.aliases))
    session.flush()
    for metric in pack.metrics:
        session.merge(Metric(id=metric.id, label=metric.label, unit=metric.unit,
                             keywords=metric.keywords, origin=metric.origin,
                             rules=metric.rules()))
    session.exec(delete(Topic))
    for position, topic in enumerate(pack.topics):
        session.add(Topic(id=topic.id, command=topic.command, title=topic.title,
                          description=topic.description, position=position,
                          metrics=topic.metrics,
                          keywords=topic.keywords))
    report = LoadReport(topics=len(pack.topics))
    actor_ids = [a.id for a in pack.actors]
    session.exec(delete(Alias).where(Alias.actor_id.in_(actor_ids)))
    from knowledge.actors import normalise

    for actor in pack.actors:
        roles = [r.model_dump(mode="json") for r in actor.roles]
        session.merge(Actor(id=actor.id, name=actor.name, kind=actor.kind,
                            description=actor.description, roles=roles))
        spellings = list(dict.fromkeys([actor.name, *actor.aliases]))
        for spelling in spellings:
            session.add(Alias(actor_id=actor.id, text=spelling, key=normalise(spelling)))
        report.aliases += len(spellings)
    report.actors = len(pack.actors)
    session.flush()

    # Editors' decisions on the pack's own figures (confirmed, rejected, corrected) outlive a
    # reload: the release step reloads the pack on every deploy.
    decided = {row[0]: (row[1], row[2]) for row in session.exec(
        select(Fact.id, Fact.status, Fact.superseded_by).where(
            Fact.origin == origin, Fact.id.in_(select(AuditRecord.fact_id)))).all()}
    stale = select(Fact.id).where(Fact.origin == origin)
    session.exec(delete(FactActor).where(FactActor.fact_id.in_(stale)))
    session.exec(delete(Fact).where(Fact.origin == origin))
    session.flush()
    for fact in pack.facts:
        start, end = offsets[fact.id]
        session.add(
            Fact(
                id=fact.id,
                metric=fact.metric,
                value=fact.value,
                qualifier=fact.qualifier.value,
                unit=fact.unit or metric_units[fact.metric],
                place_id=fact.place or pack.scope,
                attributed_to=fact.attributed_to,
                status=fact.status.value,
                quote=texts[fact.source][start:end],
                quote_start=start,
                quote_end=end,
                source_id=fact.source,
                note=fact.note,
                origin=origin,
                **_time_columns(fact),
            )
        )
    session.flush()
    for fact_id, (status, superseded_by) in decided.items():
        session.exec(update(Fact).where(Fact.id == fact_id).values(
            status=status, superseded_by=superseded_by))
    for fact in pack.facts:
        for actor_id in dict.fromkeys(fact.actors):
            session.add(FactActor(fact_id=fact.id, actor_id=actor_id))
    report.facts = len(pack.facts)
    session.exec(delete(Event))
    for event in pack.events:
        last = event.end or event.date
        session.add(Event(id=event.id, name=event.name, aliases=event.aliases,
                          start=event.date.start, end=last.end, precision=event.date.precision,
                          actors=event.actors))
    session.merge(Pack(id=pack.id, title=pack.title, scope_place_id=pack.scope,
                       checksum=pack.checksum, loaded_at=now))
    session.flush()
    bump_generation(session)
    return report


def _parents_first(places: list[PlaceIn]) -> list[PlaceIn]:
    by_id = {p.id: p for p in places}
    ordered: list[PlaceIn] = []
    done: set[str] = set()

    def visit(place: PlaceIn, depth: int = 0) -> None:
        if place.id in done or depth > len(places):
            return
        if place.parent and place.parent in by_id:
            visit(by_id[place.parent], depth + 1)
        done.add(place.id)
        ordered.append(place)

    for place in places:
        visit(place)
    return ordered


def refresh_mentions(session: Session, *, source_ids: Iterable[str] | None = None) -> int:
    """Record which sources name which actors, under any spelling (whole words).

    One pass over each text with every alias, longest first, so that 'Kataeb Hezbollah'
    counts for Kataib Hezbollah and not for Lebanon's Hezbollah. Aliases of three letters
    or fewer ('US', 'IS') count only with the same capitals.
    """
    owner: dict[str, str] = {}
    short: set[str] = set()
    for actor_id, text in session.exec(select(Alias.actor_id, Alias.text)).all():
        owner.setdefault(text.casefold(), actor_id)
        if len(text) <= 3:
            short.add(text)
    if not owner:
        return 0
    alternation = "|".join(re.escape(a) for a in sorted(owner, key=len, reverse=True))
    pattern = re.compile(r"(?<!\w)(?:" + alternation + r")(?!\w)", re.IGNORECASE)
    query = select(Source.id, Source.text)
    if source_ids is not None:
        ids = list(source_ids)
        query = query.where(Source.id.in_(ids))
        session.exec(delete(Mention).where(Mention.source_id.in_(ids)))
    else:
        session.exec(delete(Mention))
    written = 0
    for source_id, text in session.exec(query).all():
        counts: dict[str, int] = {}
        for match in pattern.finditer(text):
            found = match.group(0)
            if len(found) <= 3 and found not in short:
                continue
            actor_id = owner[found.casefold()]
            counts[actor_id] = counts.get(actor_id, 0) + 1
        for actor_id, count in counts.items():
            session.add(Mention(actor_id=actor_id, source_id=source_id, count=count))
            written += 1
    session.flush()
    return written


def init_store(
    engine: Engine, *, pack_dir: Path = DEFAULT_PACK_DIR, seeds_dir: Path | None = None
) -> LoadReport:
    """Create the tables and load seeds and pack in one transaction (idempotent)."""
    pack = read_pack(pack_dir)
    sources = read_sources(seeds_dir) if seeds_dir is not None else []
    create_tables(engine)
    with Session(engine) as session, session.begin():
        report = add_sources(session, sources)
        applied = apply_pack(session, pack)
        refresh_mentions(session)
        report.facts, report.actors = applied.facts, applied.actors
        report.aliases, report.topics = applied.aliases, applied.topics
    return report
