"""Charts and exports over real HTTP: the upload reaches the fake Slack by files_upload_v2."""

from __future__ import annotations

import json

from bot.charts import HEIGHT, WIDTH, png_size
from bot.slack_requests import slash_command_body
from tests.e2e.conftest import Server


def _command(server: Server, command: str, text: str = "",
             channel_id: str = "C0NEWS") -> dict:
    reply = server.signed(slash_command_body(command, text, channel_id=channel_id,
                                             response_url=server.slack.response_url()))
    assert reply.status == 200, reply.body
    return json.loads(reply.body)


def _completed(server: Server, count: int) -> dict:
    done = server.slack.wait_for("files.completeUploadExternal", count=count, timeout=30)
    assert len(done) >= count
    return done[count - 1].payload


def test_a_chart_is_uploaded_to_the_channel_with_files_upload_v2(server: Server) -> None:
    before = len(server.slack.of("files.completeUploadExternal"))
    ack = _command(server, "/troops", "iraq 2020 chart", channel_id="C0CHART")
    assert ack["response_type"] == "ephemeral"
    assert "Drawing *US troops in Iraq — Troop level* (5 figures)" in ack["text"]
    complete = _completed(server, before + 1)
    files = json.loads(complete["files"])
    assert complete["channel_id"] == "C0CHART"
    assert files[0]["title"] == "US troops in Iraq — Troop level"
    asked = server.slack.of("files.getUploadURLExternal")[-1].payload
    assert asked["filename"] == "troops.png" and "around 3,000 troops, 30 Sep 2020" in asked["alt_txt"]
    upload = server.slack.uploaded(files[0]["id"])
    assert upload["filename"] == "troops.png" and int(asked["length"]) == len(upload["data"])
    assert png_size(upload["data"]) == (WIDTH, HEIGHT)
    assert "Iraq, 2020" in complete["initial_comment"]
    methods = [c.method for c in server.slack.calls]
    last = len(methods) - 1 - methods[::-1].index("files.completeUploadExternal")
    assert methods[last - 2: last + 1] == ["files.getUploadURLExternal", "file_upload",
                                           "files.completeUploadExternal"]


def test_chart_junk_gets_a_polite_reply_and_no_upload(server: Server) -> None:
    before = len(server.slack.of("files.getUploadURLExternal"))
    ack = _command(server, "/troops", "<!channel> zork chart")
    assert "I don't know" in ack["text"] and "zork" in ack["text"]
    assert "<!channel>" not in ack["text"]
    assert "Traceback" not in ack["text"]
    ack = _command(server, "/actor", "kazemi chart")
    assert "I can chart a topic" in ack["text"]
    assert len(server.slack.of("files.getUploadURLExternal")) == before


def test_a_chart_the_bot_may_not_post_is_explained_to_the_reporter(server: Server) -> None:
    server.slack.fail_next("files.completeUploadExternal", status=200)
    before = len(server.slack.of("response_url"))
    _command(server, "/troops", "chart")
    said = server.slack.wait_for("response_url", count=before + 1, timeout=30)
    assert "could not post the chart" in said[-1].payload["text"]


def test_facts_export_uploads_a_csv_and_claimreview_on_request(server: Server) -> None:
    import csv
    import io

    before = len(server.slack.of("files.completeUploadExternal"))
    ack = _command(server, "/facts", "export troops", channel_id="C0DATA")
    assert "Exporting" in ack["text"] and "US troops in Iraq as CSV" in ack["text"]
    complete = _completed(server, before + 1)
    assert complete["channel_id"] == "C0DATA"
    upload = server.slack.uploaded(json.loads(complete["files"])[0]["id"])
    assert upload["filename"] == "factdesk-troops.csv"
    rows = list(csv.DictReader(io.StringIO(upload["data"].decode("utf-8"))))
    assert rows and {"id", "quote", "source_outlet", "source_url"} <= set(rows[0])
    _command(server, "/facts", "export attacks claimreview")
    complete = _completed(server, before + 2)
    upload = server.slack.uploaded(json.loads(complete["files"])[0]["id"])
    assert upload["filename"] == "factdesk-attacks.jsonld"
    assert json.loads(upload["data"])["@graph"][0]["@type"] == "ClaimReview"


def test_an_export_of_an_unknown_topic_is_refused_and_nothing_is_uploaded(server: Server) -> None:
    before = len(server.slack.of("files.getUploadURLExternal"))
    ack = _command(server, "/facts", "export <@U0BOSS> zork")
    assert "Name one topic at most" in ack["text"]
    ack = _command(server, "/facts", "export <!here>")
    assert "I don't know the topic" in ack["text"] and "<!here>" not in ack["text"]
    assert len(server.slack.of("files.getUploadURLExternal")) == before


def test_a_chart_asked_for_in_a_thread_is_uploaded_in_the_thread(server: Server) -> None:
    from bot.fake_slack import BOT_USER_ID
    from bot.slack_requests import event_body

    before = len(server.slack.of("files.completeUploadExternal"))
    event = {"type": "app_mention", "user": "U0REPORT", "channel": "C0NEWS",
             "text": f"<@{BOT_USER_ID}> /attacks chart", "ts": "1601000900.000200",
             "event_ts": "1601000900.000200", "thread_ts": "1601000800.000100"}
    assert server.signed(event_body(event), content_type="application/json").status == 200
    complete = _completed(server, before + 1)
    assert complete["channel_id"] == "C0NEWS"
    assert complete["thread_ts"] == "1601000800.000100"
    files = json.loads(complete["files"])
    assert png_size(server.slack.uploaded(files[0]["id"])["data"]) == (WIDTH, HEIGHT)
