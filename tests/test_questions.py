"""Free questions: read, then ranked; on the seed story and on a second, invented one.

The second story (tests/stories/floods: monsoon floods and cholera in Sindh) shares no
place, actor, metric or topic with the seeds, so whatever answers it comes from its pack.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.render import mrkdwn
from knowledge.answer import ask
from knowledge.curation import confirm
from knowledge.ingest import Ingester, read_paths
from knowledge.pack import read_pack
from knowledge.store import FactStore
from tests.conftest import (
    PACK,
    ROOT,
    ingest_and_confirm,
    story_store,
)

HERE = Path(__file__).resolve().parent
FLOODS = HERE / "stories" / "floods"


# --------------------------------------------------------------------------- scoring


def _words(text: str | None) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", (text or "").lower()))


def _cites(figure: dict, want: dict) -> bool:
    """The development set's rule: same source and value (or the same sentence when the
    sentence does not write the value in digits)."""
    if (figure.get("source") or {}).get("id") != want["seed"].removesuffix(".txt"):
        return False
    written = {float(m.replace(",", "")) for m in re.findall(r"\d[\d,]*(?:\.\d+)?",
                                                             want["sentence"])}
    if float(want["value"]) not in written:
        a, b = _words(figure.get("quote")), _words(want["sentence"])
        return len(a & b) / max(1, min(len(a), len(b))) >= 0.6
    return abs(float(figure["value"]) - float(want["value"])) < 1e-6


def score(questions: list[dict], store: FactStore) -> tuple[int, int, int, int, list[str]]:
    """(groups met, groups, answers led by an expected figure, answers expected, misses)."""
    met = total = led = leading = 0
    misses = []
    for q in questions:
        text = re.sub(r"^@\w+\s+", "", q["question"])
        figures = ask(text, store).to_json()["figures"]
        groups = q["expect"]
        ok = [any(_cites(f, w) for f in figures for w in g["any_of"]) for g in groups]
        met, total = met + sum(ok), total + len(groups)
        if groups:
            leading += 1
            led += bool(figures) and any(_cites(figures[0], w) for g in groups
                                         for w in g["any_of"])
        elif figures:
            misses.append(f"{text!r}: should have no figure, got {figures[0]['value']}")
        if not all(ok):
            misses.append(f"{text!r}: {sum(ok)}/{len(ok)}")
    return met, total, led, leading, misses


@pytest.fixture(scope="module")
def floods(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FactStore]:
    """A store holding only the second story."""
    with story_store(tmp_path_factory.mktemp("floods"), FLOODS / "pack",
                     FLOODS / "sources") as store:
        yield store


def _load(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- the sets


def test_seed_development_set(store: FactStore) -> None:
    met, total, led, leading, misses = score(_load(HERE / "questions" / "seed-dev.json"), store)
    assert met / total >= 0.95, misses
    assert led / leading >= 0.9, misses


def test_second_story_answers_its_own_questions(floods: FactStore) -> None:
    met, total, led, leading, misses = score(_load(FLOODS / "questions.json"), floods)
    assert met / total >= 0.95, misses
    assert led / leading >= 0.85, misses


def test_second_story_held_out_paraphrases(floods: FactStore) -> None:
    met, total, _led, _leading, misses = score(_load(FLOODS / "questions-heldout.json"), floods)
    assert met / total >= 0.9, misses


# --------------------------------------------------------------------------- the reading


def test_every_answer_to_a_question_says_how_it_was_read(store: FactStore) -> None:
    answer = ask("how many US troops were there before the drawdown?", store)
    data = answer.to_json()
    assert data["reading"]["text"].startswith("Troop level")
    assert data["reading"]["time"]["kind"] == "before"
    assert data["reading"]["time"]["event"] == "september-2020-drawdown"
    text = mrkdwn(answer)
    assert text.startswith("_Reading: Troop level · before the September 2020 drawdown")
    assert data["direct"]["figure"] == data["figures"][0]["id"]
    assert {f["value"] for f in data["figures"]} >= {5000, 5200}
    assert all(f["as_of"] is None or f["as_of"] < "2020-09" for f in data["figures"])


def test_direct_answer_names_the_sources_that_differ(store: FactStore) -> None:
    data = ask("how many US troops are in Iraq after the September 2020 drawdown?",
               store).to_json()
    direct = data["direct"]["text"]
    assert "sources differ" in direct
    assert "fewer than 3,000" in direct and "Rudaw" in direct or "The New Arab" in direct
    assert len(data["direct"]["differing"]) >= 2


def test_words_it_does_not_use_never_refuse(store: FactStore) -> None:
    for question in ("how many US troops has the US withdrawn from Iraq?",
                     "how many rocket attacks hit US sites between October 2019 and July 2020?",
                     "how many Iraqis did Pompeo threaten to sanction?",
                     "so, roughly how many soldiers did the Americans pull out of Iraq, then?"):
        answer = ask(question, store)
        assert answer.figures, question
        assert "I don't know" not in (answer.message or ""), question


def test_metric_words_decide_what_is_counted(store: FactStore) -> None:
    committee = ask("how long does the committee have to report?", store).to_json()
    assert committee["figures"][0]["metric"] == "investigation.deadline"
    assert committee["figures"][0]["value"] == 30
    bases = ask("how many bases do US troops use in Iraq?", store).to_json()
    assert bases["figures"][0]["metric"] == "bases.count"
    killed = ask("how many people died in the Baghdad airport rocket attack?", store).to_json()
    assert killed["figures"][0]["metric"] == "casualties.killed"
    assert {f["place"] for f in killed["figures"]} == {"Baghdad"}


def test_what_is_counted_must_be_what_was_asked(store: FactStore) -> None:
    troops = ask("how many troops were killed?", store).to_json()
    assert troops["figures"] == [] and troops["nearest"]
    people = ask("how many people were killed?", store).to_json()
    assert people["figures"] and {f["metric"] for f in people["figures"]} == {"casualties.killed"}
    drones = ask("how many drones attacked?", store).to_json()
    assert drones["figures"] == []


def test_an_event_starts_the_period(store: FactStore) -> None:
    data = ask("how many attacks since Kadhimi visited the White House?", store).to_json()
    assert data["reading"]["time"]["event"] == "kadhimi-white-house-visit"
    assert data["reading"]["actors"] == []  # Kadhimi is the event's, not the figure's
    assert [f["period_start"] for f in data["figures"]] == ["2020-08", "2020-08"]
    assert all(f["value"] == 40 for f in data["figures"])


def test_typos_are_tolerated(store: FactStore) -> None:
    rockets = ask("how many rokets hit Erbill?", store).to_json()
    assert rockets["figures"][0]["id"] == "001-erbil-rockets"
    killed = ask("how many peopel were kiled in Benghazi?", store).to_json()
    assert {f["place"] for f in killed["figures"]} == {"Benghazi"}


# --------------------------------------------------------------------------- hard limits


def test_another_place_is_never_the_answer(store: FactStore) -> None:
    answer = ask("how many US troops are in Syria?", store)
    data = answer.to_json()
    assert data["figures"] == [] and data["direct"] is None
    assert answer.message == "No confirmed figures for Syria."
    assert data["nearest"] and {f["place"] for f in data["nearest"]} == {"Iraq"}
    text = mrkdwn(answer)
    assert "Nearest figures, not for Syria" in text


def test_a_place_the_store_has_never_heard_of_matches_nothing(store: FactStore) -> None:
    data = ask("how many soldiers were deployed in Nepal?", store).to_json()
    assert data["figures"] == []
    assert data["reading"]["place"] == "Nepal" and data["reading"]["place_known"] is False


def test_another_time_is_never_the_answer(store: FactStore) -> None:
    data = ask("how many rockets hit Baghdad airport in 2021?", store).to_json()
    assert all((f["as_of"] or f["period_end"]).startswith("2021") for f in data["figures"])
    assert data["figures"] == [] and "2021" in data["message"]


def test_a_city_question_is_not_answered_by_the_whole_country(store: FactStore) -> None:
    data = ask("how many people were killed in Erbil?", store).to_json()
    assert data["figures"] == []
    embassy = ask("how many rockets have been fired at the US embassy in Baghdad?",
                  store).to_json()
    assert embassy["figures"] and all("embassy" in f["quote"] for f in embassy["figures"])


def test_an_unknown_name_is_said_and_the_rest_answered(store: FactStore) -> None:
    answer = ask("how many troops did Merkle say have withdrawn?", store)
    data = answer.to_json()
    assert data["figures"] and data["figures"][0]["metric"] == "troops.withdrawn"
    assert data["reading"]["unrecognised"] == ["Merkle"]
    assert "I did not recognise “Merkle”" in mrkdwn(answer)


def test_out_of_scope_figures_answer_only_when_asked(store: FactStore) -> None:
    casualties = ask("how many people were killed?", store).to_json()
    assert casualties["figures"] and all(f["place"] != "Benghazi"
                                         for f in casualties["figures"])
    benghazi = ask("how many Americans were killed in Benghazi?", store).to_json()
    assert {f["place"] for f in benghazi["figures"]} == {"Benghazi"}


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["Erbil", "Baghdad", "Syria", "Benghazi", "Iraq", "Kurdistan Region"]),
       st.sampled_from(["how many rockets hit", "how many people were killed in",
                        "how many troops are in", "how many attacks on", "figures for"]))
def test_figures_lie_in_or_around_the_place_asked(store: FactStore, place: str,
                                                  lead: str) -> None:
    data = ask(f"{lead} {place}?", store).to_json()
    place_id = next(p.id for p in store.places.values() if p.name == place)
    allowed = {store.places[p].name for p in store.place_within(place_id)}
    allowed |= {store.places[p].name for p in store.place_path(place_id)}
    for figure in data["figures"]:
        assert figure["place"] in allowed, (place, figure["place"])
        assert figure["quote"] and figure["source"]["outlet"]


# --------------------------------------------------------------------------- later copy

NEW_COPY = """Rockets hit Camp Taji as militias step up pressure

