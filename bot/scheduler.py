"""The worker: APScheduler runs each channel's digest and polls feeds and drop folders.

Run exactly one worker (``factdesk worker``); web processes never run the scheduler. Jobs
live in the same database (SQLAlchemyJobStore) with explicit ids, so a restart picks up
where it left off; several missed runs coalesce into one catch-up digest; each channel's
cron trigger is built in that channel's time zone, so 09:00 stays 09:00 across DST. Even a
second worker started by mistake cannot post a digest twice: runs are claimed in the
database (see knowledge.digest).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger

from bot.app import web_client
from bot.digesting import post_reviews, run_channel_digest
from bot.settings import Settings, get_settings
from knowledge.db import make_engine
from knowledge.digest import subscriptions
from knowledge.ingest import Ingester, read_paths
from knowledge.store import FactStore

__all__ = ["build_scheduler", "digest_trigger", "run_key_for", "sync_subscriptions"]

log = logging.getLogger("factdesk.worker")
MISFIRE_GRACE = 6 * 3600
SYNC_SECONDS = 60


@dataclass
class _Runtime:
    settings: Settings
    store: FactStore
    client: Any


@lru_cache(maxsize=1)
def _runtime() -> _Runtime:
    settings = get_settings()
    return _Runtime(settings, FactStore(make_engine(settings.database_url)),
                    web_client(settings))


def digest_trigger(time_text: str, zone: str) -> CronTrigger:
    """The daily trigger for a digest at HH:MM in ``zone`` (DST-aware)."""
    hour, minute = (int(x) for x in time_text.split(":"))
    return CronTrigger(hour=hour, minute=minute, timezone=ZoneInfo(zone))


def run_key_for(zone: str, when: dt.datetime) -> str:
    """The scheduled slot a run belongs to: the channel's local date."""
    return "daily-" + when.astimezone(ZoneInfo(zone)).date().isoformat()


def scheduled_digest(channel_id: str, zone: str) -> None:
    """Job: one channel's daily digest."""
    runtime = _runtime()
    now = dt.datetime.now(dt.UTC)
    outcome = run_channel_digest(runtime.store, runtime.client, channel_id,
                                 run_key=run_key_for(zone, now), now=now)
    log.info(json_line(event="digest", channel=channel_id, status=outcome.status,
                       sources=len(outcome.sources), messages=outcome.messages,
                       reason=outcome.reason))


def poll_sources() -> None:
    """Job: ingest configured feeds and the drop folder, then put new candidates to editors."""
    runtime = _runtime()
    paths = list(runtime.settings.feeds)
    if runtime.settings.factdesk_drop_dir:
        paths.append(runtime.settings.factdesk_drop_dir)
    if paths:
        report = Ingester(runtime.store.engine, store=runtime.store).ingest(read_paths(paths))
        log.info(json_line(event="poll", **{k: v for k, v in report.to_json().items()
                                            if k != "sources"}))
    if runtime.settings.factdesk_review_channel:
        posted = post_reviews(runtime.store, runtime.client,
                              runtime.settings.factdesk_review_channel)
        if posted:
            log.info(json_line(event="review", posted=posted))


def sync_subscriptions(scheduler: BaseScheduler | None = None, store: FactStore | None = None
                       ) -> int:
    """Make the scheduler's digest jobs match the subscriptions table."""
    scheduler = scheduler or _SCHEDULER
    assert scheduler is not None
    store = store or _runtime().store
    wanted = {}
    for sub in subscriptions(store):
        job_id = f"digest:{sub['channel_id']}"
        wanted[job_id] = sub
        existing = scheduler.get_job(job_id)
        trigger = digest_trigger(sub["time"], sub["timezone"])
        if existing is None or str(existing.trigger) != str(trigger):
            scheduler.add_job("bot.scheduler:scheduled_digest", trigger, id=job_id,
                              args=[sub["channel_id"], sub["timezone"]], replace_existing=True)
    for job in scheduler.get_jobs():
        if job.id.startswith("digest:") and job.id not in wanted:
            job.remove()
    return len(wanted)


_SCHEDULER: BaseScheduler | None = None


def build_scheduler(settings: Settings, *, scheduler: BaseScheduler | None = None
                    ) -> BaseScheduler:
    """The worker's scheduler with its standing jobs (not started)."""
    global _SCHEDULER
    scheduler = scheduler or BlockingScheduler()
    scheduler.configure(
        jobstores={"default": SQLAlchemyJobStore(engine=make_engine(settings.database_url))},
        job_defaults={"coalesce": True, "misfire_grace_time": MISFIRE_GRACE,
                      "max_instances": 1},
        timezone=ZoneInfo("UTC"),
    )
    scheduler.add_job("bot.scheduler:sync_job", "interval", seconds=SYNC_SECONDS, id="sync",
                      replace_existing=True, next_run_time=dt.datetime.now(dt.UTC))
    scheduler.add_job("bot.scheduler:poll_sources", "interval",
                      seconds=max(30, settings.factdesk_poll_seconds), id="poll",
                      replace_existing=True)
    _SCHEDULER = scheduler
    return scheduler


def sync_job() -> None:
    """Job: pick up subscriptions made in Slack since the last sync."""
    count = sync_subscriptions()
    log.debug("factdesk: %d digest subscription(s) scheduled", count)


def json_line(**fields: Any) -> str:
    """One structured log line."""
    import json

    return json.dumps(fields, default=str, ensure_ascii=False)
