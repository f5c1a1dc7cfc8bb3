"""Check a draft's figures against the store: supported, contradicted, out of date, sources
differ, or not in the store.

The draft is read with the same extractor that reads new copy (number, qualifier, what it
counts, when, where, who says so). Each figure found is looked up among the confirmed
figures of its metric, at its place (or a place inside or around it), up to the draft's
date, and compared value with value, qualifier with qualifier ("about 3,000" fits "around
3,000"; "2,000" does not fit "2,500"). Nothing is guessed: a figure the store has nothing
for is said to be not in the store.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from knowledge.answer import Figure, figures_for
from knowledge.dates import DatePoint
from knowledge.extract import Proposal, extract
from knowledge.numbers import qualifier_range, vague_word
from knowledge.store import FactStore, FigureRow

__all__ = ["MAX_DRAFT_CHARS", "CheckedFigure", "DraftCheck", "Verdict", "check_draft"]

MAX_DRAFT_CHARS = 20_000
_QUALIFIER_WORDS = re.compile(
    r"(?:\b(?:at least|no fewer than|more than|over|fewer than|less than|under|nearly|almost|"
    r"up to|as many as|around|about|roughly|approximately|some|an estimated|close to|"
    r"just over|just under)\s+)$", re.IGNORECASE)


class Verdict:
    """The verdicts a figure can get."""

    supported = "supported"
    contradicted = "contradicted"
    out_of_date = "out_of_date"
    sources_differ = "sources_differ"
    not_in_store = "not_in_store"


_VERDICT_WORDS = {
    Verdict.supported: "supported",
    Verdict.contradicted: "contradicted",
    Verdict.out_of_date: "out of date",
    Verdict.sources_differ: "sources differ",
    Verdict.not_in_store: "not in the store",
}


@dataclass
class CheckedFigure:
    """One figure of the draft, its verdict and the confirmed figures behind it."""

    text: str
    start: int
    end: int
    metric: str
    label: str
    value: float
    qualifier: str
    verdict: str
    note: str
    evidence: list[Figure] = field(default_factory=list)
    newer: list[Figure] = field(default_factory=list)

    @property
    def verdict_words(self) -> str:
        return _VERDICT_WORDS[self.verdict]

    def to_json(self) -> dict[str, Any]:
        value = int(self.value) if self.value == int(self.value) else self.value
        return {
            "text": self.text, "start": self.start, "end": self.end, "metric": self.metric,
            "value": value, "qualifier": self.qualifier, "verdict": self.verdict,
            "note": self.note,
            "evidence": [f.to_json() for f in [*self.evidence, *self.newer]],
        }


@dataclass
class DraftCheck:
    """The checked draft."""

    as_of: dt.date
    figures: list[CheckedFigure] = field(default_factory=list)
    checked_chars: int = 0
    total_chars: int = 0
    message: str | None = None

    @property
    def truncated(self) -> bool:
        return self.checked_chars < self.total_chars

    def to_json(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "figures": [f.to_json() for f in self.figures],
            "checked_chars": self.checked_chars,
            "total_chars": self.total_chars,
            "message": self.message,
        }


def check_draft(text: str, store: FactStore, *, as_of: dt.date | None = None) -> DraftCheck:
    """Find every figure in ``text`` and give each a verdict against the store."""
    as_of = as_of or dt.date.today()
    raw = text if isinstance(text, str) else ""
    report = DraftCheck(as_of=as_of, total_chars=len(raw))
    if not raw.strip():
        report.message = "There is no text to check: paste the draft after the command."
        return report
    draft = raw[:MAX_DRAFT_CHARS]
    if len(raw) > MAX_DRAFT_CHARS:
        cut = draft.rfind("\n")
        draft = draft[:cut] if cut > MAX_DRAFT_CHARS // 2 else draft
    report.checked_chars = len(draft)
    from knowledge.ingest import context_from_store

    context = store.memo(("extraction-context",), lambda: context_from_store(store))
    proposals = extract(draft, published=as_of, context=context)
    proposals.sort(key=lambda p: (p.figure_start if p.figure_start is not None else p.quote_start))
    for proposal in proposals:
        report.figures.append(_check(proposal, draft, store, as_of))
    if not report.figures:
        report.message = "I found no figures to check in that text."
    if report.truncated:
        report.message = (f"The draft is long: I checked the first {report.checked_chars:,} of "
                          f"{report.total_chars:,} characters.")
    return report


def _words(proposal: Proposal, text: str) -> tuple[int, int]:
    """The figure's words in the draft: the number with its qualifier and what it counts."""
    start = proposal.figure_start if proposal.figure_start is not None else proposal.quote_start
    end = proposal.figure_end if proposal.figure_end is not None else proposal.quote_end
    before = _QUALIFIER_WORDS.search(text[max(0, start - 40):start])
    if before:
        start -= len(before.group(0))
    counted = (proposal.counted or "").strip()
    if counted:
        after = text[end:end + len(counted) + 40]
        found = after.lower().find(counted.lower())
        if 0 <= found <= 25:
            end += found + len(counted)
    return start, end