TAJI, Iraq (Wire) — Four rockets struck Camp Taji, a base north of the capital that hosts
coalition trainers, on Sunday night, the coalition said.

Three contractors were wounded in the strike, a coalition spokesman said in a statement.
"""


def test_copy_ingested_later_answers_once_confirmed(store_copy: FactStore,
                                                    tmp_path: Path) -> None:
    article = tmp_path / "taji.txt"
    article.write_text(NEW_COPY, encoding="utf-8")
    Ingester(store_copy.engine, store=store_copy).ingest(read_paths([str(article)]))
    candidates = store_copy.list_figures(status="candidate", source_id="taji")
    assert candidates
    before = ask("how many rockets hit Camp Taji?", store_copy).to_json()
    # Unreviewed copy is never an answer; it shows apart, labelled, and the name is flagged.
    assert all(f["source"]["id"] != "taji" for f in before["figures"])
    assert [f["source"]["id"] for f in before["unreviewed"]] == ["taji"]
    # The new copy taught the store the place (or, where it could not, the name is flagged).
    assert before["reading"]["place"] == "Taji" or before["reading"]["unrecognised"]
    for row in candidates:
        confirm(store_copy.engine, row.id, who="U0EDITOR")
    store_copy.refresh()
    rockets = ask("how many rockets hit Camp Taji?", store_copy).to_json()
    assert rockets["reading"]["unrecognised"] == []
    assert rockets["figures"][0]["source"]["id"] == "taji"
    assert rockets["figures"][0]["value"] == 4
    wounded = ask("how many were wounded in the strike on Camp Taji?", store_copy).to_json()
    assert wounded["figures"][0]["value"] == 3
    assert wounded["figures"][0]["source"]["id"] == "taji"


# --------------------------------------------------------------------------- no story in code


def _code_strings(path: Path) -> Iterator[tuple[int, str]]:
    """String constants of a module that are not docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                and id(node) not in docstrings:
            yield node.lineno, node.value


