"""Stable identity: an id names its generator, a generator carries a version, and a golden
file pins what every generator makes for five seeds, so a change that would remap stored
progress fails here. Regenerate after a deliberate change (and a version bump) with
MATHFORAI_UPDATE_GOLDEN=1 pytest tests/practice/test_identity.py."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from mathforai.practice.grading import expected_text
from mathforai.practice.identity import NotIssued, issue, verify
from mathforai.practice.registry import (
    SEPARATOR,
    UnknownExercise,
    exercise_from_id,
    make_exercise,
    parse_id,
    pick,
    specs,
)

GOLDEN = Path(__file__).parent / "golden" / "exercises.json"
SEEDS = range(5)


def current() -> dict[str, dict]:
    table: dict[str, dict] = {}
    for topic, entries in specs().items():
        for spec in entries:
            items = {}
            for seed in SEEDS:
                exercise = make_exercise(topic, spec.name, seed)
                items[exercise.id] = [exercise.prompt, expected_text(exercise)]
            table[f"{topic}:{spec.name}"] = {"version": spec.version, "items": items}
    return table


def test_golden_file_pins_every_generator() -> None:
    now = current()
    if os.environ.get("MATHFORAI_UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(json.dumps(now, indent=1, ensure_ascii=False, sort_keys=True) + "\n")
    pinned = json.loads(GOLDEN.read_text())
    missing = sorted(set(now) - set(pinned))
    assert not missing, f"new generators {missing}: regenerate the golden file (see docstring)"
    for key, entry in now.items():
        old = pinned[key]
        if entry["version"] == old["version"]:
            assert entry["items"] == old["items"], (
                f"{key} now makes other exercises for the same seeds at version "
                f"{entry['version']}: stored ids would change meaning. Bump its version "
                "(@version(n) in generators/building.py) and regenerate the golden file."
            )


def test_ids_name_the_generator_and_rebuild_the_same_exercise() -> None:
    exercise = pick("1.5", 4)
    topic, name, seed = parse_id(exercise.id)
    assert (topic, seed) == ("1.5", 4)
    assert name in {s.name for s in specs()["1.5"]}
    assert exercise_from_id(exercise.id) == exercise
    assert exercise.version == next(s.version for s in specs()["1.5"] if s.name == name)


@pytest.mark.parametrize("bad", ["1.5:0:1", "1.5:dot compute:1", "", "1.5::1", 15, None])
def test_position_ids_and_junk_are_not_ids(bad: object) -> None:
    with pytest.raises(UnknownExercise):
        exercise_from_id(bad)  # type: ignore[arg-type]


def test_generator_names_are_unique_per_topic() -> None:
    for topic, entries in specs().items():
        names = [s.name for s in entries]
        assert len(names) == len(set(names)), topic


def test_an_issued_id_verifies_only_for_its_learner_and_key() -> None:
    exercise = pick("2.1", 9)
    issued = issue("key", "ada", exercise)
    assert issued.startswith(exercise.id + "~")
    assert exercise_from_id(verify("key", "ada", issued)) == exercise
    for key, learner, crafted in (
        ("key", "bob", issued),  # borrowed from another learner
        ("other", "ada", issued),  # another server's
        ("key", "ada", exercise.id),  # never issued: no signature
        ("key", "ada", issued[:-2] + "AA"),  # tampered
        ("key", "ada", issued.replace(":9~", ":8~")),  # another seed, same signature
    ):
        with pytest.raises(NotIssued):
            verify(key, learner, crafted)


def test_an_id_is_verified_from_the_generators_spec_alone() -> None:
    """A forged or borrowed id costs the server no engine work: the signature is checked
    against the spec, and the web builds the exercise (in a compute worker) only from the
    canonical id that `verify` returns."""
    exercise = pick("1.5", 3)
    issued = issue("key", "alice", exercise)
    with pytest.raises(NotIssued):
        verify("key", "mallory", issued)
    with pytest.raises(NotIssued):
        verify("key", "alice", issued.split(SEPARATOR)[0] + SEPARATOR + "forged")
    assert verify("key", "alice", f"  {issued} ") == exercise.id
