"""Block Kit rendering: Slack's limits hold and nothing unescaped gets through."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.blocks import MAX_BLOCKS, MAX_TEXT, answer_blocks, answer_message, home_view
from knowledge.answer import Answer, Figure, FigureGroup, MetricAnswer, ask
from knowledge.query import Query, QueryKind
from knowledge.store import FigureRow, MetricInfo, SourceRow, TopicInfo

_ALLOWED_MARKUP = re.compile(r"<https?://[^\s<>|]+\|[^<>]*>|<@U[A-Z0-9]+>")


def _texts(blocks: list[dict[str, Any]]) -> list[str]:
    out = []
    for block in blocks:
        if "text" in block:
            out.append(block["text"]["text"])
        for element in block.get("elements", []):
            text = element.get("text")
            out.append(text["text"] if isinstance(text, dict) else text)
    return [t for t in out if t is not None]


def _check_limits(blocks: list[dict[str, Any]]) -> None:
    assert len(blocks) <= MAX_BLOCKS
    for block in blocks:
        if block["type"] == "context":
            assert 1 <= len(block["elements"]) <= 10
        if block["type"] == "header":
            assert len(block["text"]["text"]) <= 150
    for text in _texts(blocks):
        assert len(text) <= MAX_TEXT


def _check_escaped(blocks: list[dict[str, Any]]) -> None:
    for block in blocks:
        texts = []
        if block.get("text", {}).get("type") == "mrkdwn":
            texts.append(block["text"]["text"])
        texts += [e["text"] for e in block.get("elements", []) if e.get("type") == "mrkdwn"]
        for text in texts:
            rest = _ALLOWED_MARKUP.sub("", text)
            assert "<" not in rest and ">" not in rest, text
            assert not re.search(r"&(?!amp;|lt;|gt;)", rest), text


safe_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=300)


def _figure(i: int, quote: str, outlet: str, title: str, value: float, url: str | None) -> Figure:
    day = dt.date(2020, 1, 1) + dt.timedelta(days=i)
    row = FigureRow(id=f"f{i}", metric="m.x", value=value, qualifier="approx", unit="troops",
                    as_of=day, period_start=None, period_end=None, precision="day",
                    ref_start=day, ref_end=day, place_id="iraq", attributed_to=None,
                    status="confirmed", quote=quote, quote_start=0, quote_end=len(quote),
                    source_id=f"s{i}")
    source = SourceRow(id=f"s{i}", outlet=outlet, title=title, url=url, published=day,
                       cluster_id=f"s{i}")
    return Figure(row=row, source=source, actors=[outlet], attributed_to=title, place="Iraq")


@settings(max_examples=100, deadline=None)
@given(quote=safe_text, outlet=safe_text, title=safe_text,
       url=st.one_of(st.none(), st.just("https://example.org/a?b=1&c=2"), safe_text),
       groups=st.integers(min_value=1, max_value=40), metrics=st.integers(1, 12))
def test_article_text_is_escaped_and_limits_hold(quote, outlet, title, url, groups, metrics) -> None:
    sections = []
    for m in range(metrics):
        figures = [FigureGroup(figures=[_figure(m * 100 + g, quote, outlet, title, 100 + g, url)])
                   for g in range(groups)]
        sections.append(MetricAnswer(metric=MetricInfo(f"m.{m}", title, "troops", ()),
                                     headline=figures[0], timeline=figures[1:]))
    answer = Answer(query=Query(text=quote, kind=QueryKind.topic),
                    topic=TopicInfo("t", "/t", title, "", (), ()), sections=sections,
                    place=outlet)
    for blocks in (answer_blocks(answer), answer_blocks(answer, shareable=False,
                                                         shared_by="U0EDITOR")):
        _check_limits(blocks)
        _check_escaped(blocks)
    needed = 1 + metrics * (3 + (1 if groups > 1 else 0) + 2 * (groups - 1)) + 1
    shown = json.dumps(answer_blocks(answer))
    assert ("Narrow the question" in shown) == (needed > MAX_BLOCKS - 2)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=500))
def test_any_question_renders_within_limits_and_escaped(store, question: str) -> None:
    message = answer_message(ask(question, store))
    _check_limits(message["blocks"])
    _check_escaped(message["blocks"])
    assert len(message["text"]) <= 40_000


def test_share_attribution_only_for_real_user_ids(store) -> None:
    answer = ask("/troops", store)
    shared = json.dumps(answer_blocks(answer, shareable=False, shared_by="U0EDITOR"))
    assert "Shared by <@U0EDITOR>" in shared
    injected = json.dumps(answer_blocks(answer, shareable=False, shared_by="<!channel>"))
    assert "<!channel>" not in injected


def test_home_view_fits_and_is_escaped(store) -> None:
    view = home_view(store)
    assert view["type"] == "home" and len(view["blocks"]) <= 100
    _check_escaped(view["blocks"])


def test_long_profiles_and_listings_keep_every_citation(store) -> None:
    for question in ("/actor kazemi", "/facts embassy convoys", "/sources"):
        answer = ask(question, store)
        blocks = answer_blocks(answer)
        _check_limits(blocks)
        shown = json.dumps(blocks, ensure_ascii=False)
        for figure in answer.figures:
            assert figure.row.quote.split()[0] in shown and figure.source.outlet in shown
        assert "…" not in shown, question
