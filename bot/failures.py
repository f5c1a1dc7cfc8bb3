"""What went wrong, in one line an operator can act on; retries for what may pass by itself.

``explain(exc)`` turns the failures an operator can cause or meet (the database down or
mis-addressed, read-only storage, Slack unreachable or refusing the token, a missing or
contradictory setting) into one line and an exit status. ``patiently(...)`` retries a
transient failure with backoff, logging each retry, until a time budget runs out.
"""

from __future__ import annotations

import errno
import logging
import socket
import time
import urllib.error
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

__all__ = ["Failure", "OperatorError", "SlackUnreachable", "explain", "patiently"]

log = logging.getLogger("factdesk")
T = TypeVar("T")

# Exit statuses: 1 something else failed, 2 fix a setting or run a step first,
# 3 a service (the database, Slack, the disk) is unavailable — try again later.
SETTING, UNAVAILABLE, OTHER = 2, 3, 1

_REFUSED_TOKEN = {"invalid_auth", "not_authed", "token_revoked", "token_expired",
                  "account_inactive", "not_allowed_token_type", "no_permission"}
_UNREACHABLE = ("connection refused", "could not connect", "timeout expired", "timed out",
                "could not translate host name", "name or service not known",
                "no route to host", "network is unreachable", "server closed the connection",
                "connection reset", "terminating connection", "the database system is starting",
                "the database system is shutting down", "connection timed out",
                "temporary failure in name resolution", "nodename nor servname")


class OperatorError(RuntimeError):
    """A failure already put in one line, with its exit status."""

    def __init__(self, line: str, status: int = SETTING, *, transient: bool = False) -> None:
        super().__init__(line)
        self.status = status
        self.transient = transient


class SlackUnreachable(OperatorError):
    """Slack's Web API did not answer (network, DNS, proxy, SLACK_API_URL)."""


@dataclass(frozen=True)
class Failure:
    """One line saying what is wrong and what to do, the exit status, and whether waiting
    may fix it."""

    line: str
    status: int
    transient: bool = False


def explain(exc: BaseException) -> Failure | None:
    """The one-line account of ``exc``, or None when it is not an operator's failure."""
    from pydantic import ValidationError
    from slack_sdk.errors import SlackApiError
    from sqlalchemy import exc as sa

    from bot.settings import MissingSetting
    from knowledge.db import DatabaseUrlError

    if isinstance(exc, OperatorError):
        return Failure(str(exc), exc.status, exc.transient)
    if isinstance(exc, MissingSetting):
        return Failure(str(exc), SETTING)
    if isinstance(exc, ValidationError):
        return Failure(_setting_error(exc), SETTING)
    if isinstance(exc, DatabaseUrlError):
        return Failure(f"DATABASE_URL: {exc}", SETTING)
    if isinstance(exc, sa.NoSuchModuleError | sa.ArgumentError):
        return Failure("DATABASE_URL is not an address factdesk can use: use sqlite:///PATH or "
                       "postgresql://USER:PASSWORD@HOST/DATABASE", SETTING)
    if isinstance(exc, sa.DBAPIError):
        return _database_failure(exc)
    if isinstance(exc, SlackApiError):
        error = str((exc.response or {}).get("error", "")) if exc.response is not None else ""
        if error in _REFUSED_TOKEN:
            return Failure(f"Slack refused the bot token ({error}): copy the Bot User OAuth "
                           "Token (xoxb-…) from the app's OAuth & Permissions page into "
                           "SLACK_BOT_TOKEN, reinstalling the app if it was revoked", SETTING)
        if error == "ratelimited":
            return Failure("Slack is rate-limiting factdesk (ratelimited): it will retry",
                           UNAVAILABLE, transient=True)
        return Failure(f"Slack answered with an error ({error or 'unknown'})", OTHER)
    if isinstance(exc, OSError):
        return _os_failure(exc)
    return None


def _setting_error(exc: object) -> str:
    errors = exc.errors()  # type: ignore[attr-defined]
    first = errors[0] if errors else {"loc": (), "msg": "invalid"}
    name = ".".join(str(p) for p in first.get("loc", ())).upper() or "a setting"
    value = first.get("input")
    shown = f" {value!r}" if isinstance(value, str | int | float) and "TOKEN" not in name \
        and "SECRET" not in name else ""
    return f"{name}{shown}: {first.get('msg', 'invalid')} (see README, Configuration)"


