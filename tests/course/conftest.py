from __future__ import annotations

from pathlib import Path

import pytest

from mathforai.course.loader import read_course
from mathforai.course.model import Course

FIXTURE_COURSE = Path(__file__).parent / "fixtures" / "course"
FIXTURE_IDS = ("1.1", "1.2", "2.1")


@pytest.fixture(scope="module")
def fixture_course() -> Course:
    return read_course(FIXTURE_COURSE)
