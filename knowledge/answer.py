"""Answer a Query from the store: headline figure, timeline, disagreements, citations.

Every figure in an Answer carries its source and the verbatim sentence it comes from;
there is no way to build a figure without them. Identical claims are shown once, citing
every copy (wire copy is marked as such); figures for the same time that cannot both be
true are flagged as a disagreement and shown side by side.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from knowledge.numbers import format_value, qualifier_range, vague_word
from knowledge.query import MAX_QUERY_CHARS, Query, QueryKind
from knowledge.ranking import rank
from knowledge.reading import Reading, read
from knowledge.store import FactStore, FigureRow, MetricInfo, SourceRow, TopicInfo

__all__ = [
    "ActorProfile",
    "Answer",
    "DirectAnswer",
    "Figure",
    "FigureGroup",
    "MetricAnswer",
    "answer",
    "ask",
    "disagree",
    "figures_for",
    "list_figures",
]

_PRECISION_RANK = {"day": 0, "month": 1, "year": 2}
_QUALIFIER_WORDS = {
    "exact": "",
    "approx": "around ",
    "at_least": "at least ",
    "more_than": "more than ",
    "fewer_than": "fewer than ",
    "up_to": "up to ",
}
TIMELINE_LIMIT = 8
UNREVIEWED_LIMIT = 5


@dataclass(slots=True)
class Figure:
    """One figure with everything needed to cite it."""

    row: FigureRow
    source: SourceRow
    actors: list[str]
    attributed_to: str | None
    place: str | None

    @property
    def id(self) -> str:
        return self.row.id

    def amount(self) -> str:
        """'at least 2,500 troops', 'more than half of US forces'."""
        unit = self.row.unit
        vague = vague_word(self.row.value, self.row.quote)
        if vague:
            return f"{vague} of {unit}"
        value = format_value(self.row.value)
        words = _QUALIFIER_WORDS.get(self.row.qualifier, "")
        if unit.startswith("share of "):
            return f"{words}{value} of {unit.removeprefix('share of ')}"
        return f"{words}{value} {unit}"

    def when(self) -> str:
        """'30 Sep 2020', 'Sep 2020' or 'Oct 2019 – Jul 2020'."""
        start, end = self.row.when()
        return start.human() if end is None else f"{start.human()} – {end.human()}"

    def to_json(self) -> dict[str, Any]:
        """The figure in the documented JSON shape."""
        row = self.row
        start, end = row.when()
        return {
            "id": row.id,
            "metric": row.metric,
            "value": int(row.value) if row.value == int(row.value) else row.value,
            "qualifier": row.qualifier,
            "unit": row.unit,
            "as_of": start.iso if row.as_of is not None else None,
            "period_start": start.iso if row.as_of is None else None,
            "period_end": end.iso if end is not None else None,
            "precision": row.precision,
            "place": self.place,
            "actors": self.actors,
            "attributed_to": self.attributed_to,
            "status": row.status,
            "quote": row.quote,
            "quote_start": row.quote_start,
            "quote_end": row.quote_end,
            "source": {
                "id": self.source.id,
                "outlet": self.source.outlet,
                "title": self.source.title,
                "published": self.source.published.isoformat() if self.source.published else None,
                "url": self.source.url,
            },
        }


@dataclass(slots=True)
class FigureGroup:
    """The same claim in one or more sources; ``wire`` when they are copies of one report."""

    figures: list[Figure]
    wire: bool = False
    conflict: bool = False

    @property
    def lead(self) -> Figure:
        return self.figures[0]


@dataclass(slots=True)
class MetricAnswer:
    """What the store says about one metric."""

    metric: MetricInfo
    headline: FigureGroup
    alongside: list[FigureGroup] = field(default_factory=list)
    timeline: list[FigureGroup] = field(default_factory=list)
    more: int = 0

    @property
    def disputed(self) -> bool:
        return self.headline.conflict or any(g.conflict for g in self.alongside)

    def groups(self) -> list[FigureGroup]:
        return [self.headline, *self.alongside, *self.timeline]


@dataclass(slots=True)
class ActorProfile:
    """Who an actor is, how copy spells them, where they appear and their figures."""

    id: str
    name: str
    kind: str
    description: str
    roles: list[dict[str, Any]]
    spellings: list[str]
    mentions: list[tuple[SourceRow, int]]
    figures: list[Figure]
    score: float


@dataclass(slots=True)
class DirectAnswer:
    """The one-sentence answer to a question: the leading claim and the claims beside it."""

    lead: FigureGroup
    differing: list[FigureGroup] = field(default_factory=list)

    def sentence(self) -> str:
        """'Around 3,000 troops (30 Sep 2020, The New Arab); sources differ: 3,000 (Rudaw).'"""
        lead = self.lead.lead
        amount = lead.amount()
        place = f" in {lead.place}" if lead.place else ""
        said = f", said by {lead.attributed_to}" if lead.attributed_to else ""
        text = f"{amount[:1].upper()}{amount[1:]}{place} ({lead.when()}, {lead.source.outlet}{said})"
        if self.differing:
            others = ", ".join(
                f"{g.lead.amount()} ({g.lead.source.outlet}"
                f"{', ' + g.lead.when() if g.lead.when() != lead.when() else ''})"
                for g in self.differing)
            text += f"; sources differ: {others}"
        return text + "."


@dataclass
class Answer:
    """The reply to a Query, ready to render or serialise."""

    query: Query
    topic: TopicInfo | None = None
    sections: list[MetricAnswer] = field(default_factory=list)
    conflicts: list[list[str]] = field(default_factory=list)
    message: str | None = None
    suggestions: list[str] = field(default_factory=list)
    profile: ActorProfile | None = None
    sources: list[SourceRow] = field(default_factory=list)
    commands: list[TopicInfo] = field(default_factory=list)
    place: str | None = None
    actor: str | None = None
    unreviewed: list[Figure] = field(default_factory=list)
    listing: list[Figure] = field(default_factory=list)
    reading: Reading | None = None
    reading_text: str | None = None
    direct: DirectAnswer | None = None
    evidence: list[FigureGroup] = field(default_factory=list)
    nearest: list[FigureGroup] = field(default_factory=list)
    nearest_note: str | None = None
    unrecognised: list[str] = field(default_factory=list)
    more_command: str | None = None

    @property
    def figures(self) -> list[Figure]:
        """Every figure the answer gives as an answer (never candidates or nearest ones)."""
        out: list[Figure] = []
        for section in self.sections:
            for group in section.groups():
                out.extend(group.figures)
        for group in self.evidence:
            out.extend(group.figures)
        if self.profile:
            out.extend(self.profile.figures)
        out.extend(self.listing)
        return out

    @property
    def ok(self) -> bool:
        """True when the answer carries figures, a profile or a source list."""
        return bool(self.sections or self.profile or self.sources or self.unreviewed
                    or self.listing or self.evidence)

    def to_json(self) -> dict[str, Any]:
        """The documented JSON contract of ``factdesk ask --json`` (without ``text``,
        which the presentation layer adds)."""
        reading = None
        if self.reading is not None:
            r = self.reading
            reading = {
                "text": self.reading_text,
                "metrics": self.reading.top_metrics(),
                "place": r.place_name,
                "place_known": r.place_known,
                "time": None if r.time is None else {
                    "kind": r.time.kind, "start": r.time.start.isoformat(),
                    "end": r.time.end.isoformat(), "label": r.time.label,
                    "event": r.time.event.id if r.time.event else None},
                "actors": r.actor_ids,
                "unrecognised": r.unrecognised,
            }
        direct = None
        if self.direct is not None:
            direct = {"text": self.direct.sentence(), "figure": self.direct.lead.lead.id,
                      "differing": [g.lead.id for g in self.direct.differing]}
        return {
            "query": self.query.text,
            "topic": self.topic.id if self.topic else None,
            "reading": reading,
            "direct": direct,
            "figures": [f.to_json() for f in self.figures],
            "unreviewed": [f.to_json() for f in self.unreviewed],
            "nearest": [f.to_json() for g in self.nearest for f in g.figures],
            "message": self.message,
            "more": self.more_command,
            "conflicts": self.conflicts,
        }


# --------------------------------------------------------------------------- building


def ask(text: str, store: FactStore) -> Answer:
    """Parse and answer in one step; repeated questions are served from the store's cache
    until the store changes. Treat the returned Answer as read-only."""
    from knowledge.query import parse

    return store.cached(("ask", text), lambda: answer(parse(text, store), store))


def answer(query: Query, store: FactStore) -> Answer:
    """Answer a parsed Query from the store."""
    commands = list(store.topics.values())
    reply = Answer(query=query, commands=commands)
    kind = query.kind
    examples = " or ".join(f"`{t.command}`" for t in commands[:2]) or "`/facts QUESTION`"
    if kind is QueryKind.too_long:
        reply.message = (
            f"That is too long for me to read as a question. Keep it under "
            f"{MAX_QUERY_CHARS} characters, e.g. {examples} or a short question."
        )
    elif kind is QueryKind.empty:
        reply.message = f"Ask me for a figure, e.g. {examples}, `/actor NAME` or a question."
    elif kind is QueryKind.help:
        reply.message = "I answer with figures from curated sources, each with its citation."
    elif kind is QueryKind.unknown_command:
        reply.message = f"I don't know the command `{query.command}`."
    elif kind is QueryKind.sources:
        reply.sources = store.all_sources()
        if not reply.sources:
            reply.message = "The store holds no sources yet."
    elif kind is QueryKind.actor:
        _answer_actor(reply, store)
    elif kind is QueryKind.question:
        _answer_question(reply, store)
    else:
        _answer_topic(reply, store)
    return reply


def figures_for(store: FactStore, ids: list[str]) -> list[Figure]:
    """Figures by id, with their citations, in the order given."""
    order = {fact_id: n for n, fact_id in enumerate(ids)}
    rows = store.figures_by_id(ids) if ids else []
    return sorted(_figures(rows, store), key=lambda f: order.get(f.id, 0))


def list_figures(store: FactStore, *, status: str | None = None, source_id: str | None = None,
                 limit: int = 500) -> Answer:
    """Figures by status and/or source, latest first, as an Answer (``factdesk facts``)."""
    rows = store.list_figures(status=status, source_id=source_id, limit=limit)
    words = ["facts"] + ([f"--status {status}"] if status else []) + (
        [f"--source {source_id}"] if source_id else [])
    reply = Answer(query=Query(text=" ".join(words), kind=QueryKind.listing),
                   listing=_figures(rows, store))
    if not rows:
        reply.message = "No figures match."
    return reply


def _answer_question(reply: Answer, store: FactStore) -> None:
    """A free question: read it, rank confirmed figures against the reading, lead with one."""
    reading = read(reply.query.question or reply.query.text, store)
    reply.reading = reading
    reply.reading_text = reading.label(store)
    reply.unrecognised = list(reading.unrecognised)
    reply.suggestions = [c.name for c in reading.suggestions][:5]
    ranked = rank(reading, store)
    reply.unreviewed = _figures(ranked.unreviewed, store)
    if not ranked.figures:
        if ranked.missed:
            reply.message = f"No confirmed figures for {' · '.join(ranked.missed)}."
            if ranked.nearest:
                reply.nearest = _groups(_figures([s.row for s in ranked.nearest], store))
                reply.nearest_note = ("Nearest figures, not for "
                                      + " · ".join(ranked.missed) + ":")
        else:
            reply.message = "I found no confirmed figure that answers that."
            reply.suggestions += [f"{t.command} — {t.title}" for t in store.topics.values()]
        return
    figures = _figures([s.row for s in ranked.figures], store)
    if reading.unread_time and _bounds_the_count(reading.unread_time):
        # "since the ceasefire" with no date for it: a figure would pass off a count of
        # another period as the one asked. Shown apart, said plainly.
        reply.message = (f"I could not tell when {_event_of(reading.unread_time)} was, so I "
                         f"cannot give a figure {reading.unread_time}.")
        reply.nearest = _groups(figures)[:3]
        reply.nearest_note = f"Figures with no time limit, not only {reading.unread_time}:"
        return
    groups = _groups(figures)
    lead = groups[0]
    differing = [g for g in groups[1:]
                 if g.lead.row.metric == lead.lead.row.metric
                 and g.lead.row.unit == lead.lead.row.unit
                 and g.lead.row.place_id == lead.lead.row.place_id
                 and _overlap(g.lead.row, lead.lead.row)
                 and _claim(g.lead) != _claim(lead.lead)][:3]
    for group in (lead, *differing):
        group.conflict = bool(differing) and any(
            disagree(group.lead.row, other.lead.row) for other in (lead, *differing)
            if other is not group)
    rest = [g for g in groups[1:] if g not in differing]
    reply.evidence = [lead, *differing, *rest][:6]
    reply.direct = DirectAnswer(lead=lead, differing=differing)
    reply.reading_text = reading.label(store, answered=lead.lead.row.metric)
    conflict_ids = [f.id for g in (lead, *differing) if g.conflict for f in g.figures]
    reply.conflicts = [conflict_ids] if len(conflict_ids) > 1 else []
    if reading.unread_time:
        reply.message = (f"I could not tell when {_event_of(reading.unread_time)} was; these "
                         f"figures are not limited to {reading.unread_time}.")
    elif ranked.places:
        names = ", ".join(store.places[p].name for p in ranked.places if p in store.places)
        reply.message = (f"No place was asked, and the closest figures are about different "
                         f"places: {names}. Name one to choose; each figure says where it is.")
    elif ranked.elsewhere:
        names = ", ".join(store.places[p].name for p in ranked.elsewhere if p in store.places)
        reply.message = (f"These figures are about the story's own place; there are figures "
                         f"about {names} too. Name a place to see them.")
    elif ranked.outside_scope:
        reply.message = ("Nothing for the story's own place; the figure is about "
                         f"{_where(lead.lead.row.place_id, store)}.")
    topic = next((t for t in store.topics.values() if lead.lead.row.metric in t.metrics), None)
    if topic is not None:
        reply.topic = topic
        more = [topic.command]
        if reading.place_known and reading.place_name:
            more.append(reading.place_name.lower())
        reply.more_command = " ".join(more)


def _bounds_the_count(unread: str) -> bool:
    """True when the time word makes the figure asked another count ("since", "before",
    "until"); "after the crash" often only says which crash."""
    return not unread.lower().startswith(("after ", "following ", "in the wake of "))


def _event_of(unread: str) -> str:
    """'since the ceasefire' -> '“the ceasefire”'."""
    for cue in ("in the wake of", "prior to", "ahead of", "following", "since", "after",
                "before", "until", "till"):
        if unread.lower().startswith(cue + " "):
            return f"“{unread[len(cue) + 1:]}”"
    return f"“{unread}”"


def _where(place_id: str | None, store: FactStore) -> str:
    """'Okinawa, Japan': a place and the country it lies in ('elsewhere' when unknown)."""
    if not place_id or place_id not in store.places:
        return "elsewhere"
    path = [store.places[p].name for p in store.place_path(place_id)]
    return path[0] if len(path) == 1 else f"{path[0]}, {path[-1]}"


def _groups(figures: list[Figure]) -> list[FigureGroup]:
    """Identical claims together (wire copies cited once each), in the order given."""
    groups: dict[tuple[Any, ...], FigureGroup] = {}
    for figure in figures:
        groups.setdefault(_claim(figure), FigureGroup(figures=[])).figures.append(figure)
    out = list(groups.values())
    for group in out:
        clusters = [f.source.cluster_id for f in group.figures]
        group.wire = len(clusters) != len(set(clusters))
        group.figures.sort(key=lambda f: (f.source.published or dt.date.min, f.source.id))
    return out


def _refuse_unknown(reply: Answer) -> None:
    query = reply.query
    names = ", ".join(f"“{u}”" for u in query.unknown)
    reply.message = f"I don't know {names}, so I can't filter by it."
    reply.suggestions = [c.name for c in query.suggestions]


def _answer_actor(reply: Answer, store: FactStore) -> None:
    query = reply.query
    if not query.actor_id:
        reply.message = f"I don't know anyone called “{query.actor_text}”."
        reply.suggestions = [c.name for c in query.suggestions]
        return
    actor = store.actor(query.actor_id)
    if actor is None:
        reply.message = f"I don't know anyone called “{query.actor_text}”."
        return
    rows = store.actor_figures(actor.id)
    figures = _figures(rows, store)
    resolution = store.actor_index.resolve(query.actor_text or actor.name)
    reply.profile = ActorProfile(
        id=actor.id,
        name=actor.name,
        kind=actor.kind,
        description=actor.description,
        roles=list(actor.roles or []),
        spellings=store.aliases(actor.id),
        mentions=store.mentions(actor.id),
        figures=figures,
        score=resolution.match.score if resolution.match else 100.0,
    )
    reply.actor = actor.name


def _answer_topic(reply: Answer, store: FactStore) -> None:
    query = reply.query
    reply.topic = store.topics.get(query.topic_id or "")
    if query.unknown:
        _refuse_unknown(reply)
        return
    place_ids: set[str] | None = None
    if query.place_id:
        place_ids = store.place_within(query.place_id)
        reply.place = store.places[query.place_id].name
    elif store.scope_place_id:
        place_ids = store.place_within(store.scope_place_id)
    if query.actor_id:
        reply.actor = store.actor_names([query.actor_id]).get(query.actor_id)
    within = (query.within[0].start, query.within[1].end) if query.within else None
    conflicts: list[list[str]] = []
    metrics = [m for m in query.metrics if m in store.metrics]
    found = store.figures(metrics=metrics, place_ids=place_ids, actor_id=query.actor_id,
                          within=within, as_of=query.as_of)
    figures = _figures([row for rows in found.values() for row in rows], store)
    by_metric: dict[str, list[Figure]] = {}
    for figure in figures:
        by_metric.setdefault(figure.row.metric, []).append(figure)
    for metric_id in metrics:
        if not by_metric.get(metric_id):
            continue
        section, section_conflicts = _section(store.metrics[metric_id], by_metric[metric_id])
        reply.sections.append(section)
        conflicts.extend(section_conflicts)
    reply.conflicts = conflicts
    candidates = store.figures(metrics=metrics, statuses=("candidate",), place_ids=place_ids,
                               actor_id=query.actor_id, within=within, as_of=query.as_of,
                               limit=UNREVIEWED_LIMIT)
    rows = sorted((r for found_rows in candidates.values() for r in found_rows),
                  key=lambda r: (r.ref_end, r.id), reverse=True)[:UNREVIEWED_LIMIT]
    reply.unreviewed = _figures(rows, store)
    if not reply.sections:
        _nothing_found(reply, store, place_ids)


def _nothing_found(reply: Answer, store: FactStore, place_ids: set[str] | None) -> None:
    query = reply.query
    what = reply.topic.title if reply.topic else "that"
    if query.metrics_narrowed and len(query.metrics) == 1:
        metric = store.metrics.get(query.metrics[0])
        what = metric.label if metric else what
    filters = [f for f in (reply.place, reply.actor) if f] + query.filters_text()
    suffix = f" ({', '.join(filters)})" if filters else ""
    reply.message = f"No confirmed figures for {what}{suffix}."
    topic_metrics = reply.topic.metrics if reply.topic else tuple(query.metrics)
    scope = store.place_within(store.scope_place_id) if store.scope_place_id else None
    latest = store.figures(metrics=[m for m in topic_metrics if m in store.metrics],
                           place_ids=scope, limit=1)
    for metric_id, rows in latest.items():
        if rows:
            figure = _figures(rows, store)[0]
            label = store.metrics[metric_id].label
            reply.suggestions.append(f"{label}: latest {figure.when()}")


def _figures(rows: list[FigureRow], store: FactStore) -> list[Figure]:
    sources = store.sources(r.source_id for r in rows)
    names = store.actor_names(
        [a for r in rows for a in r.actor_ids] + [r.attributed_to for r in rows if r.attributed_to]
    )
    out = []
    for row in rows:
        place = store.places.get(row.place_id) if row.place_id else None
        out.append(
            Figure(
                row=row,
                source=sources[row.source_id],
                actors=[names.get(a, a) for a in row.actor_ids],
                attributed_to=names.get(row.attributed_to) if row.attributed_to else None,
                place=place.name if place else None,
            )
        )
    return out


def _claim(figure: Figure) -> tuple[Any, ...]:
    row = figure.row
    return (row.metric, row.value, row.qualifier, row.unit, row.ref_start, row.ref_end,
            row.place_id)


def _end_range(row: FigureRow) -> tuple[dt.date, dt.date]:
    """The days a figure's 'as of' may be: its date, or the last unit of its period."""
    if row.as_of is not None:
        return row.ref_start, row.ref_end
    end = row.ref_end
    if row.precision == "year":
        return dt.date(end.year, 1, 1), end
    if row.precision == "month":
        return end.replace(day=1), end
    return end, end


