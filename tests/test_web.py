"""The request log line names what a request was, from the body Bolt parsed, never its text."""

from __future__ import annotations

from slack_bolt.request.internals import parse_body

from bot.slack_requests import action_body, event_body, slash_command_body
from bot.web import _describe


def _described(body: str, content_type: str | None = None) -> dict[str, str]:
    return _describe(body.encode(), parse_body(body, content_type))


def test_each_kind_of_request_is_named_without_its_text() -> None:
    command = slash_command_body("/troops", "a secret question", response_url="http://x/r")
    assert _described(command) == {"kind": "command", "what": "/troops"}
    action = action_body("fact_confirm", "page-c002", user_id="U0EDITOR",
                         response_url="http://x/r")
    assert _described(action) == {"kind": "block_actions", "what": "fact_confirm"}
    mention = event_body({"type": "app_mention", "text": "<@U0BOT> a secret", "user": "U0R",
                          "ts": "1.0", "channel": "C0NEWS"})
    assert _described(mention, "application/json") == {"kind": "event", "what": "app_mention"}
    assert _described('{"type": "url_verification", "challenge": "c"}') == {
        "kind": "event", "what": "url_verification"}
    assert _describe(b"not a slack request", {}) == {"kind": "unknown", "what": ""}
