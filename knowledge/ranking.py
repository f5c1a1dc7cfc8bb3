"""Rank confirmed figures against a Reading: metric fit, quote words, actors, place, time.

Place and time are hard where the store can tell: a figure about another place (not
the place asked, inside it or around it) or outside the time asked is never an answer.
Everything else only ranks. When nothing meets the hard constraints, the nearest
figures are offered apart, labelled as not meeting them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from knowledge.extract import is_person
from knowledge.numbers import find_numbers
from knowledge.reading import DURATION_UNITS, Reading, is_duration, quote_tokens, vocabulary
from knowledge.store import FactStore, FigureRow

__all__ = ["Ranked", "ScoredFigure", "rank"]

POOL_PER_METRIC = 40
SEARCH_POOL = 40
_W_METRIC, _W_QUOTE, _W_ACTOR, _W_PLACE, _W_STORY = 3.0, 2.0, 2.0, 0.5, 0.5
_MIN_RELEVANCE = 0.6
_MIN_FIT = 0.55  # of the best-fitting metric's score
_RELATIVE = 0.55


@dataclass(slots=True)
class ScoredFigure:
    """A figure with how well it fits the question."""

    row: FigureRow
    score: float
    relevance: float
    quote_fit: float = 0.0
    specific: bool = False
    place_fit: float = 0.0
    story_fit: float = 0.0


@dataclass
class Ranked:
    """Figures that answer, best first, and the nearest ones when none do."""

    figures: list[ScoredFigure] = field(default_factory=list)
    nearest: list[ScoredFigure] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    outside_scope: bool = False
    places: list[str] = field(default_factory=list)  # no place asked: the places that vie
    elsewhere: list[str] = field(default_factory=list)  # other places the story's figures
    # were preferred to, where figures as fitting lie
    unreviewed: list[FigureRow] = field(default_factory=list)


def rank(reading: Reading, store: FactStore, *, limit: int = 12) -> Ranked:
    """The confirmed figures that best answer ``reading``."""
    pool = _pool(reading, store)
    vocab = vocabulary(store)
    titles = _titles(pool.values(), reading, store, vocab)
    scored = [_score(row, reading, store, vocab, titles) for row in pool.values()]
    relevant = [s for s in scored if s is not None and s.relevance >= _MIN_RELEVANCE]
    out = Ranked()
    place_ok = _place_test(reading, store)
    scope = store.place_within(store.scope_place_id) if store.scope_place_id else None
    meets = [s for s in relevant if place_ok(s.row) is not None
             and (reading.time is None or reading.time.admits(s.row))]
    # A figure about the wider region answers only when it speaks of what was asked.
    around = [s for s in meets if s.place_fit == 0.5 and not s.specific
              and not _names(s.row.quote, reading.place_name)]
    meets = _without(meets, around)
    clear = reading.clear_metric()
    off_metric: list[ScoredFigure] = []
    meets = _named_story(meets)
    wrong_noun = [s for s in meets if not _counts_what_was_asked(s.row, reading, store, titles)
                  or reading.named and not _said_of(s.row, set(reading.named), unit=True)
                  or reading.owners and not set(reading.owners) <= quote_tokens(s.row.quote)
                  or not _explains_head(s.row, reading, vocab)
                  or not _right_measure(s.row, reading)]
    if wrong_noun:
        meets = _without(meets, wrong_noun)
        off_metric += wrong_noun
    if reading.metrics:
        # A figure that counts something else answers only when its sentence speaks of
        # what was asked; a metric that fits the words half as well as the best one is
        # something else ("people displaced" for "how many people were sanctioned").
        top = set(reading.top_metrics(share=0.99, limit=3))
        siblings = {m for t in store.topics.values() if top & set(t.metrics) for m in t.metrics}
        said = {w for w in reading.head if any(m in top for m, _w in vocab.get(w, ()))}
        # A sibling of the metric asked (people wounded for people killed) answers only when
        # its own clause says what was asked; another metric only when its sentence
        # speaks of something the question names that no metric knows.
        other = [s for s in meets if reading.fit(s.row.metric) < _MIN_FIT and (
            not _said_of(s.row, said) if s.row.metric in siblings
            else not s.specific or reading.fit(s.row.metric) == 0.0)]
        off_metric += other
        meets = _without(meets, other)
    kin = {m for t in store.topics.values() if clear in t.metrics for m in t.metrics} \
        if clear else set()
    if clear and not any(s.row.metric == clear for s in meets):
        asked = {w for w in reading.words
                 if any(m == clear and weight >= 0.6 for m, weight in vocab.get(w, ()))}
        speaks = [s for s in meets if s.row.metric in kin
                  and (s.specific or _said_of(s.row, asked))]
        off_metric += _without(meets, speaks)
        meets = speaks
    elif clear:
        # The metric asked has answers: another topic's figures only rank beside them when
        # their sentence speaks of what was asked.
        meets = [s for s in meets if s.row.metric == clear or s.row.metric in kin
                 or s.specific]
    if not reading.place_id and reading.place_known and scope is not None:
        inside = [s for s in meets if s.row.place_id in scope]
        outside = _without(meets, inside)
        if inside and _fits_better(outside, inside):
            inside = []  # the question's own words are about a story elsewhere
        if inside or not meets:
            best = max((s.relevance for s in inside), default=0.0)
            out.elsewhere = _places_apart(
                [s for s in sorted(outside, key=lambda s: -s.score)
                 if s.relevance >= best - 0.5], store, at_least=1)
            meets = inside
        else:
            out.outside_scope = True
    out.figures = _top(meets, limit)
    if not reading.place_id and not reading.place_name:
        out.places = _places_apart(out.figures, store)
    if not out.figures:
        if off_metric or (clear and not any(s.row.metric == clear for s in relevant)):
            out.missed.append(store.metrics[clear].label if clear else "that")
        if reading.place_name and (around or any(place_ok(s.row) is None for s in relevant)):
            out.missed.append(reading.place_name)
        if reading.time and any(not reading.time.admits(s.row) for s in relevant):
            out.missed.append(reading.time.label)
        near = off_metric or around or [
            s for s in relevant if not reading.place_name or place_ok(s.row) is None
            or (reading.time is not None and not reading.time.admits(s.row))]
        out.nearest = _top(near, 3)
    lead_metric = out.figures[0].row.metric if out.figures else (
        clear or next(iter(reading.top_metrics(share=0.99, limit=1)), None))
    if lead_metric:
        out.unreviewed = _unreviewed(reading, store, lead_metric, place_ok)
    return out


_CLAUSE = re.compile(r"[;:]|,(?!\d{3})|\s(?:and|but|while|whereas)\s")


def _said_of(row: FigureRow, words: set[str], *, unit: bool = False) -> bool:
    """True when the clause that holds the figure's number uses one of ``words``:
    "killing three people and injuring 140" says "kill" of the 3, not of the 140; with
    ``unit``, the figure's unit counts too."""
    if unit and words & quote_tokens(row.unit):
        return True
    quote = row.quote
    for number in find_numbers(quote):
        if abs(number.value - row.value) > 1e-9:
            continue
        cuts = [m for m in _CLAUSE.finditer(quote)]
        start = max((m.end() for m in cuts if m.end() <= number.start), default=0)
        end = min((m.start() for m in cuts if m.start() >= number.end), default=len(quote))
        if words & quote_tokens(quote[start:end]):
            return True
    return False


