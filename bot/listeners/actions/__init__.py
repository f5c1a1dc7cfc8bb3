"""Interactive components."""

from __future__ import annotations

from slack_bolt import App

from bot.blocks import SHARE_ACTION
from bot.listeners.actions.share_answer import make_share
from bot.listeners.context import Deps

__all__ = ["register"]


def _ack(ack) -> None:  # type: ignore[no-untyped-def]
    ack()


def register(app: App, deps: Deps) -> None:
    """The Share in channel button."""
    app.action(SHARE_ACTION)(ack=_ack, lazy=[make_share(deps)])
