"""Loading the seeds and the curated pack: complete, idempotent, all-or-nothing."""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlmodel import Session

from knowledge.db import make_engine
from knowledge.models import Alias, Fact, Source
from knowledge.pack import PackError, init_store, read_pack
from tests.conftest import PACK, SEEDS


def _count(url: str, model: type) -> int:
    with Session(make_engine(url)) as session:
        return session.exec(select(func.count()).select_from(model)).one()[0]


def test_every_seed_has_a_careful_sidecar() -> None:
    texts = sorted(SEEDS.glob("*.txt"))
    assert len(texts) == 5
    for path in texts:
        meta = json.loads(path.with_name(path.stem + ".meta.json").read_text())
        assert set(meta) >= {"outlet", "title", "url", "published", "notes"}
        assert meta["published"][:4] in {"2020", "2021"}
        assert len(meta["notes"]) > 80, f"{path.name}: notes should say how the date was worked out"
    furniture = json.loads((SEEDS / "004_1ef15bec9a80b5db.meta.json").read_text())
    assert furniture["published"] == "2020-10-06", "MARCH 2021 is a donation widget, not a date"


def test_init_loads_everything_once(seed_db: str) -> None:
    assert _count(seed_db, Source) == 5
    pack = read_pack(PACK)
    assert _count(seed_db, Fact) == len(pack.facts)
    engine = make_engine(seed_db)
    report = init_store(engine, pack_dir=PACK, seeds_dir=SEEDS)
    assert report.sources_added == [] and len(report.sources_unchanged) == 5
    assert _count(seed_db, Source) == 5
    assert _count(seed_db, Fact) == len(pack.facts)


def test_every_quote_is_verbatim_at_its_offsets(seed_db: str) -> None:
    engine = make_engine(seed_db)
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT f.id, f.quote, f.quote_start, f.quote_end, s.text "
                 "FROM fact f JOIN source s ON s.id = f.source_id")
        ).all()
    assert rows
    for fact_id, quote, start, end, source_text in rows:
        assert source_text[start:end] == quote, fact_id


def test_wire_copies_share_a_cluster(store) -> None:
    sources = {s.id: s for s in store.all_sources()}
    assert sources["000_925b2a90b10570b4"].cluster_id == sources["001_4a80a5298d402f5f"].cluster_id
    others = {sources[i].cluster_id for i in ("002_18e518f6444891f7", "003_62d1c83e2203f050",
                                              "004_1ef15bec9a80b5db")}
    assert len(others) == 3 and sources["000_925b2a90b10570b4"].cluster_id not in others


def test_pack_spells_the_pm_and_the_pmf_every_way_the_seeds_do(seed_db: str) -> None:
    with Session(make_engine(seed_db)) as session:
        pm = {r[0] for r in session.exec(select(Alias.text).where(
            Alias.actor_id == "mustafa-al-kadhimi")).all()}
        pmf = {r[0] for r in session.exec(select(Alias.text).where(
            Alias.actor_id == "popular-mobilization-forces")).all()}
    seeds = " ".join(p.read_text() for p in SEEDS.glob("*.txt"))
    for spelling in ("al-Kadhimi", "Al-Kadhimi", "al-Kadhmi", "Kadhemi", "Kadhimi", "Khadhimi",
                     "Mustafa Kadhimi", "Mustafa Al-Kazemi"):
        assert spelling in seeds and spelling in pm
    for spelling in ("Popular Mobilisation Forces", "Popular Mobilization Forces", "PMF",
                     "Hashd al-Shaabi", "Popular Mobilization Units", "Popular Mobilization forces"):
        assert spelling in seeds and spelling in pmf


# --------------------------------------------------------------------------- refusals


@pytest.fixture
def pack_copy(tmp_path: Path) -> Path:
    target = tmp_path / "pack"
    shutil.copytree(PACK, target)
    return target


def _edit_fact(pack: Path, fact_id: str, old: str, new: str) -> None:
    path = pack / "facts.toml"
    body = path.read_text(encoding="utf-8")
    start = body.index(f'id = "{fact_id}"')
    end = body.find("[[fact]]", start)
    end = len(body) if end < 0 else end
    chunk = body[start:end]
    assert old in chunk, f"{old!r} not in {fact_id}"
    path.write_text(body[:start] + chunk.replace(old, new, 1) + body[end:], encoding="utf-8")


@pytest.mark.parametrize(
    ("fact_id", "old", "new", "expected"),
    [
        ("001-troops-level", "around 3,000 troops based", "around 3,000 soldiers based",
         "fact '001-troops-level' field 'quote': not found verbatim"),
        ("001-erbil-rockets", "value = 6", "value = 7",
         "fact '001-erbil-rockets' field 'value': 7 does not occur in its quote"),
        ("001-erbil-rockets", 'actors = ["popular-mobilization-forces"]',
         'actors = ["popular-mobilisation-front"]',
         "fact '001-erbil-rockets' field 'actors': unknown actor 'popular-mobilisation-front'"),
        ("002-troops-target-jan15", 'as_of = "2021-01-15"', 'as_of = "2021-02-30"',
         "fact '002-troops-target-jan15' field 'as_of'"),
        ("002-troops-target-jan15", 'metric = "troops.target"', 'metric = "troops.wanted"',
         "fact '002-troops-target-jan15' field 'metric': unknown metric"),
        ("002-troops-target-jan15", 'source = "002_18e518f6444891f7"', 'source = "999_missing"',
         "fact '002-troops-target-jan15' field 'source': unknown source"),
    ],
)
def test_bad_pack_is_refused_whole_naming_record_and_field(
    tmp_path: Path, pack_copy: Path, fact_id: str, old: str, new: str, expected: str
) -> None:
    _edit_fact(pack_copy, fact_id, old, new)
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    with pytest.raises(PackError) as caught:
        init_store(make_engine(url), pack_dir=pack_copy, seeds_dir=SEEDS)
    assert expected in str(caught.value)
    assert "nothing was loaded" in str(caught.value)
    engine = make_engine(url)
    with engine.connect() as connection:
        tables = {r[0] for r in connection.execute(
            text("SELECT name FROM sqlite_master WHERE type='table'"))}
        if "source" in tables:
            assert connection.execute(text("SELECT count(*) FROM source")).scalar() == 0
            assert connection.execute(text("SELECT count(*) FROM fact")).scalar() == 0


def test_bad_reload_leaves_the_existing_store_untouched(tmp_path: Path, pack_copy: Path) -> None:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    init_store(make_engine(url), pack_dir=pack_copy, seeds_dir=SEEDS)
    before = _count(url, Fact)
    _edit_fact(pack_copy, "001-erbil-rockets", "value = 6", "value = 60")
    with pytest.raises(PackError):
        init_store(make_engine(url), pack_dir=pack_copy, seeds_dir=SEEDS)
    assert _count(url, Fact) == before
    with Session(make_engine(url)) as session:
        value = session.exec(select(Fact.value).where(Fact.id == "001-erbil-rockets")).one()[0]
    assert value == 6


def test_broken_toml_names_the_file(pack_copy: Path) -> None:
    (pack_copy / "actors.toml").write_text("[[actor]\nid = ", encoding="utf-8")
    with pytest.raises(PackError, match="actors.toml: not valid TOML"):
        read_pack(pack_copy)


def test_actor_roles_carry_dates() -> None:
    actors = tomllib.loads((PACK / "actors.toml").read_text())["actor"]
    pm = next(a for a in actors if a["id"] == "mustafa-al-kadhimi")
    assert str(pm["roles"][0]["start"]) == "2020-05-07"
