"""Practice and progress as a learner sees them in pages: course map, lessons, practice
(JavaScript off: every step is a form post), review, the progress page, reset and import."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from itsdangerous import URLSafeSerializer

from mathforai.course.loader import load_course
from mathforai.course.model import Course, Topic
from mathforai.practice.grading import expected_text
from mathforai.practice.registry import exercise_from_id
from mathforai.practice.service import topics_with_practice
from mathforai.progress.mastery import mastery
from mathforai.settings import Settings
from mathforai.web.learner import COOKIE, secret_key

TOPICS = load_course().topics
# /practice/1.2?seed=0 is the magnitude exercise: a number typed into a text field.
NUMBER_PAGE = "/practice/1.2?seed=0"


@pytest.fixture()
def fresh(app: FastAPI) -> Iterator[TestClient]:
    """A client with no cookie yet: a new learner with no progress."""
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def learner_of(client: TestClient, settings: Settings) -> str:
    """The learner id inside the client's signed cookie (as the app reads it)."""
    signer = URLSafeSerializer(secret_key(settings.secret_key, settings.data_dir()), salt="learner")
    return str(signer.loads(client.cookies[COOKIE]))


def exercise_id_on(page_html: str) -> str:
    match = re.search(r'<input type="hidden" name="exercise_id" value="([^"]+)">', page_html)
    assert match, "the practice page has no exercise id"
    return html.unescape(match.group(1))


def map_badge(page_html: str, topic_id: str) -> str:
    """The mastery word shown for a topic on the course map."""
    item = re.search(
        rf'<li class="topic-item" data-topic="{re.escape(topic_id)}">(.*?)</li>', page_html, re.S
    )
    assert item, f"topic {topic_id} is not on the course map"
    return badge_word(item.group(1))


def badge_word(fragment: str) -> str:
    badge = re.search(
        r'class="badge mastery mastery-([a-z]+)">((?:<span[^>]*>[^<]*</span>)?[^<]*)</span>',
        fragment,
    )
    assert badge, "no mastery badge"
    words = re.sub(r"<[^>]+>", " ", badge.group(2)).split()
    # Colour repeats the word; the word itself is always printed.
    assert words and words[-1] == badge.group(1)
    return words[-1]


def visible_text(page_html: str) -> str:
    main = page_html[page_html.index("<main") :]
    words = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", main)).split())
    return re.sub(r" ([,.;:!?])", r"\1", words)


def answer(client: TestClient, topic_id: str, exercise_id: str, text: str) -> str:
    page = client.post(f"/practice/{topic_id}", data={"exercise_id": exercise_id, "answer": text})
    assert page.status_code == 200
    return page.text


def wrong_number(exercise_id: str) -> str:
    exercise = exercise_from_id(exercise_id)
    assert exercise.answer_format == "number"
    return str(float(exercise.expected) + 7)


# ---- course map and lessons ----------------------------------------------------------


def test_course_map_shows_new_for_every_topic_of_an_unseen_learner(
    fresh: TestClient, course: Course
) -> None:
    page = fresh.get("/").text
    for topic in course.topics:
        assert map_badge(page, topic.id) == "new"
    assert "Due for review" not in page
    assert 'href="/progress"' in page


def test_course_map_shows_mastery_after_answers(fresh: TestClient) -> None:
    for seed in (0, 1):
        exercise_id = exercise_id_on(fresh.get(f"/practice/1.2?seed={seed}").text)
        answer(fresh, "1.2", exercise_id, expected_text(exercise_from_id(exercise_id)))
    page = fresh.get("/").text
    assert map_badge(page, "1.2") == mastery([True, True]) == "familiar"
    # The same solved exercise again counts as an attempt but not as more mastery.
    for _ in range(3):
        answer(fresh, "1.2", exercise_id, expected_text(exercise_from_id(exercise_id)))
    assert mastery([True] * 5) == "proficient"
    assert map_badge(fresh.get("/").text, "1.2") == "familiar"
    assert map_badge(page, "1.3") == "new"
    assert "1 topic started" in visible_text(page)


