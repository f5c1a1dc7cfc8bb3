"""Free questions that name a place the way reporters write it: short forms and initials,
and no place at all over a store holding many stories.

Each test ingests copy invented for it into a copy of the seed store, confirms every
candidate as an editor would, and asserts what the reporter sees.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.render import mrkdwn
from knowledge.answer import ask
from knowledge.store import FactStore
from tests.conftest import ingest_and_confirm, story_store

FLOODS = Path(__file__).resolve().parent / "stories" / "floods"




SHORT_FORM_COPY = {
    "emirates.txt": """Storm grounds flights across the Emirates

DUBAI, United Arab Emirates (Gulf Wire) — A rare storm flooded runways across the United
Arab Emirates on Tuesday, and 1,240 flights were cancelled, the civil aviation authority said.
""",
    "lightning.txt": """Lightning kills farmers in central India

BHOPAL, India (Deccan Wire) — Lightning strikes killed 23 people in Madhya Pradesh on
Saturday, most of them farmers working in open fields, state officials said.
""",
    "tiltrotor.txt": """Four crew killed in tiltrotor crash off Okinawa

NAHA, Japan (Ryukyu Wire) — Four crew members died when an Osprey tiltrotor aircraft crashed
into the sea off Okinawa on Friday, the defence ministry said.
""",
    "teachers.txt": """Teachers walk out across New Zealand

WELLINGTON, New Zealand (Tasman Wire) — About 8,500 teachers went on strike across New
Zealand on Wednesday over pay, their union said.
""",
}


def test_a_place_written_as_its_code_or_initials(store_copy: FactStore,
                                                 tmp_path: Path) -> None:
    ingest_and_confirm(store_copy, tmp_path, SHORT_FORM_COPY)
    # The initials of a country of several words.
    flights = ask("how many flights were cancelled in the UAE?", store_copy)
    data = flights.to_json()
    assert data["reading"]["place"] == "United Arab Emirates"
    assert data["figures"][0]["value"] == 1240
    assert data["figures"][0]["source"]["id"] == "emirates"
    assert "1,240 flights were cancelled" in data["figures"][0]["quote"]
    assert mrkdwn(flights).startswith("_Reading: ") and "United Arab Emirates" in \
        mrkdwn(flights).splitlines()[0]
    # Two letters that are both the country's code and its initials, after "in" or
    # before what they qualify.
    for question in ("how many teachers are on strike in NZ?", "NZ teachers on strike?",
                     "how many teachers walked out in N.Z.?"):
        data = ask(question, store_copy).to_json()
        assert data["reading"]["place"] == "New Zealand", question
        assert data["figures"][0]["value"] == 8500, question
    # A province written as its code, which its initials are too.
    for question in ("how many people did lightning kill in MP?", "MP lightning deaths?"):
        data = ask(question, store_copy).to_json()
        assert data["reading"]["place"] == "Madhya Pradesh", question
        assert data["figures"][0]["value"] == 23, question
        assert "Madhya Pradesh" in data["figures"][0]["quote"]


def test_acronyms_that_are_not_places_stay_what_they_are(store_copy: FactStore,
                                                         tmp_path: Path) -> None:
    ingest_and_confirm(store_copy, tmp_path, SHORT_FORM_COPY)
    # "the MP" is a member of parliament, not Madhya Pradesh.
    mp = ask("how many people did the MP say were killed?", store_copy).to_json()
    assert mp["reading"]["place"] is None
    # An actor's acronym is the actor ("IS": Islamic State), never a place (Iceland).
    group = ask("how many people did IS say were killed?", store_copy).to_json()
    assert group["reading"]["place"] is None
    assert group["reading"]["actors"] == ["islamic-state"]
    # A state's short form is whose troops, and where only after "in".
    troops = ask("how many US troops are in Iraq?", store_copy).to_json()
    assert troops["reading"]["place"] == "Iraq" and troops["figures"]
    home = ask("how many troops are in the US?", store_copy)
    assert home.to_json()["reading"]["place"] == "United States"
    assert home.to_json()["figures"] == []
    assert home.message == "No confirmed figures for United States."
    # A capitalised name used as a noun's qualifier after "in the" is what happened, not
    # an unknown place that nothing could match.
    crash = ask("how many crew died in the Osprey crash?", store_copy).to_json()
    assert crash["reading"]["place_known"] is True and crash["reading"]["place"] is None
    assert crash["figures"][0]["value"] == 4


def test_with_no_place_the_answer_says_where_its_figure_is(store_copy: FactStore,
                                                           tmp_path: Path) -> None:
    ingest_and_confirm(store_copy, tmp_path, SHORT_FORM_COPY)
    # The question's words are another story's: its figure leads, and the answer says
    # where it is rather than passing it off as the story's own place.
    crash = ask("how many crew died in the Osprey crash?", store_copy)
    data = crash.to_json()
    assert data["figures"][0]["value"] == 4 and data["figures"][0]["place"] == "Okinawa"
    assert "Osprey" in data["figures"][0]["quote"]
    assert crash.message == ("Nothing for the story's own place; the figure is about "
                             "Okinawa, Japan.")
    assert "4 crew members in Okinawa" in mrkdwn(crash)
    # Nothing in the question chooses: the story's own figures, and the other places that
    # have figures as fitting are offered.
    killed = ask("how many people were killed?", store_copy)
    assert {f["place"] for f in killed.to_json()["figures"]} <= {"Baghdad", "Iraq"}
    assert killed.message is not None and "India" in killed.message
    assert "Name a place to see them." in mrkdwn(killed)
    # Named, the place answers.
    india = ask("how many people were killed in India?", store_copy).to_json()
    assert india["figures"][0]["value"] == 23


OTHER_STORIES = {
    "ferry.txt": """Ferry sinks off Mindanao

