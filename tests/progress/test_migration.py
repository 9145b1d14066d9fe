"""Old progress records keep working: a store written before 0002 (exercise ids by position,
no lifecycle) is migrated in place, on SQLite and on a real PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, inspect, text

from mathforai.practice.registry import exercise_from_id
from mathforai.progress.db import HEAD_REVISION, MIGRATIONS, make_engine, migrate
from mathforai.progress.repository import ProgressStore

T0 = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
# (item id as stored before 0002, kind, correct): what the old app wrote.
LEGACY = [
    ("1.5:0:7", "practice", True),  # solved on the first answer
    ("1.5:0:7", "practice", True),  # the old app counted a re-answer: it must not count now
    ("1.5:1:8", "practice", False),  # a wrong answer showed the solution at once
    ("1.5:0:9", "reveal", False),  # "show the solution"
    ("quiz:1.5-dot-sign", "quiz", True),
    ("quiz:1.5-dot-sign", "quiz", False),  # a later click on the same quick check
]


def _empty_database(
    request: pytest.FixtureRequest, kind: str, tmp_path: Path, name: str
) -> Iterator[str]:
    """The URL of a new, empty database of `kind`, dropped afterwards."""
    if kind == "sqlite":
        yield f"sqlite:///{tmp_path / f'{name}.sqlite3'}"
        return
    base = request.getfixturevalue("postgres_url")
    database = f"{name}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{database}"'))
    yield base.rsplit("/", 1)[0] + f"/{database}"
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE "{database}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def old_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from _empty_database(request, request.param, tmp_path, "migration")


def _at_0001(engine: Engine) -> None:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        conn.execute(text("INSERT INTO learners (id, created_at) VALUES ('old', :t)"), {"t": T0})
        for n, (item, kind, correct) in enumerate(LEGACY):
            conn.execute(
                text(
                    "INSERT INTO attempts (learner_id, topic_id, item_id, kind, correct, answer,"
                    " created_at) VALUES ('old', '1.5', :item, :kind, :correct, '1', :t)"
                ),
                {"item": item, "kind": kind, "correct": correct, "t": T0 + timedelta(minutes=n)},
            )


def test_old_records_are_migrated_and_keep_counting(old_url: str) -> None:
    engine = make_engine(old_url)
    _at_0001(engine)
    migrate(engine)
    store = ProgressStore(engine)
    topic = store.progress("old")["1.5"]
    # Items, not clicks: 3 exercises and 1 quick check; right first: 1.5:0:7 and the quiz.
    assert (topic["attempts"], topic["correct"], topic["revealed"]) == (4, 2, 2)
    assert topic["imported"] == 0
    with engine.connect() as conn:
        items = conn.execute(text("SELECT item_id FROM attempts ORDER BY id")).scalars().all()
    assert items[0] == "1.5:dot-compute:7" and items[2] == "1.5:dot-sign:8"
    assert exercise_from_id(items[0]).topic == "1.5", "a migrated id rebuilds its exercise"
    # The migrated items are closed: answering them again changes nothing.
    before = store.progress("old")
    assert store.answer("old", "1.5", items[0], kind="practice", event="right", answer="1") is None
    assert store.progress("old") == before
    engine.dispose()


def _schema(engine: Engine) -> dict[str, object]:
    """Everything a schema holds that the app relies on, in comparable form."""
    found = inspect(engine)
    schema: dict[str, object] = {}
    for table in sorted(found.get_table_names()):
        columns = [
            (c["name"], str(c["type"]), c["nullable"], str(c.get("default")))
            for c in found.get_columns(table)
        ]
        schema[table] = {
            "columns": sorted(columns),
            "primary key": found.get_pk_constraint(table)["constrained_columns"],
            "foreign keys": sorted(
                (tuple(f["constrained_columns"]), f["referred_table"], str(f.get("options")))
                for f in found.get_foreign_keys(table)
            ),
            "indexes": sorted(
                (i["name"], tuple(i["column_names"])) for i in found.get_indexes(table)
            ),
        }
    return schema


@pytest.fixture
def second_url(request: pytest.FixtureRequest, old_url: str, tmp_path: Path) -> Iterator[str]:
    """Another empty database of the same kind as `old_url`."""
    kind = "sqlite" if old_url.startswith("sqlite") else "postgresql"
    yield from _empty_database(request, kind, tmp_path, "second")


def test_a_new_database_gets_the_schema_the_migrations_build(old_url: str, second_url: str) -> None:
    """A first start creates the newest schema from the models instead of replaying every
    migration: it must be the schema the migrations build, stamped at their head, so later
    migrations apply to it as to any other database."""
    created, replayed = make_engine(old_url), make_engine(second_url)
    try:
        migrate(created)  # empty: created from the models
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        with replayed.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
        assert _schema(created) == _schema(replayed)
        with created.connect() as conn:
            version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        assert version == HEAD_REVISION
        migrate(created)  # at head: nothing to do, and nothing breaks
        store = ProgressStore(created)
        store.answer("ada", "1.5", "1.5:dot-sign:1", kind="practice", event="right", answer="1")
        assert store.progress("ada")["1.5"]["correct"] == 1
    finally:
        created.dispose()
        replayed.dispose()
