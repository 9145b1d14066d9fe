"""all-MiniLM-L6-v2's forward pass in numpy: tokens in, one 384-number sentence vector out.

Each stage is a function named after the course topic that teaches it, so a learner can
read the model from top to bottom:

    embeddings            look up a vector per token, add its position        (1.2 vectors)
    attention             QKᵀ/√d, softmax, a weighted sum of values           (1.7, 2.9, 4.x)
    feed_forward          two matrix multiplications with GELU between        (1.7)
    layer_norm            centre and scale each token's vector                (2.1-2.3, 1.9)
    mean_pooling          average the token vectors into one                  (2.1)
    l2_normalise          divide by the length, so cosine = dot product       (1.8, 1.6)

The arithmetic runs in float32, as the reference implementation does; tests compare
the result with sentence-transformers on torch (tests/labs/golden_embeddings.json).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .weights import model_dir

MAX_TOKENS = 256  # the model's window, [CLS] and [SEP] included (sentence_bert_config.json)
DTYPE = np.float32


@dataclass(frozen=True)
class Config:
    hidden: int = 384
    heads: int = 12
    layers: int = 6
    eps: float = 1e-12

    @property
    def head_size(self) -> int:
        return self.hidden // self.heads


@dataclass(frozen=True)
class Linear:
    """y = x W + b, with W stored as (inputs, outputs) so the product reads left to right."""

    w: np.ndarray
    b: np.ndarray

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return x @ self.w + self.b


@dataclass(frozen=True)
class Norm:
    gain: np.ndarray
    bias: np.ndarray


@dataclass(frozen=True)
class Block:
    """One of the six transformer layers."""

    query: Linear
    key: Linear
    value: Linear
    attention_out: Linear
    attention_norm: Norm
    expand: Linear  # 384 → 1536
    contract: Linear  # 1536 → 384
    output_norm: Norm


@dataclass
class HeadTrace:
    """What one layer's attention did, kept when a lab asks to look inside."""

    query: np.ndarray  # (heads, tokens, head_size)
    key: np.ndarray
    weights: np.ndarray  # (heads, tokens, tokens), each row sums to 1


@dataclass
class Encoding:
    tokens: list[str]
    ids: list[int]
    pooled: np.ndarray  # the mean of the token vectors, before normalising
    embedding: np.ndarray  # pooled / ‖pooled‖: length 1
    layers: list[HeadTrace] = field(default_factory=list)


# ---------------------------------------------------------------- the stages


def embeddings(model: Encoder, ids: np.ndarray) -> np.ndarray:
    """A vector per token: its word vector + its position vector + the segment vector."""
    positions = np.arange(len(ids))
    x = model.word[ids] + model.position[positions] + model.segment[0]
    return layer_norm(x, model.embedding_norm, model.config.eps)


def layer_norm(x: np.ndarray, norm: Norm, eps: float) -> np.ndarray:
    """Each row to mean 0 and variance 1, then a learned scale and shift per feature."""
    mean = x.mean(axis=-1, keepdims=True)
    variance = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(variance + eps) * norm.gain + norm.bias


def softmax(scores: np.ndarray) -> np.ndarray:
    """Along the last axis, the stable way: subtract the row's max before exp."""
    shifted = scores - scores.max(axis=-1, keepdims=True)
    exps = np.exp(shifted)
    return exps / exps.sum(axis=-1, keepdims=True)


def split_heads(x: np.ndarray, heads: int) -> np.ndarray:
    """(tokens, 384) → (heads, tokens, 32): each head works on its own 32 features."""
    tokens, hidden = x.shape
    return x.reshape(tokens, heads, hidden // heads).transpose(1, 0, 2)


def attention(x: np.ndarray, block: Block, config: Config) -> tuple[np.ndarray, HeadTrace]:
    """Every token gathers from every token, weighted by softmax(QKᵀ/√d)."""
    q = split_heads(block.query(x), config.heads)
    k = split_heads(block.key(x), config.heads)
    v = split_heads(block.value(x), config.heads)
    scores = q @ k.transpose(0, 2, 1) / math.sqrt(config.head_size)
    weights = softmax(scores)
    mixed = weights @ v  # (heads, tokens, head_size)
    merged = mixed.transpose(1, 0, 2).reshape(x.shape)
    return block.attention_out(merged), HeadTrace(q, k, weights)


def erf(x: np.ndarray) -> np.ndarray:
    """The error function (Abramowitz and Stegun 7.1.26, |error| < 1.5e-7).

    numpy has no erf; this polynomial is within float32's own rounding, and tests
    check it against math.erf."""
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    return sign * (1.0 - poly * np.exp(-a * a))


def gelu(x: np.ndarray) -> np.ndarray:
    """GELU in its exact (erf) form, as BERT uses: x · Φ(x)."""
    return 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))


