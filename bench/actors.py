"""Actor resolution against 100k aliases, beside plain rapidfuzz in the same run.

    python -m bench.actors [--actors 10000] [--queries 3000]

Target: p99 <= 1 ms. The baseline is ``rapidfuzz.process.extract`` with WRatio over every
alias, which is what resolution would cost without indexing.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from rapidfuzz import fuzz, process

from bench.synthetic import _variant, synthetic_names
from bench.timing import percentile, summary
from knowledge.actors import ActorEntry, ActorIndex


def _typo(name: str, rng: random.Random) -> str:
    i = rng.randrange(1, max(2, len(name) - 1))
    op = rng.choice(["drop", "swap", "double"])
    if op == "drop":
        return name[:i] + name[i + 1:]
    if op == "double":
        return name[:i] + name[i] + name[i:]
    return name[: i - 1] + name[i] + name[i - 1] + name[i + 1:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actors", type=int, default=10_000)
    parser.add_argument("--aliases", type=int, default=10)
    parser.add_argument("--queries", type=int, default=3000)
    parser.add_argument("--baseline", type=int, default=40)
    args = parser.parse_args()

    names = synthetic_names(args.actors, args.aliases)
    started = time.perf_counter()
    index = ActorIndex(ActorEntry(a, n, "person", tuple(al)) for a, n, al in names)
    print(f"index of {len(names):,} actors / {sum(len(a) for *_, a in names):,} aliases "
          f"built in {time.perf_counter() - started:.2f} s")

    rng = random.Random(11)
    queries: list[tuple[str, str | None, str]] = []
    for _ in range(args.queries):
        actor_id, name, aliases = rng.choice(names)
        kind = rng.random()
        if kind < 0.3:
            queries.append((rng.choice(aliases), actor_id, "alias"))
        elif kind < 0.55:
            queries.append((_variant(name, rng).upper(), actor_id, "variant"))
        elif kind < 0.8:
            queries.append((_typo(name, rng), actor_id, "typo"))
        else:
            queries.append((f"Unknown Person {rng.randrange(10**6)}", None, "unknown"))

    times, right, wrong, refused = [], 0, 0, 0
    for text, expected, _kind in queries:
        t0 = time.perf_counter()
        resolution = index.resolve(text)
        times.append((time.perf_counter() - t0) * 1000)
        if resolution.match is None:
            refused += 1
        elif resolution.match.id == expected:
            right += 1
        else:
            wrong += 1
    print(summary("indexed resolve", times))

    everything = [alias for *_, aliases in names for alias in aliases]
    base = []
    for text, *_ in queries[: args.baseline]:
        t0 = time.perf_counter()
        process.extract(text, everything, scorer=fuzz.WRatio, limit=5)
        base.append((time.perf_counter() - t0) * 1000)
    print(summary("baseline: process.extract WRatio, all aliases", base))
    ratio = statistics.median(base) / statistics.median(times)
    print(f"median speed-up over the baseline: {ratio:,.0f}x")
    known = sum(1 for _t, e, _k in queries if e)
    print(f"outcomes: {right} right, {wrong} wrong, {refused} no match "
          f"(of {len(queries)}; {known} name a real actor)")
    p99 = percentile(times, 99)
    print(f"target: p99 {p99:.3f} ms (<= 1 ms) {'OK' if p99 <= 1 else 'MISSED'}")


if __name__ == "__main__":
    main()
