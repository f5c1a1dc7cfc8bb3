"""What listeners need from outside Slack: the fact store and the database engine."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Engine

from knowledge.store import FactStore

__all__ = ["Deps"]


@dataclass(frozen=True)
class Deps:
    """Passed to every listener's ``register``; nothing is read from globals."""

    store: FactStore
    engine: Engine