def test_header_links_course_map_review_and_progress(fresh: TestClient) -> None:
    page = fresh.get("/progress").text
    nav = re.search(r'<nav class="site-nav" aria-label="Main">(.*?)</nav>', page, re.S)
    assert nav
    links = re.findall(r'href="([^"]+)"[^>]*>([^<]+)</a>', nav.group(1))
    assert [(href, text) for href, text in links] == [
        ("/", "Course map"),
        ("/review", "Review"),
        ("/progress", "Progress"),
        ("/glossary", "Glossary"),
    ]
    assert '<a href="/progress" aria-current="page">' in nav.group(1)


@pytest.mark.parametrize("topic", TOPICS, ids=lambda t: t.id)
def test_lesson_offers_practice_at_the_top_and_after_the_last_quiz(
    client: TestClient, topic: Topic
) -> None:
    assert topic.id in topics_with_practice(), f"topic {topic.id} has no practice"
    page = client.get(topic.url).text
    link = f'href="/practice/{topic.id}">Practise this topic</a>'
    first, last = page.find(link), page.rfind(link)
    header_end = page.index("</header>", page.index('class="lesson-header"'))
    assert first != -1 and first < header_end, "no practise link near the top"
    quizzes = [m.start() for m in re.finditer(r"data-quiz=", page)]
    assert last > first and (not quizzes or last > quizzes[-1]), "no practise link at the end"
    assert "Your mastery:" in visible_text(page)


def test_lesson_page_is_the_same_for_every_learner(app: FastAPI, course: Course) -> None:
    """Lessons carry no learner data (so they can be cached whole): the script fills in
    the mastery badge from /api/progress (tested in the browser)."""
    lesson = course.topic("1.2")
    assert lesson is not None
    with TestClient(app) as one, TestClient(app) as other:
        one.get("/")
        other.get("/")
        exercise_id = exercise_id_on(one.get(NUMBER_PAGE).text)
        answer(one, "1.2", exercise_id, wrong_number(exercise_id))
        first, second = one.get(lesson.url), other.get(lesson.url)
        # Only the quick checks' choice order differs, per learner group (web/quizorder.py).
        assert without_quiz_order(first.text) == without_quiz_order(second.text)
        assert 'data-mastery-for="1.2"' in first.text


def without_quiz_order(page: str) -> str:
    page = re.sub(r"<fieldset>.*?</fieldset>", "", page, flags=re.S)
    return re.sub(r'<input type="hidden" name="order" value="\d+">', "", page)


# ---- the practice page, JavaScript off -------------------------------------------------


def test_practice_wrong_then_right_with_forms_only(fresh: TestClient) -> None:
    page = fresh.get("/practice/1.2")
    assert page.status_code == 200
    exercise_id = exercise_id_on(page.text)
    exercise = exercise_from_id(exercise_id)
    assert exercise.topic == "1.2"
    assert 'name="answer"' in page.text and "Check answer" in page.text

    expected = expected_text(exercise)
    wrong = "[999, 999, 999]" if exercise.answer_format == "vector" else "999"
    posted = fresh.post(
        "/practice/1.2", data={"exercise_id": exercise_id, "answer": wrong}, follow_redirects=False
    )
    assert posted.status_code == 303, "an answer redirects (POST-redirect-GET)"
    shown = fresh.get(posted.headers["location"])
    after_wrong = visible_text(shown.text)
    assert "Not quite" in after_wrong and "Try once more" in after_wrong
    assert f"Expected answer: {expected}" not in after_wrong, "a second try comes first"
    assert "Worked solution" not in after_wrong
    assert (
        'id="answer-feedback" class="answer-feedback" aria-live="polite" tabindex="-1" autofocus'
        in shown.text
    )
    # A reload of the page the redirect landed on answers nothing again.
    assert fresh.get(posted.headers["location"]).text == shown.text
    assert fresh.get("/api/progress").json()["topics"]["1.2"]["attempts"] == 1

    after_right = visible_text(answer(fresh, "1.2", exercise_id, expected))
    assert "Correct, on the second try" in after_right
    assert "Not quite" not in after_right
    assert "Next exercise" in after_right
    topic = fresh.get("/api/progress").json()["topics"]["1.2"]
    assert (topic["attempts"], topic["correct"], topic["assisted"]) == (1, 0, 1)


