"""`/troops chart` (and `chart` after any filter): a PNG timeline uploaded to the channel.

The ack says what is being drawn, or why nothing can be; drawing and uploading happen after
it, in a lazy listener, with ``files_upload_v2``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_sdk.errors import SlackApiError

from bot.listeners.context import Deps
from bot.render import escape
from knowledge.chart import ChartData, chart_for, split_chart_word

__all__ = ["chart_alt_text", "is_chart_command", "make_chart_ack", "make_chart_upload"]


def _command_text(command: dict[str, Any]) -> str:
    return f"{command.get('command', '')} {command.get('text') or ''}".strip()


def is_chart_command(command: dict[str, Any]) -> bool:
    """A listener matcher: a topic command (or `/facts TOPIC`) with the word `chart`."""
    if command.get("command") in {"/digest", "/factcheck"}:
        return False
    return split_chart_word(_command_text(command))[0]


def chart_alt_text(chart: ChartData) -> str:
    """What the chart shows, in words, for screen readers (Slack keeps 1,000 characters)."""
    parts = [f"{m.amount}, {m.when} ({m.outlet}{', target' if m.series == 'target' else ''}"
             f"{', sources differ' if m.disputed else ''})" for m in chart.marks]
    return f"{chart.title}: " + "; ".join(parts)[:900]


def _chart(deps: Deps, context: Any, command: dict[str, Any]) -> ChartData:
    store = deps.store_for(context)
    text = _command_text(command)
    return store.cached(("chart", text), lambda: chart_for(text, store))


def make_chart_ack(deps: Deps) -> Callable[..., None]:
    """Say at once what will be drawn, or why nothing can be."""

    def chart_ack(ack: Any, command: dict[str, Any], context: Any,
                  logger: logging.Logger) -> None:
        try:
            chart = _chart(deps, context, command)
        except Exception:
            logger.exception("factdesk: could not prepare a chart")
            ack(response_type="ephemeral", text="Sorry, I could not draw that just now; it has "
                                                "been logged.")
            return
        if not chart.ok:
            extra = ("\nWhat I have: " + "; ".join(escape(s) for s in chart.suggestions)
                     if chart.suggestions else "")
            ack(response_type="ephemeral", text=escape(chart.message or "Nothing to chart.")
                + extra)
            return
        ack(response_type="ephemeral",
            text=f"Drawing *{escape(chart.title)}* ({len(chart.marks)} figures); it will be "
                 "posted in this channel.")

    return chart_ack


def make_chart_upload(deps: Deps) -> Callable[..., None]:
    """Lazy: draw the PNG and upload it to the channel the command came from."""

    def chart_upload(command: dict[str, Any], client: Any, respond: Any, context: Any,
                     logger: logging.Logger) -> None:
        from bot.charts import render_png

        try:
            chart = _chart(deps, context, command)
            if not chart.ok:
                return
            image = render_png(chart)
            client.files_upload_v2(
                channel=command.get("channel_id"), file=image, filename=chart.filename,
                title=chart.title, alt_txt=chart_alt_text(chart),
                initial_comment=escape(
                    chart.title + (f" ({chart.subtitle})" if chart.subtitle else "")
                    + f": {len(chart.marks)} figures from {len(chart.sources)} source(s)."))
        except SlackApiError as exc:
            error = exc.response.get("error") if exc.response is not None else "error"
            logger.warning("factdesk: chart upload failed: %s", error)
            respond(response_type="ephemeral", replace_original=False,
                    text=f"I could not post the chart here ({escape(str(error))}); invite me "
                         "to the channel with `/invite @factdesk` and try again.")
        except Exception:
            logger.exception("factdesk: could not draw or upload a chart")
            respond(response_type="ephemeral", replace_original=False,
                    text="Sorry, I could not draw that chart just now; it has been logged.")

    return chart_upload