def _close(value: float, row: FigureRow) -> bool:
    """The draft states the stored figure itself, give or take a tenth."""
    vague = vague_word(row.value, row.quote)
    if vague:
        low, high = _VAGUE_SPANS.get(vague, (row.value, row.value))
        return low <= value <= high
    return abs(value - row.value) <= 0.1 * abs(row.value)


_VAGUE_SPANS = {"hundreds": (200, 999), "thousands": (2000, 9999), "dozens": (24, 99),
                "scores": (40, 99), "tens of thousands": (20_000, 99_999),
                "hundreds of thousands": (200_000, 999_999)}


def _fits(value: float, qualifier: str, row: FigureRow) -> bool:
    """The draft's figure and the stored one can both hold ("about 3,000" and "around
    3,000"; "2,000" and "fewer than 3,000"; not "2,000" and "2,500")."""
    low_a, high_a = qualifier_range(value, qualifier)
    vague = vague_word(row.value, row.quote)
    low_b, high_b = _VAGUE_SPANS.get(vague or "", qualifier_range(row.value, row.qualifier))
    return low_a <= high_b and low_b <= high_a


def _window(proposal: Proposal) -> tuple[dt.date, dt.date, str]:
    if proposal.period:
        first, last = proposal.period
        return first.start, last.end, last.precision
    point = proposal.as_of or DatePoint(dt.date.today(), "day")
    return point.start, point.end, point.precision


def _same_time(row: FigureRow, start: dt.date, end: dt.date, precision: str) -> bool:
    """The stored figure describes the time the draft speaks of (at the coarser precision)."""
    row_start, row_end = (row.ref_start, row.ref_end) if row.as_of is not None else (
        (row.ref_end.replace(day=1) if row.precision != "day" else row.ref_end), row.ref_end)
    if precision == "day" and row.precision == "day" and row.as_of is not None:
        return row_start <= end and start <= row_end
    widen = {"day": 0, "month": 1, "year": 2}
    coarse = max(widen.get(precision, 0), widen.get(row.precision, 0))
    if coarse >= 1:
        start, row_start = start.replace(day=1), row_start.replace(day=1)
    if coarse >= 2:
        start, row_start = start.replace(month=1), row_start.replace(month=1)
    return row_start <= end and start <= row_end


def _place_ids(store: FactStore, place_id: str | None) -> set[str] | None:
    if place_id and place_id in store.places:
        return store.place_within(place_id) | set(store.place_path(place_id))
    if place_id:
        return {place_id}
    if store.scope_place_id:
        return store.place_within(store.scope_place_id)
    return None


