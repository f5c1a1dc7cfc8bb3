"""Answers and the App Home as Block Kit (pure functions, no Slack calls).

Limits kept: at most 50 blocks a message (100 on Home), 3,000 characters a text object,
10 elements a context block. An answer too big for a message is summarised, and the reply
says how to narrow the question. Everything from users or articles is escaped.
"""

from __future__ import annotations

import re
from typing import Any

from bot.render import citation, escape, mrkdwn
from knowledge.answer import Answer, Figure, FigureGroup, MetricAnswer
from knowledge.store import FactStore

__all__ = [
    "MAX_BLOCKS",
    "MAX_HOME_BLOCKS",
    "MAX_TEXT",
    "CONFIRM_ACTION",
    "EDIT_ACTION",
    "EDIT_VIEW",
    "MORE_ACTION",
    "REJECT_ACTION",
    "REPORT_ACTION",
    "REPORT_VIEW",
    "SHARE_ACTION",
    "digest_messages",
    "edit_modal",
    "report_message",
    "report_modal",
    "review_blocks",
    "answer_blocks",
    "answer_message",
    "check_message",
    "fallback_text",
    "home_view",
    "refusal_message",
]

MAX_BLOCKS = 50
MAX_HOME_BLOCKS = 100
MAX_TEXT = 3000
MAX_CONTEXT_ELEMENTS = 10
SHARE_ACTION = "share_answer"
MORE_ACTION = "more_answer"
_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,20}$")
Block = dict[str, Any]


