"""One fact store per Slack workspace when factdesk serves several newsrooms."""

from __future__ import annotations

import re
import threading
from pathlib import Path

from knowledge.db import create_tables, make_engine
from knowledge.store import FactStore

__all__ = ["TeamStores"]

_TEAM = re.compile(r"^[A-Z0-9]{1,32}$")


class TeamStores:
    """Team id -> FactStore from a URL template such as ``sqlite:///var/teams/{team}.db``."""

    def __init__(self, default: FactStore, template: str | None, *,
                 seeds_dir: Path | None = None, pack_dir: Path | None = None) -> None:
        self.default = default
        self.template = template
        self.seeds_dir = seeds_dir
        self.pack_dir = pack_dir
        self._stores: dict[str, FactStore] = {}
        self._lock = threading.Lock()

    def url_for(self, team_id: str) -> str:
        """The database URL of a team's store."""
        if not _TEAM.match(team_id or ""):
            raise ValueError(f"not a Slack team id: {team_id!r}")
        assert self.template is not None
        return self.template.format(team=team_id.lower())

    def for_team(self, team_id: str | None) -> FactStore:
        """The team's store (the default one when stores are not split by team)."""
        if not self.template or not team_id:
            return self.default
        with self._lock:
            store = self._stores.get(team_id)
            if store is None:
                engine = make_engine(self.url_for(team_id))
                create_tables(engine)  # a team's store follows the code's migrations too
                store = FactStore(engine)
                self._stores[team_id] = store
            return store

    def prepare(self, team_id: str) -> None:
        """Create a newly installed team's store and load the story pack into it."""
        if not self.template:
            return
        from knowledge.stories import DEFAULT_PACK_DIR, load_story

        url = self.url_for(team_id)
        if url.startswith("sqlite:///"):
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        load_story(make_engine(url), pack_dir=self.pack_dir or DEFAULT_PACK_DIR,
                   seeds_dir=self.seeds_dir)
