"""The compute pool itself (web/compute.py): results, exceptions, the budget, and hypothesis
families of hostile expressions (nesting, towers, huge points) sent through a real worker."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mathforai.engine import InputError
from mathforai.web import tasks
from mathforai.web.compute import Budget, ComputePool, ComputeUnavailable, ResultTooLarge
from mathforai.web.fairqueue import EVICT_MARGIN

TIMEOUT = 2.0
SLACK = 1.5  # waiting for the replacement worker, pickling, the scheduler of a busy machine


@pytest.fixture(scope="module")
def pool() -> Iterator[ComputePool]:
    compute = ComputePool(Budget(workers=1, timeout=TIMEOUT, queue_wait=10.0, nice=0))
    assert compute.wait_ready(90), "the worker never became ready"
    yield compute
    compute.close()


def test_a_result_comes_back(pool: ComputePool) -> None:
    status, body = pool.run(tasks.explain_json, "dot", {"u": [1, 2, 3], "v": [4, 5, 6]})
    assert status == 200 and json.loads(body)["result"] == 32


def test_an_exception_is_raised_here_with_its_fields(pool: ComputePool) -> None:
    """InputError(field, message) cannot be pickled as is; it still arrives whole."""
    with pytest.raises(InputError) as raised:
        pool.run(tasks.raise_input_error, "u", "u is wrong")
    assert raised.value.field == "u" and raised.value.message == "u is wrong"


def test_a_runaway_is_killed_and_the_worker_replaced(pool: ComputePool) -> None:
    replaced = pool.replaced
    began = time.monotonic()
    with pytest.raises(ComputeUnavailable) as stopped:
        pool.run(time.sleep, 60)
    assert stopped.value.timed_out and stopped.value.retry_after >= 1
    assert time.monotonic() - began < TIMEOUT + SLACK
    assert pool.replaced == replaced + 1
    status, _ = pool.run(tasks.explain_json, "dot", {"u": [1], "v": [2]})
    assert status == 200


def test_a_result_over_the_size_budget_is_refused() -> None:
    small = ComputePool(Budget(workers=1, timeout=TIMEOUT, result_bytes=1000, nice=0))
    try:
        assert small.wait_ready(90)
        with pytest.raises(ResultTooLarge):
            small.run(bytes, 10_000)
    finally:
        small.close()


FUNCTIONS = ("exp", "tanh", "sin", "log", "sqrt", "sigmoid", "relu")
POINTS = (0.5, 1, 2, 10, 1e3, 1e7, 1e12, -1e12)


@st.composite
def hostile(draw: st.DrawFn) -> tuple[str, float]:
    kind = draw(st.sampled_from(("nest", "tower", "mix")))
    depth = draw(st.integers(1, 40 if kind == "nest" else 8))
    if kind == "nest":
        f = "x"
        for _ in range(depth):
            f = f"{draw(st.sampled_from(FUNCTIONS))}({f})"
    elif kind == "tower":
        f = "x"
        for _ in range(depth):
            f = f"x^({f})"
    else:
        f = "x"
        for _ in range(depth):
            f = f"exp({f})*x^x + {draw(st.sampled_from(FUNCTIONS))}({f})"
            f = f[:200]
    return f[:200], draw(st.sampled_from(POINTS))


@given(case=hostile(), op=st.sampled_from(("derivative", "gradient_descent")))
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_hostile_expressions_answer_or_stop_within_the_budget(
    pool: ComputePool, case: tuple[str, float], op: str
) -> None:
    f, at = case
    body = {"f": f, "at": at} if op == "derivative" else {"f": f, "start": at, "lr": 0.1}
    began = time.monotonic()
    try:
        status, answer = pool.run(tasks.explain_json, op, body)
    except ComputeUnavailable as exc:
        assert exc.timed_out
    else:
        assert status in (200, 422), answer
        if status == 422:
            assert json.loads(answer)["error"]
    assert time.monotonic() - began < TIMEOUT + SLACK


def test_a_slow_computation_yields_its_worker_to_a_waiting_learner(pool: ComputePool) -> None:
    """One worker, busy with a runaway: a learner's request stops it after SLOW seconds
    rather than waiting out the whole budget, and the runaway's client becomes suspect."""
    from concurrent.futures import ThreadPoolExecutor

    from mathforai.web.compute import SLOW

    with ThreadPoolExecutor(2) as threads:
        # Pure CPU, as a runaway is: preemption counts the CPU a task has used.
        runaway = threads.submit(pool.run, sum, range(10**12), client="attacker")
        time.sleep(0.1)
        began = time.monotonic()
        status, _ = pool.run(tasks.explain_json, "dot", {"u": [1], "v": [2]}, client="learner")
        waited = time.monotonic() - began
        with pytest.raises(ComputeUnavailable) as stopped:
            runaway.result(timeout=30)
    assert status == 200
    assert waited < SLOW + SLACK
    assert "while others waited" in stopped.value.message
    assert pool.suspect("attacker") and not pool.suspect("learner")


