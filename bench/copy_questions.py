"""Questions about copy ingested later: each annotated corpus is ingested into a store that
holds only the pack's vocabulary, every candidate is confirmed (as an editor would after
review), and a question is asked for every annotated figure that has a place.

    python -m bench.copy_questions [--verbose] [CORPUS ...]

The questions are written from the annotation alone, in one plain form — "how many
{counted} were {event} in {place}?" ("how many people are missing in Nepal?", "how many
soldiers were withdrawn from the Sahel?") — never from the extractor's output. Per corpus:

- answered: the answer cites the annotated figure (same article, same value);
- led: its one-sentence answer leads with it;
- wrong lead: it leads with another value (from the same article or another one);
  "another kind" when that figure's metric is not the one the annotated figure was
  extracted with (people wounded for people killed) — the error that matters; the rest
  are other figures of the same kind (another date, another party), which a question
  that names neither cannot tell apart;
- of those extracted: the same three over the figures the extractor found with the right
  value in the right article, to tell reading and ranking apart from extraction.

The held-out corpora (tests/corpora/heldout_*) were never used to write rules. Their
reporters' questions (tests/corpora/heldout_questions.json, written in reporters' own words
without the code: paraphrases, typos, other names for the place, times, speakers, and
questions the copy cannot answer) are scored the same way on the same stores: answered,
led, wrong lead, and for questions with no answer in the copy, how often a figure is given
anyway.
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
from pathlib import Path

from bench.extraction import BLIND, CORPORA, HELDOUT, _norm, _restated
from bench.synthetic import pack_only_store

_VERBS = {
    None: "are there", "count": "are there", "killed": "were killed",
    "wounded": "were wounded", "missing": "are missing", "stationed": "are stationed",
    "deployed": "were deployed", "withdrawn": "were withdrawn", "displaced": "were displaced",
    "arrested": "were arrested", "rescued": "were rescued", "evacuated": "were evacuated",
    "destroyed": "were destroyed", "damaged": "were damaged", "fired": "were fired",
    "intercepted": "were shot down", "kidnapped": "were abducted", "released": "were freed",
    "hospitalised": "are in hospital", "striking": "are on strike", "sanctioned":
    "were sanctioned", "closed": "were closed",
}


def _plural(word: str) -> str:
    irregular = {"person": "people", "man": "men", "woman": "women", "child": "children",
                 "personnel": "personnel", "police": "police", "staff": "staff"}
    if word in irregular:
        return irregular[word]
    if word.endswith("y") and not word.endswith(("ay", "ey", "oy")):
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    return word + "s"


def question_for(figure: dict) -> str:
    """The plain question a reporter would ask for one annotated figure."""
    counted = " ".join(_plural(w) if i == len(figure["counted"].split()) - 1 else w
                       for i, w in enumerate(figure["counted"].split()))
    verb = _VERBS.get(figure["event"], f"were {figure['event']}")
    preposition = "from" if figure["event"] == "withdrawn" else "in"
    return f"how many {counted} {verb} {preposition} {figure['place']}?"


def score(folder: Path, *, verbose: bool = False) -> dict[str, float]:
    from sqlalchemy import text

    from knowledge.answer import ask
    from knowledge.curation import confirm
    from knowledge.ingest import Ingester, read_paths
    from knowledge.store import FactStore

    annotations = json.loads((folder / "annotations.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        engine = pack_only_store(f"sqlite:///{tmp}/copy.db")
        store = FactStore(engine)
        Ingester(engine, store=store).ingest(read_paths([str(p) for p in
                                                         sorted(folder.glob("*.txt"))]))
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT id, source_id, value, quote, metric "
                                           "FROM fact WHERE status = 'candidate'")).all()
        for row in rows:
            confirm(engine, row.id, who="bench")
        store.refresh()
        totals = {"asked": 0, "answered": 0, "led": 0, "wrong": 0, "kind": 0,
                  "extracted": 0, "x_answered": 0, "x_led": 0, "x_wrong": 0}
        lines = []
        for entry in annotations:
            article = entry["article"].removesuffix(".txt")
            headline = _norm((folder / entry["article"]).read_text(encoding="utf-8")
                             .splitlines()[0])
            merged: dict[tuple, dict] = {}
            for figure in entry["figures"]:
                key = (figure["value"], figure["qualifier"], figure["counted"],
                       figure["event"], figure["place"])
                group = merged.setdefault(key, {**figure, "sentences": set()})
                group["sentences"].add(_norm(figure["sentence"]))
            for figure in _restated(list(merged.values()), headline):
                if not figure["place"]:
                    continue
                question = question_for(figure)
                reply = ask(question, store)
                value = figure["value"]
                cited = any(f.source.id == article and abs(f.row.value - value) < 1e-9
                            for f in reply.figures)
                lead = reply.direct.lead.lead if reply.direct else None
                led = lead is not None and lead.source.id == article and \
                    abs(lead.row.value - value) < 1e-9
                wrong = lead is not None and abs(lead.row.value - value) >= 1e-9
                found = [r for r in rows if r.source_id == article and
                         abs(r.value - value) < 1e-9 and
                         any(s in _norm(r.quote) for s in figure["sentences"])]
                extracted = bool(found)
                kind = wrong and extracted and lead.row.metric not in {r.metric for r in found}
                totals["kind"] += kind
                totals["asked"] += 1
                totals["answered"] += cited
                totals["led"] += led
                totals["wrong"] += wrong
                if extracted:
                    totals["extracted"] += 1
                    totals["x_answered"] += cited
                    totals["x_led"] += led
                    totals["x_wrong"] += wrong
                if verbose and not led:
                    got = f"{lead.row.value:g} ({lead.source.id})" if lead else "nothing"
                    label = "KIND  " if kind else "WRONG " if wrong else "MISS  "
                    lines.append(f"  {label} {question} -> {got}; "
                                 f"want {value:g} ({article}){'' if extracted else ' [not extracted]'}")
        written = _written_questions(folder.name, store, verbose=verbose)
        engine.dispose()
    for line in lines:
        print(line)
    n, x = totals["asked"] or 1, totals["extracted"] or 1
    print(f"{folder.name + ':':<18} {totals['asked']} questions: answered "
          f"{totals['answered'] / n:.2f}, led {totals['led'] / n:.2f}, wrong lead "
          f"{totals['wrong'] / n:.2f} (another kind {totals['kind'] / n:.2f}); of the "
          f"{totals['extracted']} extracted: answered "
          f"{totals['x_answered'] / x:.2f}, led {totals['x_led'] / x:.2f}, wrong lead "
          f"{totals['x_wrong'] / x:.2f}")
    if written:
        print(written)
    return totals


#: Reporters' questions per held-out or blind corpus family.
QUESTIONS = (CORPORA / "heldout_questions.json", CORPORA / "blind_questions.json")


def _written_questions(corpus: str, store, *, verbose: bool) -> str:  # type: ignore[no-untyped-def]
    """Scores for the reporters' questions written for ``corpus`` ('' when there are none)."""
    from knowledge.answer import ask

    items = [q for path in QUESTIONS if path.exists()
             for q in json.loads(path.read_text(encoding="utf-8")) if q.get("corpus") == corpus]
    if not items:
        return ""
    answerable = [q for q in items if q.get("article")]
    unanswerable = [q for q in items if not q.get("article")]
    answered = led = wrong = given = 0
    for item in items:
        text = re.sub(r"^@\w+\s+", "", item["question"])
        reply = ask(text, store)
        lead = reply.direct.lead.lead if reply.direct else None
        if not item.get("article"):
            given += bool(reply.figures)
            if verbose and reply.figures:
                print(f"  GIVEN  {item['question']} -> {reply.figures[0].row.value:g} "
                      f"({reply.figures[0].source.id})")
            continue
        article, value = item["article"].removesuffix(".txt"), float(item["value"])
        cited = any(f.source.id == article and abs(f.row.value - value) < 1e-9
                    for f in reply.figures)
        first = lead is not None and lead.source.id == article and \
            abs(lead.row.value - value) < 1e-9
        answered += cited
        led += first
        wrong += lead is not None and not first
        if verbose and not first:
            got = f"{lead.row.value:g} ({lead.source.id})" if lead else "nothing"
            print(f"  {'WRONG ' if lead else 'MISS  '} {item['question']} -> {got}; want "
                  f"{value:g} ({article})")
    n = len(answerable) or 1
    return (f"{'  reporters:':<18} {len(answerable)} questions: answered {answered / n:.2f}, "
            f"led {led / n:.2f}, wrong lead {wrong / n:.2f}; {len(unanswerable)} with no answer "
            f"in the copy: a figure given for {given}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", nargs="*",
                        default=["conflict", "other", *HELDOUT, *BLIND])
    parser.add_argument("--verbose", action="store_true", help="list every question not led")
    args = parser.parse_args()
    for name in args.corpora:
        score(CORPORA / name, verbose=args.verbose)


if __name__ == "__main__":
    main()
