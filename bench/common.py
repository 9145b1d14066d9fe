"""What every benchmark shares: servers in subprocesses, the machine, and docs/benchmarks.md.

Each benchmark returns a `Section`; `write_sections` puts it into docs/benchmarks.md between
markers, so one script can refresh its own section and run_all.py can rewrite them all.
"""

from __future__ import annotations

import datetime
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from importlib.util import find_spec
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
DOC = ROOT / "docs" / "benchmarks.md"
PYTHON = sys.executable
# The console script next to this interpreter: the command a learner runs.
MATHFORAI = str(Path(PYTHON).with_name("mathforai"))

ORDER = ("throughput", "explain", "browser", "startup", "load", "install", "labs", "soak")
TITLES = {
    "throughput": "1. Lesson-page throughput",
    "explain": "2. `/api/explain/{op}` server time",
    "browser": "3. In the browser: page weight and widget latency",
    "startup": "4. Cold start and memory",
    "load": "5. Load: 200 learners for 60 s (`make load`)",
    "install": "6. Install: fresh clone to first page, venv size, `make test`",
    "labs": "7. Labs: one sentence through the encoder, and its memory",
    "soak": "8. Soak: the worst inputs mixed with learners for 2 minutes (`make load`)",
}


@dataclass
class Goal:
    what: str
    figure: str
    met: bool

    def row(self) -> str:
        verdict = "**met**" if self.met else "**missed**"
        return f"| {self.what} | {self.figure} | {verdict} |"


@dataclass
class Section:
    key: str
    command: str
    body: list[str]
    goals: list[Goal] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)

    def markdown(self) -> str:
        lines = [
            f"<!-- bench:{self.key} -->",
            f"## {TITLES[self.key]}",
            "",
            f"Reproduce: `{self.command}`  ",
            f"Machine: {machine()}  ",
            f"Date: {today()}",
            "",
            *self.body,
            "",
            "| goal | measured | |",
            "|---|---|---|",
            *(goal.row() for goal in self.goals),
        ]
        if self.findings:
            lines += ["", "Findings:", "", *(f"- {finding}" for finding in self.findings)]
        lines.append(f"<!-- /bench:{self.key} -->")
        return "\n".join(lines)


def today() -> str:
    return datetime.date.today().isoformat()


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    http = "httptools" if find_spec("httptools") else "h11"
    loop = "uvloop" if find_spec("uvloop") else "asyncio"
    try:
        server = f"uvicorn {version('uvicorn')} ({http}, {loop})"
    except PackageNotFoundError:  # bench_install runs on the system Python, before any venv
        server = "uvicorn from the project's venv"
    return (
        f"{os.cpu_count()} cores ({cpu}), Linux {platform.release()}, "
        f"Python {platform.python_version()}, {server}"
    )


HEADER = """# Benchmarks

Measured figures for the web app, each beside a peer measured in the same run on the same
machine, so the ratio means something even where the absolute numbers move from machine to
machine. `make bench` (`.venv/bin/python bench/run_all.py`) runs them all and rewrites this
page; each `bench/bench_*.py` alone refreshes its own section. Do not edit between the
`bench:` markers by hand.

The machine is shared (other jobs may run during a benchmark): each section gives the load
average when it began. Ratios to a peer measured in the same run, rounds that alternate
between the servers, and CPU-time figures beside wall-clock ones keep that noise visible.
"""


def write_sections(sections: Sequence[Section], doc: Path = DOC) -> None:
    """Replace these sections in the doc (or the whole doc when it has none of them)."""
    text = doc.read_text() if doc.exists() else ""
    if not text.strip():
        text = HEADER
    for section in sections:
        pattern = re.compile(
            rf"<!-- bench:{section.key} -->.*?<!-- /bench:{section.key} -->", re.DOTALL
        )
        if pattern.search(text):
            text = pattern.sub(lambda _m, s=section: s.markdown(), text)
        else:
            text = text.rstrip("\n") + "\n\n" + section.markdown() + "\n"
    doc.parent.mkdir(parents=True, exist_ok=True)
    doc.write_text(_in_order(text))


def _in_order(text: str) -> str:
    """The doc with its sections in benchmark order, whatever order they were written in."""
    found = {
        key: match.group(0)
        for key in ORDER
        if (match := re.search(rf"<!-- bench:{key} -->.*?<!-- /bench:{key} -->", text, re.DOTALL))
    }
    head = text
    for block in found.values():
        head = head.replace(block, "")
    head = re.sub(r"\n{3,}", "\n\n", head).rstrip("\n")
    return "\n\n".join([head, *(found[key] for key in ORDER if key in found)]) + "\n"


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) by the nearest-rank method: a value that was measured."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def get(url: str, timeout: float = 30.0) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def wait_for(url: str, proc: subprocess.Popen[bytes], timeout: float = 60.0) -> float:
    """Poll until `url` answers 200; the seconds it took from now."""
    start = time.perf_counter()
    deadline = start + timeout
    while time.perf_counter() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with code {proc.returncode}")
        try:
            if get(url, timeout=1.0)[0] == 200:
                return time.perf_counter() - start
        except OSError:
            pass
        time.sleep(0.005)
    raise RuntimeError(f"no answer from {url} within {timeout:.0f} s")


