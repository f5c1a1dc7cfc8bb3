"""Answers as Slack mrkdwn text and as plain text for a terminal.

Everything that comes from users or articles passes through ``escape`` before it
reaches mrkdwn, so no ``<!channel>``, user mention or disguised link survives.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from knowledge.answer import ActorProfile, Answer, Figure, FigureGroup, MetricAnswer
    from knowledge.check import DraftCheck

__all__ = ["escape", "mrkdwn", "plain", "citation", "check_lines", "group_lines", "help_lines",
           "question_lines"]

_VERDICT_MARKS = {"supported": ":white_check_mark:", "contradicted": ":x:",
                  "out_of_date": ":hourglass:", "sources_differ": ":warning:",
                  "not_in_store": ":grey_question:"}

_LINK = re.compile(r"<([^|>]+)\|([^>]+)>")


def escape(text: str | None) -> str:
    """Escape &, < and > for Slack mrkdwn (and flatten whitespace)."""
    if not text:
        return ""
    text = " ".join(str(text).split())
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _safe_url(url: str | None) -> str | None:
    if not url or not re.match(r"^https?://[^\s<>|]+$", url):
        return None
    return url


def citation(figure: Figure, *, with_quote: bool = True) -> str:
    """'“quote” — The New Arab, 30 Sep 2020, _title_' (title linked when a URL exists)."""
    source = figure.source
    date = source.published.strftime("%-d %b %Y") if source.published else "undated"
    title = escape(source.title)
    url = _safe_url(source.url)
    title_part = f"<{url}|{title}>" if url else f"_{title}_"
    said = f"said by {escape(figure.attributed_to)} · " if figure.attributed_to else ""
    quote = f"“{escape(figure.row.quote)}” " if with_quote else ""
    return f"{quote}— {said}{escape(source.outlet)}, {date}, {title_part}"


def _headline_amount(figure: Figure) -> str:
    place = f" · {escape(figure.place)}" if figure.place else ""
    return f"*{escape(figure.amount())}* · {escape(figure.when())}{place}"


def group_lines(group: FigureGroup, *, bullet: str = "•") -> list[str]:
    """A claim and its citations: the quote once for wire copies, each quote otherwise."""
    lead = group.lead
    flag = " :warning:" if group.conflict else ""
    lines = [f"{bullet} {_headline_amount(lead)}{flag}"]
    quotes_seen: set[str] = set()
    for figure in group.figures:
        key = " ".join(figure.row.quote.split())
        with_quote = key not in quotes_seen
        quotes_seen.add(key)
        lines.append(f"      {citation(figure, with_quote=with_quote)}")
    if group.wire:
        lines.append(f"      _wire copy: one report, {len(group.figures)} copies cited_")
    return lines


def _section_lines(section: MetricAnswer) -> list[str]:
    lines = [f"*{escape(section.metric.label)}*"]
    lines += group_lines(section.headline, bullet="Latest:")
    if section.alongside:
        if section.disputed:
            lines.append(":warning: *Sources differ* for the same time:")
        else:
            lines.append("Also for the same time:")
        for group in section.alongside:
            lines += group_lines(group)
    if section.timeline:
        lines.append("Earlier:")
        for group in section.timeline:
            lines += group_lines(group)
    if section.more:
        lines.append(f"_…and {section.more} earlier figure(s); narrow by month or `as of` a date._")
    return lines


def help_lines(answer: Answer) -> list[str]:
    """What one can ask, from the store's own topics."""
    lines = ["*What you can ask*"]
    for topic in answer.commands:
        lines.append(f"• `{escape(topic.command)}` — {escape(topic.description or topic.title)}")
    lines += [
        "• `/actor NAME` — who someone is, how copy spells them, and their figures",
        "• `/sources` — the sources behind every figure",
        "• `/facts QUESTION` (or mention me) — a question in your own words; I say how I "
        "read it, answer in one sentence and cite every figure",
        "Filters after a command: a name, a place, a month (`September 2020`) or "
        "`as of 2020-10-01`.",
    ]
    return lines


def _profile_lines(profile: ActorProfile) -> list[str]:
    lines = [f"*{escape(profile.name)}* ({escape(profile.kind)})"]
    if profile.description:
        lines.append(escape(profile.description))
    for role in profile.roles:
        span = " – ".join(x or "…" for x in (role.get("start"), role.get("end")))
        span = f" ({escape(span)})" if role.get("start") or role.get("end") else ""
        lines.append(f"• {escape(role.get('title'))}{span}")
    if profile.spellings:
        lines.append("Spellings seen: " + ", ".join(escape(s) for s in profile.spellings))
    if profile.mentions:
        named = "; ".join(
            f"{escape(s.outlet)} {s.published.isoformat() if s.published else 'undated'} "
            f"({escape(s.id)})"
            for s, _count in profile.mentions
        )
        lines.append(f"Named in {len(profile.mentions)} source(s): {named}")
    else:
        lines.append("Not named in any source yet.")
    if profile.figures:
        lines.append("*Figures they stated or that are about them*")
        for figure in profile.figures:
            metric = escape(figure.row.metric)
            lines.append(f"• {_headline_amount(figure)} ({metric})")
            lines.append(f"      {citation(figure)}")
    else:
        lines.append("No confirmed figures stated by or about them.")
    return lines


