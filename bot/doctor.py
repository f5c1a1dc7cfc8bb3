"""`factdesk doctor`: every check a deployment needs, one line each, with its fix.

Settings; the database (reachable, migrated, pack loaded, counts); Slack (``auth.test``,
the scopes granted against those the app uses and manifest.yml declares, the review
channel); the worker's schedule (the next digest of each subscribed channel).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, inspect, select, text
from sqlalchemy.engine import Engine

from bot.failures import explain
from bot.settings import Settings, mode_of

__all__ = ["MANIFEST", "USED_SCOPES", "Check", "declared_scopes", "run_checks"]

MANIFEST = Path(__file__).with_name("manifest.yml")

#: The bot scopes factdesk calls on, and what for.
USED_SCOPES = {
    "commands": "slash commands (/troops, /digest …)",
    "app_mentions:read": "answers to @factdesk",
    "chat:write": "answers in threads, shared answers, digests, review cards",
    "chat:write.public": "digests and review cards in channels the bot was not invited to",
    "files:write": "charts and exports uploaded to a channel (/troops chart, /facts export)",
    "channels:read": "looking up a public review channel (factdesk doctor)",
    "groups:read": "looking up a private review channel (factdesk doctor)",
}


@dataclass(frozen=True)
class Check:
    """One check: ``ok``, ``FAIL`` or ``skip``, what was found, and the fix when it failed."""

    status: str
    name: str
    detail: str
    fix: str = ""

    def line(self) -> str:
        """The check as one line."""
        fix = f" — fix: {self.fix}" if self.fix else ""
        return f"{self.status:<4} {self.name}: {self.detail}{fix}"


def _ok(name: str, detail: str) -> Check:
    return Check("ok", name, detail)


def _fail(name: str, detail: str, fix: str) -> Check:
    return Check("FAIL", name, detail, fix)


def _failed(name: str, line: str) -> Check:
    """A failure from a one-line account ``what is wrong: what to do``."""
    detail, _, fix = line.partition(": ")
    return Check("FAIL", name, detail.rstrip("."), fix)


def _skip(name: str, detail: str) -> Check:
    return Check("skip", name, detail)


def declared_scopes(manifest: Path = MANIFEST) -> list[str]:
    """The bot scopes listed under ``oauth_config: scopes: bot:`` in a Slack app manifest."""
    scopes: list[str] = []
    path: list[tuple[int, str]] = []
    for raw in manifest.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        item = line.strip()
        if item.startswith("- "):
            if [k for _, k in path][-3:] == ["oauth_config", "scopes", "bot"]:
                scopes.append(item[2:].strip().strip("'\""))
            continue
        while path and path[-1][0] >= indent:
            path.pop()
        if item.endswith(":"):
            path.append((indent, item[:-1].strip()))
    return scopes


def declared_commands(manifest: Path = MANIFEST) -> set[str]:
    """The slash commands a Slack app manifest declares."""
    out = set()
    for raw in manifest.read_text(encoding="utf-8").splitlines():
        item = raw.strip()
        if item.startswith("- command:"):
            out.add(item.split(":", 1)[1].strip().strip("'\""))
    return out


def run_checks(settings: Settings, *, client: Any = None, now: dt.datetime | None = None
               ) -> Iterator[Check]:
    """Run every check in order, yielding each as soon as it is known."""
    now = now or dt.datetime.now(dt.UTC)
    mode = mode_of(settings)
    yield from _settings_checks(settings, mode)
    engine = yield from _database_checks(settings)
    yield from _slack_checks(settings, mode, client, engine)
    yield from _schedule_checks(engine, now)


def _settings_checks(settings: Settings, mode: str) -> Iterator[Check]:
    described = {"socket": "Socket Mode (SLACK_APP_TOKEN)", "oauth": "HTTP, several workspaces "
                 "(OAuth)", "http": "HTTP (factdesk serve)", "console": "local console only"}
    problems = settings.problems(mode)
    if problems:
        for problem in problems:
            yield _failed("settings", problem)
        return
    if mode == "console":
        yield _fail("settings", "no Slack settings: `factdesk run` opens the local console",
                    "set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (HTTP) or SLACK_BOT_TOKEN and "
                    "SLACK_APP_TOKEN (Socket Mode); see README, Connect a workspace")
        return
    yield _ok("settings", f"{described[mode]}; database {_masked(settings.database_url)}")


def _masked(url: str) -> str:
    from sqlalchemy.engine import make_url

    from knowledge.db import database_url

    try:
        return make_url(database_url(url)).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001
        return "(unreadable DATABASE_URL)"


def _database_checks(settings: Settings):  # type: ignore[no-untyped-def]
    """Yield the database's checks; return its engine when it answered."""
    from knowledge.db import make_engine
    from knowledge.migrate import current_revision, head_revision

    try:
        engine = make_engine(settings.database_url)
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            current = current_revision(engine)
    except Exception as exc:  # noqa: BLE001
        failure = explain(exc)
        yield _failed("database", failure.line if failure else
                      f"{exc.__class__.__name__}: {' '.join(str(exc).split())[:200]}")
        return None
    yield _ok("database", f"reachable ({_masked(settings.database_url)})")
    if current != head_revision():
        yield _fail("migrations", f"at {current or 'none'}, the code needs {head_revision()}",
                    "run `factdesk init` (or `factdesk db upgrade`)")
        return None
    yield _ok("migrations", f"at {current}")
    yield from _pack_checks(engine)
    return engine


