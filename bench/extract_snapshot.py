"""Everything extraction proposes for a fixed set of texts, as JSON, to compare two versions.

    python -m bench.extract_snapshot OUT.json [--compare OLD.json]

The texts: the seeds, the test corpora (not the blind ones), the second story's sources
(under the default pack and under that story's own pack) and 300 bench articles, read as ingest reads them and
extracted with the context ingest uses. Every proposal's fields and the actor mentions
are written; with --compare, the differences from an earlier snapshot are listed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench.articles import write_articles
from knowledge.dates import DatePoint
from knowledge.extract import ExtractionContext, Proposal, extract
from knowledge.ingest import context_from_store, read_paths
from knowledge.store import FactStore

ROOT = Path(__file__).resolve().parent.parent
_NO_DATE = dt.date(2024, 1, 15)  # for the few texts with no date, so that runs agree


def _point(point: DatePoint | None) -> list[str] | None:
    return [point.start.isoformat(), point.end.isoformat(), point.precision] if point else None


def _proposal(p: Proposal) -> dict[str, Any]:
    place = p.place
    return {
        "metric": p.metric, "value": p.value, "qualifier": p.qualifier, "unit": p.unit,
        "quote": [p.quote_start, p.quote_end], "figure": [p.figure_start, p.figure_end],
        "as_of": _point(p.as_of),
        "period": [_point(p.period[0]), _point(p.period[1])] if p.period else None,
        "place": None if place is None else {
            "id": place.id, "name": place.name, "parent": place.parent_id,
            "country": place.country, "gazetteer": place.gazetteer_id, "origin": place.origin,
            "chain": [c.id for c in place.chain]},
        "actor_ids": p.actor_ids, "attributed_to": p.attributed_to, "new_actor": p.new_actor,
        "note": p.note, "strength": p.strength, "counted": p.counted, "event": p.event,
        "label": p.label, "fits_pack": p.fits_pack,
    }


def _context(pack_dir: Path | None, folder: Path, name: str) -> ExtractionContext:
    from knowledge.db import create_tables, make_engine
    from knowledge.pack import apply_pack, read_pack

    if pack_dir is None:
        from bench.synthetic import pack_only_store

        engine = pack_only_store(f"sqlite:///{folder}/{name}.db")
    else:
        from sqlmodel import Session

        engine = make_engine(f"sqlite:///{folder}/{name}.db")
        create_tables(engine)
        pack = read_pack(pack_dir)
        pack.facts = []
        with Session(engine) as session, session.begin():
            apply_pack(session, pack)
    context = context_from_store(FactStore(engine))
    engine.dispose()
    return context


def snapshot() -> dict[str, Any]:
    """{label: {"proposals": [...], "mentions": {...}}} for every text, in a fixed order."""
    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_articles(folder / "bench", 300)
        default = _context(None, folder, "default")
        floods = _context(ROOT / "tests" / "stories" / "floods" / "pack", folder, "floods")
        groups: list[tuple[str, ExtractionContext, list[Path]]] = [
            ("seeds", default, sorted((ROOT / "seeds").glob("*.txt"))),
            ("corpora", default, sorted(  # the blind corpora stay unread: no diff shows them
                p for p in (ROOT / "tests" / "corpora").glob("*/*.txt")
                if not p.parent.name.startswith("blind"))),
            ("floods", default, sorted(
                p for p in (ROOT / "tests" / "stories" / "floods" / "sources").iterdir()
                if not p.name.endswith(".meta.json"))),
            ("floods-pack", floods, sorted(
                p for p in (ROOT / "tests" / "stories" / "floods" / "sources").iterdir()
                if not p.name.endswith(".meta.json"))),
            ("bench", default, sorted((folder / "bench").glob("*.txt"))),
        ]
        for group, context, paths in groups:
            for item in read_paths([str(p) for p in paths]):
                path = Path(item.label)
                key = f"{group}:{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name}"
                if item.error:
                    out[key] = {"error": item.error}
                    continue
                mentions: dict[str, int] = {}
                proposals = extract(item.text, published=item.published or _NO_DATE,
                                    context=context, title=item.title, mentions=mentions)
                out[key] = {"proposals": [_proposal(p) for p in proposals],
                            "mentions": dict(sorted(mentions.items()))}
    return out


def compare(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """The texts whose proposals or mentions differ, with the first difference of each."""
    problems = []
    for key in sorted(set(old) | set(new)):
        a, b = old.get(key), new.get(key)
        if a == b:
            continue
        if a is None or b is None:
            problems.append(f"{key}: only in the {'new' if a is None else 'old'} snapshot")
            continue
        if a.get("mentions") != b.get("mentions"):
            problems.append(f"{key}: mentions {a.get('mentions')} -> {b.get('mentions')}")
        pa, pb = a.get("proposals", []), b.get("proposals", [])
        if len(pa) != len(pb):
            problems.append(f"{key}: {len(pa)} proposals -> {len(pb)}")
        for i, (x, y) in enumerate(zip(pa, pb, strict=False)):
            if x != y:
                fields = {k: (x.get(k), y.get(k)) for k in x.keys() | y.keys()
                          if x.get(k) != y.get(k)}
                problems.append(f"{key} #{i}: {fields}")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--compare", type=Path, metavar="OLD.json")
    args = parser.parse_args()
    data = snapshot()
    args.out.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
    total = sum(len(v.get("proposals", [])) for v in data.values())
    print(f"{len(data)} texts, {total} proposals -> {args.out}")
    if args.compare:
        problems = compare(json.loads(args.compare.read_text(encoding="utf-8")), data)
        for line in problems:
            print(line)
        print("identical" if not problems else f"{len(problems)} differences")
        sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
