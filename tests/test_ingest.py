"""Ingest: formats, duplicates and wire copies, bad files, atomicity, the drop folder."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from bench.articles import write_articles
from bot.render import mrkdwn
from knowledge.answer import ask, list_figures
from knowledge.db import make_engine
from knowledge.ingest import Ingester, read_paths
from knowledge.store import FactStore
from tests.conftest import ROOT

ARTICLES = ROOT / "tests" / "articles"
FACTDESK = shutil.which("factdesk", path=str(Path(sys.executable).parent)) or "factdesk"


PARTIAL_SOURCES = text(
    "SELECT s.id FROM source s LEFT JOIN fact f ON f.source_id = s.id "
    "AND f.status = 'candidate' WHERE s.id LIKE 'article-%' "
    "GROUP BY s.id, s.figures_extracted HAVING count(f.id) != s.figures_extracted")


def _ingest(store: FactStore, *paths: str):
    return Ingester(store.engine, store=store).ingest(read_paths(list(paths)))


def test_every_format_goes_in_and_bad_items_are_reported(store_copy: FactStore) -> None:
    report = _ingest(store_copy, str(ARTICLES))
    by_path = {Path(r.path).name: r for r in report.results}  # "batch.jsonl:3", "feed.xml#1"
    assert by_path["hard_cases.txt"].status == "added"
    assert by_path["page.html"].status == "added" and by_path["page.html"].figures == 3
    assert by_path["feed.xml#1"].status == "added" and by_path["feed.xml#2"].status == "added"
    assert by_path["batch.jsonl:1"].status == "added"
    assert by_path["batch.jsonl:3"].error.startswith("not JSON")
    assert by_path["batch.jsonl:4"].error.startswith("no text")
    assert by_path["empty_page.html"].error == "HTML page with no article text"
    wire = by_path["wire_copy.txt"]
    assert wire.status == "near_duplicate"
    assert wire.cluster == store_copy.sources(["000_925b2a90b10570b4"])[
        "000_925b2a90b10570b4"].cluster_id
    assert report.to_json()["failed"] == 3


def test_metadata_comes_from_sidecar_html_feed_or_is_recorded_missing(store_copy) -> None:
    _ingest(store_copy, str(ARTICLES))
    rows = {s.id: s for s in store_copy.all_sources(limit=100)}
    assert rows["hard_cases"].outlet == "Test Desk"
    assert rows["page"].outlet == "Desert Dispatch"
    assert rows["page"].published.isoformat() == "2021-02-10"
    feed = next(s for s in rows.values() if s.title == "Drones target Erbil airport")
    assert feed.outlet == "Gulf Wire" and feed.published.isoformat() == "2021-04-15"
    with store_copy.engine.connect() as connection:
        missing = connection.execute(text(
            "SELECT missing FROM source WHERE id = 'wire-2021-03-02'")).scalar()
    missing = json.loads(missing) if isinstance(missing, str) else missing
    assert missing == ["url"]


def test_ingest_is_idempotent(store_copy: FactStore) -> None:
    first = _ingest(store_copy, str(ARTICLES))
    count = len(list_figures(store_copy, status="candidate").listing)
    again = _ingest(store_copy, str(ARTICLES))
    assert again.count("added") == again.count("near_duplicate") == 0
    assert again.count("duplicate") == first.count("added") + first.count("near_duplicate")
    assert len(list_figures(store_copy, status="candidate").listing) == count


def test_bad_files_get_one_line_and_the_batch_goes_on(store_copy, tmp_path: Path) -> None:
    folder = tmp_path / "drop"
    folder.mkdir()
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (folder / "empty.txt").write_text("")
    (folder / "latin1.txt").write_bytes("Caf\xe9 story".encode("latin-1"))
    with open(folder / "huge.txt", "wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    (folder / "photo.png").write_bytes(b"\x89PNG")
    shutil.copy(ARTICLES / "hard_cases.txt", folder / "good.txt")
    report = _ingest(store_copy, str(folder))
    errors = {Path(r.path).name: r.error for r in report.results if r.status == "failed"}
    assert errors["binary.txt"] == "binary file, not text"
    assert errors["empty.txt"] == "empty file"
    assert errors["latin1.txt"].startswith("not UTF-8 text")
    assert errors["huge.txt"].startswith("too large (50.0 MB")
    assert errors["photo.png"].startswith("unsupported file type")
    assert all("\n" not in e for e in errors.values())
    assert report.count("added") == 1


def test_candidates_are_shown_apart_and_labelled_unreviewed(store_copy) -> None:
    _ingest(store_copy, str(ARTICLES / "page.html"))
    answer = ask("/attacks", store_copy)
    data = answer.to_json()
    assert {f["status"] for f in data["figures"]} == {"confirmed"}
    assert "page-c002" in {f["id"] for f in data["unreviewed"]}
    assert {f["status"] for f in data["unreviewed"]} == {"candidate"}
    text = mrkdwn(answer)
    assert "*Unreviewed*" in text and "_unreviewed_" in text
    headline = answer.sections[0].headline.lead
    assert headline.row.status == "confirmed"


def test_facts_json_lists_candidates_by_source(store_copy, tmp_path: Path) -> None:
    _ingest(store_copy, str(ARTICLES / "hard_cases.txt"))
    env = {**os.environ, "DATABASE_URL": str(store_copy.engine.url)}
    out = subprocess.run([FACTDESK, "facts", "--status", "candidate", "--source", "hard_cases",
                          "--json"], env=env, capture_output=True, text=True, timeout=60)
    data = json.loads(out.stdout)
    assert {"query", "topic", "figures", "conflicts", "text"} <= set(data)
    assert len(data["figures"]) == 15
    assert {f["status"] for f in data["figures"]} == {"candidate"}
    assert {f["source"]["id"] for f in data["figures"]} == {"hard_cases"}


def test_ingest_json_contract_from_the_command_line(store_copy) -> None:
    env = {**os.environ, "DATABASE_URL": str(store_copy.engine.url)}
    out = subprocess.run([FACTDESK, "ingest", str(ARTICLES), "--json"], env=env,
                         capture_output=True, text=True, timeout=120)
    data = json.loads(out.stdout)
    assert set(data) == {"sources", "added", "duplicates", "near_duplicates", "failed"}
    assert set(data["sources"][0]) == {"id", "path", "title", "status", "error", "figures"}
    assert data["failed"] == 3 and data["near_duplicates"] == 1
    assert "Traceback" not in out.stderr


def test_a_killed_ingest_leaves_no_partial_source(store_copy, tmp_path: Path) -> None:
    folder = write_articles(tmp_path / "backfill", 3000)
    env = {**os.environ, "DATABASE_URL": str(store_copy.engine.url)}

    def scalar(sql: str) -> object:
        with store_copy.engine.connect() as connection:
            return connection.execute(text(sql)).scalar()

    process = subprocess.Popen([FACTDESK, "ingest", str(folder)], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if scalar("SELECT count(*) FROM source") > 100:
            break
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    assert 100 < scalar("SELECT count(*) FROM source") < 3005
    with store_copy.engine.connect() as connection:
        assert connection.execute(PARTIAL_SOURCES).fetchall() == []
    assert scalar("SELECT count(*) FROM fact WHERE source_id NOT IN "
                  "(SELECT id FROM source)") == 0
    finished = subprocess.run([FACTDESK, "ingest", str(folder), "--json"], env=env,
                              capture_output=True, text=True, timeout=300)
    data = json.loads(finished.stdout)
    assert data["failed"] == 0 and data["added"] + data["duplicates"] == 3000


def test_watch_picks_up_files_dropped_in_the_folder(store_copy, tmp_path: Path) -> None:
    drop = tmp_path / "drop"
    drop.mkdir()
    env = {**os.environ, "DATABASE_URL": str(store_copy.engine.url)}
    process = subprocess.Popen([FACTDESK, "ingest", "--watch", str(drop), "--interval", "0.2"],
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(1.0)
        shutil.copy(ARTICLES / "hard_cases.txt", drop / "late.txt")
        deadline = time.monotonic() + 30
        found = 0
        while time.monotonic() < deadline and not found:
            with store_copy.engine.connect() as connection:
                found = connection.execute(text(
                    "SELECT count(*) FROM source WHERE id = 'late'")).scalar()
            time.sleep(0.1)
        assert found == 1
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.mark.sqlite_only
def test_a_full_disk_fails_cleanly_and_leaves_the_store_intact(store_copy, tmp_path) -> None:
    from sqlalchemy import event

    db = str(store_copy.engine.url.database)
    with sqlite3.connect(db) as conn:
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
    engine = make_engine(f"sqlite:///{db}")

    @event.listens_for(engine, "connect")
    def _cap(dbapi_connection, _record) -> None:  # a disk with room for ~60 more pages
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages + 60}")

    folder = write_articles(tmp_path / "many", 400)
    report = Ingester(engine).ingest(read_paths([str(folder)]))
    failures = [r for r in report.results if r.status == "failed"]
    assert failures, "the capped store should fill up"
    assert all("database or disk is full" in r.error and "\n" not in r.error for r in failures)
    assert report.count("added") > 0
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        assert conn.execute(PARTIAL_SOURCES).fetchall() == []
    assert ask("/troops", FactStore(make_engine(f"sqlite:///{db}"))).sections


_FIGURE_ROWS = text(
    "SELECT f.id, f.metric, f.value, f.qualifier, f.place_id, f.quote, f.as_of, "
    "f.attributed_to, s.cluster_id FROM fact f JOIN source s ON s.id = f.source_id "
    "WHERE f.origin = 'extract' ORDER BY f.id")


def test_extraction_processes_store_what_one_process_stores(store_copy, tmp_path,
                                                             caplog) -> None:
    """`factdesk ingest --workers 2`, for backfills: forked processes read and extract, and
    send back figures with their places, times and speakers; the store gets every figure
    one process would have stored, the same, and the same copies."""
    from knowledge.pack import init_store
    from tests.conftest import PACK, SEEDS

    corpus = ROOT / "tests" / "corpora" / "conflict"
    paths = [str(ARTICLES), str(corpus), str(write_articles(tmp_path / "made_up", 150))]
    one = FactStore(make_engine(f"sqlite:///{tmp_path / 'one.db'}"))
    init_store(one.engine, pack_dir=PACK, seeds_dir=SEEDS)
    alone = Ingester(one.engine, store=one).ingest(read_paths(paths))
    with caplog.at_level("WARNING", logger="knowledge.ingest"):
        forked = Ingester(store_copy.engine, store=store_copy).ingest(read_paths(paths),
                                                                      workers=2)
    assert not caplog.records  # every figure came back from the extraction processes
    assert [(r.path, r.status, r.figures, r.error) for r in forked.results] == \
        [(r.path, r.status, r.figures, r.error) for r in alone.results]
    with one.engine.connect() as a, store_copy.engine.connect() as b:
        expected, got = a.execute(_FIGURE_ROWS).all(), b.execute(_FIGURE_ROWS).all()
    assert len(expected) > 1000 and any(row.place_id for row in expected)
    # (one store may be PostgreSQL, whose dates come back as dates: compared as text)
    assert [tuple(map(str, row)) for row in got] == [tuple(map(str, row)) for row in expected]


def test_a_killed_extraction_process_loses_nothing(store_copy, tmp_path, caplog) -> None:
    """An extraction process killed mid-backfill: the rest is read in the writing process,
    every source is stored with its figures, and the log says what happened."""
    import multiprocessing

    articles = write_articles(tmp_path / "made_up", 300)
    killed: list[int] = []

    def kill_one(_result) -> None:
        if not killed and (children := multiprocessing.active_children()):
            killed.append(children[0].pid)
            os.kill(children[0].pid, signal.SIGKILL)

    with caplog.at_level("WARNING", logger="knowledge.ingest"):
        report = Ingester(store_copy.engine, store=store_copy).ingest(
            read_paths([str(articles)]), workers=2, progress=kill_one)
    assert killed and report.count("added") + report.count("near_duplicate") == 300
    assert any("extraction processes stopped" in r.getMessage() for r in caplog.records)
    with store_copy.engine.connect() as connection:
        assert connection.execute(PARTIAL_SOURCES).all() == []
        stored = connection.execute(text(
            "SELECT count(*) FROM source WHERE origin_path LIKE :folder"),
            {"folder": f"{articles}%"}).scalar()
    assert stored == 300


def test_signatures_are_datasketchs_value_for_value() -> None:
    """Signatures stored by earlier versions (datasketch's MinHash) still compare as copies."""
    from datasketch import MinHash

    from bench.articles import make_articles
    from knowledge.dedupe import NUM_PERM, SCHEME, _shingles, band_keys, jaccard, signature, signature_of

    texts = ["", "one two", "Ünïcode ßtraße — “quoted” café, naïve: 12,500 troops.",
             "Snake_case WORDS\x1cand\ttabs, 3.5% o'clock; U.S.-led [2,500]\r\nnext  line",
             "one two three four one two three four"] + [
        text for _name, text, _meta in make_articles(40)]
    for body in texts:
        words = re.findall(r"\w+", body.casefold())  # word 4-shingles, as they always were
        shingles = {" ".join(words[i: i + 4]).encode() for i in range(len(words) - 3)} \
            if len(words) >= 4 else ({" ".join(words).encode()} if words else set())
        assert _shingles(body) == shingles
        reference = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
        reference.update_batch(list(shingles))
        stored = signature_of(body)
        assert stored == reference.hashvalues.astype("uint64").tobytes()
        assert jaccard(signature(body), reference) == 1.0
        values = [int(v) for v in reference.hashvalues]
        assert band_keys(stored) == [
            (band, ((values[3 * band] << 31) ^ (values[3 * band + 1] << 15)
                    ^ values[3 * band + 2]) & 0x7FFF_FFFF_FFFF_FFFF) for band in range(42)]
