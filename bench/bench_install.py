"""The install, as a newcomer meets it: a fresh clone, empty package caches, `make serve`.

Measures, each from its own fresh clone with empty caches (uv's and pip's point at empty temp
folders; nothing is reused from this checkout):
- seconds from `make serve` to the first course page answering 200 (goal ≤ 60 s), with uv
  (the default) and with the pip fallback (MATHFORAI_INSTALLER=pip);
- the serve-only venv's size on disk after that first page, byte code included (≤ 250 MB);
- `make test`'s duration, from the same clone after serving (≤ 10 min): it installs the test
  tools, lints, checks the course and runs every test with `-n 2`.

Run: `python3 bench/bench_install.py [--no-test] [--no-pip]` (or `make bench-install`). It
rewrites the "install" section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import DOC, HEADER, ROOT, Goal, Section, free_port, get, write_sections

FIRST_PAGE_GOAL = 60.0
SIZE_GOAL_MB = 250.0
TEST_GOAL = 600.0
SERVE_TIMEOUT = 600.0


@dataclass
class Serve:
    installer: str
    first_page: float  # from `make serve` to the first page: the sum of the two below
    install: float  # `make serve`'s install step alone (make .venv/.runtime)
    start: float  # then `make serve` with everything installed, to the first page
    install_cpu: float  # CPU seconds (user + system) of the install step's processes
    start_cpu: float  # CPU seconds of the serving processes until the first page
    venv_mb: float
    packages: int


def clone(into: Path) -> Path:
    """A fresh clone of this checkout's HEAD (committed work only)."""
    target = into / "mathforai"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(target)], check=True)
    shared = ROOT.parent / "shared"
    if shared.is_dir() and not (into / "shared").exists():
        (into / "shared").symlink_to(shared)  # CI lays ../shared beside the clone
    return target


def empty_cache_env(scratch: Path, installer: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "UV_"))}
    env.update(
        UV_CACHE_DIR=str(scratch / "uv-cache"),
        PIP_CACHE_DIR=str(scratch / "pip-cache"),
        PIP_NO_CACHE_DIR="1",
        XDG_CACHE_HOME=str(scratch / "xdg-cache"),  # the course cache starts empty too
        MATHFORAI_INSTALLER=installer,
        MATHFORAI_DATABASE_URL=f"sqlite:///{scratch / 'progress.sqlite3'}",
    )
    env.pop("PYTHONPATH", None)
    env.pop("MATHFORAI_CACHE_DIR", None)
    return env


