"""Where short wire stories put their figures: the place a user would see on each candidate,
against the place an editor would give it.

    python -m bench.place_probe

Two sets of made-up wire stories (bench/place_probe/): ``tuned``, whose wrong places the
place rules were then fixed for, and ``held_out``, written and annotated before either
version of the rules was run on it. Each ``expected.txt`` line is an article, a figure's
value and the place's name (the gazetteer's spelling). Prints, per set, how many annotated
figures were found and how many of those have the right place.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from bench.synthetic import pack_only_store
from knowledge.extract import extract
from knowledge.ingest import context_from_store
from knowledge.store import FactStore

FOLDER = Path(__file__).resolve().parent / "place_probe"


def score(folder: Path, context) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    """(annotated, found, right place) for one set."""
    placed: dict[tuple[str, float], str | None] = {}
    for path in sorted(folder.glob("*.txt")):
        if path.name == "expected.txt":
            continue
        text = path.read_text(encoding="utf-8")
        for p in extract(text, published=dt.date(2025, 3, 5), context=context,
                         title=text.splitlines()[0]):
            placed.setdefault((path.stem, p.value), p.place.name if p.place else None)
    rows = [line.split(" ", 2) for line in
            (folder / "expected.txt").read_text(encoding="utf-8").splitlines() if line]
    found = right = 0
    for article, value, place in rows:
        key = (article, float(value))
        if key not in placed:
            print(f"  MISSED {article} {value}")
            continue
        found += 1
        right += placed[key] == place
        if placed[key] != place:
            print(f"  PLACE  {article} {value}: {placed[key]}, annotated {place}")
    return len(rows), found, right


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        engine = pack_only_store(f"sqlite:///{tmp}/probe.db")
        context = context_from_store(FactStore(engine))
        for name in ("tuned", "held_out"):
            annotated, found, right = score(FOLDER / name, context)
            print(f"{name}: {found}/{annotated} figures found, {right}/{found} with the "
                  f"annotated place")
        engine.dispose()


if __name__ == "__main__":
    main()
