"""Events API listeners, behind one de-duplicating middleware."""

from __future__ import annotations

from slack_bolt import App

from bot.listeners.context import Deps, ack_only
from bot.listeners.events.app_home_opened import make_home_opened
from bot.listeners.events.app_mention import make_mention
from bot.listeners.events.dedupe import make_dedupe

__all__ = ["register"]


def register(app: App, deps: Deps) -> None:
    """Mentions are answered in the thread; App Home is published when opened."""
    app.use(make_dedupe(deps))
    app.event("app_mention")(ack=ack_only, lazy=[make_mention(deps)])
    app.event("app_home_opened")(ack=ack_only, lazy=[make_home_opened(deps)])
