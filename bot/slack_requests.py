"""Requests built exactly as Slack sends them, and signed the way Slack signs them.

Used by the local console and by tests and benchmarks to drive the real app.
"""

from __future__ import annotations

import itertools
import json
import time
from typing import Any
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

__all__ = [
    "SignedRequest", "action_body", "event_body", "message_shortcut_body", "sign",
    "slash_command_body",
    "view_submission_body",
]

_counter = itertools.count(1)
SignedRequest = tuple[str, dict[str, str]]


def sign(secret: str, body: str, *, timestamp: int | None = None,
         content_type: str = "application/x-www-form-urlencoded",
         retry_num: int | None = None) -> SignedRequest:
    """Body and headers with X-Slack-Signature and X-Slack-Request-Timestamp."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=stamp, body=body)
    headers = {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": signature,
    }
    if retry_num is not None:
        headers["X-Slack-Retry-Num"] = str(retry_num)
        headers["X-Slack-Retry-Reason"] = "http_timeout"
    return body, headers


def slash_command_body(command: str, text: str, *, response_url: str, user_id: str = "U0REPORT",
                       channel_id: str = "C0NEWS", team_id: str = "T0NEWS") -> str:
    """A form-encoded slash command, with the fields Slack sends."""
    return urlencode({
        "token": "deprecated-verification-token",
        "team_id": team_id,
        "team_domain": "newsroom",
        "channel_id": channel_id,
        "channel_name": "newsdesk",
        "user_id": user_id,
        "user_name": "reporter",
        "command": command,
        "text": text,
        "api_app_id": "A0FACTDESK",
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": f"{next(_counter)}.trigger",
    })


def event_body(event: dict[str, Any], *, event_id: str | None = None,
               team_id: str = "T0NEWS") -> str:
    """A JSON event_callback envelope around ``event``."""
    return json.dumps({
        "token": "deprecated-verification-token",
        "team_id": team_id,
        "api_app_id": "A0FACTDESK",
        "event": event,
        "type": "event_callback",
        "event_id": event_id or f"Ev{next(_counter):010d}",
        "event_time": int(time.time()),
        "authorizations": [{"enterprise_id": None, "team_id": team_id, "user_id": "UFACTDESK",
                            "is_bot": True, "is_enterprise_install": False}],
        "is_ext_shared_channel": False,
    })


def action_body(action_id: str, value: str, *, response_url: str | None,
                user_id: str = "U0REPORT", channel_id: str = "C0NEWS", team_id: str = "T0NEWS",
                message_ts: str = "1600000000.000100", ephemeral: bool = True) -> str:
    """A form-encoded ``payload=`` block_actions request (button on an ephemeral message)."""
    payload = {
        "type": "block_actions",
        "user": {"id": user_id, "username": "reporter", "team_id": team_id},
        "api_app_id": "A0FACTDESK",
        "token": "deprecated-verification-token",
        "container": {"type": "message", "message_ts": message_ts,
                      "channel_id": channel_id, "is_ephemeral": ephemeral},
        "trigger_id": f"{next(_counter)}.trigger",
        "team": {"id": team_id, "domain": "newsroom"},
        "channel": {"id": channel_id, "name": "newsdesk"},
        "actions": [{"action_id": action_id, "block_id": "share", "value": value,
                     "type": "button", "action_ts": f"{time.time():.6f}",
                     "text": {"type": "plain_text", "text": "Share in channel"}}],
    }
    if response_url:
        payload["response_url"] = response_url
    return urlencode({"payload": json.dumps(payload)})


def message_shortcut_body(callback_id: str, message: dict[str, Any], *,
                          response_url: str | None = None, user_id: str = "U0REPORT",
                          channel_id: str = "C0NEWS", team_id: str = "T0NEWS") -> str:
    """A form-encoded ``payload=`` message_action (a shortcut chosen on a message)."""
    payload = {
        "type": "message_action",
        "callback_id": callback_id,
        "trigger_id": f"{next(_counter)}.trigger",
        "message_ts": message.get("ts"),
        "team": {"id": team_id, "domain": "newsroom"},
        "user": {"id": user_id, "username": "reporter", "team_id": team_id},
        "channel": {"id": channel_id, "name": "newsdesk"},
        "message": {"type": "message", "user": "U0WRITER", **message},
        "api_app_id": "A0FACTDESK",
        "token": "deprecated-verification-token",
    }
    if response_url:
        payload["response_url"] = response_url
    return urlencode({"payload": json.dumps(payload)})


def view_submission_body(callback_id: str, values: dict[str, dict[str, Any]], *,
                         private_metadata: str = "", user_id: str = "U0REPORT",
                         team_id: str = "T0NEWS") -> str:
    """A form-encoded ``payload=`` view_submission for a modal."""
    payload = {
        "type": "view_submission",
        "team": {"id": team_id, "domain": "newsroom"},
        "user": {"id": user_id, "username": "editor", "team_id": team_id},
        "api_app_id": "A0FACTDESK",
        "token": "deprecated-verification-token",
        "trigger_id": f"{next(_counter)}.trigger",
        "view": {"id": "V0MODAL", "type": "modal", "callback_id": callback_id,
                 "private_metadata": private_metadata, "team_id": team_id,
                 "state": {"values": values}, "hash": "1.x"},
    }
    return urlencode({"payload": json.dumps(payload)})
