"""Lab 3, attention: one head's weights as a heat map, and one row worked by the engine.

Layers and heads are numbered from 1, as the pages show them (layer 1–6, head 1–12).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..engine import Explanation, InputError, explain
from .model import Encoding, encode

LAYERS = 6
HEADS = 12


@dataclass
class AttentionView:
    text: str
    encoding: Encoding
    layer: int
    head: int
    row: int  # 0-based token index whose row is worked
    weights: np.ndarray  # (tokens, tokens)
    scores: list[float]  # the worked row's QKᵀ/√d
    dot_working: Explanation  # q·k for the row's strongest key
    softmax_working: Explanation

    @property
    def tokens(self) -> list[str]:
        return self.encoding.tokens

    @property
    def strongest(self) -> int:
        return int(np.argmax(self.weights[self.row]))

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "tokens": self.tokens,
            "layer": self.layer,
            "head": self.head,
            "weights": [[float(w) for w in row] for row in self.weights],
            "row": self.row,
            "row_token": self.tokens[self.row],
            "scores": self.scores,
            "head_size": 32,
            "dot_working": self.dot_working.to_dict(),
            "softmax_working": self.softmax_working.to_dict(),
        }


def _whole(value: object, field: str, low: int, high: int, default: int) -> int:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InputError(field, f"{field} must be a whole number from {low} to {high}")
    return value


def attention(
    text: object,
    layer: object = None,
    head: object = None,
    row: object = None,
    clamp_row: bool = False,
) -> AttentionView:
    """Head `head` of layer `layer` on `text`; `row` (0-based token) defaults to the
    first token after [CLS]. `clamp_row`: a row past the last token means the last token
    (a page form keeps its row while the learner types a shorter sentence)."""
    layer_n = _whole(layer, "layer", 1, LAYERS, 1)
    head_n = _whole(head, "head", 1, HEADS, 1)
    encoding = encode(text, "text", keep_attention=True)
    count = len(encoding.tokens)
    if clamp_row and isinstance(row, int) and not isinstance(row, bool) and row >= count:
        row = count - 1
    row_i = _whole(row, "row", 0, count - 1, min(1, count - 1))
    trace = encoding.layers[layer_n - 1]
    q = trace.query[head_n - 1].astype(np.float64)
    k = trace.key[head_n - 1].astype(np.float64)
    weights = trace.weights[head_n - 1]
    d = q.shape[1]
    scores = [float(x) for x in k @ q[row_i] / math.sqrt(d)]
    strongest = int(np.argmax(weights[row_i]))
    dot_working = explain("dot", {"u": _floats(q[row_i]), "v": _floats(k[strongest])})
    softmax_working = explain("softmax", {"logits": scores})
    return AttentionView(
        str(text),
        encoding,
        layer_n,
        head_n,
        row_i,
        weights,
        scores,
        dot_working,
        softmax_working,
    )


def _floats(v: np.ndarray) -> list[float]:
    return [float(x) for x in v]
