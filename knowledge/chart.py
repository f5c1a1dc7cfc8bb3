"""What a topic's chart shows: which figures, at which dates, with which values and styles.

``chart_for("/troops iraq 2020", store)`` answers the command as usual, takes the topic's
headline metric (the first metric the answer has figures for) and the metrics that count a
planned level of the same thing (a metric whose pack rules have the event ``target``, same
nouns and unit), and returns a ChartData: one mark per figure — a point at its as-of date,
or a bar over its period — with its qualifier, its series (level or target), whether
sources disagree about it, and the number of its source in the list printed under the plot.
Nothing here draws: ``bot.charts`` turns a ChartData into a PNG.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from knowledge.answer import Figure, answer, disagree, figures_for
from knowledge.models import Metric
from knowledge.numbers import format_value
from knowledge.query import Query, QueryKind, parse
from knowledge.store import FactStore

__all__ = ["CHART_LIMIT", "QUALIFIER_SYMBOLS", "ChartData", "ChartMark", "ChartSource",
           "chart_data", "chart_for", "split_chart_word"]

#: At most this many figures of each charted metric (latest first).
CHART_LIMIT = 60

#: The sign a qualifier is drawn with.
QUALIFIER_SYMBOLS = {"exact": "=", "approx": "≈", "at_least": "≥", "more_than": ">",
                     "fewer_than": "<", "up_to": "≤"}

_CHART_WORD = re.compile(r"(?<![\w-])chart(?![\w-])", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ChartSource:
    """A source as listed under the plot: ``[2] Rudaw, 5 Jan 2021 — title``."""

    number: int
    id: str
    outlet: str
    title: str
    published: dt.date | None
    url: str | None

    def line(self) -> str:
        date = self.published.strftime("%-d %b %Y") if self.published else "undated"
        url = f" ({self.url})" if self.url else ""
        return f"[{self.number}] {self.outlet}, {date} — {self.title}{url}"


@dataclass(frozen=True, slots=True)
class ChartMark:
    """One figure on the chart.

    ``kind`` is ``point`` (drawn at ``at``, its as-of date; a month or year figure spans
    ``start``–``end``) or ``bar`` (a count over the period ``start``–``end``).
    """

    figure_id: str
    metric: str
    series: str            # "level" or "target"
    kind: str              # "point" or "bar"
    value: float
    qualifier: str
    at: dt.date | None
    start: dt.date
    end: dt.date
    precision: str
    source: int            # number in ChartData.sources
    outlet: str
    disputed: bool
    amount: str            # "around 3,000 troops"
    when: str              # "30 Sep 2020"

    @property
    def symbol(self) -> str:
        """The qualifier's sign: ≈, ≥, >, <, ≤ or =."""
        return QUALIFIER_SYMBOLS.get(self.qualifier, "=")

    @property
    def label(self) -> str:
        """'≈3,000', '≥2,500', '5,000' as written beside the mark."""
        sign = "" if self.qualifier == "exact" else self.symbol
        return f"{sign}{format_value(self.value)}"

    @property
    def middle(self) -> dt.date:
        """Where a point is centred: its day, or the middle of its month or year."""
        return self.start + (self.end - self.start) / 2


@dataclass
class ChartData:
    """Everything a chart shows, or why there is none (``message``)."""

    query: str
    title: str = ""
    subtitle: str = ""
    topic: str | None = None
    metric: str | None = None
    unit: str = ""
    series: dict[str, str] = field(default_factory=dict)   # series -> label
    marks: list[ChartMark] = field(default_factory=list)
    sources: list[ChartSource] = field(default_factory=list)
    disputes: list[list[str]] = field(default_factory=list)
    message: str | None = None
    suggestions: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.marks)

    @property
    def filename(self) -> str:
        """``troops.png`` (the topic id), or ``chart.png``."""
        return f"{self.topic or 'chart'}.png"

    def to_json(self) -> dict[str, Any]:
        """The plotted data: one mark per figure, with its dates, value and style."""
        return {
            "query": self.query, "title": self.title, "subtitle": self.subtitle,
            "topic": self.topic, "metric": self.metric, "unit": self.unit,
            "series": self.series,
            "marks": [{"figure": m.figure_id, "metric": m.metric, "series": m.series,
                       "kind": m.kind, "value": m.value, "qualifier": m.qualifier,
                       "symbol": m.symbol, "at": m.at.isoformat() if m.at else None,
                       "start": m.start.isoformat(), "end": m.end.isoformat(),
                       "precision": m.precision, "source": m.source,
                       "disputed": m.disputed} for m in self.marks],
            "sources": [{"number": s.number, "id": s.id, "outlet": s.outlet, "title": s.title,
                         "published": s.published.isoformat() if s.published else None,
                         "url": s.url} for s in self.sources],
            "disputes": self.disputes,
            "message": self.message,
        }


def split_chart_word(text: str) -> tuple[bool, str]:
    """``("/troops iraq 2020 chart")`` -> ``(True, "/troops iraq 2020")``; a command without
    the word comes back unchanged with False."""
    if not text.lstrip().startswith("/") or not _CHART_WORD.search(text):
        return False, text
    return True, " ".join(_CHART_WORD.sub(" ", text).split())


