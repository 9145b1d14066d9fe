"""The compute line: a free worker goes to the client that has computed least recently."""

from __future__ import annotations

import threading
import time

from hypothesis import given
from hypothesis import strategies as st

from mathforai.web.fairqueue import FairQueue


def test_an_idle_item_is_handed_out_at_once() -> None:
    line: FairQueue[str] = FairQueue()
    line.put("worker")
    ticket = line.enter("learner")
    assert line.wait(ticket, 0) == "worker"
    assert line.qsize() == 0


def test_a_light_client_is_served_before_a_heavy_one_that_came_first() -> None:
    line: FairQueue[str] = FairQueue()
    line.charge("flooder", 30.0)
    line.charge("learner", 0.01)
    heavy = line.enter("flooder")
    light = line.enter("learner")
    line.put("worker")
    assert line.wait(light, 0) == "worker"
    assert line.wait(heavy, 0.01) is None


@given(st.lists(st.sampled_from(["a", "b", "c"]), min_size=1, max_size=12))
def test_equals_are_served_first_come_first_served(clients: list[str]) -> None:
    line: FairQueue[int] = FairQueue()
    tickets = [line.enter(c) for c in clients]
    for item in range(len(tickets)):
        line.put(item)
    assert [line.wait(t, 0) for t in tickets] == list(range(len(tickets)))


def test_giving_up_passes_a_handed_over_item_to_the_next_in_line() -> None:
    line: FairQueue[str] = FairQueue()
    first, second = line.enter("a"), line.enter("b")
    line.put("worker")  # handed to `first`, which has already timed out
    line.leave(first)
    assert line.wait(second, 0) == "worker"


def test_a_waiter_is_woken_when_an_item_comes_back() -> None:
    line: FairQueue[str] = FairQueue()
    ticket = line.enter("learner")
    threading.Timer(0.05, line.put, args=("worker",)).start()
    began = time.monotonic()
    assert line.wait(ticket, 5.0) == "worker"
    assert time.monotonic() - began < 2.0


def test_usage_decays_so_a_past_flood_is_forgiven() -> None:
    line: FairQueue[str] = FairQueue(half_life=0.1)
    line.charge("client", 8.0)
    time.sleep(0.3)
    assert line.usage("client") < 2.0
    assert line.usage("") == 0.0  # internal work is never charged


def test_a_full_line_turns_away_its_heaviest_waiter_for_a_lighter_client() -> None:
    line: FairQueue[str] = FairQueue()
    line.charge("flooder", 20.0)
    line.charge("other", 5.0)
    flooder, other = line.enter("flooder"), line.enter("other")
    assert line.evict_heaviest(lighter_than=line.usage("learner"))
    assert flooder.evicted and line.wait(flooder, 0) is None
    assert not other.evicted
    line.put("worker")  # the evicted ticket is skipped
    assert line.wait(other, 0) == "worker"


def test_no_one_is_turned_away_for_a_heavier_client() -> None:
    line: FairQueue[str] = FairQueue()
    line.charge("flooder", 20.0)
    line.charge("learner", 0.01)
    waiting = line.enter("learner")
    assert not line.evict_heaviest(lighter_than=line.usage("flooder"))
    assert not waiting.evicted


def test_learners_a_few_milliseconds_apart_do_not_evict_one_another() -> None:
    """At full load the line holds learners who have computed a little more or less than
    each other: turning one away for another is only churn, so the newcomer waits."""
    line: FairQueue[str] = FairQueue()
    line.charge("ada", 0.35)
    line.charge("bob", 0.02)
    ada = line.enter("ada")
    assert not line.evict_heaviest(lighter_than=line.usage("bob"), client="bob")
    assert not ada.evicted
    # On a machine so busy that every task's wall time stretches, all usage grows alike.
    line.charge("cy", 7.0)
    line.charge("dee", 5.0)
    cy = line.enter("cy")
    assert not line.evict_heaviest(lighter_than=line.usage("dee"), client="dee")
    assert not cy.evicted


def test_a_client_never_turns_away_its_own_waiters() -> None:
    """A classroom behind one address is one client: its newest request must not evict
    its older ones, however its usage decayed meanwhile."""
    line: FairQueue[str] = FairQueue(half_life=0.05)
    line.charge("school", 10.0)
    older = line.enter("school")
    time.sleep(0.2)  # its usage has decayed well below what it was when `older` queued
    assert not line.evict_heaviest(lighter_than=line.usage("school"), client="school")
    assert not older.evicted
    line.charge("flooder", 50.0)
    flood = line.enter("flooder")
    assert line.evict_heaviest(lighter_than=line.usage("school"), client="school")
    assert flood.evicted and not older.evicted
