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
    # Requests that compute, per client IP in any 60 s (0: no limit); web/ratelimit.py.
    rate_limit_per_minute: int = 0
    # Where the limit's counts live: memory:// (this process) or redis://host:port/db
    # (shared by every process serving the site).
    rate_limit_storage: str = "memory://"
    # True only when every request arrives through our own TLS-terminating proxy: then its
    # X-Forwarded-Proto/-For/-Host are believed (docs/security.md).
    trust_proxy: bool = False
    max_body_bytes: int = 64 * 1024
    # Host names this server answers for, comma-separated ("*": any). Empty: decided by
    # `mathforai serve` from the address it binds (loopback → localhost names only).
    allowed_hosts: str = ""
    # Threads that run route code which waits (the database, a computation's result). Each
    # competes with the event loop for the GIL, so fewer than anyio's default of 40.
    threads: int = 12
    timeout_keep_alive: int = 5  # seconds an idle keep-alive connection is kept
    request_read_timeout: float = 10.0  # seconds for a whole request (head and body) to arrive
    # Every computation runs in a pool of worker processes (web/compute.py); these are its
    # budgets. docs/security.md lists each with the test behind it.
    compute_workers: int = 2  # worker processes per server process
    compute_timeout: float = 5.0  # seconds one computation may run before it is killed (503)
    compute_queue_wait: float = 2.0  # seconds a request may wait for a free worker (else 503)
    compute_max_pending: int = 32  # computations waiting or running at once (else 503)
    compute_per_client: int = 16  # of those, at most this many from one client (else 429)
    compute_memory_mb: int = 1024  # address space of a worker; past it: 422
    compute_result_bytes: int = 8 * 1024 * 1024  # a result larger than this: 422

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
