"""The HTTP front: POST /slack/events for Bolt, GET /healthz; served by uvicorn."""

from __future__ import annotations

from slack_bolt import App
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

__all__ = ["create_web_app", "serve"]

MAX_BODY = 1_000_000


def create_web_app(app: App) -> Starlette:
    """Starlette app dispatching Slack requests to ``app``."""

    async def slack_events(request: Request) -> Response:
        body = await request.body()
        if len(body) > MAX_BODY:
            return Response(status_code=413, content="request too large")
        # Dispatch on the event loop: acks are answered from the store in about a
        # millisecond, and everything that calls Slack runs in Bolt's lazy listeners on
        # their own threads. A thread hop per request costs more than the answer itself.
        bolt_response = app.dispatch(to_bolt_request(request, body))
        return to_starlette_response(bolt_response)

    async def healthz(_request: Request) -> Response:
        return JSONResponse({"ok": True})

    return Starlette(routes=[
        Route("/slack/events", slack_events, methods=["POST"]),
        Route("/healthz", healthz, methods=["GET"]),
    ])


def serve(app: App, *, host: str, port: int) -> None:
    """Run the production HTTP server (uvicorn) until interrupted."""
    import uvicorn

    uvicorn.run(create_web_app(app), host=host, port=port, log_level="info", access_log=False)
