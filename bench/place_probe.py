"""Where short wire stories put their figures: the place a user would see on each candidate,
against the place an editor would give it.

    python -m bench.place_probe

Sets of made-up wire stories (bench/place_probe/), each annotated before the place rules
were run on it: ``tuned``, whose wrong places the rules were then fixed for; ``held_out``,
never tuned on; ``territories`` (disputed and breakaway places, names the gazetteer spells
otherwise), ``coasts`` (ships, islands, shores) and ``subjects`` (a strike, an election, a
heatwave, migrants), whose first misses were then fixed;
``towns`` (a town's attack told in several sentences), right on its first run; ``fresh``
(five longer stories: Haiti, Burkina Faso, Mozambique, Sri Lanka, Syria), whose first misses
were then fixed, and ``fresh2`` (Colombia, Brazil, the Netherlands, Nigeria, Ukraine), written
after those fixes to try them on other stories; ``fresh3`` (longer stories with background
paragraphs: Pakistan, Sudan, Greece, Kenya), whose first misses were then fixed, and
``fresh4`` (Afghanistan, Congo, Myanmar, Italy), written after them to try those fixes. Each
``expected.txt`` line is an article, a figure's value and the place's name (any spelling
that resolves to the same place counts). Prints, per set, how many annotated
figures were found and how many of those have the right place.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from bench.synthetic import pack_only_store
from knowledge.extract import extract
from knowledge.ingest import context_from_store
from knowledge.places import PlaceRef
from knowledge.store import FactStore

FOLDER = Path(__file__).resolve().parent / "place_probe"


def score(folder: Path, context) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    """(annotated, found, right place) for one set."""
    placed: dict[tuple[str, float], PlaceRef | None] = {}
    for path in sorted(folder.glob("*.txt")):
        if path.name == "expected.txt":
            continue
        text = path.read_text(encoding="utf-8")
        for p in extract(text, published=dt.date(2025, 3, 5), context=context,
                         title=text.splitlines()[0]):
            placed.setdefault((path.stem, p.value), p.place)
    rows = [line.split(" ", 2) for line in
            (folder / "expected.txt").read_text(encoding="utf-8").splitlines() if line]
    found = right = 0
    for article, value, place in rows:
        key = (article, float(value))
        if key not in placed:
            print(f"  MISSED {article} {value}")
            continue
        found += 1
        got = placed[key]
        if got is not None and _same(context, got, place):
            right += 1
        else:
            print(f"  PLACE  {article} {value}: {got.name if got else None}, annotated {place}")
    return len(rows), found, right


def _same(context, got: PlaceRef, name: str) -> bool:  # type: ignore[no-untyped-def]
    """Whether ``name`` means the place ``got``: its name, or another spelling of it."""
    if got.name == name:
        return True
    codes = [got.country] if got.country else []
    return any(m.place.id == got.id for m in context.places.find(f"in {name}", countries=codes))


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        engine = pack_only_store(f"sqlite:///{tmp}/probe.db")
        context = context_from_store(FactStore(engine))
        for name in ("tuned", "held_out", "territories", "coasts", "subjects",
                     "towns", "fresh", "fresh2", "fresh3", "fresh4"):
            annotated, found, right = score(FOLDER / name, context)
            print(f"{name}: {found}/{annotated} figures found, {right}/{found} with the "
                  f"annotated place")
        engine.dispose()


if __name__ == "__main__":
    main()
