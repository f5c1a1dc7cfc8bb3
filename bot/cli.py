"""The `factdesk` command line: build the store, ask it questions, run the console."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from bot.settings import MissingSetting, get_settings
from knowledge.answer import ask as ask_store
from knowledge.db import make_engine
from knowledge.pack import DEFAULT_PACK_DIR, PackError, init_store
from bot.render import mrkdwn, plain
from knowledge.store import FactStore

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_show_locals=False,
                  help="factdesk: cited figures for newsroom channels.")


def _store() -> FactStore:
    settings = get_settings()
    engine = make_engine(settings.database_url)
    store = FactStore(engine)
    try:
        store.topics  # noqa: B018  (touch the store so a missing one is reported here)
    except Exception:  # noqa: BLE001
        typer.echo("The fact store is not set up yet: run `factdesk init` first.", err=True)
        raise typer.Exit(2) from None
    return store


def _require_migrated(command: str) -> None:
    """Refuse to run a server on a database the code's migrations have not reached."""
    from knowledge.migrate import current_revision, head_revision

    try:
        current = current_revision(make_engine(get_settings().database_url))
    except Exception as exc:  # noqa: BLE001
        typer.echo(f"factdesk {command}: cannot reach the database ({exc.__class__.__name__}).",
                   err=True)
        raise typer.Exit(2) from None
    if current != head_revision():
        typer.echo(f"factdesk {command}: the database is not migrated (at {current or 'none'}, "
                   f"needs {head_revision()}): run `factdesk db upgrade`.", err=True)
        raise typer.Exit(2)


def _dump(data: object) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


@app.command()
def init(
    seeds: Annotated[Path | None, typer.Option(help="Folder of seed sources.")] = None,
    pack: Annotated[Path, typer.Option(help="Curated pack folder.")] = DEFAULT_PACK_DIR,
) -> None:
    """Create the store, load the seed sources and the curated pack (safe to repeat)."""
    settings = get_settings()
    seeds_dir = seeds or Path(settings.seeds_dir)
    try:
        report = init_store(make_engine(settings.database_url), pack_dir=pack,
                            seeds_dir=seeds_dir)
    except PackError as exc:
        typer.echo(f"factdesk init: {exc}", err=True)
        raise typer.Exit(1) from None
    typer.echo(
        f"Store ready: {len(report.sources_added)} source(s) added, "
        f"{len(report.sources_unchanged) + len(report.sources_updated)} already there; "
        f"{report.facts} curated figures, {report.actors} actors, {report.aliases} spellings, "
        f"{report.topics} topics."
    )


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="A slash command or a question.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the JSON contract.")] = False,
) -> None:
    """Answer a slash command (`/troops`) or a question, with citations."""
    result = ask_store(question, _store())
    if as_json:
        _dump({**result.to_json(), "text": mrkdwn(result)})
    else:
        typer.echo(plain(mrkdwn(result)))


@app.command()
def actor(
    name: Annotated[str, typer.Argument(help="A name as a reporter might type it.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the JSON contract.")] = False,
) -> None:
    """Resolve a name to an actor and show who they are."""
    store = _store()
    if as_json:
        resolution = store.actor_index.resolve(name)
        match = resolution.match
        _dump({
            "query": name,
            "match": {"id": match.id, "name": match.name, "kind": match.kind,
                      "score": match.score} if match else None,
            "candidates": [{"id": c.id, "name": c.name, "score": c.score}
                           for c in resolution.candidates],
        })
        return
    typer.echo(plain(mrkdwn(ask_store(f"/actor {name}", store))))


