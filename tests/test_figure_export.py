"""Exports: CSV for the data desk, the JSON contract, schema.org ClaimReview JSON-LD."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

import pytest
from sqlalchemy import update

from knowledge.figure_export import CSV_COLUMNS, ExportError, export_figures, render
from knowledge.models import Fact, Source

TODAY = dt.date(2021, 2, 1)


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_has_one_row_per_confirmed_figure_with_every_citation_field(store) -> None:
    export = export_figures(store, topic="troops", today=TODAY)
    text, filename = render(export, "csv")
    assert filename == "factdesk-troops.csv"
    rows = _rows(text)
    assert list(rows[0]) == CSV_COLUMNS
    assert len(rows) == len(export.figures) == len({r["id"] for r in rows})
    troops = store.topics["troops"].metrics
    assert {r["metric"] for r in rows} <= set(troops) and all(r["status"] == "confirmed"
                                                              for r in rows)
    by_id = {r["id"]: r for r in rows}
    level = by_id["001-troops-level"]
    assert (level["value"], level["qualifier"], level["as_of"], level["precision"]) == (
        "3000", "approx", "2020-09-30", "day")
    assert level["source_outlet"] == "The New Arab" and level["source_published"] == "2020-09-30"
    assert level["quote"].startswith("The US still has hundreds of diplomats")
    assert level["amount"] == "around 3,000 troops" and level["place"] == "Iraq"
    period = by_id["004-troops-level-before-drawdown"]
    assert (period["as_of"], period["period_start"], period["period_end"]) == (
        "", "2020-01", "2020-08")
    assert by_id["004-troops-level-after-drawdown"]["disputed"] == "yes"
    assert by_id["004-troops-level-after-drawdown"]["disputed_with"] == "002-troops-level-sep20"
    assert level["disputed"] == "no"


def test_everything_when_no_topic_is_named_and_unknown_names_are_refused(store) -> None:
    everything = export_figures(store)
    assert len(everything.figures) == len(store.list_figures(status="confirmed"))
    with pytest.raises(ExportError, match="topics: troops"):
        export_figures(store, topic="zork")
    with pytest.raises(ExportError, match="use csv, json, claimreview"):
        render(everything, "xml")
    assert export_figures(store, topic="/attacks").topic.id == "attacks"


def test_json_is_the_figure_contract(store) -> None:
    text, filename = render(export_figures(store, topic="troops", today=TODAY), "json")
    data = json.loads(text)
    assert filename == "factdesk-troops.json"
    assert set(data) == {"topic", "generated", "figures", "conflicts"}
    assert data["conflicts"] == [["002-troops-level-sep20", "004-troops-level-after-drawdown"]]
    assert set(data["figures"][0]) >= {"id", "metric", "value", "qualifier", "quote", "source"}


def _check_claim_review(review: dict[str, Any]) -> None:
    """The fields schema.org ClaimReview publishing needs, with their types."""
    assert review["@type"] == "ClaimReview"
    assert isinstance(review["claimReviewed"], str) and review["claimReviewed"]
    dt.date.fromisoformat(review["datePublished"])
    assert review["author"]["@type"] == "Organization" and review["author"]["name"]
    claim = review["itemReviewed"]
    assert claim["@type"] == "Claim"
    assert claim["author"]["@type"] in {"Person", "Organization"} and claim["author"]["name"]
    dt.date.fromisoformat(claim["datePublished"])
    assert claim["appearance"] and claim["firstAppearance"] == claim["appearance"][0]
    for appearance in claim["appearance"]:
        assert appearance["@type"] == "NewsArticle" and appearance["headline"]
        assert appearance["publisher"]["name"]
    rating = review["reviewRating"]
    assert rating["@type"] == "Rating" and rating["alternateName"]
    assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]


def test_claimreview_json_ld_has_the_required_fields(store_copy) -> None:
    with store_copy.engine.begin() as connection:
        connection.execute(update(Source).where(Source.outlet == "Rudaw")
                           .values(url="https://www.rudaw.net/english/middleeast/iraq/050120211"))
    store_copy.refresh()
    text, filename = render(export_figures(store_copy, topic="troops", today=TODAY),
                            "claimreview", author="The Daily Desk")
    assert filename == "factdesk-troops.jsonld"
    data = json.loads(text)
    assert data["@context"] == "https://schema.org"
    reviews = data["@graph"]
    for review in reviews:
        _check_claim_review(review)
    by_figure = {i: r for r in reviews for i in r["identifier"]}
    assert by_figure["001-troops-level"]["author"]["name"] == "The Daily Desk"
    rudaw = by_figure["002-troops-level-sep20"]
    assert rudaw["itemReviewed"]["appearance"][0]["url"].startswith("https://www.rudaw.net/")
    assert "url" not in by_figure["001-troops-level"]["itemReviewed"]["appearance"][0]
    assert rudaw["reviewRating"]["alternateName"] == "Disputed"
    assert "fewer than 3,000 troops" in rudaw["reviewRating"]["ratingExplanation"]
    assert by_figure["001-troops-level"]["reviewRating"]["alternateName"] == "Confirmed"
    marotto = by_figure["002-troops-target-jan15"]["itemReviewed"]["author"]
    assert marotto == {"@type": "Person", "name": "Wayne Marotto"}
    withdrawn = by_figure["000-troops-withdrawn"]
    assert withdrawn is by_figure["003-troops-withdrawn"]  # one claim, two copies
    assert len(withdrawn["itemReviewed"]["appearance"]) == 2
    assert withdrawn["itemReviewed"]["datePublished"] == "2020-10-04"


def test_text_a_spreadsheet_would_run_is_kept_as_text(store_copy) -> None:
    with store_copy.engine.begin() as connection:
        connection.execute(update(Fact).where(Fact.id == "001-troops-level")
                           .values(quote='=HYPERLINK("http://evil.example","x")'))
    store_copy.refresh()
    rows = {r["id"]: r for r in _rows(render(export_figures(store_copy, topic="troops"),
                                             "csv")[0])}
    assert rows["001-troops-level"]["quote"].startswith("'=HYPERLINK")
