"""Every computation runs here: a bounded pool of worker processes with a hard time budget.

The engine is pure Python and sympy; one pathological input (x^x at 1e12) can compute
for hours, and in-process nothing can stop it. So no route computes on the event loop
or in its threads: it sends `(func, args)` to a warmed worker process (web/worker.py)
and waits at most `timeout` seconds. Past that the worker is killed (SIGKILL: the
computation is in C as often as not) and a fresh one replaces it in the background.

Admission is bounded too: at most `max_pending` computations wait or run at once,
and a request that cannot get a worker within `queue_wait` seconds is turned away.
Both refusals are `ComputeUnavailable`, answered 503 with Retry-After (web/app.py).
Workers come from a fork server that has already imported the engine, so replacing
a killed worker costs milliseconds, not a second of imports.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import logging
import math
import multiprocessing
import os
import pickle
import sys
import threading
import time
import types
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from . import worker as worker_module
from .fairqueue import FairQueue

log = logging.getLogger("mathforai.compute")

# The fork server imports (and so warms, web/warmed.py) the engine once; workers fork from it.
PRELOAD = ["mathforai.web.warmed"]
# Until the first worker is ready (the fork server warming up, a few seconds after start),
# a request waits this long rather than `queue_wait`: a fresh server is slow, not full.
STARTUP_WAIT = 60.0
# Fairness. A learner's computation takes milliseconds. One that has run SLOW seconds while
# another request waits for a worker is stopped (preempted) to free its worker, and its
# client is SUSPECT for SUSPECT_FOR seconds: its computations may then hold at most half
# the workers, and never preempt anyone. So a client sending runaway inputs costs the
# others one SLOW at most, once, and then only competes with itself.
SLOW = 1.0
PREEMPT_AFTER = 0.2  # seconds a request waits before it may preempt
SUSPECT_FOR = 60.0
# A request that finds every place taken may turn away a heavier client's waiting request;
# it then waits this long for the place that frees.
ROOM_WAIT = 1.0
RESPAWN_BACKOFF = (0.5, 30.0)  # a worker that fails to start is retried after this, doubling


class ComputeUnavailable(Exception):
    """Refused or cut short for lack of time or capacity: retry after `retry_after` s."""

    def __init__(self, message: str, retry_after: int, timed_out: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after
        self.timed_out = timed_out


class ResultTooLarge(Exception):
    """The computation finished, but its result (or its memory) passed the budget."""


@dataclass(frozen=True)
class Budget:
    """The limits one pool enforces (settings.py documents each)."""

    workers: int = 2
    timeout: float = 5.0
    queue_wait: float = 2.0
    max_pending: int = 32
    memory_mb: int = 1024
    result_bytes: int = 8 * 1024 * 1024
    max_tasks: int = 2000
    nice: int = 5


@dataclass(eq=False)  # compared and hashed by identity
class _Worker:
    process: Any
    conn: Connection
    tasks: int = 0
    busy_since: float | None = None  # when its current task was sent
    preempted: bool = False
    cpu_done: float = 0.0  # CPU seconds its finished tasks used, as it reported them


class ComputePool:
    """A fixed number of warmed worker processes; `run` is thread-safe and blocking,
    `call` awaits it from the event loop without ever blocking the loop."""

    def __init__(self, budget: Budget) -> None:
        self.budget = budget
        # Handed out lightest client first, not first come (web/fairqueue.py).
        self._idle: FairQueue[_Worker] = FairQueue()
        self._admission = threading.BoundedSemaphore(budget.max_pending)
        self._waiters = ThreadPoolExecutor(budget.max_pending, thread_name_prefix="compute")
        self._lock = threading.Lock()
        self._started = False
        self._closed = False
        self._live: set[_Worker] = set()
        self._warm = threading.Event()  # set once a worker has been ready
        self._suspects: dict[str, float] = {}  # client → until when
        self._suspect_slots = threading.BoundedSemaphore(max(1, budget.workers // 2))
        self._backoff = RESPAWN_BACKOFF[0]
        self.replaced = 0  # workers killed past the budget (or lost) and started anew

    # ---- life cycle --------------------------------------------------------------------

    def start(self) -> None:
        """Start the workers (idempotent); they report ready in the background."""
        with self._lock:
            if self._started or self._closed:
                return
            self._started = True
        for _ in range(max(1, self.budget.workers)):
            self._spawn_later()

    @property
    def warm(self) -> bool:
        """True once a worker has been ready: computations are answered at full speed."""
        return self._warm.is_set()

    def wait_ready(self, timeout: float = 30.0) -> bool:
        """Block until every worker is idle (tests and benchmarks use this)."""
        self.start()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._idle.qsize() >= max(1, self.budget.workers):
                return True
            time.sleep(0.02)
        return False

    def close(self) -> None:
        with self._lock:
            self._closed = True
            live = list(self._live)
        for w in live:
            _kill(w)
        self._waiters.shutdown(wait=False, cancel_futures=True)

    def _spawn_later(self) -> None:
        threading.Thread(target=self._spawn, name="compute-spawn", daemon=True).start()

    def _spawn(self) -> None:
        ctx = _context()
        parent, child = ctx.Pipe(duplex=True)
        b = self.budget
        process = ctx.Process(
            target=worker_module.main,
            args=(child, b.memory_mb * 1024 * 1024, b.nice, b.result_bytes),
            daemon=True,
            name="mathforai-compute",
        )
        with _main_hidden():
            process.start()
        child.close()
        w = _Worker(process, parent)
        with self._lock:
            if self._closed:
                _kill(w)
                return
            self._live.add(w)
        # Warm-up runs every operation once; a worker that cannot is replaced.
        ready = parent.poll(120.0) and _recv(parent) == worker_module.READY
        if not ready:
            # Never a tight loop of failing starts: wait longer each time.
            log.error("a compute worker failed to start; retrying in %.1f s", self._backoff)
            time.sleep(self._backoff)
            self._backoff = min(self._backoff * 2, RESPAWN_BACKOFF[1])
            self._discard(w, replace=not self._closed)
            return
        self._backoff = RESPAWN_BACKOFF[0]
        self._idle.put(w)
        self._warm.set()

    def _discard(self, w: _Worker, replace: bool = True) -> None:
        _kill(w)
        with self._lock:
            self._live.discard(w)
            closed = self._closed
        if replace and not closed:
            self.replaced += 1
            self._spawn_later()

    # ---- running tasks -----------------------------------------------------------------

    def run(self, func: Callable[..., Any], *args: Any, client: str = "") -> Any:
        """func(*args) in a worker: its result, or its exception re-raised here.
        `client` (an IP) is whom to hold responsible for a runaway."""
        if not self._admission.acquire(blocking=False):
            self._make_room(client)
            # A place frees whenever any computation ends (milliseconds, at full load).
            if not self._admission.acquire(timeout=ROOM_WAIT):
                raise self._busy("the server is busy with other computations")
        try:
            return self._run(func, args, client)
        finally:
            self._admission.release()

    async def call(self, func: Callable[..., Any], *args: Any, client: str = "") -> Any:
        """`run` from the event loop: the wait happens in one of the pool's own threads
        (never the loop's default ones, which pages and /healthz need)."""
        if not await self._admit(client):
            raise self._busy("the server is busy with other computations")
        loop = asyncio.get_running_loop()
        try:
            future = loop.run_in_executor(self._waiters, self._run_admitted, func, args, client)
        except BaseException:
            self._admission.release()
            raise
        return await future

    def _make_room(self, client: str) -> bool:
        """Every place is taken: turn away the heaviest client's waiting request if this
        client has computed less (its place frees as that request returns its 503)."""
        return self._idle.evict_heaviest(self._idle.usage(client), client)

    async def _admit(self, client: str) -> bool:
        """A place among the `max_pending`, without blocking the event loop: looked for
        again after 2, 4, 8… ms (at most every 50 ms), so a crowd of waiting requests
        wakes the loop some 25 times a second each, not 500."""
        if self._admission.acquire(blocking=False):
            return True
        self._make_room(client)
        deadline = time.monotonic() + ROOM_WAIT
        pause = 0.002
        while time.monotonic() < deadline:
            await asyncio.sleep(pause)
            if self._admission.acquire(blocking=False):
                return True
            pause = min(pause * 2, 0.05)
        return False

    def _run_admitted(self, func: Callable[..., Any], args: tuple[Any, ...], client: str) -> Any:
        try:
            return self._run(func, args, client)
        finally:
            self._admission.release()

    def suspect(self, client: str) -> bool:
        until = self._suspects.get(client)
        if until is None:
            return False
        if until < time.monotonic():
            self._suspects.pop(client, None)
            return False
        return True

    def _run(self, func: Callable[..., Any], args: tuple[Any, ...], client: str) -> Any:
        self.start()
        suspect = self.suspect(client)
        deadline = time.monotonic() + (
            self.budget.queue_wait if self._warm.is_set() else STARTUP_WAIT
        )
        # A suspect never queues: it would hold an admission slot others need.
        if suspect and not self._suspect_slots.acquire(blocking=False):
            raise self._busy("your earlier computations ran too long; others go first")
        try:
            w = self._acquire(deadline, may_preempt=not suspect, client=client)
            began = time.monotonic()
            cpu: float | None = None  # stays None when the worker was stopped or died
            try:
                kind, payload, cpu = self._execute(w, func, args)
                w.cpu_done += cpu
                return _outcome(kind, payload)
            finally:
                took = time.monotonic() - began
                self._idle.charge(client, took)  # the worker was theirs for `took` seconds
                # Suspect: a computation that used SLOW seconds of CPU, or was stopped after
                # running that long. Not one that took long because the machine was busy
                # (a 100 ms exercise can take a second of wall time while tests or other
                # servers share the cores, and a whole classroom may share one address).
                if client and (cpu if cpu is not None else took) > SLOW:
                    self._suspects[client] = time.monotonic() + SUSPECT_FOR
        finally:
            if suspect:
                self._suspect_slots.release()

    def _acquire(self, deadline: float, may_preempt: bool, client: str = "") -> _Worker:
        """An idle worker by `deadline`, waiting behind lighter clients only; past
        PREEMPT_AFTER, a well-behaved request stops a computation that has run SLOW
        seconds to get one."""
        ticket = self._idle.enter(client)
        try:
            return self._wait_for_worker(ticket, deadline, may_preempt)
        except BaseException:
            # Whatever went wrong, the place is given up: a ticket left in the line would
            # be handed the next free worker, and that worker would be lost to everyone.
            self._idle.leave(ticket)
            raise

    def _wait_for_worker(self, ticket: Any, deadline: float, may_preempt: bool) -> _Worker:
        waited_from = time.monotonic()
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise self._busy("every computation worker is busy")
            w = self._idle.wait(ticket, min(left, PREEMPT_AFTER))
            if w is not None:
                return w
            if ticket.evicted:
                raise self._busy("clients who have computed less go first")
            if may_preempt and time.monotonic() - waited_from >= PREEMPT_AFTER:
                self._preempt_slowest()

    def _preempt_slowest(self) -> None:
        now = time.monotonic()
        with self._lock:
            slow: list[tuple[float, _Worker]] = []
            for w in self._live:
                since = w.busy_since  # read once: its task may end at any moment
                if since is None or w.preempted or now - since < SLOW:
                    continue
                if _ran_slow(w):
                    slow.append((since, w))
            if not slow:
                return
            since, victim = min(slow, key=lambda entry: entry[0])
            if victim.busy_since != since:
                return  # that task has just ended: nothing to stop
            victim.preempted = True
        with contextlib.suppress(Exception):
            victim.process.kill()  # its waiting thread sees EOF, and replaces it

    def _execute(
        self, w: _Worker | None, func: Callable[..., Any], args: tuple[Any, ...]
    ) -> tuple[str, Any, float]:
        """(kind, payload, CPU seconds) from the worker; ComputeUnavailable when it was
        stopped, ResultTooLarge when it died of its memory cap."""
        assert w is not None
        try:
            w.conn.send_bytes(pickle.dumps((func, args), protocol=pickle.HIGHEST_PROTOCOL))
            w.busy_since = time.monotonic()
            if not w.conn.poll(self.budget.timeout):
                self._discard(w)
                w = None
                raise self._stopped(
                    f"this computation took longer than the {_seconds(self.budget.timeout)} "
                    "budget and was stopped; try smaller values"
                )
            kind, payload, cpu = pickle.loads(w.conn.recv_bytes())
        except (EOFError, OSError):
            # The worker died under us: preempted, out of memory, or a signal. Replace it.
            preempted = w is not None and w.preempted
            if w is not None:
                self._discard(w)
                w = None
            if preempted:
                raise self._stopped(
                    f"this computation ran over {_seconds(SLOW)} while others waited, and "
                    "was stopped; try smaller values"
                ) from None
            raise ResultTooLarge("this computation needed more memory than allowed") from None
        finally:
            if w is not None:
                w.busy_since = None
                self._release(w)
        return kind, payload, cpu

    def _stopped(self, message: str) -> ComputeUnavailable:
        return ComputeUnavailable(
            message, retry_after=max(1, math.ceil(self.budget.timeout)), timed_out=True
        )

    def _release(self, w: _Worker) -> None:
        w.tasks += 1
        if w.tasks >= self.budget.max_tasks:
            # Recycled now and then: caches (sympy's among them) never grow without bound.
            self._discard(w)
            return
        self._idle.put(w)

    def _busy(self, message: str) -> ComputeUnavailable:
        return ComputeUnavailable(
            f"{message}; try again in a moment", retry_after=max(1, math.ceil(self.budget.timeout))
        )


def _outcome(kind: str, payload: Any) -> Any:
    if kind == "ok":
        return payload
    if kind == "raised":
        if isinstance(payload, worker_module.Rebuilt):
            raise payload.rebuild()
        raise payload
    if kind == "memory":
        raise ResultTooLarge("this computation needed more memory than allowed; try smaller values")
    raise ResultTooLarge("the result is too large to send; try smaller values")


def _recv(conn: Connection) -> bytes | None:
    try:
        return conn.recv_bytes()
    except (EOFError, OSError):
        return None


def _ran_slow(w: _Worker) -> bool:
    """Whether the current task has used SLOW seconds of CPU (of wall time, where the CPU
    time cannot be read)."""
    cpu = _task_cpu(w)
    return cpu is None or cpu >= SLOW


def _task_cpu(w: _Worker) -> float | None:
    """CPU seconds the worker's current task has used so far (its process's CPU time less
    what its finished tasks reported), or None where /proc cannot tell. A task that ran
    long only because a busy machine gave its worker little CPU is no runaway, and
    stopping it would throw its work away (docs/security.md, Server budgets)."""
    try:
        fields = Path(f"/proc/{w.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError, ValueError, AttributeError):
        return None
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks - w.cpu_done


def _kill(w: _Worker) -> None:
    with contextlib.suppress(Exception):
        w.process.kill()
    with contextlib.suppress(Exception):
        w.process.join(timeout=5)
    with contextlib.suppress(Exception):
        w.conn.close()


def _seconds(value: float) -> str:
    return f"{value:g} s"


@contextlib.contextmanager
def _main_hidden() -> Iterator[None]:
    """Start a worker without the parent's __main__: multiprocessing would have the child
    re-run the parent's main script (the `mathforai` console script, pytest's), or fail
    outright when there is none on disk (`python -`). A worker needs nothing from it."""
    main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        sys.modules["__main__"] = main


_CONTEXT: Any = None
_CONTEXT_LOCK = threading.Lock()


def _context() -> Any:
    """The fork server context, with the engine preloaded (shared by every pool here)."""
    global _CONTEXT
    with _CONTEXT_LOCK:
        if _CONTEXT is None:
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload(PRELOAD)
            _CONTEXT = ctx
        return _CONTEXT


# One pool per process and budget: apps built with the same settings (tests, or a
# worker that builds its app twice) share their workers.
_POOLS: dict[Budget, ComputePool] = {}
_POOLS_LOCK = threading.Lock()


def shared_pool(budget: Budget) -> ComputePool:
    with _POOLS_LOCK:
        pool = _POOLS.get(budget)
        if pool is None:
            pool = _POOLS[budget] = ComputePool(budget)
        return pool


@atexit.register
def _close_all() -> None:
    for pool in list(_POOLS.values()):
        pool.close()
