"""Configuration from the environment or a .env file."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from knowledge.db import DEFAULT_DATABASE_URL

__all__ = ["Settings", "get_settings"]


class Settings(BaseSettings):
    """Every setting factdesk reads; secrets are never printed."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    database_url: str = Field(default=DEFAULT_DATABASE_URL)
    seeds_dir: str = Field(default="seeds", alias="FACTDESK_SEEDS_DIR")
    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_api_url: str = "https://slack.com/api/"
    port: int = 3000


@lru_cache
def get_settings() -> Settings:
    """Settings read once per process."""
    return Settings()
