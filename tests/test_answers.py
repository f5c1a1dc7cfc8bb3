"""Answers on the seed store: the figures a reporter gets, each with its citation."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.render import mrkdwn
from knowledge.answer import ask
from knowledge.query import QueryKind, parse


def _by_id(answer) -> dict[str, dict]:
    return {f["id"]: f for f in answer.to_json()["figures"]}


def test_troops_gives_the_january_2021_target_and_the_autumn_2020_level(store) -> None:
    answer = ask("/troops", store)
    sections = {s.metric.id: s for s in answer.sections}
    target = sections["troops.target"].headline.lead
    assert (target.row.value, target.row.as_of.isoformat()) == (2500, "2021-01-15")
    assert target.source.outlet == "Rudaw"
    assert "drawing down its Coalition troops to 2,500 by January 15" in target.row.quote
    level = sections["troops.level"].headline.lead
    assert level.row.value == 3000 and level.row.as_of.isoformat() == "2020-09-30"
    assert level.source.outlet == "The New Arab" and level.source.published.isoformat() == "2020-09-30"
    text = mrkdwn(answer)
    assert "*2,500 troops* · 15 Jan 2021" in text
    assert "*around 3,000 troops* · 30 Sep 2020" in text


def test_every_figure_carries_source_and_verbatim_quote(store) -> None:
    for question in ("/troops", "/attacks", "/casualties", "/sanctions", "/inquiry",
                     "/actor kadhimi", "how many rockets hit Erbil?"):
        figures = ask(question, store).to_json()["figures"]
        assert figures, question
        for figure in figures:
            source = figure["source"]
            assert source["outlet"] and source["title"] and source["published"], figure["id"]
            assert figure["quote"], figure["id"]
            assert re.match(r"^\d{3}_[0-9a-f]{16}$", source["id"])


def test_sources_that_disagree_are_flagged_side_by_side(store) -> None:
    answer = ask("/troops", store)
    level = next(s for s in answer.sections if s.metric.id == "troops.level")
    assert level.disputed
    amounts = {g.lead.amount() for g in level.alongside}
    assert {"3,000 troops", "fewer than 3,000 troops"} <= amounts
    assert ["002-troops-level-sep20", "004-troops-level-after-drawdown"] in [
        sorted(c) for c in answer.conflicts
    ]
    assert "Sources differ" in mrkdwn(answer)


def test_wire_copy_is_shown_once_citing_every_copy(store) -> None:
    answer = ask("/attacks", store)
    count = next(s for s in answer.sections if s.metric.id == "attacks.count")
    group = count.headline
    assert group.wire
    assert {f.source.id for f in group.figures} == {"000_925b2a90b10570b4", "001_4a80a5298d402f5f"}
    text = mrkdwn(answer)
    assert text.count("In the space of just two months, another 40 attacks") == 1
    assert "wire copy" in text


def test_rockets_on_erbil(store) -> None:
    answer = ask("how many rockets hit Erbil?", store)
    assert answer.topic.id == "attacks"
    figures = answer.to_json()["figures"]
    assert [(f["value"], f["place"]) for f in figures] == [(6, "Erbil")]
    assert figures[0]["actors"] == ["Popular Mobilization Forces"]
    assert ask("how many rockets hit Arbil?", store).to_json()["figures"] == figures


def test_benghazi_is_not_an_iraq_casualty_figure(store) -> None:
    iraq = _by_id(ask("/casualties", store))
    assert iraq and all(f["place"] != "Benghazi" for f in iraq.values())
    assert "000-benghazi-killed" not in iraq
    libya = ask("how many were killed in Benghazi?", store).to_json()["figures"]
    assert {f["place"] for f in libya} == {"Benghazi"}
    assert {f["as_of"] for f in libya} == {"2012"}


def test_a_2020_figure_is_not_a_2021_one(store) -> None:
    figures = ask("/troops 2021", store).to_json()["figures"]
    assert figures
    for figure in figures:
        assert (figure["as_of"] or figure["period_start"]).startswith("2021")
    empty = ask("/attacks 2021", store)
    assert not empty.figures and "No confirmed figures" in empty.message


def test_as_of_a_date_uses_only_what_held_then(store) -> None:
    answer = ask("/troops as of 2020-10-01", store)
    ids = {f.id for f in answer.figures}
    assert "002-troops-target-jan15" not in ids and "002-more-than-half-withdrawn" not in ids
    assert next(s for s in answer.sections if s.metric.id == "troops.level").headline.lead.row.value == 3000


def test_month_filter(store) -> None:
    answer = ask("/troops September 2020", store)
    assert answer.figures
    for figure in answer.to_json()["figures"]:
        assert (figure["as_of"] or "").startswith("2020-09")


def test_actor_filter_and_profile(store) -> None:
    answer = ask("/troops kazemi", store)
    assert answer.figures
    assert all(f.attributed_to == "Mustafa al-Kadhimi" or "Mustafa al-Kadhimi" in f.actors
               for f in answer.figures)
    profile = ask("/actor kazemi", store)
    assert profile.profile.name == "Mustafa al-Kadhimi"
    assert "Prime Minister of Iraq" in mrkdwn(profile)
    assert "Khadhimi" in profile.profile.spellings
    assert len(profile.profile.mentions) == 5


def test_no_match_says_so_and_suggests_what_exists(store) -> None:
    answer = ask("how many drones attacked?", store)
    assert not answer.figures
    assert answer.message.startswith("No confirmed figures for Drone attacks")
    assert answer.nearest and "not for Drone attacks" in answer.nearest_note
    assert not answer.to_json()["figures"] and answer.to_json()["nearest"]


def test_unknown_name_in_a_command_is_refused_not_ignored(store) -> None:
    answer = ask("/troops Merkel", store)
    assert not answer.figures
    assert "Merkel" in answer.message


def test_unknown_command_and_empty_question(store) -> None:
    unknown = ask("/weather", store)
    assert unknown.query.kind is QueryKind.unknown_command
    assert "/troops" in mrkdwn(unknown)
    assert ask("   ", store).query.kind is QueryKind.empty
    assert mrkdwn(ask("/sources", store)).count("• ") == 5


def test_junk_is_answered_briefly(store) -> None:
    junk = "x" * 10_000
    answer = ask(junk, store)
    assert answer.query.kind is QueryKind.too_long
    assert len(mrkdwn(answer)) < 1500
    ctrl = ask("/troops \x00\x07\x1b[31m", store)
    assert "\x00" not in mrkdwn(ctrl) and "\x1b" not in mrkdwn(ctrl)


def test_slack_markup_in_a_question_is_never_echoed(store) -> None:
    for question in ("/troops <!channel> Angela", "<@U123> <!here> who is <https://evil|Kadhimi>",
                     "/actor <!subteam^S1> & <b>bold</b>", "/weather<!everyone>"):
        text = mrkdwn(ask(question, store))
        assert "<!" not in text and "<@" not in text and "<http" not in text
        assert "<b>" not in text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_any_text_gets_a_reply_and_nothing_unescaped(store, question: str) -> None:
    answer = ask(question, store)
    data, text = answer.to_json(), mrkdwn(answer)
    assert text
    for figure in data["figures"]:  # never an uncited figure
        assert figure["quote"] and figure["source"]["id"] and figure["source"]["outlet"]
    stripped = re.sub(r"<https?://[^|>]+\|[^>]*>", "", text)
    assert "<" not in stripped and ">" not in stripped


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(
    ["/troops", "/attacks", "how", "many", "rockets", "Erbil", "in", "September", "2020",
     "as of 2020-10-01", "kadhimi", "PMF", "killed", "Baghdad", "?", "2021", "the"]),
    max_size=8))
def test_parser_handles_any_mix_of_known_words(store, words: list[str]) -> None:
    query = parse(" ".join(words), store)
    assert query.kind in set(QueryKind)
    if query.within:
        assert query.within[0].start <= query.within[1].end


def test_free_text_search_when_no_topic_matches(store) -> None:
    answer = ask("/facts embassy convoys", store)
    ids = {f.id for f in answer.figures}
    assert "000-attacks-aug-sep20" in ids and "001-attacks-aug-sep20" in ids
    for figure in answer.to_json()["figures"]:
        assert "embassy" in figure["quote"].lower() or "convoys" in figure["quote"].lower()
        assert figure["source"]["outlet"] and figure["status"] == "confirmed"
    assert mrkdwn(answer).startswith("_Reading: ")
    nothing = ask("/facts zebra xylophone", store)
    assert not nothing.figures and "no confirmed figure" in nothing.message
