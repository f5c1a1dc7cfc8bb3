"""Corrections follow the answer: a thread that was given a figure hears once when an
editor corrects or rejects it."""

from __future__ import annotations

import json
import threading
import time

from bot.corrections import follow_up
from bot.fake_slack import BOT_USER_ID
from bot.slack_requests import action_body, event_body, view_submission_body
from knowledge.curation import correct
from knowledge.followups import corrections_for
from tests.e2e.test_curation_http import EDITOR, desk  # noqa: F401  (fixture)

THREAD = "1601000500.000100"


def _ask_in_thread(server, question: str, *, ts: str) -> dict:
    before = len(server.slack.of("chat.postMessage"))
    event = {"type": "app_mention", "user": "U0REPORT", "channel": "C0NEWS",
             "text": f"<@{BOT_USER_ID}> {question}", "ts": ts, "event_ts": ts,
             "thread_ts": THREAD}
    assert server.signed(event_body(event), content_type="application/json").status == 200
    return server.slack.wait_for("chat.postMessage", count=before + 1)[before].payload


def _wait_recorded(store, fact_id: str) -> None:
    """The answer is posted before it is recorded; wait for the record, as an editor would."""
    from sqlalchemy import select

    from knowledge.models import AnswerFigure

    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        with store.engine.connect() as connection:
            if connection.execute(select(AnswerFigure.post_id)
                                  .where(AnswerFigure.fact_id == fact_id)).first():
                return
        time.sleep(0.02)
    raise AssertionError(f"no posted answer recorded {fact_id}")


def _corrections(server, *, at_least: int = 0) -> list[dict]:
    """The corrections posted so far, waiting up to 5 s for ``at_least`` of them."""
    deadline = time.monotonic() + 5
    while True:
        found = [c.payload for c in server.slack.of("chat.postMessage")
                 if c.payload.get("text", "").startswith("Correction:")]
        if len(found) >= at_least or time.monotonic() > deadline:
            return found
        time.sleep(0.02)


def test_a_corrected_figure_is_corrected_in_the_thread_once(desk) -> None:  # noqa: F811
    server, store = desk
    answer = _ask_in_thread(server, "how many US troops were in Iraq at the end of September "
                                    "2020?", ts="1601000500.000200")
    assert answer["thread_ts"] == THREAD
    _wait_recorded(store, "001-troops-level")
    server.signed(action_body("fact_edit", "001-troops-level", user_id=EDITOR,
                              response_url=server.slack.response_url("card")))
    [opened] = server.slack.wait_for("views.open")
    view = opened.payload["view"]
    view = view if isinstance(view, dict) else json.loads(view)
    values = {
        "value": {"v": {"type": "plain_text_input", "value": "3000"}},
        "qualifier": {"v": {"type": "static_select", "selected_option": {"value": "fewer_than"}}},
        "as_of": {"v": {"type": "plain_text_input", "value": "2020-09-30"}},
        "metric": {"v": {"type": "static_select", "selected_option": {"value": "troops.level"}}},
        "place": {"v": {"type": "static_select", "selected_option": {"value": "iraq"}}},
        "actors": {"v": {"type": "plain_text_input", "value": "United States"}},
    }
    reply = server.signed(view_submission_body("fact_edit_modal", values, user_id=EDITOR,
                                               private_metadata=view["private_metadata"]))
    assert reply.status == 200
    [posted] = _corrections(server, at_least=1)
    assert posted["channel"] == "C0NEWS" and posted["thread_ts"] == THREAD
    assert posted["text"] == ("Correction: Troop level was around 3,000 troops (30 Sep "
                              "2020); it is now fewer than 3,000 troops (30 Sep 2020), source "
                              "The New Arab, 30 Sep 2020.")
    # Acting again on the old figure's corrections posts nothing more.
    assert follow_up(store, _client(server), "001-troops-level") == 0
    assert len(_corrections(server)) == 1


def test_a_rejected_figure_is_withdrawn_in_the_thread(desk) -> None:  # noqa: F811
    server, store = desk
    _ask_in_thread(server, "how many rockets hit Erbil?", ts="1601000600.000200")
    _wait_recorded(store, "001-erbil-rockets")
    server.signed(action_body("fact_reject", "001-erbil-rockets", user_id=EDITOR,
                              response_url=server.slack.response_url("card")))
    server.slack.wait_for("response_url")
    [posted] = _corrections(server, at_least=1)
    assert posted["thread_ts"] == THREAD
    assert "an editor has withdrawn that figure" in posted["text"]
    assert "6 rockets (30 Sep 2020)" in posted["text"]


def test_two_editors_at_once_post_one_correction(desk) -> None:  # noqa: F811
    server, store = desk
    _ask_in_thread(server, "how many bases do US troops use in Iraq?", ts="1601000700.000200")
    _wait_recorded(store, "001-bases")
    correct(store.engine, "001-bases", {"value": 3, "qualifier": "at_least"}, who=EDITOR)
    assert corrections_for(store, "001-bases")
    client = _client(server)
    counts: list[int] = []
    threads = [threading.Thread(target=lambda: counts.append(follow_up(store, client,
                                                                       "001-bases")))
               for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(counts) == [0, 0, 0, 1]
    assert len(_corrections(server)) == 1


def test_a_shared_answer_hears_of_a_rejection_in_its_own_thread(desk) -> None:  # noqa: F811
    from sqlalchemy import select

    from bot.blocks import SHARE_ACTION
    from knowledge.models import PostedAnswer

    server, store = desk
    before = len(server.slack.of("chat.postMessage"))
    server.signed(action_body(SHARE_ACTION, "how many rockets hit Erbil?", user_id="U0REPORT",
                              response_url=server.slack.response_url("share")))
    shared = server.slack.wait_for("chat.postMessage", count=before + 1)[before]
    assert shared.payload["channel"] == "C0NEWS"
    _wait_recorded(store, "001-erbil-rockets")
    server.signed(action_body("fact_reject", "001-erbil-rockets", user_id=EDITOR,
                              response_url=server.slack.response_url("card")))
    [posted] = _corrections(server, at_least=1)
    assert posted["channel"] == "C0NEWS"
    with store.engine.connect() as connection:  # the thread is the shared message's own
        [(ts, thread_ts)] = connection.execute(
            select(PostedAnswer.ts, PostedAnswer.thread_ts)
            .where(PostedAnswer.channel_id == "C0NEWS", PostedAnswer.thread_ts != THREAD)).all()
    assert posted["thread_ts"] == ts == thread_ts
    assert "an editor has withdrawn that figure" in posted["text"]


def _client(server):
    from slack_sdk import WebClient

    return WebClient(token="xoxb-test", base_url=f"{server.slack.base}/api/")