def _right_measure(row: FigureRow, reading: Reading) -> bool:
    """"How long …" is answered by a duration only; a count ("how many nurses", "Nurses
    striking in NZ?") never by one, unless what it counts is time ("how many hours")."""
    if reading.asks == "duration":
        return is_duration(row.unit)
    if reading.asks in {"count", "whether"} and not set(reading.head) & DURATION_UNITS:
        return not is_duration(row.unit)
    return True


def _explains_head(row: FigureRow, reading: Reading,
                   vocab: dict[str, list[tuple[str, float]]]) -> bool:
    """False when what was asked happened otherwise to the figure's count: "how many
    protesters were *killed*" and a metric the copy named "protesters · arrested" (unless
    the figure's own clause says it)."""
    from knowledge.extract import event_name

    _counted, _dot, happened = row.metric.rpartition(".")
    if not _counted or event_name(happened) != happened:
        return True  # a pack metric, or a plain count: its fit decides
    for word in reading.head:
        asked = event_name(word)
        if asked and asked != happened and not _said_of(row, {word}):
            return False
    return True


def _names(quote: str, place: str | None, *, prefix: bool = False) -> bool:
    """True when the sentence names the place asked (the country's figure told of a city);
    with ``prefix``, a word the name begins also counts ("Georgian" for Georgia)."""
    if not place:
        return False
    head = re.split(r"[\s,(-]", place, maxsplit=1)[0]
    ending = r"\w{0,3}(?!\w)" if prefix else r"(?!\w)"
    return bool(re.search(r"(?<!\w)" + re.escape(head) + ending, quote, re.I))