@pytest.mark.parametrize("topic_id", topics_with_practice())
def test_every_topics_expected_answer_is_graded_correct_on_the_page(
    fresh: TestClient, topic_id: str
) -> None:
    exercise_id = exercise_id_on(fresh.get(f"/practice/{topic_id}?seed=7").text)
    page = answer(fresh, topic_id, exercise_id, expected_text(exercise_from_id(exercise_id)))
    assert '<p class="verdict is-right state-solved">' in page


def test_a_format_error_shows_what_was_expected_and_does_not_count(fresh: TestClient) -> None:
    exercise_id = exercise_id_on(fresh.get(NUMBER_PAGE).text)
    before = fresh.get("/api/progress").json()
    page = answer(fresh, "1.2", exercise_id, "three and a bit")
    text = visible_text(page)
    assert "expected a number" in text
    assert "did not count as an attempt" in text
    assert 'role="alert"' in page and 'aria-invalid="true"' in page
    assert 'value="three and a bit"' in page, "the answer is kept for fixing"
    assert fresh.get("/api/progress").json() == before


def test_show_the_solution_gives_the_answer_and_working(fresh: TestClient) -> None:
    exercise_id = exercise_id_on(fresh.get(NUMBER_PAGE).text)
    page = fresh.post("/practice/1.2", data={"exercise_id": exercise_id, "reveal": "1"})
    text = visible_text(page.text)
    assert f"Expected answer: {expected_text(exercise_from_id(exercise_id))}" in text
    assert "Worked solution" in text
    assert '<p class="verdict is-wrong state-revealed">' in page.text
    topic = fresh.get("/api/progress").json()["topics"]["1.2"]
    assert (topic["correct"], topic["revealed"]) == (0, 1)


def test_practice_for_an_unknown_topic_is_a_404_page(fresh: TestClient) -> None:
    page = fresh.get("/practice/9.9")
    assert page.status_code == 404
    assert "There is no topic 9.9" in page.text


# ---- review ---------------------------------------------------------------------------


def test_review_with_nothing_due_says_so(fresh: TestClient) -> None:
    page = fresh.get("/review", follow_redirects=False)
    assert page.status_code == 200
    assert "Nothing is due for review right now" in visible_text(page.text)


def test_a_wrong_answer_schedules_the_topic_soon(
    fresh: TestClient, app: FastAPI, settings: Settings
) -> None:
    exercise_id = exercise_id_on(fresh.get(NUMBER_PAGE).text)
    answer(fresh, "1.2", exercise_id, wrong_number(exercise_id))
    assert fresh.get("/api/progress").json()["topics"]["1.2"]["due"] is None, "a second try"
    answer(fresh, "1.2", exercise_id, wrong_number(exercise_id))
    due = fresh.get("/api/progress").json()["topics"]["1.2"]["due"]
    assert datetime.fromisoformat(due) - datetime.now(UTC) < timedelta(hours=1)
    assert f'<time datetime="{due}">' in fresh.get("/progress").text
    in_an_hour = datetime.now(UTC) + timedelta(hours=1)
    assert app.state.store.due_topics(learner_of(fresh, settings), in_an_hour) == ["1.2"]


