"""Slash commands."""

from __future__ import annotations

import re

from slack_bolt import App

from bot.listeners.commands.answer import make_answer_command
from bot.listeners.commands.digest import make_digest_ack, make_digest_now
from bot.listeners.commands.factcheck import make_factcheck
from bot.listeners.context import Deps

__all__ = ["register"]


def register(app: App, deps: Deps) -> None:
    """/digest and /factcheck first; every other slash command is answered from the store's
    topics."""
    app.command("/digest")(ack=make_digest_ack(deps), lazy=[make_digest_now(deps)])
    app.command("/factcheck")(make_factcheck(deps))
    app.command(re.compile(r"^/[a-z0-9_-]+$"))(make_answer_command(deps))