def _fits_better(outside: list[ScoredFigure], inside: list[ScoredFigure]) -> bool:
    """True when a figure about elsewhere speaks of what the question names, in its
    sentence or its story's title, plainly better than any figure about the story's place."""
    best_out = max(outside, key=lambda s: s.relevance + s.story_fit, default=None)
    if best_out is None or not (best_out.specific or best_out.story_fit > 0):
        return False
    best_in = max(s.relevance + s.story_fit for s in inside)
    return best_out.relevance + best_out.story_fit >= best_in + 1.0


def _places_apart(figures: list[ScoredFigure], store: FactStore, *,
                  at_least: int = 2) -> list[str]:
    """The countries (outermost places) of the figures that vie for the lead, when they
    are ``at_least`` many: nothing in the question chose between them."""
    if not figures:
        return []
    best = figures[0].score
    out: list[str] = []
    for scored in figures:
        if scored.score < best - 0.5 or scored.row.place_id is None:
            continue
        path = store.place_path(scored.row.place_id)
        root = path[-1] if path else scored.row.place_id
        if root not in out:
            out.append(root)
    return out[:5] if len(out) >= at_least else []


def _without(scored: list[ScoredFigure], drop: list[ScoredFigure]) -> list[ScoredFigure]:
    """``scored`` less the very objects in ``drop`` (by identity: figures compare by value)."""
    gone = {id(s) for s in drop}
    return [s for s in scored if id(s) not in gone]


def _top(scored: list[ScoredFigure], limit: int) -> list[ScoredFigure]:
    if not scored:
        return []
    scored.sort(key=lambda s: (-s.score, -s.row.ref_end.toordinal(), s.row.id))
    best = scored[0].relevance
    return [s for s in scored if s.relevance >= best * _RELATIVE][:limit]


def _pool(reading: Reading, store: FactStore) -> dict[str, FigureRow]:
    """Candidate figures: the latest of each fitting metric, quote matches, actors' figures."""
    bounds = reading.time.sql_bounds() if reading.time else {}
    place_ids = None
    if reading.place_id:
        place_ids = store.place_within(reading.place_id) | set(store.place_path(reading.place_id))
    pool: dict[str, FigureRow] = {}
    metrics = [m for m in reading.top_metrics(share=0.3, limit=6) if m in store.metrics]
    if metrics:
        found = store.figures(metrics=metrics, place_ids=place_ids,
                              end_from=bounds.get("end_from"), as_of=bounds.get("end_until"),
                              limit=POOL_PER_METRIC)
        for rows in found.values():
            pool.update((r.id, r) for r in rows)
        if not any(found.values()) and (place_ids is not None or bounds):
            # Nothing under the constraints: fetch unconstrained, to offer the nearest.
            for rows in store.figures(metrics=metrics, limit=10).values():
                pool.update((r.id, r) for r in rows)
    ids = store.search_quotes(reading.search_words, limit=SEARCH_POOL)
    for actor_id in reading.actor_ids:
        ids.extend(r.id for r in store.actor_figures(actor_id))
    missing = [i for i in dict.fromkeys(ids) if i not in pool]
    if missing:
        pool.update((r.id, r) for r in store.figures_by_id(missing) if r.status == "confirmed")
    return pool


