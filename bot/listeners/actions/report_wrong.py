"""Wrong figure? — opens a short modal on any answer."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from bot.blocks import report_modal
from bot.listeners.context import Deps

__all__ = ["make_report_wrong"]


def make_report_wrong(deps: Deps) -> Callable[..., None]:
    """Open the report modal, remembering the question and where the answer was."""

    def report_wrong(ack: Any, body: dict[str, Any], client: Any) -> None:
        ack()
        question = str((body.get("actions") or [{}])[0].get("value") or "")
        container = body.get("container") or {}
        metadata = json.dumps({
            "question": question[:500],
            "channel": (body.get("channel") or {}).get("id") or container.get("channel_id"),
            "ts": container.get("message_ts"),
            "ephemeral": bool(container.get("is_ephemeral")),
        })
        client.views_open(trigger_id=body["trigger_id"],
                          view=report_modal(metadata=metadata, question=question))

    return report_wrong
