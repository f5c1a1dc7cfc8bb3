"""What listeners need from outside Slack: the fact store and the database engine."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Engine

from knowledge.store import FactStore

__all__ = ["Deps", "ack_only"]


@dataclass(frozen=True)
class Deps:
    """Passed to every listener's ``register``; nothing is read from globals."""

    store: FactStore
    engine: Engine
    editors: frozenset[str] = frozenset()
    review_channel: str | None = None
    timezone: str = "UTC"
    sleep: Callable[[float], None] = time.sleep
    teams: Any = None

    def store_for(self, context: Any) -> FactStore:
        """The fact store of the workspace a request came from."""
        team = getattr(context, "team_id", None) or (
            context.get("team_id") if isinstance(context, dict) else None)
        return self.teams.for_team(team) if self.teams is not None else self.store


def ack_only(ack: Any) -> None:
    """The acknowledgement of a listener whose work is done lazily, after Slack hears back."""
    ack()