def _units(store: FactStore) -> dict[str, set[str]]:
    """Stemmed unit words -> the topics whose metrics count them."""
    def build() -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for topic in store.topics.values():
            for metric_id in topic.metrics:
                metric = store.metrics.get(metric_id)
                for word in quote_tokens(metric.unit) if metric else ():
                    out.setdefault(word, set()).add(topic.id)
        return out

    return store.memo(("unit-words",), build)


# Nouns that name more than the kind a metric counts ("personnel" may be civilian staff).
_GENERIC_NOUNS = {"people", "personnel", "staff", "force", "forces", "presence"}


def _kin(store: FactStore) -> dict[str, frozenset[str]]:
    """Stemmed noun -> the nouns a pack metric counts together with it (its `counts`):
    "troops", "soldiers", "service members" and "marines" are one kind for the pack."""
    def build() -> dict[str, frozenset[str]]:
        from sqlalchemy import select

        from knowledge.models import Metric

        with store.engine.connect() as connection:
            rules = connection.execute(select(Metric.rules).where(Metric.origin == "pack")
                                       ).scalars().all()
        out: dict[str, set[str]] = {}
        for rule in rules:
            words = frozenset(t for noun in (rule or {}).get("counts", ())
                              if noun not in _GENERIC_NOUNS for t in quote_tokens(noun))
            for word in words:
                out.setdefault(word, set()).update(words)
        return {word: frozenset(kin) for word, kin in out.items()}

    return store.memo(("kin-nouns",), build)


def _counts_what_was_asked(row: FigureRow, reading: Reading, store: FactStore,
                           titles: dict[str, float] | None = None) -> bool:
    """False when the question names what it counts ("how many *troops* were killed", "how
    many relief *camps*") and the figure counts something else (children, people); nouns a
    pack metric counts together ("troops", "service members") are the same thing. A figure
    of "people" counts what was asked when the question names its story and the story's
    headline names what was asked ("Soldiers killed as …", "killing all four aboard")."""
    units = _units(store)
    asked = [w for w in reading.head if w in units]
    if not asked:
        return True
    kin = _kin(store)
    wanted = set(asked).union(*(kin.get(w, ()) for w in asked))
    metric = store.metrics.get(row.metric)
    counted = quote_tokens(row.unit) | (quote_tokens(metric.unit) if metric else frozenset())
    if counted & wanted:
        return True
    if set(asked) <= _PEOPLE and row.unit and is_person(row.unit):
        return True  # "how many people were kidnapped": villagers, pupils, aid workers
    if counted <= _PEOPLE and (titles or {}).get(row.source_id, 0.0) > 0:
        source = store.sources([row.source_id]).get(row.source_id)
        return bool(source and quote_tokens(source.title or "") & wanted)
    return False


_PEOPLE = quote_tokens("people person")


def _named_story(meets: list[ScoredFigure]) -> list[ScoredFigure]:
    """When the question's own words (none a metric knows: "the Kestrel crash", "the
    ferry") name a story, by its figures' sentences or its headline, figures of other
    stories that use none of them never answer."""
    named = {s.row.source_id for s in meets if s.specific or s.story_fit > 0}
    if not named:
        return meets
    return [s for s in meets if s.row.source_id in named]


def _place_test(reading: Reading, store: FactStore):  # type: ignore[no-untyped-def]
    """A function: row -> place fit (1 at, 0.7 inside, 0.5 around) or None (excluded)."""
    if reading.place_id:
        inside = store.place_within(reading.place_id)
        around = set(store.place_path(reading.place_id)[1:])

        def known(row: FigureRow) -> float | None:
            if row.place_id == reading.place_id:
                return 1.0
            if row.place_id in inside:
                return 0.7
            if row.place_id in around:
                return 0.5
            if row.place_id is None and _names(row.quote, reading.place_name, prefix=True):
                return 0.2  # done from afar, but its sentence names the place: "Georgian"
            return None  # another place, or none the copy named: not an answer here

        return known
    if reading.place_name:  # named, but not a place the store knows: nothing lies there
        return lambda row: None
    return lambda row: 0.3


