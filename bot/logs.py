"""Logging for every factdesk process: one line per record, nothing private, tracebacks on ask.

At the default level (``FACTDESK_LOG_LEVEL=info``) a failure is one line naming the error;
``--debug`` or ``FACTDESK_LOG_LEVEL=debug`` adds its traceback. Bolt's own message about a
request with a bad signature carries the whole request body (a reporter's question, their
user id); it is replaced by a line that names only the refusal.
"""

from __future__ import annotations

import logging
import os
import sys

__all__ = ["PrivateRequestFilter", "configure_logging", "debug_enabled", "enable_debug"]

_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO, "warning": logging.WARNING,
           "error": logging.ERROR}
_SIGNATURE_LOGGER = "slack_bolt.RequestVerification"


def debug_enabled() -> bool:
    """True with ``--debug`` or FACTDESK_LOG_LEVEL=debug: show tracebacks."""
    return os.environ.get("FACTDESK_LOG_LEVEL", "").strip().lower() == "debug"


def enable_debug() -> None:
    """Turn on tracebacks for this process and the processes it starts (``--debug``)."""
    os.environ["FACTDESK_LOG_LEVEL"] = "debug"
    logging.getLogger().setLevel(logging.DEBUG)


class _OneLine(logging.Formatter):
    """The message, and an exception as ``: Class: text`` on the same line (no traceback)."""

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            detail = " ".join(str(error).split())[:300]
            message = f"{message}: {error.__class__.__name__}" + (f": {detail}" if detail else "")
        return message.replace("\n", " ")


class PrivateRequestFilter(logging.Filter):
    """Replace Bolt's bad-signature message (which holds the request body) by one that does
    not: the refusal is logged, the body never is."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name == _SIGNATURE_LOGGER or "Invalid request signature" in str(record.msg):
            record.msg = "refused a request with an invalid or stale signature (401)"
            record.args = ()
        return True


_PRIVATE = PrivateRequestFilter()


def protect_request_logs() -> None:
    """Attach the filter to Bolt's signature logger (Bolt copies levels, not our filter)."""
    logging.getLogger(_SIGNATURE_LOGGER).addFilter(_PRIVATE)


def configure_logging() -> None:
    """One line per record on standard error, at FACTDESK_LOG_LEVEL (default info)."""
    debug = debug_enabled()
    level = _LEVELS.get(os.environ.get("FACTDESK_LOG_LEVEL", "info").strip().lower(),
                        logging.INFO)
    root = logging.getLogger()
    handler = next((h for h in root.handlers if getattr(h, "_factdesk", False)), None)
    if handler is None:
        handler = logging.StreamHandler(sys.stderr)
        handler._factdesk = True  # type: ignore[attr-defined]
        handler.addFilter(_PRIVATE)
        root.addHandler(handler)
    handler.setFormatter(logging.Formatter("%(message)s") if debug else _OneLine())
    root.setLevel(level)
    protect_request_logs()
    # Libraries that talk at INFO about their own machinery.
    for name in ("alembic", "apscheduler", "apscheduler.scheduler", "apscheduler.executors.default",
                 "slack_sdk.socket_mode"):
        logging.getLogger(name).setLevel(logging.DEBUG if debug else logging.WARNING)
    # slack_sdk says each retry in three lines and each failure once more; factdesk's retry
    # handlers log one line per retry and the caller reports the failure.
    logging.getLogger("slack_sdk.web.base_client").setLevel(
        logging.DEBUG if debug else logging.CRITICAL)
