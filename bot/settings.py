"""Configuration from the environment or a .env file."""

from __future__ import annotations

from functools import lru_cache

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from knowledge.db import DEFAULT_DATABASE_URL

__all__ = ["MissingSetting", "Settings", "get_settings"]

SLACK_API_URL = "https://slack.com/api/"


class MissingSetting(RuntimeError):
    """A setting a mode needs is not set; the message names it."""


class Settings(BaseSettings):
    """Every setting factdesk reads. Secrets are SecretStr and never printed."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    database_url: str = DEFAULT_DATABASE_URL
    seeds_dir: str = Field(default="seeds", validation_alias=AliasChoices(
        "FACTDESK_SEEDS_DIR", "seeds_dir"))
    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_api_url: str = SLACK_API_URL
    port: int = 3000
    host: str = "0.0.0.0"
    factdesk_review_channel: str | None = None
    factdesk_editors: str = ""
    factdesk_timezone: str = "UTC"
    factdesk_feeds: str = ""
    factdesk_drop_dir: str | None = None
    factdesk_poll_seconds: int = 300
    slack_client_id: str | None = None
    slack_client_secret: SecretStr | None = None
    slack_scopes: str = "app_mentions:read,chat:write,chat:write.public,commands"
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
            value = getattr(self, name)
            secret = value.get_secret_value() if isinstance(value, SecretStr) else value
            if not secret:
                raise MissingSetting(f"{name.upper()} is not set (see README, Configuration).")

    def secret(self, name: str) -> str:
        """A secret's value, for handing to Slack's clients only."""
        value = getattr(self, name)
        return value.get_secret_value() if value is not None else ""


@lru_cache
def get_settings() -> Settings:
    """Settings read once per process."""
    return Settings()
