"""Extractor quality on the seeds, against the curated pack as the gold standard.

    python -m bench.extraction [--quantulum]

The seed texts are ingested as if new into a store that holds the pack's places,
metrics, topics and actors but none of its figures. Each candidate is matched to a gold
figure of the same source on (metric, value, qualifier); dates are scored on matched
pairs (same date or period at the same precision). With --quantulum, quantulum3 is run on
the same texts: it finds numbers, not what they count.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections import Counter
from pathlib import Path

from bench.synthetic import pack_only_store
from knowledge.ingest import Ingester, read_paths
from knowledge.pack import DEFAULT_PACK_DIR, read_pack

ROOT = Path(__file__).resolve().parent.parent


def _when(as_of, start, end, precision) -> str:  # type: ignore[no-untyped-def]
    def iso(day) -> str:  # type: ignore[no-untyped-def]
        return {"day": day.isoformat(), "month": day.isoformat()[:7],
                "year": day.isoformat()[:4]}[precision]

    return iso(as_of) if as_of else f"{iso(start)}..{iso(end)}"


def evaluate(seeds: Path = ROOT / "seeds") -> dict[str, float]:
    """Precision and recall of the extractor on the seeds; prints a per-figure table."""
    pack = read_pack(DEFAULT_PACK_DIR)
    gold = Counter()
    gold_dates: dict[tuple, list[str]] = {}
    for fact in pack.facts:
        key = (fact.source, fact.metric, fact.value, fact.qualifier.value)
        gold[key] += 1
        if fact.as_of:
            when = fact.as_of.iso
        else:
            when = f"{fact.period_start.iso}..{fact.period_end.iso}"
        gold_dates.setdefault(key, []).append(when)
    with tempfile.TemporaryDirectory() as folder:
        engine = pack_only_store(f"sqlite:///{folder}/eval.db")
        started = time.perf_counter()
        report = Ingester(engine).ingest(read_paths([str(seeds)]))
        elapsed = time.perf_counter() - started
        with engine.connect() as connection:
            from sqlalchemy import text

            rows = connection.execute(text(
                "SELECT source_id, metric, value, qualifier, as_of, period_start, period_end, "
                "precision, quote FROM fact WHERE status = 'candidate'")).all()
    import datetime as dt

    predicted = Counter()
    matched = date_ok = 0
    remaining = Counter(gold)
    remaining_dates = {k: list(v) for k, v in gold_dates.items()}
    print(f"{'source':<22} {'metric':<28} {'value':>8} {'qualifier':<10} {'date':<18} verdict")
    for source, metric, value, qualifier, as_of, start, end, precision, _quote in rows:
        def day(x):  # type: ignore[no-untyped-def]
            return dt.date.fromisoformat(str(x)[:10]) if x else None

        when = _when(day(as_of), day(start), day(end), precision)
        key = (source, metric, float(value), qualifier)
        predicted[key] += 1
        if remaining[key] > 0:
            remaining[key] -= 1
            matched += 1
            dates = remaining_dates[key]
            if when in dates:
                dates.remove(when)
                date_ok += 1
                verdict = "match"
            else:
                verdict = f"match, date wrong (gold {', '.join(dates)})"
        else:
            verdict = "EXTRA"
        print(f"{source:<22} {metric:<28} {value:>8g} {qualifier:<10} {when:<18} {verdict}")
    for key, count in remaining.items():
        for _ in range(count):
            print(f"{key[0]:<22} {key[1]:<28} {key[2]:>8g} {key[3]:<10} {'':<18} MISSED")
    n_pred, n_gold = sum(predicted.values()), sum(gold.values())
    scores = {
        "precision": matched / n_pred if n_pred else 0.0,
        "recall": matched / n_gold if n_gold else 0.0,
        "date_precision": date_ok / n_pred if n_pred else 0.0,
        "date_recall": date_ok / n_gold if n_gold else 0.0,
        "articles_per_second": len(report.results) / elapsed,
    }
    print(f"\n(metric, value, qualifier): precision {scores['precision']:.2f}, recall "
          f"{scores['recall']:.2f} ({matched} matched, {n_pred} proposed, {n_gold} gold)")
    print(f"with dates:                 precision {scores['date_precision']:.2f}, recall "
          f"{scores['date_recall']:.2f} ({date_ok} with the gold date)")
    return scores


def quantulum(seeds: Path = ROOT / "seeds") -> None:
    """quantulum3 on the same texts: how many gold values it finds, and what it counts."""
    try:
        from quantulum3 import parser
    except ImportError:
        print("quantulum3 is not installed (pip install quantulum3) — skipped")
        return
    pack = read_pack(DEFAULT_PACK_DIR)
    started = time.perf_counter()
    found_values = 0
    counted = 0
    total = 0
    for fact in pack.facts:
        total += 1
        quantities = parser.parse(fact.quote)
        hits = [q for q in quantities if abs(q.value - fact.value) < 1e-9]
        if hits:
            found_values += 1
            unit = hits[0].unit.name.lower()
            noun = (fact.unit or "").split()[-1] if fact.unit else ""
            if unit not in {"dimensionless", ""} and (not noun or noun[:4] in unit):
                counted += 1
    articles = [p.read_text() for p in sorted(seeds.glob("*.txt"))]
    furniture = sum(len(parser.parse(line)) for a in articles for line in a.splitlines()
                    if line.strip().endswith(("$", "min read")))
    elapsed = time.perf_counter() - started
    print(f"quantulum3 on the gold sentences: finds the value in {found_values}/{total}, says "
          f"what it counts in {counted}/{total}, no qualifiers; turns {furniture} furniture "
          f"line(s) into quantities; {elapsed:.1f} s in all")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quantulum", action="store_true", help="also run quantulum3")
    args = parser.parse_args()
    evaluate()
    if args.quantulum:
        quantulum()


if __name__ == "__main__":
    main()
