"""Every generator, over 200 seeds: it renders, grades itself, and knows its mistakes."""

from __future__ import annotations

import pytest

from mathforai.practice.answers import parse_answer
from mathforai.practice.grading import grade
from mathforai.practice.registry import exercise_from_id, generators, make_exercise
from mathforai.practice.selftest import misconception_answer, self_test

SEEDS = range(200)
KINDS = [(topic, kind) for topic, gens in sorted(generators().items()) for kind in range(len(gens))]


@pytest.mark.parametrize(("topic", "kind"), KINDS, ids=[f"{t}:{k}" for t, k in KINDS])
def test_generator_self_tests_over_200_seeds(topic: str, kind: int) -> None:
    named = 0
    for seed in SEEDS:
        exercise = make_exercise(topic, kind, seed)
        assert exercise.prompt.strip(), "empty prompt"
        assert self_test(exercise) == [], f"seed {seed}: {exercise.prompt}"
        for i, mistake in enumerate(exercise.misconceptions):
            typed = misconception_answer(exercise, i)
            result = grade(exercise, parse_answer(exercise, typed))
            assert not result.correct
            named += mistake.message in result.feedback
    if any(make_exercise(topic, kind, s).misconceptions for s in SEEDS):
        assert named > 0, "no misconception was ever recognised"


@pytest.mark.parametrize("topic", sorted(generators()))
def test_same_seed_same_exercise_and_id_round_trips(topic: str) -> None:
    for kind in range(len(generators()[topic])):
        first = make_exercise(topic, kind, 7)
        assert make_exercise(topic, kind, 7) == first
        assert exercise_from_id(first.id) == first


def test_every_topic_has_two_kinds_and_a_named_mistake() -> None:
    table = generators()
    topics = [f"1.{i}" for i in range(1, 16)] + [f"2.{i}" for i in range(1, 10)]
    topics += [f"3.{i}" for i in range(1, 7)]
    topics += [f"4.{i}" for i in range(1, 8)]
    missing = [t for t in topics if len(table.get(t, [])) < 2]
    assert not missing, f"topics with fewer than two kinds of exercise: {missing}"
    no_mistake = [
        t
        for t in topics
        if not any(
            make_exercise(t, k, s).misconceptions for k in range(len(table[t])) for s in range(20)
        )
    ]
    assert not no_mistake, f"topics with no named misconception: {no_mistake}"
