"""Load: `factdesk serve --workers N` on a 1M-fact store, many clients, signed requests.

    python -m bench.load [--database URL] [--workers N] [--clients 50] [--seconds 30]
                         [--questions mixed|troops]

The light client of ``bench.http_load`` (keep-alive connections from two processes,
pre-signed requests) sends slash commands over loopback: the mixed questions below, or
`/troops` alone. The first ``--warmup`` seconds, while the workers build their indexes and
first answers, are reported apart from the measured run. Reports p50/p99/max latency,
errors, requests over 3 s, memory per worker and start-up time. Goals: no request over
3 s, p99 <= 100 ms, <= 300 MB per worker, start-up <= 3 s. Without --database it uses the
synthetic SQLite store (python -m bench.synthetic); ``--fill`` loads an empty PostgreSQL
database with it first (COPY).
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from bench.http_load import Result, load, signed_commands
from bench.synthetic import DEFAULT_PATH, generate, generate_postgres
from bench.timing import percentile
from bot.fake_slack import FakeSlack

SECRET = "load-signing-secret"
QUESTIONS = [("/troops", ""), ("/attacks", ""), ("/facts", "how many rockets hit Erbil?"),
             ("/troops", "as of 2018-06-01"), ("/casualties", "Baghdad"), ("/sanctions", "")]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _children(pid: int) -> list[int]:
    try:
        out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True)
        return [int(x) for x in out.stdout.split()]
    except OSError:
        return []


def _line(label: str, result: Result) -> str:
    times = result.latencies
    over = sum(1 for x in times if x > 3000)
    return (f"{label}: {len(times):,} requests ({len(times) / result.seconds:,.0f}/s): "
            f"p50={statistics.median(times):.1f} ms p99={percentile(times, 99):.1f} ms "
            f"max={max(times):.1f} ms; errors={result.errors}; over 3 s={over}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=os.environ.get("FACTDESK_BENCH_PG_URL"))
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2,
                        help="server worker processes (default: one per CPU)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--warmup", type=float, default=5, metavar="SECONDS")
    parser.add_argument("--questions", choices=["mixed", "troops"], default="mixed")
    parser.add_argument("--fill", action="store_true", help="fill --database with 1M facts")
    args = parser.parse_args()

    url = args.database
    if url and url.startswith("postgres") and args.fill:
        generate_postgres(url)
    if not url:
        from knowledge.db import make_engine
        from knowledge.migrate import is_current

        if not DEFAULT_PATH.exists() or not is_current(make_engine(f"sqlite:///{DEFAULT_PATH}")):
            generate(DEFAULT_PATH)
        url = f"sqlite:///{DEFAULT_PATH}"
    questions = QUESTIONS if args.questions == "mixed" else [("/troops", "")]
    requests = signed_commands(questions, copies=max(1, 64 // len(questions)), secret=SECRET)
    port = _free_port()
    with FakeSlack() as slack:
        env = {**os.environ, "DATABASE_URL": url, "SLACK_BOT_TOKEN": "xoxb-load",
               "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": slack.api_url}
        started = time.perf_counter()
        server = subprocess.Popen(
            [str(Path(sys.executable).parent / "factdesk"), "serve", "--host", "127.0.0.1",
             "--port", str(port), "--workers", str(args.workers)],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            startup = None
            while time.perf_counter() - started < 60:
                try:
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                    conn.request("GET", "/healthz")
                    if conn.getresponse().status == 200:
                        startup = time.perf_counter() - started
                        break
                except OSError:
                    time.sleep(0.05)
            if startup is None:
                print("the server did not start within 60 s")
                return
            memory: list[list[float]] = []
            sampling = True

            def sample() -> None:
                while sampling:
                    memory.append([_rss_mb(pid) for pid in _children(server.pid)] or
                                  [_rss_mb(server.pid)])
                    time.sleep(1)

            sampler = threading.Thread(target=sample, daemon=True)
            sampler.start()
            warm = load(port, requests, connections=args.clients, processes=2,
                        seconds=args.warmup)
            result = load(port, requests, connections=args.clients, processes=2,
                          seconds=args.seconds)
            sampling = False
            sampler.join()
        finally:
            server.terminate()
            server.wait(timeout=20)
    latencies = result.latencies
    over = sum(1 for x in latencies if x > 3000) + sum(1 for x in warm.latencies if x > 3000)
    peak = max((max(m) for m in memory if m), default=0.0)
    p99 = percentile(latencies, 99)
    what = "/troops" if args.questions == "troops" else f"{len(questions)} mixed questions"
    print(f"store: {url.split('@')[-1]}; {args.workers} workers; {args.clients} clients; {what}")
    print(_line(f"first {args.warmup:.0f} s after start-up", warm))
    print(_line(f"next {args.seconds:.0f} s", result))
    print(f"memory per worker (peak RSS): {peak:.0f} MB; start-up to healthy: {startup:.2f} s")
    print(f"goals: none over 3 s {'OK' if over == 0 else 'MISSED'}; p99 <= 100 ms "
          f"{'OK' if p99 <= 100 else 'MISSED'}; <= 300 MB/worker "
          f"{'OK' if peak <= 300 else 'MISSED'}; start-up <= 3 s "
          f"{'OK' if startup <= 3 else 'MISSED'}")


if __name__ == "__main__":
    main()
