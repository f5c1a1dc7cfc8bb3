"""Several newsrooms on one deployment: OAuth installs and a fact store per workspace."""

from __future__ import annotations

import json
import re
import urllib.request
from pathlib import Path

from bot.slack_requests import slash_command_body
from knowledge.db import make_engine
from knowledge.ingest import Ingester, read_paths
from knowledge.store import FactStore
from tests.conftest import ROOT, SEEDS
from tests.e2e.conftest import Server, running_server


def _get(url: str, cookie: str | None = None) -> tuple[int, str, str | None]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode(), response.headers.get("Set-Cookie")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), None


def _install(server: Server, team: str) -> None:
    """The browser's part of an install: the install page, then Slack's redirect back."""
    status, page, cookie = _get(f"{server.url}/slack/install")
    assert status == 200 and cookie
    state = re.search(r"state=([\w-]+)", page).group(1)
    assert "client_id=123.456" in page and "scope=" in page
    status, done, _ = _get(f"{server.url}/slack/oauth_redirect?code={team.lower()}-code"
                           f"&state={state}", cookie=cookie.split(";")[0])
    assert status == 200, done


def _ask(server: Server, team: str, command: str) -> dict:
    reply = server.signed(slash_command_body(command, "", response_url=server.slack.response_url(),
                                             team_id=team))
    assert reply.status == 200
    return json.loads(reply.body) if reply.body.startswith("{") else {"text": reply.body}


def test_two_newsrooms_install_and_keep_separate_stores(store_copy, tmp_path: Path) -> None:
    template = f"sqlite:///{tmp_path}/teams/{{team}}.db"
    with running_server(str(store_copy.engine.url), slack_client_id="123.456",
                        slack_client_secret="client-secret-value",
                        factdesk_team_database_url=template, seeds_dir=str(SEEDS)) as server:
        _install(server, "T0NEWS")
        _install(server, "T0TWO")
        assert (tmp_path / "teams" / "t0two.db").exists()
        assert [c.payload.get("code") for c in server.slack.of("oauth.v2.access")] == [
            "t0news-code", "t0two-code"]
        troops = _ask(server, "T0TWO", "/troops")
        assert "*2,500 troops* · 15 Jan 2021" in json.dumps(troops["blocks"], ensure_ascii=False)
        second = FactStore(make_engine(template.format(team="t0two")))
        Ingester(second.engine, store=second).ingest(
            read_paths([str(ROOT / "tests" / "articles" / "hard_cases.txt")]))
        two = json.dumps(_ask(server, "T0TWO", "/sources")["blocks"])
        one = json.dumps(_ask(server, "T0NEWS", "/sources")["blocks"])
        assert "Rocket fire, drawdowns" in two and "Rocket fire, drawdowns" not in one
        stranger = _ask(server, "T0NOPE", "/troops")
        assert "Traceback" not in json.dumps(stranger)
        assert "*2,500 troops*" not in json.dumps(stranger, ensure_ascii=False)
