"""A stand-in for Slack's Web API on 127.0.0.1 that records what the bot sends.

The local console and the tests point SLACK_API_URL at it; it also receives
response_url posts and the three steps of ``files_upload_v2`` (files.getUploadURLExternal,
the upload POST to the URL it returned, files.completeUploadExternal). Nothing leaves the
machine.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

__all__ = ["FakeSlack", "Recorded"]

BOT_USER_ID = "UFACTDESK"


@dataclass
class Recorded:
    """One call the bot made: a Web API method or a response_url post."""

    path: str
    method: str
    payload: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)


class FakeSlack:
    """Run with ``with FakeSlack() as slack:``; ``slack.api_url`` is SLACK_API_URL."""

    #: The bot scopes auth.test reports as granted (its ``x-oauth-scopes`` header).
    GRANTED = ("app_mentions:read,channels:read,chat:write,chat:write.public,commands,"
               "files:write,groups:read")

    def __init__(self) -> None:
        self.calls: list[Recorded] = []
        self.scopes = self.GRANTED
        self.refused_tokens: set[str] = set()
        self.channels: dict[str, dict[str, Any]] = {}
        #: Files uploaded, by file id: ``{"filename", "title", "data", "channel", "thread_ts"}``.
        self.files: dict[str, dict[str, Any]] = {}
        self._lock = threading.Condition()
        self._failures: dict[str, list[tuple[int, dict[str, str], str]]] = {}
        self._ts = 1_600_000_000.0
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_args: Any) -> None:
                return

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                if self.path.startswith("/upload/"):
                    data = self.rfile.read(length) if length else b""
                    status = fake._receive_upload(self.path.rsplit("/", 1)[-1], data,
                                                  dict(self.headers.items()))
                    self.send_response(status)
                    self.send_header("Content-Type", "text/plain")
                    self.send_header("Content-Length", "2")
                    self.end_headers()
                    self.wfile.write(b"OK")
                    return
                raw = self.rfile.read(length).decode("utf-8") if length else ""
                payload = fake._parse(raw, self.headers.get("Content-Type", ""))
                method = self.path.rsplit("/", 1)[-1] if self.path.startswith("/api/") else ""
                status, headers, body = fake._respond(self.path, method, payload,
                                                      dict(self.headers.items()))
                data = json.dumps(body).encode() if not isinstance(body, bytes) else body
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def api_url(self) -> str:
        """Base URL of the fake Web API, with its trailing slash."""
        return f"{self.base}/api/"

    def response_url(self, name: str = "r1") -> str:
        """A response_url that posts land on."""
        return f"{self.base}/response/{name}"

    def start(self) -> FakeSlack:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FakeSlack:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    def fail_next(self, method: str, *, status: int = 429, retry_after: int = 1,
                  times: int = 1, error: str = "ratelimited") -> None:
        """Make the next ``times`` calls of ``method`` fail: 429 with Retry-After, or (with
        ``status=200``) Slack's ``{"ok": false, "error": error}``, as for not_in_channel."""
        headers = {"Retry-After": str(retry_after)} if status == 429 else {}
        self._failures.setdefault(method, []).extend([(status, headers, error)] * times)

    @staticmethod
    def _parse(raw: str, content_type: str) -> dict[str, Any]:
        if not raw:
            return {}
        if "json" in content_type:
            try:
                data = json.loads(raw)
                return data if isinstance(data, dict) else {"_": data}
            except json.JSONDecodeError:
                return {"_raw": raw}
        parsed: dict[str, Any] = {k: v[0] for k, v in parse_qs(raw).items()}
        for key in ("blocks", "view", "attachments"):
            if isinstance(parsed.get(key), str):
                try:
                    parsed[key] = json.loads(parsed[key])
                except json.JSONDecodeError:
                    pass
        return parsed

    def _respond(self, path: str, method: str, payload: dict[str, Any],
                 headers: dict[str, str]) -> tuple[int, dict[str, str], Any]:
        with self._lock:
            failures = self._failures.get(method) or []
            if failures:
                status, extra, error = failures.pop(0)
                self.calls.append(Recorded(path, method + "!failed", payload, headers))
                self._lock.notify_all()
                return status, extra, {"ok": False, "error": error}
            self.calls.append(Recorded(path, method or "response_url", payload, headers))
            self._lock.notify_all()
            self._ts += 1
            ts = f"{self._ts:.6f}"
        token = (headers.get("Authorization") or headers.get("authorization") or "")
        if token.removeprefix("Bearer ") in self.refused_tokens:
            return 200, {}, {"ok": False, "error": "invalid_auth"}
        if method == "auth.test":
            return 200, {"x-oauth-scopes": self.scopes}, self._auth_test(token)
        if method == "apps.connections.open":
            return 200, {}, {"ok": True, "url": f"ws://127.0.0.1:9/link/?ticket={ts}"}
        if method == "conversations.info":
            channel = self.channels.get(str(payload.get("channel", "")))
            if channel is None:
                return 200, {}, {"ok": False, "error": "channel_not_found"}
            return 200, {}, {"ok": True, "channel": {"id": payload.get("channel"), **channel}}
        if method == "files.getUploadURLExternal":
            return 200, {}, self._upload_url(payload)
        if method == "files.completeUploadExternal":
            return 200, {}, self._complete_upload(payload)
        return self._answer(method, payload, ts)

    def _upload_url(self, payload: dict[str, Any]) -> dict[str, Any]:
        if not payload.get("filename") or not str(payload.get("length") or "").isdigit():
            return {"ok": False, "error": "invalid_arguments"}
        with self._lock:
            file_id = f"F{len(self.files) + 1:08d}"
            self.files[file_id] = {"filename": payload["filename"], "title": None,
                                   "length": int(payload["length"]), "data": None,
                                   "channel": None, "thread_ts": None}
        return {"ok": True, "file_id": file_id, "upload_url": f"{self.base}/upload/{file_id}"}

    def _receive_upload(self, file_id: str, data: bytes, headers: dict[str, str]) -> int:
        with self._lock:
            entry = self.files.get(file_id)
            self.calls.append(Recorded(f"/upload/{file_id}", "file_upload",
                                       {"file_id": file_id, "bytes": len(data)}, headers))
            self._lock.notify_all()
            if entry is None:
                return 404
            entry["data"] = data
            return 200

    def _complete_upload(self, payload: dict[str, Any]) -> dict[str, Any]:
        try:
            files = json.loads(payload.get("files") or "[]")
        except json.JSONDecodeError:
            return {"ok": False, "error": "invalid_arguments"}
        done = []
        with self._lock:
            for item in files:
                entry = self.files.get(str(item.get("id")))
                if entry is None or entry["data"] is None:
                    return {"ok": False, "error": "file_not_found"}
                entry.update(title=item.get("title"), channel=payload.get("channel_id"),
                             thread_ts=payload.get("thread_ts"))
                done.append({"id": item["id"], "name": entry["filename"],
                             "title": item.get("title"), "size": len(entry["data"])})
        return {"ok": True, "files": done}

    def uploaded(self, file_id: str) -> dict[str, Any]:
        """What was uploaded as ``file_id``: filename, title, data, channel, thread_ts."""
        with self._lock:
            return dict(self.files[file_id])

    @staticmethod
    def _auth_test(token: str) -> dict[str, Any]:
        team = token.removeprefix("Bearer xoxb-").upper() if "xoxb-t" in token else "T0NEWS"
        return {"ok": True, "user_id": BOT_USER_ID, "bot_id": "BFACTDESK", "team_id": team,
                "team": "newsroom", "user": "factdesk", "url": "https://newsroom.example/"}

    @staticmethod
    def _answer(method: str, payload: dict[str, Any], ts: str) -> tuple[int, dict[str, str], Any]:
        if method == "oauth.v2.access":
            team = payload.get("code", "T0TWO").split("-")[0].upper()
            return 200, {}, {
                "ok": True, "app_id": "A0FACTDESK", "access_token": f"xoxb-{team.lower()}",
                "token_type": "bot", "scope": "app_mentions:read,chat:write,commands",
                "bot_user_id": f"UBOT{team}", "team": {"id": team, "name": f"Newsroom {team}"},
                "enterprise": None, "is_enterprise_install": False,
                "authed_user": {"id": "U0INSTALLER"},
            }
        if method == "chat.postMessage":
            return 200, {}, {"ok": True, "channel": payload.get("channel"), "ts": ts,
                             "message": {"text": payload.get("text"), "ts": ts}}
        if method == "views.publish":
            return 200, {}, {"ok": True, "view": {"id": "V1", **(payload.get("view") or {})}}
        return 200, {}, {"ok": True}

    def wait_for(self, method: str, *, count: int = 1, timeout: float = 5.0) -> list[Recorded]:
        """Block until ``count`` calls of ``method`` were recorded; return them."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                found = [c for c in self.calls if c.method == method]
                if len(found) >= count or time.monotonic() >= deadline:
                    return found
                self._lock.wait(timeout=max(0.0, deadline - time.monotonic()))

    def of(self, method: str) -> list[Recorded]:
        """Calls of one method so far."""
        with self._lock:
            return [c for c in self.calls if c.method == method]
