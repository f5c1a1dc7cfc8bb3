"""Read a free question into what it is about, its constraints and its remaining words.

A reporter's question ("how many attacks since Kadhimi visited the White House?") is
not a command: no word has to land in a slot. ``read`` finds, from the store's own data,

- the metrics it is about, each with a score (pack labels, keywords, units, topics);
- a place (pack places and their spellings, then the gazetteer) that figures must lie in
  or around;
- a time constraint: a window, ``as of``, before / after / since / until a date or a named
  event of the pack;
- actors, as speakers or subjects, which rank figures but never exclude them;
- the remaining content words, matched against the words of each figure's quote;
- proper names it did not recognise, with did-you-mean candidates.

Nothing here knows any story: every word list comes from the store.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process

from knowledge.actors import Candidate
from knowledge.dates import MONTHS, DatePoint, parse_written_date
from knowledge.extract import event_name, event_noun
from knowledge.store import EventInfo, FactStore, FigureRow

__all__ = ["DURATION_UNITS", "Reading", "TimeConstraint", "is_duration", "quote_tokens", "read",
           "stem", "tokens", "vocabulary"]

_WORD = re.compile(r"[A-Za-z0-9][\w'’-]*")
_STOP = set(
    """
    a an the of in on at to for by with from into near about and or but as than then
    how many much what which who whom whose when where why is are was were be been being
    do does did done has have had having there their they them it its this that these
    those i me my we our you your he she his her him us latest current currently now
    still so far total number numbers figure figures count counted give show tell list
    find any all some please say said says saying claim claimed claims report reported
    according get got happen happened can could would should will shall may might
    know known one ever yet already just also again more most less least over under
    up down out off per each every other another such
    factdesk what's who's it's there's how's that's where's when's
    """.split()
)
_TIME_WORDS = {
    "before": "before", "prior to": "before", "ahead of": "before", "until": "until",
    "till": "until", "up to": "until", "by": "until", "as of": "until", "as at": "until",
    "since": "since", "from": "since", "after": "after", "following": "after",
    "in the wake of": "after", "during": "during", "in": "during", "at the time of": "until",
    "when": "until", "at the time": "until",
}
_TIME_WORD_RE = re.compile(
    r"\b(" + "|".join(sorted((re.escape(w) for w in _TIME_WORDS), key=len, reverse=True))
    + r")\s+", re.IGNORECASE)
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_DATE = (
    r"(?:\d{4}-\d{2}-\d{2}|\d{4}-\d{2}"
    r"|\d{1,2}(?:st|nd|rd|th)?\s+(?:" + _MONTH_NAMES + r")\.?,?\s+\d{4}"
    r"|(?:" + _MONTH_NAMES + r")\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
    r"|(?:" + _MONTH_NAMES + r")\.?(?:\s+(?:of\s+)?\d{4})?"
    r"|(?:19|20)\d{2})"
)
_BETWEEN = re.compile(r"\b(?:between|from)\s+(" + _DATE + r")\s+(?:and|to|until|till|through|-|–)\s+("
                      + _DATE + r")\b", re.IGNORECASE)
_ANCHORED_DATE = re.compile(r"\b(before|prior to|ahead of|until|till|up to|by|as of|as at|since|"
                            r"from|after|following|in|during|for|of)?\s*(?:the\s+)?(" + _DATE
                            + r")\b", re.IGNORECASE)
_PARTS = {"start": (1, 3), "beginning": (1, 3), "early": (1, 4), "mid": (5, 8), "middle": (5, 8),
          "late": (9, 12), "end": (10, 12)}
_PART_OF_YEAR = re.compile(r"\b(?:at\s+|in\s+|by\s+)?(?:the\s+)?(start|beginning|early|mid|middle|"
                           r"late|end)(?:\s+of|-)?\s+((?:19|20)\d{2})\b", re.IGNORECASE)
_PLACE_CUE = re.compile(r"\b(?:in|at|near|from|inside|across|around|to)\s+((?:the\s+)?"
                        r"[A-Z][\w'’-]*(?:\s+(?:(?:of|de|del|da|do|la)\s+)?[A-Z][\w'’-]*|"
                        r"\s+(?:al|el|ez|ad|as|an|ar|az|ed|es|ul|ash)-[\w'’]+){0,3})")
_CAPITALISED = re.compile(r"\b[A-Z][\w'’-]*(?:\s+(?:al-|el-|bin\s+|of\s+)?[A-Z][\w'’-]*)*")
_FUZZY_WORD = 86.0


def stem(word: str) -> str:
    """A crude English stem: enough to make 'rockets', 'rocket' and 'rocketed' meet.

    >>> [stem(w) for w in ("fired", "fire", "bases", "based", "died", "dies", "buses")]
    ['fir', 'fir', 'bas', 'bas', 'di', 'di', 'bus']
    """
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    w = w.strip("'-.")
    if len(w) == 3 and w.endswith("ie"):
        return w[:2]  # "die", "lie": as "died", "dies"
    if len(w) <= 3:
        return w
    for suffix, repl, keep in (("ies", "y", 2), ("ied", "y", 2), ("ing", "", 3), ("ed", "", 2),
                               ("es", "", 2), ("s", "", 3)):
        if w.endswith(suffix) and len(w) - len(suffix) >= keep:
            if suffix == "s" and w[-2] in "usi":
                break
            w = w[: len(w) - len(suffix)] + repl
            break
    if len(w) > 4 and w[-1] == w[-2] and w[-1] not in "aeiouls":
        w = w[:-1]
    if len(w) > 2 and w.endswith("e"):
        w = w[:-1]
    return w


@lru_cache(maxsize=65536)
def quote_tokens(text: str) -> frozenset[str]:
    """The stemmed content words of a figure's sentence (cached: sentences repeat)."""
    return frozenset(tokens(text))


