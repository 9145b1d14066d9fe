"""Opening the store: engine options per database, and migrations applied at start."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    create_engine,
    event,
    inspect,
    text,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

MIGRATIONS = Path(__file__).parent / "migrations"


class StoreError(RuntimeError):
    """The progress database cannot be used; the message says what to fix."""


def make_engine(url: str) -> Engine:
    """An engine for SQLite (WAL, busy timeout) or PostgreSQL (psycopg 3)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError(f"MATHFORAI_DATABASE_URL is not a database URL: {url!r}") from None
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed.render_as_string(hide_password=False), parsed.database)
    if parsed.get_backend_name() == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        return create_engine(parsed, pool_pre_ping=True, pool_size=10, max_overflow=20)
    backend = parsed.get_backend_name()
    raise StoreError(f"unsupported database {backend!r}: use sqlite or postgresql")


def _sqlite_engine(url: str, database: str | None) -> Engine:
    if database and database != ":memory:":
        folder = Path(database).expanduser().parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the data folder {folder}: {exc.strerror}") from None
    engine = create_engine(url, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
        cur = dbapi_conn.cursor()
        # WAL lets readers and one writer work at once; busy_timeout makes a second
        # process wait for the lock instead of failing; foreign keys are off by default.
        cur.execute("PRAGMA busy_timeout=30000")
        _wal(cur)
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()
        # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's own is DEFERRED only).
        dbapi_conn.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(conn) -> None:  # type: ignore[no-untyped-def]
        # A write that first reads (the review card) must hold the write lock from the start;
        # a DEFERRED transaction upgrading its lock fails at once with "database is locked".
        immediate = conn.get_execution_options().get("write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def _wal(cur: Any) -> None:
    """Switch to WAL. Several processes opening a new file at once race for that switch,
    and SQLite reports the loser as locked without calling the busy handler: retry."""
    import sqlite3

    for attempt in range(100):
        try:
            if cur.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
                return
            cur.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == 99:
                raise
            time.sleep(0.05)


HEAD_REVISION = "0002"  # the newest file in migrations/versions (a test keeps them in step)


def at_head(engine: Engine) -> bool:
    """Whether the schema is already current: the common case at start, answered without
    loading Alembic."""
    try:
        with engine.connect() as conn:
            version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except SQLAlchemyError:
        return False
    return version == HEAD_REVISION


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision (safe to call from several processes)."""
    if at_head(engine):
        return
    try:
        # IMMEDIATE on SQLite: Alembic reads, then writes, and a deferred lock upgrade
        # fails at once when another process migrates at the same moment.
        with engine.connect().execution_options(write=True) as conn, conn.begin():
            if conn.dialect.name == "postgresql":
                # Two app processes starting together must not both create the tables.
                conn.execute(text("SELECT pg_advisory_xact_lock(424242)"))
            if inspect(conn).get_table_names():
                _upgrade(conn)
            else:
                _create_at_head(conn)
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot open the progress database: {_reason(exc)}") from None


def _upgrade(conn: Connection) -> None:
    """Alembic's migrations, from whatever revision the database is at to the newest."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, "head")


def _create_at_head(conn: Connection) -> None:
    """A new, empty database: the newest schema straight from the models, stamped as the
    newest revision. Replaying every migration (and importing Alembic) cost a first start
    half a second; a test checks that both ways give the same schema."""
    from .models import Base

    Base.metadata.create_all(conn)
    version = Table(
        "alembic_version",
        MetaData(),
        Column("version_num", String(32), nullable=False),
        PrimaryKeyConstraint("version_num", name="alembic_version_pkc"),
    )
    version.create(conn)
    conn.execute(version.insert().values(version_num=HEAD_REVISION))


def _reason(exc: SQLAlchemyError) -> str:
    orig = getattr(exc, "orig", None)
    return str(orig or exc).splitlines()[0]


def check_writable(engine: Engine) -> None:
    """Prove the store accepts a write (rolled back), or raise StoreError saying why."""
    from .models import Learner

    try:
        with engine.connect().execution_options(write=True) as conn:
            trans = conn.begin()
            conn.execute(Learner.__table__.insert().values(id="__probe__", created_at=_now()))
            trans.rollback()
    except SQLAlchemyError as exc:
        raise StoreError(f"the progress database does not accept writes: {_reason(exc)}") from None


def sqlite_file(engine: Engine) -> Path | None:
    """The file behind an SQLite engine (None for memory databases and PostgreSQL)."""
    if engine.dialect.name != "sqlite":
        return None
    database = engine.url.database
    return Path(database) if database and database != ":memory:" else None


def _now():  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    return datetime.now(UTC)


def ping(engine: Engine) -> None:
    """One cheap read of the store (for /healthz), or StoreError saying why it failed."""
    from .models import Learner

    path = sqlite_file(engine)
    if path is not None and not path.exists():
        raise StoreError(f"the database file {path} is missing")
    try:
        with engine.connect() as conn:
            conn.execute(Learner.__table__.select().with_only_columns(Learner.id).limit(1))
    except SQLAlchemyError as exc:
        raise StoreError(f"the database does not answer: {_reason(exc)}") from None