def _pack_checks(engine: Engine) -> Iterator[Check]:
    from knowledge.models import Actor, Fact, Pack, Source, Topic
    from knowledge.pack import DEFAULT_PACK_DIR, PackError, read_pack

    with engine.connect() as connection:
        packs = connection.execute(select(Pack.id, Pack.title, Pack.checksum, Pack.loaded_at)
                                   ).all()
        sources = connection.execute(select(func.count()).select_from(Source)).scalar() or 0
        statuses = dict(connection.execute(select(Fact.status, func.count())
                                           .group_by(Fact.status)).all())
        actors = connection.execute(select(func.count()).select_from(Actor)).scalar() or 0
        topics = connection.execute(select(func.count()).select_from(Topic)).scalar() or 0
    if not packs:
        yield _fail("pack", "no story pack is loaded: commands such as /troops are unknown",
                    "run `factdesk init` (or `factdesk init --pack DIR`)")
    else:
        try:
            shipped = read_pack(DEFAULT_PACK_DIR)
        except PackError:
            shipped = None
        for pack_id, title, checksum, loaded_at in packs:
            when = loaded_at.strftime("%Y-%m-%d %H:%M") if loaded_at else "?"
            if shipped is not None and pack_id == shipped.id and checksum != shipped.checksum:
                yield _fail("pack", f"{pack_id} loaded {when} differs from this version's pack",
                            "run `factdesk init` to load the new pack")
            else:
                yield _ok("pack", f"{pack_id} ({title}), loaded {when}")
    counts = (f"{sources} sources, {statuses.get('confirmed', 0)} confirmed figures, "
              f"{statuses.get('candidate', 0)} candidates awaiting review, {actors} actors, "
              f"{topics} topics")
    if statuses.get("confirmed", 0) == 0 or topics == 0:
        yield _fail("counts", counts, "run `factdesk init` to load the story pack")
    else:
        yield _ok("counts", counts)