def tokens(text: str, *, keep_stop: bool = False) -> list[str]:
    """Stemmed content words of ``text``."""
    out = []
    for m in _WORD.finditer(text):
        word = m.group(0).lower().strip("'’-")
        if not word or (not keep_stop and word in _STOP):
            continue
        out.append(stem(word))
    return out


# English nouns that go with a place's name ("Camp Taji", "Nineveh province"): never a name.
_PLACE_NOUNS = {stem(w) for w in """camp base fort airport airbase province district city town
    village region county state mount lake river valley port island capital border""".split()}


@dataclass(frozen=True, slots=True)
class TimeConstraint:
    """When figures must fall: ``kind`` is during, before, until, since or after."""

    kind: str
    start: dt.date
    end: dt.date
    label: str
    event: EventInfo | None = None

    def admits(self, row: FigureRow) -> bool:
        """True when the figure's date or period meets the constraint."""
        floor = _floor(self.start, row.precision)
        if self.kind == "during":
            return self.start <= row.ref_end <= self.end
        if self.kind == "before":
            return row.ref_end <= self.start
        if self.kind == "until":
            return row.ref_end <= self.end
        if self.kind == "since":
            return row.ref_end >= self.start and row.ref_start >= floor
        if self.kind == "after":
            return row.ref_end >= self.end and row.ref_start >= floor
        return True

    def sql_bounds(self) -> dict[str, dt.date]:
        """A loose superset of the constraint for the store's indexed query."""
        if self.kind == "during":
            return {"end_from": self.start, "end_until": self.end}
        if self.kind == "before":
            return {"end_until": self.start}
        if self.kind == "until":
            return {"end_until": self.end}
        return {"end_from": self.start}


def _floor(day: dt.date, precision: str) -> dt.date:
    if precision == "year":
        return dt.date(day.year, 1, 1)
    if precision == "month":
        return day.replace(day=1)
    return day


@dataclass
class Reading:
    """How a free question was understood."""

    text: str
    metrics: dict[str, float] = field(default_factory=dict)
    place_id: str | None = None
    place_name: str | None = None
    place_known: bool = True
    time: TimeConstraint | None = None
    actor_ids: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    search_words: list[str] = field(default_factory=list)
    head: list[str] = field(default_factory=list)
    named: list[str] = field(default_factory=list)  # the counted named: "how many Tajiks"
    owners: list[str] = field(default_factory=list)  # names before it: "PLA aircraft"
    unrecognised: list[str] = field(default_factory=list)
    suggestions: list[Candidate] = field(default_factory=list)
    unread_time: str | None = None  # "since the ceasefire": an event no date was found for
    asks: str | None = None  # "count", "duration" ("how long") or "whether" ("did anyone die")
    # Metrics that only count their noun, when the question says what happened to it ("how
    # many police officers were injured"): never the metric the question plainly asks for.
    plain_counts: set[str] = field(default_factory=set)

    def top_metrics(self, *, share: float = 0.5, limit: int = 4) -> list[str]:
        """Metrics scoring at least ``share`` of the best, best first."""
        if not self.metrics:
            return []
        best = max(self.metrics.values())
        ranked = sorted(self.metrics, key=lambda m: -self.metrics[m])
        return [m for m in ranked if self.metrics[m] >= best * share][:limit]

    def clear_metric(self) -> str | None:
        """The metric the question plainly asks for: a keyword hit well ahead of the next."""
        ranked = sorted(self.metrics.values(), reverse=True)
        if not ranked or ranked[0] < 0.5:
            return None
        if len(ranked) > 1 and ranked[0] < 1.25 * ranked[1]:
            return None
        best = max(self.metrics, key=lambda m: self.metrics[m])
        return None if best in self.plain_counts else best

    def fit(self, metric: str) -> float:
        """How well a metric fits the question, 0 to 1."""
        if not self.metrics:
            return 0.0
        # What happened was asked: measured against the metrics that name an event, a
        # plain count of the noun is no yardstick (its own fit stays at most 1).
        events = [v for m, v in self.metrics.items() if m not in self.plain_counts]
        best = max(events) if self.plain_counts and events else max(self.metrics.values())
        return min(1.0, self.metrics.get(metric, 0.0) / best)

    def parts(self, store: FactStore, *, answered: str | None = None) -> list[str]:
        """The reading as short labels: metric, place, actor, time; ``answered`` (the
        metric the answer leads with) names the metric when the words left a choice."""
        out = []
        top = self.top_metrics(share=0.99, limit=2)
        if answered and answered in self.metrics and answered in store.metrics and \
                answered not in top:
            top = [answered]
        if top:
            out.append(" / ".join(store.metrics[m].label for m in top))
        else:
            out.append("any figure")
        if self.place_name:
            out.append(self.place_name)
        names = store.actor_names(self.actor_ids)
        out.extend(names.get(a, a) for a in self.actor_ids)
        if self.time:
            out.append(self.time.label)
        elif self.unread_time:
            out.append(f"{self.unread_time} (when: not known)")
        return out

    def label(self, store: FactStore, *, answered: str | None = None) -> str:
        """'Troop level · Iraq · before Sep 2020'."""
        return " · ".join(self.parts(store, answered=answered))


# --------------------------------------------------------------------------- reading


