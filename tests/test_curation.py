"""Curation from the library and the command line: audit, corrections, export-pack."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from knowledge.answer import ask
from knowledge.curation import CurationError, audit_log, confirm, correct, reject
from knowledge.db import make_engine
from knowledge.digest import subscribe
from knowledge.ingest import Ingester, read_paths
from knowledge.pack import init_store
from knowledge.store import FactStore
from tests.conftest import ROOT

FACTDESK = shutil.which("factdesk", path=str(Path(sys.executable).parent)) or "factdesk"


def _cli(store: FactStore, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": str(store.engine.url),
           "SLACK_API_URL": "http://127.0.0.1:9/api/"}
    return subprocess.run([FACTDESK, *args], env=env, capture_output=True, text=True,
                          timeout=120, cwd=ROOT)


def test_corrections_are_checked_against_the_quote(store_copy) -> None:
    with pytest.raises(CurationError, match="does not occur in the quoted sentence"):
        correct(store_copy.engine, "001-bases", {"value": 4}, who="U0ED")
    with pytest.raises(CurationError, match="unknown metric"):
        correct(store_copy.engine, "001-bases", {"metric": "bases.imaginary"}, who="U0ED")
    with pytest.raises(CurationError, match="as_of"):
        correct(store_copy.engine, "001-bases", {"as_of": "2020-13"}, who="U0ED")
    assert audit_log(store_copy.engine) == []


def test_a_superseded_figure_cannot_be_corrected_twice(store_copy) -> None:
    new_id = correct(store_copy.engine, "001-bases", {"as_of": "2020-09"}, who="U0ED")
    assert new_id == "001-bases-r1"
    with pytest.raises(CurationError, match="already corrected"):
        correct(store_copy.engine, "001-bases", {"as_of": "2020-10"}, who="U0ED")
    again = correct(store_copy.engine, new_id, {"as_of": "2020-10"}, who="U0ED")
    assert again == "001-bases-r1-r1"
    bases = next(s for s in ask("/troops", store_copy).sections if s.metric.id == "bases.count")
    assert bases.headline.lead.id == "001-bases-r1-r1"


def test_audit_and_digest_from_the_command_line(store_copy) -> None:
    Ingester(store_copy.engine, store=store_copy).ingest(
        read_paths([str(ROOT / "tests" / "articles" / "page.html")]))
    confirm(store_copy.engine, "page-c002", who="U0ED")
    reject(store_copy.engine, "page-c001", who="U0ED")
    out = _cli(store_copy, "audit", "--json")
    records = json.loads(out.stdout)["records"]
    assert [(r["action"], r["fact_id"]) for r in records] == [
        ("reject", "page-c001"), ("confirm", "page-c002")]
    text = _cli(store_copy, "audit").stdout
    assert "U0ED" in text and "candidate → confirmed" in text

    subscribe(store_copy, "C0DESK", time_text="09:00", zone_text="UTC", who="U0ED")
    Ingester(store_copy.engine, store=store_copy).ingest(
        read_paths([str(ROOT / "tests" / "articles" / "hard_cases.txt")]))
    dry = json.loads(_cli(store_copy, "digest", "run", "--channel", "C0DESK", "--dry-run",
                          "--json").stdout)
    assert dry == {"channel": "C0DESK", "posted": False, "sources": ["hard_cases"],
                   "messages": 1, "status": "dry_run", "reason": ""}
    failed = _cli(store_copy, "digest", "run", "--channel", "C0DESK", "--json")
    assert failed.returncode == 1
    assert json.loads(failed.stdout)["status"] == "failed"  # nothing listens on port 9
    retry = json.loads(_cli(store_copy, "digest", "run", "--channel", "C0DESK", "--dry-run",
                            "--json").stdout)
    assert retry["sources"] == ["hard_cases"]  # the failed run released its claim
    missing = json.loads(_cli(store_copy, "digest", "run", "--channel", "C0NONE",
                              "--json").stdout)
    assert missing["status"] == "skipped" and "no digest subscription" in missing["reason"]


def test_export_pack_reproduces_the_same_answers(store_copy, tmp_path: Path) -> None:
    Ingester(store_copy.engine, store=store_copy).ingest(
        read_paths([str(ROOT / "tests" / "articles" / "page.html")]))
    confirm(store_copy.engine, "page-c002", who="U0ED")
    correct(store_copy.engine, "001-troops-level", {"qualifier": "fewer_than"}, who="U0ED")
    out = _cli(store_copy, "export-pack", str(tmp_path / "pack"))
    assert out.returncode == 0, out.stderr
    engine = make_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    init_store(engine, pack_dir=tmp_path / "pack", seeds_dir=tmp_path / "pack" / "sources")
    fresh = FactStore(engine)
    for question in ("/troops", "/attacks", "/casualties", "/actor kadhimi",
                     "how many rockets hit Erbil?"):
        old = ask(question, store_copy).to_json()
        new = ask(question, fresh).to_json()
        old_confirmed = [f for f in old["figures"] if f["status"] == "confirmed"]
        assert old_confirmed == new["figures"], question
    facts = (tmp_path / "pack" / "facts.toml").read_text()
    assert 'id = "001-troops-level-r1"' in facts and 'id = "page-c002"' in facts
    assert 'id = "001-troops-level"\n' not in facts
    metrics = tomllib.loads((tmp_path / "pack" / "metrics.toml").read_text())["metric"]
    bases = next(m for m in metrics if m["id"] == "bases.count")
    assert "refugee*" in bases["unless"]  # the words that rule it out, kept


FLOOD = ("HETAUDA, Nepal — Floods in central Nepal killed 11 people on Monday and 8 were "
         "missing, police said.\nThe army sent 300 soldiers and 14 boats to the valley.\n")


def test_export_pack_writes_confirmed_copy_metrics_with_their_origin(store_copy, tmp_path) -> None:
    import tomllib

    from sqlalchemy import text

    (tmp_path / "flood.txt").write_text("Floods in Nepal\n\n" + FLOOD, encoding="utf-8")
    Ingester(store_copy.engine, store=store_copy).ingest(read_paths([str(tmp_path / "flood.txt")]))
    with store_copy.engine.connect() as connection:
        rows = connection.execute(text(
            "SELECT id, metric, value FROM fact WHERE source_id = 'flood'")).all()
    by_value = {value: (fact_id, metric) for fact_id, metric, value in rows}
    missing_id, missing_metric = by_value[8]
    boats_metric = by_value[14][1]
    assert missing_metric == "people.missing" and boats_metric.startswith("boats.")
    confirm(store_copy.engine, missing_id, who="U0ED")  # the boats stay a candidate
    out = _cli(store_copy, "export-pack", str(tmp_path / "pack"))
    assert out.returncode == 0, out.stderr
    metrics = {m["id"]: m for m in tomllib.loads(
        (tmp_path / "pack" / "metrics.toml").read_text())["metric"]}
    assert metrics["people.missing"]["origin"] == "extract"
    assert metrics["people.missing"]["label"] == "people · missing"
    assert boats_metric not in metrics  # named by a candidate nobody confirmed
    assert "origin" not in metrics["troops.level"] and "troops" in metrics["troops.level"]["counts"]
    places = {p["id"] for p in tomllib.loads(
        (tmp_path / "pack" / "places.toml").read_text())["place"]}
    assert {"nepal"} <= places
    engine = make_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    init_store(engine, pack_dir=tmp_path / "pack", seeds_dir=tmp_path / "pack" / "sources")
    with engine.connect() as connection:
        loaded = dict(connection.execute(text("SELECT id, origin FROM metric")).all())
        rules = dict(connection.execute(text(
            "SELECT id, rules FROM metric WHERE id = 'troops.level'")).all())
    with store_copy.engine.connect() as connection:
        before = dict(connection.execute(text(
            "SELECT id, rules FROM metric WHERE id = 'troops.level'")).all())
    assert loaded["people.missing"] == "extract" and loaded["troops.level"] == "pack"

    def parsed(rows: dict) -> dict:  # JSON columns come back as text from a raw query on SQLite
        return {k: json.loads(v) if isinstance(v, str) else v for k, v in rows.items()}

    assert parsed(rules) == parsed(before)
    answer = ask("how many people are missing in Nepal?", FactStore(engine)).to_json()
    assert missing_id in {f["id"] for f in answer["figures"]}


class _Recorder:
    """A stand-in for Slack's client that records what would be posted."""

    def __init__(self) -> None:
        self.posted: list[str] = []

    def chat_postMessage(self, **kwargs: object) -> dict[str, str]:  # noqa: N802 (Slack's name)
        self.posted.append(str(kwargs["text"]).split()[2])
        return {"ts": f"1.{len(self.posted)}"}


