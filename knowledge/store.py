"""Read access to the fact store: figures by filter, sources, actors, places and topics.

``FactStore`` keeps the small, slowly changing parts of the store (topics, metrics,
places, the actor index) in memory and reads figures with indexed SQL, so an answer
costs a handful of queries whatever the size of the store.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

from sqlalchemy import TextClause, func, or_, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import QueuePool

from knowledge.actors import ActorEntry, ActorIndex
from knowledge.dates import DatePoint
from knowledge.db import CONTENTS, INTAKE
from knowledge.models import (
    Actor,
    Alias,
    Event,
    Fact,
    FactActor,
    Mention,
    Metric,
    Pack,
    Place,
    Source,
    Topic,
)

__all__ = ["INTAKE_DELAY", "EventInfo", "FactStore", "FigureRow", "MetricInfo", "PlaceInfo",
           "SourceRow", "TopicInfo"]


@dataclass(frozen=True, slots=True)
class SourceRow:
    """A source as a citation needs it."""

    id: str
    outlet: str
    title: str
    url: str | None
    published: dt.date | None
    cluster_id: str


@dataclass(slots=True)
class FigureRow:
    """One stored figure with the names of the actors it is about."""

    id: str
    metric: str
    value: float
    qualifier: str
    unit: str
    as_of: dt.date | None
    period_start: dt.date | None
    period_end: dt.date | None
    precision: str
    ref_start: dt.date
    ref_end: dt.date
    place_id: str | None
    attributed_to: str | None
    status: str
    quote: str
    quote_start: int
    quote_end: int
    source_id: str
    note: str = ""
    actor_ids: list[str] = field(default_factory=list)

    def when(self) -> tuple[DatePoint, DatePoint | None]:
        """The figure's date, or the start and end of its period."""
        if self.as_of is not None:
            return DatePoint(self.as_of, self.precision), None
        assert self.period_start is not None and self.period_end is not None
        return (
            DatePoint(self.period_start, self.precision),
            DatePoint(self.period_end.replace(day=1) if self.precision != "day"
                      else self.period_end, self.precision),
        )


@dataclass(frozen=True, slots=True)
class TopicInfo:
    """A topic as the parser and the answer need it."""

    id: str
    command: str
    title: str
    description: str
    metrics: tuple[str, ...]
    keywords: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MetricInfo:
    """A metric as the parser and the answer need it."""

    id: str
    label: str
    unit: str
    keywords: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PlaceInfo:
    """A place and the place it lies in."""

    id: str
    name: str
    parent_id: str | None
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class EventInfo:
    """A named event of the pack, a time anchor for questions."""

    id: str
    name: str
    aliases: tuple[str, ...]
    start: dt.date
    end: dt.date
    precision: str
    actors: tuple[str, ...]


#: Seconds answers may lag behind ingest (see ``FactStore.intake_delay``).
INTAKE_DELAY = 5.0
_COUNTERS_SQL = f"SELECT id, generation FROM storestate WHERE id IN ({CONTENTS}, {INTAKE})"


