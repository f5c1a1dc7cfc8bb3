"""The `factdesk` command line: build the store, ask it questions, run the console."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from bot.failures import explain
from bot.logs import configure_logging, debug_enabled, enable_debug
from bot.render import mrkdwn, plain
from bot.settings import get_settings, mode_of
from knowledge.answer import ask as ask_store
from knowledge.db import make_engine
from knowledge.store import FactStore

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_show_locals=False,
                  help="factdesk: cited figures for newsroom channels.")


@app.callback()
def _options(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks and debug logs (as "
                                        "FACTDESK_LOG_LEVEL=debug does).")] = False,
) -> None:
    """factdesk: cited figures for newsroom channels."""
    if debug:
        enable_debug()
    configure_logging()


def _say(command: str, line: str) -> None:
    typer.echo(f"factdesk {command}: {line}", err=True)


def _store() -> FactStore:
    """The fact store, or one line and exit 2 when it was never set up or is behind the code.

    A database that does not answer is not "not set up": that error goes up to ``main``,
    which says the server is unreachable.
    """
    from knowledge.migrate import current_revision, head_revision

    engine = make_engine(get_settings().database_url)
    try:
        revision = current_revision(engine)
    except Exception as exc:
        failure = explain(exc)
        if failure is None or failure.transient or failure.status != 2:
            raise
        revision = None
    if revision is None:
        typer.echo("The fact store is not set up yet: run `factdesk init` first.", err=True)
        raise typer.Exit(2)
    if revision != head_revision():
        typer.echo(f"The fact store is at {revision}; this factdesk needs {head_revision()}: "
                   "run `factdesk init` (or `factdesk db upgrade`).", err=True)
        raise typer.Exit(2)
    return FactStore(engine)


def _ready_database(command: str) -> Any:
    """The migrated database, waiting out one that is still starting (servers and worker)."""
    from bot.startup import connect_database, require_migrated

    engine = connect_database(get_settings())
    require_migrated(engine)
    return engine


def _dump(data: object) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


@app.command()
def init(
    seeds: Annotated[Path | None, typer.Option(
        help="A folder of source articles, instead of the ones that come with the pack.",
        show_default=False, metavar="DIR")] = None,
    pack: Annotated[Path | None, typer.Option(
        help="A story pack folder (its articles in PACK/sources or beside it in ../sources). "
             "Default: the first story, which comes with factdesk.", show_default=False,
        metavar="DIR")] = None,
) -> None:
    """Migrate the store and load a story pack with its sources (safe to repeat)."""
    from bot.startup import connect_database
    from knowledge.migrate import current_revision
    from knowledge.pack import PackError  # with datasketch: slow to import, needed here only
    from knowledge.stories import DEFAULT_PACK_DIR, load_story

    settings = get_settings()
    seeds_dir = seeds or (Path(settings.seeds_dir) if settings.seeds_dir else None)
    engine = connect_database(settings)
    before = current_revision(engine)
    try:
        report = load_story(engine, pack_dir=pack or DEFAULT_PACK_DIR, seeds_dir=seeds_dir)
    except PackError as exc:
        _say("init", f"{exc.problems[0]} (nothing was loaded)" if len(exc.problems) == 1
             else str(exc))
        raise typer.Exit(1) from None
    after = current_revision(engine)
    if after != before:
        typer.echo(f"Database at {after} (was {before or 'empty'}).")
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
def chart(
    command: Annotated[list[str], typer.Argument(help="A topic and its filters, as after a "
                                                 "slash command: a place, a name, a month, "
                                                 "a year or `as of` a date.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="The PNG to write.",
                                         metavar="FILE.png")] = Path("chart.png"),
    as_json: Annotated[bool, typer.Option("--json", help="Also print the plotted data as "
                                          "JSON.")] = False,
) -> None:
    """Draw a topic's headline metric as a PNG timeline, as `/troops chart` posts it."""
    from bot.charts import png_size, render_png
    from knowledge.chart import chart_for

    text = " ".join(command).strip()
    if text and not text.startswith("/"):
        text = "/" + text
    data = chart_for(text, _store())
    if not data.ok:
        _say("chart", plain(data.message or "nothing to chart"))
        raise typer.Exit(1)
    image = render_png(data)
    try:
        output.write_bytes(image)
    except OSError as exc:
        _say("chart", f"cannot write {output}: {exc.strerror or exc}")
        raise typer.Exit(2) from None
    if as_json:
        _dump(data.to_json())
    width, height = png_size(image) or (0, 0)
    _say("chart", f"{output}: {width}×{height}, {len(data.marks)} figures from "
                  f"{len(data.sources)} source(s).")


