"""`mathforai serve` start-up checks: a clear ServeError instead of a traceback."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from mathforai.settings import Settings
from mathforai.web.server import (
    ServeError,
    browser_url,
    check_port,
    ensure_data_dir,
    settings_environment,
    sqlite_path,
)


def test_port_in_use_is_a_one_line_error_with_a_suggestion() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(ServeError) as err:
            check_port("127.0.0.1", port)
    message = str(err.value)
    assert message.startswith(f"port {port} is in use; try --port ")
    assert "\n" not in message


def test_free_port_passes() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    check_port("127.0.0.1", port)


@pytest.mark.parametrize("port", [0, -1, 70000])
def test_impossible_port_is_an_error(port: int) -> None:
    with pytest.raises(ServeError):
        check_port("127.0.0.1", port)


def test_unknown_host_is_an_error() -> None:
    with pytest.raises(ServeError):
        check_port("no-such-host.invalid", 8000)


def test_data_directory_of_an_sqlite_url_is_created(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "er" / "progress.sqlite3"
    ensure_data_dir(f"sqlite:///{target}")
    assert target.parent.is_dir()


def test_unwritable_data_directory_is_an_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(ServeError) as err:
        ensure_data_dir(f"sqlite:///{blocker / 'progress.sqlite3'}")
    assert "data directory" in str(err.value)


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("sqlite:////var/x/p.db", Path("/var/x/p.db")),
        ("sqlite:///rel/p.db?mode=rwc", Path("rel/p.db")),
        ("sqlite+pysqlite:///a.db", Path("a.db")),
        ("sqlite:///:memory:", None),
        ("sqlite://", None),
        ("postgresql+psycopg://u@h/db", None),
    ],
)
def test_sqlite_path(url: str, path: Path | None) -> None:
    assert sqlite_path(url) == path


def test_browser_url_reaches_a_wildcard_bind_through_localhost() -> None:
    assert browser_url("0.0.0.0", 8000) == "http://127.0.0.1:8000/"
    assert browser_url("127.0.0.1", 8001) == "http://127.0.0.1:8001/"
    assert browser_url("::1", 8000) == "http://[::1]:8000/"


def test_settings_travel_to_workers_through_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    chosen = Settings(port=8123, workers=3, database_url="sqlite:////tmp/x.db")
    for key, value in settings_environment(chosen).items():
        monkeypatch.setenv(key, value)
    back = Settings()
    assert (back.port, back.workers, back.database_url) == (8123, 3, "sqlite:////tmp/x.db")
