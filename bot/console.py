"""The local console: the real Bolt app, driven by signed requests, against a fake Slack.

Each line typed becomes what Slack would send: ``/troops`` a slash command, ``@factdesk
who is Kazemi?`` an app_mention in a thread, ``share`` a press of the last answer's Share
button, ``confirm ID`` / ``reject ID`` an editor's press on a review card, and any other
line a ``/facts`` question. ``ingest PATH…`` takes copy in as the worker does and
``review`` posts the candidates not yet shown to the review channel; the person at the
console is the desk's editor. Everything the app posts is printed, in
order — the reply, digests, review cards, messages in threads, uploaded files (``[file:
troops.png, 1200×700]``) — once the work it does after acknowledging is done.
"""

from __future__ import annotations

import html
import json
import secrets
import sys
import threading
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TextIO

from slack_bolt import App, BoltRequest

from bot.app import create_app
from bot.blocks import CONFIRM_ACTION, REJECT_ACTION, SHARE_ACTION
from bot.digesting import post_reviews
from bot.fake_slack import BOT_USER_ID, FakeSlack, Recorded
from bot.settings import Settings
from bot.slack_requests import action_body, event_body, sign, slash_command_body
from knowledge.ingest import Ingester, read_paths
from knowledge.store import FactStore

__all__ = ["Console", "PendingWork", "blocks_to_text", "run_console"]

EDITOR, REVIEW_CHANNEL = "U0REPORT", "C0REVIEW"


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


class PendingWork(ThreadPoolExecutor):
    """The app's executor for work after the acknowledgement, which the console waits on."""

    def __init__(self) -> None:
        super().__init__(max_workers=5, thread_name_prefix="factdesk-console")
        self._pending = 0
        self._idle = threading.Condition()

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
        with self._idle:
            self._pending += 1
        try:
            future = super().submit(fn, *args, **kwargs)
        except BaseException:
            self._finished(None)
            raise
        future.add_done_callback(self._finished)
        return future

    def _finished(self, _future: Future[Any] | None) -> None:
        with self._idle:
            self._pending -= 1
            self._idle.notify_all()

    def wait_idle(self, timeout: float = 120.0) -> bool:
        """Block until nothing is running; False when ``timeout`` ran out first."""
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout=timeout)


def _size(data: bytes | None) -> str:
    from bot.charts import png_size

    if data is None:
        return "not uploaded"
    size = png_size(data)
    if size:
        return f"{size[0]}×{size[1]}"
    return f"{len(data) / 1000:.1f} kB" if len(data) >= 1000 else f"{len(data)} bytes"