@app.command()
def export(
    topic: Annotated[str | None, typer.Argument(help="A topic (troops, /attacks); default: "
                                                "every confirmed figure.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="csv (one row per figure, every "
                                     "citation field), json, or claimreview (schema.org "
                                     "JSON-LD).", metavar="FORMAT")] = "csv",
    output: Annotated[Path | None, typer.Option("-o", "--output", help="The file to write "
                                                "(default: standard output).",
                                                show_default=False, metavar="FILE")] = None,
    author: Annotated[str, typer.Option(help="The newsroom named as the ClaimReviews' "
                                        "author.")] = "factdesk",
) -> None:
    """Export confirmed figures with their citations for the data desk or for publishing."""
    from knowledge.figure_export import ExportError, export_figures, render

    try:
        content, _name = render(export_figures(_store(), topic=topic), fmt.lower(),
                                author=author)
    except ExportError as exc:
        _say("export", str(exc))
        raise typer.Exit(2) from None
    if output is None:
        sys.stdout.write(content)
        return
    try:
        output.write_text(content, encoding="utf-8")
    except OSError as exc:
        _say("export", f"cannot write {output}: {exc.strerror or exc}")
        raise typer.Exit(2) from None


@app.command()
def check(
    source: Annotated[str, typer.Argument(help="The draft: a file, or - for standard input.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the JSON contract.")] = False,
    as_of: Annotated[str | None, typer.Option("--as-of", help="The draft's date, YYYY-MM-DD "
                                              "(default: today).")] = None,
) -> None:
    """Check every figure in a draft against the store: supported, contradicted, out of
    date, sources differ, or not in the store."""
    import datetime as dt

    from bot.render import check_lines
    from knowledge.check import check_draft

    try:
        day = dt.date.fromisoformat(as_of) if as_of else dt.date.today()
    except ValueError:
        _say("check", f"--as-of {as_of!r} is not a date; use YYYY-MM-DD.")
        raise typer.Exit(2) from None
    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        _say("check", f"cannot read {source}: {getattr(exc, 'strerror', None) or exc}")
        raise typer.Exit(2) from None
    report = check_draft(text, _store(), as_of=day)
    if as_json:
        _dump(report.to_json())
    else:
        typer.echo(plain("\n".join(check_lines(report))))


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
    """Run the scheduler: daily digests, feed and drop-folder polling, review cards."""
    from bot.scheduler import build_scheduler

    settings = get_settings()
    settings.check("worker")
    _ready_database("worker")
    _check_slack(settings, "worker")
    scheduler = build_scheduler(settings)
    _say("worker", "scheduler running, one job store in the database (Ctrl-C stops it).")
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        pass


def _check_slack(settings: Any, command: str) -> Any:
    """``auth.test`` for the bot token before serving (None without one, or with OAuth)."""
    from bot.app import web_client
    from bot.startup import slack_identity

    if settings.oauth and not settings.secret("slack_app_token"):
        return None
    if not settings.secret("slack_bot_token"):
        _say(command, "SLACK_BOT_TOKEN is not set: digests and review cards cannot be posted.")
        return None
    identity = slack_identity(settings, web_client(settings))
    _say(command, f"Slack: bot {identity.get('user')} in {identity.get('team')} "
                  f"({identity.get('team_id')}).")
    return identity


db_app = typer.Typer(help="The database schema.", no_args_is_help=True)
app.add_typer(db_app, name="db")


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Migrate the database to this version of factdesk (safe to repeat)."""
    from bot.startup import connect_database
    from knowledge.migrate import current_revision, head_revision, upgrade

    engine = connect_database(get_settings())
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
    host: Annotated[str | None, typer.Option(help="Interface to listen on (default: HOST, "
                                             "else 0.0.0.0).", show_default=False)] = None,
    port: Annotated[int | None, typer.Option(help="Port; 0 picks a free one (default: PORT, "
                                             "else 3000).", show_default=False)] = None,
    workers: Annotated[int | None, typer.Option(help="Worker processes (default: "
                                                "WEB_CONCURRENCY, else 1).",
                                                show_default=False, metavar="N")] = None,
) -> None:
    """Serve Slack over HTTP: POST /slack/events, GET /healthz."""
    _serve(host=host, port=port, workers=workers)


def _serve(*, host: str | None, port: int | None, workers: int | None,
           scheduler: Any = None) -> None:
    from bot.app import create_app
    from bot.web import serve as serve_http

    settings = get_settings()
    settings.check("oauth" if settings.oauth else "http")
    count = workers or settings.web_concurrency
    engine = _ready_database("serve")
    identity = _check_slack(settings, "serve")
    _warn_without_pack(engine, settings)
    if scheduler is not None:
        scheduler.start()

    def announce(line: str) -> None:
        _say("serve", line)

    if count > 1:  # each worker process builds its own app
        serve_http(None, host=host or settings.host, port=settings.port if port is None else port,
                   workers=count, announce=announce)
        return
    store = FactStore(engine)
    serve_http(create_app(settings, store=store, identity=identity), host=host or settings.host,
               port=settings.port if port is None else port, engine=store.engine, workers=1,
               announce=announce)


def _warn_without_pack(engine: Any, settings: Any) -> None:
    from sqlalchemy import func, select

    from knowledge.models import Pack

    if settings.oauth and settings.factdesk_team_database_url:
        return  # each workspace's store gets the pack at install
    with engine.connect() as connection:
        packs = connection.execute(select(func.count()).select_from(Pack)).scalar() or 0
    if not packs:
        _say("serve", "no story pack is loaded, so /troops and the other topics are unknown: "
                      "run `factdesk init`.")


@app.command()
def run() -> None:
    """Connect to Slack by Socket Mode or HTTP, with the scheduler; or open the console.

    Socket Mode with SLACK_APP_TOKEN and SLACK_BOT_TOKEN; HTTP with SLACK_BOT_TOKEN and
    SLACK_SIGNING_SECRET. Either way the digest scheduler runs in the same process. With no
    Slack settings, the local console.
    """
    settings = get_settings()
    mode = mode_of(settings)
    if mode == "console":
        console()
        return
    # One machine, one process: the web side and the worker's scheduler together.
    from apscheduler.schedulers.background import BackgroundScheduler

    from bot.scheduler import build_scheduler

    if mode != "socket":
        _serve(host=None, port=None, workers=1,
               scheduler=build_scheduler(settings, scheduler=BackgroundScheduler()))
        return
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    from bot.app import create_app, web_client
    from bot.startup import socket_mode_ready

    settings.check("socket")
    engine = _ready_database("run")
    identity = _check_slack(settings, "run")
    socket_mode_ready(settings, web_client(settings))
    bolt_app = create_app(settings, store=FactStore(engine), identity=identity, socket_mode=True)
    build_scheduler(settings, scheduler=BackgroundScheduler()).start()
    _say("run", "Socket Mode: connecting to Slack (no public URL needed; Ctrl-C stops it).")
    SocketModeHandler(bolt_app, settings.secret("slack_app_token")).start()


@app.command()
def doctor() -> None:
    """Check settings, database, Slack and the schedule: one line each, with its fix."""
    from bot.doctor import run_checks

    failed = total = 0
    for check in run_checks(get_settings()):
        typer.echo(check.line())
        total += 1
        failed += check.status == "FAIL"
    typer.echo(f"{total} checks, {failed} failed." if failed else f"{total} checks, all passed.")
    raise typer.Exit(1 if failed else 0)


def _plain_help(command: Any) -> None:
    """Help that reads as prose: ``--port PORT`` and ``--json``, no type tags."""
    import re

    import typer._click as click
    from typer.core import TyperArgument

    def prose(text: str | None) -> str | None:  # lines of one paragraph joined
        return re.sub(r"(?<!\n)\n(?!\n)\s*", " ", text) if text else text

    command.help = prose(command.help)
    for param in [*command.params, command.get_help_option(click.Context(command))]:
        if param is None:
            continue
        if getattr(param, "metavar", "") is None:
            param.metavar = "" if getattr(param, "is_flag", False) else (param.name or "").upper()
        if isinstance(param, TyperArgument):  # its name says enough; no "<str>" beside it
            param.display_type_rich = lambda ctx: None  # noqa: ARG005
        if getattr(param, "help", None):
            param.help = prose(param.help)
    for sub in getattr(command, "commands", {}).values():
        _plain_help(sub)


def main() -> None:
    """Console-script entry point: one line for an operator's failure, never a traceback
    (unless --debug or FACTDESK_LOG_LEVEL=debug)."""
    import traceback

    command = typer.main.get_command(app)
    _plain_help(command)
    try:
        command(prog_name="factdesk")
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:
        name = next((a for a in sys.argv[1:] if not a.startswith("-")), "")
        if debug_enabled():
            traceback.print_exc()
        failure = explain(exc)
        if failure is None:
            detail = " ".join(str(exc).split())[:300]
            _say(name, f"unexpected {exc.__class__.__name__}: {detail} (run with --debug for "
                       "the traceback)")
            sys.exit(1)
        _say(name, failure.line)
        sys.exit(failure.status)
