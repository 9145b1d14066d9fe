"""Run a coroutine to completion from a synchronous test, whatever the test's thread holds.

A pytest-xdist worker that has run a browser test keeps Playwright's sync API open for the
session, and Playwright holds that thread's event loop: `asyncio.run` there raises "cannot
be called from a running event loop". A thread of its own has no loop, so this always works.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """asyncio.run(coroutine) in a fresh thread; its result, or its exception re-raised."""
    with ThreadPoolExecutor(1, thread_name_prefix="test-aio") as thread:
        return thread.submit(asyncio.run, coroutine).result()
