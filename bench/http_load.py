"""A load client light enough not to be the bottleneck, and servers to point it at.

The client sends pre-signed requests as raw bytes over keep-alive connections, from one or
more processes, each an asyncio loop driving its share of the connections: per request it
costs a few tens of microseconds, against the ~1 ms an ``http.client`` thread costs under
the GIL. ``serving`` runs factdesk or a bare Bolt app (uvicorn, Starlette, Bolt with
process_before_response) in a process of its own.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing as mp
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

__all__ = ["Result", "load", "serving", "signed_commands"]

SECRET = "bench-signing-secret"
#: A reply with one of these is an error even with HTTP 200 (an apology, a refusal).
ERROR_MARKS = (b"unavailable right now", b"could not answer")


@dataclass
class Result:
    """Latencies (ms) of the requests sent, and how many failed."""

    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0

    def extend(self, other: Result) -> None:
        self.latencies.extend(other.latencies)
        self.errors += other.errors
        self.seconds = max(self.seconds, other.seconds)


def signed_commands(questions: Sequence[tuple[str, str]], *, copies: int = 8,
                    secret: str = SECRET) -> list[bytes]:
    """Whole HTTP requests (headers and body) for slash commands, signed now (valid 5 min)."""
    from bot.slack_requests import sign, slash_command_body

    out = []
    for i in range(copies):
        for command, text in questions:
            body, headers = sign(secret, slash_command_body(
                command, text, response_url="http://127.0.0.1:9/r", user_id=f"U0R{i}"))
            raw = body.encode()
            head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
            out.append((f"POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\n{head}"
                        f"Content-Length: {len(raw)}\r\n\r\n").encode() + raw)
    return out


async def _connection(port: int, requests: Sequence[bytes], offset: int, count: int | None,
                      deadline: float | None, pause: float, result: Result) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    i = offset
    try:
        while (count is None or i - offset < count) and (deadline is None or
                                                         time.perf_counter() < deadline):
            request = requests[i % len(requests)]
            i += 1
            started = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line[:15].lower() == b"content-length:":
                    length = int(line[15:])
            body = await reader.readexactly(length) if length else b""
            result.latencies.append((time.perf_counter() - started) * 1000)
            if not head.startswith(b"HTTP/1.1 200") or any(m in body for m in ERROR_MARKS):
                result.errors += 1
            if pause:
                await asyncio.sleep(pause)
    finally:
        writer.close()


def _client(port: int, requests: Sequence[bytes], connections: int, per_connection: int | None,
            seconds: float | None, pause: float, first: int, out: mp.Queue) -> None:  # type: ignore[type-arg]
    async def run() -> Result:
        result = Result()
        deadline = time.perf_counter() + seconds if seconds else None
        started = time.perf_counter()
        await asyncio.gather(*(
            _connection(port, requests, (first + c) * 7, per_connection, deadline, pause, result)
            for c in range(connections)))
        result.seconds = time.perf_counter() - started
        return result

    out.put(asyncio.run(run()))


def load(port: int, requests: Sequence[bytes], *, connections: int = 20, processes: int = 2,
         total: int | None = None, seconds: float | None = None, pause: float = 0.0) -> Result:
    """Send ``requests`` round-robin over ``connections`` keep-alive connections spread over
    ``processes`` client processes, ``total`` requests in all or for ``seconds``."""
    context = mp.get_context("fork")
    queue: mp.Queue = context.Queue()  # type: ignore[type-arg]
    shares = [connections // processes + (1 if p < connections % processes else 0)
              for p in range(processes)]
    per_connection = None if total is None else max(1, total // connections)
    workers = []
    first = 0
    for share in shares:
        if share:
            workers.append(context.Process(target=_client, args=(
                port, requests, share, per_connection, seconds, pause, first, queue)))
            first += share
    for worker in workers:
        worker.start()
    result = Result()
    for _ in workers:
        result.extend(queue.get())
    for worker in workers:
        worker.join()
    return result


def _serve(kind: str, db_url: str, ready: mp.Queue, stop: mp.Event,  # type: ignore[type-arg]
           cache_size: int, intake_delay: float | None) -> None:
    import logging

    import uvicorn
    from slack_bolt import App
    from slack_sdk import WebClient

    from bot.app import create_app
    from bot.fake_slack import FakeSlack
    from bot.settings import Settings
    from bot.web import create_web_app, listen
    from knowledge.db import make_engine
    from knowledge.store import FactStore

    logging.disable(logging.WARNING)
    with FakeSlack() as slack:
        engine = None
        if kind == "factdesk":
            settings = Settings(slack_bot_token="xoxb-bench", slack_signing_secret=SECRET,
                                slack_api_url=slack.api_url, database_url=db_url)
            store = FactStore(make_engine(db_url), cache_size=cache_size)
            if intake_delay is not None:
                store.intake_delay = intake_delay
            bolt_app = create_app(settings, store=store)
            engine = store.engine
        else:
            bolt_app = App(signing_secret=SECRET, process_before_response=True,
                           client=WebClient(token="xoxb-bench", base_url=slack.api_url))
            bolt_app.command("/troops")(lambda ack: ack("ok"))
        sock = listen("127.0.0.1", 0)  # the socket `factdesk serve` listens on, for both
        server = uvicorn.Server(uvicorn.Config(create_web_app(bolt_app, engine=engine),
                                               log_level="warning", access_log=False))
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.02)
        ready.put(sock.getsockname()[1])
        stop.wait()
        server.should_exit = True
        thread.join(timeout=10)


@contextlib.contextmanager
def serving(kind: str, db_url: str, *, cache_size: int = 512,
            intake_delay: float | None = None) -> Iterator[int]:
    """Run ``kind`` ("factdesk" or "bare-bolt") on a free loopback port; yield the port."""
    context = mp.get_context("spawn")
    ready: mp.Queue = context.Queue()  # type: ignore[type-arg]
    stop = context.Event()
    process = context.Process(target=_serve, args=(kind, db_url, ready, stop, cache_size,
                                                    intake_delay),
                              daemon=True)
    process.start()
    try:
        yield ready.get(timeout=120)
    finally:
        stop.set()
        process.join(timeout=15)
        if process.is_alive():
            process.terminate()