def test_review_puts_pack_metrics_first_and_the_rest_by_article(store_copy, tmp_path) -> None:
    from bot.digesting import post_reviews

    (tmp_path / "flood.txt").write_text("Floods in Nepal\n\n" + FLOOD, encoding="utf-8")
    Ingester(store_copy.engine, store=store_copy).ingest(read_paths([
        str(tmp_path / "flood.txt"), str(ROOT / "tests" / "articles" / "page.html")]))
    client = _Recorder()
    post_reviews(store_copy, client, "C0REVIEW", sleep=lambda _s: None)
    with store_copy.engine.connect() as connection:
        from sqlalchemy import text

        origin = dict(connection.execute(text(
            "SELECT f.id, m.origin FROM fact f JOIN metric m ON m.id = f.metric "
            "WHERE f.status = 'candidate'")).all())
    kinds = [origin[i] for i in client.posted]
    assert kinds == sorted(kinds, key=lambda k: k != "pack")
    assert "extract" in kinds and "pack" in kinds
    named = [i for i in client.posted if origin[i] == "extract"]
    assert named == sorted(named)  # grouped by article


def test_a_metric_named_from_the_copy_can_be_renamed_or_mapped(store_copy, tmp_path) -> None:
    (tmp_path / "flood.txt").write_text("Floods in Nepal\n\n" + FLOOD, encoding="utf-8")
    Ingester(store_copy.engine, store=store_copy).ingest(read_paths([str(tmp_path)]))
    with store_copy.engine.connect() as connection:
        from sqlalchemy import text

        rows = dict(connection.execute(text(
            "SELECT metric, id FROM fact WHERE source_id = 'flood'")).all())
    renamed = correct(store_copy.engine, rows["people.missing"],
                      {"metric_label": "people still missing"}, who="U0ED")
    mapped = correct(store_copy.engine, rows["soldiers.deployed"],
                     {"metric": "troops.level"}, who="U0ED")
    store_copy.refresh()
    assert store_copy.metrics["people.missing"].label == "people still missing"
    [row] = store_copy.figures_by_id([mapped])
    assert (row.metric, row.status, row.place_id) == ("troops.level", "confirmed", "nepal")
    assert renamed.endswith("-r1")
    with pytest.raises(CurationError, match="pack metric"):
        correct(store_copy.engine, rows["casualties.killed"],
                {"metric_label": "dead"}, who="U0ED")