DAVAO, Philippines (Island Wire) — A ferry capsized off Mindanao on Sunday, and 31 people
were killed, the coast guard said.
""",
    "bus.txt": """Bus plunges into gorge in Peru

CUSCO, Peru (Andes Wire) — A bus fell into a gorge near Cusco on Sunday, and 29 people were
killed, police said.
""",
}


@pytest.fixture
def second_story(tmp_path: Path) -> Iterator[FactStore]:
    """A store holding the second, invented story (monsoon floods in Sindh) alone."""
    with story_store(tmp_path, FLOODS / "pack", FLOODS / "sources") as store:
        yield store


def test_figures_of_different_places_that_nothing_chooses_are_said_to_be(
        second_story: FactStore, tmp_path: Path) -> None:
    """The story's own place has no such figure: two other stories' figures vie."""
    copy = tmp_path / "copy"
    copy.mkdir()
    ingest_and_confirm(second_story, copy, OTHER_STORIES)
    answer = ask("how many people were killed on Sunday?", second_story)
    data = answer.to_json()
    values = [f["value"] for f in data["figures"]]
    assert 31 in values and 29 in values
    assert answer.message is not None and "different places" in answer.message
    assert "Philippines" in answer.message and "Peru" in answer.message
    # The question's own words choose the story.
    ferry = ask("how many people were killed when the ferry capsized?", second_story)
    assert ferry.to_json()["figures"][0]["value"] == 31
    assert "different places" not in (ferry.message or "")


TRUCE_COPY = {
    "truce.txt": """Clashes kill 14 in Jonglei despite truce

JUBA, South Sudan (Nile Wire) — Fighting in Jonglei has killed 14 people since the truce,
local officials said on Thursday.

The truce between the two militias took effect on 2 March.

Earlier clashes in Jonglei killed 120 people in February, officials said.
""",
    "truce.meta.json": '{"outlet": "Nile Wire", "title": "Clashes kill 14 in Jonglei despite '
                       'truce", "published": "2025-03-20"}',
}


def test_an_event_the_pack_lacks_is_dated_from_the_copy(store_copy: FactStore,
                                                        tmp_path: Path) -> None:
    ingest_and_confirm(store_copy, tmp_path, TRUCE_COPY)
    since = ask("how many people have been killed in Jonglei since the truce?", store_copy)
    data = since.to_json()
    assert data["reading"]["time"]["kind"] == "since"
    assert data["reading"]["time"]["start"] == "2025-03-02"
    assert "since the truce (2 Mar 2025" in mrkdwn(since).splitlines()[0]
    assert [f["value"] for f in data["figures"]] == [14]
    assert data["figures"][0]["source"]["outlet"] == "Nile Wire"
    before = ask("how many people were killed in Jonglei before the truce took effect?",
                 store_copy).to_json()
    assert [f["value"] for f in before["figures"]] == [120]


def test_an_event_no_copy_dates_is_said_not_pretended(store_copy: FactStore,
                                                      tmp_path: Path) -> None:
    ingest_and_confirm(store_copy, tmp_path, TRUCE_COPY)
    # "since": the count asked is another count; no figure is given as the answer.
    since = ask("how many people have been killed in Jonglei since the election?", store_copy)
    data = since.to_json()
    assert data["figures"] == [] and data["direct"] is None
    assert since.message == ("I could not tell when “the election” was, so I cannot give a "
                             "figure since the election.")
    assert {f["value"] for f in data["nearest"]} == {14, 120}
    assert "Figures with no time limit, not only since the election" in mrkdwn(since)
    assert "since the election (when: not known)" in data["reading"]["text"]
    # "after": the figures answer, and the answer says they are not limited to it.
    after = ask("how many people were killed in Jonglei after the election?", store_copy)
    assert after.to_json()["figures"][0]["value"] == 14
    assert after.message == ("I could not tell when “the election” was; these figures are "
                             "not limited to after the election.")
    # Two stories whose copy dates "the strike" differently: not read as either.
    for name, text in {
        "dockers.txt": "Dockers strike in Antwerp\n\nANTWERP, Belgium (Scheldt Wire) — The "
                       "strike began on 3 March. About 900 dockers have stopped work since "
                       "the strike, the union said.\n",
        "drivers.txt": "Drivers strike in Lyon\n\nLYON, France (Rhone Wire) — The strike began "
                       "on 11 March. About 600 drivers have stopped work since the strike, "
                       "the union said.\n"}.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    ingest_and_confirm(store_copy, tmp_path, {})
    strike = ask("how many workers have stopped work since the strike began?", store_copy)
    assert strike.to_json()["figures"] == []
    assert strike.message is not None and "“the strike”" in strike.message
