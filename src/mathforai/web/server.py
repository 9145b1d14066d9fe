"""`mathforai serve`: check what can go wrong up front, then hand over to uvicorn.

Problems a learner can fix (port in use, data directory not writable) become one
ServeError with a one-line message; the CLI prints it without a traceback.
"""

from __future__ import annotations

import errno
import os
import socket
import threading
import time
import webbrowser

from ..settings import Settings, sqlite_path

FACTORY = "mathforai.web.app:app_from_environment"


class ServeError(Exception):
    """A problem that stops the server from starting, said in one line."""


def run(settings: Settings, open_browser: bool = False) -> None:
    """Serve the course until interrupted."""
    import uvicorn

    check_port(settings.host, settings.port)
    ensure_data_dir(settings.database_url)
    check_store(settings.database_url)
    url = browser_url(settings.host, settings.port)
    print(f"Math for AI Engineers: {url}  (Ctrl+C to stop)", flush=True)
    if open_browser:
        threading.Thread(
            target=open_when_ready, args=(settings.host, settings.port, url), daemon=True
        ).start()
    if not settings.allowed_hosts.strip():
        settings = settings.model_copy(
            update={"allowed_hosts": default_allowed_hosts(settings.host)}
        )
    # Workers are separate processes: they rebuild the app from the environment,
    # so the settings travel there as MATHFORAI_* variables.
    os.environ.update(settings_environment(settings))
    from .protocol import GuardedHttpTools

    uvicorn.run(
        FACTORY,
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=max(1, settings.workers),
        log_level="warning",
        server_header=False,
        proxy_headers=False,
        # A request must arrive whole within request_read_timeout (web/protocol.py).
        http=GuardedHttpTools,
        timeout_keep_alive=settings.timeout_keep_alive,
    )


LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")


def default_allowed_hosts(bind: str) -> str:
    """Bound to loopback, only localhost names can reach us honestly: any other Host
    header is a DNS-rebinding page's. Bound elsewhere, the public name is unknown: any
    host (set MATHFORAI_ALLOWED_HOSTS to your domain)."""
    return "localhost,127.0.0.1,[::1]" if bind in LOOPBACK or bind.startswith("127.") else "*"


def check_port(host: str, port: int) -> None:
    """Raise ServeError if nothing could listen on host:port right now."""
    if not 0 < port < 65536:
        raise ServeError(f"port {port} is not a valid port number (1-65535)")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise ServeError(f"cannot use host {host!r}: {exc.strerror}") from None
    family, _, _, _, address = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        # Same option uvicorn sets, so a port in TIME_WAIT counts as free, as it will be.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(address)
        except PermissionError:
            raise ServeError(
                f"no permission to use port {port}; try --port {suggest_port(host, port)}"
            ) from None
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise ServeError(
                    f"port {port} is in use; try --port {suggest_port(host, port)}"
                ) from None
            raise ServeError(f"cannot listen on {host}:{port}: {exc.strerror}") from None


def suggest_port(host: str, port: int) -> int:
    """The next port after `port` that is free (or simply port + 1)."""
    for candidate in range(max(port + 1, 1024), min(port + 50, 65535)):
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
                sock.bind((host if host not in ("", "localhost") else "127.0.0.1", candidate))
            return candidate
        except OSError:
            continue
    return port + 1


def ensure_data_dir(database_url: str) -> None:
    """Create the directory of an sqlite:/// database file, or say why it cannot be."""
    path = sqlite_path(database_url)
    if path is None:
        return
    directory = path.parent
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ServeError(f"cannot create the data directory {directory}: {exc.strerror}") from None
    if not os.access(directory, os.W_OK):
        raise ServeError(
            f"the data directory {directory} is not writable; "
            "set MATHFORAI_DATABASE_URL to a writable location"
        )


def check_store(database_url: str) -> None:
    """Open, migrate and test-write the store once, here: a worker that cannot would
    otherwise die at start and be restarted forever."""
    from ..progress.db import StoreError, check_writable, make_engine, migrate

    try:
        engine = make_engine(database_url)
        try:
            migrate(engine)
            check_writable(engine)
        finally:
            engine.dispose()
    except StoreError as exc:
        raise ServeError(str(exc)) from None


def browser_url(host: str, port: int) -> str:
    """The address to open: a wildcard bind is still reached through localhost."""
    shown = "127.0.0.1" if host in ("", "0.0.0.0") else "[::1]" if host == "::" else host
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/"


def open_when_ready(host: str, port: int, url: str, timeout: float = 15.0) -> None:
    """Open the browser once the server accepts connections (it may take a moment)."""
    target = "127.0.0.1" if host in ("", "0.0.0.0", "::") else host
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((target, port), timeout=0.5):
                break
        except OSError:
            time.sleep(0.1)
    webbrowser.open(url)


def settings_environment(settings: Settings) -> dict[str, str]:
    """Settings as MATHFORAI_* variables, read back by app_from_environment()."""
    prefix = str(settings.model_config.get("env_prefix", "MATHFORAI_"))
    return {f"{prefix}{name}".upper(): str(value) for name, value in settings.model_dump().items()}
