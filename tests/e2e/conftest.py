"""A real factdesk server on 127.0.0.1 and a fake Slack Web API beside it."""

from __future__ import annotations

import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
import uvicorn

from bot.app import create_app
from bot.fake_slack import FakeSlack
from bot.settings import Settings
from bot.slack_requests import sign
from bot.web import create_web_app
from knowledge.db import make_engine
from knowledge.store import FactStore

SECRET = "e2e-signing-secret-0123456789abcdef"


@pytest.fixture(scope="module")
def server(seed_db: str) -> Iterator[Server]:
    with running_server(seed_db) as running:
        yield running


@dataclass
class Reply:
    status: int
    body: str


@dataclass
class Server:
    url: str
    slack: FakeSlack

    def post(self, body: str, headers: dict[str, str]) -> Reply:
        request = urllib.request.Request(f"{self.url}/slack/events", data=body.encode(),
                                         headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return Reply(response.status, response.read().decode())
        except urllib.error.HTTPError as error:
            return Reply(error.code, error.read().decode())

    def signed(self, body: str, *, content_type: str = "application/x-www-form-urlencoded",
               timestamp: int | None = None, retry_num: int | None = None) -> Reply:
        raw, headers = sign(SECRET, body, content_type=content_type, timestamp=timestamp,
                            retry_num=retry_num)
        return self.post(raw, headers)


@contextmanager
def running_server(db_url: str, **extra: str) -> Iterator[Server]:
    """factdesk serving on 127.0.0.1 against a fresh fake Slack, until the block ends."""
    with FakeSlack() as slack:
        settings = Settings(slack_bot_token="xoxb-e2e", slack_signing_secret=SECRET,
                            slack_api_url=slack.api_url, database_url=db_url, **extra)
        store = FactStore(make_engine(db_url))
        bolt_app = create_app(settings, store=store, sleep=lambda _s: None)
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        config = uvicorn.Config(create_web_app(bolt_app, engine=store.engine),
                                log_level="warning", access_log=False)
        uv = uvicorn.Server(config)
        thread = threading.Thread(target=uv.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        deadline = time.monotonic() + 10
        while not uv.started and time.monotonic() < deadline:
            time.sleep(0.02)
        assert uv.started
        try:
            yield Server(url=f"http://127.0.0.1:{port}", slack=slack)
        finally:
            uv.should_exit = True
            thread.join(timeout=10)
            sock.close()
