"""Digests: a simulated week with faults, two workers, DST, and subscribe validation."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest
from apscheduler.schedulers.background import BackgroundScheduler
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from sqlalchemy import select

from bench.articles import make_articles
from bot.digesting import run_channel_digest
from bot.fake_slack import FakeSlack
from bot.scheduler import build_scheduler, digest_trigger, run_key_for, sync_subscriptions
from bot.settings import Settings
from knowledge.digest import SubscriptionError, parse_schedule, subscribe, subscription
from knowledge.ingest import Ingester, IngestItem
from knowledge.models import DigestRun
from knowledge.store import FactStore

ZONE = "Europe/London"


def _ingest(store: FactStore, start: int, count: int, published: dt.date) -> list[str]:
    items = []
    for name, text, meta in list(make_articles(start + count, seed=9))[start:]:
        items.append(IngestItem(label=name, source_id=name, title=meta["title"], text=text,
                                outlet=meta["outlet"], url=meta["url"], published=published))
    report = Ingester(store.engine, store=store).ingest(items)
    return [r.id for r in report.results if r.status in {"added", "near_duplicate"}]


def _client(slack: FakeSlack) -> WebClient:
    return WebClient(token="xoxb-test", base_url=slack.api_url,
                     retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=2)])


def test_a_week_of_digests_with_faults_loses_nothing_and_repeats_nothing(store_copy) -> None:
    store = store_copy
    start = dt.datetime(2026, 3, 23, 9, 0, tzinfo=dt.UTC)  # Monday
    subscribe(store, "C0DESK", time_text="09:00", zone_text=ZONE, who="U0ED", now=start)
    expected: list[str] = []
    outcomes = []
    with FakeSlack() as slack:
        client = _client(slack)
        for day in range(7):
            now = start + dt.timedelta(days=day)
            if day != 6:
                expected += _ingest(store, day * 3, 3, now.date())
            if day == 2:
                slack.fail_next("chat.postMessage", status=500, times=1)
            if day == 4:
                slack.fail_next("chat.postMessage", status=429, retry_after=0, times=5)
                store = FactStore(store.engine)  # the worker restarts with a fresh process
                client = _client(slack)
            if day == 5:
                results: list = []

                def run(key: str, now: dt.datetime = now, results: list = results,
                        store: FactStore = store, client: WebClient = client) -> None:
                    results.append(run_channel_digest(store, client, "C0DESK", run_key=key,
                                                      now=now, sleep=lambda _s: None))

                threads = [threading.Thread(target=run, args=(k,))
                           for k in (run_key_for(ZONE, now), run_key_for(ZONE, now), "now-x")]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join()
                assert sorted(r.status for r in results) == ["posted", "skipped", "skipped"]
                outcomes += results
                continue
            outcome = run_channel_digest(store, client, "C0DESK",
                                         run_key=run_key_for(ZONE, now), now=now,
                                         sleep=lambda _s: None)
            outcomes.append(outcome)
            if outcome.status != "failed":  # a retry of a run that went through is refused
                again = run_channel_digest(store, client, "C0DESK",
                                           run_key=run_key_for(ZONE, now), now=now,
                                           sleep=lambda _s: None)
                assert again.status == "skipped"
        statuses = [o.status for o in outcomes if o.status != "skipped"]
        assert statuses == ["posted", "posted", "failed", "posted", "failed", "posted",
                            "nothing_new"]
        with store.engine.connect() as connection:
            runs = connection.execute(select(DigestRun.sources).where(
                DigestRun.status == "posted")).all()
        posted = [source for (sources,) in runs for source in sources]
        assert sorted(posted) == sorted(expected)  # every source once, none twice
        texts = " ".join(call.payload.get("text", "") + str(call.payload.get("blocks"))
                         for call in slack.of("chat.postMessage"))
        for source_id in expected:
            number = int(source_id.split("-")[1])
            assert texts.count(f"Report {number}:") == 1, source_id
        assert "Nothing new since" in texts


def test_catch_up_after_downtime_is_one_digest(store_copy) -> None:
    start = dt.datetime(2026, 5, 4, 9, 0, tzinfo=dt.UTC)
    subscribe(store_copy, "C0DESK", time_text="09:00", zone_text=ZONE, who="U0ED", now=start)
    ids = _ingest(store_copy, 0, 2, start.date()) + _ingest(store_copy, 2, 2, start.date())
    with FakeSlack() as slack:
        late = start + dt.timedelta(days=3)
        outcome = run_channel_digest(store_copy, _client(slack), "C0DESK",
                                     run_key=run_key_for(ZONE, late), now=late,
                                     sleep=lambda _s: None)
        assert outcome.status == "posted" and sorted(outcome.sources) == sorted(ids)
        assert len(slack.of("chat.postMessage")) == outcome.messages


def test_digest_shows_wire_copies_once_and_changed_headlines(store_copy) -> None:
    from tests.conftest import ROOT

    subscribe(store_copy, "C0DESK", time_text="08:00", zone_text="UTC", who="U0ED")
    Ingester(store_copy.engine, store=store_copy).ingest(
        [IngestItem(label="copy", source_id="copy", title="US withdraws 2,500 troops",
                    text=(ROOT / "tests" / "articles" / "wire_copy.txt").read_text(),
                    outlet="Regional Mirror", published=dt.date(2020, 10, 5))])
    with FakeSlack() as slack:
        outcome = run_channel_digest(store_copy, _client(slack), "C0DESK", run_key="t1",
                                     sleep=lambda _s: None)
    digest = outcome.digest
    assert [c.lead.id for c in digest.clusters] == ["copy"]
    assert digest.candidate_count > 0


def test_dst_keeps_the_digest_at_nine_local_time() -> None:
    trigger = digest_trigger("09:00", ZONE)
    before = trigger.get_next_fire_time(None, dt.datetime(2026, 3, 27, 12, tzinfo=dt.UTC))
    after = trigger.get_next_fire_time(None, dt.datetime(2026, 3, 28, 12, tzinfo=dt.UTC))
    assert before.astimezone(dt.UTC).hour == 9    # GMT: 09:00 is 09:00 UTC
    assert after.astimezone(dt.UTC).hour == 8     # BST: 09:00 is 08:00 UTC
    assert after.hour == 9
    assert run_key_for(ZONE, dt.datetime(2026, 3, 29, 23, 30, tzinfo=dt.UTC)) == "daily-2026-03-30"


def test_scheduler_jobs_follow_subscriptions(store_copy, tmp_path: Path) -> None:
    subscribe(store_copy, "C0ONE", time_text="07:15", zone_text="Asia/Baghdad", who="U0ED")
    settings = Settings(database_url=str(store_copy.engine.url))
    scheduler = build_scheduler(settings, scheduler=BackgroundScheduler())
    scheduler.start(paused=True)
    try:
        assert sync_subscriptions(scheduler, store_copy) == 1
        job = scheduler.get_job("digest:C0ONE")
        assert job.next_run_time.hour == 7 and job.next_run_time.minute == 15
        assert str(job.next_run_time.tzinfo) == "Asia/Baghdad"
        assert job.coalesce is True and job.misfire_grace_time > 0
        from knowledge.digest import unsubscribe

        unsubscribe(store_copy, "C0ONE")
        assert sync_subscriptions(scheduler, store_copy) == 0
        assert scheduler.get_job("digest:C0ONE") is None
    finally:
        scheduler.shutdown(wait=False)


@pytest.mark.parametrize(("time_text", "zone", "message"), [
    ("25:00", "UTC", "is not a time"),
    ("9am", "UTC", "is not a time"),
    ("09:00", "Mars/Olympus", "is not a time zone"),
    ("09:00", "../etc/passwd", "is not a time zone"),
])
def test_bad_times_and_zones_get_a_clear_reply(time_text, zone, message) -> None:
    with pytest.raises(SubscriptionError, match=message):
        parse_schedule(time_text, zone, default_zone="UTC")


def test_subscription_status_counts_waiting_sources(store_copy) -> None:
    subscribe(store_copy, "C0DESK", time_text="9:05", zone_text=None, who="U0ED",
              default_zone="Asia/Baghdad")
    sub = subscription(store_copy, "C0DESK")
    assert (sub["time"], sub["timezone"], sub["waiting"]) == ("09:05", "Asia/Baghdad", 0)
    _ingest(store_copy, 0, 2, dt.date(2026, 1, 1))
    assert subscription(store_copy, "C0DESK")["waiting"] == 2


def test_corrected_headline_shows_as_changed_and_long_digests_split(store_copy) -> None:
    from bot.blocks import MESSAGE_BLOCKS, digest_messages
    from bot.digesting import slack_poster
    from knowledge.curation import correct
    from knowledge.digest import HeadlineChange, compose_digest

    subscribe(store_copy, "C0DESK", time_text="09:00", zone_text="UTC", who="U0ED")
    correct(store_copy.engine, "002-troops-target-jan15", {"as_of": "2021-01-20"}, who="U0ED")
    _ingest(store_copy, 0, 1, dt.date(2021, 1, 21))
    with FakeSlack() as slack:
        outcome = run_channel_digest(store_copy, _client(slack), "C0DESK", run_key="d1",
                                     sleep=lambda _s: None)
        text = str(slack.of("chat.postMessage")[0].payload)
    labels = {c.label: (c.before, c.after) for c in outcome.digest.changes}
    assert labels["Troop level targeted"] == ("2,500 troops (15 Jan 2021)", "2,500 troops")
    assert "2,500 troops (15 Jan 2021) → *2,500 troops* · 20 Jan 2021" in text

    digest = compose_digest(store_copy, channel_id="C0DESK", from_seq=0, to_seq=0, since=None,
                            previous={})
    figure = outcome.digest.changes[0].figure
    digest.changes = [HeadlineChange(f"Metric {i}", "1", "2", figure) for i in range(40)]
    messages = digest_messages(digest)
    assert len(messages) == 2 and all(len(m["blocks"]) <= MESSAGE_BLOCKS for m in messages)
    pauses: list[float] = []
    with FakeSlack() as slack:
        sent = slack_poster(_client(slack), "C0DESK", sleep=pauses.append)(digest)
    assert sent == 2 and pauses == [1.0]
