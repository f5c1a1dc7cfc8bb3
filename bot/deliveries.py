"""Which Slack event deliveries have been handled, so retries never answer twice."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import text
from sqlalchemy.engine import Engine

from knowledge.models import Delivery

__all__ = ["Delivery", "first_delivery"]


def first_delivery(engine: Engine, event_id: str) -> bool:
    """Record ``event_id``; True only the first time it is seen (atomic across processes)."""
    statement = text(
        "INSERT INTO delivery (event_id, received_at) VALUES (:event_id, :now) "
        "ON CONFLICT (event_id) DO NOTHING"
    )
    with engine.begin() as connection:
        result = connection.execute(
            statement, {"event_id": event_id[:200], "now": dt.datetime.now(dt.UTC)}
        )
        return result.rowcount == 1
