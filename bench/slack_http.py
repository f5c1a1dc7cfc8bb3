"""Signed /troops requests over loopback HTTP against factdesk and a bare Bolt app.

    python -m bench.slack_http [--requests 2000] [--clients 20]

Both servers run the same stack (uvicorn, Starlette, Bolt with process_before_response)
in their own process; the bare app's handler only acks a constant. Goal: factdesk's p99
within 1.5x of the bare app's, and no request near Slack's 3-second limit.
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing as mp
import statistics
import tempfile
import threading
import time
from pathlib import Path

from bench.timing import percentile

SECRET = "bench-signing-secret"
ROOT = Path(__file__).resolve().parent.parent


def _serve(kind: str, db_url: str, ready: mp.Queue, stop: mp.Event,  # type: ignore[type-arg]
           cache_size: int = 512) -> None:
    import logging
    import socket

    import uvicorn
    from slack_bolt import App
    from slack_sdk import WebClient

    from bot.app import create_app
    from bot.fake_slack import FakeSlack
    from bot.settings import Settings
    from bot.web import create_web_app
    from knowledge.db import make_engine
    from knowledge.store import FactStore

    logging.disable(logging.WARNING)
    with FakeSlack() as slack:
        if kind == "factdesk":
            settings = Settings(slack_bot_token="xoxb-bench", slack_signing_secret=SECRET,
                                slack_api_url=slack.api_url, database_url=db_url)
            store = FactStore(make_engine(db_url), cache_size=cache_size)
            bolt_app = create_app(settings, store=store)
        else:
            bolt_app = App(signing_secret=SECRET, process_before_response=True,
                           client=WebClient(token="xoxb-bench", base_url=slack.api_url))
            bolt_app.command("/troops")(lambda ack: ack("ok"))
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        server = uvicorn.Server(uvicorn.Config(create_web_app(bolt_app), log_level="warning",
                                               access_log=False))
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.02)
        ready.put(sock.getsockname()[1])
        stop.wait()
        server.should_exit = True
        thread.join(timeout=10)


def _load(port: int, total: int, clients: int) -> tuple[list[float], int]:
    from bot.slack_requests import sign, slash_command_body

    bodies = [sign(SECRET, slash_command_body("/troops", "", response_url="http://127.0.0.1:9/r"))
              for _ in range(64)]
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    per_client = total // clients

    def client(index: int) -> None:
        nonlocal errors
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine = []
        for i in range(per_client):
            body, headers = bodies[(index + i) % len(bodies)]
            started = time.perf_counter()
            connection.request("POST", "/slack/events", body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            mine.append((time.perf_counter() - started) * 1000)
            if response.status != 200:
                with lock:
                    errors += 1
        connection.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors


def _run(kind: str, db_url: str, total: int, clients: int, cache_size: int = 512
         ) -> tuple[float, float]:
    context = mp.get_context("spawn")
    ready: mp.Queue = context.Queue()  # type: ignore[type-arg]
    stop = context.Event()
    process = context.Process(target=_serve, args=(kind, db_url, ready, stop, cache_size),
                              daemon=True)
    process.start()
    port = ready.get(timeout=60)
    _load(port, 200, clients)  # warm-up
    started = time.perf_counter()
    latencies, errors = _load(port, total, clients)
    elapsed = time.perf_counter() - started
    stop.set()
    process.join(timeout=15)
    p50, p99 = statistics.median(latencies), percentile(latencies, 99)
    label = kind if cache_size else f"{kind} (answer cache off)"
    print(f"{label:<32} {len(latencies)} requests, {clients} clients: {len(latencies) / elapsed:7.0f} "
          f"req/s  p50={p50:7.2f} ms  p99={p99:7.2f} ms  max={max(latencies):7.2f} ms  "
          f"errors={errors}")
    return p50, p99


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=20)
    args = parser.parse_args()

    from knowledge.db import make_engine
    from knowledge.pack import DEFAULT_PACK_DIR, init_store

    with tempfile.TemporaryDirectory() as folder:
        db_url = f"sqlite:///{folder}/bench.db"
        init_store(make_engine(db_url), pack_dir=DEFAULT_PACK_DIR, seeds_dir=ROOT / "seeds")
        _, bare_p99 = _run("bare-bolt", db_url, args.requests, args.clients)
        _, ours_p99 = _run("factdesk", db_url, args.requests, args.clients)
        _, cold_p99 = _run("factdesk", db_url, args.requests, args.clients, cache_size=0)
    ratio = ours_p99 / bare_p99
    print(f"p99 ratio factdesk / bare Bolt: {ratio:.2f} (goal <= 1.5) "
          f"{'OK' if ratio <= 1.5 else 'MISSED'}; with the answer cache off: "
          f"{cold_p99 / bare_p99:.2f}")


if __name__ == "__main__":
    main()
