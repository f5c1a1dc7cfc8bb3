"""Find earlier copies of a story in the store (wire copy), without comparing all pairs.

Each source's MinHash signature is cut into LSH bands stored in ``wireband``; a new text's
candidates are the sources sharing a band, and the closest one at or above the threshold
is its copy. The index lives in the database, so memory stays flat however many sources
there are, and every process sees the same clusters.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from knowledge.dedupe import THRESHOLD, band_keys, jaccard
from knowledge.models import Source, WireBand

if TYPE_CHECKING:  # datasketch is slow to import; knowledge.dedupe imports it on first use
    from datasketch import MinHash

__all__ = ["MAX_CANDIDATES", "CopyIndex", "find_copy", "index_bands"]

MAX_CANDIDATES = 20


def find_copy(connection: Connection, minhash: MinHash, *, exclude: str | None = None
              ) -> tuple[str, str, float] | None:
    """(source id, its cluster, similarity) of the closest earlier copy, or None."""
    keys = set(band_keys(minhash))
    rows = connection.execute(select(WireBand.key, WireBand.band, WireBand.source_id)
                              .where(WireBand.key.in_([key for _band, key in keys])))
    shared: dict[str, int] = {}
    for key, band, source_id in rows:
        if (band, key) in keys and source_id != exclude:
            shared[source_id] = shared.get(source_id, 0) + 1
    # The sources sharing most bands are the likeliest copies; score only those.
    candidates = sorted(shared, key=shared.__getitem__, reverse=True)[:MAX_CANDIDATES]
    if not candidates:
        return None
    best: tuple[str, str, float] | None = None
    rows = connection.execute(select(Source.id, Source.cluster_id, Source.minhash)
                              .where(Source.id.in_(candidates)))
    for source_id, cluster_id, raw in rows:
        if not raw:
            continue
        score = jaccard(minhash, raw)
        if score >= THRESHOLD and (best is None or score > best[2]):
            best = (source_id, cluster_id, score)
    return best


def _any_of(connection: Connection, head: str, values: list[Any], kind: str
            ) -> list[tuple[Any, ...]]:
    """Rows of ``head`` (a query ending in a column) where that column is one of
    ``values``, passed as one parameter: a JSON array on SQLite, an array on PostgreSQL
    (thousands of keys per batch, with no statement to build for each list)."""
    if not values:
        return []
    if connection.dialect.name == "postgresql":
        return list(connection.exec_driver_sql(f"{head} = ANY(%s::{kind}[])", (values,)))
    return list(connection.exec_driver_sql(f"{head} IN (SELECT value FROM json_each(?))",
                                           (json.dumps(values),)))


def index_bands(connection: Connection, source_id: str, minhash: MinHash, *,
                replace: bool = True) -> None:
    """Store a source's bands (replacing any it had, unless the source is new)."""
    if replace:
        connection.execute(WireBand.__table__.delete().where(  # type: ignore[attr-defined]
            WireBand.source_id == source_id))
    connection.execute(insert(WireBand.__table__), [  # type: ignore[attr-defined]
        {"band": band, "key": key, "source_id": source_id}
        for band, key in dict.fromkeys(band_keys(minhash))])


@dataclass
class CopyIndex:
    """The bands and signatures a batch of new texts may share with the store, loaded with
    two queries, and the batch's own texts as they are added: copies within one batch are
    found as copies in the store are."""

    _bands: dict[tuple[int, int], list[str]] = field(default_factory=dict)
    _sources: dict[str, tuple[str, bytes]] = field(default_factory=dict)

    @classmethod
    def load(cls, connection: Connection, texts: list[list[tuple[int, int]]]) -> CopyIndex:
        """The index for a batch of texts (each given by its band keys): every band they
        share with the store, and the signatures of each text's likeliest copies only."""
        index = cls()
        keys = {key for text in texts for key in text}
        wanted = sorted({key for _band, key in keys})
        for band, key, source_id in _any_of(
                connection, "SELECT band, key, source_id FROM wireband WHERE key", wanted,
                "bigint"):
            if (band, key) in keys:
                index._bands.setdefault((band, key), []).append(source_id)
        likely: set[str] = set()
        for text in texts:  # as nearest() ranks them, with room for the batch's own texts
            likely.update(index._ranked(text)[: 2 * MAX_CANDIDATES])
        for source_id, cluster_id, raw in _any_of(
                connection, "SELECT id, cluster_id, minhash FROM source WHERE id",
                sorted(likely), "text"):
            if raw:
                index._sources[source_id] = (cluster_id, bytes(raw))
        return index

    def nearest(self, keys: list[tuple[int, int]], signature: bytes
                ) -> tuple[str, str, float] | None:
        """(source id, cluster, similarity) of the closest copy, as ``find_copy`` gives."""
        candidates = self._ranked(keys)[:MAX_CANDIDATES]
        best: tuple[str, str, float] | None = None
        for source_id in candidates:
            known = self._sources.get(source_id)
            if known is None:
                continue
            score = jaccard(signature, known[1])
            if score >= THRESHOLD and (best is None or score > best[2]):
                best = (source_id, known[0], score)
        return best

    def _ranked(self, keys: list[tuple[int, int]]) -> list[str]:
        """Sources sharing bands with ``keys``, most bands first."""
        shared: dict[str, int] = {}
        for key in keys:
            for source_id in self._bands.get(key, ()):
                shared[source_id] = shared.get(source_id, 0) + 1
        return sorted(shared, key=shared.__getitem__, reverse=True)

    def add(self, source_id: str, cluster_id: str, keys: list[tuple[int, int]],
            signature: bytes) -> None:
        for key in keys:
            self._bands.setdefault(key, []).append(source_id)
        self._sources[source_id] = (cluster_id, signature)
