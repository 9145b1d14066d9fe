"""Settings from the environment (MATHFORAI_*), with defaults that need no configuration."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_dir
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_database_url() -> str:
    data = Path(user_data_dir("mathforai", appauthor=False))
    return f"sqlite:///{data / 'progress.sqlite3'}"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MATHFORAI_")

    database_url: str = Field(default_factory=default_database_url)
    secret_key: str = ""
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    rate_limit_per_minute: int = 0
    # True only when every request arrives through our own TLS-terminating proxy: then its
    # X-Forwarded-Proto/-For/-Host are believed (docs/security.md).
    trust_proxy: bool = False
    max_body_bytes: int = 64 * 1024

    def data_dir(self) -> Path:
        """Where local state lives: beside an SQLite database, else the user data folder."""
        path = sqlite_path(self.database_url)
        return path.parent if path else Path(user_data_dir("mathforai", appauthor=False))


def sqlite_path(database_url: str) -> Path | None:
    """The file of an sqlite:/// URL (None for memory databases and other engines)."""
    prefix, sep, rest = database_url.partition(":///")
    if not sep or not prefix.startswith("sqlite"):
        return None
    rest = rest.split("?", 1)[0]
    if not rest or rest == ":memory:":
        return None
    return Path(rest).expanduser()