def _titles(rows, reading: Reading, store: FactStore,  # type: ignore[no-untyped-def]
            vocab: dict[str, list[tuple[str, float]]]) -> dict[str, float]:
    """Source id -> the share of the question's words no metric knows that the story's
    title uses ("the Osprey crash", "the lava"): which story the question is about."""
    words = [w for w in dict.fromkeys(reading.words) if w not in vocab and len(w) > 2]
    if not words:
        return {}
    sources = store.sources({row.source_id for row in rows})
    out = {}
    for source_id, source in sources.items():
        title = quote_tokens(source.title or "")
        got = sum(1 for w in words if w in title)
        if got:
            out[source_id] = got / len(words)
    return out


def _score(row: FigureRow, reading: Reading, store: FactStore,
           vocab: dict[str, list[tuple[str, float]]],
           titles: dict[str, float] | None = None) -> ScoredFigure | None:
    if row.status != "confirmed":
        return None
    metric_fit = reading.fit(row.metric)
    quote_fit, specific = _quote_fit(row.quote, reading.words, vocab, row.metric)
    actor_fit = 0.0
    if reading.actor_ids:
        about = set(row.actor_ids) | ({row.attributed_to} if row.attributed_to else set())
        if about & set(reading.actor_ids):
            actor_fit = 1.0
        elif any(a in reading.actor_ids for _, _, a in store.actor_index.find_in(row.quote)):
            actor_fit = 0.6
    unit_fit = 0.5 if reading.head and set(reading.head) & quote_tokens(row.unit) else 0.0
    relevance = (_W_METRIC * metric_fit + _W_QUOTE * quote_fit + _W_ACTOR * actor_fit
                 + unit_fit)
    if not reading.metrics and not reading.words and reading.actor_ids:
        relevance = max(relevance, _MIN_RELEVANCE) if actor_fit else relevance
    place_fit = 0.0
    if reading.place_id:
        place_fit = _place_test(reading, store)(row) or 0.0
    recency = row.ref_end.toordinal() / 1e7
    story_fit = (titles or {}).get(row.source_id, 0.0) if relevance else 0.0
    return ScoredFigure(row, relevance + _W_PLACE * place_fit + _W_STORY * story_fit + recency,
                        relevance, quote_fit, specific, place_fit, story_fit)


def _quote_fit(quote: str, words: list[str], vocab: dict[str, list[tuple[str, float]]],
               metric: str) -> tuple[float, bool]:
    """Share of the question's other words the quote uses, and whether it uses a word no
    metric knows (a specific word: "embassy", "convoy").

    Words of the figure's own metric are left out (the metric fit counts them); words of
    other metrics count half.
    """
    words_in_quote = quote_tokens(quote)
    total = got = 0.0
    specific = False
    for word in dict.fromkeys(words):
        entries = vocab.get(word, ())
        if any(m == metric for m, _ in entries):
            continue
        weight = 0.5 if entries else 1.0
        total += weight
        if word in words_in_quote or (len(word) >= 5 and any(
                len(q) >= 5 and fuzz.ratio(word, q) >= 86 for q in words_in_quote)):
            got += weight
            specific = specific or not entries
    return got / max(total, 1.0), specific


def _unreviewed(reading: Reading, store: FactStore, metric: str,
                place_ok) -> list[FigureRow]:  # type: ignore[no-untyped-def]
    """Candidates of the answer's metric that meet the question's place and time."""
    bounds = reading.time.sql_bounds() if reading.time else {}
    found = store.figures(metrics=[metric], statuses=("candidate",),
                          end_from=bounds.get("end_from"), as_of=bounds.get("end_until"),
                          limit=10)
    scope = store.place_within(store.scope_place_id) if store.scope_place_id else None
    out = []
    for row in found.get(metric, []):
        if row.place_id is None:
            continue  # a candidate with no place cannot be shown for a place
        if reading.place_name:
            if place_ok(row) is None or place_ok(row) < 0.5:
                continue
        elif scope is not None and row.place_id not in scope:
            continue
        if reading.time and not reading.time.admits(row):
            continue
        out.append(row)
    return out[:3]
