"""`factdesk doctor` against a real store and the stand-in Slack Web API on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlmodel import Session

from bot.fake_slack import FakeSlack
from knowledge.db import make_engine
from knowledge.models import Subscription
from tests.deploying import factdesk, fresh_database, operator_env

SLACK = {"SLACK_BOT_TOKEN": "xoxb-doctor", "SLACK_SIGNING_SECRET": "doctor-signing-secret"}


def _lines(out: str) -> dict[str, str]:
    """Each check's line by its name."""
    found = {}
    for line in out.splitlines():
        status, _, rest = line.partition(" ")
        name, _, _detail = rest.strip().partition(": ")
        if status in {"ok", "FAIL", "skip"}:
            found[name] = line
    return found


def test_every_check_passes_on_a_good_deployment(tmp_path: Path) -> None:
    with fresh_database(tmp_path) as url, FakeSlack() as slack:
        slack.channels["C0REVIEW"] = {"name": "desk-review", "is_member": True}
        env = operator_env(url, **SLACK, SLACK_API_URL=slack.api_url,
                           FACTDESK_REVIEW_CHANNEL="C0REVIEW")
        assert factdesk(env, "init", cwd=tmp_path).returncode == 0
        with Session(make_engine(url)) as session:
            session.add(Subscription(channel_id="C0DESK", time="09:30",
                                     timezone="Europe/London", created_at=dt.datetime.now(dt.UTC)))
            session.commit()
        out = factdesk(env, "doctor", cwd=tmp_path)
    checks = _lines(out.stdout)
    assert checks["settings"].startswith("ok") and "HTTP (factdesk serve)" in checks["settings"]
    assert checks["database"].startswith("ok") and "reachable" in checks["database"]
    assert checks["migrations"].startswith("ok")
    assert "iraq-drawdown" in checks["pack"] and checks["pack"].startswith("ok")
    assert "5 sources, " in checks["counts"] and "confirmed figures" in checks["counts"]
    assert checks["manifest"].startswith("ok") and checks["slash commands"].startswith("ok")
    assert "bot factdesk (UFACTDESK) in newsroom (T0NEWS)" in checks["slack auth.test"]
    assert checks["slack scopes"].startswith("ok")
    assert "#desk-review, the bot is a member" in checks["review channel"]
    assert "next at" in checks["digest C0DESK"] and "09:30 Europe/London" in checks["digest C0DESK"]
    # The worker never ran against this database: that is the one failure, with its fix.
    assert checks["worker"].startswith("FAIL") and "factdesk worker" in checks["worker"]
    assert out.returncode == 1 and "1 failed" in out.stdout
    assert "xoxb-doctor" not in out.stdout + out.stderr


def test_each_failure_comes_with_its_fix(tmp_path: Path) -> None:
    with fresh_database(tmp_path) as url, FakeSlack() as slack:
        slack.scopes = "chat:write,commands"
        slack.channels["C0SECRET"] = {"name": "editors", "is_member": False, "is_private": True}
        env = operator_env(url, **SLACK, SLACK_API_URL=slack.api_url,
                           FACTDESK_REVIEW_CHANNEL="C0SECRET")
        before = _lines(factdesk(env, "doctor", cwd=tmp_path).stdout)
        assert "FAIL" in before["migrations"] and "factdesk init" in before["migrations"]
        assert factdesk(env, "init", cwd=tmp_path).returncode == 0
        checks = _lines(factdesk(env, "doctor", cwd=tmp_path).stdout)
        assert checks["slack scopes"].startswith("FAIL")
        assert "app_mentions:read" in checks["slack scopes"]
        assert "reinstall the app" in checks["slack scopes"]
        assert "/invite @factdesk in #editors" in checks["review channel"]
        missing = _lines(factdesk({**env, "FACTDESK_REVIEW_CHANNEL": "C0NOPE"}, "doctor",
                                  cwd=tmp_path).stdout)
        assert "channel_not_found" in missing["review channel"]
        assert "ID" in missing["review channel"]
        slack.refused_tokens.add("xoxb-doctor")
        refused = _lines(factdesk(env, "doctor", cwd=tmp_path).stdout)
        assert "Slack refused the bot token (invalid_auth)" in refused["slack auth.test"]
    unreachable = _lines(factdesk({**env, "SLACK_API_URL": "http://127.0.0.1:1/api/"}, "doctor",
                                  cwd=tmp_path).stdout)
    assert "cannot reach Slack" in unreachable["slack auth.test"]
    down = factdesk(operator_env("postgres://u:pw@127.0.0.1:1/db", **SLACK), "doctor",
                    cwd=tmp_path)
    assert "FAIL database: cannot reach the database" in down.stdout
    assert "fix: start it, or fix DATABASE_URL" in down.stdout
    assert "Traceback" not in down.stdout + down.stderr