def _where(exc: object) -> str:
    """The database an error is about, password hidden."""
    try:
        from sqlalchemy.engine import make_url

        from bot.settings import get_settings

        url = make_url(get_settings().database_url)
        if url.drivername.startswith("sqlite"):
            return url.database or "(memory)"
        return f"{url.host or 'localhost'}:{url.port or 5432}/{url.database or ''}"
    except Exception:  # noqa: BLE001
        return "the database"


def _database_failure(exc: BaseException) -> Failure:
    original = getattr(exc, "orig", None) or exc
    text = " ".join(str(original).split()).lower()
    where = _where(exc)
    if any(marker in text for marker in _UNREACHABLE):
        reason = next(m for m in _UNREACHABLE if m in text)
        return Failure(f"cannot reach the database at {where} ({reason}): start it, or fix "
                       "DATABASE_URL", UNAVAILABLE, transient=True)
    if "password authentication failed" in text or ("role" in text and "does not exist" in text):
        return Failure(f"the database at {where} refused the login: check the user and "
                       "password in DATABASE_URL", SETTING)
    if "database" in text and "does not exist" in text:
        return Failure(f"the database {where} does not exist: create it (createdb) or fix "
                       "DATABASE_URL", SETTING)
    if "readonly" in text or "read-only" in text or "read only" in text:
        return Failure(f"cannot write the store {where}: it is read-only; give factdesk a "
                       "writable place (DATABASE_URL, or a writable var/ folder)", UNAVAILABLE)
    if "unable to open database file" in text:
        return Failure(f"cannot open the store {where}: its folder is missing or not writable; "
                       "fix DATABASE_URL or the folder's permissions", UNAVAILABLE)
    if "disk is full" in text or "no space left" in text:
        return Failure(f"the disk holding {where} is full: free space, then retry", UNAVAILABLE)
    if "no such table" in text or "does not exist" in text and "relation" in text:
        return Failure("the store is not set up: run `factdesk init`", SETTING)
    if "locked" in text:
        return Failure(f"the store {where} stayed locked by another process: retry",
                       UNAVAILABLE, transient=True)
    return Failure(f"the database at {where} failed ({original.__class__.__name__}: "
                   f"{' '.join(str(original).split())[:200]})", OTHER)


def _os_failure(exc: OSError) -> Failure | None:
    if isinstance(exc, urllib.error.URLError | socket.gaierror | ConnectionError | TimeoutError):
        reason = getattr(exc, "reason", exc)
        return Failure(f"cannot reach {getattr(exc, 'url', '') or 'the network'} ({reason})",
                       UNAVAILABLE, transient=True)
    place = exc.filename or "a file"
    if exc.errno in {errno.EROFS, errno.EACCES, errno.EPERM}:
        return Failure(f"cannot write {place} ({exc.strerror}): run factdesk where it may "
                       "write, or point DATABASE_URL at a writable place", UNAVAILABLE)
    if exc.errno == errno.ENOSPC:
        return Failure(f"no space left for {place}: free space, then retry", UNAVAILABLE)
    if exc.errno == errno.ENOENT:
        return Failure(f"{place}: no such file or folder", SETTING)
    return None


def patiently(what: str, attempt: Callable[[], T], *, budget: float,
              sleep: Callable[[float], None] = time.sleep) -> T:
    """Call ``attempt`` until it succeeds, retrying transient failures with backoff (0.5 s,
    1 s, 2 s … at most 8 s) for ``budget`` seconds; each retry is logged in one line."""
    deadline = time.monotonic() + max(0.0, budget)
    delay, tries = 0.5, 1
    while True:
        try:
            return attempt()
        except Exception as exc:  # noqa: BLE001
            failure = explain(exc)
            left = deadline - time.monotonic()
            if failure is None or not failure.transient or left <= 0:
                raise
            wait = min(delay, left)
            log.warning("%s: %s; retry %d in %.1f s", what, failure.line, tries, wait)
            sleep(wait)
            delay, tries = min(delay * 2, 8.0), tries + 1
