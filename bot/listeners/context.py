"""What listeners need from outside Slack: the fact store and the database engine."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.engine import Engine

from knowledge.store import FactStore

__all__ = ["Deps"]


@dataclass(frozen=True)
class Deps:
    """Passed to every listener's ``register``; nothing is read from globals."""

    store: FactStore
    engine: Engine
    editors: frozenset[str] = frozenset()
    review_channel: str | None = None
    timezone: str = "UTC"
    sleep: Callable[[float], None] = time.sleep
