"""Free questions by what they ask: a bare noun phrase (the count of that noun), "how long"
(a duration), "did anyone die" (a zero is an answer), a misspelt place of one word or
several, and a question whose words name one story.

Each test ingests copy invented for it into a copy of the seed store, confirms every
candidate as an editor would, and asserts what the reporter sees.
"""

from __future__ import annotations

from pathlib import Path

from bot.render import mrkdwn
from knowledge.answer import ask
from knowledge.store import FactStore
from tests.conftest import ingest_and_confirm

COPY = {
    "midwives.txt": """Midwives walk out across Chile in 72-hour strike

SANTIAGO, Chile (Andes Post) — About 9,400 midwives walked off the job across Chile on
Tuesday in a 72-hour strike over staffing, their federation said.
""",
    "derail.txt": """Coal train derails near Ostrava

OSTRAVA, Czech Republic (Morava Wire) — A freight train carrying coal derailed near Ostrava
on Sunday, spilling 14 wagons down an embankment, but no one was killed, the railway
operator said.
""",
    "burkina.txt": """Floods displace thousands in Burkina Faso

OUAGADOUGOU, Burkina Faso (Sahel Desk) — Floods displaced 6,300 people across Burkina Faso
this week, the humanitarian agency said.
""",
    "landslide.txt": """Landslide buries village in Papua New Guinea

PORT MORESBY, Papua New Guinea (Pacific Wire) — A landslide buried a village in Papua New
Guinea's highlands on Friday, and 42 people were killed, officials said.
""",
    "kestrel.txt": """Soldiers killed as Kestrel helicopter crashes off Norway

TROMSØ, Norway (Fjord Wire) — A Kestrel search-and-rescue helicopter crashed into a fjord
near Tromsø on Monday, killing all four aboard, police said.
""",
    "ferry.txt": """Ferry fire off Crete forces evacuation

HERAKLION, Greece (Aegean Wire) — A fire broke out on a ferry off Crete on Sunday, and 212
passengers were evacuated, the coastguard said.
""",
}


def test_a_bare_noun_phrase_asks_for_the_count_and_how_long_for_the_duration(
        store_copy: FactStore, tmp_path: Path) -> None:
    ingest_and_confirm(store_copy, tmp_path, COPY)
    # No "how many": the noun named is what is counted, never the strike's length.
    for question in ("Midwives striking in Chile?", "how many midwives are on strike in Chile?",
                     "Chile midwives on strike - how many?"):
        answer = ask(question, store_copy)
        data = answer.to_json()
        assert data["figures"][0]["value"] == 9400, question
        assert all(f["unit"] != "hour" for f in data["figures"]), question
        assert data["figures"][0]["source"]["id"] == "midwives"
        assert "About 9,400 midwives walked off the job" in data["figures"][0]["quote"]
    # "How long" asks for a duration: the 72 hours, not the 9,400 midwives.
    long = ask("How long is the midwives' strike in Chile?", store_copy)
    data = long.to_json()
    assert [f["value"] for f in data["figures"]] == [72]
    assert data["figures"][0]["unit"] == "hour"
    assert "72 hour" in mrkdwn(long)
    # A count of time is a duration asked for in so many words.
    hours = ask("how many hours will the midwives strike in Chile?", store_copy).to_json()
    assert hours["figures"][0]["value"] == 72
    # "How long" where the copy gives no duration: no count passes for one.
    ferry = ask("How long was the ferry evacuation off Crete?", store_copy).to_json()
    assert ferry["figures"] == []


def test_no_one_hurt_is_an_answer_to_did_anyone_die(store_copy: FactStore,
                                                     tmp_path: Path) -> None:
    ingest_and_confirm(store_copy, tmp_path, COPY)
    for question in ("Did anyone die when the train derailed near Ostrava?",
                     "Was anyone killed in the Ostrava derailment?",
                     "were there any deaths near Ostrava?"):
        answer = ask(question, store_copy)
        data = answer.to_json()
        assert data["figures"], question
        lead = data["figures"][0]
        assert lead["value"] == 0 and lead["place"] == "Ostrava", question
        assert "no one was killed" in lead["quote"]
        assert lead["source"]["title"] == "Coal train derails near Ostrava"
        assert answer.direct is not None and answer.direct.sentence().startswith("0 people")
    # Not the 14 wagons, which are no one.
    wagons = ask("Did anyone die near Ostrava?", store_copy).to_json()
    assert all(f["value"] != 14 for f in wagons["figures"])


