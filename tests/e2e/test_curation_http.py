"""Editors curate in Slack over real HTTP; readers report wrong figures; /digest."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from bot.digesting import post_reviews
from bot.slack_requests import action_body, slash_command_body, view_submission_body
from knowledge.answer import ask
from knowledge.curation import audit_log
from knowledge.ingest import Ingester, read_paths
from knowledge.models import Fact
from tests.conftest import ROOT
from tests.e2e.conftest import Server, running_server

EDITOR, READER, REVIEW = "U0EDITOR", "U0READER", "C0REVIEW"


@pytest.fixture
def desk(store_copy) -> Iterator[tuple[Server, object]]:
    Ingester(store_copy.engine, store=store_copy).ingest(
        read_paths([str(ROOT / "tests" / "articles" / "page.html")]))
    with running_server(str(store_copy.engine.url), factdesk_editors=f"{EDITOR},U0OTHER",
                        factdesk_review_channel=REVIEW) as server:
        yield server, store_copy


def _status(store, fact_id: str) -> str:
    with store.engine.connect() as connection:
        return connection.execute(select(Fact.status).where(Fact.id == fact_id)).scalar()


def _texts(payload: dict) -> str:
    return json.dumps(payload.get("blocks") or []) + payload.get("text", "")


def test_candidates_go_to_the_review_channel_once(desk) -> None:
    server, store = desk
    from slack_sdk import WebClient

    client = WebClient(token="xoxb-e2e", base_url=server.slack.api_url)
    assert post_reviews(store, client, REVIEW, sleep=lambda _s: None) == 3
    assert post_reviews(store, client, REVIEW, sleep=lambda _s: None) == 0
    cards = server.slack.of("chat.postMessage")
    assert {c.payload["channel"] for c in cards} == {REVIEW}
    actions = [e for c in cards for b in c.payload["blocks"] if b["type"] == "actions"
               for e in b["elements"]]
    assert {a["action_id"] for a in actions} == {"fact_confirm", "fact_reject", "fact_edit"}
    assert {a["value"] for a in actions} == {"page-c001", "page-c002", "page-c003"}


def test_a_non_editor_pressing_confirm_changes_nothing(desk) -> None:
    server, store = desk
    reply = server.signed(action_body("fact_confirm", "page-c002", user_id=READER,
                                      response_url=server.slack.response_url("card")))
    assert reply.status == 200
    [refusal] = server.slack.wait_for("response_url")
    assert refusal.payload["response_type"] == "ephemeral"
    assert "Only the desk's editors" in refusal.payload["text"]
    assert _status(store, "page-c002") == "candidate"
    assert audit_log(store.engine) == []


def test_an_editor_confirms_and_the_answer_changes(desk) -> None:
    server, store = desk
    before = ask("/attacks", store)
    assert "page-c002" in {f.id for f in before.unreviewed}
    server.signed(action_body("fact_confirm", "page-c002", user_id=EDITOR,
                              response_url=server.slack.response_url("card")))
    [update] = server.slack.wait_for("response_url")
    assert update.payload.get("replace_original") is True
    assert f"Confirmed by <@{EDITOR}>" in _texts(update.payload)
    assert _status(store, "page-c002") == "confirmed"
    [record] = audit_log(store.engine)
    assert (record["who"], record["action"], record["before"]["status"],
            record["after"]["status"]) == (EDITOR, "confirm", "candidate", "confirmed")
    after = ask("/attacks", store)
    assert "page-c002" in {f.id for f in after.figures if f.row.status == "confirmed"}


def test_an_edit_supersedes_the_figure_and_answers_use_the_correction(desk) -> None:
    server, store = desk
    server.signed(action_body("fact_edit", "001-troops-level", user_id=EDITOR,
                              response_url=server.slack.response_url("card")))
    [opened] = server.slack.wait_for("views.open")
    view = opened.payload["view"]
    view = view if isinstance(view, dict) else json.loads(view)
    assert view["callback_id"] == "fact_edit_modal"
    values = {
        "value": {"v": {"type": "plain_text_input", "value": "3000"}},
        "qualifier": {"v": {"type": "static_select", "selected_option": {"value": "fewer_than"}}},
        "as_of": {"v": {"type": "plain_text_input", "value": "2020-09-29"}},
        "metric": {"v": {"type": "static_select", "selected_option": {"value": "troops.level"}}},
        "place": {"v": {"type": "static_select", "selected_option": {"value": "iraq"}}},
        "actors": {"v": {"type": "plain_text_input", "value": "United States"}},
    }
    bad = dict(values, value={"v": {"type": "plain_text_input", "value": "lots"}})
    refused = server.signed(view_submission_body("fact_edit_modal", bad, user_id=EDITOR,
                                                 private_metadata=view["private_metadata"]))
    assert json.loads(refused.body)["response_action"] == "errors"
    assert _status(store, "001-troops-level") == "confirmed"
    reply = server.signed(view_submission_body("fact_edit_modal", values, user_id=EDITOR,
                                               private_metadata=view["private_metadata"]))
    assert reply.status == 200 and reply.body in ("", "{}")
    assert _status(store, "001-troops-level") == "superseded"
    assert _status(store, "001-troops-level-r1") == "confirmed"
    level = next(s for s in ask("/troops", store).sections if s.metric.id == "troops.level")
    ids = {f.id for g in level.groups() for f in g.figures}
    assert "001-troops-level-r1" in ids and "001-troops-level" not in ids
    assert level.headline.lead.amount() == "fewer than 3,000 troops"
    [record] = audit_log(store.engine, fact_id="001-troops-level")
    assert record["before"]["qualifier"] == "approx"
    assert record["after"]["qualifier"] == "fewer_than"


def test_a_non_editor_cannot_submit_a_correction(desk) -> None:
    server, store = desk
    values = {"value": {"v": {"type": "plain_text_input", "value": "2"}}}
    reply = server.signed(view_submission_body(
        "fact_edit_modal", values, user_id=READER,
        private_metadata=json.dumps({"fact_id": "001-bases"})))
    assert json.loads(reply.body)["response_action"] == "errors"
    assert _status(store, "001-bases") == "confirmed"


def test_wrong_figure_reports_land_in_the_review_channel(desk) -> None:
    server, _store = desk
    answer = json.loads(server.signed(slash_command_body(
        "/troops", "", response_url=server.slack.response_url())).body)
    buttons = [e for b in answer["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert "report_wrong" in {b["action_id"] for b in buttons}
    server.signed(action_body("report_wrong", "/troops", user_id=READER,
                              response_url=server.slack.response_url("answer"),
                              message_ts="1601000000.000900", ephemeral=False))
    [opened] = server.slack.wait_for("views.open")
    view = opened.payload["view"]
    view = view if isinstance(view, dict) else json.loads(view)
    reply = server.signed(view_submission_body(
        "report_wrong_modal", {"what": {"v": {"type": "plain_text_input",
                                              "value": "<!channel> 2,500 is the target"}}},
        user_id=READER, private_metadata=view["private_metadata"]))
    assert reply.status == 200
    [report] = server.slack.wait_for("chat.postMessage")
    assert report.payload["channel"] == REVIEW
    text = _texts(report.payload)
    assert f"<@{READER}>" in text and "2,500 is the target" in text
    assert "<!channel>" not in text
    assert "https://slack.com/archives/C0NEWS/p1601000000000900" in text


def test_digest_commands_over_http(desk) -> None:
    server, store = desk

    def digest(text: str) -> str:
        reply = server.signed(slash_command_body("/digest", text,
                                                 response_url=server.slack.response_url()))
        assert reply.status == 200
        return json.loads(reply.body)["text"]

    assert "no digest" in digest("status")
    assert "is not a time" in digest("subscribe 25:61")
    assert "is not a time zone" in digest("subscribe 09:00 Nowhere/Else")
    assert "every day at 08:30 Europe/London" in digest("subscribe 8:30 Europe/London")
    assert "08:30 Europe/London" in digest("status")
    Ingester(store.engine, store=store).ingest(
        read_paths([str(ROOT / "tests" / "articles" / "hard_cases.txt")]))
    assert "1 new source(s) waiting" in digest("status")
    assert "Posting a digest" in digest("now")
    [posted] = server.slack.wait_for("chat.postMessage")
    assert posted.payload["channel"] == "C0NEWS"
    assert "Rocket fire, drawdowns" in _texts(posted.payload)
    deadline = time.monotonic() + 5  # the watermark moves once Slack has taken the post
    while "0 new source(s) waiting" not in digest("status") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert "0 new source(s) waiting" in digest("status")
    assert "Unsubscribed" in digest("unsubscribe")
    assert "I don't know" in digest("sometimes")


def test_editors_home_lists_candidates_and_acts_from_there(desk) -> None:
    from bot.slack_requests import event_body

    server, store = desk
    event = {"type": "app_home_opened", "user": EDITOR, "channel": "D0HOME", "tab": "home",
             "event_ts": "1601000090.000100"}
    server.signed(event_body(event), content_type="application/json")
    [home] = server.slack.wait_for("views.publish")
    view = home.payload["view"] if isinstance(home.payload["view"], dict) else json.loads(
        home.payload["view"])
    assert "Awaiting review" in json.dumps(view)
    assert "fact_confirm" in json.dumps(view)
    reader = {**event, "user": READER}
    server.signed(event_body(reader), content_type="application/json")
    views = server.slack.wait_for("views.publish", count=2)
    assert "fact_confirm" not in json.dumps(views[1].payload)
    body = action_body("fact_reject", "page-c001", user_id=EDITOR, response_url=None)
    assert server.signed(body).status == 200
    deadline = time.monotonic() + 5
    while _status(store, "page-c001") != "rejected" and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _status(store, "page-c001") == "rejected"
