"""Bolt listeners, one callback per file, registered by ``register_listeners``."""

from __future__ import annotations

from slack_bolt import App

from bot.listeners import actions, commands, events, shortcuts, views
from bot.listeners.context import Deps

__all__ = ["Deps", "register_listeners"]


def register_listeners(app: App, deps: Deps) -> None:
    """Attach every listener to ``app``."""
    commands.register(app, deps)
    events.register(app, deps)
    actions.register(app, deps)
    shortcuts.register(app, deps)
    views.register(app, deps)