def _slack_checks(settings: Settings, mode: str, client: Any, engine: Engine | None
                  ) -> Iterator[Check]:
    from slack_sdk.errors import SlackApiError

    from bot.app import web_client
    from bot.startup import auth_test

    declared = set(declared_scopes())
    undeclared = sorted(set(USED_SCOPES) - declared)
    if undeclared:
        yield _fail("manifest", f"manifest.yml does not declare {', '.join(undeclared)}",
                    "add them under oauth_config: scopes: bot, and update the app")
    else:
        yield _ok("manifest", f"declares the {len(declared)} bot scopes factdesk uses")
    if engine is not None:
        yield from _command_checks(engine)
    if mode == "oauth":
        yield _skip("slack", "several workspaces: each install has its own token (checked on "
                    "each request)")
        return
    if not settings.secret("slack_bot_token"):
        yield _skip("slack", "SLACK_BOT_TOKEN is not set: nothing to check")
        return
    client = client or web_client(settings)
    try:
        identity = auth_test(client)
    except Exception as exc:  # noqa: BLE001
        failure = explain(exc)
        yield _failed("slack auth.test", failure.line if failure else
                      f"{exc.__class__.__name__}: {' '.join(str(exc).split())[:200]}")
        return
    yield _ok("slack auth.test", f"bot {identity.get('user')} ({identity.get('user_id')}) in "
              f"{identity.get('team')} ({identity.get('team_id')})")
    header = {k.lower(): v for k, v in (identity.headers or {}).items()}.get("x-oauth-scopes")
    if header is None:
        yield _skip("slack scopes", "Slack did not report the granted scopes")
    else:
        granted = {s.strip() for s in str(header).split(",") if s.strip()}
        missing = sorted(set(USED_SCOPES) - granted)
        if missing:
            uses = "; ".join(f"{s}: {USED_SCOPES[s]}" for s in missing)
            yield _fail("slack scopes", f"the token lacks {', '.join(missing)} ({uses})",
                        "add them under OAuth & Permissions (or paste manifest.yml again) and "
                        "reinstall the app")
        else:
            yield _ok("slack scopes", f"granted: {', '.join(sorted(granted))}")
    channel = settings.factdesk_review_channel
    if not channel:
        yield _fail("review channel", "FACTDESK_REVIEW_CHANNEL is not set: candidates and "
                    "wrong-figure reports go nowhere", "set it to the channel's ID (C…)")
        return
    try:
        info = client.conversations_info(channel=channel)["channel"]
    except SlackApiError as exc:
        error = (exc.response or {}).get("error", "") if exc.response is not None else ""
        fixes = {"channel_not_found": "use the channel's ID (C…, from its details pane), not "
                 "its name; invite the bot to a private channel first",
                 "missing_scope": "grant channels:read and groups:read and reinstall"}
        yield _fail("review channel", f"{channel}: {error}",
                    fixes.get(error, "check FACTDESK_REVIEW_CHANNEL"))
        return
    except Exception as exc:  # noqa: BLE001
        failure = explain(exc)
        yield _failed("review channel", failure.line if failure else
                      f"{exc.__class__.__name__}: {' '.join(str(exc).split())[:200]}")
        return
    name = f"#{info.get('name', channel)}"
    if info.get("is_archived"):
        yield _fail("review channel", f"{name} is archived", "unarchive it or choose another")
    elif not info.get("is_member") and info.get("is_private"):
        yield _fail("review channel", f"{name} is private and the bot is not in it",
                    f"/invite @factdesk in {name}")
    elif not info.get("is_member"):
        yield _ok("review channel", f"{name} (the bot posts there with chat:write.public; "
                  "/invite @factdesk to let editors see it in the member list)")
    else:
        yield _ok("review channel", f"{name}, the bot is a member")


def _command_checks(engine: Engine) -> Iterator[Check]:
    from knowledge.models import Topic

    with engine.connect() as connection:
        commands = {row[0] for row in connection.execute(select(Topic.command))}
    missing = sorted(commands - declared_commands())
    if missing:
        yield _fail("slash commands", f"the store's topics use {', '.join(missing)}, which "
                    "manifest.yml does not declare",
                    "add them under features: slash_commands and update the app")
    elif commands:
        yield _ok("slash commands", f"every topic command ({len(commands)}) is in manifest.yml")


def _schedule_checks(engine: Engine | None, now: dt.datetime) -> Iterator[Check]:
    from bot.scheduler import digest_trigger
    from knowledge.models import Subscription

    if engine is None:
        yield _skip("schedule", "the database did not answer")
        return
    with engine.connect() as connection:
        subs = connection.execute(select(Subscription.channel_id, Subscription.time,
                                         Subscription.timezone)).all()
        jobs: dict[str, Any] = {}
        if "apscheduler_jobs" in inspect(connection).get_table_names():
            jobs = {row[0]: row[1] for row in connection.execute(
                text("SELECT id, next_run_time FROM apscheduler_jobs"))}
    if "sync" not in jobs:
        yield _fail("worker", "the worker has never run against this database",
                    "start exactly one `factdesk worker` (the Procfile's worker line)")
    else:
        yield _ok("worker", f"its jobs are in the database ({len(jobs)})")
    if not subs:
        yield _ok("schedule", "no channel has subscribed to a digest (/digest subscribe)")
        return
    for channel_id, at, zone in subs:
        fire = digest_trigger(at, zone).get_next_fire_time(None, now)
        when = fire.strftime("%Y-%m-%d %H:%M %Z") if fire else "never"
        if jobs and f"digest:{channel_id}" not in jobs:
            yield _fail(f"digest {channel_id}", f"next due {when}, but the worker has not "
                        "scheduled it yet", "wait a minute for the worker's sync, or start it")
        else:
            yield _ok(f"digest {channel_id}", f"next at {when} ({at} {zone})")
