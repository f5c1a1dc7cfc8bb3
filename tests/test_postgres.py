"""The same code paths on PostgreSQL: load, answers, ingest, curation, digests, Slack."""

from __future__ import annotations

import datetime as dt
import json
import threading

import pytest
from slack_sdk import WebClient

from bot.deliveries import first_delivery
from bot.digesting import run_channel_digest
from bot.fake_slack import FakeSlack
from bot.slack_requests import slash_command_body
from knowledge.answer import ask
from knowledge.curation import audit_log, correct
from knowledge.db import create_tables, make_engine
from knowledge.digest import subscribe
from knowledge.ingest import Ingester, read_paths
from knowledge.pack import PackError, init_store
from knowledge.store import FactStore
from tests.conftest import PACK, ROOT, SEEDS

QUESTIONS = ["/troops", "/attacks", "/casualties", "/sanctions", "/inquiry", "/sources",
             "/actor kazemi", "how many rockets hit Erbil?", "/troops as of 2020-10-01",
             "/troops September 2020", "/troops 2021", "/troops kadhimi",
             "how many were killed in Benghazi?", "/weather"]


@pytest.fixture
def pg_store(pg_url: str) -> FactStore:
    init_store(make_engine(pg_url), pack_dir=PACK, seeds_dir=SEEDS)
    return FactStore(make_engine(pg_url))


def test_answers_are_the_same_on_postgresql_and_sqlite(pg_store, store) -> None:
    for question in QUESTIONS:
        assert ask(question, pg_store).to_json() == ask(question, store).to_json(), question


def test_loading_is_idempotent_and_all_or_nothing(pg_url, pg_store, tmp_path) -> None:
    import shutil

    report = init_store(make_engine(pg_url), pack_dir=PACK, seeds_dir=SEEDS)
    assert report.sources_added == [] and len(report.sources_unchanged) == 5
    bad = tmp_path / "pack"
    shutil.copytree(PACK, bad)
    facts = bad / "facts.toml"
    facts.write_text(facts.read_text().replace("value = 36", "value = 37"))
    with pytest.raises(PackError):
        init_store(make_engine(pg_url), pack_dir=bad, seeds_dir=SEEDS)
    assert ask("/sanctions", FactStore(make_engine(pg_url))).figures[0].row.value == 36


def test_ingest_finds_copies_and_failures_on_postgresql(pg_store) -> None:
    report = Ingester(pg_store.engine, store=pg_store).ingest(
        read_paths([str(ROOT / "tests" / "articles")]))
    statuses = {r.path.rsplit("/", 1)[-1]: r.status for r in report.results}
    assert statuses["wire_copy.txt"] == "near_duplicate"
    assert statuses["hard_cases.txt"] == "added"
    assert report.count("failed") == 3
    again = Ingester(pg_store.engine, store=pg_store).ingest(
        read_paths([str(ROOT / "tests" / "articles")]))
    assert again.count("added") == 0 and again.count("near_duplicate") == 0


def test_curation_and_digests_exactly_once_on_postgresql(pg_store) -> None:
    new_id = correct(pg_store.engine, "001-troops-level", {"qualifier": "fewer_than"},
                     who="U0ED")
    assert audit_log(pg_store.engine)[0]["after"]["id"] == new_id
    subscribe(pg_store, "C0DESK", time_text="09:00", zone_text="UTC", who="U0ED")
    Ingester(pg_store.engine, store=pg_store).ingest(
        read_paths([str(ROOT / "tests" / "articles" / "hard_cases.txt")]))
    results = []
    with FakeSlack() as slack:
        client = WebClient(token="xoxb", base_url=slack.api_url)

        def run(key: str) -> None:
            results.append(run_channel_digest(pg_store, client, "C0DESK", run_key=key,
                                              now=dt.datetime.now(dt.UTC),
                                              sleep=lambda _s: None))

        threads = [threading.Thread(target=run, args=(k,)) for k in ("a", "a", "b", "c")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(r.status for r in results).count("posted") == 1
        assert [r.sources for r in results if r.status == "posted"] == [["hard_cases"]]


def test_event_retries_are_deduplicated_on_postgresql(pg_url) -> None:
    engine = make_engine(pg_url)
    create_tables(engine)
    outcomes = []
    threads = [threading.Thread(target=lambda: outcomes.append(first_delivery(engine, "Ev1")))
               for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == [False, False, False, True]


def test_slack_over_http_on_postgresql(pg_store) -> None:
    from tests.e2e.conftest import running_server

    with running_server(str(pg_store.engine.url.render_as_string(hide_password=False))) as server:
        reply = server.signed(slash_command_body("/troops", "",
                                                 response_url=server.slack.response_url()))
        assert reply.status == 200
        blocks = json.dumps(json.loads(reply.body)["blocks"], ensure_ascii=False)
        assert "*2,500 troops* · 15 Jan 2021" in blocks


def test_losing_the_database_gets_a_polite_reply_and_recovers(pg_store) -> None:
    import time
    import urllib.error
    import urllib.request

    from sqlalchemy.engine import make_url

    from tests.e2e.conftest import running_server
    from tests.tcp_proxy import Proxy

    url = make_url(pg_store.engine.url.render_as_string(hide_password=False))
    proxy = Proxy(url.host or "127.0.0.1", url.port or 5432)
    proxied = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    with running_server(proxied) as server:
        body = slash_command_body("/attacks", "", response_url=server.slack.response_url())
        assert "*6 rockets*" in server.signed(body).body
        proxy.cut()
        started = time.monotonic()
        reply = server.signed(body)
        assert time.monotonic() - started < 3
        assert reply.status == 200
        assert "unavailable right now" in json.loads(reply.body)["text"]
        try:
            urllib.request.urlopen(f"{server.url}/healthz", timeout=5)
            raise AssertionError("healthz should fail without the database")
        except urllib.error.HTTPError as error:
            assert error.code == 503
        proxy.restore()
        deadline = time.monotonic() + 10
        text = ""
        while time.monotonic() < deadline and "*6 rockets*" not in text:
            text = server.signed(body).body
            time.sleep(0.2)
        assert "*6 rockets*" in text


def test_free_text_search_on_postgresql(pg_store, store) -> None:
    pg = {f.id for f in ask("/facts embassy convoys", pg_store).figures}
    sqlite = {f.id for f in ask("/facts embassy convoys", store).figures}
    assert pg == sqlite and "000-attacks-aug-sep20" in pg