def _overlap(a: FigureRow, b: FigureRow) -> bool:
    """True when two figures describe the same time (a running total to 27 Aug and one to
    28 Aug do not)."""
    a0, a1 = _end_range(a)
    b0, b1 = _end_range(b)
    if (a.as_of is None) != (b.as_of is None) or a.as_of is None:
        return a0 <= b1 and b0 <= a1
    return a.ref_start <= b.ref_end and b.ref_start <= a.ref_end


def disagree(a: FigureRow, b: FigureRow) -> bool:
    """Two figures for the same thing, place and time whose values cannot both hold."""
    if a.unit != b.unit or a.place_id != b.place_id or not _overlap(a, b):
        return False
    low_a, high_a = qualifier_range(a.value, a.qualifier)
    low_b, high_b = qualifier_range(b.value, b.qualifier)
    return high_a < low_b or high_b < low_a


def _sort_key(figure: Figure) -> tuple[Any, ...]:
    row = figure.row
    published = figure.source.published or dt.date.min
    # A count over a period is as recent as its end; a dated figure as its date's start
    # ("in September" is not later than "29 September").
    when = row.ref_end if row.as_of is None else row.ref_start
    return (-when.toordinal(), _PRECISION_RANK.get(row.precision, 3),
            -row.ref_end.toordinal(), -published.toordinal(), row.id)


