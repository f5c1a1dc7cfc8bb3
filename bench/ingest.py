"""Ingest throughput: a backfill of made-up articles into a fresh store, memory sampled.

    python -m bench.ingest [--articles 10000] [--workers N] [--quantulum N] [--postgres URL]
                           [--runs N]

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
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.articles import write_articles
from bench.synthetic import pack_only_store
from knowledge.ingest import Ingester, ItemResult, read_paths
from knowledge.native import status


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
    parser.add_argument("--runs", type=int, default=1,
                        help="ingest other articles into a fresh store and time quantulum3 on "
                             "them this many times, and report the medians (on a busy machine "
                             "one run says little)")
    args = parser.parse_args()
    build, stale = status()
    print(f"modules that read copy: {build}" + (f" ({', '.join(stale)} out of date: make compile)"
                                                if stale else "")
          + ("" if build == "compiled" else "; `make compile` builds them with mypyc"))
    rates: list[float] = []
    quantulum_rates: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for run in range(args.runs):
            articles = write_articles(root / f"in{run}", args.articles, seed=3 + run)
            rate, samples = _ingest_run(args, root, articles, first=run == 0)
            rates.append(rate)
            if run == 0:
                first_samples = samples
            quantulum_rate = _quantulum_rate(articles, args.quantulum)
            if quantulum_rate:
                quantulum_rates.append(quantulum_rate)
            if args.runs > 1:
                print(f"  run {run + 1}: {rate:.0f} articles/s"
                      + (f", quantulum3 {quantulum_rate:.1f} articles/s ({rate / quantulum_rate:.1f}x)"
                         if quantulum_rate else ""))
    rate = statistics.median(rates)
    samples = first_samples
    growth = samples[-1][2] - samples[0][2] if len(samples) > 1 else 0.0
    runs = f", median of {args.runs} runs" if args.runs > 1 else ""
    # The targets are for one process; a run with extraction processes is reported, not judged.
    alone = args.workers == 1

    def judged(ok: bool) -> str:
        return ("OK" if ok else "MISSED") if alone else \
            f"not judged: {args.workers} extraction processes, the target is for one"

    print(f"targets: >= 300 articles/s in one process {judged(rate >= 300)} "
          f"({rate:.0f}{runs}); RSS growth over the run {growth:+.1f} MB")
    if quantulum_rates:
        quantulum_rate = statistics.median(quantulum_rates)
        ratio = statistics.median(r / q for r, q in zip(rates, quantulum_rates, strict=True))
        which = " (medians of the runs' rates and ratios)" if runs else ""
        print(f"quantulum3 on the first {args.quantulum} of the same articles: "
              f"{quantulum_rate:.1f} articles/s; factdesk is {ratio:.1f}x that{which} "
              f"({judged(ratio >= 10)}, target >= 10x)")


def _ingest_run(args: argparse.Namespace, root: Path, articles: Path, *, first: bool
                ) -> tuple[float, list[tuple[int, float, float]]]:
    """One ingest of the articles into a fresh store: articles per second, memory samples."""
    store = root / f"store-{articles.name}"
    store.mkdir()
    with _database(args.postgres, str(store)) as url:
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

        report = ingester.ingest(read_paths([str(articles)]), progress=progress,
                                 workers=args.workers, keep_results=False)
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
        engine.dispose()
    where = "on one core" if args.workers == 1 else f"with {args.workers} extraction processes"
    where += ", PostgreSQL" if args.postgres else ", SQLite"
    if first:
        print(f"{args.articles:,} articles ingested in {elapsed:.1f} s wall ({cpu:.1f} s CPU in "
              f"the writing process): {args.articles / elapsed:.0f} articles/s {where}; "
              f"{figures:,} candidate figures; {report.count('failed')} failed")
        for count, at, rss in samples:
            print(f"  after {count:>6,} articles: {at:6.1f} s, RSS {rss:6.1f} MB")
    return args.articles / elapsed, samples


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