def feed_forward(x: np.ndarray, block: Block) -> np.ndarray:
    """Widen each token to 1536 features, bend with GELU, narrow back to 384."""
    return block.contract(gelu(block.expand(x)))


def transformer_block(x: np.ndarray, block: Block, config: Config) -> tuple[np.ndarray, HeadTrace]:
    """Attention then feed-forward, each added back to its input and layer-normed."""
    attended, trace = attention(x, block, config)
    x = layer_norm(x + attended, block.attention_norm, config.eps)
    x = layer_norm(x + feed_forward(x, block), block.output_norm, config.eps)
    return x, trace


def mean_pooling(x: np.ndarray) -> np.ndarray:
    """One vector for the sentence: the average of its token vectors ([CLS], [SEP] too)."""
    return x.mean(axis=0)


def l2_normalise(v: np.ndarray) -> np.ndarray:
    """Divide by the L2 length: the result has length 1, so dot product = cosine."""
    return v / max(float(np.linalg.norm(v)), 1e-12)


# ---------------------------------------------------------------- the model


@dataclass
class Encoder:
    config: Config
    word: np.ndarray
    position: np.ndarray
    segment: np.ndarray
    embedding_norm: Norm
    blocks: list[Block]
    tokenizer: object

    def tokenize(self, text: str) -> tuple[list[str], list[int]]:
        encoded = self.tokenizer.encode(text)  # type: ignore[attr-defined]
        return list(encoded.tokens), list(encoded.ids)

    def encode(self, text: str, keep_attention: bool = False) -> Encoding:
        """The sentence embedding of `text` (at most MAX_TOKENS tokens: check first)."""
        tokens, ids = self.tokenize(text)
        x = embeddings(self, np.asarray(ids))
        traces = []
        for block in self.blocks:
            x, trace = transformer_block(x, block, self.config)
            if keep_attention:
                traces.append(trace)
        pooled = mean_pooling(x)
        return Encoding(tokens, ids, pooled, l2_normalise(pooled), traces)


def load_encoder(folder: Path | None = None) -> Encoder:
    """Read the verified files into an Encoder (about 90 MB of float32)."""
    from safetensors.numpy import load_file
    from tokenizers import Tokenizer

    folder = folder or model_dir()
    settings = json.loads((folder / "config.json").read_text())
    config = Config(
        hidden=settings["hidden_size"],
        heads=settings["num_attention_heads"],
        layers=settings["num_hidden_layers"],
        eps=settings["layer_norm_eps"],
    )
    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    # tokenizer.json pads and cuts every input to 128; we count tokens and refuse
    # instead, so nothing the learner typed is silently dropped.
    tokenizer.no_truncation()
    tokenizer.no_padding()
    tensors = load_file(str(folder / "model.safetensors"))
    blocks = [_block(tensors, f"encoder.layer.{i}.") for i in range(config.layers)]
    return Encoder(
        config=config,
        word=_take(tensors, "embeddings.word_embeddings.weight"),
        position=_take(tensors, "embeddings.position_embeddings.weight"),
        segment=_take(tensors, "embeddings.token_type_embeddings.weight"),
        embedding_norm=_norm(tensors, "embeddings.LayerNorm."),
        blocks=blocks,
        tokenizer=tokenizer,
    )


def _take(tensors: dict[str, np.ndarray], name: str) -> np.ndarray:
    # pop: each tensor is held once, so RSS stays near the weights' own size.
    return np.ascontiguousarray(tensors.pop(name), dtype=DTYPE)


def _linear(tensors: dict[str, np.ndarray], prefix: str) -> Linear:
    # Stored (outputs, inputs) as torch does; transposed once here, not on every call.
    w = tensors.pop(prefix + "weight")
    return Linear(np.ascontiguousarray(w.T, dtype=DTYPE), _take(tensors, prefix + "bias"))


def _norm(tensors: dict[str, np.ndarray], prefix: str) -> Norm:
    return Norm(_take(tensors, prefix + "weight"), _take(tensors, prefix + "bias"))


def _block(tensors: dict[str, np.ndarray], p: str) -> Block:
    return Block(
        query=_linear(tensors, p + "attention.self.query."),
        key=_linear(tensors, p + "attention.self.key."),
        value=_linear(tensors, p + "attention.self.value."),
        attention_out=_linear(tensors, p + "attention.output.dense."),
        attention_norm=_norm(tensors, p + "attention.output.LayerNorm."),
        expand=_linear(tensors, p + "intermediate.dense."),
        contract=_linear(tensors, p + "output.dense."),
        output_norm=_norm(tensors, p + "output.LayerNorm."),
    )
