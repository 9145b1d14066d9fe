"""The progress store against SQLite and a real PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect

from mathforai.progress.db import StoreError, make_engine, migrate
from mathforai.progress.mastery import mastery
from mathforai.progress.repository import ImportFormatError, ProgressStore


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Engine:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'nested' / 'progress.sqlite3'}"
    else:
        url = request.getfixturevalue("postgres_url")
    eng = make_engine(url)
    migrate(eng)
    if request.param == "postgresql":
        with eng.begin() as conn:
            conn.exec_driver_sql("TRUNCATE attempts, item_states, review_states, learners")
    return eng


def test_migrations_create_tables_and_are_idempotent(engine: Engine) -> None:
    migrate(engine)
    tables = set(inspect(engine).get_table_names())
    assert {"learners", "attempts", "review_states", "alembic_version"} <= tables


def test_answers_accumulate_per_topic_counting_items_not_clicks(engine: Engine) -> None:
    store = ProgressStore(engine)
    for item, correct in (("dot-1", True), ("dot-2", False), ("dot-3", True), ("dot-1", False)):
        store.record("ada", "1.5", item, kind="practice", correct=correct, answer="32")
    store.record("ada", "2.9", "q", kind="quiz", correct=True, answer="0")
    store.record("ada", "2.9", "q", kind="quiz", correct=False, answer="1")
    got = store.progress("ada")
    assert got["1.5"]["attempts"] == 3  # dot-1 answered again after solving: not counted
    assert got["1.5"]["correct"] == 2
    assert got["2.9"]["attempts"] == 1
    assert got["2.9"]["correct"] == 1  # the first click decided
    assert store.progress("someone-else") == {}


def test_wrong_answer_makes_topic_due_sooner_than_right(engine: Engine) -> None:
    store = ProgressStore(engine)
    now = datetime(2026, 1, 1, tzinfo=UTC)
    store.record("a", "1.2", "x", kind="practice", correct=True, answer="5", now=now)
    store.record("b", "1.2", "x", kind="reveal", correct=False, answer="reveal", now=now)
    due_right = datetime.fromisoformat(store.progress("a")["1.2"]["due"])
    due_wrong = datetime.fromisoformat(store.progress("b")["1.2"]["due"])
    assert due_wrong < due_right
    assert store.due_topics("b", now + timedelta(days=1)) == ["1.2"]
    assert store.due_topics("b", now - timedelta(days=1)) == []


def test_export_import_round_trip_merges_without_duplicates(engine: Engine) -> None:
    store = ProgressStore(engine)
    store.record("old", "1.5", "dot-1", kind="practice", correct=True, answer="32")
    store.record("old", "1.6", "cos-1", kind="reveal", correct=False, answer="reveal")
    exported = store.export("old", key="server-key")
    assert store.import_("new", exported, key="server-key") == 2
    assert store.import_("new", exported, key="server-key") == 0
    assert store.progress("new") == store.progress("old")


@pytest.mark.parametrize(
    "bad",
    [None, [], {"format": "other"}, {"format": "mathforai-progress", "version": 1, "attempts": 3}],
)
def test_import_rejects_what_is_not_an_export(engine: Engine, bad: object) -> None:
    with pytest.raises(ImportFormatError):
        ProgressStore(engine).import_("x", bad)


def test_reset_forgets_one_learner_only(engine: Engine) -> None:
    store = ProgressStore(engine)
    store.record("a", "1.5", "d", kind="practice", correct=True, answer="1")
    store.record("b", "1.5", "d", kind="practice", correct=True, answer="1")
    store.reset("a")
    assert store.progress("a") == {}
    assert store.progress("b")["1.5"]["attempts"] == 1


def test_unusable_database_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError, match="cannot create the data folder"):
        make_engine(f"sqlite:///{blocker / 'sub' / 'p.sqlite3'}")
    with pytest.raises(StoreError, match="not a database URL"):
        make_engine("not a url")
    with pytest.raises(StoreError, match="unsupported database"):
        make_engine("mysql://u@h/db")


@pytest.mark.parametrize(
    ("results", "level"),
    [
        ([], "new"),
        ([False], "attempted"),
        ([True, False, False, False], "attempted"),
        ([True, True, False], "familiar"),
        ([True, True, True, False], "proficient"),
        ([True] * 8, "mastered"),
        ([True] * 7 + [False], "proficient"),
        ([False] * 20 + [True] * 10, "mastered"),
    ],
)
def test_mastery_ladder_reads_recent_results(results: list[bool], level: str) -> None:
    assert mastery(results) == level


def test_head_revision_constant_matches_the_migration_scripts() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from mathforai.progress.db import HEAD_REVISION, MIGRATIONS

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    assert ScriptDirectory.from_config(cfg).get_current_head() == HEAD_REVISION
