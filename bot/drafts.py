"""A draft as Slack delivers it (mrkdwn, entities, links) turned back into plain copy."""

from __future__ import annotations

import html
import re

__all__ = ["draft_text"]

_LINK = re.compile(r"<(?:https?|mailto):[^>|]*\|([^>]*)>|<(?:https?|mailto):([^>]*)>")
_ENTITY = re.compile(r"<[@#!][^>]*>")


def draft_text(text: str) -> str:
    """Links keep their label, mentions and channel links go, entities are decoded.

    >>> draft_text("About 3,000 &lt;b&gt; troops <https://x.org|here> <@U1>")
    'About 3,000 <b> troops here '
    """
    text = _LINK.sub(lambda m: m.group(1) or m.group(2) or "", text or "")
    text = _ENTITY.sub("", text)
    return html.unescape(text)
