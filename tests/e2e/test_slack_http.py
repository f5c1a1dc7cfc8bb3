"""End to end over real HTTP: requests signed as Slack signs them, replies checked at the fake."""

from __future__ import annotations

import json
import time
import urllib.request
from typing import Any

from bot.blocks import SHARE_ACTION
from bot.fake_slack import BOT_USER_ID
from bot.slack_requests import action_body, event_body, slash_command_body
from tests.e2e.conftest import Server


def _texts(blocks: list[dict[str, Any]]) -> str:
    out = []
    for block in blocks:
        if "text" in block:
            out.append(block["text"]["text"])
        for element in block.get("elements", []):
            if isinstance(element.get("text"), str):
                out.append(element["text"])
            elif isinstance(element.get("text"), dict):
                out.append(element["text"]["text"])
    return "\n".join(out)


def _command(server: Server, command: str, text: str = "") -> dict[str, Any]:
    reply = server.signed(slash_command_body(command, text,
                                             response_url=server.slack.response_url()))
    assert reply.status == 200, reply.body
    return json.loads(reply.body)


def _mention(server: Server, text: str, *, thread_ts: str | None = None,
             ts: str = "1601000000.000200", event_id: str | None = None,
             retry_num: int | None = None) -> Any:
    event = {"type": "app_mention", "user": "U0REPORT", "channel": "C0NEWS",
             "text": f"<@{BOT_USER_ID}> {text}", "ts": ts, "event_ts": ts}
    if thread_ts:
        event["thread_ts"] = thread_ts
    return server.signed(event_body(event, event_id=event_id), content_type="application/json",
                         retry_num=retry_num)


def test_healthz_checks_the_database(server: Server) -> None:
    with urllib.request.urlopen(f"{server.url}/healthz", timeout=5) as response:
        assert response.status == 200
        assert json.loads(response.read()) == {"ok": True, "database": "ok"}


def test_one_structured_log_line_per_request(server: Server, caplog) -> None:
    import logging

    with caplog.at_level(logging.INFO, logger="factdesk.requests"):
        _command(server, "/troops", "secret question text")
    lines = [json.loads(r.getMessage()) for r in caplog.records
             if r.name == "factdesk.requests"]
    assert lines and lines[-1]["kind"] == "command" and lines[-1]["what"] == "/troops"
    assert lines[-1]["status"] == 200 and lines[-1]["ms"] >= 0
    assert "secret question text" not in json.dumps(lines)
    assert "xoxb" not in caplog.text


def test_url_verification_is_answered(server: Server) -> None:
    body = json.dumps({"token": "x", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
                       "type": "url_verification"})
    reply = server.signed(body, content_type="application/json")
    assert reply.status == 200
    assert "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" in reply.body


def test_troops_answers_ephemeral_with_citations_and_a_share_button(server: Server) -> None:
    message = _command(server, "/troops")
    assert message["response_type"] == "ephemeral"
    text = _texts(message["blocks"])
    assert "*2,500 troops* · 15 Jan 2021" in text
    assert "Rudaw, 5 Jan 2021" in text
    assert "*around 3,000 troops* · 30 Sep 2020" in text
    assert "Sources differ" in text
    actions = [b for b in message["blocks"] if b["type"] == "actions"]
    assert actions[0]["elements"][0]["action_id"] == SHARE_ACTION
    assert len(message["blocks"]) <= 50


def test_forged_or_stale_signatures_get_401(server: Server) -> None:
    body = slash_command_body("/troops", "", response_url=server.slack.response_url())
    forged = server.post(body, {"Content-Type": "application/x-www-form-urlencoded",
                                "X-Slack-Request-Timestamp": str(int(time.time())),
                                "X-Slack-Signature": "v0=" + "0" * 64})
    assert forged.status == 401
    stale = server.signed(body, timestamp=int(time.time()) - 6 * 60)
    assert stale.status == 401
    unsigned = server.post(body, {"Content-Type": "application/x-www-form-urlencoded"})
    assert unsigned.status == 401


def test_mention_in_a_thread_is_answered_in_that_thread(server: Server) -> None:
    before = len(server.slack.of("chat.postMessage"))
    reply = _mention(server, "how many rockets hit Erbil?", thread_ts="1601000000.000100",
                     ts="1601000050.000100")
    assert reply.status == 200
    posts = server.slack.wait_for("chat.postMessage", count=before + 1)
    call = posts[before].payload
    assert call["thread_ts"] == "1601000000.000100"
    assert call["channel"] == "C0NEWS"
    assert "link_names" not in call
    assert "*6 rockets* · 30 Sep 2020 · Erbil" in _texts(call["blocks"])