def test_quote_search_finds_a_figure_only_while_it_is_confirmed(store_copy: FactStore,
                                                                 tmp_path: Path) -> None:
    (tmp_path / "harbour.txt").write_text(
        "Trawlers idle in Vardøport\n\nVARDØPORT (Wire) — Some 37 trawlers stayed in "
        "Vardøport harbour on Monday as the fishermen's walkout entered its third day.\n",
        encoding="utf-8")
    Ingester(store_copy.engine, store=store_copy).ingest(read_paths([str(tmp_path)]))
    store_copy.refresh()
    [row] = [r for r in store_copy.list_figures(status="candidate", limit=5000)
             if "trawlers" in r.quote]
    assert store_copy.search_quotes(["trawlers"]) == []  # a candidate is never searched
    confirm(store_copy.engine, row.id, who="U0EDITOR")
    assert store_copy.search_quotes(["trawlers", "walkout"]) == [row.id]
    reject(store_copy.engine, row.id, who="U0EDITOR")
    assert store_copy.search_quotes(["trawlers"]) == []
    confirm(store_copy.engine, row.id, who="U0EDITOR")
    with store_copy.engine.begin() as connection:  # deleting it leaves the index whole
        connection.exec_driver_sql("DELETE FROM factactor WHERE fact_id = ?" if
                                   connection.dialect.name == "sqlite" else
                                   "DELETE FROM factactor WHERE fact_id = %s", (row.id,))
        connection.exec_driver_sql("DELETE FROM fact WHERE id = ?" if
                                   connection.dialect.name == "sqlite" else
                                   "DELETE FROM fact WHERE id = %s", (row.id,))
    assert store_copy.search_quotes(["trawlers"]) == []
    if store_copy.engine.dialect.name == "sqlite":
        with store_copy.engine.connect() as connection:
            connection.exec_driver_sql(
                "INSERT INTO fact_fts(fact_fts, rank) VALUES ('integrity-check', 1)")