def test_no_story_words_in_python() -> None:
    """Places, people and events of either story live in packs, never in code."""
    names: set[str] = set()
    for folder in (PACK, FLOODS / "pack"):
        pack = read_pack(folder)
        names |= {n for p in pack.places for n in (p.name, *p.aliases)}
        names |= {a.name for a in pack.actors if a.kind in {"person", "group"}}
        names |= {e.name.removeprefix("the ") for e in pack.events}
    names = {n.lower() for n in names if len(n) > 3}
    found = []
    for path in [*(ROOT / "knowledge").rglob("*.py"), *(ROOT / "bot").rglob("*.py")]:
        if "migrations" in path.parts or path.name == "places.py":
            continue  # places.py: the gazetteer's world knowledge (country spellings), no story
        for line, value in _code_strings(path):
            lowered = value.lower()
            for name in names:
                if re.search(r"(?<!\w)" + re.escape(name) + r"(?!\w)", lowered):
                    found.append(f"{path.relative_to(ROOT)}:{line}: {name!r}")
    assert not found, found


def test_other_stories_confirmed_later_answer_only_for_their_places(store_copy: FactStore
                                                                    ) -> None:
    corpus = HERE / "corpora" / "other"
    paths = [str(corpus / f"{name}.txt") for name in ("nepal_monsoon_floods",
                                                      "rotterdam_dock_strike")]
    Ingester(store_copy.engine, store=store_copy).ingest(read_paths(paths))
    for row in store_copy.list_figures(status="candidate", limit=500):
        confirm(store_copy.engine, row.id, who="U0EDITOR")
    store_copy.refresh()
    missing = ask("how many people are missing in Nepal?", store_copy).to_json()
    assert missing["figures"][0]["value"] == 68 and missing["figures"][0]["place"] == "Nepal"
    ships = ask("how many ships are waiting off Rotterdam?", store_copy).to_json()
    assert ships["figures"][0]["value"] == 212
    killed = ask("how many people were killed in the Nepal floods?", store_copy).to_json()
    assert killed["figures"][0]["value"] == 112
    assert killed["direct"]["differing"] == []  # the Kathmandu valley's 37 is another place
    # The story's own questions and topics never take the other stories' figures.
    story = ask("how many people were killed?", store_copy).to_json()
    assert {f["place"] for f in story["figures"]} <= {"Baghdad", "Iraq"}
    topic = ask("/casualties", store_copy).to_json()
    assert all(f["place"] not in {"Nepal", "Kathmandu"} for f in topic["figures"])
    troops = ask("/troops", store_copy).to_json()
    assert all(f["place"] != "Nepal" for f in troops["figures"] + troops["unreviewed"])




