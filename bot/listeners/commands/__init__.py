"""Slash commands."""

from __future__ import annotations

import re

from slack_bolt import App

from bot.listeners.commands.answer import make_answer_command
from bot.listeners.context import Deps

__all__ = ["register"]


def register(app: App, deps: Deps) -> None:
    """Every slash command is answered by the same callback: the store knows the topics."""
    app.command(re.compile(r"^/[a-z0-9_-]+$"))(make_answer_command(deps))