def read(question: str, store: FactStore, *, today: dt.date | None = None) -> Reading:
    """Understand a free question from the store's vocabulary."""
    reading = Reading(text=question)
    text = " " + question.strip().rstrip("?!. ") + " "
    text, reading.time = _take_time(text, store)
    event_words: list[str] = []
    if reading.time is None:
        text, reading.time, reading.unread_time, event_words = _take_copy_event(text, store)
    text = _take_place(text, store, reading)
    text = _take_actors(text, store, reading)
    reading.words = tokens(text)
    for word in _WORD.finditer(text):  # "abductions", "kidnappings": what the figures call
        happened = event_noun(word.group(0))  # it ("kidnapped"), as extraction names it
        if happened and stem(happened) not in reading.words:
            reading.words.append(stem(happened))
    reading.head = _head_words(text)
    span = _head_span(text)
    reading.asks = span[1] if span else None
    reading.named, reading.owners = _named_in_head(text, store)
    reading.search_words = [m.group(0).lower() for m in _WORD.finditer(text)
                            if m.group(0).lower() not in _STOP and len(m.group(0)) > 2]
    reading.metrics = _score_metrics(reading.words, store, head=reading.head)
    if reading.asks == "duration":
        reading.metrics = _durations_first(reading.metrics, store)
    reading.plain_counts = _plain_counts(reading.metrics, reading.search_words, store)
    # The event's own words say which story (the ambush "since the ambush"), not what is
    # counted: they rank sentences only.
    reading.words += [stem(w) for w in event_words]
    reading.search_words += [w.lower() for w in event_words if len(w) > 2]
    _unrecognised(text, store, reading)
    return reading


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


def _point(raw: str, store: FactStore) -> DatePoint | None:
    """A written date; a month alone is the latest such month the store has figures in."""
    word = raw.strip().rstrip(".").lower()
    if word in MONTHS:
        month = MONTHS[word]
        year = store.latest_year_with_month(month, list(store.metrics))
        return DatePoint(dt.date(year, month, 1), "month") if year else None
    return parse_written_date(raw)


def _take_time(text: str, store: FactStore) -> tuple[str, TimeConstraint | None]:
    match = _BETWEEN.search(text)
    if match:
        first, last = _point(match.group(1), store), _point(match.group(2), store)
        if first and last and first.start <= last.end:
            label = f"{first.human()} – {last.human()}"
            return _blank(text, *match.span()), TimeConstraint("during", first.start, last.end,
                                                               label)
    match = _PART_OF_YEAR.search(text)
    if match:
        year = int(match.group(2))
        first, last = _PARTS[match.group(1).lower().split()[0].rstrip("-")]
        start = dt.date(year, first, 1)
        end = DatePoint(dt.date(year, last, 1), "month").end
        part = f"{match.group(1).lower()} of {year}"
        if match.group(0).lower().lstrip().startswith("by"):
            return _blank(text, *match.span()), TimeConstraint("until", start, end,
                                                               f"by the {part}")
        return _blank(text, *match.span()), TimeConstraint("during", start, end, part)
    event = _find_event(text, store)
    for match in _ANCHORED_DATE.finditer(text):
        raw = match.group(2)
        if raw.lower() == "may" and not re.search(r"\d", raw):
            continue  # "may" the verb
        point = _point(raw, store)
        if point is None:
            continue
        cue = (match.group(1) or "in").lower()
        kind = _TIME_WORDS.get(cue, "during")
        if event is not None and event[0] <= match.start() <= event[2]:
            text = _blank(text, event[1], event[2])
            event = None
        text = _blank(text, *match.span())
        return text, _constraint(kind, point.start, point.end, point.human())
    if event is not None:
        cue_start, start, end, info, kind = event
        text = _blank(text, cue_start, end)
        when = DatePoint(info.start, info.precision).human()
        return text, _constraint(kind, info.start, info.end, f"{info.name} ({when})", info)
    return text, None


_EVENT_CUE = re.compile(r"\b(since|after|following|in the wake of|before|prior to|ahead of|"
                        r"until|till)\s+((?:the|a|an|last|this|its|their|his|her)\s+)"
                        r"([^,;?!]*)", re.IGNORECASE)
_EVENT_STOP = re.compile(r"\s(?:and|but|while|when|where|in|at|on|near|across|according)\s",
                         re.IGNORECASE)
# Verbs that say an event happened, not what it was: "since the strike *began*".
_HAPPENED = {stem(w) for w in """began begun begin started start starts took take effect came
    come into force ended end broke out was were signed agreed announced declared happened
    hit struck""".split()}


def _take_copy_event(text: str, store: FactStore
                     ) -> tuple[str, TimeConstraint | None, str | None, list[str]]:
    """An event the pack does not name, after a time word ("since the ceasefire", "after
    the election", "since the strike began"): dated from the copy when the sentences that
    name it agree on a date, else returned unread, so the answer can say so."""
    match = _EVENT_CUE.search(text)
    if match is None:
        return text, None, None, []
    tail = match.group(3)
    stop = _EVENT_STOP.search(" " + tail)
    tail = tail[: stop.start() - 1] if stop else tail
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", tail)]
    nouns = [w for w in words if w[0].islower() and w.lower() not in _STOP
             and stem(w) not in _HAPPENED]
    if not nouns:
        return text, None, None, []
    cue = match.group(1).lower()
    kind = _TIME_WORDS[cue]
    named = f"{match.group(2)}{tail}".split()
    while len(named) > 2 and stem(named[-1]) in _HAPPENED:
        named.pop()  # "the strike began": the strike
    phrase = " ".join(named)
    # Blank the cue and the event's own words; names in it (a place, an actor) stay.
    end = match.start(3) + len(tail)
    kept = re.sub(r"(?<![\w'’-])[a-z][\w'’-]*", lambda m: " " * len(m.group(0)),
                  text[match.start():end])
    text = text[:match.start()] + kept + text[end:]
    point = _date_from_copy(tuple(n.lower() for n in nouns), store)
    if point is None:
        return text, None, f"{cue} {phrase}", nouns
    return text, _constraint(kind, point.start, point.end,
                             f"{phrase} ({point.human()}, as the copy dates it)"), None, nouns


