"""Signed /troops requests over loopback HTTP to `factdesk serve` and to a bare Bolt app.

    python -m bench.slack_http [--requests 4000] [--clients 20] [--processes 2]

factdesk runs as `factdesk serve` (one worker, logging every request as in production; with
the answer cache off, the same app in a plain uvicorn process); the
bare app runs on the same stack (uvicorn, Starlette, Bolt with process_before_response, the
same listening socket) and its handler only acks a constant. Both are driven by the light
client of ``bench.http_load``: keep-alive connections from several processes, pre-signed
requests. Goal: factdesk's p99 within 1.5x of the bare app's in the same run, and no
request near Slack's 3-second limit.
"""

from __future__ import annotations

import argparse
import http.client
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.http_load import SECRET, Result, load, serving, signed_commands
from bench.timing import percentile

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def _factdesk_serve(db_url: str) -> Iterator[int]:
    """`factdesk serve` on a free port, against a fake Slack for its start-up auth.test."""
    from bot.fake_slack import FakeSlack

    port = _free_port()
    with FakeSlack() as slack:
        env = {**os.environ, "DATABASE_URL": db_url, "SLACK_BOT_TOKEN": "xoxb-bench",
               "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": slack.api_url,
               "WEB_CONCURRENCY": "1"}
        env.pop("SLACK_APP_TOKEN", None)
        server = subprocess.Popen(
            [str(Path(sys.executable).parent / "factdesk"), "serve", "--host", "127.0.0.1",
             "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.perf_counter() + 60
            while time.perf_counter() < deadline:
                try:
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                    connection.request("GET", "/healthz")
                    if connection.getresponse().status == 200:
                        break
                except OSError:
                    time.sleep(0.05)
            else:
                raise SystemExit("factdesk serve was not healthy within 60 s")
            yield port
        finally:
            server.terminate()
            server.wait(timeout=20)


def _measure(label: str, port: int, requests: list[bytes], total: int, clients: int,
             processes: int) -> Result:
    load(port, requests, connections=clients, processes=processes, total=max(400, total // 5))
    result = load(port, requests, connections=clients, processes=processes, total=total)
    times = result.latencies
    print(f"{label:<34} {len(times)} requests, {clients} clients: "
          f"{len(times) / result.seconds:6.0f} req/s  p50={statistics.median(times):6.2f} ms  "
          f"p99={percentile(times, 99):6.2f} ms  max={max(times):7.2f} ms  "
          f"errors={result.errors}")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--processes", type=int, default=2, help="client processes")
    args = parser.parse_args()

    from knowledge.db import make_engine
    from knowledge.pack import DEFAULT_PACK_DIR, init_store

    requests = signed_commands([("/troops", "")], copies=64)
    shape = (args.requests, args.clients, args.processes)
    with tempfile.TemporaryDirectory() as folder:
        db_url = f"sqlite:///{folder}/bench.db"
        init_store(make_engine(db_url), pack_dir=DEFAULT_PACK_DIR, seeds_dir=ROOT / "seeds")
        with serving("bare-bolt", db_url) as port:
            bare = _measure("bare Bolt app", port, requests, *shape)
        with _factdesk_serve(db_url) as port:
            ours = _measure("factdesk serve", port, requests, *shape)
        with serving("factdesk", db_url, cache_size=0) as port:  # the same app, in-process
            cold = _measure("factdesk (answer cache off)", port, requests, *shape)
    bare_p99 = percentile(bare.latencies, 99)
    ratio = percentile(ours.latencies, 99) / bare_p99
    print(f"p99 ratio factdesk / bare Bolt: {ratio:.2f} (goal <= 1.5) "
          f"{'OK' if ratio <= 1.5 else 'MISSED'}; with the answer cache off: "
          f"{percentile(cold.latencies, 99) / bare_p99:.2f}")


if __name__ == "__main__":
    main()