def test_a_task_slow_for_want_of_cpu_is_not_stopped_for_a_waiting_learner(
    pool: ComputePool,
) -> None:
    """A computation that has run over SLOW seconds of wall time but used little CPU (as
    on a machine busy with other work; a sleep stands in for it) is no runaway: the
    learner waits for it, and neither request fails."""
    from concurrent.futures import ThreadPoolExecutor

    from mathforai.web.compute import SLOW

    with ThreadPoolExecutor(2) as threads:
        starved = threads.submit(pool.run, time.sleep, SLOW + 0.5, client="10.0.0.8")
        time.sleep(0.1)
        status, _ = pool.run(tasks.explain_json, "dot", {"u": [1], "v": [2]}, client="learner")
        assert starved.result(timeout=30) is None
    assert status == 200


def test_suspicion_follows_the_cpu_a_computation_used_not_a_busy_machines_wall_clock(
    pool: ComputePool,
) -> None:
    """A computation that held its worker over SLOW seconds while using little CPU (here it
    sleeps, as a light one does when other processes take the cores) makes no one suspect:
    a classroom behind one address must not be shut out because the machine was busy. One
    that is stopped for burning CPU past the budget does."""
    from mathforai.web.compute import SLOW

    assert pool.run(time.sleep, SLOW + 0.3, client="10.0.1.1") is None
    assert not pool.suspect("10.0.1.1")
    # Pure CPU, constant memory, hours of work: stopped at the budget (how long a finished
    # computation's CPU takes depends on the machine, so the test does not rely on one).
    with pytest.raises(ComputeUnavailable):
        pool.run(sum, range(10**12), client="10.0.1.2")
    assert pool.suspect("10.0.1.2")


def test_a_light_client_is_served_before_a_flooders_queued_work(pool: ComputePool) -> None:
    """One worker, busy with a flooder; the flooder queues more, then a learner asks. The
    learner's computation runs next: it waits for the running task only, never the line."""
    finished: list[str] = []

    def send(client: str, seconds: float) -> None:
        pool.run(time.sleep, seconds, client=client)
        finished.append(client)

    pool.run(time.sleep, 0.3, client="10.0.0.66")  # the flooder's history: 0.3 s used
    running = threading.Thread(target=send, args=("10.0.0.66", 0.6))
    running.start()
    time.sleep(0.2)  # it holds the only worker now
    queued = [threading.Thread(target=send, args=("10.0.0.66", 0.3)) for _ in range(2)]
    for thread in queued:
        thread.start()
    time.sleep(0.1)
    learner = threading.Thread(target=send, args=("10.0.0.7", 0.0))
    learner.start()
    for thread in [running, *queued, learner]:
        thread.join(30)
    assert finished.index("10.0.0.7") == 1, finished


def test_a_light_client_gets_a_place_when_a_flooder_has_taken_them_all() -> None:
    """Every admission place held by one client's queue: a learner's request still gets
    in (the flooder's last waiter is turned away with a 503) instead of being refused."""
    small = ComputePool(Budget(workers=1, timeout=TIMEOUT, queue_wait=10.0, max_pending=3, nice=0))
    try:
        assert small.wait_ready(90)
        # The flooder's history: over EVICT_MARGIN seconds more than the learner's.
        small.run(time.sleep, EVICT_MARGIN + 0.2, client="10.0.0.66")
        outcomes: dict[str, list[str]] = {"10.0.0.66": [], "10.0.0.7": []}

        def send(client: str, seconds: float) -> None:
            try:
                small.run(time.sleep, seconds, client=client)
                outcomes[client].append("ok")
            except ComputeUnavailable:
                outcomes[client].append("busy")

        flood = [threading.Thread(target=send, args=("10.0.0.66", 0.4)) for _ in range(3)]
        for thread in flood:
            thread.start()
            time.sleep(0.05)
        learner = threading.Thread(target=send, args=("10.0.0.7", 0.0))
        learner.start()
        for thread in [*flood, learner]:
            thread.join(30)
        assert outcomes["10.0.0.7"] == ["ok"]
        assert sorted(outcomes["10.0.0.66"]) == ["busy", "ok", "ok"]
    finally:
        small.close()


def test_a_waiter_that_fails_gives_up_its_place_and_no_worker_is_lost(
    pool: ComputePool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever breaks while a request waits for a worker, its place in the line is given
    up: a place left behind would be handed the next free worker, lost to everyone."""
    from concurrent.futures import ThreadPoolExecutor

    def broken() -> None:
        raise RuntimeError("broken while waiting")

    with ThreadPoolExecutor(2) as threads:
        busy = threads.submit(pool.run, time.sleep, 0.6, client="10.0.0.9")
        time.sleep(0.1)
        monkeypatch.setattr(pool, "_preempt_slowest", broken)
        with pytest.raises(RuntimeError, match="broken while waiting"):
            pool.run(time.sleep, 0, client="10.0.0.10")  # waits past PREEMPT_AFTER
        monkeypatch.undo()
        busy.result(timeout=30)
    for _ in range(3):  # the one worker serves on: it was not handed to the dead place
        status, _ = pool.run(tasks.explain_json, "dot", {"u": [1], "v": [2]}, client="learner")
        assert status == 200
