"""Generate a synthetic store at scale: 1M facts, 100k sources, 10k actors, 100k aliases.

    python -m bench.synthetic [--facts N] [--path var/bench/synthetic.db]

Names are made of Arabic-like syllables with the spelling variants real copy shows
(al-/el- prefixes, dh/z, q/k, ou/u, dropped letters), so resolution is exercised the way
the seeds exercise it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sqlite3
import time
from pathlib import Path

from sqlalchemy.engine import Engine

from knowledge.actors import normalise
from knowledge.db import create_tables, make_engine
from knowledge.pack import DEFAULT_PACK_DIR, apply_pack, read_pack

__all__ = ["DEFAULT_PATH", "generate", "generate_postgres", "pack_only_store", "synthetic_names"]

DEFAULT_PATH = Path("var/bench/synthetic.db")
_ONSETS = ["b", "d", "dh", "f", "h", "j", "k", "kh", "l", "m", "n", "q", "r", "s", "sh", "t",
           "w", "y", "z", "gh", "th"]
_VOWELS = ["a", "i", "u", "ou", "e", "aa", "ee", "o"]
_CODAS = ["", "", "n", "m", "r", "d", "l", "s", "b"]


def _word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS)
                   for _ in range(syllables)).capitalize()


def _variant(name: str, rng: random.Random) -> str:
    swaps = [("dh", "z"), ("z", "dh"), ("q", "k"), ("k", "q"), ("ou", "u"), ("u", "ou"),
             ("ee", "i"), ("aa", "a"), ("e", "i")]
    out = name
    for old, new in rng.sample(swaps, 2):
        out = out.replace(old, new, 1)
    if out == name and len(name) > 5:
        i = rng.randrange(1, len(name) - 1)
        out = name[:i] + name[i + 1:]
    return out


def synthetic_names(actors: int, aliases_per_actor: int, *, seed: int = 7
                    ) -> list[tuple[str, str, list[str]]]:
    """(id, canonical name, aliases) for ``actors`` made-up actors."""
    rng = random.Random(seed)
    seen: set[str] = set()
    out = []
    while len(out) < actors:
        first, last = _word(rng, rng.randint(1, 2)), _word(rng, rng.randint(2, 3))
        name = f"{first} al-{last}"
        if name.lower() in seen:
            continue
        seen.add(name.lower())
        aliases = {name, f"{first} {last}", f"al-{last}", last, f"{first} el-{last}"}
        while len(aliases) < aliases_per_actor:
            aliases.add(_variant(rng.choice([name, last, f"{first} {last}"]), rng))
        out.append((f"syn-{len(out)}", name, sorted(aliases)[:aliases_per_actor]))
    return out


def pack_only_store(url: str) -> Engine:
    """A migrated store holding the pack's places, metrics, topics and actors, no figures."""
    from sqlmodel import Session

    engine = make_engine(url)
    create_tables(engine)
    pack = read_pack(DEFAULT_PACK_DIR)
    pack.facts = []
    with Session(engine) as session, session.begin():
        apply_pack(session, pack)
    return engine


def generate_postgres(url: str, *, facts: int = 1_000_000, sources: int = 100_000,
                      actors: int = 10_000, aliases_per_actor: int = 10, seed: int = 7) -> str:
    """Fill an empty PostgreSQL database with the synthetic store (COPY), return its URL."""
    import psycopg
    from sqlalchemy.engine import make_url

    pack = read_pack(DEFAULT_PACK_DIR)
    pack_only_store(url).dispose()
    started = time.perf_counter()
    plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    rng = random.Random(seed)
    names = synthetic_names(actors, aliases_per_actor, seed=seed)
    metrics = [m.id for m in pack.metrics]
    with psycopg.connect(plain) as conn, conn.cursor() as cur:
        now = dt.datetime.now(dt.UTC)
        base = dt.date(2015, 1, 1)
        with cur.copy("COPY source (id, outlet, title, published, notes, text, content_hash, "
                      "cluster_id, ingested_at, missing, figures_extracted, seq) FROM STDIN") as cp:
            for i in range(sources):
                cp.write_row((f"s{i:06d}", f"Outlet {i % 300}", f"Synthetic report {i}",
                              base + dt.timedelta(days=i % 3650), "", f"Synthetic text {i}.",
                              f"hash{i}", f"s{i:06d}", now, "[]", 0, i + 1))
        with cur.copy("COPY actor (id, name, kind, description, status, roles) FROM STDIN") as cp:
            for a, n, _ in names:
                cp.write_row((a, n, "person", "", "confirmed", "[]"))
        with cur.copy("COPY alias (actor_id, text, key) FROM STDIN") as cp:
            for a, _n, aliases in names:
                for alias in aliases:
                    cp.write_row((a, alias, normalise(alias)))
        places = ["iraq", "baghdad", "erbil", "kurdistan-region", "nineveh", "syria", "libya"]
        qualifiers = ["exact", "approx", "at_least", "more_than", "fewer_than"]
        with cur.copy("COPY fact (id, metric, value, qualifier, unit, as_of, precision, "
                      "ref_start, ref_end, place_id, attributed_to, status, quote, quote_start, "
                      "quote_end, source_id, note, origin) FROM STDIN") as cp:
            for i in range(facts):
                day = base + dt.timedelta(days=rng.randrange(3650))
                cp.write_row((f"f{i:07d}", rng.choice(metrics), float(rng.randrange(1, 10000)),
                              rng.choice(qualifiers), "units", day, "day", day, day,
                              rng.choice(places),
                              f"syn-{rng.randrange(actors)}" if i % 3 == 0 else None,
                              "confirmed", f"Synthetic quote {i}.", 0, 10,
                              f"s{rng.randrange(sources):06d}", "", "synthetic"))
        with cur.copy("COPY factactor (fact_id, actor_id) FROM STDIN") as cp:
            seen = set()
            for i in range(0, facts, 2):
                pair = (f"f{i:07d}", f"syn-{rng.randrange(actors)}")
                if pair not in seen:
                    seen.add(pair)
                    cp.write_row(pair)
        cur.execute("ANALYZE")
    print(f"synthetic PostgreSQL store: {facts:,} facts, {sources:,} sources, {actors:,} actors "
          f"in {time.perf_counter() - started:.1f} s")
    return url