# "…, officials said on Thursday": when it was told, not when the event was.
_REPORTED = re.compile(r"\b(?:said|says|told|reported|announced|added|stated|confirmed)"
                       r"(?:\s+\w+)?\s*$", re.IGNORECASE)


def _date_from_copy(nouns: tuple[str, ...], store: FactStore) -> DatePoint | None:
    """The date the store's copy gives an event named by ``nouns``: every sentence of the
    stories whose figures name it that names it with a time expression must agree."""
    keys = [stem(n) for n in nouns]

    def build() -> DatePoint | None:
        from knowledge.sentences import sentences
        from knowledge.timex import find_times

        ids = store.search_quotes(list(nouns), limit=20)
        rows = store.figures_by_id(ids)
        source_ids = sorted({r.source_id for r in rows
                             if set(keys) <= quote_tokens(r.quote)})[:10]
        if not source_ids:
            return None
        from sqlalchemy import select

        from knowledge.models import Source

        with store.engine.connect() as connection:
            found = connection.execute(select(Source.text, Source.published)
                                       .where(Source.id.in_(source_ids))).all()
        points: set[DatePoint] = set()
        for body, published in found:
            if published is None:
                continue
            day = published if isinstance(published, dt.date) else dt.date.fromisoformat(
                str(published)[:10])
            for sentence in sentences(body or ""):
                if not set(keys) <= quote_tokens(sentence.text):
                    continue
                lowered = sentence.text.lower()
                at = min((lowered.find(k) for k in keys if lowered.find(k) >= 0), default=-1)
                times = [t for t in find_times(sentence.text, day)
                         if not _REPORTED.search(sentence.text, 0, t.start)]
                if at < 0 or not times:
                    continue
                # The time expression nearest the event's name dates it.
                nearest = min(times, key=lambda t: min(abs(t.start - at), abs(t.end - at)))
                if min(abs(nearest.start - at), abs(nearest.end - at)) <= 60:
                    points.add(nearest.point)
        return next(iter(points)) if len(points) == 1 else None

    return store.memo(("copy-event", nouns), build)


def _constraint(kind: str, start: dt.date, end: dt.date, what: str,
                event: EventInfo | None = None) -> TimeConstraint:
    words = {"during": "", "before": "before ", "until": "until ", "since": "since ",
             "after": "after "}
    return TimeConstraint(kind, start, end, f"{words[kind]}{what}", event)


def _find_event(text: str, store: FactStore) -> tuple[int, int, int, EventInfo, str] | None:
    """A named event introduced by a time word: (cue start, phrase start, end, event, kind)."""
    events = store.events
    if not events:
        return None
    best: tuple[float, int, int, int, EventInfo, str] | None = None
    for cue in _TIME_WORD_RE.finditer(text):
        kind = _TIME_WORDS[cue.group(1).lower()]
        tail_start = cue.end()
        stop = re.search(r"[,;?!]|\b(?:and|but|while|when|where)\b", text[tail_start:])
        tail_end = tail_start + (stop.start() if stop else len(text) - tail_start)
        tail = text[tail_start:tail_end]
        tail_tokens = _actor_folded_tokens(tail, store)
        if not tail_tokens:
            continue
        if kind == "during" and not re.match(r"\s*(?:the\s+)?[\w'’-]", tail, re.I):
            continue
        first = tokens(tail)[:1]
        for event, alias_tokens in _event_aliases(store):
            covered = sum(1 for t in alias_tokens if _token_in(t, tail_tokens))
            if covered / len(alias_tokens) < (1.0 if len(alias_tokens) <= 2 else 0.75):
                continue
            if kind == "during" and not (first and _token_in(first[0], alias_tokens)):
                continue  # "in" names an event only when the event follows it
            spill = len([t for t in tail_tokens if not _token_in(t, alias_tokens)])
            score = covered - 0.25 * spill
            if best is None or score > best[0]:
                best = (score, cue.start(), tail_start, tail_end, event, kind)
    if best is None or best[0] <= 0:
        return None
    _, cue_start, start, end, event, kind = best
    return cue_start, start, end, event, kind


def _event_aliases(store: FactStore) -> list[tuple[EventInfo, list[str]]]:
    """Every event name and alias as actor-folded tokens (computed once per store state)."""
    def build() -> list[tuple[EventInfo, list[str]]]:
        out = []
        for event in store.events:
            for alias in (event.name, *event.aliases):
                alias_tokens = _actor_folded_tokens(alias, store)
                if alias_tokens:
                    out.append((event, alias_tokens))
        return out

    return store.memo(("event-aliases",), build)


def _actor_folded_tokens(text: str, store: FactStore) -> list[str]:
    """Content tokens with actor spellings replaced by one token per actor."""
    spans = store.actor_index.find_in(text)
    out_text = text
    for start, end, actor_id in sorted(spans, reverse=True):
        marker = re.sub(r"[^a-z0-9]", "", actor_id.lower())
        out_text = out_text[:start] + f" actor{marker} " + out_text[end:]
    return tokens(out_text)


def _token_in(token: str, pool: list[str]) -> bool:
    if token in pool:
        return True
    if len(token) < 5 or token.startswith("actor"):
        return False
    return any(len(p) >= 5 and fuzz.ratio(token, p) >= _FUZZY_WORD for p in pool)


def _spellings(name: str) -> set[str]:
    """A name as written, without its accents, and with German umlauts spelt out:
    "Sölden", "Solden", "Soelden"; "Grindavík", "Grindavik"."""
    out = {name}
    spelt = name
    for letter, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("Ä", "Ae"), ("Ö", "Oe"),
                          ("Ü", "Ue"), ("ß", "ss")):
        spelt = spelt.replace(letter, plain)
    for variant in (name, spelt):
        folded = "".join(c for c in unicodedata.normalize("NFKD", variant)
                         if not unicodedata.combining(c))
        out |= {variant, folded, folded.replace("‘", "'").replace("’", "'")}
    return out


