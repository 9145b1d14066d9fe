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
import math
import multiprocessing
import pickle
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from . import worker as worker_module

# The fork server imports (and so warms, web/warmed.py) the engine once; workers fork from it.
PRELOAD = ["mathforai.web.warmed"]
# Until the first worker is ready (the fork server warming up, a few seconds after start),
# a request waits this long rather than `queue_wait`: a fresh server is slow, not full.
STARTUP_WAIT = 60.0


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
    nice: int = 10


@dataclass(eq=False)  # compared and hashed by identity
class _Worker:
    process: Any
    conn: Connection
    tasks: int = 0


class ComputePool:
    """A fixed number of warmed worker processes; `run` is thread-safe and blocking,
    `call` awaits it from the event loop without ever blocking the loop."""

    def __init__(self, budget: Budget) -> None:
        self.budget = budget
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._admission = threading.BoundedSemaphore(budget.max_pending)
        self._waiters = ThreadPoolExecutor(budget.max_pending, thread_name_prefix="compute")
        self._lock = threading.Lock()
        self._started = False
        self._closed = False
        self._live: set[_Worker] = set()
        self._warm = threading.Event()  # set once a worker has been ready
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
            self._discard(w, replace=not self._closed)
            return
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

    def run(self, func: Callable[..., Any], *args: Any) -> Any:
        """func(*args) in a worker: its result, or its exception re-raised here."""
        if not self._admission.acquire(blocking=False):
            raise self._busy("the server is busy with other computations")
        try:
            return self._run(func, args)
        finally:
            self._admission.release()

    async def call(self, func: Callable[..., Any], *args: Any) -> Any:
        """`run` from the event loop: the wait happens in one of the pool's own threads
        (never the loop's default ones, which pages and /healthz need)."""
        if not self._admission.acquire(blocking=False):
            raise self._busy("the server is busy with other computations")
        loop = asyncio.get_running_loop()
        try:
            future = loop.run_in_executor(self._waiters, self._run_admitted, func, args)
        except BaseException:
            self._admission.release()
            raise
        return await future

    def _run_admitted(self, func: Callable[..., Any], args: tuple[Any, ...]) -> Any:
        try:
            return self._run(func, args)
        finally:
            self._admission.release()

    def _run(self, func: Callable[..., Any], args: tuple[Any, ...]) -> Any:
        self.start()
        wait = self.budget.queue_wait if self._warm.is_set() else STARTUP_WAIT
        try:
            w = self._idle.get(timeout=wait)
        except queue.Empty:
            raise self._busy("every computation worker is busy") from None
        try:
            w.conn.send_bytes(pickle.dumps((func, args), protocol=pickle.HIGHEST_PROTOCOL))
            if not w.conn.poll(self.budget.timeout):
                self._discard(w)
                w = None
                raise ComputeUnavailable(
                    f"this computation took longer than the {_seconds(self.budget.timeout)} "
                    "budget and was stopped; try smaller values",
                    retry_after=max(1, math.ceil(self.budget.timeout)),
                    timed_out=True,
                )
            kind, payload = pickle.loads(w.conn.recv_bytes())
        except (EOFError, OSError):
            # The worker died under us (out of memory, a signal): replace it.
            if w is not None:
                self._discard(w)
                w = None
            raise ResultTooLarge("this computation needed more memory than allowed") from None
        finally:
            if w is not None:
                self._release(w)
        return _outcome(kind, payload)

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


def _kill(w: _Worker) -> None:
    with contextlib.suppress(Exception):
        w.process.kill()
    with contextlib.suppress(Exception):
        w.process.join(timeout=5)
    with contextlib.suppress(Exception):
        w.conn.close()


def _seconds(value: float) -> str:
    return f"{value:g} s"


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
