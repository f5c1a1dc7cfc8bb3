"""Confirm, Reject and Edit on a candidate figure — editors only."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from bot.blocks import edit_modal, home_view, review_blocks
from bot.corrections import follow_up
from bot.listeners.context import Deps
from bot.render import escape
from knowledge.answer import figures_for
from knowledge.curation import CurationError, confirm, reject

__all__ = ["make_decide", "make_open_edit", "refuse_non_editor"]

NOT_EDITOR = "Only the desk's editors can confirm, reject or correct figures."


def refuse_non_editor(deps: Deps, body: dict[str, Any], respond: Any, client: Any) -> bool:
    """True (and an ephemeral refusal sent) when the person pressing is not an editor."""
    user = (body.get("user") or {}).get("id", "")
    if user in deps.editors:
        return False
    if body.get("response_url"):
        respond(response_type="ephemeral", replace_original=False, text=NOT_EDITOR)
    elif body.get("channel"):
        client.chat_postEphemeral(channel=body["channel"]["id"], user=user, text=NOT_EDITOR)
    return True


def _refresh(deps: Deps, store: Any, body: dict[str, Any], respond: Any, client: Any,
             fact_id: str, decided: str) -> None:
    """Show the decision where the buttons were: the review message or the Home tab."""
    if body.get("container", {}).get("type") == "view" or not body.get("response_url"):
        user = (body.get("user") or {}).get("id", "")
        client.views_publish(user_id=user, view=home_view(store, editor=True))
        return
    figures = figures_for(store, [fact_id])
    blocks = review_blocks(figures[0], decided=decided) if figures else None
    respond(replace_original=True, text=decided, blocks=blocks)


def make_decide(deps: Deps, action: str) -> Callable[..., None]:
    """The callback for fact_confirm or fact_reject."""

    def decide(ack: Any, body: dict[str, Any], respond: Any, client: Any, context: Any,
               logger: logging.Logger) -> None:
        ack()
        if refuse_non_editor(deps, body, respond, client):
            return
        user = body["user"]["id"]
        fact_id = str((body.get("actions") or [{}])[0].get("value") or "")
        try:
            store = deps.store_for(context)
            (confirm if action == "confirm" else reject)(store.engine, fact_id, who=user)
        except CurationError as exc:
            respond(response_type="ephemeral", replace_original=False, text=escape(str(exc)))
            return
        if action == "reject":
            follow_up(store, client, fact_id)
        verb = "Confirmed" if action == "confirm" else "Rejected"
        _refresh(deps, deps.store_for(context), body, respond, client, fact_id,
                 f"{verb} by <@{user}>")

    return decide


def make_open_edit(deps: Deps) -> Callable[..., None]:
    """The callback for fact_edit: opens the correction modal."""

    def open_edit(ack: Any, body: dict[str, Any], respond: Any, client: Any,
                  context: Any) -> None:
        ack()
        if refuse_non_editor(deps, body, respond, client):
            return
        fact_id = str((body.get("actions") or [{}])[0].get("value") or "")
        store = deps.store_for(context)
        figures = figures_for(store, [fact_id])
        if not figures:
            respond(response_type="ephemeral", replace_original=False,
                    text="That figure no longer exists.")
            return
        metadata = json.dumps({
            "fact_id": fact_id, "response_url": body.get("response_url"),
            "channel": (body.get("channel") or {}).get("id"),
            "ts": (body.get("container") or {}).get("message_ts"),
        })
        client.views_open(trigger_id=body["trigger_id"],
                          view=edit_modal(figures[0], store, metadata=metadata))

    return open_edit
