"""The rendered course on disk: data only, keyed by content, one entry, rebuilt when bad."""

from __future__ import annotations

import json
import os
import pickle
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from mathforai.course import diskcache, loader
from mathforai.course.loader import read_course
from tests.course.conftest import FIXTURE_COURSE


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A cache folder of this test's own, and no course remembered in memory."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("MATHFORAI_CACHE_DIR", str(folder))
    monkeypatch.delenv("MATHFORAI_NO_COURSE_CACHE", raising=False)
    loader.clear_course_cache()
    yield folder
    loader.clear_course_cache()


def test_the_whole_course_reads_back_equal(tmp_path: Path) -> None:
    """Every lesson, example, widget and quiz survives the trip through JSON."""
    course = read_course()
    assert not course.problems
    back = diskcache.load(diskcache.store(tmp_path, "k", course))
    assert back == course
    for doc, again in zip(course.documents, back.documents, strict=True):
        assert again.blocks == doc.blocks, doc.id
        steps = [s.text for e in doc.examples if e.explanation for s in e.explanation.steps]
        again_steps = [s.text for e in again.examples if e.explanation for s in e.explanation.steps]
        assert again_steps == steps, doc.id
    assert back.quiz(course.topics[0].quizzes[0].id) is not None  # look-ups rebuilt


def test_the_key_is_the_content_not_where_it_lives(tmp_path: Path) -> None:
    one, two = tmp_path / "one" / "course", tmp_path / "elsewhere" / "deeper" / "course"
    shutil.copytree(FIXTURE_COURSE, one)
    shutil.copytree(FIXTURE_COURSE, two)
    assert diskcache.fingerprint(one) == diskcache.fingerprint(two)
    lesson = sorted(two.glob("*.md"))[0]
    lesson.write_text(lesson.read_text() + "\nOne more line.\n")
    assert diskcache.fingerprint(one) != diskcache.fingerprint(two)


def test_only_the_current_entry_is_kept(cache: Path, tmp_path: Path) -> None:
    cache.mkdir(parents=True)
    (cache / "course-0123456789abcdef01234567.pickle").write_bytes(b"left by an old version")
    (cache / "course-stale.json").write_text("{}")
    (cache / "unrelated.txt").write_text("not ours to remove")
    content = tmp_path / "course"
    shutil.copytree(FIXTURE_COURSE, content)
    loader.load_course(content)
    first = sorted(p.name for p in cache.iterdir())
    assert first == [f"course-{diskcache.fingerprint(content)}.json", "unrelated.txt"]

    lesson = sorted(content.glob("*.md"))[0]
    lesson.write_text(lesson.read_text() + "\nEdited.\n")
    loader.clear_course_cache()
    loader.load_course(content)
    second = sorted(p.name for p in cache.iterdir())
    assert second == [f"course-{diskcache.fingerprint(content)}.json", "unrelated.txt"]
    assert second != first


def test_a_second_load_reads_the_file_and_gets_the_same_course(cache: Path) -> None:
    built = loader.load_course(FIXTURE_COURSE)
    (entry,) = cache.glob("course-*.json")
    loader.clear_course_cache()
    assert diskcache.load(entry) == built == loader.load_course(FIXTURE_COURSE)


PICKLE_BOMB = pickle.dumps(
    type("Bomb", (), {"__reduce__": lambda self: (os.system, ("touch /tmp/pwned-by-cache",))})()
)


@pytest.mark.parametrize(
    "planted",
    [
        PICKLE_BOMB,  # what a pickle cache would have run
        b"\x00\xff not even text",
        b'{"format": 1, "course": {"$dc": "Popen", "f": {"args": ["touch", "/tmp/x"]}}}',
        b'{"format": 1, "course": {"$dc": "Course", "f": {"parts": "not a tuple"}}}',
        b'{"format": 1, "course": {"$dc": "Course", "f": {"parts": {"$t": []}, "evil": 1}}}',
        b'{"format": 1, "course": {"$t": []}}',
        b'{"format": 2, "course": null}',
        b"[" * 100_000,
        b"",
    ],
    ids=[
        "pickle",
        "binary",
        "foreign-type",
        "wrong-type",
        "unknown-field",
        "not-a-course",
        "other-format",
        "deep",
        "empty",
    ],
)
def test_a_planted_or_corrupt_file_runs_nothing_and_is_rebuilt(cache: Path, planted: bytes) -> None:
    good = loader.load_course(FIXTURE_COURSE)
    (entry,) = cache.glob("course-*.json")
    entry.write_bytes(planted)
    with pytest.raises(diskcache.CacheError):
        diskcache.load(entry)
    loader.clear_course_cache()
    assert loader.load_course(FIXTURE_COURSE) == good  # rebuilt from the lessons
    assert diskcache.load(entry) == good  # and written back whole
    assert not Path("/tmp/pwned-by-cache").exists()


def test_every_type_a_file_may_name_is_data() -> None:
    """The allowlist holds our own dataclasses and Step: no callables, no builtins."""
    for name, cls in diskcache.ALLOWED.items():
        assert cls.__module__.startswith("mathforai."), name
    assert "Course" in diskcache.ALLOWED and "Explanation" in diskcache.ALLOWED


def test_the_file_is_json(cache: Path) -> None:
    loader.load_course(FIXTURE_COURSE)
    (entry,) = cache.glob("course-*.json")
    data = json.loads(entry.read_text(encoding="utf-8"))
    assert data["format"] == diskcache.FORMAT
    assert data["course"]["$dc"] == "Course"
