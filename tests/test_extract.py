"""Extraction on hard cases written for the purpose, not on the seeds."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge.extract import extract
from knowledge.ingest import context_from_store
from knowledge.numbers import find_numbers
from knowledge.timex import find_times

PUBLISHED = dt.date(2021, 1, 20)  # a Wednesday


@pytest.fixture(scope="module")
def context(store):
    return context_from_store(store)


def _figures(context, text: str, published: dt.date = PUBLISHED):
    out = []
    for p in extract(text, published=published, context=context):
        when = p.as_of.iso if p.as_of else f"{p.period[0].iso}..{p.period[1].iso}"
        out.append((p.metric, p.value, p.qualifier, when))
    return out


@pytest.mark.parametrize(("text", "expected"), [
    ("Militants killed 12 and wounded 30 in an attack near Baghdad on Monday.",
     [("casualties.killed", 12, "exact", "2021-01-18"),
      ("casualties.wounded", 30, "exact", "2021-01-18")]),
    ("Twenty-five soldiers were wounded when rockets hit the base.",
     [("casualties.wounded", 25, "exact", "2021-01-20")]),
    ("US troop numbers fell to 2,500 last week, officials said.",
     [("troops.level", 2500, "exact", "2021-01-11..2021-01-17")]),
    ("Over 100 rockets were fired at the embassy over three years.",
     [("attacks.rockets", 100, "more_than", "2021-01-20")]),
    ("Five years ago, the coalition had 5,000 troops in Iraq.",
     [("troops.level", 5000, "exact", "2016")]),
    ("The Pentagon said troops in Iraq would be cut to 2,000 by March.",
     [("troops.target", 2000, "exact", "2021-03")]),
    ("The US had 5,200 troops in Iraq in August. The figure was cut to 3,000 in September.",
     [("troops.level", 5200, "exact", "2020-08"), ("troops.level", 3000, "exact", "2020-09")]),
    ("A dozen rockets hit the Green Zone on Sunday.",
     [("attacks.rockets", 12, "exact", "2021-01-17")]),
    ("Nearly 3,000 troops are still in the country, and up to 500 more could leave.",
     [("troops.level", 3000, "fewer_than", "2021-01-20"),
      ("troops.withdrawn", 500, "up_to", "2021-01-20")]),
    ("At least 40 attacks and more than 20 drones targeted coalition bases in July.",
     [("attacks.count", 40, "at_least", "2020-07"), ("attacks.drones", 20, "more_than", "2020-07")]),
    ("Washington has withdrawn another 2,500 troops from Iraq.",
     [("troops.withdrawn", 2500, "exact", "2021-01-20")]),
    ("More than half of the remaining forces will be withdrawn in the coming days.",
     [("troops.withdrawn", 0.5, "more_than", "2021-01-20")]),
])
def test_hard_cases(context, text: str, expected) -> None:
    assert _figures(context, text) == expected


@pytest.mark.parametrize("text", [
    "3 min read",
    "2,500 $",
    "Read also: 5 things to know about the coalition",
    "The 34-year-old soldier, aged 34, called +964 750 123 4567.",
    "Benghazi is Libya's second largest city.",
    "The army marked its 100th anniversary in 2021.",
    "They raised $2,500 and pay rose by 10% in 2019.",
    "By Ken Hanly     Oct 5, 2020 in Politics",
    "Hundreds attended the funeral on Friday.",
    "One of the officials said the talks would resume.",
])
def test_not_figures(context, text: str) -> None:
    assert _figures(context, text) == []


def test_another_place_and_time_are_labelled(context) -> None:
    [beirut] = extract("Six people were killed in Beirut on Friday.", published=PUBLISHED,
                       context=context)
    assert beirut.place_id == "beirut-lb" and beirut.place.parent_id == "lebanon"
    assert "outside this story" in beirut.note
    [benghazi] = extract("Four US personnel were killed in Benghazi in 2012.",
                         published=PUBLISHED, context=context)
    assert benghazi.place_id == "benghazi"
    assert "outside this story" in benghazi.note and "2012" in benghazi.note


def test_speaker_and_quote_offsets(context) -> None:
    text = "Intro line.\nMustafa al-Kadhimi said on Saturday that 2,500 US troops had left Iraq."
    [figure] = extract(text, published=dt.date(2020, 10, 4), context=context)
    assert figure.attributed_to == "mustafa-al-kadhimi"
    assert text[figure.quote_start:figure.quote_end] == figure.quote
    assert figure.as_of.iso == "2020-10-03"


def test_relative_dates() -> None:
    published = dt.date(2020, 10, 4)  # Sunday
    cases = {
        "on Saturday": "2020-10-03",
        "last week": "2020-09-21",
        "July this year": "2020-07",
        "by January 15": "2021-01-15",
        "between October 2019 and July this year": "2019-10",
        "five years ago": "2015",
        "over the weekend": "2020-10-03",
        "in September": "2020-09",
    }
    for phrase, expected in cases.items():
        [mention] = find_times(f"It happened {phrase}.", published)
        assert mention.point.iso == expected, phrase


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_extraction_never_raises_and_quotes_are_verbatim(context, text: str) -> None:
    for proposal in extract(text, published=PUBLISHED, context=context):
        assert text[proposal.quote_start:proposal.quote_end] == proposal.quote
        assert proposal.metric in context.metrics


@given(st.integers(min_value=0, max_value=10**9))
def test_digits_with_separators_round_trip(n: int) -> None:
    [found] = find_numbers(f"about {n:,} troops")
    assert found.value == n
