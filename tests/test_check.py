"""Checking a draft's figures against the store: each verdict, qualifiers, dates, places,
bad input. The drafts are written for these tests."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess

from bot.render import check_lines
from knowledge.check import MAX_DRAFT_CHARS, check_draft
from knowledge.store import FactStore
from tests.test_cli import FACTDESK

JAN_2021 = dt.date(2021, 1, 10)
OCT_2020 = dt.date(2020, 10, 10)


def _verdicts(text: str, store: FactStore, as_of: dt.date) -> list[tuple[str, str]]:
    return [(f.text, f.verdict) for f in check_draft(text, store, as_of=as_of).figures]


def test_a_level_the_newest_figures_contradict(store: FactStore) -> None:
    [figure] = check_draft("Some 2,000 US troops remain in Iraq.", store, as_of=JAN_2021).figures
    assert figure.verdict == "contradicted"
    assert figure.text == "Some 2,000 US troops"
    cited = {(f.row.value, f.source.outlet) for f in figure.evidence}
    assert (2500, "Rudaw") in cited and (3000, "The New Arab") in cited


def test_a_level_that_was_right_but_is_out_of_date(store: FactStore) -> None:
    [figure] = check_draft("About 3,000 US troops remain in Iraq.", store, as_of=JAN_2021).figures
    assert figure.verdict == "out_of_date"
    assert figure.evidence[0].row.id == "001-troops-level"
    assert 2500 in {f.row.value for f in figure.newer}
    assert "newer" in figure.note


def test_the_same_sentence_before_the_change_is_supported(store: FactStore) -> None:
    [figure] = check_draft("About 3,000 US troops remain in Iraq.", store, as_of=OCT_2020).figures
    assert figure.verdict == "supported"
    assert {f.row.value for f in figure.evidence} == {3000}


def test_qualifiers_must_fit(store: FactStore) -> None:
    supported = ("Between October 2019 and July 2020, about 40 rocket attacks targeted US "
                 "sites in Iraq.")
    assert _verdicts(supported, store, OCT_2020)[0][1] == "supported"
    at_least = ("At least 30 rocket attacks targeted US sites in Iraq between October 2019 and "
                "July 2020.")
    assert _verdicts(at_least, store, OCT_2020)[0][1] == "supported"
    more_than = ("More than 60 rocket attacks targeted US sites in Iraq between October 2019 "
                 "and July 2020.")
    assert _verdicts(more_than, store, OCT_2020)[0][1] == "contradicted"
    fewer_than = ("Fewer than 20 rocket attacks targeted US sites in Iraq between October 2019 "
                  "and July 2020.")
    assert _verdicts(fewer_than, store, OCT_2020)[0][1] == "contradicted"


def test_sources_that_disagree_are_shown(store: FactStore) -> None:
    [figure] = check_draft("In September 2020, 2,900 US troops were stationed in Iraq.", store,
                           as_of=OCT_2020).figures
    assert figure.verdict == "sources_differ"
    assert {f.row.value for f in figure.evidence} >= {3000}
    assert len(figure.evidence) >= 2


def test_a_figure_the_store_does_not_have(store: FactStore) -> None:
    figures = check_draft("Militias fired 14 drones at Baghdad airport in October 2020.", store,
                          as_of=OCT_2020).figures
    assert figures and all(f.verdict == "not_in_store" for f in figures)
    assert all(f.evidence == [] for f in figures)


def test_a_figure_about_another_place_is_not_checked_against_this_one(store: FactStore) -> None:
    figures = check_draft("KATHMANDU — Floods in Nepal killed 23 people on Monday.", store,
                          as_of=OCT_2020).figures
    assert figures and all(f.verdict == "not_in_store" for f in figures)


def test_offsets_quote_the_drafts_own_words(store: FactStore) -> None:
    draft = "Officials said on Saturday that at least 2,500 US soldiers have withdrawn from Iraq."
    [figure] = check_draft(draft, store, as_of=dt.date(2020, 10, 5)).figures
    assert draft[figure.start:figure.end] == figure.text
    assert figure.text.startswith("at least 2,500")
    assert figure.verdict == "supported"


def test_bad_input_gets_a_clear_reply(store: FactStore) -> None:
    empty = check_draft("   ", store)
    assert empty.figures == [] and "no text" in empty.message
    none = check_draft("The minister spoke at length about the talks.", store)
    assert none.figures == [] and "no figures" in none.message
    long = check_draft(("About 3,000 US troops remain in Iraq. " * 2000), store, as_of=OCT_2020)
    assert long.truncated and long.checked_chars <= MAX_DRAFT_CHARS
    assert "checked the first" in long.message
    markup = check_draft("<!channel> About 3,000 US troops <b>remain</b> in Iraq.", store,
                         as_of=OCT_2020)
    text = "\n".join(check_lines(markup))
    assert "<!channel>" not in text and "<b>" not in text


def test_check_json_from_the_command_line(store: FactStore, tmp_path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text("Some 2,000 US troops remain in Iraq.\n", encoding="utf-8")
    env = {**os.environ, "DATABASE_URL": str(store.engine.url)}
    out = subprocess.run([FACTDESK, "check", str(draft), "--json", "--as-of", "2021-01-10"],
                         env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["as_of"] == "2021-01-10"
    [figure] = data["figures"]
    assert set(figure) >= {"text", "start", "end", "metric", "value", "qualifier", "verdict",
                           "evidence"}
    assert figure["verdict"] == "contradicted" and figure["value"] == 2000
    assert figure["evidence"][0]["quote"] and figure["evidence"][0]["source"]["outlet"]
    bad = subprocess.run([FACTDESK, "check", str(draft), "--as-of", "yesterday"], env=env,
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