LATER_COPY = {
    "quake.txt": """Quake in eastern Anatolia kills 2, injures 85

ELAZIG, Turkey (Wire) — An earthquake struck eastern Turkey on Monday, killing two people
and injuring 85 in Elazig province, the disaster agency said.

About 400 soldiers were sent to help with the search, the defence ministry said.
""",
    "outpost.txt": """Drone hits outpost in northern Syria; service members hurt

HASAKAH, Syria (Wire) — A drone struck a coalition outpost near Hasakah on Friday, wounding
six American service members, the Pentagon said.

More than 900 US troops remain in the country.
""",
    "ceasefire.txt": """Gaza-style truce talks stall

DOHA, Qatar (Wire) — Talks on a truce stalled on Tuesday. About 300 delegates attended
the meeting.
""",
}


def test_questions_about_copy_ingested_later_never_take_another_kind(store_copy: FactStore,
                                                                     tmp_path: Path) -> None:
    for name, text in LATER_COPY.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    ingest_and_confirm(store_copy, tmp_path)
    # The province's 85 were injured, not killed: no killed figure there is no answer.
    killed = ask("how many people were killed in Elazig?", store_copy).to_json()
    assert all(f["value"] != 85 for f in killed["figures"]), killed["figures"]
    injured = ask("how many people were injured in Elazig?", store_copy).to_json()
    assert injured["figures"][0]["value"] == 85
    # "troops" asked, "service members" written: one kind for the pack's troop metrics.
    wounded = ask("how many US troops were wounded near Hasakah?", store_copy).to_json()
    assert wounded["figures"][0]["value"] == 6
    assert all(f["metric"] == "casualties.wounded" for f in wounded["figures"])
    # A figure whose copy names no place answers no place's question.
    delegates = ask("how many delegates attended in Baghdad?", store_copy).to_json()
    assert all(f["value"] != 300 for f in delegates["figures"])
    # No killed figure in Syria: the troop level there is not the answer either.
    soldiers = ask("how many soldiers were killed in Hasakah?", store_copy).to_json()
    assert soldiers["figures"] == []


