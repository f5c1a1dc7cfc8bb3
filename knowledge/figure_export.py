"""Confirmed figures out of the store for other desks: CSV, the JSON contract, ClaimReview.

``export_figures(store, topic="troops")`` gathers every confirmed figure of a topic (or of
the whole store) with its citation and the figures it disagrees with; ``render`` writes it
as CSV for the data desk (one row per figure, every citation field), as JSON (the figure
objects of ``factdesk ask --json``) or as schema.org ClaimReview JSON-LD for publishing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from knowledge.answer import Figure, disagree, figures_for
from knowledge.models import Fact
from knowledge.store import FactStore, TopicInfo

__all__ = ["CSV_COLUMNS", "FORMATS", "ExportError", "FigureExport", "claim_reviews",
           "export_figures", "render"]

FORMATS = ("csv", "json", "claimreview")
_EXTENSIONS = {"csv": "csv", "json": "json", "claimreview": "jsonld"}
_BATCH = 500

CSV_COLUMNS = [
    "id", "status", "disputed", "disputed_with", "metric", "metric_label", "value",
    "qualifier", "unit", "amount", "as_of", "period_start", "period_end", "precision",
    "place", "actors", "attributed_to", "quote", "quote_start", "quote_end", "source_id",
    "source_outlet", "source_title", "source_published", "source_url", "source_cluster",
]
_RATINGS = {
    "confirmed": (3, "Confirmed", "An editor checked that the cited source says this."),
    "disputed": (2, "Disputed", "Sources differ for the same thing and time"),
}


class ExportError(ValueError):
    """An export that cannot be made (an unknown topic or format); the message says why."""


@dataclass
class FigureExport:
    """The figures to export, and which of them disagree with which."""

    topic: TopicInfo | None
    figures: list[Figure]
    metric_labels: dict[str, str]
    disputed_with: dict[str, list[str]] = field(default_factory=dict)
    conflicts: list[list[str]] = field(default_factory=list)
    actor_kinds: dict[str, str] = field(default_factory=dict)
    generated: dt.date = field(default_factory=dt.date.today)

    @property
    def name(self) -> str:
        """``troops`` or ``all``: the file name's stem."""
        return self.topic.id if self.topic else "all"


def _topic(store: FactStore, name: str | None) -> TopicInfo | None:
    if not name:
        return None
    wanted = name.strip().lower().lstrip("/")
    for topic in store.topics.values():
        if wanted in {topic.id.lower(), topic.command.lower().lstrip("/")}:
            return topic
    known = ", ".join(t.id for t in store.topics.values()) or "none"
    raise ExportError(f"I don't know the topic “{name.strip()[:60]}”; topics: {known}.")


def export_figures(store: FactStore, *, topic: str | None = None,
                   today: dt.date | None = None) -> FigureExport:
    """Every confirmed figure of ``topic`` (an id or command; None: the whole store)."""
    info = _topic(store, topic)
    statement = select(Fact.id).where(Fact.status == "confirmed")
    if info is not None:
        statement = statement.where(Fact.metric.in_(list(info.metrics)))
    statement = statement.order_by(Fact.metric, Fact.ref_end, Fact.id)
    with store.engine.connect() as connection:
        ids = [r[0] for r in connection.execute(statement)]
    figures: list[Figure] = []
    for start in range(0, len(ids), _BATCH):
        figures += figures_for(store, ids[start: start + _BATCH])
    export = FigureExport(topic=info, figures=figures,
                          metric_labels={m.id: m.label for m in store.metrics.values()},
                          actor_kinds={a.id: a.kind for a in store.actor_index.actors.values()},
                          generated=today or dt.date.today())
    _find_disagreements(export)
    return export


def _find_disagreements(export: FigureExport) -> None:
    """Pairs of figures for the same metric, unit, place and time that cannot both hold."""
    by_key: dict[tuple[Any, ...], list[Figure]] = {}
    for figure in export.figures:
        by_key.setdefault((figure.row.metric, figure.row.unit, figure.row.place_id),
                          []).append(figure)
    parent: dict[str, str] = {}

    def root(i: str) -> str:
        while parent.setdefault(i, i) != i:
            i = parent[i]
        return i

    for group in by_key.values():
        for n, first in enumerate(group):
            for second in group[n + 1:]:
                if disagree(first.row, second.row):
                    export.disputed_with.setdefault(first.id, []).append(second.id)
                    export.disputed_with.setdefault(second.id, []).append(first.id)
                    parent[root(second.id)] = root(first.id)
    clusters: dict[str, list[str]] = {}
    for figure in export.figures:
        if figure.id in export.disputed_with:
            clusters.setdefault(root(figure.id), []).append(figure.id)
    export.conflicts = [sorted(ids) for ids in clusters.values()]