def _check(proposal: Proposal, text: str, store: FactStore, as_of: dt.date) -> CheckedFigure:
    start, end = _words(proposal, text)
    metric = store.metrics.get(proposal.metric)
    checked = CheckedFigure(
        text=text[start:end], start=start, end=end, metric=proposal.metric,
        label=metric.label if metric else (proposal.label or proposal.metric),
        value=proposal.value, qualifier=proposal.qualifier, verdict=Verdict.not_in_store,
        note="")
    if metric is None:
        checked.note = "the store has no confirmed figures of this kind"
        return checked
    place_ids = _place_ids(store, proposal.place_id)
    rows = store.figures(metrics=[proposal.metric], place_ids=place_ids,
                         as_of=as_of, limit=20)[proposal.metric]
    point = proposal.period is None and proposal.as_of is not None
    present = point and _persists(proposal.metric, store)
    day = proposal.as_of.end if point and proposal.as_of is not None else as_of
    rows = [r for r in rows if r.ref_end <= max(day, as_of if day == as_of else day)]
    targets: list[FigureRow] = []
    if present:
        # A level "now" is also held against the targets set for around the draft's date.
        for target in _targets_of(proposal.metric, store):
            found = store.figures(metrics=[target], place_ids=place_ids,
                                  as_of=day + dt.timedelta(days=_TARGET_AHEAD), limit=10)
            targets += [r for r in found[target]
                        if r.ref_end >= day - dt.timedelta(days=_TARGET_BEHIND)]
    if not rows and not targets:
        where = f" for {proposal.place.name}" if proposal.place else ""
        checked.note = f"no confirmed figure of {metric.label}{where}"
        return checked
    w_start, w_end, precision = _window(proposal)
    if present:
        # A level ("remain", "there are now"): the newest figures up to its date decide.
        newest = _newest(rows + targets)
        agree = [r for r in newest if _fits(proposal.value, proposal.qualifier, r)]
        differ = [r for r in newest if r not in agree]
        if not differ:
            return _verdict(checked, store, Verdict.supported, agree)
        if agree:
            return _verdict(checked, store, Verdict.sources_differ, agree + differ)
        older = [r for r in rows if r not in newest and _close(proposal.value, r)]
        if older:
            older.sort(key=lambda r: r.ref_end, reverse=True)
            checked.verdict = Verdict.out_of_date
            checked.evidence = figures_for(store, [older[0].id])
            differ.sort(key=lambda r: (r.precision != "day", r.qualifier != "exact"))
            checked.newer = figures_for(store, [r.id for r in differ][:_EVIDENCE])
            was, now = checked.evidence[0], checked.newer[0]
            checked.note = (f"matches {was.amount()} ({was.when()}, {was.source.outlet}); "
                            f"newer: {_described(now, store)}")
            return checked
        latest_level = _newest([r for r in rows if r not in newest])
        return _verdict(checked, store, Verdict.contradicted, differ + latest_level)
    same = [r for r in rows if _same_time(r, w_start, w_end, precision)]
    if not same:
        checked.note = (f"no confirmed figure of {metric.label} for "
                        f"{_when(w_start, w_end, precision)}")
        return checked
    agree = [r for r in same if _fits(proposal.value, proposal.qualifier, r)]
    differ = [r for r in same if r not in agree]
    if agree and differ:
        return _verdict(checked, store, Verdict.sources_differ, agree + differ)
    if not agree:
        return _verdict(checked, store, Verdict.contradicted, differ)
    newer = [r for r in rows if r.ref_end > max(a.ref_end for a in agree)
             and not _fits(proposal.value, proposal.qualifier, r)]
    if newer:
        checked.verdict = Verdict.out_of_date
        checked.evidence = figures_for(store, [r.id for r in agree][:_EVIDENCE])
        checked.newer = figures_for(store, [max(newer, key=lambda r: r.ref_end).id])
        was, now = checked.evidence[0], checked.newer[0]
        checked.note = (f"matches {was.amount()} ({was.when()}, {was.source.outlet}); "
                        f"newer: {_described(now, store)}")
        return checked
    return _verdict(checked, store, Verdict.supported, agree)


_EVIDENCE = 6
_TARGET_AHEAD = 60
_TARGET_BEHIND = 30


def _persists(metric_id: str, store: FactStore) -> bool:
    """A level that holds until it changes (a troop level), not a count of events."""
    from knowledge.ingest import context_from_store

    context = store.memo(("extraction-context",), lambda: context_from_store(store))
    rule = next((r for r in context.rules if r.id == metric_id), None)
    if rule is None:
        return False
    return bool(_targets_of(metric_id, store)) or (
        "level" in rule.events and not rule.events & _EVENT_COUNTS)


_EVENT_COUNTS = frozenset({"killed", "wounded", "fired", "destroyed", "damaged", "missing",
                           "arrested", "displaced", "count"})


def _targets_of(metric_id: str, store: FactStore) -> list[str]:
    """Pack metrics that count the same thing as a planned level ("target") of ``metric_id``,
    known from the pack's metric rules (same nouns, event ``target``)."""
    from knowledge.ingest import context_from_store

    context = store.memo(("extraction-context",), lambda: context_from_store(store))
    rules = {r.id: r for r in context.rules}
    own = rules.get(metric_id)
    if own is None or "level" not in own.events:
        return []
    return [r.id for r in context.rules
            if r.id != metric_id and "target" in r.events and r.counts == own.counts
            and r.unit == own.unit]


def _newest(rows: list[FigureRow]) -> list[FigureRow]:
    """The figures for the latest time among ``rows`` (a day and its month count as one)."""
    if not rows:
        return []
    latest = max(rows, key=lambda r: (r.ref_end, r.precision == "day"))
    return [r for r in rows if _same_time(r, latest.ref_start, latest.ref_end, latest.precision)
            or r.ref_end == latest.ref_end]


def _described(figure: Figure, store: FactStore) -> str:
    metric = store.metrics.get(figure.row.metric)
    label = f"{metric.label}: " if metric else ""
    return f"{label}{figure.amount()} ({figure.when()}, {figure.source.outlet})"


def _verdict(checked: CheckedFigure, store: FactStore, verdict: str,
             rows: list[FigureRow]) -> CheckedFigure:
    checked.verdict = verdict
    rows = sorted(rows, key=lambda r: (-r.ref_end.toordinal(), r.precision != "day",
                                       r.qualifier != "exact"))
    checked.evidence = figures_for(store, list(dict.fromkeys(r.id for r in rows))[:_EVIDENCE])
    checked.note = "; ".join(_described(f, store) for f in checked.evidence[:3])
    return checked


def _when(start: dt.date, end: dt.date, precision: str) -> str:
    first = DatePoint(start, precision)
    if DatePoint(end, precision).start == first.start or start == end:
        return first.human()
    return f"{first.human()} – {DatePoint(end, precision).human()}"