def test_review_goes_to_the_most_overdue_topic_and_the_map_says_so(
    fresh: TestClient, app: FastAPI, settings: Settings
) -> None:
    fresh.post("/api/practice/1.2?seed=1")  # a first write gets the learner cookie
    learner = learner_of(fresh, settings)
    store = app.state.store
    # Answers from days ago: both topics are now overdue, 1.5 by longer.
    for topic_id, days in (("1.5", 3), ("2.1", 2)):
        when = datetime.now(UTC) - timedelta(days=days)
        store.record(
            learner,
            topic_id,
            f"{topic_id}:any:1",
            kind="reveal",
            correct=False,
            answer="reveal",
            now=when,
        )
    review = fresh.get("/review", follow_redirects=False)
    assert review.status_code == 303
    assert review.headers["location"] == "/practice/1.5?review=1"
    practice = fresh.get(review.headers["location"]).text
    assert "this topic is due" in visible_text(practice)
    assert '<input type="hidden" name="review" value="1">' in practice

    course_map = fresh.get("/").text
    assert "2 topics started, 2 due for review" in visible_text(course_map)
    assert '<a class="button" href="/review">Review now</a>' in course_map
    item = re.search(r'data-topic="1.5">(.*?)</li>', course_map, re.S)
    assert item and "Due for review" in item.group(1)


# ---- the progress page: table, reset, import -------------------------------------------


def test_progress_page_lists_every_topic_with_its_mastery(
    fresh: TestClient, course: Course
) -> None:
    exercise_id = exercise_id_on(fresh.get(NUMBER_PAGE).text)
    answer(fresh, "1.2", exercise_id, expected_text(exercise_from_id(exercise_id)))
    page = fresh.get("/progress")
    assert page.status_code == 200
    for topic in course.topics:
        row = re.search(rf'<tr data-topic="{re.escape(topic.id)}">(.*?)</tr>', page.text, re.S)
        assert row, f"no row for {topic.id}"
        assert f'href="/practice/{topic.id}"' in row.group(1)
        assert badge_word(row.group(1)) == ("attempted" if topic.id == "1.2" else "new")
    assert 'href="/api/progress/export"' in page.text
    assert 'action="/progress/import"' in page.text


def test_reset_asks_first_then_clears(fresh: TestClient) -> None:
    exercise_id = exercise_id_on(fresh.get(NUMBER_PAGE).text)
    answer(fresh, "1.2", exercise_id, wrong_number(exercise_id))

    ask = fresh.post("/progress/reset")
    assert ask.status_code == 200
    assert "Reset your progress?" in ask.text
    assert '<input type="hidden" name="confirm" value="yes">' in ask.text
    assert fresh.get("/api/progress").json()["topics"] != {}, "asking deleted nothing"

    done = fresh.post("/progress/reset", data={"confirm": "yes"})
    assert done.status_code == 200
    assert "Your progress was reset." in done.text
    assert fresh.get("/api/progress").json() == {"topics": {}}
    assert map_badge(fresh.get("/").text, "1.2") == "new"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"this is not json", "Nothing imported: the file is not JSON."),
        (b'{"hello": "world"}', "Nothing imported: not a progress export"),
    ],
)
def test_importing_a_bad_file_says_why_and_changes_nothing(
    fresh: TestClient, content: bytes, message: str
) -> None:
    before = fresh.get("/api/progress").json()
    page = fresh.post(
        "/progress/import", files={"file": ("progress.json", content, "application/json")}
    )
    assert page.status_code == 422
    assert message in visible_text(page.text)
    assert fresh.get("/api/progress").json() == before


def test_export_then_import_into_another_browser_moves_progress(
    fresh: TestClient, app: FastAPI
) -> None:
    exercise_id = exercise_id_on(fresh.get(NUMBER_PAGE).text)
    answer(fresh, "1.2", exercise_id, expected_text(exercise_from_id(exercise_id)))
    exported = fresh.get("/api/progress/export").content
    with TestClient(app, raise_server_exceptions=False) as other:
        page = other.post(
            "/progress/import", files={"file": ("progress.json", exported, "application/json")}
        )
        assert page.status_code == 200
        assert "Imported 1 answer(s)." in visible_text(page.text)
        assert map_badge(other.get("/").text, "1.2") == "attempted"
