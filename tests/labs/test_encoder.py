"""The forward pass's stages, each checked on its own against its definition."""

from __future__ import annotations

import math

import numpy as np
import pytest

from mathforai.engine import InputError
from mathforai.labs import encoder as enc
from mathforai.labs.model import MAX_TOKENS, encode


def test_erf_matches_the_standard_library_closely() -> None:
    xs = np.linspace(-6, 6, 2001)
    ours = enc.erf(xs)
    exact = np.array([math.erf(x) for x in xs])
    assert np.max(np.abs(ours - exact)) < 2e-7


def test_gelu_is_x_times_the_normal_cdf() -> None:
    for x in (-3.0, -0.5, 0.0, 0.7, 2.5):
        phi = 0.5 * (1 + math.erf(x / math.sqrt(2)))
        assert float(enc.gelu(np.array([x]))[0]) == pytest.approx(x * phi, abs=1e-6)


def test_layer_norm_gives_mean_zero_variance_one_before_the_scale() -> None:
    x = np.array([[1.0, 2.0, 3.0, 10.0], [-5.0, 0.0, 5.0, 0.0]])
    norm = enc.Norm(np.ones(4), np.zeros(4))
    y = enc.layer_norm(x, norm, 1e-12)
    assert np.allclose(y.mean(axis=1), 0) and np.allclose(y.var(axis=1), 1)


def test_softmax_rows_sum_to_one_without_overflow() -> None:
    rows = enc.softmax(np.array([[1000.0, 999.0, 0.0], [0.1, 0.2, 0.3]]))
    assert np.all(np.isfinite(rows)) and np.allclose(rows.sum(axis=1), 1)


def test_mean_pooling_and_normalising() -> None:
    x = np.array([[3.0, 0.0], [1.0, 4.0]])
    pooled = enc.mean_pooling(x)
    assert pooled.tolist() == [2.0, 2.0]
    assert np.linalg.norm(enc.l2_normalise(pooled)) == pytest.approx(1)


@pytest.mark.usefixtures("weights")
class TestTheModel:
    def test_an_embedding_has_384_entries_and_length_one(self) -> None:
        e = encode("Vectors point somewhere.")
        assert e.embedding.shape == (384,)
        assert float(np.linalg.norm(e.embedding)) == pytest.approx(1, abs=1e-6)
        assert e.tokens[0] == "[CLS]" and e.tokens[-1] == "[SEP]"

    def test_attention_is_kept_only_when_asked_and_rows_sum_to_one(self) -> None:
        assert encode("hello there").layers == []
        kept = encode("hello there", keep_attention=True)
        assert len(kept.layers) == 6
        for trace in kept.layers:
            assert trace.weights.shape == (12, 4, 4)
            assert np.allclose(trace.weights.sum(axis=-1), 1, atol=1e-5)

    def test_256_tokens_pass_and_257_are_refused_naming_the_limit(self) -> None:
        # "a" is one token; [CLS] and [SEP] make two more.
        assert len(encode(" ".join(["a"] * (MAX_TOKENS - 2))).tokens) == MAX_TOKENS
        with pytest.raises(InputError) as caught:
            encode(" ".join(["a"] * (MAX_TOKENS - 1)))
        assert caught.value.field == "text" and "256 tokens" in caught.value.message

    @pytest.mark.parametrize("bad", ["", "   ", None, 12, ["a"]])
    def test_non_text_is_refused(self, bad: object) -> None:
        with pytest.raises(InputError) as caught:
            encode(bad)
        assert caught.value.field == "text"
