"""Message shortcuts."""

from __future__ import annotations

from slack_bolt import App

from bot.listeners.context import Deps, ack_only
from bot.listeners.shortcuts.check_figures import CHECK_FIGURES, make_check_figures

__all__ = ["register"]


def register(app: App, deps: Deps) -> None:
    """Check figures, on any message."""
    app.shortcut(CHECK_FIGURES)(ack=ack_only, lazy=[make_check_figures(deps)])
