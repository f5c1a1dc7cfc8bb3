"""/factcheck TEXT: every figure of a draft checked against the store, answered privately."""

from __future__ import annotations

import copy
import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from sqlalchemy.exc import DBAPIError

from bot.blocks import check_message, refusal_message
from bot.drafts import draft_text
from bot.listeners.commands.answer import STORE_UNAVAILABLE
from bot.listeners.context import Deps

__all__ = ["make_factcheck"]


def make_factcheck(deps: Deps) -> Callable[..., None]:
    """The callback for /factcheck: the verdicts go in the acknowledgement (ephemeral)."""

    def factcheck(ack: Any, command: dict[str, Any], context: Any,
                  logger: logging.Logger) -> None:
        from knowledge.check import check_draft  # the extractor loads on first use

        try:
            report = check_draft(draft_text(command.get("text") or ""),
                                 deps.store_for(context), as_of=dt.date.today())
            reply = check_message(report)
        except DBAPIError:
            logger.warning("factdesk: the fact store is unavailable")
            reply = refusal_message(STORE_UNAVAILABLE)
        except Exception:
            logger.exception("factdesk: could not check a draft")
            reply = refusal_message("Sorry, I could not check that just now; it has been logged.")
        ack(**copy.deepcopy(reply))

    return factcheck