def chart_for(text: str, store: FactStore) -> ChartData:
    """Parse a topic command (with or without the word ``chart``) and chart it."""
    _, command = split_chart_word(text)
    return chart_data(parse(command, store), store)


def chart_data(query: Query, store: FactStore) -> ChartData:
    """The chart of a topic query's headline metric, with the filters it carries."""
    chart = ChartData(query=query.text)
    examples = " or ".join(f"`{t.command} chart`" for t in list(store.topics.values())[:2])
    if query.kind is not QueryKind.topic:
        first = next(iter(store.topics.values()), None)
        chart.message = (f"I can chart a topic, e.g. {examples}; a filter may come first"
                         + (f" (`{first.command} <year> chart`)." if first else "."))
        return chart
    reply = answer(query, store)
    chart.topic = reply.topic.id if reply.topic else None
    if not reply.sections:
        chart.message = reply.message or "No confirmed figures to chart."
        chart.suggestions = list(reply.suggestions)
        return chart
    headline = reply.sections[0].metric
    targets = _targets_of(headline.id, store)
    chart.metric, chart.unit = headline.id, headline.unit
    chart.series = {"level": headline.label}
    if targets:
        chart.series["target"] = " / ".join(store.metrics[t].label for t in targets)
    head = reply.topic.title if reply.topic else headline.label
    chart.title = f"{head} — {headline.label}"
    filters = [f for f in (reply.place, reply.actor) if f] + query.filters_text()
    chart.subtitle = ", ".join(filters)
    figures = _chart_figures(query, store, [headline.id, *targets])
    chart.disputes = _disputes(figures)
    disputed = {i for ids in chart.disputes for i in ids}
    numbers: dict[str, int] = {}
    for figure in sorted(figures, key=lambda f: (f.source.published or dt.date.min,
                                                 f.source.id)):
        if figure.source.id not in numbers:
            numbers[figure.source.id] = len(numbers) + 1
            chart.sources.append(ChartSource(numbers[figure.source.id], figure.source.id,
                                             figure.source.outlet, figure.source.title,
                                             figure.source.published, figure.source.url))
    for figure in figures:
        row = figure.row
        chart.marks.append(ChartMark(
            figure_id=row.id, metric=row.metric,
            series="level" if row.metric == headline.id else "target",
            kind="point" if row.as_of is not None else "bar",
            value=row.value, qualifier=row.qualifier, at=row.as_of,
            start=row.ref_start, end=row.ref_end, precision=row.precision,
            source=numbers[figure.source.id], outlet=figure.source.outlet,
            disputed=row.id in disputed, amount=figure.amount(), when=figure.when()))
    chart.marks.sort(key=lambda m: (m.start, m.series, m.value, m.figure_id))
    return chart


def _targets_of(metric_id: str, store: FactStore) -> list[str]:
    """Metrics that count a planned level of what ``metric_id`` counts (event ``target``,
    same nouns and unit in the pack's metric rules)."""
    rules = store.memo(("chart-metric-rules",), lambda: _metric_rules(store))
    own = rules.get(metric_id)
    if own is None or "target" in own["events"]:
        return []
    unit = store.metrics[metric_id].unit if metric_id in store.metrics else None
    return [m for m, r in rules.items()
            if m != metric_id and "target" in r["events"] and r["counts"] == own["counts"]
            and m in store.metrics and store.metrics[m].unit == unit]


def _metric_rules(store: FactStore) -> dict[str, dict[str, frozenset[str]]]:
    with store.engine.connect() as connection:
        rows = connection.execute(select(Metric.id, Metric.rules)).all()
    return {r.id: {"events": frozenset((r.rules or {}).get("events", [])),
                   "counts": frozenset(w.lower() for w in (r.rules or {}).get("counts", []))}
            for r in rows}


def _chart_figures(query: Query, store: FactStore, metrics: list[str]) -> list[Figure]:
    """Every confirmed figure of ``metrics`` the query's filters allow (as the answer
    filters them: its place or the story's, its actor, month, year or as-of date)."""
    place_ids = None
    if query.place_id:
        place_ids = store.place_within(query.place_id)
    elif store.scope_place_id:
        place_ids = store.place_within(store.scope_place_id)
    within = (query.within[0].start, query.within[1].end) if query.within else None
    found = store.figures(metrics=metrics, place_ids=place_ids, actor_id=query.actor_id,
                          within=within, as_of=query.as_of, limit=CHART_LIMIT)
    return figures_for(store, [row.id for rows in found.values() for row in rows])


def _disputes(figures: list[Figure]) -> list[list[str]]:
    """Connected sets of figures that cannot all be true (same metric, place and time)."""
    parent = {f.id: f.id for f in figures}

    def root(i: str) -> str:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    involved: set[str] = set()
    for n, first in enumerate(figures):
        for second in figures[n + 1:]:
            if first.row.metric == second.row.metric and disagree(first.row, second.row):
                parent[root(second.id)] = root(first.id)
                involved |= {first.id, second.id}
    groups: dict[str, list[str]] = {}
    for figure in figures:
        if figure.id in involved:
            groups.setdefault(root(figure.id), []).append(figure.id)
    return [sorted(ids) for ids in groups.values() if len(ids) > 1]
