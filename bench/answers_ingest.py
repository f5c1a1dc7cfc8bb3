"""Answers while an ingest runs: signed slash commands to factdesk during a 3,000-article ingest.

    python -m bench.answers_ingest [--articles 3000] [--connections 4] [--pause 0.02]

factdesk serves a fresh SQLite store (the pack and its seeds) in its own process; `factdesk
ingest` takes in made-up wire articles in another, committing batch by batch, while a light
client asks the topic commands and free questions over keep-alive connections. The same
client runs for a few seconds before the ingest starts: the baseline of this run
(``--intake-delay 0`` renews the server's caches on every ingest commit, for comparison). Target:
p99 <= 200 ms with no errors (an HTTP error, a refusal or an apology) while the ingest runs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.articles import write_articles
from bench.http_load import load, serving, signed_commands
from bench.timing import percentile

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = [
    ("/troops", ""), ("/attacks", ""), ("/casualties", ""), ("/sanctions", ""),
    ("/troops", "as of 2020-10-01"), ("/troops", "kadhimi"),
    ("/facts", "how many rockets hit Erbil?"),
    ("/facts", "how many US troops were there before the drawdown?"),
    ("/facts", "how many attacks since Kadhimi visited the White House?"),
    ("/facts", "how many people died in the Baghdad airport rocket attack?"),
]


def _line(label: str, result, seconds: float) -> str:  # noqa: ANN001
    times = result.latencies
    return (f"{label:<34} {len(times):>6} answers ({len(times) / seconds:5.0f}/s): "
            f"p50={statistics.median(times):7.2f} ms  p99={percentile(times, 99):7.2f} ms  "
            f"max={max(times):7.2f} ms  errors={result.errors}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--pause", type=float, default=0.02,
                        help="seconds each connection waits between answers")
    parser.add_argument("--baseline", type=float, default=5.0, metavar="SECONDS")
    parser.add_argument("--intake-delay", type=float, default=None, metavar="SECONDS",
                        help="the server's FactStore.intake_delay (0: caches renewed on "
                             "every ingest commit)")
    args = parser.parse_args()

    from knowledge.db import make_engine
    from knowledge.pack import DEFAULT_PACK_DIR, init_store

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_articles(root / "in", args.articles)
        db_url = f"sqlite:///{root}/store.db"
        init_store(make_engine(db_url), pack_dir=DEFAULT_PACK_DIR, seeds_dir=ROOT / "seeds")
        requests = signed_commands(QUESTIONS)
        with serving("factdesk", db_url, intake_delay=args.intake_delay) as port:
            load(port, requests, connections=args.connections, processes=1, seconds=1.0,
                 pause=args.pause)  # warm-up
            quiet = load(port, requests, connections=args.connections, processes=1,
                         seconds=args.baseline, pause=args.pause)
            env = {**os.environ, "DATABASE_URL": db_url, "FACTDESK_LOG_LEVEL": "warning"}
            started = time.perf_counter()
            ingest = subprocess.Popen(
                [str(Path(sys.executable).parent / "factdesk"), "ingest", str(root / "in")],
                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            busy = None
            while ingest.poll() is None:
                part = load(port, requests, connections=args.connections, processes=1,
                            seconds=2.0, pause=args.pause)
                if busy is None:
                    busy = part
                else:
                    busy.extend(part)
                    busy.seconds += part.seconds
            ingest_seconds = time.perf_counter() - started
            failed = ingest.returncode != 0
            stderr = ingest.stderr.read() if ingest.stderr else ""
    assert busy is not None
    print(_line("before the ingest (baseline)", quiet, quiet.seconds))
    print(_line(f"during the ingest ({ingest_seconds:.0f} s)", busy, busy.seconds))
    if failed:
        print(f"the ingest failed: {stderr.strip()[-300:]}")
    p99 = percentile(busy.latencies, 99)
    ok = p99 <= 200 and busy.errors == 0
    print(f"target: during a {args.articles:,}-article ingest p99 <= 200 ms with 0 errors: "
          f"p99 {p99:.0f} ms, {busy.errors} errors {'OK' if ok else 'MISSED'}")


if __name__ == "__main__":
    main()
