"""The four labs' computations: what a learner is shown must be true of the model."""

from __future__ import annotations

import math

import numpy as np
import pytest

from mathforai.engine import InputError
from mathforai.labs import corpus
from mathforai.labs.attention import attention
from mathforai.labs.model import get_encoder
from mathforai.labs.precision import precision
from mathforai.labs.retrieval import search
from mathforai.labs.similarity import compare

pytestmark = pytest.mark.usefixtures("weights")


def test_the_corpus_is_ours_and_large_enough() -> None:
    items = corpus.passages()
    assert len(items) >= 200
    assert len({p.text for p in items}) == len(items)  # no duplicates
    assert all(p.topic for p in items) and all(len(p.text) < 300 for p in items)


def test_cosine_of_paraphrases_beats_unrelated_and_uses_the_engine() -> None:
    close = compare("A cat sat on the mat.", "A kitten was resting on the rug.")
    far = compare("A cat sat on the mat.", "Interest rates rose in March.")
    assert close.cosine > far.cosine
    assert close.working.operation == "cosine"
    assert close.cosine == pytest.approx(
        float(close.a.encoding.embedding @ close.b.encoding.embedding), abs=1e-6
    )
    first, second = close.working.steps[0].text, close.working.steps[-2].text
    assert "u·v" in first and "‖u‖" in second


def test_search_ranks_by_cosine_highest_first() -> None:
    result = search("How does gradient descent update the weights?", 5)
    scores = [h.score for h in result.results]
    assert len(scores) == 5 and scores == sorted(scores, reverse=True)
    assert result.results[0].passage.topic in {"3.4", "3.5"}
    # the engine's working for the top hit gives the same score
    assert float(result.working.result) == pytest.approx(scores[0], abs=1e-9)


def test_ranking_by_dot_product_is_what_it_says() -> None:
    result = search("softmax overflow", 10)
    vectors = corpus.pooled_vectors(get_encoder()).astype(np.float64)
    dots = vectors @ result.encoding.pooled.astype(np.float64)
    assert [h.passage.index for h in result.by_dot] == list(np.argsort(-dots)[:10])
    for hit in result.by_dot:
        assert hit.norm == pytest.approx(float(np.linalg.norm(vectors[hit.passage.index])))


def test_the_corpus_cache_is_keyed_by_content(tmp_path, monkeypatch) -> None:
    assert corpus.cache_path().exists()  # written by the searches above
    key = corpus.corpus_key()
    changed = tmp_path / "corpus.txt"
    changed.write_text(corpus.CORPUS_FILE.read_text() + "lab | One more passage.\n")
    monkeypatch.setattr(corpus, "CORPUS_FILE", changed)
    assert corpus.corpus_key() != key


@pytest.mark.parametrize("k", [0, 21, "3", 2.5, True])
def test_bad_k_is_refused_naming_k(k: object) -> None:
    with pytest.raises(InputError) as caught:
        search("anything", k)
    assert caught.value.field == "k"


def test_attention_row_is_the_engines_softmax_of_the_scaled_scores() -> None:
    view = attention("The animal did not cross the street because it was tired.", 5, 3, 9)
    assert view.tokens[9] == "it"
    assert np.allclose(view.weights.sum(axis=1), 1, atol=1e-5)
    engine_row = np.asarray(view.softmax_working.result)
    assert np.allclose(engine_row, view.weights[9], atol=1e-5)
    strongest = view.strongest
    assert float(view.dot_working.result) / math.sqrt(32) == pytest.approx(
        view.scores[strongest], rel=1e-9
    )


@pytest.mark.parametrize(
    ("field", "args"), [("layer", (7, 1)), ("head", (1, 13)), ("layer", (0, 1))]
)
def test_attention_refuses_layers_and_heads_that_do_not_exist(field: str, args: tuple) -> None:
    with pytest.raises(InputError) as caught:
        attention("hello", *args)
    assert caught.value.field == field


def test_precision_shows_rounding_overflow_and_stable_softmax() -> None:
    result = precision("How do I keep softmax from overflowing?", 8, 0.05)
    by = {t.name: t for t in result.types}
    assert list(by) == ["float64", "float32", "float16", "bfloat16"]
    # rounding: the coarser the format, the further its scores from float64's
    ref = np.asarray(by["float64"].scores)
    errors = [
        np.max(np.abs(np.asarray(by[n].scores) - ref)) for n in ("float32", "float16", "bfloat16")
    ]
    assert errors[0] < 1e-6 < errors[1] < errors[2]
    # overflow: e^(0.7/0.05) = e^14 is past float16's 65504, not past float32's range
    assert by["float16"].overflowed and not by["float32"].overflowed
    assert any(math.isnan(x) or math.isinf(x) for x in by["float16"].naive)
    for t in result.types:
        assert sum(t.stable) == pytest.approx(1, abs=1e-2)
    assert result.softmax_working.operation == "softmax"
    assert np.allclose(result.softmax_working.result, by["float64"].stable)
    assert result.to_dict()["types"][2]["naive_softmax"][0] in ("nan", "inf")


def test_a_ranking_flip_is_reported() -> None:
    result = precision("What is a vector?", 20, 0.05)
    flips = {f["type"] for f in result.flips}
    assert "bfloat16" in flips  # 20 close scores: 8 bits of mantissa cannot keep them apart
    for t in result.types[1:]:
        assert (t.name in flips) == (t.ranks != list(range(1, 21)))


def test_a_page_row_past_the_sentence_means_its_last_token() -> None:
    """The API refuses such a row naming it; the pages keep the row while the learner
    types a shorter sentence, and mean the last token ([SEP])."""
    with pytest.raises(InputError) as caught:
        attention("a cat", 1, 1, 9)
    assert caught.value.field == "row"
    view = attention("a cat", 1, 1, 9, clamp_row=True)
    assert view.row == len(view.tokens) - 1 and view.tokens[view.row] == "[SEP]"


def test_the_default_attention_row_shows_it_looking_at_animal() -> None:
    """The attention page's starting point (layer 4, head 2, row 9) is chosen to teach."""
    view = attention("The animal did not cross the street because it was tired.", 4, 2, 9)
    assert view.tokens[9] == "it" and view.tokens[view.strongest] == "animal"
