"""Turn a slash command or a free question into a Query.

``/troops kadhimi as of 2020-10-01`` becomes a Query: a topic and the metrics it covers,
and filters for an actor, a place, a time window or an as-of date. In a command, words
the parser cannot place are reported, never dropped silently, so a filter the store
does not know is refused rather than ignored. A free question ("how many rockets hit
Erbil?", ``/facts …``, a mention) is kept whole for ``knowledge.reading``, which reads it
without refusing words it does not use.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum

from rapidfuzz import fuzz, process

from knowledge.actors import Candidate
from knowledge.dates import MONTHS, DatePoint, parse_written_date
from knowledge.store import FactStore

__all__ = ["MAX_QUERY_CHARS", "Query", "QueryKind", "clean_text", "parse"]

MAX_QUERY_CHARS = 300

_SLACK_MARKUP = re.compile(r"<[@#!][^>\s]*>|<(?:https?|mailto):[^>]*>")
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_AS_OF = re.compile(
    r"\b(?:as\s+of|as\s+at|by|before|until)\s+("
    r"\d{4}-\d{2}-\d{2}|\d{4}-\d{2}|\d{1,2}\s+(?:" + _MONTH_NAMES + r")\.?\s+\d{4}"
    r"|(?:" + _MONTH_NAMES + r")\.?\s+\d{1,2},?\s+\d{4}|(?:" + _MONTH_NAMES + r")\.?\s+\d{4}"
    r"|\d{4})\b",
    re.IGNORECASE,
)
_MONTH_YEAR = re.compile(
    r"\b(?:in|during|for|of)?\s*(" + _MONTH_NAMES + r")\.?(?:\s+(\d{4}))?\b", re.IGNORECASE
)
_ISO_MONTH = re.compile(r"\b(?:in|during|for)?\s*(\d{4})-(\d{2})\b")
_YEAR = re.compile(r"\b(?:in|during|for|of)?\s*((?:19|20)\d{2})\b")
_WORD = re.compile(r"[\w'’.-]+")

_STOPWORDS = set(
    """
    a an the of in on at to for by with from into near against about over under and or
    how many much what which who whom whose when where why is are was were be been being
    do does did done has have had having there their they them it its this that these
    those i me my we our you your he she his her us? latest current currently now still
    so far total number numbers figure figures count counted give show tell list find
    any all some please say said says saying claim claimed claims report reported reports
    according did does hit hits fire fired launch launched since until than more less
    stand stands stood get got happen happened
    """.split()
) - {"us?"}


class QueryKind(StrEnum):
    """What was asked for."""

    topic = "topic"
    actor = "actor"
    sources = "sources"
    help = "help"
    empty = "empty"
    unknown_command = "unknown_command"
    unclear = "unclear"
    too_long = "too_long"
    listing = "listing"
    question = "question"


@dataclass
class Query:
    """A parsed request: what to answer and with which filters."""

    text: str
    kind: QueryKind
    topic_id: str | None = None
    metrics: list[str] = field(default_factory=list)
    metrics_narrowed: bool = False
    actor_id: str | None = None
    actor_text: str | None = None
    place_id: str | None = None
    within: tuple[DatePoint, DatePoint] | None = None
    as_of: dt.date | None = None
    unknown: list[str] = field(default_factory=list)
    suggestions: list[Candidate] = field(default_factory=list)
    command: str | None = None
    question: str | None = None

    def filters_text(self) -> list[str]:
        """The filters as a reader would say them."""
        out = []
        if self.within:
            start, end = self.within
            out.append(start.human() if start == end else f"{start.human()} – {end.human()}")
        if self.as_of:
            out.append(f"as of {self.as_of.isoformat()}")
        return out


def clean_text(text: str) -> str:
    """Drop control characters and Slack markup, collapse whitespace."""
    text = "".join(
        " " if unicodedata.category(ch) in {"Cc", "Cf", "Zl", "Zp"} else ch for ch in text
    )
    text = _SLACK_MARKUP.sub(" ", text)
    return " ".join(text.split())


def parse(text: str, store: FactStore) -> Query:
    """Parse a slash command (``/troops kadhimi``) or a free question into a Query."""
    raw = text if isinstance(text, str) else ""
    if len(raw) > MAX_QUERY_CHARS * 4:
        return Query(text=raw[:MAX_QUERY_CHARS], kind=QueryKind.too_long)
    cleaned = clean_text(raw)
    if len(cleaned) > MAX_QUERY_CHARS:
        return Query(text=cleaned[:MAX_QUERY_CHARS], kind=QueryKind.too_long)
    if not cleaned:
        return Query(text="", kind=QueryKind.empty)
    if cleaned.startswith("/"):
        command, _, rest = cleaned.partition(" ")
        return _parse_command(cleaned, command.lower(), rest.strip(), store)
    return Query(text=cleaned, kind=QueryKind.question, question=cleaned)


def _parse_command(text: str, command: str, rest: str, store: FactStore) -> Query:
    if command in {"/factdesk", "/facts"}:
        if not rest or rest.lower() in {"help", "?"}:
            return Query(text=text, kind=QueryKind.help, command=command)
        if rest.lower().startswith("sources"):
            return Query(text=text, kind=QueryKind.sources, command=command)
        if rest.lower().startswith("actor "):
            return _actor_query(text, rest[6:].strip(), store, command)
        sub, _, tail = rest.partition(" ")
        if "/" + sub.lower() in {t.command for t in store.topics.values()}:
            return _parse_command(text, "/" + sub.lower(), tail.strip(), store)
        return Query(text=text, kind=QueryKind.question, question=rest, command=command)
    if command == "/help":
        return Query(text=text, kind=QueryKind.help, command=command)
    if command == "/sources":
        return Query(text=text, kind=QueryKind.sources, command=command)
    if command == "/actor":
        return _actor_query(text, rest, store, command)
    for topic in store.topics.values():
        if topic.command == command:
            query = Query(text=text, kind=QueryKind.topic, topic_id=topic.id,
                          metrics=list(topic.metrics), command=command)
            leftover = _take_filters(query, rest, store)
            words = [w for w in leftover.split() if w.lower() not in _STOPWORDS]
            if words:
                _take_actor(query, " ".join(words), store)
            return query
    return Query(text=text, kind=QueryKind.unknown_command, command=command)


def _actor_query(text: str, name: str, store: FactStore, command: str) -> Query:
    query = Query(text=text, kind=QueryKind.actor, actor_text=name, command=command)
    if not name:
        query.kind = QueryKind.empty
        return query
    resolution = store.actor_index.resolve(name)
    if resolution.match:
        query.actor_id = resolution.match.id
    query.suggestions = resolution.candidates
    return query


def _take_filters(query: Query, text: str, store: FactStore) -> str:
    """Take the as-of date, time window and place out of ``text``; return what is left."""
    match = _AS_OF.search(text)
    if match:
        point = parse_written_date(match.group(1))
        if point is None:
            query.unknown.append(match.group(0))
        else:
            query.as_of = point.end
        text = text[: match.start()] + " " + text[match.end():]
    match = _ISO_MONTH.search(text)
    if match:
        point = parse_written_date(f"{match.group(1)}-{match.group(2)}")
        if point is None:
            query.unknown.append(match.group(0).strip())
        else:
            query.within = (point, point)
        text = text[: match.start()] + " " + text[match.end():]
    else:
        match = _MONTH_YEAR.search(text)
        if match and not _is_may_verb(match, text):
            month = MONTHS[match.group(1).lower().rstrip(".")]
            year = int(match.group(2)) if match.group(2) else None
            if year is None:
                year = store.latest_year_with_month(month, query.metrics or list(store.metrics))
            if year is not None:
                point = DatePoint(dt.date(year, month, 1), "month")
                query.within = (point, point)
            else:
                query.unknown.append(match.group(0).strip())
            text = text[: match.start()] + " " + text[match.end():]
        else:
            match = _YEAR.search(text)
            if match:
                point = DatePoint(dt.date(int(match.group(1)), 1, 1), "year")
                query.within = (point, point)
                text = text[: match.start()] + " " + text[match.end():]
    place_id, text = _take_place(text, store)
    if place_id:
        query.place_id = place_id
    return " ".join(text.split())


def _is_may_verb(match: re.Match[str], text: str) -> bool:
    return match.group(1).lower() == "may" and not match.group(2)


def _take_place(text: str, store: FactStore) -> tuple[str | None, str]:
    names: list[tuple[str, str]] = []
    for place in store.places.values():
        for name in (place.name, *place.aliases):
            names.append((name, place.id))
    names.sort(key=lambda item: -len(item[0]))
    for name, place_id in names:
        match = re.search(r"(?<!\w)(?:in\s+|at\s+|near\s+)?" + re.escape(name) + r"(?!\w)",
                          text, re.IGNORECASE)
        if match:
            return place_id, text[: match.start()] + " " + text[match.end():]
    # A typo of a one-word place name ("hyderbad").
    single = {name.lower(): place_id for name, place_id in names if " " not in name and len(name) >= 5}
    for match in re.finditer(r"[A-Za-z][\w'’-]{4,}", text):
        hit = process.extractOne(match.group(0).lower(), list(single), scorer=fuzz.ratio,
                                 score_cutoff=86)
        if hit:
            return single[hit[0]], text[: match.start()] + " " + text[match.end():]
    return None, text


def _take_actor(query: Query, words: str, store: FactStore) -> None:
    """Resolve what is left of a command to an actor; anything unresolved is refused."""
    words = " ".join(words.split()).strip(" ,;:?!.")
    if not words:
        return
    index = store.actor_index
    resolution = index.resolve(words, on=query.as_of)
    if resolution.match:
        query.actor_id = resolution.match.id
        query.actor_text = words
        return
    query.unknown.append(words)
    query.suggestions = resolution.candidates
