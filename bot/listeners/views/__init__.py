"""Modal submissions."""

from __future__ import annotations

from slack_bolt import App

from bot.blocks import EDIT_VIEW, REPORT_VIEW
from bot.listeners.context import Deps
from bot.listeners.views.fact_edit import make_edit_submitted
from bot.listeners.views.report_wrong import make_report_submitted

__all__ = ["register"]


def register(app: App, deps: Deps) -> None:
    """The correction modal and the wrong-figure modal."""
    app.view(EDIT_VIEW)(make_edit_submitted(deps))
    app.view(REPORT_VIEW)(make_report_submitted(deps))