def generate(path: Path = DEFAULT_PATH, *, facts: int = 1_000_000, sources: int = 100_000,
             actors: int = 10_000, aliases_per_actor: int = 10, seed: int = 7) -> Path:
    """Write the synthetic store to ``path`` (replacing it) and return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    pack = read_pack(DEFAULT_PACK_DIR)
    pack_only_store(f"sqlite:///{path}").dispose()

    rng = random.Random(seed)
    started = time.perf_counter()
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=OFF")
    now = dt.datetime.now(dt.UTC).isoformat(sep=" ")
    base = dt.date(2015, 1, 1)
    db.executemany(
        "INSERT INTO source (id, outlet, title, url, published, notes, text, content_hash, "
        "cluster_id, minhash, ingested_at, origin_path, missing, figures_extracted, seq) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            (f"s{i:06d}", f"Outlet {i % 300}", f"Synthetic report {i}", None,
             (base + dt.timedelta(days=i % 3650)).isoformat(), "", f"Synthetic text {i}.",
             f"hash{i}", f"s{i - i % 3:06d}" if i % 10 == 0 else f"s{i:06d}", None, now,
             None, "[]", 0, i + 1)
            for i in range(sources)
        ),
    )
    names = synthetic_names(actors, aliases_per_actor, seed=seed)
    db.executemany("INSERT INTO actor (id, name, kind, description, status, roles) "
                   "VALUES (?,?,?,?,?,?)",
                   ((a, n, "person", "", "confirmed", "[]") for a, n, _ in names))
    db.executemany("INSERT INTO alias (actor_id, text, key) VALUES (?,?,?)",
                   ((a, alias, normalise(alias)) for a, _, aliases in names for alias in aliases))
    metrics = [m.id for m in pack.metrics]
    places = ["iraq", "baghdad", "erbil", "kurdistan-region", "nineveh", "syria", "libya"]
    qualifiers = ["exact", "approx", "at_least", "more_than", "fewer_than"]

    def fact_rows():
        for i in range(facts):
            day = base + dt.timedelta(days=rng.randrange(3650))
            yield (f"f{i:07d}", rng.choice(metrics), float(rng.randrange(1, 10000)),
                   rng.choice(qualifiers), "units", day.isoformat(), None, None, "day",
                   day.isoformat(), day.isoformat(), rng.choice(places),
                   f"syn-{rng.randrange(actors)}" if i % 3 == 0 else None, "confirmed",
                   f"Synthetic quote {i}.", 0, 10, f"s{rng.randrange(sources):06d}", "",
                   "synthetic", None)

    db.executemany(
        "INSERT INTO fact (id, metric, value, qualifier, unit, as_of, period_start, period_end, "
        "precision, ref_start, ref_end, place_id, attributed_to, status, quote, quote_start, "
        "quote_end, source_id, note, origin, superseded_by) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        fact_rows(),
    )
    db.executemany("INSERT OR IGNORE INTO factactor (fact_id, actor_id) VALUES (?,?)",
                   ((f"f{i:07d}", f"syn-{rng.randrange(actors)}") for i in range(0, facts, 2)))
    db.commit()
    db.execute("ANALYZE")
    db.close()
    print(f"synthetic store: {facts:,} facts, {sources:,} sources, {actors:,} actors, "
          f"{actors * aliases_per_actor:,} aliases in {time.perf_counter() - started:.1f} s "
          f"-> {path}")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", type=Path, default=DEFAULT_PATH)
    parser.add_argument("--facts", type=int, default=1_000_000)
    parser.add_argument("--sources", type=int, default=100_000)
    parser.add_argument("--actors", type=int, default=10_000)
    args = parser.parse_args()
    generate(args.path, facts=args.facts, sources=args.sources, actors=args.actors)


if __name__ == "__main__":
    main()