def _fit(text: str, limit: int = MAX_TEXT) -> str:
    """Cut text to a Slack limit without breaking an escape sequence."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    amp = cut.rfind("&")
    if amp >= 0 and ";" not in cut[amp:]:
        cut = cut[:amp]
    return cut + "…"


def _section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": _fit(text)}}


def _text_sections(text: str, *, limit: int = MAX_BLOCKS - 3) -> list[Block]:
    """Long mrkdwn as several sections, cut between lines (a figure keeps its citation)."""
    chunks: list[str] = []
    current = ""
    for line in text.split("\n"):
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > MAX_TEXT - 100 and current:
            chunks.append(current)
            current = line
        else:
            current = candidate
    if current:
        chunks.append(current)
    blocks = [_section(chunk) for chunk in chunks[:limit]]
    if len(chunks) > limit:
        blocks.append(_context(["More not shown; narrow the question."]))
    return blocks


def _context(texts: list[str]) -> Block:
    return {"type": "context",
            "elements": [{"type": "mrkdwn", "text": _fit(t)} for t in texts[:MAX_CONTEXT_ELEMENTS]]}


def _header(text: str) -> Block:
    return {"type": "header", "text": {"type": "plain_text", "text": _fit(text, 150),
                                       "emoji": False}}


def _amount_line(figure: Figure, *, prefix: str = "", flag: bool = False) -> str:
    place = f" · {escape(figure.place)}" if figure.place else ""
    warn = " :warning:" if flag else ""
    return f"{prefix}*{escape(figure.amount())}* · {escape(figure.when())}{place}{warn}"


def _group_blocks(group: FigureGroup, *, prefix: str = "") -> list[Block]:
    seen: set[str] = set()
    lines = []
    for figure in group.figures:
        key = " ".join(figure.row.quote.split())
        lines.append(citation(figure, with_quote=key not in seen))
        seen.add(key)
    if group.wire:
        lines.append(f"_wire copy: one report, {len(group.figures)} copies cited_")
    if len(lines) > MAX_CONTEXT_ELEMENTS:
        extra = len(lines) - (MAX_CONTEXT_ELEMENTS - 1)
        lines = lines[: MAX_CONTEXT_ELEMENTS - 1] + [f"_…and {extra} more citation(s)_"]
    return [_section(_amount_line(group.lead, prefix=prefix, flag=group.conflict)),
            _context(lines)]


def _metric_blocks(section: MetricAnswer, *, timeline: int | None) -> list[Block]:
    blocks = [_section(f"*{escape(section.metric.label)}*")]
    blocks += _group_blocks(section.headline, prefix="Latest: ")
    if section.alongside:
        blocks.append(_section(":warning: *Sources differ* for the same time:" if section.disputed
                               else "Also for the same time:"))
        for group in section.alongside:
            blocks += _group_blocks(group)
    shown = section.timeline if timeline is None else section.timeline[:timeline]
    if shown:
        blocks.append(_section("Earlier:"))
        for group in shown:
            blocks += _group_blocks(group)
    return blocks


def _title(answer: Answer) -> str:
    head = answer.topic.title if answer.topic else "Figures"
    filters = [f for f in (answer.place, answer.actor) if f] + answer.query.filters_text()
    return head + (f" — {', '.join(filters)}" if filters else "")


def _unreviewed_blocks(answer: Answer) -> list[Block]:
    blocks = [_section("*Unreviewed* — proposed from new copy, not yet checked by an editor:")]
    for figure in answer.unreviewed:
        blocks.append(_section(_amount_line(figure) + " _unreviewed_"))
        blocks.append(_context([citation(figure)]))
    return blocks


def _question_blocks(answer: Answer) -> list[Block]:
    """A free question: the reading, the direct answer, the evidence, nearest figures apart."""
    reading = [f"Reading: {escape(answer.reading_text)}"]
    if answer.unrecognised:
        names = ", ".join(f"“{escape(n)}”" for n in answer.unrecognised)
        maybe = (" (did you mean " + ", ".join(escape(s) for s in answer.suggestions[:3]) + "?)"
                 if answer.suggestions else "")
        reading.append(f"I did not recognise {names}{maybe}; answered without it.")
    blocks: list[Block] = [_context(reading)]
    if answer.direct:
        blocks.append(_section(f"*{escape(answer.direct.sentence())}*"))
    if answer.message:
        blocks.append(_section(escape(answer.message)))
    for group in answer.evidence:
        blocks += _group_blocks(group)
    if answer.nearest:
        blocks.append(_context([escape(answer.nearest_note)]))
        for group in answer.nearest:
            blocks += _group_blocks(group)
    if answer.unreviewed:
        blocks += _unreviewed_blocks(answer)
    if not answer.direct and not answer.nearest and answer.suggestions \
            and not answer.unrecognised:
        blocks.append(_context(["What I have: " + "; ".join(escape(s) for s in
                                                            answer.suggestions)]))
    return blocks[: MAX_BLOCKS - 2]


def answer_blocks(answer: Answer, *, shareable: bool = True,
                  shared_by: str | None = None) -> list[Block]:
    """Block Kit for an answer; summarised (and says so) when it would not fit."""
    if answer.reading is not None:
        blocks = _question_blocks(answer)
    elif answer.listing:
        blocks = [_header("Figures whose quotes match" if answer.query.kind.value == "unclear"
                          else "Figures")]
        if answer.message:
            blocks.append(_context([escape(answer.message)]))
        for figure in answer.listing[: (MAX_BLOCKS - 4) // 2]:
            blocks.append(_section(f"{_amount_line(figure)} ({escape(figure.row.metric)})"))
            blocks.append(_context([citation(figure)]))
    elif not answer.sections:
        blocks = _text_sections(mrkdwn(answer) or "Nothing to show.")
    else:
        blocks = []
        dropped = 0
        for timeline in (None, 2, 0):
            body = [b for s in answer.sections for b in _metric_blocks(s, timeline=timeline)]
            blocks = [_header(_title(answer)), *body]
            dropped = sum(len(s.timeline) - (len(s.timeline) if timeline is None
                                             else min(timeline, len(s.timeline)))
                          for s in answer.sections)
            if len(blocks) <= MAX_BLOCKS - 3:
                break
        if len(blocks) > MAX_BLOCKS - 3:
            blocks = _summary_blocks(answer)
            dropped = 1
        if answer.unreviewed and len(blocks) + 2 * len(answer.unreviewed) + 1 <= MAX_BLOCKS - 3:
            blocks += _unreviewed_blocks(answer)
        if dropped or any(s.more for s in answer.sections):
            blocks.append(_context([
                "Some earlier figures are not shown. Narrow the question with a month "
                "(`September 2020`), a place, a name, or `as of 2020-10-01`."
            ]))
    if shared_by and _USER_ID.match(shared_by):
        blocks.append(_context([f"Shared by <@{shared_by}>"]))
    if answer.ok:
        elements = [{
            "type": "button", "action_id": REPORT_ACTION,
            "text": {"type": "plain_text", "text": "Wrong figure?"},
            "value": answer.query.text[:2000],
        }]
        if answer.more_command:
            elements.insert(0, {
                "type": "button", "action_id": MORE_ACTION,
                "text": {"type": "plain_text", "text": f"More: {answer.more_command}"[:75]},
                "value": answer.more_command[:2000],
            })
        if shareable:
            elements.insert(0, {
                "type": "button", "action_id": SHARE_ACTION,
                "text": {"type": "plain_text", "text": "Share in channel"},
                "value": answer.query.text[:2000],
            })
        blocks = blocks[: MAX_BLOCKS - 1]
        blocks.append({"type": "actions", "elements": elements})
    return blocks[:MAX_BLOCKS]


def _summary_blocks(answer: Answer) -> list[Block]:
    """One line per metric (headline only) when the full answer is too big."""
    blocks: list[Block] = [_header(_title(answer))]
    for section in answer.sections[: (MAX_BLOCKS - 4) // 2]:
        lead = section.headline.lead
        flag = " — :warning: sources differ" if section.disputed else ""
        blocks.append(_section(f"*{escape(section.metric.label)}*: "
                               f"{_amount_line(lead)}{flag}"))
        blocks.append(_context([citation(lead)]))
    return blocks


def fallback_text(answer: Answer) -> str:
    """Top-level text for notifications and clients without blocks."""
    if answer.direct:
        return escape(_fit(answer.direct.sentence(), 1000))
    if answer.sections:
        parts = []
        for section in answer.sections[:3]:
            lead = section.headline.lead
            parts.append(f"{section.metric.label}: {lead.amount()} ({lead.when()}, "
                         f"{lead.source.outlet})")
        return escape(_fit("; ".join(parts), 1000))
    return _fit(mrkdwn(answer), 1000) or "factdesk"


def answer_message(answer: Answer, *, response_type: str = "ephemeral",
                   shared_by: str | None = None) -> dict[str, Any]:
    """A complete message payload (for an ack, a response_url post or chat.postMessage)."""
    shareable = response_type == "ephemeral"
    return {
        "response_type": response_type,
        "text": fallback_text(answer),
        "blocks": answer_blocks(answer, shareable=shareable, shared_by=shared_by),
    }


def check_message(report: Any) -> dict[str, Any]:
    """An ephemeral reply for a checked draft (``knowledge.check.DraftCheck``)."""
    from bot.render import check_lines

    lines = check_lines(report)
    counts: dict[str, int] = {}
    for figure in report.figures:
        counts[figure.verdict_words] = counts.get(figure.verdict_words, 0) + 1
    summary = ", ".join(f"{n} {word}" for word, n in counts.items()) or "no figures"
    blocks = _text_sections("\n".join(lines))
    return {"response_type": "ephemeral", "text": escape(f"Figures checked: {summary}"),
            "blocks": blocks[:MAX_BLOCKS]}


def refusal_message(text: str) -> dict[str, Any]:
    """A short ephemeral reply for something we cannot do."""
    return {"response_type": "ephemeral", "text": escape(text)}


def home_view(store: FactStore, *, editor: bool = False) -> dict[str, Any]:
    """App Home: the latest headline of each topic and what the store holds; for editors,
    the candidates waiting for review."""
    from knowledge.answer import ask

    counts = store.counts()
    blocks: list[Block] = [
        _header("factdesk"),
        _section(f"The store holds *{counts['sources']}* sources, *{counts['figures']}* "
                 f"confirmed figures and *{counts['actors']}* actors."),
        {"type": "divider"},
    ]
    for topic in store.topics.values():
        answer = ask(topic.command, store)
        if not answer.sections:
            blocks.append(_section(f"*{escape(topic.command)}* — {escape(topic.title)}: "
                                   "no confirmed figures yet."))
            continue
        section = answer.sections[0]
        flag = " — :warning: sources differ" if section.disputed else ""
        blocks.append(_section(f"*{escape(topic.command)}* — {escape(section.metric.label)}: "
                               f"{_amount_line(section.headline.lead)}{flag}"))
        blocks.append(_context([citation(section.headline.lead)]))
        if len(blocks) >= MAX_HOME_BLOCKS - 3:
            break
    if editor:
        from knowledge.answer import figures_for

        pending = store.list_figures(status="candidate", limit=10)
        blocks.append({"type": "divider"})
        blocks.append(_section(f"*Awaiting review* — {counts['candidates']} candidate "
                               "figure(s); the oldest first:" if pending else
                               "*Awaiting review* — nothing; all candidates are decided."))
        for figure in figures_for(store, [r.id for r in pending]):
            if len(blocks) + 3 > MAX_HOME_BLOCKS - 2:
                break
            blocks.extend(review_blocks(figure))
    commands = ", ".join(f"`{escape(t.command)}`" for t in store.topics.values())
    blocks = blocks[: MAX_HOME_BLOCKS - 2]
    blocks.append({"type": "divider"})
    blocks.append(_context([f"Ask with {commands}, `/actor NAME`, `/sources`, or mention "
                            "@factdesk with a question in any thread."]))
    return {"type": "home", "blocks": blocks}


# --------------------------------------------------------------------------- curation

REPORT_ACTION = "report_wrong"
CONFIRM_ACTION, REJECT_ACTION, EDIT_ACTION = "fact_confirm", "fact_reject", "fact_edit"
EDIT_VIEW, REPORT_VIEW = "fact_edit_modal", "report_wrong_modal"


def review_blocks(figure: Figure, *, decided: str | None = None) -> list[Block]:
    """A candidate for editors: the figure, its quote and source, and the three buttons."""
    note = f"\n_{escape(figure.row.note)}_" if figure.row.note else ""
    blocks: list[Block] = [
        _section(f"*Candidate* `{escape(figure.id)}` — {escape(figure.row.metric)}: "
                 f"{_amount_line(figure)}{note}"),
        _context([citation(figure)]),
    ]
    if decided:
        blocks.append(_context([decided]))
    else:
        blocks.append({"type": "actions", "block_id": f"review-{figure.id}"[:255], "elements": [
            {"type": "button", "action_id": CONFIRM_ACTION, "style": "primary",
             "text": {"type": "plain_text", "text": "Confirm"}, "value": figure.id},
            {"type": "button", "action_id": REJECT_ACTION, "style": "danger",
             "text": {"type": "plain_text", "text": "Reject"}, "value": figure.id},
            {"type": "button", "action_id": EDIT_ACTION,
             "text": {"type": "plain_text", "text": "Edit"}, "value": figure.id},
        ]})
    return blocks


def _input(block_id: str, label: str, element: dict[str, Any], *, optional: bool = True
           ) -> Block:
    return {"type": "input", "block_id": block_id, "optional": optional,
            "label": {"type": "plain_text", "text": label}, "element": element}


def _text_input(value: str | None, placeholder: str) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "plain_text_input", "action_id": "v",
                               "placeholder": {"type": "plain_text", "text": placeholder}}
    if value:
        element["initial_value"] = value[:3000]
    return element


def _select(options: list[tuple[str, str]], initial: str | None) -> dict[str, Any]:
    opts = [{"text": {"type": "plain_text", "text": label[:75]}, "value": value[:150]}
            for value, label in options[:100]]
    element: dict[str, Any] = {"type": "static_select", "action_id": "v", "options": opts}
    chosen = next((o for o in opts if o["value"] == initial), None)
    if chosen:
        element["initial_option"] = chosen
    return element


def edit_modal(figure: Figure, store: FactStore, *, metadata: str) -> dict[str, Any]:
    """The Edit modal: value, qualifier, dates, metric, place, actors."""
    row = figure.row
    start, end = row.when()
    qualifiers = [(q, q.replace("_", " ")) for q in
                  ("exact", "approx", "at_least", "more_than", "fewer_than", "up_to")]
    # Slack shows 100 options: the figure's own first, then the pack's, then the rest.
    in_topics = {m for t in store.topics.values() for m in t.metrics}
    metrics = [(m.id, f"{m.label} ({m.id})") for m in sorted(
        store.metrics.values(), key=lambda m: (m.id != row.metric, m.id not in in_topics, m.id))]
    path = store.place_path(row.place_id) if row.place_id else []
    places = [(p.id, p.name) for p in sorted(
        store.places.values(), key=lambda p: (p.id not in path, p.id, ))]
    names = ", ".join(figure.actors)
    value = f"{row.value:g}"
    return {
        "type": "modal", "callback_id": EDIT_VIEW, "private_metadata": metadata[:3000],
        "title": {"type": "plain_text", "text": "Correct a figure"},
        "submit": {"type": "plain_text", "text": "Save correction"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            _context([f"“{escape(row.quote)}” — {escape(figure.source.outlet)}"]),
            _input("value", "Value", _text_input(value, "2500"), optional=False),
            _input("qualifier", "Qualifier", _select(qualifiers, row.qualifier)),
            _input("as_of", "As of (YYYY, YYYY-MM or YYYY-MM-DD)",
                   _text_input(start.iso if row.as_of else None, "2020-10-03")),
            _input("period_start", "Or period from", _text_input(
                start.iso if row.as_of is None else None, "2019-10")),
            _input("period_end", "Period to", _text_input(
                end.iso if end is not None else None, "2020-07")),
            _input("metric", "What it counts", _select(metrics, row.metric)),
            _input("metric_label", "Or rename what it counts (a metric named from the copy)",
                   _text_input(None, "people · missing")),
            _input("place", "Place", _select(places, row.place_id)),
            _input("actors", "Actors (comma-separated names)", _text_input(names, "PMF, Kadhimi")),
        ],
    }


def report_modal(*, metadata: str, question: str) -> dict[str, Any]:
    """The 'Wrong figure?' modal."""
    return {
        "type": "modal", "callback_id": REPORT_VIEW, "private_metadata": metadata[:3000],
        "title": {"type": "plain_text", "text": "Wrong figure?"},
        "submit": {"type": "plain_text", "text": "Send to editors"},
        "blocks": [
            _context([f"About the answer to `{escape(question[:200])}`"]),
            _input("what", "What is wrong?", {**_text_input(None, "The 2,500 figure is the "
                                                            "target, not the level"),
                                              "multiline": True}, optional=False),
        ],
    }


def report_message(*, reporter: str, question: str, what: str, link: str | None
                   ) -> dict[str, Any]:
    """A reader's report as it lands in the review channel."""
    who = f"<@{reporter}>" if _USER_ID.match(reporter or "") else "Someone"
    where = f" (<{link}|the answer>)" if link and re.match(r"^https?://[^\s<>|]+$", link) else ""
    text = (f":triangular_flag_on_post: {who} reports a wrong figure in the answer to "
            f"`{escape(question[:200])}`{where}:\n>{escape(what[:2000])}")
    return {"text": _fit(text, 1000), "blocks": [_section(text)]}


