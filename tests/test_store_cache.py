"""Repeated questions are cached, and a change to the store is seen at once."""

from __future__ import annotations

import shutil
from pathlib import Path

from knowledge.answer import ask
from knowledge.db import make_engine
from knowledge.pack import init_store
from knowledge.store import FactStore
from tests.conftest import PACK, SEEDS


def test_a_reloaded_pack_is_answered_from_at_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    pack = tmp_path / "pack"
    shutil.copytree(PACK, pack)
    init_store(make_engine(url), pack_dir=pack, seeds_dir=SEEDS)
    store = FactStore(make_engine(url))  # a long-running bot's view of the store
    first = ask("/sanctions", store)
    assert ask("/sanctions", store) is first
    assert first.figures[0].row.value == 36

    facts = pack / "facts.toml"
    body = facts.read_text()
    marker = "quote = '''“The US will impose sanctions on 36 Iraqi persons"
    assert marker in body
    body = body.replace(marker, 'status = "rejected"\n' + marker)
    facts.write_text(body)
    init_store(make_engine(url), pack_dir=pack, seeds_dir=SEEDS)  # another process edits

    after = ask("/sanctions", store)
    assert after is not first
    assert after.figures == []
    assert after.message.startswith("No confirmed figures")


NEW_COPY = """Rockets hit Camp Taji as militias step up pressure

TAJI, Iraq (Wire) — Four rockets struck Camp Taji, a base north of the capital that hosts
coalition trainers, on Sunday night, the coalition said.
"""


def _ingest_elsewhere(url: str, folder: Path) -> None:
    """Ingest one article through a store of its own, as `factdesk ingest` would."""
    from knowledge.ingest import Ingester, read_paths

    (folder / "taji.txt").write_text(NEW_COPY, encoding="utf-8")
    Ingester(make_engine(url)).ingest(read_paths([str(folder / "taji.txt")]))


def _unreviewed(store: FactStore) -> set[str]:
    return {f.row.source_id for f in ask("/attacks", store).unreviewed}


def test_candidates_from_ingest_elsewhere_appear_within_the_intake_delay(
        store_copy: FactStore, tmp_path: Path) -> None:
    url = store_copy.engine.url.render_as_string(hide_password=False)
    serving = FactStore(make_engine(url), intake_delay=3600)
    first = ask("/attacks", serving)
    _ingest_elsewhere(url, tmp_path)
    assert "taji" not in _unreviewed(serving)  # noticed once an hour at most: not yet
    assert ask("/attacks", serving) is first
    serving.intake_delay = 0
    assert "taji" in _unreviewed(serving)


def test_a_quiet_store_shows_ingest_elsewhere_at_once(store_copy: FactStore,
                                                      tmp_path: Path) -> None:
    import time

    url = store_copy.engine.url.render_as_string(hide_password=False)
    serving = FactStore(make_engine(url), intake_delay=0.2)
    ask("/attacks", serving)
    time.sleep(0.25)  # nothing renewed for longer than the delay
    _ingest_elsewhere(url, tmp_path)
    assert "taji" in _unreviewed(serving)


def test_a_decision_is_answered_at_once_while_ingest_is_held_back(
        store_copy: FactStore, tmp_path: Path) -> None:
    from knowledge.curation import reject

    url = store_copy.engine.url.render_as_string(hide_password=False)
    serving = FactStore(make_engine(url), intake_delay=3600)
    before = ask("/sanctions", serving)
    assert before.figures
    _ingest_elsewhere(url, tmp_path)
    reject(make_engine(url), before.figures[0].row.id, who="U0EDITOR")
    after = ask("/sanctions", serving)
    assert before.figures[0].row.id not in {f.row.id for f in after.figures}
    assert "taji" in _unreviewed(serving)  # renewed with the decision, intake included


def test_the_change_counters_hold_no_transaction_open(store_copy: FactStore) -> None:
    """The counters' own connection reads in autocommit: it neither keeps an old snapshot
    nor holds a lock a writer would wait for."""
    from knowledge.curation import reject

    store_copy.generation()
    figure = ask("/sanctions", store_copy).figures[0].row.id
    reject(store_copy.engine, figure, who="U0EDITOR")
    assert figure not in {f.row.id for f in ask("/sanctions", store_copy).figures}
