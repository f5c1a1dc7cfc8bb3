"""App Home: the latest headline of each topic and the size of the store."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from bot.blocks import home_view
from bot.listeners.context import Deps

__all__ = ["make_home_opened"]


def make_home_opened(deps: Deps) -> Callable[..., None]:
    """Lazy listener: publish the Home tab for the user who opened it."""

    def publish_home(event: dict[str, Any], client: Any, context: Any,
                     logger: logging.Logger) -> None:
        if event.get("tab", "home") != "home":
            return
        editor = event["user"] in deps.editors
        client.views_publish(user_id=event["user"], view=home_view(deps.store_for(context), editor=editor))

    return publish_home
