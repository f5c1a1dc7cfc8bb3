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