def test_a_short_or_other_spelling_of_a_place_the_store_holds(store_copy: FactStore,
                                                              tmp_path: Path) -> None:
    (tmp_path / "deir.txt").write_text(
        "Rockets hit base in Syria\n\nDEIR EZ-ZOR, Syria (Wire) — Four rockets hit a base "
        "housing US forces near Deir ez-Zor on Monday, the coalition said.\n",
        encoding="utf-8")
    ingest_and_confirm(store_copy, tmp_path)
    data = ask("how many rockets hit Deir el-Zor?", store_copy).to_json()
    assert data["reading"]["place"] == "Deir ez-Zor"
    assert data["figures"][0]["value"] == 4


def test_the_reading_names_the_metric_the_answer_leads_with(floods: FactStore) -> None:
    data = ask("how much of the appeal has been funded?", floods).to_json()
    label = floods.metrics[data["figures"][0]["metric"]].label  # the figure it leads with
    assert data["reading"]["text"].startswith(label), (data["reading"]["text"], label)


MORE_COPY = {
    "clash.txt": """Border clash leaves soldiers wounded

ISFARA, Tajikistan (Wire) — Fighting on the border wounded 14 Kyrgyz border guards on
Tuesday, the Kyrgyz interior ministry said.
""",
    "protest.txt": """Police detain hundreds at protest

TBILISI, Georgia (Wire) — Police detained 210 protesters outside parliament on Sunday night,
the interior ministry said. A rally in Kutaisi last year drew 3,000 people.
""",
    "avalanche.txt": """Avalanche kills skiers in Tyrol

SÖLDEN, Austria (Wire) — An avalanche killed four skiers near Sölden on Saturday, police said.
""",
}


def test_what_the_copy_does_not_say_gets_no_figure(store_copy: FactStore,
                                                   tmp_path: Path) -> None:
    for name, text in MORE_COPY.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    ingest_and_confirm(store_copy, tmp_path)
    # The counted people named in the question must be the figure's: not the Kyrgyz guards.
    tajiks = ask("How many Tajiks were wounded in the border fighting?", store_copy).to_json()
    assert tajiks["figures"] == []
    guards = ask("How many Kyrgyz border guards were wounded?", store_copy).to_json()
    assert guards["figures"][0]["value"] == 14
    # Whose they are, named before the noun, must be the sentence's too.
    uzbek = ask("How many Uzbek border guards were wounded?", store_copy).to_json()
    assert uzbek["figures"] == []
    # Killed is not detained, even where the sentence speaks of the protesters asked.
    killed = ask("How many protesters have been killed in Georgia?", store_copy).to_json()
    assert all(f["value"] != 210 for f in killed["figures"])
    # The same place spelt without its accent, or with the umlaut written out.
    for spelling in ("Solden", "Soelden", "Sölden"):
        data = ask(f"How many skiers were killed near {spelling}?", store_copy).to_json()
        assert data["figures"] and data["figures"][0]["value"] == 4, spelling
    # A real place the store holds no figure for: nothing, even though a sentence names it.
    kutaisi = ask("How many people were arrested in Kutaisi?", store_copy).to_json()
    assert kutaisi["figures"] == []