def test_misspelt_places_of_one_word_or_several(store_copy: FactStore,
                                                tmp_path: Path) -> None:
    ingest_and_confirm(store_copy, tmp_path, COPY)
    burkina = ask("how many people were displaced in Burkino Faso?", store_copy).to_json()
    assert burkina["reading"]["place"] == "Burkina Faso"
    assert burkina["figures"][0]["value"] == 6300
    guinea = ask("how many people were killed in Papua New Guniea?", store_copy).to_json()
    assert guinea["reading"]["place"] == "Papua New Guinea"
    assert guinea["figures"][0]["value"] == 42
    # A misspelt place the store holds no figure for is still that place: nothing answers.
    elsewhere = ask("how many people were killed in Azerbajan?", store_copy)
    assert elsewhere.to_json()["reading"]["place"] == "Azerbaijan"
    assert elsewhere.to_json()["figures"] == []
    assert elsewhere.message == "No confirmed figures for Azerbaijan."
    # Capitalised ordinary words and weekdays never become places.
    for question in ("How many passengers were evacuated after the Ferry Fire?",
                     "How many passengers were evacuated on Sunday?"):
        data = ask(question, store_copy).to_json()
        assert data["reading"]["place"] is None, question
        assert data["figures"][0]["value"] == 212, question


def test_the_story_named_answers_and_no_other_story_does(store_copy: FactStore,
                                                         tmp_path: Path) -> None:
    ingest_and_confirm(store_copy, tmp_path, COPY)
    # The sentence says "all four aboard"; the headline says who they were.
    for question in ("how many soldiers died in the Kestrel crash?",
                     "how many crew died in the Kestrel crash?"):
        answer = ask(question, store_copy)
        data = answer.to_json()
        assert [f["value"] for f in data["figures"]] == [4], question
        assert "killing all four aboard" in data["figures"][0]["quote"]
        assert data["figures"][0]["source"]["id"] == "kestrel"
    # The ferry story has no deaths: the landslide's or the crash's are not its answer.
    ferry = ask("how many people were killed when the ferry caught fire?", store_copy)
    assert ferry.to_json()["figures"] == []
    assert ferry.message is not None and ferry.message.startswith("No confirmed figures")



def test_a_question_that_says_what_happened_is_not_read_as_a_plain_count(
        store_copy: FactStore, tmp_path: Path) -> None:
    ingest_and_confirm(store_copy, tmp_path, {
        "garrison.txt": """Island garrison keeps watch

VALLETTA, Malta (Island Wire) — The harbour garrison has 80 police officers on duty
through the summer, the ministry said.
""",
        "riot.txt": """Riot in Sfax leaves officers hurt

SFAX, Tunisia (Maghreb Wire) — Clashes after a football match in Sfax on Saturday left
45 police officers injured, the interior ministry said.
""",
    })
    # "injured" is what was asked: the garrison's plain count is not the question's metric,
    # so the Tunisian figure answers instead of "No confirmed figures for police officers".
    data = ask("How many police officers were injured in Tunisia?", store_copy).to_json()
    assert data["figures"][0]["value"] == 45
    assert data["figures"][0]["source"]["id"] == "riot"
    assert all(f["value"] != 80 for f in data["figures"])
    # the plain count still answers a question about the count itself
    plain = ask("How many police officers are on duty in Malta?", store_copy).to_json()
    assert plain["figures"][0]["value"] == 80


def test_a_noun_for_what_happened_asks_for_it(store_copy: FactStore, tmp_path: Path) -> None:
    ingest_and_confirm(store_copy, tmp_path, {
        "kidnap.txt": """Gunmen seize villagers in raid

ABUJA, Nigeria (West Wire) — Gunmen abducted 37 villagers in a night raid on Kuriga, in
Kaduna state, police said on Friday. About 200 residents were evacuated from nearby farms.
""",
    })
    abducted = ask("How many abductions were there in Kuriga?", store_copy).to_json()
    assert abducted["figures"][0]["value"] == 37
    kidnappings = ask("Kidnappings in Kaduna?", store_copy).to_json()
    assert kidnappings["figures"][0]["value"] == 37
    # "people" asked, "villagers" written: people all the same
    people = ask("How many people were kidnapped in Kaduna?", store_copy).to_json()
    assert people["figures"][0]["value"] == 37