def _cell(text: str | None) -> str:
    """Text as a spreadsheet cell that is never run as a formula."""
    text = text or ""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _csv(export: FigureExport) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for figure in export.figures:
        data = figure.to_json()
        source = data["source"]
        writer.writerow([
            data["id"], data["status"],
            "yes" if figure.id in export.disputed_with else "no",
            " ".join(export.disputed_with.get(figure.id, [])),
            data["metric"], _cell(export.metric_labels.get(figure.row.metric, "")),
            data["value"], data["qualifier"], _cell(data["unit"]), _cell(figure.amount()),
            data["as_of"] or "", data["period_start"] or "", data["period_end"] or "",
            data["precision"], _cell(data["place"]), _cell("; ".join(data["actors"])),
            _cell(data["attributed_to"]), _cell(data["quote"]), data["quote_start"],
            data["quote_end"], source["id"], _cell(source["outlet"]), _cell(source["title"]),
            source["published"] or "", source["url"] or "", figure.source.cluster_id,
        ])
    return buffer.getvalue()


def _json(export: FigureExport) -> dict[str, Any]:
    return {"topic": export.topic.id if export.topic else None,
            "generated": export.generated.isoformat(),
            "figures": [f.to_json() for f in export.figures],
            "conflicts": export.conflicts}


def _claim_key(figure: Figure) -> tuple[Any, ...]:
    row = figure.row
    return (row.metric, row.value, row.qualifier, row.unit, row.ref_start, row.ref_end,
            row.place_id, row.attributed_to)


def claim_reviews(export: FigureExport, *, author: str = "factdesk") -> dict[str, Any]:
    """schema.org ClaimReview JSON-LD: one review per claim (wire copies of one claim are
    one review with an appearance per copy)."""
    claims: dict[tuple[Any, ...], list[Figure]] = {}
    for figure in export.figures:
        claims.setdefault(_claim_key(figure), []).append(figure)
    by_id = {f.id: f for f in export.figures}
    reviews = []
    for figures in claims.values():
        figures.sort(key=lambda f: (f.source.published or dt.date.max, f.source.id))
        lead = figures[0]
        label = export.metric_labels.get(lead.row.metric, lead.row.metric)
        place = f" in {lead.place}" if lead.place else ""
        claimed = f"{label}: {lead.amount()}{place}, {lead.when()}"
        if lead.attributed_to:
            said_by = {"@type": "Person" if export.actor_kinds.get(lead.row.attributed_to or "")
                       == "person" else "Organization", "name": lead.attributed_to}
        else:
            said_by = {"@type": "Organization", "name": lead.source.outlet}
        appearances = []
        for figure in figures:
            appearance: dict[str, Any] = {
                "@type": "NewsArticle", "headline": figure.source.title,
                "publisher": {"@type": "Organization", "name": figure.source.outlet},
                "text": figure.row.quote,
            }
            if figure.source.published:
                appearance["datePublished"] = figure.source.published.isoformat()
            if figure.source.url:
                appearance["url"] = figure.source.url
            appearances.append(appearance)
        first_date = lead.source.published or lead.row.ref_end
        others = sorted({o for f in figures for o in export.disputed_with.get(f.id, [])
                         if o not in {x.id for x in figures}})
        value, name, explanation = _RATINGS["disputed" if others else "confirmed"]
        if others:
            explanation += ": " + "; ".join(
                f"{by_id[o].amount()} ({by_id[o].source.outlet}, {by_id[o].when()})"
                for o in others[:5]) + "."
        reviews.append({
            "@type": "ClaimReview",
            "identifier": [f.id for f in figures],
            "claimReviewed": claimed,
            "datePublished": export.generated.isoformat(),
            "author": {"@type": "Organization", "name": author},
            "itemReviewed": {
                "@type": "Claim",
                "author": said_by,
                "datePublished": first_date.isoformat(),
                "appearance": appearances,
                "firstAppearance": appearances[0],
            },
            "reviewRating": {"@type": "Rating", "ratingValue": value, "bestRating": 3,
                             "worstRating": 1, "alternateName": name,
                             "ratingExplanation": explanation},
        })
    return {"@context": "https://schema.org", "@graph": reviews}


def render(export: FigureExport, fmt: str, *, author: str = "factdesk") -> tuple[str, str]:
    """The export as text in ``fmt`` (csv, json or claimreview) and its file name."""
    if fmt not in FORMATS:
        raise ExportError(f"I don't know the format “{fmt[:20]}”; use {', '.join(FORMATS)}.")
    filename = f"factdesk-{export.name}.{_EXTENSIONS[fmt]}"
    if fmt == "csv":
        return _csv(export), filename
    data = _json(export) if fmt == "json" else claim_reviews(export, author=author)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n", filename