def _place_names(store: FactStore) -> list[tuple[str, str]]:
    return store.memo(("place-names",), lambda: sorted(
        {(spelling, place.id) for place in store.places.values()
         for name in (place.name, *place.aliases) for spelling in _spellings(name)},
        key=lambda item: (-len(item[0]), item)))


def _take_place(text: str, store: FactStore, reading: Reading) -> str:
    for name, place_id in _place_names(store):
        match = re.search(r"(?<!\w)" + re.escape(name) + r"(?:'s|’s|s)?(?!\w)", text, re.IGNORECASE)
        if match:
            reading.place_id = place_id
            reading.place_name = store.places[place_id].name
            return _blank(text, *match.span())
    # A typo of a known place ("Baghdd", "Sukur").
    words = [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text)]
    choices = {name.lower(): place_id for name, place_id in _place_names(store)
               if " " not in name and len(name) >= 5}
    for start, end, word in words:
        if len(word) < 5 or word.lower() in _STOP or not word[0].isupper():
            continue
        hit = process.extractOne(word.lower(), list(choices), scorer=fuzz.ratio,
                                 score_cutoff=_FUZZY_WORD)
        if hit:
            reading.place_id = choices[hit[0]]
            reading.place_name = store.places[reading.place_id].name
            return _blank(text, start, end)
    # Another spelling or a short form of a place the store holds ("Binyamina" for
    # "Binyamina-Giv'at 'Ada", "Deir el-Zor"), resolved by the gazetteer as copy is.
    named = [(m.group(1), m.span(1)) for m in _PLACE_CUE.finditer(text)]
    named += [(m.group(0), m.span()) for m in _CAPITALISED.finditer(text) if m.start() > 1]
    for _raw, span, name in _place_like(named, store):
        place_id = _gazetteer_place(name, store)
        if place_id:
            reading.place_id = place_id
            reading.place_name = store.places[place_id].name
            return _blank(text, *span)
    # A short form the gazetteer lacks as a name ("CAR", "NZ", "KP"): a code or the
    # initials of a place the store holds.
    short = _take_short_form(text, store, reading)
    if short is not None:
        return short
    # A misspelt name of one word or several ("Central Africa Republic", "Phillipines").
    for raw, span, name in _place_like(named, store):
        corrected = _misspelt_place(name, store)
        if corrected is None:
            continue
        place_id, spelt = corrected
        start = span[0] + raw.find(name)
        reading.place_id = place_id
        reading.place_name = store.places[place_id].name if place_id else spelt
        reading.place_known = place_id is not None
        return _blank(text, start, start + len(name))
    # A place the store does not know, named after "in"/"at": nothing can match it.
    for match in _PLACE_CUE.finditer(text):
        name = re.sub(r"^the\s+", "", match.group(1)).strip()
        if store.actor_index.find_in(name) or store.actor_index.resolve(name).match:
            continue
        if name.lower() in MONTHS or _looks_like_vocabulary(name, store):
            continue
        if _quoted(name, store) and not _gazetteer_knows(name, store):
            continue  # named in a confirmed figure's sentence (a base new copy named): words
        following = _CONTENT_AFTER.match(text, match.end(1))
        if match.group(1).lower().startswith("the ") and following and \
                following.group(1).lower() not in _STOP and not _prominent_place(name) and \
                (name.isupper() or _quoted(name, store)):
            continue  # "in the UN convoy attack", "in the Osprey crash": what, not where
        reading.place_id = None
        reading.place_name = name
        reading.place_known = False
        return _blank(text, *match.span(1))
    return text


_SHORT_FORM = re.compile(r"(?<![\w.])(?:[A-Z]\.){1,3}[A-Z]\.?(?!\w)|(?<![\w.])[A-Z]{2,6}(?![\w.])")
_LOCATIVE_BEFORE = re.compile(r"\b(?:in|at|near|from|inside|across|around|to|into|throughout|"
                              r"within|out\s+of)\s+(?:the\s+)?$", re.IGNORECASE)
_CONTENT_AFTER = re.compile(r"\s+([a-z][\w'’-]*)")


def _short_form_places(store: FactStore) -> dict[str, set[str]]:
    """Short form -> the store's places it may name: ISO codes of a country (two letters
    only where they are its initials too: "NZ", "US"), a subdivision's own code, and the
    initials of a name of three words or more ("CAR", "UAE", "DRC")."""
    def build() -> dict[str, set[str]]:
        from sqlalchemy import select

        from knowledge.models import Place
        from knowledge.places import short_forms

        with store.engine.connect() as connection:
            rows = connection.execute(select(Place.id, Place.name, Place.gazetteer_id)).all()
        out: dict[str, set[str]] = {}
        for row in rows:
            if row.id not in store.places:
                continue
            for form, how in short_forms(row.name, row.gazetteer_id).items():
                if len(form) == 2 and not ("code" in how and "initials" in how):
                    continue  # "ZA" is Zamfara's code, "DA" Dan Ali's initials: too weak
                out.setdefault(form, set()).add(row.id)
        return out

    return store.memo(("short-form-places",), build)


def _outlets(store: FactStore) -> frozenset[str]:
    """The outlets of the store's sources, as written."""
    def build() -> frozenset[str]:
        from sqlalchemy import select

        from knowledge.models import Source

        with store.engine.connect() as connection:
            return frozenset(connection.execute(select(Source.outlet).distinct()).scalars())

    return store.memo(("outlets",), build)


