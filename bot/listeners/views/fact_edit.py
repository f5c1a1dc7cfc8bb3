"""A submitted correction: validated, then a new figure supersedes the old one."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from slack_sdk.webhook import WebhookClient

from bot.blocks import review_blocks
from bot.corrections import follow_up
from bot.listeners.context import Deps
from knowledge.answer import figures_for
from knowledge.curation import CurationError, correct
from knowledge.dates import parse_date_point

__all__ = ["make_edit_submitted", "read_edit"]

_FIELD_BLOCK = {"value": "value", "qualifier": "qualifier", "metric": "metric", "place": "place",
                "as_of": "as_of", "period_start": "period_start", "period_end": "period_end",
                "metric_label": "metric_label"}


def _value(state: dict[str, Any], block: str) -> str | None:
    element = (state.get(block) or {}).get("v") or {}
    if element.get("type") == "static_select":
        option = element.get("selected_option") or {}
        return option.get("value")
    return element.get("value")


def read_edit(state: dict[str, Any], store: Any
              ) -> tuple[dict[str, Any], list[str], dict[str, str]]:
    """(changes, actor ids, errors by block) from a submitted modal's state."""
    errors: dict[str, str] = {}
    changes: dict[str, Any] = {}
    raw = (_value(state, "value") or "").replace(",", "").strip()
    try:
        changes["value"] = float(raw)
    except ValueError:
        errors["value"] = "Give a number, e.g. 2500 or 0.5."
    for field, block in _FIELD_BLOCK.items():
        if field == "value":
            continue
        text = (_value(state, block) or "").strip()
        if not text:
            continue
        if field in {"as_of", "period_start", "period_end"}:
            try:
                parse_date_point(text)
            except ValueError:
                errors[block] = "Use YYYY, YYYY-MM or YYYY-MM-DD."
                continue
        changes[field] = text
    if changes.get("as_of"):
        changes.pop("period_start", None)
        changes.pop("period_end", None)
    actor_ids: list[str] = []
    for name in [n.strip() for n in (_value(state, "actors") or "").split(",") if n.strip()]:
        resolution = store.actor_index.resolve(name)
        if resolution.match is None:
            hint = ", ".join(c.name for c in resolution.candidates[:3])
            errors["actors"] = f"I don't know “{name}”." + (f" Did you mean {hint}?" if hint
                                                             else "")
            break
        actor_ids.append(resolution.match.id)
    return changes, actor_ids, errors


def make_edit_submitted(deps: Deps) -> Callable[..., None]:
    """The callback for the correction modal."""

    def edit_submitted(ack: Any, body: dict[str, Any], view: dict[str, Any], client: Any,
                       context: Any, logger: logging.Logger) -> None:
        user = (body.get("user") or {}).get("id", "")
        if user not in deps.editors:
            ack(response_action="errors",
                errors={"value": "Only the desk's editors can correct figures."})
            return
        meta = json.loads(view.get("private_metadata") or "{}")
        store = deps.store_for(context)
        changes, actor_ids, errors = read_edit(view.get("state", {}).get("values", {}), store)
        if errors:
            ack(response_action="errors", errors=errors)
            return
        try:
            new_id = correct(store.engine, meta.get("fact_id", ""), changes, who=user,
                             actor_ids=actor_ids)
        except CurationError as exc:
            ack(response_action="errors", errors={"value": str(exc)[:150]})
            return
        ack()
        follow_up(store, client, meta.get("fact_id", ""))
        figures = figures_for(store, [new_id])
        decided = f"Corrected by <@{user}> as `{new_id}`"
        if figures and meta.get("response_url"):
            WebhookClient(meta["response_url"]).send(
                text=decided, blocks=review_blocks(figures[0], decided=decided),
                replace_original=True)

    return edit_submitted
