"""Nothing private in the logs: a planted question and user id, sent with a bad signature and
with a good one to a running `factdesk serve`, appear in no log line."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from pathlib import Path

from bot.fake_slack import FakeSlack
from bot.slack_requests import event_body, sign, slash_command_body
from tests.deploying import Running, factdesk, fresh_database, operator_env

SECRET = "privacy-signing-secret-0123456789"
QUESTION = "how many rockets hit the planted-question-7Q3X?"
USER = "U0PLANTED9"


def _post(address: str, raw: str, headers: dict[str, str]) -> int:
    request = urllib.request.Request(f"{address}/slack/events", data=raw.encode(),
                                     headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_no_question_text_or_user_id_in_any_log_line(tmp_path: Path) -> None:
    with fresh_database(tmp_path) as url, FakeSlack() as slack:
        env = operator_env(url, SLACK_BOT_TOKEN="xoxb-private", SLACK_SIGNING_SECRET=SECRET,
                           SLACK_API_URL=slack.api_url, HOST="127.0.0.1", PORT="0")
        assert factdesk(env, "init", cwd=tmp_path).returncode == 0
        web = Running("factdesk serve", env, tmp_path)
        try:
            address = web.wait_for(r"listening on (http://\S+)").group(1)
            command = slash_command_body("/facts", QUESTION, user_id=USER,
                                         response_url=slack.response_url())
            mention = event_body({"type": "app_mention", "user": USER, "channel": "C0NEWS",
                                  "text": f"<@UFACTDESK> {QUESTION}", "ts": "1.000100",
                                  "event_ts": "1.000100"})
            for body, kind in ((command, "application/x-www-form-urlencoded"),
                               (mention, "application/json")):
                raw, headers = sign("a-wrong-secret-entirely", body, content_type=kind)
                assert _post(address, raw, headers) == 401
                stale, headers = sign(SECRET, body, content_type=kind,
                                      timestamp=int(time.time()) - 3600)
                assert _post(address, stale, headers) == 401
                raw, headers = sign(SECRET, body, content_type=kind)
                assert _post(address, raw, headers) == 200
            slack.wait_for("chat.postMessage")
            time.sleep(0.3)
        finally:
            logs = web.stop()
    lines = logs.splitlines()
    assert sum('"status": 401' in line for line in lines) == 4, logs
    assert any("invalid or stale signature" in line for line in lines), logs
    for line in lines:
        assert "planted-question" not in line and USER not in line, line
        assert "xoxb-private" not in line and SECRET not in line, line
    requests = [json.loads(line) for line in lines if line.startswith("{")]
    assert {r["what"] for r in requests} == {"/facts", "app_mention"}
