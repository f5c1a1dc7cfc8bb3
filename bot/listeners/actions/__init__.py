"""Interactive components."""

from __future__ import annotations

from slack_bolt import App

from bot.blocks import (
    CONFIRM_ACTION,
    EDIT_ACTION,
    MORE_ACTION,
    REJECT_ACTION,
    REPORT_ACTION,
    SHARE_ACTION,
)
from bot.listeners.actions.curation import make_decide, make_open_edit
from bot.listeners.actions.report_wrong import make_report_wrong
from bot.listeners.actions.share_answer import make_more, make_share
from bot.listeners.context import Deps, ack_only

__all__ = ["register"]


def register(app: App, deps: Deps) -> None:
    """Share in channel, More, Wrong figure?, and the editors' Confirm / Reject / Edit."""
    app.action(SHARE_ACTION)(ack=ack_only, lazy=[make_share(deps)])
    app.action(MORE_ACTION)(ack=ack_only, lazy=[make_more(deps)])
    app.action(REPORT_ACTION)(make_report_wrong(deps))
    app.action(CONFIRM_ACTION)(make_decide(deps, "confirm"))
    app.action(REJECT_ACTION)(make_decide(deps, "reject"))
    app.action(EDIT_ACTION)(make_open_edit(deps))