class _Counters:
    """Reads the store's change counters, once per request, as cheaply as a query can be.

    A connection of its own, taken from the engine's pool (so its settings and connect
    hooks apply) and detached from it, in autocommit, used through the driver directly:
    that costs a tenth of a pooled checkout, a compiled statement and a reset. Engines
    whose pool is a single shared connection (in-memory SQLite) use the pool as usual.
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._own = isinstance(engine.pool, QueuePool)
        self._connection: Any = None
        self._lock = threading.Lock()

    def read(self) -> tuple[int, int]:
        """(contents, intake): each 0 when its row does not exist yet."""
        if not self._own:
            with self._engine.connect() as connection:
                rows = connection.exec_driver_sql(_COUNTERS_SQL).all()
        else:
            with self._lock:
                try:
                    if self._connection is None:
                        self._connection = self._open()
                    cursor = self._connection.cursor()
                    try:
                        cursor.execute(_COUNTERS_SQL)
                        rows = cursor.fetchall()
                    finally:
                        cursor.close()
                except Exception:
                    self._discard()
                    raise
        counters = {int(row[0]): int(row[1]) for row in rows}
        return counters.get(CONTENTS, 0), counters.get(INTAKE, 0)

    def _open(self) -> Any:
        pooled = self._engine.raw_connection()
        try:
            self._engine.dialect.set_isolation_level(pooled.dbapi_connection, "AUTOCOMMIT")
        except Exception:
            pooled.close()
            raise
        pooled.detach()
        return pooled.dbapi_connection

    def _discard(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            try:
                connection.close()
            except Exception:  # noqa: BLE001,S110  (already broken)
                pass


_FACT_COLUMN_NAMES = (
    "id, metric, value, qualifier, unit, as_of, period_start, period_end, precision, "
    "ref_start, ref_end, place_id, attributed_to, status, quote, quote_start, quote_end, "
    "source_id, note"
)


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _figure_row(row: Sequence[Any]) -> FigureRow:
    values = list(row)
    for i in (5, 6, 7, 9, 10):
        values[i] = _date(values[i])
    return FigureRow(*values)


def _in_params(values: Iterable[str]) -> dict[str, str]:
    return {f"v{i}": v for i, v in enumerate(values)}


@lru_cache(maxsize=256)
def _in_sql(prefix: str, count: int, order: str = "") -> TextClause:
    """``prefix IN (:v0, :v1, ...)`` as a reusable statement."""
    tail = f" ORDER BY {order}" if order else ""
    return text(f"{prefix} IN ({', '.join(f':v{i}' for i in range(count))}){tail}")


@lru_cache(maxsize=256)
def _figures_sql(metrics: int, statuses: int, places: int | None, actor: bool,
                 within: bool, as_of: bool, end_from: bool = False) -> TextClause:
    """The per-metric latest-figures statement for one shape of filters."""
    status_in = ", ".join(f":s{i}" for i in range(statuses))
    parts = []
    for m in range(metrics):
        where = [f"metric = :m{m}", f"status IN ({status_in})"]
        if places is not None:
            where.append(f"place_id IN ({', '.join(f':p{i}' for i in range(places)) or 'NULL'})")
        if actor:
            where.append("id IN (SELECT fact_id FROM factactor WHERE actor_id = :actor "
                         "UNION ALL SELECT id FROM fact WHERE attributed_to = :actor)")
        if within:
            where.append("ref_end >= :w0 AND ref_end <= :w1")
        if as_of:
            where.append("ref_end <= :asof")
        if end_from:
            where.append("ref_end >= :endfrom")
        parts.append(f"SELECT * FROM (SELECT {_FACT_COLUMN_NAMES} FROM fact "
                     f"WHERE {' AND '.join(where)} ORDER BY ref_end DESC, id LIMIT :lim) AS m{m}")
    return text(" UNION ALL ".join(parts))


_FACT_COLUMNS = [
    Fact.id, Fact.metric, Fact.value, Fact.qualifier, Fact.unit, Fact.as_of,
    Fact.period_start, Fact.period_end, Fact.precision, Fact.ref_start, Fact.ref_end,
    Fact.place_id, Fact.attributed_to, Fact.status, Fact.quote, Fact.quote_start,
    Fact.quote_end, Fact.source_id, Fact.note,
]


class FactStore:
    """The fact store behind one database engine."""

    def __init__(self, engine: Engine, *, cache_size: int = 512,
                 intake_delay: float = INTAKE_DELAY) -> None:
        self.engine = engine
        #: Seconds an answer may go on showing the candidates it had once ingest has added
        #: more: while an ingest commits batch after batch, caches are renewed at most this
        #: often. A change to the contents (a pack, a decision, a correction) renews them at
        #: once.
        self.intake_delay = intake_delay
        self._seen: tuple[int, int] | None = None  # (contents, intake) the caches hold
        self._seen_at = -math.inf
        self._counters = _Counters(engine)
        self._cache: OrderedDict[Hashable, Any] = OrderedDict()
        self._cache_size = cache_size
        self._memo: dict[Hashable, Any] = {}
        self._lock = threading.Lock()

    def refresh(self) -> None:
        """Forget cached topics, places, actors and answers (after a change to the store)."""
        with self._lock:
            self._forget()

    def _forget(self) -> None:
        for name in ("topics", "metrics", "places", "actor_index", "scope_place_id", "events"):
            self.__dict__.pop(name, None)
        self._cache.clear()
        self._memo.clear()

    def generation(self) -> int:
        """The store's change counter; when it moved since last seen, caches are renewed.

        Two counters are read (one query, on a connection kept for it): the contents', which
        renews the caches at once, and the intake's, which renews them when they are older
        than ``intake_delay`` seconds.
        """
        try:
            contents, intake = self._counters.read()
        except Exception:  # noqa: BLE001  (a store created before the counter existed)
            contents, intake = 0, 0
        with self._lock:
            seen = self._seen
            if seen is None or seen[0] != contents or (
                    seen[1] != intake and time.monotonic() - self._seen_at >= self.intake_delay):
                self._forget()
                self._seen = (contents, intake)
                self._seen_at = time.monotonic()
            return self._seen[0]

    def cached(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """``compute()`` once per store generation for ``key`` (a small LRU)."""
        self.generation()
        full = (self._seen, key)
        with self._lock:
            if full in self._cache:
                self._cache.move_to_end(full)
                return self._cache[full]
        value = compute()
        with self._lock:
            self._cache[full] = value
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return value

    def memo(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """Like ``cached`` without asking the database for its generation: for data derived
        from the reference data (vocabularies, name lists), renewed whenever ``cached`` or
        ``refresh`` sees the store change."""
        full = ("memo", key)
        with self._lock:
            if full in self._memo:
                return self._memo[full]
        value = compute()
        with self._lock:
            self._memo[full] = value
        return value

    def _rows(self, statement: Any, params: dict[str, Any] | None = None) -> Sequence[Any]:
        with self.engine.connect() as connection:
            return connection.execute(statement, params or {}).all()

    # ----------------------------------------------------------------- reference data

    @cached_property
    def topics(self) -> dict[str, TopicInfo]:
        """Topics by id, in the pack's order."""
        rows = self._rows(select(Topic).order_by(Topic.position))
        return {
            r.id: TopicInfo(r.id, r.command, r.title, r.description, tuple(r.metrics),
                            tuple(r.keywords))
            for r in rows
        }

    @cached_property
    def metrics(self) -> dict[str, MetricInfo]:
        """Metrics by id."""
        rows = self._rows(select(Metric))
        return {r.id: MetricInfo(r.id, r.label, r.unit, tuple(r.keywords)) for r in rows}

    @cached_property
    def places(self) -> dict[str, PlaceInfo]:
        """Places by id."""
        rows = self._rows(select(Place))
        return {r.id: PlaceInfo(r.id, r.name, r.parent_id, tuple(r.aliases or ())) for r in rows}

    @cached_property
    def events(self) -> list[EventInfo]:
        """Named events, earliest first."""
        try:
            rows = self._rows(select(Event).order_by(Event.start, Event.id))
        except DBAPIError:  # a store migrated before events existed
            return []
        return [EventInfo(r.id, r.name, tuple(r.aliases or ()), _date(r.start), _date(r.end),
                          r.precision, tuple(r.actors or ())) for r in rows]

    @cached_property
    def scope_place_id(self) -> str | None:
        """The place the loaded story is about (the default filter)."""
        rows = self._rows(select(Pack.scope_place_id).order_by(Pack.loaded_at.desc()).limit(1))
        return rows[0][0] if rows else None

    def place_within(self, place_id: str) -> set[str]:
        """A place and every place inside it."""
        inside = {place_id}
        changed = True
        while changed:
            changed = False
            for place in self.places.values():
                if place.parent_id in inside and place.id not in inside:
                    inside.add(place.id)
                    changed = True
        return inside

    def place_path(self, place_id: str) -> list[str]:
        """A place and the places it lies in, innermost first."""
        path: list[str] = []
        current: str | None = place_id
        while current and current in self.places and current not in path:
            path.append(current)
            current = self.places[current].parent_id
        return path

    @cached_property
    def actor_index(self) -> ActorIndex:
        """Index over every actor and alias in the store."""
        aliases: dict[str, list[str]] = {}
        for actor_id, spelling in self._rows(select(Alias.actor_id, Alias.text)):
            aliases.setdefault(actor_id, []).append(spelling)
        entries = []
        for row in self._rows(select(Actor)):
            roles = tuple(
                (
                    r.get("title", ""),
                    dt.date.fromisoformat(r["start"]) if r.get("start") else None,
                    dt.date.fromisoformat(r["end"]) if r.get("end") else None,
                )
                for r in (row.roles or [])
            )
            entries.append(
                ActorEntry(row.id, row.name, row.kind, tuple(aliases.get(row.id, ())), roles)
            )
        return ActorIndex(entries)

    # ----------------------------------------------------------------- figures

    def figures(
        self,
        *,
        metrics: Sequence[str],
        statuses: Iterable[str] = ("confirmed",),
        place_ids: Iterable[str] | None = None,
        actor_id: str | None = None,
        within: tuple[dt.date, dt.date] | None = None,
        as_of: dt.date | None = None,
        end_from: dt.date | None = None,
        limit: int = 25,
    ) -> dict[str, list[FigureRow]]:
        """The latest figures of each metric, filtered by place, actor and time.

        One round trip: a UNION ALL of one index-ordered, limited select per metric.
        ``within`` keeps figures whose date, or the end of whose period, lies in the window
        (a toll "since 15 August" reported on 16 September is a September figure);
        ``as_of`` keeps figures dated on or before the day (a month counts from its end);
        ``end_from`` keeps figures whose date or period ends on or after the day.
        """
        out: dict[str, list[FigureRow]] = {metric: [] for metric in metrics}
        if not metrics:
            return out
        statuses = list(statuses)
        places = sorted(place_ids) if place_ids is not None else None
        statement = _figures_sql(len(metrics), len(statuses),
                                 None if places is None else len(places),
                                 actor_id is not None, within is not None, as_of is not None,
                                 end_from is not None)
        params: dict[str, Any] = {"lim": limit}
        params.update({f"m{i}": m for i, m in enumerate(metrics)})
        params.update({f"s{i}": v for i, v in enumerate(statuses)})
        if places is not None:
            params.update({f"p{i}": v for i, v in enumerate(places)})
        if actor_id is not None:
            params["actor"] = actor_id
        if within is not None:
            params["w0"], params["w1"] = within[0].isoformat(), within[1].isoformat()
        if as_of is not None:
            params["asof"] = as_of.isoformat()
        if end_from is not None:
            params["endfrom"] = end_from.isoformat()
        rows = [_figure_row(row) for row in self._rows(statement, params)]
        self._attach_actors(rows)
        for row in rows:
            out[row.metric].append(row)
        return out

    def list_figures(self, *, status: str | None = None, source_id: str | None = None,
                     limit: int = 500) -> list[FigureRow]:
        """Figures by status and/or source, latest first."""
        statement = select(*_FACT_COLUMNS)
        if status:
            statement = statement.where(Fact.status == status)
        if source_id:
            statement = statement.where(Fact.source_id == source_id)
        statement = statement.order_by(Fact.ref_end.desc(), Fact.id).limit(limit)
        rows = [_figure_row(r) for r in self._rows(statement)]
        self._attach_actors(rows)
        return rows

    def search_quotes(self, words: Sequence[str], *, limit: int = 10) -> list[str]:
        """Ids of confirmed figures whose quotes best match any of ``words`` (full text)."""
        terms = [w for w in (re.sub(r"[^\w-]", "", w) for w in words) if len(w) > 2][:12]
        if not terms:
            return []
        if self.engine.dialect.name == "postgresql":
            statement = text(
                "SELECT id FROM fact, to_tsquery('english', :q) query WHERE quote_tsv @@ query "
                "AND status = 'confirmed' ORDER BY ts_rank(quote_tsv, query) DESC, id LIMIT :n")
            query = " | ".join(terms)
        else:
            statement = text(
                "SELECT f.id FROM fact_fts JOIN fact f ON f.rowid = fact_fts.rowid "
                "WHERE fact_fts MATCH :q AND f.status = 'confirmed' "
                "ORDER BY bm25(fact_fts), f.id LIMIT :n")
            query = " OR ".join(f'"{t}"' for t in terms)
        try:
            return [r[0] for r in self._rows(statement, {"q": query, "n": limit})]
        except DBAPIError:
            return []

    def figures_by_id(self, ids: Iterable[str]) -> list[FigureRow]:
        """Figures by id, in no particular order."""
        rows = [_figure_row(r) for r in self._rows(select(*_FACT_COLUMNS)
                                                   .where(Fact.id.in_(list(ids))))]
        self._attach_actors(rows)
        return rows

    def _attach_actors(self, rows: list[FigureRow]) -> None:
        if not rows:
            return
        by_id = {row.id: row for row in rows}
        links = self._rows(_in_sql("SELECT fact_id, actor_id FROM factactor WHERE fact_id",
                                   len(by_id), order="fact_id, actor_id"), _in_params(by_id))
        for fact_id, actor_id in links:
            by_id[fact_id].actor_ids.append(actor_id)

    def sources(self, ids: Iterable[str]) -> dict[str, SourceRow]:
        """Sources by id."""
        wanted = sorted(set(ids))
        if not wanted:
            return {}
        rows = self._rows(
            _in_sql("SELECT id, outlet, title, url, published, cluster_id FROM source WHERE id",
                    len(wanted)), _in_params(wanted))
        return {r[0]: SourceRow(r[0], r[1], r[2], r[3], _date(r[4]), r[5]) for r in rows}

    def all_sources(self, *, limit: int = 200) -> list[SourceRow]:
        """Sources, newest publication first."""
        rows = self._rows(
            select(Source.id, Source.outlet, Source.title, Source.url, Source.published,
                   Source.cluster_id)
            .order_by(Source.published.desc().nulls_last(), Source.id)
            .limit(limit)
        )
        return [SourceRow(*r) for r in rows]

    def cluster_members(self, cluster_ids: Iterable[str]) -> dict[str, list[str]]:
        """Source ids of each wire cluster."""
        out: dict[str, list[str]] = {}
        rows = self._rows(
            select(Source.cluster_id, Source.id).where(Source.cluster_id.in_(list(cluster_ids)))
        )
        for cluster_id, source_id in rows:
            out.setdefault(cluster_id, []).append(source_id)
        return out

    def latest_year_with_month(self, month: int, metrics: Sequence[str]) -> int | None:
        """The most recent year in which some figure of ``metrics`` falls in ``month``."""
        years = self._rows(
            select(func.min(Fact.ref_start), func.max(Fact.ref_end)).where(
                Fact.metric.in_(list(metrics))
            )
        )
        if not years or years[0][0] is None:
            return None
        first, last = years[0][0].year, years[0][1].year
        for year in range(last, first - 1, -1):
            start = dt.date(year, month, 1)
            end = DatePoint(start, "month").end
            hit = self._rows(
                select(Fact.id).where(Fact.metric.in_(list(metrics)), Fact.ref_start >= start,
                                      Fact.ref_end <= end).limit(1)
            )
            if hit:
                return year
        return None

    # ----------------------------------------------------------------- actors

    def actor(self, actor_id: str) -> Actor | None:
        """One actor."""
        rows = self._rows(select(Actor).where(Actor.id == actor_id))
        return rows[0] if rows else None  # type: ignore[return-value]

    def aliases(self, actor_id: str) -> list[str]:
        """Every spelling of an actor stored in the pack."""
        return [r[0] for r in self._rows(select(Alias.text).where(Alias.actor_id == actor_id)
                                         .order_by(Alias.id))]

    def mentions(self, actor_id: str, *, limit: int = 20) -> list[tuple[SourceRow, int]]:
        """Sources that name an actor, newest first, with how often."""
        rows = self._rows(
            select(Source.id, Source.outlet, Source.title, Source.url, Source.published,
                   Source.cluster_id, Mention.count)
            .join(Mention, Mention.source_id == Source.id)
            .where(Mention.actor_id == actor_id)
            .order_by(Source.published.desc().nulls_last(), Source.id)
            .limit(limit)
        )
        return [(SourceRow(*r[:6]), r[6]) for r in rows]

    def actor_figures(self, actor_id: str, *, limit: int = 30) -> list[FigureRow]:
        """Confirmed figures an actor stated or that are about them, latest first."""
        about = select(FactActor.fact_id).where(FactActor.actor_id == actor_id)
        statement = (
            select(*_FACT_COLUMNS)
            .where(Fact.status == "confirmed",
                   or_(Fact.attributed_to == actor_id, Fact.id.in_(about)))
            .order_by(Fact.ref_end.desc(), Fact.ref_start.desc(), Fact.id)
            .limit(limit)
        )
        rows = [_figure_row(r) for r in self._rows(statement)]
        self._attach_actors(rows)
        return rows

    def actor_names(self, ids: Iterable[str]) -> dict[str, str]:
        """Canonical names by actor id."""
        wanted = list(set(ids))
        if not wanted:
            return {}
        index = self.__dict__.get("actor_index")
        if index is not None and all(i in index.actors for i in wanted):
            return {i: index.actors[i].name for i in wanted}
        return {r[0]: r[1] for r in self._rows(
            _in_sql("SELECT id, name FROM actor WHERE id", len(wanted)), _in_params(wanted))}

    # ----------------------------------------------------------------- totals

    def counts(self) -> dict[str, int]:
        """How many sources, confirmed figures, candidates and actors the store holds."""
        def one(statement: Any) -> int:
            return int(self._rows(statement)[0][0])

        return {
            "sources": one(select(func.count()).select_from(Source)),
            "figures": one(select(func.count()).select_from(Fact)
                           .where(Fact.status == "confirmed")),
            "candidates": one(select(func.count()).select_from(Fact)
                              .where(Fact.status == "candidate")),
            "actors": one(select(func.count()).select_from(Actor)),
        }
