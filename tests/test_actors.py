"""Actor resolution: every spelling in the pack, the known traps, and arbitrary input."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge.actors import ActorEntry, ActorIndex, initials, normalise
from knowledge.pack import read_pack
from tests.conftest import PACK

PACK_DATA = read_pack(PACK)
SPELLINGS = [(a.id, s) for a in PACK_DATA.actors for s in (a.name, *a.aliases)]


@pytest.fixture(scope="module")
def index(store) -> ActorIndex:
    return store.actor_index


@pytest.mark.parametrize(("actor_id", "spelling"), SPELLINGS)
def test_every_spelling_in_the_pack_resolves_to_its_actor(index, actor_id, spelling) -> None:
    resolution = index.resolve(spelling)
    assert resolution.match is not None, spelling
    assert resolution.match.id == actor_id


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("kazemi", "mustafa-al-kadhimi"),
        ("Kadhimy", "mustafa-al-kadhimi"),
        ("PM Kadhimi", "mustafa-al-kadhimi"),
        ("Prime Minister Mustafa al-Kadhimi", "mustafa-al-kadhimi"),
        ("mustafa el-kadhimi", "mustafa-al-kadhimi"),
        ("MUSTAFA AL KADHIMI", "mustafa-al-kadhimi"),
        ("Muṣṭafā al-Kāẓimī", "mustafa-al-kadhimi"),
        ("PMF", "popular-mobilization-forces"),
        ("pmf", "popular-mobilization-forces"),
        ("Hashd al Shaabi", "popular-mobilization-forces"),
        ("popular mobilisation units", "popular-mobilization-forces"),
        ("KH", "kataib-hezbollah"),
        ("Kataib Hizbullah", "kataib-hezbollah"),
        ("AAH", "asaib-ahl-al-haq"),
        ("Foreign Minister Fuad Hussein", "fuad-hussein"),
        ("Qasim al-Araji", "qassem-al-araji"),
        ("Qassim Soleimani", "qasem-soleimani"),
        ("Wayne Marroto", "wayne-marotto"),
    ],
)
def test_reporters_spellings_resolve(index, typed: str, expected: str) -> None:
    resolution = index.resolve(typed)
    assert resolution.match is not None, typed
    assert resolution.match.id == expected


def test_saddam_is_not_fuad(index) -> None:
    assert index.resolve("Saddam Hussein").match.id == "saddam-hussein"
    assert index.resolve("Sadam Husein").match.id == "saddam-hussein"
    assert index.resolve("Fuad Husein").match.id == "fuad-hussein"


def test_lebanons_hezbollah_is_not_kataib_hezbollah(index) -> None:
    assert index.resolve("Hezbollah").match.id == "hezbollah"
    assert index.resolve("Hizballah").match.id == "hezbollah"
    assert index.resolve("Kataeb Hezbollah").match.id == "kataib-hezbollah"


def test_a_first_name_alone_is_ambiguous_not_a_guess(index) -> None:
    resolution = index.resolve("Qassem")
    assert resolution.match is None
    suggested = {c.id for c in resolution.candidates}
    assert {"qassem-al-araji", "qasem-soleimani"} <= suggested


def test_pm_is_a_title_not_the_pmf(index) -> None:
    resolution = index.resolve("PM")
    assert resolution.match is None or resolution.match.id != "popular-mobilization-forces"
    assert resolution.match is not None and resolution.match.id == "mustafa-al-kadhimi"


def test_short_aliases_match_only_exactly(index) -> None:
    assert index.resolve("IS").match.id == "islamic-state"
    for near in ("IZ", "ISS", "ID", "Is-"):
        match = index.resolve(near).match
        assert match is None or match.id != "islamic-state", near


def test_unknown_names_get_no_match(index) -> None:
    for name in ("Angela Merkel", "Germany", "zzzz", "Boris"):
        assert index.resolve(name).match is None, name


def test_initials_are_generated_for_organisations_only() -> None:
    assert initials("Asaib Ahl al-Haq") == "AAH"
    assert initials("Popular Mobilization Forces") == "PMF"
    assert initials("Kataib Hezbollah") == "KH"
    assert initials("Hezbollah") == ""


def _vary(text: str, data: st.DataObject) -> str:
    mode = data.draw(st.sampled_from(["upper", "lower", "title", "accents", "prefix", "space"]))
    if mode == "upper":
        return text.upper()
    if mode == "lower":
        return text.lower()
    if mode == "title":
        return text.title()
    if mode == "accents":
        return "".join(unicodedata.normalize("NFC", c + "\u0301") if c in "aeiou" else c
                       for c in text)
    if mode == "prefix":
        return text.replace("al-", "el-").replace("Al-", "El-")
    return "  " + text.replace(" ", "   ") + " "


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_case_accents_and_prefixes_do_not_change_the_answer(index, data) -> None:
    actor_id, spelling = data.draw(st.sampled_from(SPELLINGS))
    if len(spelling) <= 3:
        return  # short aliases are exact-only by design
    varied = _vary(spelling, data)
    resolution = index.resolve(varied)
    assert resolution.match is not None, (spelling, varied)
    assert resolution.match.id == actor_id, (spelling, varied)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_arbitrary_text_never_raises(index, text: str) -> None:
    resolution = index.resolve(text)
    assert resolution.match is None or 0 < resolution.match.score <= 100
    assert len(resolution.candidates) <= 5


@given(st.text(max_size=40))
def test_normalise_is_idempotent(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once or len(normalise(once)) <= len(once)


def test_index_keeps_a_fuzzy_match_clearly_ahead_of_the_runner_up() -> None:
    index = ActorIndex([
        ActorEntry("a", "Ahmed Karimi", "person", ()),
        ActorEntry("b", "Ahmed Kazimi", "person", ()),
    ])
    resolution = index.resolve("Ahmed Karimy")
    assert resolution.match is not None and resolution.match.id == "a"
    ambiguous = index.resolve("Ahmed Kaimi")
    assert ambiguous.match is None and {c.id for c in ambiguous.candidates} == {"a", "b"}
