"""/digest subscribe [HH:MM] [timezone] | unsubscribe | now | status."""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable
from typing import Any

from bot.digesting import run_channel_digest
from bot.listeners.context import Deps
from bot.render import escape
from knowledge.digest import SubscriptionError, subscribe, subscription, unsubscribe

__all__ = ["make_digest_ack", "make_digest_now"]

USAGE = ("Use `/digest subscribe [HH:MM] [timezone]`, `/digest unsubscribe`, `/digest now` or "
         "`/digest status`.")


def _status(store: Any, channel: str) -> str:
    sub = subscription(store, channel)
    if sub is None:
        return "This channel has no digest. " + USAGE
    last = sub["last_posted_at"]
    last_text = last.strftime("%-d %b %Y %H:%M UTC") if last else "none yet"
    return (f"Daily digest at {sub['time']} {escape(sub['timezone'])}; last digest: "
            f"{last_text}; {sub['waiting']} new source(s) waiting.")


def make_digest_ack(deps: Deps) -> Callable[..., None]:
    """Answers at once; subscribe, unsubscribe and status need no more than that."""

    def digest_command(ack: Any, command: dict[str, Any], context: Any,
                       logger: logging.Logger) -> None:
        words = (command.get("text") or "").split()
        action = words[0].lower() if words else "status"
        channel = command.get("channel_id", "")
        store = deps.store_for(context)
        try:
            if action == "subscribe":
                sub = subscribe(store, channel, time_text=words[1] if len(words) > 1 else None,
                                zone_text=words[2] if len(words) > 2 else None,
                                who=command.get("user_id", ""), default_zone=deps.timezone)
                text = (f"Subscribed: a digest of new sources every day at {sub['time']} "
                        f"{escape(sub['timezone'])}.")
            elif action == "unsubscribe":
                text = ("Unsubscribed: no more digests here." if unsubscribe(store, channel)
                        else "This channel had no digest.")
            elif action == "now":
                text = "Posting a digest of what is new now…"
            elif action == "status":
                text = _status(store, channel)
            else:
                text = f"I don't know “{escape(action[:40])}”. " + USAGE
        except SubscriptionError as exc:
            text = escape(str(exc))
        except Exception:
            logger.exception("factdesk: /digest failed")
            text = "Sorry, that did not work; it has been logged."
        ack(response_type="ephemeral", text=text)

    return digest_command


def make_digest_now(deps: Deps) -> Callable[..., None]:
    """Lazy: for `/digest now`, run and post the digest after the ack."""

    def digest_now(command: dict[str, Any], client: Any, respond: Any, context: Any,
                   logger: logging.Logger) -> None:
        words = (command.get("text") or "").split()
        if not words or words[0].lower() != "now":
            return
        channel = command.get("channel_id", "")
        outcome = run_channel_digest(deps.store_for(context), client, channel,
                                     run_key=f"now-{uuid.uuid4().hex}",
                                     now=dt.datetime.now(dt.UTC), sleep=deps.sleep)
        if outcome.status in {"skipped", "failed"}:
            logger.info("factdesk: /digest now in %s: %s", channel, outcome.reason)
            respond(response_type="ephemeral", replace_original=False,
                    text=f"No digest was posted: {escape(outcome.reason)}.")

    return digest_now
