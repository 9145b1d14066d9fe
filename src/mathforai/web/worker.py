"""The inside of one compute worker process (web/compute.py starts and supervises them).

A worker reads one pickled task `(func, args)` at a time from its pipe, runs it and
sends back `("ok", result, cpu)` or `("raised", exception, cpu)`, where cpu is the CPU
seconds the task used (the parent tells a heavy request from a starved machine by it).
It never sees a request: the parent decides what a task is, how long it may take, and
kills the worker past that.

Before saying "ready", a worker lowers its own priority (a runaway computation must
not starve the event loop of CPU) and caps its memory. It is forked from a server that
ran every operation once on its example (web/warmed.py), so the first learner's request
is as fast as the thousandth.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import resource
import sys
import time
from multiprocessing.connection import Connection
from typing import Any

# Tasks ship as pickles of module-level functions: the names the pool may call.
READY = b"ready"


def main(conn: Connection, memory_bytes: int, nice: int, result_bytes: int) -> None:
    """Serve tasks from `conn` until the parent closes it (or kills us)."""
    limit_resources(memory_bytes, nice)
    conn.send_bytes(READY)
    while True:
        try:
            message = conn.recv_bytes()
        except (EOFError, OSError):
            return
        conn.send_bytes(run_task(message, result_bytes))


def run_task(message: bytes, result_bytes: int) -> bytes:
    """One task's pickled outcome; never raises (a worker outlives any bad task)."""
    began = time.process_time()
    try:
        func, args = pickle.loads(message)
        kind, payload = "ok", func(*args)
    except MemoryError:
        kind, payload = "memory", None
    except BaseException as exc:  # the parent re-raises it, where the route handles it
        kind, payload = "raised", portable(exc)
    cpu = time.process_time() - began
    try:
        data = pickle.dumps((kind, payload, cpu), protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:
        return pickle.dumps(("memory", None, cpu))
    except Exception as exc:  # an unpicklable result is a bug: report it, do not die
        return pickle.dumps(("raised", RuntimeError(f"unpicklable result: {exc!r}"), cpu))
    if len(data) > result_bytes:
        return pickle.dumps(("too_large", len(data), cpu))
    return data


def portable(exc: BaseException) -> BaseException:
    """`exc`, or a stand-in that survives pickling (the parent needs its type and text)."""
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:
        return Rebuilt(type(exc), exc.args, dict(getattr(exc, "__dict__", {})))


class Rebuilt(Exception):
    """An exception whose constructor pickle cannot call (e.g. InputError(field, message)):
    carried as class + args + attributes and rebuilt without calling __init__."""

    def __init__(self, cls: type, args: tuple[Any, ...], attrs: dict[str, Any]) -> None:
        super().__init__(cls, args, attrs)
        self.cls, self.cls_args, self.attrs = cls, args, attrs

    def rebuild(self) -> BaseException:
        exc = self.cls.__new__(self.cls)
        BaseException.__init__(exc, *self.cls_args)
        exc.__dict__.update(self.attrs)
        return exc


def limit_resources(memory_bytes: int, nice: int) -> None:
    """Cap the address space (a huge allocation raises MemoryError, not the OOM killer)
    and run below the server's priority."""
    if memory_bytes > 0:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    if nice > 0:
        with contextlib.suppress(OSError):
            os.nice(nice)
    # Deep recursion in a runaway must end in RecursionError, not a crashed C stack.
    sys.setrecursionlimit(min(sys.getrecursionlimit(), 5000))


def warm_up() -> None:
    """Import and run everything a request may need once, so no request pays for it."""
    from ..engine import OPERATIONS
    from ..practice import service  # noqa: F401  (practice tasks)
    from ..render.html import explanation_html
    from ..render.svg import figure
    from . import tasks  # noqa: F401  (what the parent sends)

    for operation in OPERATIONS.values():
        try:
            expl = operation.run(operation.example)
            explanation_html(expl)
            figure(expl)
        except Exception:  # a broken example is a test failure elsewhere, not a dead worker
            continue
    # Everything imported and warmed is here for good: the fork server's children inherit
    # it frozen, so their collections never walk sympy's and the engine's objects again.
    gc.collect()
    gc.freeze()