def question_lines(answer: Answer) -> list[str]:
    """A free question's answer: how it was read, the direct answer, then the evidence."""
    lines = [f"_Reading: {escape(answer.reading_text)}_"]
    if answer.unrecognised:
        names = ", ".join(f"“{escape(n)}”" for n in answer.unrecognised)
        maybe = (" (did you mean " + ", ".join(escape(s) for s in answer.suggestions[:3]) + "?)"
                 if answer.suggestions else "")
        lines.append(f"_I did not recognise {names}{maybe}; answered without it._")
    if answer.direct:
        lines.append(f"*{escape(answer.direct.sentence())}*")
    if answer.message:
        lines.append(escape(answer.message))
    for group in answer.evidence:
        lines += group_lines(group)
    if answer.nearest:
        lines.append(f"_{escape(answer.nearest_note)}_")
        for group in answer.nearest:
            lines += group_lines(group, bullet="◦")
    if answer.unreviewed:
        lines += _unreviewed_lines(answer)
    if answer.more_command:
        lines.append(f"More: `{escape(answer.more_command)}`")
    if not answer.direct and not answer.nearest and answer.suggestions and not answer.unrecognised:
        lines.append("What I have: " + "; ".join(escape(s) for s in answer.suggestions))
    return lines


def _unreviewed_lines(answer: Answer) -> list[str]:
    lines = ["", "*Unreviewed* — proposed from new copy, not yet checked by an editor:"]
    for figure in answer.unreviewed:
        lines.append(f"• {_headline_amount(figure)} ({escape(figure.row.metric)}) _unreviewed_")
        lines.append(f"      {citation(figure)}")
    return lines


def mrkdwn(answer: Answer) -> str:
    """The Slack mrkdwn that would be posted for an answer."""
    if answer.reading is not None:
        return "\n".join(question_lines(answer)).strip()
    lines: list[str] = []
    if answer.profile:
        lines += _profile_lines(answer.profile)
    elif answer.sources:
        lines.append(f"*Sources* ({len(answer.sources)})")
        for source in answer.sources:
            date = source.published.isoformat() if source.published else "undated"
            url = _safe_url(source.url)
            title = f"<{url}|{escape(source.title)}>" if url else f"_{escape(source.title)}_"
            lines.append(f"• {escape(source.outlet)}, {date}: {title} (`{escape(source.id)}`)")
    elif answer.sections:
        head = escape(answer.topic.title if answer.topic else "Figures")
        filters = [escape(f) for f in (answer.place, answer.actor) if f]
        filters += [escape(f) for f in answer.query.filters_text()]
        lines.append(f"*{head}*" + (f" — {', '.join(filters)}" if filters else ""))
        for section in answer.sections:
            lines.append("")
            lines += _section_lines(section)
    if answer.listing:
        lines.append(f"*Figures* ({len(answer.listing)})")
        for figure in answer.listing:
            status = "" if figure.row.status == "confirmed" else f" _{escape(figure.row.status)}_"
            lines.append(f"• {_headline_amount(figure)} ({escape(figure.row.metric)}){status}"
                         f" `{escape(figure.id)}`")
            lines.append(f"      {citation(figure)}")
    if answer.message:
        lines.append(escape(answer.message))
    if answer.unreviewed:
        lines += _unreviewed_lines(answer)
    if answer.suggestions:
        label = "Did you mean" if answer.query.kind.value in {"actor", "topic", "unclear"} \
            and answer.query.suggestions else "What I have"
        lines.append(f"{label}: " + "; ".join(escape(s) for s in answer.suggestions))
    if answer.query.kind.value in {"help", "empty", "unknown_command", "unclear"} and \
            not answer.listing:
        lines += help_lines(answer)
    return "\n".join(lines).strip()


def check_lines(report: DraftCheck) -> list[str]:
    """A checked draft: one line per figure, the draft's words quoted, verdict and citation."""
    lines = [f"*Figures checked* (as of {report.as_of.isoformat()})"]
    if report.message:
        lines.append(f"_{escape(report.message)}_")
    for figure in report.figures:
        mark = _VERDICT_MARKS.get(figure.verdict, "")
        lines.append(f"{mark} “{escape(figure.text)}” — *{escape(figure.verdict_words)}*: "
                     f"{escape(figure.note)}")
        for cited in [*figure.evidence, *figure.newer][:3]:
            lines.append(f"      {citation(cited)}")
    return lines


def plain(text: str) -> str:
    """mrkdwn as a terminal shows it: links as 'label (url)', entities decoded."""
    text = _LINK.sub(lambda m: f"{m.group(2)} ({m.group(1)})", text)
    return html.unescape(text)
