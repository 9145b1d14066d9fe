"""Idle compute workers, handed to the waiting request whose client has computed least.

With a plain first-come queue, a few clients sending expensive inputs back to back (each
within its rate limit) fill every place in the line, and a learner's 10 ms computation
waits behind seconds of theirs until it is turned away. Here a free worker goes to the
waiter whose client has used the least compute time recently (decaying with a half-life),
first come first served among equals. A learner who computes milliseconds a minute is
always near the front; a client that has used seconds waits for everyone lighter.
"""

from __future__ import annotations

import heapq
import itertools
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")

HALF_LIFE = 30.0  # seconds for a client's recorded compute time to halve
FORGET_BELOW = 1e-3  # seconds of decayed usage not worth remembering
PRUNE_AT = 10_000  # clients remembered before the negligible ones are forgotten
# A full line turns a waiter away only for a client that has computed at least this many
# seconds less, and less than half as much. Learners differ by milliseconds (by seconds,
# all alike, on a machine so busy that every task's wall time stretches): evicting among
# them is churn, one learner's 503 for another's place, while a flooder stands far above.
EVICT_MARGIN = 1.0


@dataclass(eq=False)
class Ticket(Generic[T]):
    """One request's place in the line; `item` is set when a worker is handed to it.

    Each ticket has its own condition (on the queue's one lock), so handing over a worker
    wakes the one thread it is for: with a shared condition, every put woke all 32 waiting
    threads, and their scramble for the GIL delayed the event loop in the same process."""

    client: str
    ready: threading.Condition
    item: T | None = None
    cancelled: bool = False
    evicted: bool = False  # turned away to make room for a lighter client


@dataclass
class FairQueue(Generic[T]):
    half_life: float = HALF_LIFE
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _idle: deque[T] = field(default_factory=deque)
    _line: list[tuple[float, int, Ticket[T]]] = field(default_factory=list)
    _order: itertools.count[int] = field(default_factory=itertools.count)
    _usage: dict[str, tuple[float, float]] = field(default_factory=dict)

    def qsize(self) -> int:
        """How many items are idle (no one is waiting for them)."""
        with self._lock:
            return len(self._idle)

    def put(self, item: T) -> None:
        """Return an item: to the lightest waiting client, else to the idle pool."""
        with self._lock:
            while self._line:
                _, _, ticket = heapq.heappop(self._line)
                if not ticket.cancelled:
                    ticket.item = item
                    ticket.ready.notify()
                    return
            self._idle.append(item)

    def enter(self, client: str) -> Ticket[T]:
        """Join the line (served at once when an item is idle and no one waits)."""
        ticket: Ticket[T] = Ticket(client, threading.Condition(self._lock))
        with self._lock:
            if self._idle and not self._line:
                ticket.item = self._idle.popleft()
                return ticket
            heapq.heappush(self._line, (self.usage(client), next(self._order), ticket))
        return ticket

    def wait(self, ticket: Ticket[T], timeout: float) -> T | None:
        """The item handed to this ticket within `timeout` seconds, or None."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while ticket.item is None and not ticket.evicted:
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                ticket.ready.wait(left)
            return ticket.item

    def evict_heaviest(self, lighter_than: float, client: str = "") -> bool:
        """Turn away the waiter whose client has computed most, if that is EVICT_MARGIN
        seconds more than `lighter_than` and over twice as much: the line is full, and a
        much lighter `client` asks for its place. Never one of `client`'s own waiters:
        that would only swap one of its requests for another (and a classroom behind one
        address is one client)."""
        now = time.monotonic()
        with self._lock:
            waiting = [
                (self._decayed(ticket.client, now), order, ticket)
                for _, order, ticket in self._line
                if not ticket.cancelled and ticket.client != client
            ]
            if not waiting:
                return False
            used, _, ticket = max(waiting, key=lambda entry: (entry[0], entry[1]))
            if used < max(lighter_than + EVICT_MARGIN, 2 * lighter_than):
                return False
            ticket.cancelled = ticket.evicted = True
            ticket.ready.notify()
            return True

    def leave(self, ticket: Ticket[T]) -> None:
        """Give up a place; an item handed over meanwhile goes to the next in line."""
        with self._lock:
            ticket.cancelled = True
            item, ticket.item = ticket.item, None
        if item is not None:
            self.put(item)

    def charge(self, client: str, seconds: float) -> None:
        """Record compute time used on `client`'s behalf."""
        if not client:
            return
        now = time.monotonic()
        with self._lock:
            self._usage[client] = (self._decayed(client, now) + max(0.0, seconds), now)
            if len(self._usage) > PRUNE_AT:
                self._usage = {
                    c: (used, at)
                    for c, (used, at) in self._usage.items()
                    if self._decayed(c, now) >= FORGET_BELOW
                }

    def usage(self, client: str) -> float:
        """The client's recent compute seconds, decayed to now."""
        return self._decayed(client, time.monotonic()) if client else 0.0

    def _decayed(self, client: str, now: float) -> float:
        used, at = self._usage.get(client, (0.0, now))
        return used * 0.5 ** ((now - at) / self.half_life)