def _section(metric: MetricInfo, figures: list[Figure]) -> tuple[MetricAnswer, list[list[str]]]:
    figures.sort(key=_sort_key)
    groups: dict[tuple[Any, ...], FigureGroup] = {}
    for figure in figures:
        groups.setdefault(_claim(figure), FigureGroup(figures=[])).figures.append(figure)
    ordered = list(groups.values())
    for group in ordered:
        clusters = [f.source.cluster_id for f in group.figures]
        group.wire = len(clusters) != len(set(clusters))
        group.figures.sort(key=lambda f: (f.source.published or dt.date.min, f.source.id))
    # Disagreements: connected groups of claims that cannot all be true.
    parent = list(range(len(ordered)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, first in enumerate(ordered):
        for j in range(i + 1, len(ordered)):
            if disagree(first.lead.row, ordered[j].lead.row):
                first.conflict = ordered[j].conflict = True
                parent[root(j)] = root(i)
    clusters_of: dict[int, list[str]] = {}
    for i, group in enumerate(ordered):
        if group.conflict:
            clusters_of.setdefault(root(i), []).extend(f.id for f in group.figures)
    headline, rest = ordered[0], ordered[1:]
    alongside = [g for g in rest if _overlap(g.lead.row, headline.lead.row)]
    timeline = [g for g in rest if g not in alongside]
    section = MetricAnswer(metric=metric, headline=headline, alongside=alongside,
                           timeline=timeline[:TIMELINE_LIMIT],
                           more=max(0, len(timeline) - TIMELINE_LIMIT))
    return section, [ids for ids in clusters_of.values() if len(ids) > 1]