def measure_serve(scratch: Path, installer: str) -> tuple[Serve, Path]:
    """`make serve` in two timed halves: its install step, then serving until the first
    page (course rendering and imports included: the course cache starts empty too)."""
    repo = clone(scratch)
    port = free_port()
    env = {**empty_cache_env(scratch, installer), "MATHFORAI_PORT": str(port)}
    log = (scratch / f"serve-{installer}.log").open("wb")
    start = time.perf_counter()
    before = _children_cpu()
    subprocess.run(
        ["make", ".venv/.runtime"],
        cwd=repo,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        check=True,
    )
    install_cpu = _children_cpu() - before
    installed = time.perf_counter()
    proc = subprocess.Popen(
        ["make", "serve"],
        cwd=repo,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        first_page = _first_page(f"http://127.0.0.1:{port}/", proc, start)
        start_cpu = _group_cpu(proc.pid)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
        log.close()
    venv = repo / ".venv"
    packages = len(list(venv.glob("lib/python3*/site-packages/*.dist-info")))
    install = installed - start
    serve = Serve(
        installer,
        first_page,
        install,
        first_page - install,
        install_cpu,
        start_cpu,
        _megabytes(venv),
        packages,
    )
    return serve, repo


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _group_cpu(pgid: int) -> float:
    """CPU seconds so far of every live process in a process group (make, the server and
    its workers), from /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:  # fields after the name: state, ppid, pgrp, ...
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / tick


def _first_page(url: str, proc: subprocess.Popen[bytes], start: float) -> float:
    while time.perf_counter() - start < SERVE_TIMEOUT:
        if proc.poll() is not None:
            raise RuntimeError(f"make serve exited with code {proc.returncode}")
        try:
            if get(url, timeout=2.0)[0] == 200:
                return time.perf_counter() - start
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"no first page within {SERVE_TIMEOUT:.0f} s")


def _megabytes(path: Path) -> float:
    out = subprocess.run(["du", "-sb", str(path)], capture_output=True, text=True, check=True)
    return int(out.stdout.split()[0]) / 1e6


# `make test`'s steps, run one by one with `make -k` semantics: a step that fails (say the
# course check, while a lesson is half written) is reported, and the rest is still timed.
TEST_STEPS = (
    ("install the test tools", ["make", ".venv/.test"]),
    ("lint", ["make", "lint"]),
    ("course check", ["make", "check"]),
    ("pytest -n 2", [".venv/bin/python", "-m", "pytest", "-q", "-n", "2"]),
)


def measure_test(repo: Path, scratch: Path) -> tuple[float, str, int, float]:
    """Seconds `make test`'s steps took in all, pytest's closing line, how many steps
    failed, CPU seconds."""
    env = empty_cache_env(scratch, "uv")
    before = _children_cpu()
    start = time.perf_counter()
    failed: list[str] = []
    summary = "no pytest summary"
    with (scratch / "make-test.log").open("w") as log:
        for name, command in TEST_STEPS:
            run = subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True)
            log.write(f"== {name}: exit {run.returncode}\n{run.stdout}{run.stderr}\n")
            if run.returncode != 0:
                failed.append(name)
            closing = [
                ln for ln in run.stdout.splitlines() if re.search(r"\d+ (passed|failed)", ln)
            ]
            if closing:
                summary = closing[-1].strip("= ")
    elapsed = time.perf_counter() - start
    if failed:
        summary += f"; failed steps: {', '.join(failed)}"
    return elapsed, summary, len(failed), _children_cpu() - before


def load_average() -> str:
    return f"{os.getloadavg()[0]:.2f}"


def section(serves: list[Serve], test: tuple[float, str, int, float] | None, load: str) -> Section:
    body = [
        f"Each row: a fresh `git clone`, empty uv and pip caches, `make serve`, then GET / until "
        f"it answers 200. Machine load average when the run began: {load}.",
        "",
        "| installer | `make serve` → first page | of which: install (CPU) | of which: start, "
        "render the course, answer (CPU) | serve-only venv (after the first page) | packages |",
        "|---|---|---|---|---|---|",
        *(
            f"| {s.installer} | {s.first_page:.1f} s | {s.install:.1f} s ({s.install_cpu:.1f} s) "
            f"| {s.start:.1f} s ({s.start_cpu:.1f} s) | {s.venv_mb:.0f} MB | {s.packages} |"
            for s in serves
        ),
        "",
        "Wall-clock seconds, with the CPU seconds the step's processes used in brackets: on a "
        "shared machine the wall clock is mostly waiting for a core, and the CPU figure is "
        "what the step itself costs. Install time also includes downloading every wheel "
        "from PyPI.",
    ]
    goals = []
    uv = next((s for s in serves if s.installer == "uv"), None)
    if uv is not None:
        goals.append(
            Goal(
                "first page ≤ 60 s after `make serve` (uv)",
                f"{uv.first_page:.1f} s",
                uv.first_page <= FIRST_PAGE_GOAL,
            )
        )
        goals.append(
            Goal("serve-only venv ≤ 250 MB", f"{uv.venv_mb:.0f} MB", uv.venv_mb <= SIZE_GOAL_MB)
        )
    pip = next((s for s in serves if s.installer == "pip"), None)
    if pip is not None:
        goals.append(
            Goal(
                "first page ≤ 60 s after `make serve` (pip fallback)",
                f"{pip.first_page:.1f} s",
                pip.first_page <= FIRST_PAGE_GOAL,
            )
        )
    if test is not None:
        elapsed, closing, code, cpu = test
        body += [
            "",
            f"`make test` in the same clone (test tools installed from the lock, lint, "
            f"course check, pytest -n 2): {elapsed / 60:.1f} min wall clock, "
            f"{cpu / 60:.1f} CPU-minutes; pytest: {closing}.",
        ]
        goals.append(
            Goal(
                "`make test` ≤ 10 min",
                f"{elapsed / 60:.1f} min ({code} failed steps)",
                elapsed <= TEST_GOAL and code == 0,
            )
        )
    figures = [g for g in goals if not g.met]
    findings = [f"Missed: {g.what}: {g.figure}." for g in figures]
    return Section("install", "python3 bench/bench_install.py", body, goals, findings)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-test", action="store_true", help="skip `make test`")
    parser.add_argument("--no-pip", action="store_true", help="skip the pip-fallback row")
    args = parser.parse_args()
    load = load_average()
    serves: list[Serve] = []
    test = None
    for installer in ["uv"] if args.no_pip else ["uv", "pip"]:
        scratch = Path(tempfile.mkdtemp(prefix=f"mathforai-install-{installer}-"))
        serve, repo = measure_serve(scratch, installer)  # on failure its logs stay in scratch
        serves.append(serve)
        print(f"{installer}: first page {serve.first_page:.1f} s, venv {serve.venv_mb:.0f} MB")
        if installer == "uv" and not args.no_test:
            test = measure_test(repo, scratch)
            print(f"make test: {test[0] / 60:.1f} min, exit {test[2]}: {test[1]} ({scratch})")
            if test[2] != 0:
                continue  # keep make-test.log for a look
        shutil.rmtree(scratch, ignore_errors=True)
    if not DOC.exists():
        DOC.write_text(HEADER)
    write_sections([section(serves, test, load)])
    print(f"wrote {DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
