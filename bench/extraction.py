"""Extractor quality: on the seeds against the curated pack, and on the annotated corpora.

    python -m bench.extraction [--quantulum] [--verbose]

Seeds: the seed texts are ingested as if new into a store that holds the pack's places,
metrics, topics and actors but none of its figures; each candidate is matched to a gold
figure of the same source on (metric, value, qualifier), and dates are scored on matched
pairs (same date or period at the same precision).

Corpora (tests/corpora/conflict, tests/corpora/other, see tests/corpora/README.md): each
corpus is ingested into its own such store and scored apart. The held-out corpora
(tests/corpora/heldout_conflict, tests/corpora/heldout_other) are scored the same way and
printed apart: no rule was tuned on them. A candidate matches an
annotated figure of the same article with the same value whose sentence is the candidate's
(whitespace-normalised; the annotation leaves the dateline off). The annotations give each
statement where it stands (a headline and the lead that repeats it); the extractor proposes
one candidate per claim, so annotations of the same (value, qualifier, counted, event,
place) in one article count as one figure, matched by a candidate on any of its sentences;
a headline's figure that the body states again (same value and event) is that
body figure, scored by the body's qualifier and place.

- recall: annotated figures matched / annotated figures; precision: candidates that match
  an annotated figure / candidates;
- metric accuracy, over matched figures: the annotation's pack metric when it has one, and
  a metric that is not a pack metric when it has none;
- place accuracy, over matched figures: no place for an annotation without one, else the
  same place, or the same gazetteer place (the annotation's name resolved in its country).

For the other-subject corpus it also counts candidates placed in a pack place and figures
a topic command shows. With --quantulum, quantulum3 runs on the same texts in the same
run: it finds numbers, not what they count.
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


CORPORA = ROOT / "tests" / "corpora"
# Held out: written after the rules and never used to tune them.
HELDOUT = ("heldout_conflict", "heldout_other")
# Blind: written and annotated without the code or its output, and scored only to report;
# no rule is ever changed after reading their misses (so they stay a measure of copy nobody
# here has read).
BLIND = ("blind_conflict", "blind_other")


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _annotation_place(index, name: str | None, country: str | None,  # type: ignore[no-untyped-def]
                      parents: dict[str, str | None] | None = None):
    """The store's id for an annotation's place: its name resolved in its country, as the
    extractor resolves names (the pack, then the gazetteer, then a place the copy names).
    ``parents`` gets the places it lies in."""
    from knowledge.places import gazetteer

    if not name:
        return None
    codes = [e.country for e, _p in gazetteer().lookup(country or "") if e.kind == "country"]
    found = index.find(f"in {name}", countries=codes[:1])
    if found and (not codes or found[0].place.country in (codes[0], None)):
        for ref in (found[0].place, *found[0].place.chain) if parents is not None else ():
            parents.setdefault(ref.id, ref.parent_id)
        return found[0].place.id
    if codes:
        ref = index.copy_ref(name, codes[0])
        return ref.id if ref else f"?{_norm(name)}"
    return f"?{_norm(name)}"


def _restated(groups: list[dict], headline: str) -> list[dict]:
    """Fold a headline's figure into the body's when the body states it again (same value,
    same event): headlines drop qualifiers, shorten nouns and name the wider place ("Floods
    kill 112 in Nepal" over "killed at least 112 people in …"), so the two are one claim,
    scored by the body's statement."""
    out = [g for g in groups if g["sentences"] != {headline}]
    for group in groups:
        if group["sentences"] != {headline}:
            continue
        body = next((g for g in out if g["value"] == group["value"]
                     and g["event"] == group["event"]), None)
        if body is None:
            out.append(group)
        else:
            body["sentences"] |= group["sentences"]
    return out


def score_corpus(folder: Path, *, verbose: bool = False) -> dict[str, float]:
    """Recall, precision, metric and place accuracy of the extractor on one corpus."""
    import json

    from sqlalchemy import text

    from knowledge.answer import ask
    from knowledge.ingest import context_from_store
    from knowledge.store import FactStore

    annotations = json.loads((folder / "annotations.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        engine = pack_only_store(f"sqlite:///{tmp}/corpus.db")
        store = FactStore(engine)
        context = context_from_store(store)
        pack_places = set(store.places)
        pack_metrics = set(context.pack_metrics)
        started = time.perf_counter()
        report = Ingester(engine, store=store).ingest(
            read_paths([str(p) for p in sorted(folder.glob("*.txt"))]))
        elapsed = time.perf_counter() - started
        with engine.connect() as connection:
            rows = connection.execute(text(
                "SELECT id, source_id, metric, value, qualifier, quote, place_id FROM fact "
                "WHERE status = 'candidate' ORDER BY id")).all()
            parents = dict(connection.execute(text("SELECT id, parent_id FROM place")).all())
        store.refresh()
        shown = set()
        for topic in store.topics.values():
            answer = ask(topic.command, store)
            shown |= {f.row.id for f in answer.figures}
        engine.dispose()
    by_article: dict[str, list] = {}
    for row in rows:
        by_article.setdefault(row.source_id, []).append(row)
    groups = []
    for entry in annotations:
        merged: dict[tuple, dict] = {}
        for figure in entry["figures"]:
            key = (figure["value"], figure["qualifier"], figure["counted"], figure["event"],
                   figure["place"])
            group = merged.setdefault(key, {**figure, "sentences": set(),
                                            "article": entry["article"].removesuffix(".txt")})
            group["sentences"].add(_norm(figure["sentence"]))
        headline = _norm((folder / entry["article"]).read_text(
            encoding="utf-8").splitlines()[0])
        groups.extend(_restated(list(merged.values()), headline))
    matched = metric_ok = place_ok = 0
    place_errors: dict[str, int] = {}
    used: set[str] = set()
    problems: list[str] = []
    for group in groups:
        candidates = [r for r in by_article.get(group["article"], [])
                      if abs(r.value - group["value"]) < 1e-9
                      and any(s in _norm(r.quote) for s in group["sentences"])]
        used.update(r.id for r in candidates)
        if not candidates:
            problems.append(f"MISSED  {group['article']}: {group['value']:g} {group['counted']}"
                            f" {group['event']} ({group['metric']}) | "
                            f"{next(iter(group['sentences']))[:110]}")
            continue
        row = min(candidates, key=lambda r: (r.metric != group["metric"], r.id))
        matched += 1
        if group["metric"] == row.metric or (group["metric"] is None
                                             and row.metric not in pack_metrics):
            metric_ok += 1
        else:
            problems.append(f"METRIC  {group['article']}: {group['value']:g} "
                            f"{group['counted']} {group['event']}: {row.metric}, annotated "
                            f"{group['metric']} | {row.quote[:100]}")
        want = _annotation_place(context.places, group["place"], group["country"], parents)
        if want == row.place_id:
            place_ok += 1
        else:
            kind = _place_error(want, row.place_id, group["place"], parents)
            place_errors[kind] = place_errors.get(kind, 0) + 1
            problems.append(f"PLACE   {group['article']}: {group['value']:g} "
                            f"{group['counted']}: {row.place_id}, annotated {group['place']} "
                            f"({want}) | {row.quote[:90]}")
    for row in rows:
        if row.id not in used:
            problems.append(f"EXTRA   {row.source_id}: {row.value:g} {row.metric} | "
                            f"{row.quote[:110]}")
    scores = {
        "recall": matched / len(groups) if groups else 0.0,
        "precision": len(used) / len(rows) if rows else 0.0,
        "metric_accuracy": metric_ok / matched if matched else 0.0,
        "place_accuracy": place_ok / matched if matched else 0.0,
        "in_pack_place": sum(1 for r in rows if r.place_id in pack_places),
        "shown_by_topic": len(shown & {r.id for r in rows}),
        "articles_per_second": len(report.results) / elapsed,
    }
    if verbose:
        for line in sorted(problems):
            print("  " + line)
    print(f"{folder.name + ':':<10} recall {scores['recall']:.2f}, precision "
          f"{scores['precision']:.2f}, metric accuracy {scores['metric_accuracy']:.2f}, "
          f"place accuracy {scores['place_accuracy']:.2f} ({matched} matched, {len(rows)} "
          f"proposed, {len(groups)} annotated in {len(annotations)} articles); "
          f"{scores['in_pack_place']} placed in a pack place, {scores['shown_by_topic']} "
          f"shown by a topic")
    if place_errors:  # counts only: said of the blind corpora too, whose texts stay unread
        print(" " * 11 + "wrong places: " + ", ".join(
            f"{place_errors[kind]} {kind}" for kind in _PLACE_ERRORS if kind in place_errors))
    return scores


_PLACE_ERRORS = ("wider (a place that holds the annotated one)",
                 "narrower (a place inside the annotated one)", "elsewhere",
                 "none where one is annotated", "one where none is annotated",
                 "annotated place not resolved")


def _place_error(want: str | None, got: str | None, annotated: str | None,
                 parents: dict[str, str | None]) -> str:
    """What kind of wrong place a candidate has, for the summary of a corpus."""
    def above(place: str | None) -> set[str]:
        out: set[str] = set()
        while place is not None and place not in out:
            out.add(place)
            place = parents.get(place)
        return out

    if annotated and (want is None or want.startswith("?")):
        return _PLACE_ERRORS[5]
    if got is None:
        return _PLACE_ERRORS[3]
    if want is None:
        return _PLACE_ERRORS[4]
    if got in above(want):
        return _PLACE_ERRORS[0]
    if want in above(got):
        return _PLACE_ERRORS[1]
    return _PLACE_ERRORS[2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quantulum", action="store_true", help="also run quantulum3")
    parser.add_argument("--verbose", action="store_true",
                        help="list every miss, extra and wrong metric or place")
    args = parser.parse_args()
    print("== seeds (the rules were written on these)")
    evaluate()
    for name in ("conflict", "other"):
        folder = CORPORA / name
        if (folder / "annotations.json").exists():
            print(f"\n== {name} corpus (tests/corpora/{name})")
            score_corpus(folder, verbose=args.verbose)
    for name in HELDOUT:
        folder = CORPORA / name
        if (folder / "annotations.json").exists():
            print(f"\n== HELD-OUT {name} corpus (tests/corpora/{name}; never used to tune rules)")
            score_corpus(folder, verbose=args.verbose)
    for name in BLIND:
        folder = CORPORA / name
        if (folder / "annotations.json").exists():
            print(f"\n== BLIND {name} corpus (tests/corpora/{name}; scored, never read)")
            score_corpus(folder, verbose=False)
    if args.quantulum:
        quantulum()


if __name__ == "__main__":
    main()
