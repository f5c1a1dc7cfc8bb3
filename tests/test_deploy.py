"""Deploying as a newsroom would: the built wheel in a new virtualenv, the Procfile's lines on
an empty store, another story's pack, and the Slack Socket Mode start without a signing
secret."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import sysconfig
import urllib.request
from pathlib import Path

import pytest

from bot.fake_slack import FakeSlack
from bot.slack_requests import sign, slash_command_body
from knowledge.native import status
from tests.conftest import ROOT
from tests.deploying import (
    Running,
    factdesk,
    fresh_database,
    get,
    operator_env,
    procfile,
)

SECRET = "deploy-signing-secret-0123456789"
FLOODS = ROOT / "tests" / "stories" / "floods"


def _build_wheel(tmp_path: Path) -> Path:
    """The wheel, built from a copy of the tree (links kept, no build of the checkout's) so the
    checkout stays clean: compiled where this machine can, as a deploy builds it."""
    tree = tmp_path / "tree"
    tree.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", "*.so")
    for name in ("pyproject.toml", "setup.py", "README.md", "manifest.yml"):
        shutil.copy2(ROOT / name, tree / name)
    for name in ("bot", "knowledge", "seeds"):
        shutil.copytree(ROOT / name, tree / name, symlinks=True, ignore=ignore)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps",
                    "--no-build-isolation", "-w", str(tmp_path / "dist"), str(tree)],
                   check=True, capture_output=True, timeout=600)
    return next((tmp_path / "dist").glob("factdesk-*.whl"))


def _fresh_venv(tmp_path: Path, wheel: Path) -> Path:
    """A new virtualenv with the wheel installed (not editable). Its dependencies come from
    this test run's environment, through a path file, so no network is needed."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True,
                   timeout=60)
    python = venv / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q",
                    "--no-deps", "--no-index", str(wheel)], check=True, capture_output=True,
                   timeout=120)
    target = subprocess.run([str(python), "-c", "import sysconfig; "
                             "print(sysconfig.get_paths()['purelib'])"], check=True,
                            capture_output=True, text=True).stdout.strip()
    (Path(target) / "_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv


@pytest.mark.once
def test_the_wheel_installed_anywhere_answers_after_init(tmp_path: Path) -> None:
    wheel = _build_wheel(tmp_path)
    with __import__("zipfile").ZipFile(wheel) as archive:
        names = set(archive.namelist())
    seeds = {p.name for p in (ROOT / "seeds").iterdir()}
    assert {f"knowledge/pack/sources/{n}" for n in seeds} <= names
    assert "bot/manifest.yml" in names and "knowledge/pack/facts.toml" in names
    if status()[0] == "compiled":  # this machine compiles: so does the wheel
        assert any(n.startswith("knowledge/extract.") and n.endswith(".so") for n in names)
    venv = _fresh_venv(tmp_path, wheel)
    program = str(venv / "bin" / "factdesk")
    where = tmp_path / "newsroom"  # no seeds/ here, no checkout anywhere near
    where.mkdir()
    env = operator_env(f"sqlite:///{where / 'var' / 'factdesk.db'}")
    env["PATH"] = f"{venv / 'bin'}:/usr/bin:/bin"
    env.pop("PYTHONPATH", None)
    located = subprocess.run([str(venv / "bin" / "python"), "-c", "import bot; print(bot.__file__)"],
                             capture_output=True, text=True, cwd=where, env=env)
    assert located.stdout.startswith(str(venv)), located.stdout + located.stderr

    init = factdesk(env, "init", cwd=where, program=program)
    assert init.returncode == 0, init.stderr
    assert "5 source(s) added" in init.stdout
    answer = factdesk(env, "ask", "/troops", "--json", cwd=where, program=program)
    assert answer.returncode == 0, answer.stderr
    assert json.loads(answer.stdout)["figures"], answer.stdout

    with FakeSlack() as slack:
        slack.channels["C0REVIEW"] = {"name": "desk-review", "is_member": True}
        doctor = factdesk({**env, "SLACK_BOT_TOKEN": "xoxb-deploy", "SLACK_SIGNING_SECRET":
                           SECRET, "SLACK_API_URL": slack.api_url,
                           "FACTDESK_REVIEW_CHANNEL": "C0REVIEW"}, "doctor", cwd=where,
                          program=program)
    out = doctor.stdout
    for name in ("settings", "database", "migrations", "pack", "counts", "manifest",
                 "slack auth.test", "slack scopes", "review channel", "worker", "schedule"):
        assert f" {name}: " in out, out
    assert "FAIL" not in out.replace("FAIL worker", ""), out
    assert "Traceback" not in doctor.stderr


def test_the_procfile_lines_in_order_give_a_bot_that_answers(tmp_path: Path) -> None:
    lines = procfile()
    assert set(lines) == {"release", "web", "worker"}
    with fresh_database(tmp_path) as url, FakeSlack() as slack:
        slack.channels["C0REVIEW"] = {"name": "desk-review", "is_member": True}
        env = operator_env(url, SLACK_BOT_TOKEN="xoxb-deploy", SLACK_SIGNING_SECRET=SECRET,
                           SLACK_API_URL=slack.api_url, FACTDESK_REVIEW_CHANNEL="C0REVIEW",
                           PORT="0")
        # WEB_CONCURRENCY from .env, as a platform's config or an operator's file gives it.
        (tmp_path / ".env").write_text("WEB_CONCURRENCY=2\n")
        for _ in range(2):  # a release twice is the same as once
            release = subprocess.run(lines["release"], shell=True, env=env, cwd=tmp_path,
                                     capture_output=True, text=True, timeout=120)
            assert release.returncode == 0, release.stderr
            assert "Traceback" not in release.stderr
        assert "0 source(s) added, 5 already there" in release.stdout

        web = Running(lines["web"], env, tmp_path)
        worker = Running(lines["worker"], env, tmp_path)
        try:
            address = web.wait_for(r"listening on (http://\S+) .*2 worker processes").group(1)
            address = address.replace("0.0.0.0", "127.0.0.1")
            status, body = _until_healthy(address)
            assert status == 200 and json.loads(body)["database"] == "ok"
            raw, headers = sign(SECRET, slash_command_body(
                "/troops", "", response_url=slack.response_url()))
            request = urllib.request.Request(f"{address}/slack/events", data=raw.encode(),
                                             headers=headers, method="POST")
            with urllib.request.urlopen(request, timeout=10) as response:
                answer = response.read().decode()
            assert "troops" in answer and "I don't know the command" not in answer
            worker.wait_for("scheduler running")
            doctor = factdesk(env, "doctor", cwd=tmp_path)
            assert "ok   worker: its jobs are in the database" in doctor.stdout, doctor.stdout
        finally:
            logs = web.stop() + "\n" + worker.stop()
        assert "Traceback" not in logs
        assert "As you gave `client` as well" not in logs


def _until_healthy(address: str) -> tuple[int, str]:
    import time

    deadline = time.monotonic() + 20
    while True:
        try:
            return get(f"{address}/healthz")
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def test_another_story_loads_from_its_own_folder(tmp_path: Path) -> None:
    with fresh_database(tmp_path) as url:
        env = operator_env(url)
        loaded = factdesk(env, "init", "--pack", str(FLOODS / "pack"), cwd=tmp_path)
        assert loaded.returncode == 0, loaded.stderr
        assert "6 source(s) added" in loaded.stdout
        again = factdesk(env, "init", "--pack", str(FLOODS), cwd=tmp_path)  # the story folder
        assert "0 source(s) added, 6 already there" in again.stdout, again.stderr
        answer = factdesk(env, "ask", "/floods", "--json", cwd=tmp_path)
        assert answer.returncode == 0 and json.loads(answer.stdout)["figures"], answer.stderr
        doctor = factdesk(env, "doctor", cwd=tmp_path)
        assert "FAIL slash commands: the store's topics use" in doctor.stdout
        assert "/floods" in doctor.stdout


def test_a_pack_without_its_sources_says_so_in_one_line(tmp_path: Path) -> None:
    pack = tmp_path / "lonely"
    shutil.copytree(FLOODS / "pack", pack)
    with fresh_database(tmp_path) as url:
        out = factdesk(operator_env(url), "init", "--pack", str(pack), cwd=tmp_path)
    assert out.returncode == 1
    assert len(out.stderr.strip().splitlines()) == 1, out.stderr
    assert "no sources folder was found" in out.stderr and "--seeds" in out.stderr


def test_socket_mode_needs_no_signing_secret(tmp_path: Path) -> None:
    with fresh_database(tmp_path) as url, FakeSlack() as slack:
        env = operator_env(url)
        assert factdesk(env, "init", cwd=tmp_path).returncode == 0
        env.update(SLACK_APP_TOKEN="xapp-1-deploy", SLACK_BOT_TOKEN="xoxb-deploy",
                   SLACK_API_URL=slack.api_url)
        running = Running("factdesk run", env, tmp_path)
        try:
            running.wait_for("Socket Mode: connecting")
            assert slack.wait_for("apps.connections.open"), "Socket Mode never asked Slack"
        finally:
            logs = running.stop()
    assert "SIGNING_SECRET" not in logs and "Traceback" not in logs


def test_a_release_keeps_the_editors_decisions(store_copy) -> None:
    from sqlalchemy import text

    from knowledge.curation import correct, reject
    from knowledge.stories import load_story

    reject(store_copy.engine, "000-withdrawal-period", who="U0EDITOR")
    fixed = correct(store_copy.engine, "000-troops-withdrawn", {"value": 2500,
                                                                "qualifier": "exact"},
                    who="U0EDITOR")
    for _ in range(2):  # the release step, on two deploys
        load_story(store_copy.engine)
    with store_copy.engine.connect() as connection:
        rows = dict(connection.execute(text(
            "SELECT id, status FROM fact WHERE id IN ('000-withdrawal-period', "
            "'000-troops-withdrawn', :fixed)"), {"fixed": fixed}).all())
        superseded_by = connection.execute(text(
            "SELECT superseded_by FROM fact WHERE id = '000-troops-withdrawn'")).scalar()
    assert rows == {"000-withdrawal-period": "rejected", "000-troops-withdrawn": "superseded",
                    fixed: "confirmed"}
    assert superseded_by == fixed