class Console:
    """One console session: a fake Slack, the app, and the last shareable question.

    After each line it waits for the work the app does after acknowledging (lazy
    listeners), then prints everything the app posted, in order: the reply, messages in
    channels and threads, response_url posts, uploaded files.
    """

    def __init__(self, store: FactStore, slack: FakeSlack) -> None:
        self.secret = secrets.token_hex(16)
        settings = Settings(slack_bot_token="xoxb-local-console",  # noqa: S106
                            slack_signing_secret=self.secret,
                            slack_api_url=slack.api_url, factdesk_editors=EDITOR,
                            factdesk_review_channel=REVIEW_CHANNEL)
        self.store = store
        self.slack = slack
        self.work = PendingWork()
        self.app: App = create_app(settings, store=store, listener_executor=self.work)
        self.last_question: str | None = None
        self._ts = 1_700_000_000

    def close(self) -> None:
        """Wait for the app's last work, then stop its threads."""
        self.work.wait_idle()
        self.work.shutdown(wait=True)

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
        mark = len(self.slack.calls)
        word, _, rest = line.partition(" ")
        if line.lower() == "share":
            shown = self._share()
        elif word.lower() in {"confirm", "reject"}:
            shown = self._decide(word.lower(), rest.strip())
        elif word.lower() == "ingest":
            shown = self._ingest(rest.split())
        elif line.lower() == "review":
            shown = self._review()
        elif line.startswith("@"):
            shown = self._mention(line.split(maxsplit=1)[1] if " " in line else "")
        else:
            shown = self._command(line)
        if not self.work.wait_idle():
            shown.append("(still working after two minutes; what follows may be incomplete)")
        posted = [self._show(call) for call in self.slack.calls[mark:]]
        shown += [p for p in posted if p]
        if not shown:
            shown.append("(nothing was posted)")
        return "\n\n".join(shown)

    def _command(self, line: str) -> list[str]:
        command, _, text = line.partition(" ") if line.startswith("/") else ("/facts", "", line)
        status, body = self._dispatch(slash_command_body(
            command, text, response_url=self.slack.response_url()))
        if status != 200:
            return [f"(Slack would show an error: HTTP {status})"]
        try:
            message = json.loads(body) if body else {}
        except json.JSONDecodeError:
            message = {"text": body}
        if not message:
            return []
        if any(b.get("type") == "actions" for b in message.get("blocks") or []):
            self.last_question = f"{command} {text}".strip()
        return ["(only visible to you)\n" + blocks_to_text(message.get("blocks"),
                                                           message.get("text", ""))]

    def _mention(self, question: str) -> list[str]:
        self._ts += 1
        event = {"type": "app_mention", "user": "U0REPORT", "channel": "C0NEWS",
                 "text": f"<@{BOT_USER_ID}> {question}", "ts": f"{self._ts}.000100",
                 "event_ts": f"{self._ts}.000100"}
        status, _ = self._dispatch(event_body(event), "application/json")
        return [] if status == 200 else [f"(Slack would show an error: HTTP {status})"]

    def _ingest(self, paths: list[str]) -> list[str]:
        if not paths:
            return ["(say what to ingest: ingest FILE-OR-FOLDER …)"]
        report = Ingester(self.store.engine, store=self.store).ingest(read_paths(paths))
        totals = report.to_json()
        lines = [f"{r.path}: {r.error}" for r in report.results if r.status == "failed"]
        lines.append(f"{totals['added']} added, {totals['duplicates']} already there, "
                     f"{totals['failed']} failed; {sum(r.figures for r in report.results)} "
                     "candidate figures proposed.")
        return ["\n".join(lines), *self._review()]

    def _review(self) -> list[str]:
        posted = post_reviews(self.store, self.app.client, REVIEW_CHANNEL, sleep=lambda _s: None)
        return [] if posted else ["(no candidates waiting for review)"]

    def _decide(self, action: str, fact_id: str) -> list[str]:
        if not fact_id:
            return [f"(say which figure: {action} ID, as its review card shows it)"]
        self._dispatch(action_body(CONFIRM_ACTION if action == "confirm" else REJECT_ACTION,
                                   fact_id, user_id=EDITOR, channel_id=REVIEW_CHANNEL,
                                   ephemeral=False,
                                   response_url=self.slack.response_url(action)))
        return []

    def _share(self) -> list[str]:
        if not self.last_question:
            return ["(nothing to share yet: ask something first)"]
        self._dispatch(action_body(SHARE_ACTION, self.last_question,
                                   response_url=self.slack.response_url("share")))
        return []

    def _show(self, call: Recorded) -> str:
        """One call the app made, as Slack would show it; '' for calls nobody sees."""
        payload = call.payload
        body = blocks_to_text(payload.get("blocks"), payload.get("text", "") or "")
        if call.method == "chat.postMessage":
            where = (f"(in the thread of {payload['thread_ts']})" if payload.get("thread_ts")
                     else f"(posted in {payload.get('channel')})")
            return f"{where}\n{body}"
        if call.method == "chat.postEphemeral":
            return f"(only visible to you)\n{body}"
        if call.method == "chat.update":
            return f"(message {payload.get('ts')} updated)\n{body}"
        if call.method == "response_url":
            if payload.get("replace_original") and payload.get("response_type") != "in_channel":
                return f"(the message with the buttons now reads)\n{body}"
            if payload.get("response_type") == "in_channel":
                return f"(posted in the channel: in_channel)\n{body}"
            return f"(only visible to you)\n{body}"
        if call.method == "files.completeUploadExternal":
            return self._files(payload)
        if call.method.endswith("!failed"):
            return f"(Slack refused {call.method.removesuffix('!failed')})"
        return ""

    def _files(self, payload: dict[str, Any]) -> str:
        try:
            files = json.loads(payload.get("files") or "[]")
        except json.JSONDecodeError:
            files = []
        where = (f"(in the thread of {payload['thread_ts']})" if payload.get("thread_ts")
                 else f"(uploaded to {payload.get('channel_id')})")
        lines = [where]
        if payload.get("initial_comment"):
            lines.append(html.unescape(str(payload["initial_comment"])))
        for item in files:
            uploaded = self.slack.files.get(str(item.get("id")), {})
            name = uploaded.get("filename") or item.get("title") or "file"
            lines.append(f"[file: {name}, {_size(uploaded.get('data'))}]")
        return "\n".join(lines)


def run_console(store: FactStore, *, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout
                ) -> None:
    """Read lines until end of input, printing what Slack would show for each."""
    interactive = stdin.isatty()
    with FakeSlack() as slack:
        console = Console(store, slack)
        try:
            _read_lines(console, store, stdin=stdin, stdout=stdout, interactive=interactive)
        finally:
            console.close()


def _read_lines(console: Console, store: FactStore, *, stdin: TextIO, stdout: TextIO,
                interactive: bool) -> None:
    if interactive:
        commands = ", ".join(t.command for t in list(store.topics.values())[:3])
        first = next(iter(store.topics.values()), None)
        chart = f"{first.command} chart, " if first else ""
        stdout.write(f"factdesk console — {commands}, /actor NAME, @factdesk QUESTION, "
                     f"{chart}share; ingest PATH, review, confirm ID, reject ID. "
                     "Ctrl-D quits.\n")
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
