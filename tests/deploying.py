"""Helpers for tests that deploy factdesk as an operator would: real processes, a fresh
store (SQLite, or PostgreSQL addressed as ``postgres://`` the way platforms set it), and the
stand-in Slack Web API on 127.0.0.1."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.conftest import BACKEND, ROOT, _drop_pg_database, _new_pg_database

VENV_BIN = Path(sys.executable).parent
FACTDESK = shutil.which("factdesk", path=str(VENV_BIN)) or "factdesk"
LISTENING = re.compile(r"listening on (http://[^\s]+)")


@contextmanager
def fresh_database(tmp_path: Path) -> Iterator[str]:
    """An empty store's DATABASE_URL, as a hosting platform would write it."""
    if BACKEND == "postgresql":
        url = _new_pg_database()
        try:
            yield url.replace("postgresql+psycopg://", "postgres://", 1)
        finally:
            _drop_pg_database(url)
        return
    yield f"sqlite:///{tmp_path / 'var' / 'factdesk.db'}"


def operator_env(database_url: str, **extra: str) -> dict[str, str]:
    """The environment of a deployed process: no factdesk or Slack settings from the machine."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SLACK_", "FACTDESK_")) and k not in {"DATABASE_URL", "PORT",
                                                                      "WEB_CONCURRENCY"}}
    env["PATH"] = f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}"
    env["DATABASE_URL"] = database_url
    env["FACTDESK_START_TIMEOUT"] = "1"
    env.update(extra)
    return env


def factdesk(env: dict[str, str], *args: str, cwd: Path, timeout: float = 60,
             program: str = FACTDESK) -> subprocess.CompletedProcess:
    """Run one factdesk command to its end."""
    return subprocess.run([program, *args], env=env, cwd=cwd, capture_output=True, text=True,
                          timeout=timeout)


class Running:
    """A long-running factdesk process whose output (standard error included) is read by a
    thread as it comes."""

    def __init__(self, command: str, env: dict[str, str], cwd: Path) -> None:
        import queue
        import threading

        self.process = subprocess.Popen(command, shell=True, env=env, cwd=cwd, text=True,
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        self.lines: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()

        def pump() -> None:
            assert self.process.stdout is not None
            for line in self.process.stdout:
                self._queue.put(line.rstrip("\n"))
            self._queue.put(None)

        self._reader = threading.Thread(target=pump, daemon=True)
        self._reader.start()

    def wait_for(self, pattern: str, timeout: float = 30) -> re.Match[str]:
        """Read output until a line matches ``pattern``; fail with what was read."""
        import queue

        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self._queue.get(timeout=left)
            except queue.Empty:
                break
            if line is None:
                break
            self.lines.append(line)
            found = re.search(pattern, line)
            if found:
                return found
        raise AssertionError(f"no line matching {pattern!r}; output:\n" + "\n".join(self.lines))

    def stop(self) -> str:
        """Stop the process (and its workers) and return everything it wrote."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self._reader.join(timeout=5)
        while not self._queue.empty():
            line = self._queue.get()
            if line is not None:
                self.lines.append(line)
        return "\n".join(self.lines)


def procfile() -> dict[str, str]:
    """The Procfile's process types and their commands."""
    out = {}
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, command = line.partition(":")
            out[name.strip()] = command.strip()
    return out


def get(url: str) -> tuple[int, str]:
    """A GET on loopback: status and body."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
