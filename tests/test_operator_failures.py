"""Every failure an operator can cause or meet is one line and an exit status, never a
traceback (unless asked for with --debug)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
from pathlib import Path

import pytest

from bot.fake_slack import FakeSlack
from tests.deploying import FACTDESK, factdesk, fresh_database, operator_env

DOWN = "postgres://factdesk:secret-pw@127.0.0.1:1/factdesk"  # nothing listens on port 1
SLACK = {"SLACK_BOT_TOKEN": "xoxb-ops", "SLACK_SIGNING_SECRET": "ops-signing-secret"}


def _final_line(out: subprocess.CompletedProcess) -> str:
    assert "Traceback" not in out.stderr + out.stdout, out.stderr
    lines = [line for line in out.stderr.strip().splitlines() if "; retry " not in line]
    assert len(lines) == 1, out.stderr
    return lines[0]


@pytest.mark.once
@pytest.mark.parametrize("args", [("init",), ("db", "upgrade"), ("serve",), ("worker",)])
def test_database_down_is_retried_then_one_line(tmp_path: Path, args: tuple[str, ...]) -> None:
    out = factdesk(operator_env(DOWN, **SLACK), *args, cwd=tmp_path)
    assert out.returncode == 3
    line = _final_line(out)
    assert "cannot reach the database at 127.0.0.1:1/factdesk (connection refused)" in line
    assert "retry 1" in out.stderr  # the retries are logged
    assert "secret-pw" not in out.stderr


@pytest.mark.once
def test_ask_says_the_server_is_down_not_that_the_store_is_missing(tmp_path: Path) -> None:
    out = factdesk(operator_env(DOWN), "ask", "/troops", cwd=tmp_path)
    assert out.returncode == 3
    line = _final_line(out)
    assert "cannot reach the database" in line and "not set up" not in line


@pytest.mark.once
@pytest.mark.parametrize(("url", "args"), [
    ("foo://bar", ("init",)), ("foo://bar", ("ask", "/troops")), ("foo://bar", ("serve",)),
    ("foo://bar", ("doctor",)), ("mysql://u@h/db", ("init",)), ("not a url", ("init",)),
])
def test_a_database_address_we_cannot_use(tmp_path: Path, url: str, args: tuple[str, ...]
                                          ) -> None:
    out = factdesk(operator_env(url, **SLACK), *args, cwd=tmp_path)
    assert out.returncode in {1, 2}
    text = out.stdout if args == ("doctor",) else _final_line(out)
    assert "sqlite:///PATH or postgresql://USER:PASSWORD@HOST/DATABASE" in text


@pytest.mark.once
def test_a_read_only_store_folder(tmp_path: Path) -> None:
    folder = tmp_path / "var"
    folder.mkdir()
    env = operator_env(f"sqlite:///{folder / 'factdesk.db'}")
    if os.geteuid() == 0:  # root writes anywhere: make the folder a read-only mount instead
        if not shutil.which("unshare"):
            pytest.skip("needs unshare to make a read-only folder as root")
        script = f'mount --bind -o ro "{folder}" "{folder}" && exec "{FACTDESK}" init'
        out = subprocess.run(["unshare", "-m", "sh", "-c", script], env=env, cwd=tmp_path,
                             capture_output=True, text=True, timeout=60)
        if "mount:" in out.stderr or "unshare:" in out.stderr:
            pytest.skip(f"cannot make a read-only mount here: {out.stderr.strip()}")
    else:
        folder.chmod(0o555)
        out = factdesk(env, "init", cwd=tmp_path)
    assert out.returncode == 3
    line = _final_line(out)
    assert "cannot open the store" in line or "read-only" in line


def test_slack_unreachable_at_start(tmp_path: Path) -> None:
    with fresh_database(tmp_path) as url:
        env = operator_env(url, **SLACK, SLACK_API_URL="http://127.0.0.1:1/api/")
        assert factdesk(env, "init", cwd=tmp_path).returncode == 0
        out = factdesk(env, "serve", cwd=tmp_path)
    assert out.returncode == 3
    assert "cannot reach Slack at http://127.0.0.1:1/api/" in _final_line(out)
    assert "slack: auth.test failed" in out.stderr and "retry 1 of 2" in out.stderr


def test_a_token_slack_refuses(tmp_path: Path) -> None:
    with fresh_database(tmp_path) as url, FakeSlack() as slack:
        slack.refused_tokens.add("xoxb-ops")
        env = operator_env(url, **SLACK, SLACK_API_URL=slack.api_url)
        assert factdesk(env, "init", cwd=tmp_path).returncode == 0
        for args in (("serve",), ("worker",)):
            out = factdesk(env, *args, cwd=tmp_path)
            assert out.returncode == 2
            line = _final_line(out)
            assert "Slack refused the bot token (invalid_auth)" in line and "xoxb-ops" not in line


@pytest.mark.once
@pytest.mark.parametrize(("extra", "expected"), [
    ({"SLACK_SIGNING_SECRET": ""}, "SLACK_SIGNING_SECRET is not set"),
    ({"SLACK_BOT_TOKEN": "xapp-1-oops"}, "SLACK_BOT_TOKEN is an app-level token"),
    ({"SLACK_CLIENT_ID": "123.456"}, "SLACK_CLIENT_ID is set but SLACK_CLIENT_SECRET is not"),
    ({"PORT": "abc"}, "PORT 'abc'"),
    ({"FACTDESK_TIMEZONE": "Mars/Olympus"}, "FACTDESK_TIMEZONE 'Mars/Olympus' is not a time"),
])
def test_a_missing_or_contradictory_setting(tmp_path: Path, extra: dict[str, str],
                                            expected: str) -> None:
    out = factdesk(operator_env(f"sqlite:///{tmp_path / 'x.db'}", **{**SLACK, **extra}),
                   "serve", cwd=tmp_path)
    assert out.returncode == 2
    assert expected in _final_line(out)


def test_a_port_already_taken(tmp_path: Path) -> None:
    holder = socket.socket()
    holder.bind(("127.0.0.1", 0))
    holder.listen()
    port = holder.getsockname()[1]
    try:
        with fresh_database(tmp_path) as url, FakeSlack() as slack:
            env = operator_env(url, **SLACK, SLACK_API_URL=slack.api_url, HOST="127.0.0.1",
                               PORT=str(port))
            assert factdesk(env, "init", cwd=tmp_path).returncode == 0
            out = factdesk(env, "serve", cwd=tmp_path)
    finally:
        holder.close()
    assert out.returncode == 3
    assert f"cannot listen on 127.0.0.1:{port} (another process is listening there)" in \
        out.stderr.strip().splitlines()[-1]
    assert "Traceback" not in out.stderr


@pytest.mark.once
def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    env = operator_env("foo://bar")
    assert "Traceback" in factdesk(env, "--debug", "init", cwd=tmp_path).stderr
    assert "Traceback" in factdesk({**env, "FACTDESK_LOG_LEVEL": "debug"}, "init",
                                   cwd=tmp_path).stderr
    assert "Traceback" not in factdesk(env, "init", cwd=tmp_path).stderr
