"""Our numpy forward pass against sentence-transformers on torch (the reference).

golden_embeddings.json was made by tools/labs_reference.py, with the versions it records;
torch is not installed here, only its output is. Every entry must agree within 1e-4 and
every embedding's cosine with the reference must be at least 0.9999.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from mathforai.labs.model import encode
from mathforai.labs.weights import EXPECTED_SHA256

GOLDEN = json.loads((Path(__file__).parent / "golden_embeddings.json").read_text("utf-8"))
CASES = GOLDEN["cases"]

pytestmark = pytest.mark.usefixtures("weights")


def test_the_golden_file_is_what_it_claims() -> None:
    assert len(CASES) >= 20
    assert len({c["text"] for c in CASES}) == len(CASES)
    assert GOLDEN["sha256"] == EXPECTED_SHA256  # made from the very files we load
    assert {"torch", "sentence-transformers", "transformers"} <= set(GOLDEN["versions"])
    for case in CASES:
        ref = np.asarray(case["embedding"])
        assert ref.shape == (384,)
        assert abs(np.linalg.norm(ref) - 1) < 1e-5


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["text"][:30])
def test_embedding_matches_the_reference(case: dict) -> None:
    ours = encode(case["text"])
    ref = np.asarray(case["embedding"], dtype=np.float64)
    mine = ours.embedding.astype(np.float64)
    assert len(ours.tokens) == case["tokens"]
    assert np.max(np.abs(mine - ref)) <= 1e-4
    cosine = float(mine @ ref / (np.linalg.norm(mine) * np.linalg.norm(ref)))
    assert cosine >= 0.9999


def test_a_wrong_forward_pass_would_fail_the_comparison() -> None:
    """The tolerance is tight enough to catch a real mistake, e.g. the tanh GELU or
    pooling only [CLS]: those differ from the reference by far more than 1e-4."""
    from mathforai.labs import encoder as enc

    model = __import__("mathforai.labs.model", fromlist=["get_encoder"]).get_encoder()
    case = CASES[1]
    x = enc.embeddings(model, np.asarray(model.tokenize(case["text"])[1]))
    for block in model.blocks:
        x, _ = enc.transformer_block(x, block, model.config)
    cls_only = enc.l2_normalise(x[0])
    ref = np.asarray(case["embedding"])
    assert np.max(np.abs(cls_only - ref)) > 1e-2