@app.command()
def sources(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the sources with outlet, title and date."""
    store = _store()
    rows = store.all_sources(limit=10_000)
    if as_json:
        _dump({"sources": [
            {"id": s.id, "outlet": s.outlet, "title": s.title,
             "published": s.published.isoformat() if s.published else None, "url": s.url,
             "cluster": s.cluster_id}
            for s in rows
        ]})
        return
    typer.echo(plain(mrkdwn(ask_store("/sources", store))))


@app.command()
def ingest(
    paths: Annotated[list[str] | None, typer.Argument(help="Files, folders or feed URLs.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the JSON report.")] = False,
    watch: Annotated[Path | None, typer.Option(help="Keep polling this drop folder.")] = None,
    interval: Annotated[float, typer.Option(help="Seconds between polls with --watch.")] = 5.0,
    workers: Annotated[int, typer.Option(help="Extraction processes (2 for backfills).")] = 1,
) -> None:
    """Take in text, HTML, JSON lines and RSS/Atom; propose candidate figures."""
    from bot.ingesting import run_ingest, watch_folder

    store = _store()
    if watch is not None:
        watch_folder(store, watch, interval=interval, as_json=as_json)
        return
    if not paths:
        typer.echo("factdesk ingest: give files, folders or feed URLs (or --watch DIR).",
                   err=True)
        raise typer.Exit(2)
    report = run_ingest(store, paths, as_json=as_json, workers=max(1, workers))
    if as_json:
        _dump(report.to_json())
    raise typer.Exit(1 if report.results and report.count("failed") == len(report.results)
                     else 0)


@app.command()
def facts(
    status: Annotated[str | None, typer.Option(help="candidate, confirmed, rejected or "
                                               "superseded")] = None,
    source: Annotated[str | None, typer.Option(help="Only this source id.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the JSON contract.")] = False,
    limit: Annotated[int, typer.Option(help="At most this many figures.")] = 500,
) -> None:
    """List figures, in the same object format as `ask --json`."""
    from knowledge.answer import list_figures

    store = _store()
    if status and status not in {"candidate", "confirmed", "rejected", "superseded"}:
        typer.echo(f"factdesk facts: unknown status {status!r}", err=True)
        raise typer.Exit(2)
    result = list_figures(store, status=status, source_id=source, limit=limit)
    if as_json:
        _dump({**result.to_json(), "text": mrkdwn(result)})
    else:
        typer.echo(plain(mrkdwn(result)))


@app.command()
def worker() -> None:
    """Run the scheduler: daily digests per channel, feed and drop-folder polling, reviews."""
    import logging

    from bot.scheduler import build_scheduler

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    settings = get_settings()
    _require_migrated("worker")
    _store()
    scheduler = build_scheduler(settings)
    typer.echo("factdesk worker: scheduler running (Ctrl-C stops it).", err=True)
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        pass


db_app = typer.Typer(help="The database schema.", no_args_is_help=True)
app.add_typer(db_app, name="db")


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Migrate the database to this version of factdesk (safe to repeat)."""
    from knowledge.migrate import current_revision, head_revision, upgrade

    engine = make_engine(get_settings().database_url)
    before = current_revision(engine)
    upgrade(engine)
    typer.echo(f"Database at {head_revision()} (was {before or 'empty'}).")


@db_app.command("current")
def db_current() -> None:
    """Show the database's schema revision and the one this code needs."""
    from knowledge.migrate import current_revision, head_revision

    engine = make_engine(get_settings().database_url)
    typer.echo(f"database: {current_revision(engine) or 'not migrated'}; code: {head_revision()}")


digest_app = typer.Typer(help="Digests of new sources.", no_args_is_help=True)
app.add_typer(digest_app, name="digest")


@digest_app.command("run")
def digest_run(
    channel: Annotated[str, typer.Option(help="Slack channel ID.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Compose only; post nothing.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the JSON outcome.")] = False,
) -> None:
    """Run one digest now for a subscribed channel."""
    import datetime as dt
    import uuid

    from bot.app import web_client
    from bot.digesting import run_channel_digest

    settings = get_settings()
    store = _store()
    outcome = run_channel_digest(store, web_client(settings), channel,
                                 run_key=f"cli-{uuid.uuid4().hex}", now=dt.datetime.now(dt.UTC),
                                 dry_run=dry_run)
    data = outcome.to_json()
    if dry_run and outcome.digest is not None:
        from bot.blocks import digest_messages

        data["messages"] = len(digest_messages(outcome.digest))
    if as_json:
        _dump(data)
    else:
        typer.echo(f"{outcome.status}: {len(outcome.sources)} source(s), "
                   f"{data['messages']} message(s). {outcome.reason}".strip())
    if outcome.status == "failed":
        raise typer.Exit(1)


@app.command()
def audit(
    fact: Annotated[str | None, typer.Option(help="Only this figure's history.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    limit: Annotated[int, typer.Option(help="At most this many records.")] = 200,
) -> None:
    """Every editorial change: who, when, before and after."""
    from knowledge.curation import audit_log

    records = audit_log(_store().engine, fact_id=fact, limit=limit)
    if as_json:
        _dump({"records": records})
        return
    if not records:
        typer.echo("No changes recorded.")
    for record in records:
        before = (record["before"] or {}).get("status")
        after = record["after"] or {}
        change = f"{before} → {after.get('status')}"
        if record["action"] == "correct":
            change = (f"{(record['before'] or {}).get('value')} → {after.get('value')} "
                      f"(now {after.get('id')})")
        typer.echo(f"{record['at']}  {record['who']:<12} {record['action']:<8} "
                   f"{record['fact_id']}: {change}")


@app.command("export-pack")
def export_pack(
    folder: Annotated[Path, typer.Argument(help="Where to write the pack.")],
) -> None:
    """Write confirmed figures, actors, places, metrics and topics back as a curated pack."""
    from knowledge.export import export_pack as write_pack

    written = write_pack(_store(), folder)
    typer.echo(f"Pack written to {folder}: {written['facts']} figures, {written['actors']} "
               f"actors, {written['sources']} sources (in {folder / 'sources'}).")


@app.command()
def console() -> None:
    """Type commands, @mentions or questions; read what Slack would show (no workspace needed)."""
    from bot.console import run_console

    run_console(_store())


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default: PORT).")] = None,
    workers: Annotated[int, typer.Option(help="Worker processes (default: WEB_CONCURRENCY "
                                         "or 1).")] = 0,
) -> None:
    """Serve Slack over HTTP: POST /slack/events, GET /healthz."""
    import os

    from bot.app import create_app
    from bot.web import serve as serve_http

    settings = get_settings()
    _require_migrated("serve")
    count = workers or int(os.environ.get("WEB_CONCURRENCY", "1") or 1)
    try:
        if settings.oauth:
            settings.require("slack_signing_secret", "slack_client_id", "slack_client_secret")
        else:
            settings.require("slack_bot_token", "slack_signing_secret")
    except MissingSetting as exc:
        typer.echo(f"factdesk serve: {exc}", err=True)
        raise typer.Exit(2) from None
    if count > 1:  # each worker process builds its own app
        serve_http(None, host=host or settings.host, port=port or settings.port, workers=count)
        return
    store = _store()
    serve_http(create_app(settings, store=store), host=host or settings.host,
               port=port or settings.port, engine=store.engine, workers=1)


@app.command()
def run() -> None:
    """Socket Mode with SLACK_APP_TOKEN; HTTP with a bot token and signing secret (both with
    the digest scheduler running alongside); otherwise the local console."""
    settings = get_settings()
    slack_mode = bool(settings.secret("slack_app_token") or (
        settings.secret("slack_bot_token") and settings.secret("slack_signing_secret")))
    if slack_mode:
        # One machine, one process: the web side and the worker's scheduler together.
        from apscheduler.schedulers.background import BackgroundScheduler

        from bot.scheduler import build_scheduler

        build_scheduler(settings, scheduler=BackgroundScheduler()).start()
    if settings.secret("slack_app_token"):
        from slack_bolt.adapter.socket_mode import SocketModeHandler

        from bot.app import create_app

        try:
            bolt_app = create_app(settings, store=_store())
        except MissingSetting as exc:
            typer.echo(f"factdesk run: {exc}", err=True)
            raise typer.Exit(2) from None
        SocketModeHandler(bolt_app, settings.secret("slack_app_token")).start()
    elif settings.secret("slack_bot_token") and settings.secret("slack_signing_secret"):
        serve(host=None, port=None, workers=1)
    else:
        console()


def main() -> None:
    """Console-script entry point."""
    app()
