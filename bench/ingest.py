"""Ingest throughput: a backfill of made-up articles into a fresh store, memory sampled.

    python -m bench.ingest [--articles 10000]

Targets: >= 200 text articles/s on one core, extraction and store included; 10,000
articles in under a minute; memory flat as the batch grows.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

from bench.articles import write_articles
from bench.synthetic import pack_only_store
from knowledge.ingest import Ingester, ItemResult, read_paths


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=1,
                        help="extraction processes (1 = everything on one core)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_articles(root / "in", args.articles)
        engine = pack_only_store(f"sqlite:///{root}/bench.db")
        ingester = Ingester(engine)
        samples: list[tuple[int, float, float]] = []
        done = 0
        figures = 0
        started = time.perf_counter()
        cpu_started = time.process_time()

        def progress(result: ItemResult) -> None:
            nonlocal done, figures
            done += 1
            figures += result.figures
            if done % max(1, args.articles // 10) == 0:
                samples.append((done, time.perf_counter() - started, _rss_mb()))

        report = ingester.ingest(read_paths([str(root / "in")]), progress=progress,
                                 workers=args.workers)
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
    where = "on one core" if args.workers == 1 else f"with {args.workers} extraction processes"
    print(f"{args.articles:,} articles ingested in {elapsed:.1f} s wall ({cpu:.1f} s CPU in the "
          f"writing process): {args.articles / elapsed:.0f} articles/s {where}; {figures:,} "
          f"candidate figures; {report.count('failed')} failed")
    for count, at, rss in samples:
        print(f"  after {count:>6,} articles: {at:6.1f} s, RSS {rss:6.1f} MB")
    rate = args.articles / elapsed
    growth = samples[-1][2] - samples[0][2] if len(samples) > 1 else 0.0
    print(f"targets: >= 200 articles/s on one core {'OK' if rate >= 200 else 'MISSED'} "
          f"({rate:.0f}); "
          f"10k in < 60 s {'OK' if 10_000 / rate < 60 else 'MISSED'} "
          f"({10_000 / rate:.0f} s projected); RSS growth over the run {growth:+.1f} MB")


if __name__ == "__main__":
    main()