# --------------------------------------------------------------------------- digests

MESSAGE_BLOCKS = 45


def digest_messages(digest: Any) -> list[dict[str, Any]]:
    """A digest as one or more messages, each within Block Kit's limits."""
    since = digest.since.strftime("%-d %b %Y %H:%M UTC") if digest.since else "the start"
    if digest.empty:
        text = f"Nothing new since {since}."
        return [{"text": text, "blocks": [_section(text)]}]
    blocks: list[Block] = [_header(f"factdesk digest — {len(digest.source_ids)} new "
                                   f"source(s) since {since}")]
    if digest.changes:
        blocks.append(_section("*Headline figures, new or changed*"))
        for change in digest.changes:
            before = f"{escape(change.before)} → " if change.before else ""
            blocks.append(_section(f"• {escape(change.label)}: {before}*{escape(change.after)}*"
                                   f" · {escape(change.figure.when())}"))
            blocks.append(_context([citation(change.figure)]))
    if digest.clusters:
        blocks.append(_section("*New sources*"))
        for cluster in digest.clusters:
            lead = cluster.lead
            date = lead.published.strftime("%-d %b %Y") if lead.published else "undated"
            url = lead.url if lead.url and re.match(r"^https?://[^\s<>|]+$", lead.url) else None
            title = f"<{url}|{escape(lead.title)}>" if url else f"_{escape(lead.title)}_"
            copies = ""
            if cluster.copies:
                copies = " · also in " + ", ".join(escape(c.outlet) for c in cluster.copies)
            figures = (f" · {cluster.candidates} candidate figure(s)"
                       if cluster.candidates else "")
            blocks.append(_section(f"• {escape(lead.outlet)}, {date}: {title}{copies}{figures}"))
        if digest.more_clusters:
            blocks.append(_context([f"…and {digest.more_clusters} more report(s)."]))
    if digest.candidate_count:
        blocks.append(_section(f"*{digest.candidate_count} candidate figure(s) await review*"))
        for figure in digest.candidates:
            blocks.append(_context([f"{_amount_line(figure)} ({escape(figure.row.metric)}) — "
                                    f"{escape(figure.source.outlet)}"]))
    messages = []
    for start in range(0, len(blocks), MESSAGE_BLOCKS):
        chunk = blocks[start: start + MESSAGE_BLOCKS]
        part = "" if len(blocks) <= MESSAGE_BLOCKS else \
            f" (part {start // MESSAGE_BLOCKS + 1})"
        messages.append({"text": f"factdesk digest: {len(digest.source_ids)} new source(s)"
                                 f"{part}", "blocks": chunk})
    return messages