def _take_short_form(text: str, store: FactStore, reading: Reading) -> str | None:
    """Read a short form as the one place of the store it names; never an actor's
    acronym ("UN", "PMF"), and a state's ("US") only where it is the place of something
    ("in the US", not "US troops")."""
    found = [m for m in _SHORT_FORM.finditer(text)]
    if not found:
        return None
    forms = _short_form_places(store)
    vocab = vocabulary(store)
    for match in found:
        form = match.group(0).replace(".", "")
        ids = forms.get(form)
        if not ids or len(ids) != 1 or stem(form) in vocab:
            continue
        if form in _outlets(store):
            continue  # "AP said": the wire, not Andhra Pradesh
        actors = store.actor_index.find_in(match.group(0))
        if any(store.actor_index.actors[a].kind != "state" for _s, _e, a in actors
               if a in store.actor_index.actors):
            continue
        where = bool(_LOCATIVE_BEFORE.search(text[:match.start()]))
        following = _CONTENT_AFTER.match(text, match.end())
        modifies = bool(following and following.group(1).lower() not in _STOP)
        if actors and (not where or modifies):
            continue  # "US troops": whose, not where
        if len(form) == 2 and not where and (
                not modifies or re.search(r"\b(?:the|a|an)\s+$", text[:match.start()], re.I)):
            continue  # "the MP said": two letters are a place only where they say where
        place_id = next(iter(ids))
        reading.place_id = place_id
        reading.place_name = store.places[place_id].name
        return _blank(text, *match.span())
    return None


_FUZZY_PLACE = 90.0
_WEEKDAY = re.compile(r"(?:mon|tues|wednes|thurs|fri|satur|sun)day'?s?", re.IGNORECASE)


def _misspelt_place(name: str, store: FactStore) -> tuple[str | None, str] | None:
    """The place a misspelt name means: (the store's place id, or None when the store
    holds no figure there, and the name as spelt right). Only a capitalised name of six
    letters or more, close to one name (the same first letter, a length within two
    letters, a ratio of 90 or more), first among the store's places, then among the
    gazetteer's countries, regions, provinces and larger cities."""
    if len(name) < 6 or not name[:1].isupper() or _WEEKDAY.fullmatch(name):
        return None
    folded = _fold_name(name)
    for choices in (_store_spellings(store), _prominent_spellings()):
        pool = choices.get(folded[:1], ())
        near = [c for c in pool if abs(len(c) - len(folded)) <= 2]
        hit = process.extractOne(folded, near, scorer=fuzz.ratio, score_cutoff=_FUZZY_PLACE)
        if not hit or hit[0] == folded and choices is _prominent_spellings():
            continue
        spelt = hit[0]
        if choices is not _prominent_spellings():
            return _store_spelling_ids(store)[spelt], spelt
        title = _PROMINENT_TITLES[spelt]
        held = _gazetteer_place(title, store)
        return held, title
    return None


