"""The HTTP front: POST /slack/events for Bolt, GET /healthz; served by uvicorn."""

from __future__ import annotations

import errno
import json
import logging
import socket
import time
from collections.abc import Callable
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from sqlalchemy import text
from sqlalchemy.engine import Engine
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from knowledge.db import make_engine

__all__ = ["app_from_environment", "create_web_app", "listen", "serve"]

MAX_BODY = 1_000_000
log = logging.getLogger("factdesk.requests")


def _describe(body: bytes, parsed: Any) -> dict[str, str]:
    """What a request was, for the log: the command, event type or action — never its text.

    Read from the body as Bolt parsed it (``parsed``), so that it is not parsed twice.
    """
    try:
        if body[:1] == b"{":
            event = parsed.get("event") or {}
            return {"kind": "event", "what": event.get("type", "") or parsed.get("type", "")}
        if "command" in parsed:
            return {"kind": "command", "what": str(parsed["command"])[:40]}
        if "type" in parsed:  # an interactive payload
            actions = parsed.get("actions") or [{}]
            what = actions[0].get("action_id") or (parsed.get("view") or {}).get(
                "callback_id", "")
            return {"kind": parsed.get("type") or "interactive", "what": what}
    except (AttributeError, IndexError, KeyError, TypeError):
        pass
    return {"kind": "unknown", "what": ""}


def create_web_app(app: App, *, engine: Engine | None = None) -> Starlette:
    """Starlette app dispatching Slack requests to ``app``; /healthz checks the database."""

    async def slack_events(request: Request) -> Response:
        started = time.perf_counter()
        body = await request.body()
        if len(body) > MAX_BODY:
            return Response(status_code=413, content="request too large")
        # Dispatch on the event loop: acks are answered from the store in about a
        # millisecond, and everything that calls Slack runs in Bolt's lazy listeners on
        # their own threads. A thread hop per request costs more than the answer itself.
        bolt_request = to_bolt_request(request, body)
        bolt_response = app.dispatch(bolt_request)
        log.info(json.dumps({
            **_describe(body, bolt_request.body), "status": bolt_response.status,
            "ms": round((time.perf_counter() - started) * 1000, 2),
            "retry": request.headers.get("x-slack-retry-num"),
        }))
        return to_starlette_response(bolt_response)

    async def healthz(_request: Request) -> Response:
        if engine is None:
            return JSONResponse({"ok": True})
        try:
            with engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except Exception:  # noqa: BLE001
            return JSONResponse({"ok": False, "database": "unavailable"}, status_code=503)
        return JSONResponse({"ok": True, "database": "ok"})

    async def install(request: Request) -> Response:
        if app.oauth_flow is None:
            return Response(status_code=404, content="Not found")
        bolt_request = to_bolt_request(request, await request.body())
        if request.url.path == app.oauth_flow.install_path:
            return to_starlette_response(app.oauth_flow.handle_installation(bolt_request))
        return to_starlette_response(app.oauth_flow.handle_callback(bolt_request))

    return Starlette(routes=[
        Route("/slack/events", slack_events, methods=["POST"]),
        Route("/slack/install", install, methods=["GET"]),
        Route("/slack/oauth_redirect", install, methods=["GET"]),
        Route("/healthz", healthz, methods=["GET"]),
    ])


def app_from_environment() -> Starlette:
    """The web app built from the environment (what each uvicorn worker process runs)."""
    from bot.app import create_app, web_client
    from bot.failures import explain
    from bot.logs import configure_logging
    from bot.settings import get_settings
    from bot.startup import slack_identity
    from knowledge.store import FactStore

    configure_logging()
    try:
        settings = get_settings()
        store = FactStore(make_engine(settings.database_url))
        identity = None if settings.oauth else slack_identity(settings, web_client(settings))
        bolt_app = create_app(settings, store=store, identity=identity)
    except Exception as exc:
        failure = explain(exc)
        if failure is None:
            raise
        log.error("factdesk serve: %s", failure.line)
        raise SystemExit(failure.status) from None
    return create_web_app(bolt_app, engine=store.engine)


def listen(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host``:``port`` (port 0: any free port), or OperatorError
    in one line when the address is taken or not ours to use."""
    from bot.failures import UNAVAILABLE, OperatorError

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP named, so that asyncio sets TCP_NODELAY on each accepted connection (it
    # skips sockets of protocol 0): without it the body of every reply, written after its
    # headers, waits for the client's delayed ACK, some 40 ms.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        reason = {errno.EADDRINUSE: "another process is listening there",
                  errno.EACCES: "ports below 1024 need privileges",
                  errno.EADDRNOTAVAIL: "this machine has no such address"}.get(
            exc.errno or 0, exc.strerror or str(exc))
        raise OperatorError(f"cannot listen on {host}:{port} ({reason}): set PORT or --port, "
                            "HOST or --host", UNAVAILABLE) from None
    sock.listen(2048)  # connections wait in the backlog until uvicorn accepts them
    sock.set_inheritable(True)
    return sock


def serve(app: App | None, *, host: str, port: int, engine: Engine | None = None,
          workers: int = 1, announce: Callable[[str], None] | None = None) -> None:
    """Run the production HTTP server (uvicorn) until interrupted; one JSON line per request.

    With ``workers`` > 1 (or no ``app``), uvicorn starts that many processes, each building
    its own app from the environment. ``announce`` hears where the server listens.
    """
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    from bot.logs import configure_logging

    configure_logging()
    sock = listen(host, port)
    bound_host, bound_port = sock.getsockname()[:2]
    shown = f"[{bound_host}]" if ":" in bound_host else bound_host
    count = max(1, workers)
    if announce is not None:
        announce(f"listening on http://{shown}:{bound_port} (POST /slack/events, GET /healthz; "
                 f"{count} worker process{'es' if count > 1 else ''})")
    if count > 1 or app is None:
        config = uvicorn.Config("bot.web:app_from_environment", factory=True, workers=count,
                                log_level="warning", access_log=False)
        Multiprocess(config, sockets=[sock]).run()
        return
    server = uvicorn.Server(uvicorn.Config(create_web_app(app, engine=engine),
                                           log_level="warning", access_log=False))
    server.run(sockets=[sock])