def test_mention_in_the_channel_root_gets_its_own_thread(server: Server) -> None:
    before = len(server.slack.of("chat.postMessage"))
    _mention(server, "/attacks", ts="1601000060.000300")
    call = server.slack.wait_for("chat.postMessage", count=before + 1)[before].payload
    assert call["thread_ts"] == "1601000060.000300"


def test_slacks_retries_never_answer_twice(server: Server) -> None:
    before = len(server.slack.of("chat.postMessage"))
    for retry in (None, 1, 2, 3):
        reply = _mention(server, "/troops", ts="1601000070.000100", event_id="Ev0RETRY00001",
                         retry_num=retry)
        assert reply.status == 200
    server.slack.wait_for("chat.postMessage", count=before + 1)
    time.sleep(0.5)
    assert len(server.slack.of("chat.postMessage")) == before + 1


def test_markup_from_users_never_reaches_slack_unescaped(server: Server) -> None:
    before = len(server.slack.of("chat.postMessage"))
    _mention(server, "<!channel> who is <!here> Angela <@U0BOSS> <https://evil.example|Kadhimi>?",
             ts="1601000080.000100")
    call = server.slack.wait_for("chat.postMessage", count=before + 1)[before].payload
    everything = json.dumps(call)
    for bad in ("<!channel>", "<!here>", "<@U0BOSS>", "<https://evil"):
        assert bad not in everything
    message = _command(server, "/actor", "<!everyone> & <script>")
    assert "<!everyone>" not in json.dumps(message) and "<script>" not in json.dumps(message)


def test_share_in_channel_reposts_the_answer_attributed(server: Server) -> None:
    before = len(server.slack.of("chat.postMessage"))
    body = action_body(SHARE_ACTION, "/troops as of 2020-10-01",
                       response_url=server.slack.response_url("share"), user_id="U0EDITOR")
    reply = server.signed(body)
    assert reply.status == 200
    call = server.slack.wait_for("chat.postMessage", count=before + 1)[before]
    assert call.payload["channel"] == "C0NEWS" and "thread_ts" not in call.payload
    text = _texts(call.payload["blocks"])
    assert "Shared by <@U0EDITOR>" in text
    assert "*around 3,000 troops* · 30 Sep 2020" in text
    buttons = [e["action_id"] for b in call.payload["blocks"] if b["type"] == "actions"
               for e in b["elements"]]
    assert buttons == ["report_wrong"]


def test_share_where_the_bot_may_not_post_goes_through_the_response_url(server: Server) -> None:
    before = len(server.slack.of("response_url"))
    server.slack.fail_next("chat.postMessage", status=200, error="not_in_channel")
    body = action_body(SHARE_ACTION, "/troops as of 2020-10-01",
                       response_url=server.slack.response_url("share"), user_id="U0EDITOR")
    assert server.signed(body).status == 200
    call = server.slack.wait_for("response_url", count=before + 1)[before]
    assert call.path == "/response/share"
    assert call.payload["response_type"] == "in_channel"
    assert "Shared by <@U0EDITOR>" in _texts(call.payload["blocks"])


def test_app_home_shows_headlines_and_store_size(server: Server) -> None:
    before = len(server.slack.of("views.publish"))
    event = {"type": "app_home_opened", "user": "U0REPORT", "channel": "D0HOME", "tab": "home",
             "event_ts": "1601000090.000100"}
    assert server.signed(event_body(event), content_type="application/json").status == 200
    call = server.slack.wait_for("views.publish", count=before + 1)[before].payload
    assert call["user_id"] == "U0REPORT"
    view = call["view"] if isinstance(call["view"], dict) else json.loads(call["view"])
    text = _texts(view["blocks"])
    assert "*5* sources" in text and "*31* confirmed figures" in text
    assert "*/troops*" in text and "*/attacks*" in text


def test_rate_limited_posts_are_retried_after_retry_after(server: Server) -> None:
    before = len(server.slack.of("chat.postMessage"))
    server.slack.fail_next("chat.postMessage", status=429, retry_after=1)
    started = time.monotonic()
    _mention(server, "/sanctions", ts="1601000100.000100")
    posts = server.slack.wait_for("chat.postMessage", count=before + 1, timeout=10)
    assert len(posts) == before + 1
    assert len(server.slack.of("chat.postMessage!failed")) >= 1
    assert time.monotonic() - started >= 0.9
    assert "*36 persons*" in _texts(posts[-1].payload["blocks"])


def test_junk_commands_get_a_short_polite_reply(server: Server) -> None:
    junk = _command(server, "/facts", "x" * 10_000)
    assert "too long" in junk["text"] + _texts(junk.get("blocks", []))
    control = _command(server, "/troops", "\x00\x01\x1b[2J")
    assert control["response_type"] == "ephemeral"
    unknown = _command(server, "/weather", "today")
    assert "/troops" in _texts(unknown["blocks"])