def _fold_name(name: str) -> str:
    plain = "".join(c for c in unicodedata.normalize("NFKD", name)
                    if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w' ]+", " ", plain.casefold()).split())


def _store_spelling_ids(store: FactStore) -> dict[str, str]:
    return store.memo(("place-spelling-ids",), lambda: {
        _fold_name(spelling): place_id for spelling, place_id in _place_names(store)
        if len(spelling) >= 6})


def _store_spellings(store: FactStore) -> dict[str, list[str]]:
    """The store's place names, folded, by first letter (computed once per store state)."""
    def build() -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for folded in _store_spelling_ids(store):
            out.setdefault(folded[:1], []).append(folded)
        return out

    return store.memo(("place-spellings",), build)


_PROMINENT_TITLES: dict[str, str] = {}


@lru_cache(maxsize=1)
def _prominent_spellings() -> dict[str, list[str]]:
    """The gazetteer's primary names of countries, regions, first-level subdivisions and
    cities of 100,000 people or more, folded, by first letter (built once a process)."""
    from knowledge.places import gazetteer

    entries = gazetteer().entries
    out: dict[str, list[str]] = {}
    for entry in entries.values():
        if entry.kind == "city" and entry.population < 100_000:
            continue
        folded = _fold_name(entry.name)
        if len(folded) < 6 or folded in _PROMINENT_TITLES:
            continue
        _PROMINENT_TITLES[folded] = entry.name
        out.setdefault(folded[:1], []).append(folded)
    return out


def _place_like(named: list[tuple[str, tuple[int, int]]], store: FactStore
                ) -> Iterator[tuple[str, tuple[int, int], str]]:
    """(raw, span, name) of the capitalised names that may be places: not a month, not the
    store's vocabulary, not an actor."""
    for raw, span in named:
        name = re.sub(r"^the\s+", "", raw).strip()
        if name.lower() in MONTHS or _looks_like_vocabulary(name, store) or \
                store.actor_index.find_in(name):
            continue
        yield raw, span, name


def _gazetteer_index(store: FactStore):  # type: ignore[no-untyped-def]
    from knowledge.ingest import pack_place_index

    return pack_place_index(store)


def _gazetteer_place(name: str, store: FactStore) -> str | None:
    """The store's place that the gazetteer reads ``name`` as, if the store holds it."""
    index = store.memo(("gazetteer-index",), lambda: _gazetteer_index(store))
    for mention in index.find(f"in {name}"):
        if mention.place.id in store.places and mention.start == 3:
            return mention.place.id
    return None


def _gazetteer_knows(name: str, store: FactStore) -> bool:
    """True when the gazetteer reads ``name`` as a place (one the store may not hold)."""
    index = store.memo(("gazetteer-index",), lambda: _gazetteer_index(store))
    return any(m.start == 3 and m.end == 3 + len(name) for m in index.find(f"in {name}"))


def _prominent_place(name: str) -> bool:
    """True when the gazetteer's first meaning of ``name`` is a country, a region, a
    subdivision or a city of 100,000 people or more ("the Yaoundé stadium crush")."""
    from knowledge.places import gazetteer

    return any(primary and (entry.kind != "city" or entry.population >= 100_000)
               for entry, primary in gazetteer().lookup(name))


def _quoted(name: str, store: FactStore) -> bool:
    """True when some confirmed figure's sentence names ``name``."""
    words = [w for w in re.findall(r"[\w'’-]+", name) if len(w) > 2]
    if not words:
        return False
    ids = store.search_quotes(words, limit=20)
    pattern = re.compile(r"(?<!\w)" + re.escape(name) + r"(?!\w)", re.IGNORECASE)
    return any(pattern.search(row.quote) for row in store.figures_by_id(ids))


def _looks_like_vocabulary(name: str, store: FactStore) -> bool:
    vocab = vocabulary(store)
    return all(t in vocab for t in tokens(name))


def _take_actors(text: str, store: FactStore, reading: Reading) -> str:
    for start, end, actor_id in store.actor_index.find_in(text):
        actor = store.actor_index.actors.get(actor_id)
        if actor is None or actor_id in reading.actor_ids:
            continue
        text = _blank(text, start, end)
        if actor.kind in {"state", "media"}:
            continue  # "US troops", "Washington": whose, not a filter and not a topic word
        reading.actor_ids.append(actor_id)
    return text


def _unrecognised(text: str, store: FactStore, reading: Reading) -> None:
    vocab = vocabulary(store)
    index = store.actor_index
    for match in _CAPITALISED.finditer(text):
        run = match.group(0).strip()
        if match.start() <= 1 and " " not in run:
            # A capital at the start of the question is only grammar.
            if run.lower() in _STOP or stem(run) in vocab:
                continue
        words = [w for w in tokens(run) if w not in vocab and w not in _PLACE_NOUNS]
        if not words or run.lower() in _STOP:
            continue
        resolution = index.resolve(run)
        if resolution.match:
            if resolution.match.kind not in {"state", "media"} and \
                    resolution.match.id not in reading.actor_ids:
                reading.actor_ids.append(resolution.match.id)
            continue
        if _quoted(run, store):
            continue  # not a name we know, but the sentences of figures use it
        reading.unrecognised.append(run)
        reading.suggestions.extend(resolution.candidates)


def _counted_nouns(store: FactStore) -> dict[str, list[str]]:
    """Metric id -> the nouns its pack rules count ("peacekeepers", "marines", …)."""
    from sqlalchemy import select

    from knowledge.models import Metric

    with store.engine.connect() as connection:
        rows = connection.execute(select(Metric.id, Metric.rules)
                                  .where(Metric.origin == "pack")).all()
    return {r.id: [n for n in (r.rules or {}).get("counts", ()) if n != "people"]
            for r in rows}


def vocabulary(store: FactStore) -> dict[str, list[tuple[str, float]]]:
    """Stemmed word -> [(metric id, weight)] from the pack's metrics and topics."""
    def build() -> dict[str, list[tuple[str, float]]]:
        weights: dict[str, dict[str, float]] = {}

        def add(words: list[str], metric_id: str, weight: float) -> None:
            for word in words:
                current = weights.setdefault(word, {})
                current[metric_id] = max(current.get(metric_id, 0.0), weight)

        for metric_id, nouns in _counted_nouns(store).items():
            if metric_id in store.metrics:
                add(tokens(" ".join(nouns)), metric_id, 0.6)
        for metric in store.metrics.values():
            add(tokens(metric.label), metric.id, 0.6)
            add(tokens(metric.unit), metric.id, 0.6)
            for keyword in metric.keywords:
                words = tokens(keyword)
                add(words, metric.id, 1.0 if len(words) == 1 else 0.5)
        for topic in store.topics.values():
            words = tokens(" ".join(topic.keywords)) + tokens(topic.title)
            for position, metric_id in enumerate(topic.metrics):
                add(words, metric_id, 0.4 if position == 0 else 0.3)
            add(tokens(topic.command.lstrip("/")), topic.metrics[0], 0.5)
        out = {}
        for word, by_metric in weights.items():
            strong = sum(1 for w in by_metric.values() if w >= 0.6)
            share = 1.0 / max(1, strong) ** 0.5
            out[word] = sorted((m, w * share if w >= 0.6 else w) for m, w in by_metric.items())
        return out

    return store.memo(("vocabulary",), build)


def _phrases(store: FactStore) -> list[tuple[tuple[str, ...], str]]:
    """Keywords of two or more content words, as token tuples, with their metric."""
    def build() -> list[tuple[tuple[str, ...], str]]:
        out = []
        for metric in store.metrics.values():
            for keyword in metric.keywords:
                words = tuple(tokens(keyword))
                if len(words) > 1:
                    out.append((words, metric.id))
        return out

    return store.memo(("phrases",), build)


_HEAD_END = (r"(?=\s+(?:in|at|on|near|since|before|after|between|during|from|by|until|"
             r"against|across|inside|around|over|this|last|next|when|while|because)\b"
             r"|\s+[-–—]\s|$)")
_HEAD = re.compile(r"\b(?P<how>how\s+many|how\s+much|how\s+long|number\s+of|count\s+of|"
                   r"total\s+of|(?:was|were|is|are|did|has|have|had)\s+(?:there\s+)?"
                   r"(?:anyone|anybody|any(?=\s+\w))(?:\s+(?:been|get|got))?)(?:\s+|$)"
                   r"(?P<head>.*?)" + _HEAD_END, re.IGNORECASE)
# A question that starts with one of these words is a sentence, not a bare noun phrase.
_QUESTION_START = set("""how what which who whom whose when where why is are was were do does
    did has have had can could will would should shall may might tell give show list any
    please factdesk""".split())
_BARE_HEAD = re.compile(r"^\s*(?P<head>[\w'’-]+(?:\s+[\w'’-]+){0,4}?)" + _HEAD_END,
                        re.IGNORECASE)
# Nouns of time: a figure counted in them is a duration ("a 48-hour strike").
DURATION_UNITS = frozenset(stem(w) for w in "minutes hours days nights weeks months years"
                           .split())


def _head_span(text: str) -> tuple[str, str] | None:
    """What the question counts and how it asks: (head text, asks). ``asks`` is "duration"
    for "how long", "whether" for "did anyone die", else "count"; a bare noun phrase
    ("Nurses striking in NZ?", "Austrian troops heading to Sarajevo - how many?") asks for
    the count of its noun."""
    match = _HEAD.search(text)
    how = (match.group("how").lower().split()[-1] if match else "")
    asks = "duration" if how == "long" else "whether" if how.startswith("any") else "count"
    if match and match.group("head").strip():
        return match.group("head"), asks
    before = text[: match.start()] if match else text
    before = re.sub(r"[\s,;:–—-]+$", "", before)
    first = re.match(r"\s*([\w'’-]+)", before)
    if not first or first.group(1).lower() in _QUESTION_START:
        return None
    bare = _BARE_HEAD.match(before)
    if not bare:
        return None
    head = bare.group("head").strip()
    return head[:1].lower() + head[1:], asks


_PART_OF = re.compile(r"^of\s+(?:the\s+|its\s+|their\s+)?.*?\b(?:has|have|had|was|were|is|are)"
                      r"(?:\s+(?:been|being|so\s+far|already))*\s+([a-z][\w-]*)", re.IGNORECASE)


def _head_words(text: str) -> list[str]:
    """The words saying what is counted: "how many <people died> in …"; in "how much of the
    appeal has been <funded>", the verb."""
    span = _head_span(text)
    if not span:
        return []
    part = _PART_OF.match(span[0].strip())
    if part:
        return tokens(part.group(1))
    return tokens(span[0])


def _named_in_head(text: str, store: FactStore) -> tuple[list[str], list[str]]:
    """Capitalised words in what is counted that no metric knows: the counted itself ("how
    many *Tajiks* were wounded"), which the figure's clause or unit must name, and its
    owners ("*PLA* aircraft", "*Tanzanian* peacekeepers"), which its sentence must."""
    span = _head_span(text)
    if not span:
        return [], []
    vocab = vocabulary(store)
    named: list[str] = []
    owners: list[str] = []
    head = span[0]
    for found in re.finditer(r"^\s*(?:(?:do|does|did|is|are|was|were|has|have|had|will|"
                             r"would|can|could)\s+)?(?:(?:the|a|an|its|their)\s+)?"
                             r"(?P<n>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)", head):
        words = found.group("n").split()
        following = re.match(r"\s*([\w'’-]+)", head[found.end():])
        owned = bool(following and following.group(1).lower() not in _STOP)
        for word in words:
            stemmed = tokens(word)
            if stemmed and stemmed[0] not in vocab and word.lower() not in _STOP:
                (owners if owned or word is not words[-1] else named).append(stemmed[0])
    return named, owners


def is_duration(unit: str) -> bool:
    """True when a unit is a noun of time ("hours", "months"): the figure is a duration."""
    words = quote_tokens(unit)
    return bool(words) and words <= DURATION_UNITS


def _durations_first(scores: dict[str, float], store: FactStore) -> dict[str, float]:
    """"How long …" asks for a duration: metrics counted in time lead, whatever else the
    words fit; a duration metric the words do not name still ranks, lower."""
    best = max(scores.values(), default=1.0) or 1.0
    out = {m: s * 0.4 for m, s in scores.items()
           if m in store.metrics and not is_duration(store.metrics[m].unit)}
    for metric in store.metrics.values():
        if is_duration(metric.unit):
            out[metric.id] = scores.get(metric.id, 0.0) + (0.5 * best if metric.id in scores
                                                           else 0.1 * best)
    return out


def _plain_counts(scores: dict[str, float], words: list[str], store: FactStore) -> set[str]:
    """The scored metrics that name no event, when the question's words name one."""
    if not any(event_name(w) for w in words):
        return set()

    def has_event(metric_id: str) -> bool:
        info = store.metrics.get(metric_id)
        names = [*(info.keywords if info else ()), metric_id.rsplit(".", 1)[-1]]
        return any(event_name(k.replace("_", " ")) not in (None, "count") for k in names)

    return {m for m in scores if not has_event(m)}


def _score_metrics(words: list[str], store: FactStore, *,
                   head: list[str] | None = None) -> dict[str, float]:
    vocab = vocabulary(store)
    scores: dict[str, float] = {}
    head = head or []

    def factor_of(word: str) -> float:
        if not head:
            return 1.0
        return 1.5 if word in head else 0.6

    for phrase, metric_id in _phrases(store):
        n = len(phrase)
        if any(tuple(words[i:i + n]) == phrase for i in range(len(words) - n + 1)):
            bonus = 1.0 * max(factor_of(w) for w in phrase)
            scores[metric_id] = scores.get(metric_id, 0.0) + bonus
    keys = [k for k in vocab if len(k) >= 4]
    for word in dict.fromkeys(words):
        entries = vocab.get(word)
        factor = 1.0
        if entries is None and len(word) >= 4:
            hit = process.extractOne(word, keys, scorer=fuzz.ratio, score_cutoff=_FUZZY_WORD)
            if hit:
                entries, factor = vocab[hit[0]], 0.9
        factor *= factor_of(word)
        for metric_id, weight in entries or ():
            scores[metric_id] = scores.get(metric_id, 0.0) + weight * factor
    return scores
