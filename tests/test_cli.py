"""The factdesk command line, run as a user runs it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

FACTDESK = shutil.which("factdesk", path=str(Path(sys.executable).parent)) or "factdesk"


@pytest.fixture
def env(tmp_path: Path, clean_environ) -> dict[str, str]:
    environment = dict(os.environ)
    environment["DATABASE_URL"] = f"sqlite:///{tmp_path / 'cli.db'}"
    environment["FACTDESK_SEEDS_DIR"] = str(ROOT / "seeds")
    return environment


def run(env: dict[str, str], *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([FACTDESK, *args], env=env, input=stdin, capture_output=True,
                          text=True, timeout=60, cwd=ROOT)


def test_init_is_idempotent_and_ask_answers_with_json(env) -> None:
    first = run(env, "init")
    assert first.returncode == 0, first.stderr
    assert "5 source(s) added" in first.stdout
    second = run(env, "init")
    assert "0 source(s) added, 5 already there" in second.stdout
    out = run(env, "ask", "/troops", "--json")
    data = json.loads(out.stdout)
    assert set(data) == {"query", "topic", "reading", "direct", "figures", "unreviewed",
                         "nearest", "message", "more", "conflicts", "text"}
    assert data["topic"] == "troops"
    figure = data["figures"][0]
    assert set(figure) >= {"id", "metric", "value", "qualifier", "unit", "as_of", "period_start",
                           "period_end", "place", "actors", "status", "quote", "source"}
    assert set(figure["source"]) == {"id", "outlet", "title", "published", "url"}


def test_actor_json_contract(env) -> None:
    run(env, "init")
    data = json.loads(run(env, "actor", "kazemi", "--json").stdout)
    assert data["query"] == "kazemi"
    assert data["match"]["id"] == "mustafa-al-kadhimi" and data["match"]["kind"] == "person"
    ambiguous = json.loads(run(env, "actor", "Qassem", "--json").stdout)
    assert ambiguous["match"] is None
    assert {c["id"] for c in ambiguous["candidates"]} >= {"qassem-al-araji", "qasem-soleimani"}


def test_sources_json(env) -> None:
    run(env, "init")
    data = json.loads(run(env, "sources", "--json").stdout)
    assert len(data["sources"]) == 5
    assert {s["outlet"] for s in data["sources"]} >= {"The New Arab", "Rudaw", "Digital Journal"}


def test_console_reads_standard_input_and_exits_zero(env) -> None:
    run(env, "init")
    out = run(env, "console", stdin="/troops\n/actor kazemi\nhow many rockets hit Erbil?\n"
                                     + "x" * 10_000 + "\n")
    assert out.returncode == 0, out.stderr
    assert "2,500 troops" in out.stdout
    assert "Mustafa al-Kadhimi" in out.stdout
    assert "6 rockets" in out.stdout
    assert "too long" in out.stdout
    assert "Traceback" not in out.stdout + out.stderr


def test_asking_before_init_says_what_to_do(env) -> None:
    out = run(env, "ask", "/troops")
    assert out.returncode == 2
    assert "factdesk init" in out.stderr
    assert "Traceback" not in out.stderr


def test_bad_pack_exits_non_zero_with_one_clear_message(env, tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(ROOT / "knowledge" / "pack", pack)
    facts = pack / "facts.toml"
    facts.write_text(facts.read_text().replace("value = 36", "value = 37"))
    out = run(env, "init", "--pack", str(pack))
    assert out.returncode == 1
    assert "fact '004-sanctions-persons' field 'value'" in out.stderr
    assert "Traceback" not in out.stderr


def test_run_without_slack_settings_opens_the_console_on_bolt(env) -> None:
    run(env, "init")
    out = run(env, "run", stdin="/troops\nshare\n@factdesk how many rockets hit Erbil?\n")
    assert out.returncode == 0, out.stderr
    assert "(only visible to you)" in out.stdout and "[Share in channel]" in out.stdout
    assert "(posted in C0NEWS)" in out.stdout  # shared: the bot's own message
    assert "Shared by <@U0REPORT>" in out.stdout
    assert "(in the thread of " in out.stdout and "*6 rockets*" in out.stdout


def test_serve_names_the_missing_setting(env) -> None:
    run(env, "init")
    out = run(env, "serve")
    assert out.returncode == 2
    assert "SLACK_BOT_TOKEN is not set" in out.stderr
    env = {**env, "SLACK_BOT_TOKEN": "xoxb-test-token-value"}
    out = run(env, "serve")
    assert "SLACK_SIGNING_SECRET is not set" in out.stderr
    assert "xoxb-test-token-value" not in out.stderr + out.stdout


def test_servers_refuse_an_unmigrated_database(env, tmp_path: Path) -> None:
    import sqlite3

    sqlite3.connect(tmp_path / "cli.db").close()  # an empty database file
    env = {**env, "SLACK_BOT_TOKEN": "xoxb-test-token-value", "SLACK_SIGNING_SECRET": "s3cret"}
    out = run(env, "serve")
    assert out.returncode == 2
    assert "not migrated" in out.stderr and "factdesk db upgrade" in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1
    upgraded = run(env, "db", "upgrade")
    assert upgraded.returncode == 0 and "Database at" in upgraded.stdout
    current = run(env, "db", "current")
    assert "database: 0006; code: 0006" in current.stdout


def test_console_shows_everything_the_app_posts_in_order(env) -> None:
    run(env, "init")
    script = ("/digest subscribe\n/digest now\n/facts export troops\n/troops <!channel> zork chart\n"
              "/troops iraq 2020 chart\n")
    out = run(env, "console", stdin=script)
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert "Traceback" not in text + out.stderr
    posting = text.index("Posting a digest")
    digest = text.index("(posted in C0NEWS)", posting)
    export = text.index("[file: factdesk-troops.csv, ", digest)
    refused = text.index("I don't know", export)
    drawing = text.index("Drawing *US troops in Iraq — Troop level*", refused)
    chart = text.index("[file: troops.png, 1200×700]", drawing)  # the last line's upload
    assert posting < digest < export < refused < drawing < chart
    assert "<!channel>" not in text
    assert text.count("[file: ") == 2


def test_chart_and_export_offline(env, tmp_path: Path) -> None:
    run(env, "init")
    png = tmp_path / "troops.png"
    out = run(env, "chart", "troops", "iraq", "2020", "-o", str(png), "--json")
    assert out.returncode == 0, out.stderr
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "1200×700, 5 figures from 3 source(s)" in out.stderr
    assert len(json.loads(out.stdout)["marks"]) == 5
    refused = run(env, "chart", "troops", "zork", "-o", str(png))
    assert refused.returncode == 1 and "zork" in refused.stderr
    assert "Traceback" not in refused.stderr
    csv_out = run(env, "export", "troops")
    assert csv_out.returncode == 0 and csv_out.stdout.startswith("id,status,disputed,")
    target = tmp_path / "troops.jsonld"
    assert run(env, "export", "--format", "claimreview", "troops", "-o", str(target)).returncode == 0
    assert json.loads(target.read_text())["@graph"][0]["@type"] == "ClaimReview"
    bad = run(env, "export", "--format", "xml")
    assert bad.returncode == 2 and "use csv, json, claimreview" in bad.stderr


def test_console_editor_ingests_reviews_and_confirms(env, tmp_path: Path) -> None:
    run(env, "init")
    article = tmp_path / "ferry.txt"
    article.write_text("Ferry capsizes on Lake Malawi, 14 missing\n\n"
                       "MANGOCHI, Malawi (Lakeside Wire) — A ferry carrying 60 passengers "
                       "capsized on Lake Malawi on Tuesday; 14 people are missing and 9 were "
                       "taken to hospital, police said.\n", encoding="utf-8")
    (tmp_path / "ferry.meta.json").write_text(json.dumps(
        {"outlet": "Lakeside Wire", "published": "2024-03-05"}), encoding="utf-8")
    script = (f"ingest {article}\nconfirm ferry-c001\nreject ferry-c002\nconfirm zork\n"
              "review\nhow many people are missing in Malawi?\n")
    out = run(env, "console", stdin=script)
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert "Traceback" not in text + out.stderr
    assert "1 added, 0 already there, 0 failed" in text
    assert text.count("(posted in C0REVIEW)") == 3  # each candidate once, to the editors
    assert "Confirmed by <@U0REPORT>" in text and "Rejected by <@U0REPORT>" in text
    assert "no figure with id 'zork'" in text
    assert "(no candidates waiting for review)" in text  # review again: nothing new
    answer = text[text.index("Reading:"):]
    assert "*14 people" in answer and "Lakeside Wire" in answer
