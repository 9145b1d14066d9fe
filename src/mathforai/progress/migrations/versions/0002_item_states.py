"""Exercise ids name their generator; one lifecycle row per item; attempts keep what they
were graded against.

- attempts gain outcome, prompt, expected, version and source;
- item_states holds each learner's state for each exercise or quick check;
- ids of the old form topic:POSITION:seed are rewritten to topic:GENERATOR:seed with the
  generator lists as they were when those ids were issued (frozen below: never import the
  live registry in a migration), and item_states is built from the old attempts: the first
  answer decided, and an old wrong answer had shown the solution at once, so it is revealed.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""

import re
from datetime import UTC

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

LEGACY_GENERATORS = {
    "1.1": ("scalar-mean-loss", "scalar-largest"),
    "1.2": ("vector-magnitude", "vector-unit"),
    "1.3": ("matrix-shape", "matrix-add", "matrix-subtract"),
    "1.4": ("transpose-shape", "transpose-entry", "transpose-matrix"),
    "1.5": ("dot-compute", "dot-sign"),
    "1.6": ("cosine-judge", "cosine-compute"),
    "1.7": ("matmul-shape-answer", "matmul-defined", "matmul-compute"),
    "1.8": ("norm-l1", "norm-l2", "norm-compare"),
    "1.9": ("minmax-entry", "l2-normalize"),
    "1.10": ("lincomb-two", "lincomb-three"),
    "1.11": ("span-kind", "span-member"),
    "1.12": ("basis-coordinates", "basis-judge"),
    "1.13": ("dimension-of-span", "dimension-whole-space"),
    "1.14": ("independence-judge", "independence-rank"),
    "1.15": ("tensor-nested-shape", "tensor-batch-shape", "tensor-numel"),
    "2.1": ("mean-compute", "mean-outlier"),
    "2.2": ("variance-population", "variance-sample", "variance-transform"),
    "2.3": ("std-population", "std-sample", "std-compare"),
    "2.4": ("probability-compute", "distribution-valid", "union-compute"),
    "2.5": ("conditional-compute", "conditional-counts", "conditional-independent"),
    "2.6": ("bayes-evidence", "bayes-posterior", "bayes-judge"),
    "2.7": ("log-single", "logprob-sum", "logprob-compare"),
    "2.8": ("entropy-compute", "cross-entropy-compute", "entropy-compare"),
    "2.9": ("softmax-entry", "softmax-temperature-judge", "softmax-temperature-entry"),
    "3.1": ("derivative-value", "rule-first"),
    "3.2": ("chain-power-value", "chain-function-value"),
    "3.3": ("partial-value", "partial-loss"),
    "3.4": ("gradient-vector", "steepest-descent-choice"),
    "3.5": ("gd-step-value", "gd-step-on-function", "learning-rate-choice"),
    "3.6": ("residual-value", "least-squares-fit"),
}
_LEGACY_ID = re.compile(r"^(\d\.\d{1,2}):(\d{1,2}):(\d{1,12})$")


def legacy_to_named(item_id: str) -> str:
    """topic:POSITION:seed → topic:GENERATOR:seed; other ids unchanged."""
    match = _LEGACY_ID.match(item_id)
    if not match:
        return item_id
    topic, position, seed = match.groups()
    names = LEGACY_GENERATORS.get(topic, ())
    if int(position) >= len(names):
        return item_id
    return f"{topic}:{names[int(position)]}:{seed}"


def upgrade() -> None:
    with op.batch_alter_table("attempts") as batch:
        batch.add_column(sa.Column("outcome", sa.String(16), nullable=True))
        batch.add_column(sa.Column("prompt", sa.Text, nullable=True))
        batch.add_column(sa.Column("expected", sa.String(500), nullable=True))
        batch.add_column(sa.Column("version", sa.Integer, nullable=True))
        batch.add_column(
            sa.Column("source", sa.String(16), nullable=False, server_default="server")
        )
    op.create_table(
        "item_states",
        sa.Column(
            "learner_id",
            sa.String(64),
            sa.ForeignKey("learners.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("item_id", sa.String(200), primary_key=True),
        sa.Column("topic_id", sa.String(16), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("source", sa.String(16), nullable=False, server_default="server"),
        sa.Column("placement", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_item_states_learner_topic", "item_states", ["learner_id", "topic_id"])
    _migrate_rows()


def _migrate_rows() -> None:
    conn = op.get_bind()
    attempts = sa.table(
        "attempts",
        sa.column("id", sa.Integer),
        sa.column("learner_id", sa.String),
        sa.column("topic_id", sa.String),
        sa.column("item_id", sa.String),
        sa.column("kind", sa.String),
        sa.column("correct", sa.Boolean),
        sa.column("created_at", sa.DateTime(timezone=True)),
        sa.column("outcome", sa.String),
    )
    states = sa.table(
        "item_states",
        sa.column("learner_id", sa.String),
        sa.column("item_id", sa.String),
        sa.column("topic_id", sa.String),
        sa.column("kind", sa.String),
        sa.column("state", sa.String),
        sa.column("source", sa.String),
        sa.column("placement", sa.Boolean),
        sa.column("created_at", sa.DateTime(timezone=True)),
        sa.column("updated_at", sa.DateTime(timezone=True)),
    )
    rows = conn.execute(
        sa.select(
            attempts.c.id,
            attempts.c.learner_id,
            attempts.c.topic_id,
            attempts.c.item_id,
            attempts.c.kind,
            attempts.c.correct,
            attempts.c.created_at,
        ).order_by(attempts.c.id)
    ).all()
    seen: set[tuple[str, str]] = set()
    new_states = []
    for row in rows:
        item_id = legacy_to_named(row.item_id)
        first = (row.learner_id, item_id) not in seen
        seen.add((row.learner_id, item_id))
        outcome = _legacy_outcome(row.kind, bool(row.correct)) if first else "closed"
        conn.execute(
            sa.update(attempts)
            .where(attempts.c.id == row.id)
            .values(item_id=item_id, outcome=outcome)
        )
        if first:
            when = row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=UTC)
            new_states.append(
                {
                    "learner_id": row.learner_id,
                    "item_id": item_id,
                    "topic_id": row.topic_id,
                    "kind": "quiz" if row.kind == "quiz" else "practice",
                    "state": outcome,
                    "source": "server",
                    "placement": False,
                    "created_at": when,
                    "updated_at": when,
                }
            )
    if new_states:
        conn.execute(sa.insert(states), new_states)


def _legacy_outcome(kind: str, correct: bool) -> str:
    if correct:
        return "solved"
    return "missed" if kind == "quiz" else "revealed"


def downgrade() -> None:
    op.drop_index("ix_item_states_learner_topic", "item_states")
    op.drop_table("item_states")
    with op.batch_alter_table("attempts") as batch:
        for column in ("source", "version", "expected", "prompt", "outcome"):
            batch.drop_column(column)
