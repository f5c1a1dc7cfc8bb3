"""Slash commands."""

from __future__ import annotations

import re

from slack_bolt import App

from bot.listeners.commands.answer import make_answer_command
from bot.listeners.commands.chart import is_chart_command, make_chart_ack, make_chart_upload
from bot.listeners.commands.digest import make_digest_ack, make_digest_now
from bot.listeners.commands.export import is_export_command, make_export_ack, make_export_upload
from bot.listeners.commands.factcheck import make_factcheck
from bot.listeners.context import Deps

__all__ = ["register"]


def register(app: App, deps: Deps) -> None:
    """/digest and /factcheck first, then `/facts export …` and a topic command with the word
    `chart` (files); every other slash command is answered from the store's topics."""
    app.command("/digest")(ack=make_digest_ack(deps), lazy=[make_digest_now(deps)])
    app.command("/factcheck")(make_factcheck(deps))
    app.command("/facts", matchers=[is_export_command])(
        ack=make_export_ack(deps), lazy=[make_export_upload(deps)])
    any_command = re.compile(r"^/[a-z0-9_-]+$")
    app.command(any_command, matchers=[is_chart_command])(
        ack=make_chart_ack(deps), lazy=[make_chart_upload(deps)])
    app.command(any_command)(make_answer_command(deps))
