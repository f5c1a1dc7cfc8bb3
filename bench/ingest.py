"""Ingest throughput: a backfill of made-up articles into a fresh store, memory sampled.

    python -m bench.ingest [--articles 10000] [--workers N] [--quantulum N] [--postgres URL]

Targets: >= 300 text articles/s in one process, extraction and store included, each
source written with all its figures or not at all (a batch of sources per transaction);
memory flat as the batch grows; and >= 10x quantulum3, which is run in the same process on
the first N of the same articles (numbers only: it neither stores nor says what is counted).
With --postgres (a server URL such as postgresql+psycopg://postgres@127.0.0.1:5432/postgres)
the store is a fresh database on that server, dropped afterwards; otherwise SQLite.
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
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
    parser.add_argument("--quantulum", type=int, default=300, metavar="N",
                        help="run quantulum3 on the first N articles (0: skip)")
    parser.add_argument("--postgres", metavar="URL", default=None,
                        help="a PostgreSQL server to create a fresh store database on")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, _database(args.postgres, folder) as url:
        root = Path(folder)
        write_articles(root / "in", args.articles)
        engine = pack_only_store(url)
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
                                 workers=args.workers, keep_results=False)
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
        engine.dispose()
        quantulum_rate = _quantulum_rate(root / "in", args.quantulum)
    where = "on one core" if args.workers == 1 else f"with {args.workers} extraction processes"
    where += ", PostgreSQL" if args.postgres else ", SQLite"
    print(f"{args.articles:,} articles ingested in {elapsed:.1f} s wall ({cpu:.1f} s CPU in the "
          f"writing process): {args.articles / elapsed:.0f} articles/s {where}; {figures:,} "
          f"candidate figures; {report.count('failed')} failed")
    for count, at, rss in samples:
        print(f"  after {count:>6,} articles: {at:6.1f} s, RSS {rss:6.1f} MB")
    rate = args.articles / elapsed
    growth = samples[-1][2] - samples[0][2] if len(samples) > 1 else 0.0
    print(f"targets: >= 300 articles/s in one process {'OK' if rate >= 300 else 'MISSED'} "
          f"({rate:.0f}); RSS growth over the run {growth:+.1f} MB")
    if quantulum_rate:
        ratio = rate / quantulum_rate
        print(f"quantulum3 on the first {args.quantulum} of the same articles: "
              f"{quantulum_rate:.1f} articles/s; factdesk is {ratio:.1f}x that "
              f"({'OK' if ratio >= 10 else 'MISSED'}, target >= 10x)")


@contextmanager
def _database(server: str | None, folder: str) -> Iterator[str]:
    """A fresh store URL: a new database on ``server`` (dropped afterwards), else SQLite."""
    if not server:
        yield f"sqlite:///{folder}/bench.db"
        return
    from sqlalchemy import create_engine, text

    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    name = f"factdesk_bench_{os.getpid()}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield f"{server.rsplit('/', 1)[0]}/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _quantulum_rate(folder: Path, count: int) -> float | None:
    """Articles per second quantulum3 parses (text only, nothing stored)."""
    if count <= 0:
        return None
    try:
        import warnings

        warnings.filterwarnings("ignore")
        from quantulum3 import parser
    except ImportError:
        print("quantulum3 is not installed (pip install quantulum3): no comparison")
        return None
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))[:count]]
    parser.parse("warm up with 2,500 troops")
    started = time.perf_counter()
    for text in texts:
        parser.parse(text)
    return len(texts) / (time.perf_counter() - started)


if __name__ == "__main__":
    main()
