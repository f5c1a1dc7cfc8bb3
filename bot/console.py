"""The local console: the real Bolt app, driven by signed requests, against a fake Slack.

Each line typed becomes what Slack would send: ``/troops`` a slash command, ``@factdesk
who is Kazemi?`` an app_mention in a thread, ``share`` a press of the last answer's Share
button, and any other line a ``/facts`` question. What Slack would show is printed.
"""

from __future__ import annotations

import html
import json
import secrets
import sys
from collections.abc import Iterable
from typing import Any, TextIO

from slack_bolt import App, BoltRequest

from bot.app import create_app
from bot.blocks import SHARE_ACTION
from bot.fake_slack import BOT_USER_ID, FakeSlack
from bot.settings import Settings
from bot.slack_requests import action_body, event_body, sign, slash_command_body
from knowledge.store import FactStore

__all__ = ["Console", "blocks_to_text", "run_console"]


def blocks_to_text(blocks: Iterable[dict[str, Any]] | None, fallback: str = "") -> str:
    """Block Kit as a terminal shows it."""
    lines: list[str] = []
    for block in blocks or []:
        kind = block.get("type")
        if kind == "header":
            lines.append(f"== {block['text']['text']} ==")
        elif kind == "section":
            lines.append(block["text"]["text"])
        elif kind == "context":
            lines.extend("    " + e.get("text", "") for e in block.get("elements", []))
        elif kind == "actions":
            lines.append("  ".join(f"[{e['text']['text']}]" for e in block.get("elements", [])))
        elif kind == "divider":
            lines.append("-" * 40)
    text = "\n".join(lines) if lines else fallback
    return html.unescape(text)


class Console:
    """One console session: a fake Slack, the app, and the last shareable question."""

    def __init__(self, store: FactStore, slack: FakeSlack) -> None:
        self.secret = secrets.token_hex(16)
        settings = Settings(slack_bot_token="xoxb-local-console",  # noqa: S106
                            slack_signing_secret=self.secret,
                            slack_api_url=slack.api_url)
        self.slack = slack
        self.app: App = create_app(settings, store=store)
        self.last_question: str | None = None
        self._ts = 1_700_000_000

    def _dispatch(self, body: str, content_type: str = "application/x-www-form-urlencoded"
                  ) -> tuple[int, str]:
        raw, headers = sign(self.secret, body, content_type=content_type)
        response = self.app.dispatch(BoltRequest(body=raw, headers=headers))
        return response.status, response.body

    def handle(self, line: str) -> str:
        """What Slack would show after ``line`` is typed."""
        line = line.strip()
        if not line:
            return ""
        if line.lower() == "share":
            return self._share()
        if line.startswith("@"):
            return self._mention(line.split(maxsplit=1)[1] if " " in line else "")
        command, _, text = line.partition(" ") if line.startswith("/") else ("/facts", "", line)
        status, body = self._dispatch(slash_command_body(
            command, text, response_url=self.slack.response_url()))
        if status != 200:
            return f"(Slack would show an error: HTTP {status})"
        message = json.loads(body) if body else {}
        if any(b.get("type") == "actions" for b in message.get("blocks") or []):
            self.last_question = f"{command} {text}".strip()
        return "(only visible to you)\n" + blocks_to_text(message.get("blocks"),
                                                          message.get("text", ""))

    def _mention(self, question: str) -> str:
        self._ts += 1
        before = len(self.slack.of("chat.postMessage"))
        event = {"type": "app_mention", "user": "U0REPORT", "channel": "C0NEWS",
                 "text": f"<@{BOT_USER_ID}> {question}", "ts": f"{self._ts}.000100",
                 "event_ts": f"{self._ts}.000100"}
        status, _ = self._dispatch(event_body(event), "application/json")
        posted = self.slack.wait_for("chat.postMessage", count=before + 1)
        if status != 200 or len(posted) <= before:
            return "(no reply was posted)"
        call = posted[-1].payload
        return (f"(in the thread of {call.get('thread_ts')})\n"
                + blocks_to_text(call.get("blocks"), call.get("text", "")))

    def _share(self) -> str:
        if not self.last_question:
            return "(nothing to share yet: ask something first)"
        before = len(self.slack.of("response_url"))
        self._dispatch(action_body(SHARE_ACTION, self.last_question,
                                   response_url=self.slack.response_url("share")))
        posted = self.slack.wait_for("response_url", count=before + 1)
        if len(posted) <= before:
            return "(nothing was shared)"
        call = posted[-1].payload
        return (f"(posted in the channel: {call.get('response_type')})\n"
                + blocks_to_text(call.get("blocks"), call.get("text", "")))


def run_console(store: FactStore, *, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout
                ) -> None:
    """Read lines until end of input, printing what Slack would show for each."""
    interactive = stdin.isatty()
    with FakeSlack() as slack:
        console = Console(store, slack)
        if interactive:
            commands = ", ".join(t.command for t in list(store.topics.values())[:3])
            stdout.write(f"factdesk console — {commands}, /actor NAME, @factdesk QUESTION, "
                         "share. Ctrl-D quits.\n")
        while True:
            if interactive:
                stdout.write("> ")
                stdout.flush()
            line = stdin.readline()
            if not line:
                break
            out = console.handle(line)
            if out:
                stdout.write(out + "\n\n")
                stdout.flush()