def data_env(directory: Path) -> dict[str, str]:
    """The environment for a server that keeps its data in `directory` and nowhere else."""
    return {**os.environ, "MATHFORAI_DATABASE_URL": f"sqlite:///{directory / 'progress.sqlite3'}"}


def ours_command(port: int) -> list[str]:
    return [MATHFORAI, "serve", "--port", str(port)]


def bare_command(port: int) -> list[str]:
    """The peer: bare_app.py under uvicorn, with the same flags `mathforai serve` passes."""
    return [
        PYTHON,
        "-m",
        "uvicorn",
        "bare_app:app",
        "--app-dir",
        str(BENCH),
        "--port",
        str(port),
        "--log-level",
        "warning",
        "--no-server-header",
    ]


@dataclass
class Server:
    proc: subprocess.Popen[bytes]
    url: str
    ready_after: float


@contextmanager
def serving(
    command: list[str], port: int, env: dict[str, str], ready_path: str = "/healthz"
) -> Iterator[Server]:
    """Start a server, wait until `ready_path` answers 200, stop it afterwards."""
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile() as log:
        started = time.perf_counter()
        proc = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            try:
                wait_for(url + ready_path, proc)
            except RuntimeError:
                log.seek(0)
                sys.stderr.write(log.read().decode("utf-8", "replace")[-2000:])
                raise
            yield Server(proc, url, time.perf_counter() - started)
        finally:
            stop(proc)


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def heaviest_lesson(base_url: str) -> tuple[str, bytes]:
    """The lesson whose page is largest, and that page, as the server sends it."""
    import json

    status, body = get(base_url + "/api/topics")
    if status != 200:
        raise RuntimeError(f"/api/topics answered {status}")
    heaviest = ("", b"")
    for topic in json.loads(body):
        status, page = get(base_url + topic["url"])
        if status == 200 and len(page) > len(heaviest[1]):
            heaviest = (topic["url"], page)
    return heaviest


def rss_kib(pid: int) -> int:
    """VmRSS of one process, in KiB (0 if it is gone)."""
    return _proc_kib(f"/proc/{pid}/status", "VmRSS:")


def _proc_kib(path: str, key: str) -> int:
    """The KiB figure on the line of a /proc file that starts with `key` (0 if none)."""
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(key):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def process_tree(pid: int) -> list[int]:
    """pid and all its descendants (workers, if `serve` ever forks any)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            # The command name may hold spaces or parentheses: split after the last ')'.
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        todo.extend(children.get(current, []))
    return tree


def tree_cpu_seconds(pid: int) -> float:
    """User + system CPU time used so far by the process and its descendants."""
    ticks = 0
    for member in process_tree(pid):
        try:
            fields = Path(f"/proc/{member}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def pss_kib(pid: int) -> int:
    """Proportional set size of one process in KiB: each shared page split between the
    processes sharing it (0 if it is gone); its RSS where the kernel does not say."""
    return _proc_kib(f"/proc/{pid}/smaps_rollup", "Pss:") or rss_kib(pid)


def tree_rss(pid: int) -> int:
    """Memory in bytes of the process and its descendants, as PSS: the compute workers are
    forked from one preloaded server and share most of their pages with it, so summing
    their RSS would count those pages three or four times."""
    return sum(pss_kib(p) for p in process_tree(pid)) * 1024


def mb(size: float) -> str:
    """Bytes in decimal megabytes (the unit of the goals), with MiB beside them."""
    return f"{size / 1e6:.0f} MB ({size / 2**20:.0f} MiB)"


def kb(size: float) -> str:
    return f"{size / 1000:.1f} KB"


def our_app(directory: Path) -> Any:
    """Our app, built in this process, keeping its data in `directory`."""
    from mathforai.settings import Settings
    from mathforai.web.app import create_app

    return create_app(Settings(database_url=f"sqlite:///{directory / 'progress.sqlite3'}"))


async def asgi_call(
    app: Any, method: str, path: str, body: bytes = b"", headers: Sequence[tuple[bytes, bytes]] = ()
) -> tuple[int, bytes]:
    """One request straight into an ASGI app, no sockets: what the server itself spends."""
    path, _, query = path.partition("?")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [
            (b"host", b"127.0.0.1"),
            (b"content-length", str(len(body)).encode()),
            (b"content-type", b"application/json"),
            *headers,
        ],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
        "state": {},
    }
    pending = [{"type": "http.request", "body": body, "more_body": False}]
    status, chunks = 0, []

    async def receive() -> dict[str, Any]:
        return pending.pop() if pending else {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, send)
    return status, b"".join(chunks)


def load_average() -> str:
    """The 1-minute load average: other work on the machine shows here."""
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        return "?"
