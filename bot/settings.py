"""Configuration from the environment or a .env file."""

from __future__ import annotations

from functools import lru_cache

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from knowledge.db import DEFAULT_DATABASE_URL

__all__ = ["MissingSetting", "SLACK_API_URL", "Settings", "get_settings", "mode_of"]

SLACK_API_URL = "https://slack.com/api/"


class MissingSetting(RuntimeError):
    """A setting a mode needs is not set, or settings contradict; the message names them."""


class Settings(BaseSettings):
    """Every setting factdesk reads. Secrets are SecretStr and never printed."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    database_url: str = DEFAULT_DATABASE_URL
    seeds_dir: str | None = Field(default=None, validation_alias=AliasChoices(
        "FACTDESK_SEEDS_DIR", "seeds_dir"))
    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_api_url: str = SLACK_API_URL
    port: int = 3000
    host: str = "0.0.0.0"
    web_concurrency: int = 1
    factdesk_start_timeout: float = 30.0
    factdesk_review_channel: str | None = None
    factdesk_editors: str = ""
    factdesk_timezone: str = "UTC"
    factdesk_feeds: str = ""
    factdesk_drop_dir: str | None = None
    factdesk_poll_seconds: int = 300
    slack_client_id: str | None = None
    slack_client_secret: SecretStr | None = None
    slack_scopes: str = ("app_mentions:read,channels:read,chat:write,chat:write.public,commands,"
                        "files:write,groups:read")
    factdesk_team_database_url: str | None = None

    @property
    def oauth(self) -> bool:
        """True when factdesk installs itself into several workspaces through OAuth."""
        return bool(self.slack_client_id and self.secret("slack_client_secret"))

    @property
    def editors(self) -> frozenset[str]:
        """Slack user IDs allowed to confirm, reject and correct figures."""
        return frozenset(e.strip() for e in self.factdesk_editors.split(",") if e.strip())

    @property
    def feeds(self) -> list[str]:
        """Feed URLs or files the worker polls."""
        return [f.strip() for f in self.factdesk_feeds.split(",") if f.strip()]

    def require(self, *names: str) -> None:
        """Raise MissingSetting naming the first of ``names`` that is unset."""
        for name in names:
            if not self._is_set(name):
                raise MissingSetting(f"{name.upper()} is not set (see README, Configuration).")

    def _is_set(self, name: str) -> bool:
        value = getattr(self, name)
        return bool(value.get_secret_value() if isinstance(value, SecretStr) else value)

    def problems(self, mode: str) -> list[str]:
        """Every missing or contradictory setting for ``mode`` (http, socket, oauth, console,
        worker), one line each with what to do."""
        out: list[str] = []
        needed = {"http": ("slack_bot_token", "slack_signing_secret"),
                  "socket": ("slack_bot_token", "slack_app_token"),
                  "oauth": ("slack_signing_secret", "slack_client_id", "slack_client_secret")}
        for name in needed.get(mode, ()):
            if not self._is_set(name):
                out.append(f"{name.upper()} is not set (see README, Configuration).")
        bot, app_token = self.secret("slack_bot_token"), self.secret("slack_app_token")
        if bot and not bot.startswith("xoxb-"):
            kind = "an app-level token" if bot.startswith("xapp-") else "not a bot token"
            out.append(f"SLACK_BOT_TOKEN is {kind}: use the Bot User OAuth Token (xoxb-…) "
                       "from OAuth & Permissions.")
        if app_token and not app_token.startswith("xapp-"):
            out.append("SLACK_APP_TOKEN is not an app-level token: create one (xapp-…) with "
                       "connections:write under Basic Information, App-Level Tokens.")
        if bool(self.slack_client_id) != bool(self.secret("slack_client_secret")):
            given, missing = (("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET") if self.slack_client_id
                              else ("SLACK_CLIENT_SECRET", "SLACK_CLIENT_ID"))
            out.append(f"{given} is set but {missing} is not: set both for installs into "
                       "several workspaces, or neither.")
        if mode == "socket" and self.oauth:
            out.append("Socket Mode serves one workspace: unset SLACK_CLIENT_ID and "
                       "SLACK_CLIENT_SECRET, or serve over HTTP (factdesk serve).")
        if not self.slack_api_url.startswith(("https://", "http://")):
            out.append(f"SLACK_API_URL {self.slack_api_url!r} is not an http(s) URL: leave it "
                       f"unset for {SLACK_API_URL}.")
        try:
            from zoneinfo import ZoneInfo

            ZoneInfo(self.factdesk_timezone)
        except (ValueError, KeyError, OSError):
            out.append(f"FACTDESK_TIMEZONE {self.factdesk_timezone!r} is not a time zone: use a "
                       "name such as Europe/London or UTC.")
        if not 0 <= self.port < 65536:
            out.append(f"PORT {self.port} is not a port number (1-65535, or 0 for any free one).")
        if self.web_concurrency < 1:
            out.append(f"WEB_CONCURRENCY {self.web_concurrency} must be at least 1.")
        if self.factdesk_team_database_url and "{team}" not in self.factdesk_team_database_url:
            out.append("FACTDESK_TEAM_DATABASE_URL must contain {team}, e.g. "
                       "sqlite:///var/teams/{team}.db.")
        return out

    def check(self, mode: str) -> None:
        """Raise MissingSetting with the first problem for ``mode``."""
        problems = self.problems(mode)
        if problems:
            raise MissingSetting(problems[0])

    def secret(self, name: str) -> str:
        """A secret's value, for handing to Slack's clients only."""
        value = getattr(self, name)
        return value.get_secret_value() if value is not None else ""


def mode_of(settings: Settings) -> str:
    """How `factdesk run` connects: socket, oauth, http or (no Slack settings) console."""
    if settings.secret("slack_app_token"):
        return "socket"
    if settings.oauth:
        return "oauth"
    if settings.secret("slack_bot_token") or settings.secret("slack_signing_secret"):
        return "http"
    return "console"


@lru_cache
def get_settings() -> Settings:
    """Settings read once per process."""
    return Settings()
