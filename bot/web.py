"""The HTTP front: POST /slack/events for Bolt, GET /healthz; served by uvicorn."""

from __future__ import annotations

import json
import logging
import time
from urllib.parse import parse_qs

from slack_bolt import App
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from sqlalchemy import text
from sqlalchemy.engine import Engine
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

__all__ = ["app_from_environment", "create_web_app", "serve"]

MAX_BODY = 1_000_000
log = logging.getLogger("factdesk.requests")


def _describe(body: bytes) -> dict[str, str]:
    """What a request was, for the log: the command, event type or action — never its text."""
    try:
        text = body.decode("utf-8", "replace")
        if text.startswith("{"):
            envelope = json.loads(text)
            kind = envelope.get("type", "")
            event = (envelope.get("event") or {}).get("type", "")
            return {"kind": "event", "what": event or kind}
        form = parse_qs(text)
        if "payload" in form:
            payload = json.loads(form["payload"][0])
            actions = payload.get("actions") or [{}]
            what = actions[0].get("action_id") or (payload.get("view") or {}).get(
                "callback_id", "")
            return {"kind": payload.get("type", "interactive"), "what": what}
        if "command" in form:
            return {"kind": "command", "what": form["command"][0][:40]}
    except (ValueError, KeyError, IndexError, AttributeError):
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
        bolt_response = app.dispatch(to_bolt_request(request, body))
        log.info(json.dumps({
            **_describe(body), "status": bolt_response.status,
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
    from bot.app import create_app
    from bot.settings import get_settings
    from knowledge.db import make_engine
    from knowledge.store import FactStore

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    settings = get_settings()
    store = FactStore(make_engine(settings.database_url))
    return create_web_app(create_app(settings, store=store), engine=store.engine)


def serve(app: App | None, *, host: str, port: int, engine: Engine | None = None,
          workers: int = 1) -> None:
    """Run the production HTTP server (uvicorn) until interrupted; one JSON line per request.

    With ``workers`` > 1, uvicorn forks that many processes, each building its own app.
    """
    import uvicorn

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if workers > 1 or app is None:
        uvicorn.run("bot.web:app_from_environment", factory=True, host=host, port=port,
                    workers=max(1, workers), log_level="warning", access_log=False)
        return
    uvicorn.run(create_web_app(app, engine=engine), host=host, port=port, log_level="warning",
                access_log=False)
