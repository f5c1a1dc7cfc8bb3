"""`/facts export [topic] [csv|json|claimreview]`: the confirmed figures as a file in the
channel (CSV unless another format is named)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_sdk.errors import SlackApiError

from bot.listeners.context import Deps
from bot.render import escape
from knowledge.figure_export import FORMATS, ExportError, export_figures, render

__all__ = ["export_request", "is_export_command", "make_export_ack", "make_export_upload"]

_FORMAT_WORDS = {**{f: f for f in FORMATS}, "jsonld": "claimreview", "json-ld": "claimreview",
                 "claimreviews": "claimreview"}


def is_export_command(command: dict[str, Any]) -> bool:
    """A listener matcher: `/facts export …`."""
    words = (command.get("text") or "").split()
    return command.get("command") == "/facts" and bool(words) and words[0].lower() == "export"


def export_request(text: str) -> tuple[str | None, str]:
    """``"export troops json"`` -> ``("troops", "json")``; the format defaults to CSV.
    Raises ExportError for more than one topic word."""
    words = text.split()[1:]
    fmt = "csv"
    topics = []
    for word in words:
        if word.lower() in _FORMAT_WORDS:
            fmt = _FORMAT_WORDS[word.lower()]
        else:
            topics.append(word)
    if len(topics) > 1:
        raise ExportError("Name one topic at most, e.g. `/facts export troops` or "
                          "`/facts export troops claimreview`.")
    return (topics[0] if topics else None), fmt


def make_export_ack(deps: Deps) -> Callable[..., None]:
    """Say at once what will be exported, or why it cannot be."""

    def export_ack(ack: Any, command: dict[str, Any], context: Any,
                   logger: logging.Logger) -> None:
        try:
            topic, fmt = export_request(command.get("text") or "")
            export = export_figures(deps.store_for(context), topic=topic)
        except ExportError as exc:
            ack(response_type="ephemeral", text=escape(str(exc)))
            return
        except Exception:
            logger.exception("factdesk: could not prepare an export")
            ack(response_type="ephemeral", text="Sorry, I could not export that just now; it "
                                                "has been logged.")
            return
        what = export.topic.title if export.topic else "the whole store"
        ack(response_type="ephemeral",
            text=f"Exporting {len(export.figures)} confirmed figure(s) of {escape(what)} as "
                 f"{fmt.upper() if fmt != 'claimreview' else 'ClaimReview JSON-LD'}; the file "
                 "will be posted in this channel.")

    return export_ack


def make_export_upload(deps: Deps) -> Callable[..., None]:
    """Lazy: write the file and upload it to the channel the command came from."""

    def export_upload(command: dict[str, Any], client: Any, respond: Any, context: Any,
                      logger: logging.Logger) -> None:
        try:
            topic, fmt = export_request(command.get("text") or "")
            export = export_figures(deps.store_for(context), topic=topic)
            content, filename = render(export, fmt)
            what = export.topic.title if export.topic else "all topics"
            client.files_upload_v2(
                channel=command.get("channel_id"), content=content.encode("utf-8"),
                filename=filename, title=f"factdesk export: {what}",
                initial_comment=escape(f"{len(export.figures)} confirmed figure(s) of {what}, "
                                       f"as of {export.generated.isoformat()}."))
        except ExportError:
            return  # the ack said why
        except SlackApiError as exc:
            error = exc.response.get("error") if exc.response is not None else "error"
            logger.warning("factdesk: export upload failed: %s", error)
            respond(response_type="ephemeral", replace_original=False,
                    text=f"I could not post the file here ({escape(str(error))}); invite me "
                         "to the channel with `/invite @factdesk` and try again.")
        except Exception:
            logger.exception("factdesk: could not export")
            respond(response_type="ephemeral", replace_original=False,
                    text="Sorry, I could not export that just now; it has been logged.")

    return export_upload
