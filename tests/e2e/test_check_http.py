"""Check figures over real HTTP: /factcheck in the acknowledgement, and the message shortcut
answered privately in the message's thread."""

from __future__ import annotations

import json

from bot.slack_requests import message_shortcut_body, slash_command_body
from tests.e2e.conftest import Server
from tests.e2e.test_slack_http import _texts

DRAFT = "Some 2,000 US troops remain in Iraq, and <!channel> six rockets hit Erbil airport."


def test_factcheck_replies_privately_with_a_verdict_per_figure(server: Server) -> None:
    reply = server.signed(slash_command_body("/factcheck", DRAFT,
                                             response_url=server.slack.response_url()))
    assert reply.status == 200
    message = json.loads(reply.body)
    assert message["response_type"] == "ephemeral"
    text = _texts(message["blocks"])
    # Checked as of today, long after the story: the newest levels still disagree.
    assert "“Some 2,000 US troops” — *sources differ*" in text
    assert "“six rockets” — *not in the store*" in text
    assert "The New Arab" in text
    assert "<!channel>" not in text


def test_factcheck_with_nothing_to_check(server: Server) -> None:
    message = json.loads(server.signed(slash_command_body(
        "/factcheck", "", response_url=server.slack.response_url())).body)
    assert "no text to check" in _texts(message["blocks"])


def test_check_figures_shortcut_answers_in_the_thread_for_the_asker(server: Server) -> None:
    before = len(server.slack.of("chat.postEphemeral"))
    message = {"ts": "1610280000.000300", "thread_ts": "1610270000.000100",
               "text": "About 3,000 US troops remain in Iraq &amp; more."}
    reply = server.signed(message_shortcut_body("check_figures", message, user_id="U0EDITOR"))
    assert reply.status == 200
    [call] = server.slack.wait_for("chat.postEphemeral", count=before + 1)[before:]
    payload = call.payload
    assert payload["user"] == "U0EDITOR" and payload["channel"] == "C0NEWS"
    assert payload["thread_ts"] == "1610270000.000100"
    blocks = payload["blocks"] if isinstance(payload["blocks"], list) else json.loads(
        payload["blocks"])
    text = _texts(blocks)
    # The message was posted on 10 Jan 2021: the September 2020 level is out of date.
    assert "(as of 2021-01-10)" in text
    assert "“About 3,000 US troops” — *out of date*" in text
