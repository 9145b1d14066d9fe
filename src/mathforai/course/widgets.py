"""The widget table: a live calculator = an engine operation + defaults + UI hints.

The names, operations and defaults are those of docs/authoring.md (DESIGN.md's contract
for the seed's six). A lesson places one with a `widget` directive; the web layer draws
the form from `controls` and asks the engine for the output, so no math lives here.

`controls` maps an argument name to a `Control`, a hint for the form:

- `kind`: "number" (a number field), "slider" (a range input with `min`/`max`/`step`),
  "text" (an expression), "select" (one of `options`) or "checkbox" (true/false).
- For a vector, matrix or object argument the kind applies to each entry; the layout
  (how many entries, rows × columns, which keys) follows the default value.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

ControlKind = Literal["number", "slider", "text", "select", "checkbox"]


@dataclass(frozen=True)
class Control:
    kind: ControlKind = "number"
    min: float | None = None
    max: float | None = None
    step: float | None = None
    options: tuple[str, ...] = ()
    label: str = ""


@dataclass(frozen=True)
class Widget:
    name: str
    op: str
    title: str
    defaults: Mapping[str, Any]
    controls: Mapping[str, Control] = field(default_factory=dict)
    topic: str = ""


NUMBER = Control("number", step=0.1)
INTEGER = Control("number", min=1, step=1)
PROBABILITY = Control("number", min=0, max=1, step=0.01)
EXPRESSION = Control("text", label="f(x)")
SAMPLE = Control("checkbox", label="sample (divide by n − 1)")


def _w(
    topic: str, name: str, op: str, title: str, defaults: dict[str, Any], **controls: Control
) -> Widget:
    filled = {arg: controls.get(arg, NUMBER) for arg in defaults}
    return Widget(name, op, title, defaults, filled, topic)


_TABLE = (
    _w("1.1", "arithmetic", "arithmetic", "Scalar arithmetic", {"a": 5, "b": 3}),
    _w("1.2", "magnitude", "magnitude", "Vector magnitude", {"v": [3, 4]}),
    _w(
        "1.3",
        "matrix-add",
        "add",
        "Add two matrices",
        {"u": [[1, 2], [3, 4]], "v": [[5, 6], [7, 8]]},
    ),
    _w("1.4", "transpose", "transpose", "Transpose a matrix", {"A": [[1, 2, 3], [4, 5, 6]]}),
    _w("1.5", "dot", "dot", "Dot product", {"u": [1, 2, 3], "v": [4, 5, 6]}),
    _w("1.6", "cosine", "cosine", "Cosine similarity", {"u": [3, 4], "v": [6, 8]}),
    _w(
        "1.7",
        "matmul",
        "matmul",
        "2×2 matrix multiplication",
        {"A": [[1, 2], [3, 4]], "B": [[5, 6], [7, 8]]},
    ),
    _w(
        "1.8",
        "norm",
        "norm",
        "L1, L2 and L∞ norms",
        {"v": [3, -4, 2], "p": 1},
        p=Control("select", options=("1", "2", "inf"), label="p"),
    ),
    _w(
        "1.9",
        "normalize",
        "normalize",
        "Normalize a feature",
        {"x": [10, 20, 30, 40, 50], "method": "minmax"},
        method=Control("select", options=("minmax", "l2"), label="method"),
    ),
    _w(
        "1.10",
        "lincomb",
        "lincomb",
        "Linear combination",
        {"c": [3, 5], "vectors": [[1, 0], [0, 1]]},
    ),
    _w("1.11", "span", "span", "What do these vectors span?", {"vectors": [[1, 2], [2, 4]]}),
    _w(
        "1.12",
        "coordinates",
        "coordinates",
        "Coordinates in a basis",
        {"basis": [[1, 1], [1, -1]], "v": [3, 5]},
    ),
    _w(
        "1.13",
        "dimension",
        "span",
        "Dimension of a span",
        {"vectors": [[1, 0, 0], [0, 1, 0], [0, 0, 1]]},
    ),
    _w(
        "1.14",
        "independence",
        "independence",
        "Linear independence",
        {"vectors": [[1, 2], [2, 4], [3, 6]]},
    ),
    _w("1.15", "tensor", "tensor", "Tensor shape", {"shape": [32, 512, 768]}, shape=INTEGER),
    _w("2.1", "mean", "mean", "Mean", {"x": [0.85, 0.9, 0.78, 0.92, 0.88]}),
    _w(
        "2.2",
        "variance",
        "variance",
        "Variance",
        {"x": [2, 4, 4, 4, 5, 5, 7, 9], "sample": False},
        sample=SAMPLE,
    ),
    _w(
        "2.3",
        "std",
        "std",
        "Standard deviation",
        {"x": [2, 4, 4, 4, 5, 5, 7, 9], "sample": False},
        sample=SAMPLE,
    ),
    _w(
        "2.4",
        "probability",
        "probability",
        "Probability of an event",
        {"favorable": 1, "total": 6},
        favorable=Control("number", min=0, step=1),
        total=INTEGER,
    ),
    _w(
        "2.5",
        "conditional",
        "conditional",
        "Conditional probability",
        {"p_a_and_b": 0.4, "p_b": 0.45},
        p_a_and_b=PROBABILITY,
        p_b=PROBABILITY,
    ),
    _w(
        "2.6",
        "bayes",
        "bayes",
        "Bayes' theorem",
        {"prior": 0.01, "likelihood": 0.95, "false_positive_rate": 0.05},
        prior=PROBABILITY,
        likelihood=PROBABILITY,
        false_positive_rate=PROBABILITY,
    ),
    _w(
        "2.7",
        "logprob",
        "logprob",
        "Log probabilities",
        {"p": [0.001, 0.002, 0.003, 0.001]},
        p=Control("number", min=0, max=1, step=0.001),
    ),
    _w(
        "2.8",
        "entropy",
        "entropy",
        "Entropy",
        {"p": [0.9, 0.1], "base": "e"},
        p=PROBABILITY,
        base=Control("select", options=("e", "2", "10"), label="log base"),
    ),
    _w(
        "2.8",
        "cross-entropy",
        "cross_entropy",
        "Cross-entropy loss",
        {"target": [1, 0, 0], "predicted": [0.9, 0.07, 0.03]},
        target=PROBABILITY,
        predicted=PROBABILITY,
    ),
    _w(
        "2.9",
        "softmax",
        "softmax",
        "Softmax",
        {"logits": [2.0, 1.0, 0.1], "temperature": 1},
        logits=Control("slider", min=-20, max=20, step=0.1, label="logit"),
        temperature=Control("slider", min=0.1, max=5, step=0.1, label="temperature"),
    ),
    _w(
        "3.1",
        "derivative",
        "derivative",
        "Derivative",
        {"f": "3*x^3 + 2*x^2 + 5*x + 7", "at": 1},
        f=EXPRESSION,
    ),
    _w(
        "3.2", "chain-rule", "derivative", "Chain rule", {"f": "(3*x + 1)^2", "at": 2}, f=EXPRESSION
    ),
    _w(
        "3.3",
        "partial",
        "partial",
        "Partial derivative",
        {"f": "x^2 + 3*y + x*y", "var": "x", "at": {"x": 2, "y": 3}},
        f=Control("text", label="f(x, y)"),
        var=Control("select", options=("x", "y"), label="with respect to"),
    ),
    _w(
        "3.4",
        "gradient",
        "gradient",
        "Gradient",
        {"f": "x^2 + y^2", "at": {"x": 3, "y": 4}},
        f=Control("text", label="f(x, y)"),
    ),
    _w(
        "3.5",
        "gradient-descent",
        "gradient_descent",
        "Gradient descent",
        {"f": "x^2", "start": 6, "lr": 0.1, "steps": 20},
        f=EXPRESSION,
        start=Control("slider", min=-10, max=10, step=0.5, label="start"),
        lr=Control("slider", min=0.001, max=1.2, step=0.001, label="learning rate"),
        steps=Control("number", min=1, max=1000, step=1, label="steps"),
    ),
    _w(
        "3.6",
        "least-squares",
        "least_squares",
        "Least-squares line",
        {"x": [1, 2, 3, 4], "y": [2.0, 3.9, 6.1, 7.8]},
    ),
    _w(
        "4.1",
        "expectation",
        "expectation",
        "Expected value and variance",
        {"x": [0, 1, 2], "p": [0.25, 0.5, 0.25], "a": 1, "b": 0},
        p=PROBABILITY,
    ),
    _w(
        "4.2",
        "normal",
        "normal",
        "The normal distribution",
        {"x": 1, "mu": 0, "sigma": 1, "k": 1},
        x=Control("slider", min=-6, max=6, step=0.1, label="x"),
        sigma=Control("number", min=0.1, step=0.1, label="σ"),
        k=Control("slider", min=0.5, max=4, step=0.5, label="k"),
    ),
    _w(
        "4.2",
        "init-variance",
        "init_variance",
        "Weight initialisation",
        {"n_in": 256, "n_out": 256, "scheme": "xavier", "activation": "linear", "layers": 10},
        n_in=INTEGER,
        n_out=INTEGER,
        scheme=Control("select", options=("normal", "lecun", "xavier", "he"), label="scheme"),
        activation=Control("select", options=("linear", "relu"), label="activation"),
        layers=Control("number", min=1, max=200, step=1, label="layers"),
    ),
    _w(
        "4.3",
        "likelihood",
        "likelihood",
        "Likelihood of data",
        {"data": [1, 1, 0, 1], "p": 0.7},
        data=Control("number", min=0, max=1, step=1),
        p=Control("slider", min=0.01, max=0.99, step=0.01, label="p"),
    ),
    _w("4.4", "eigen", "eigen", "Eigenvalues and eigenvectors", {"A": [[2, 1], [1, 2]]}),
    _w(
        "4.4",
        "power-iteration",
        "power_iteration",
        "Power iteration",
        {"A": [[2, 1], [1, 2]], "start": [1, 0], "steps": 8},
        steps=Control("number", min=1, max=100, step=1, label="steps"),
    ),
    _w(
        "4.5",
        "svd",
        "svd",
        "Singular value decomposition",
        {"A": [[3, 2, 2], [2, 3, -2]], "k": 1},
        k=INTEGER,
    ),
    _w("4.5", "pca", "pca", "PCA", {"X": [[2, 0], [0, 1], [3, 2], [5, 3], [4, 4]]}),
    _w(
        "4.5",
        "lora",
        "lora_params",
        "LoRA parameter count",
        {"d_in": 4096, "d_out": 4096, "r": 8},
        d_in=INTEGER,
        d_out=INTEGER,
        r=INTEGER,
    ),
    _w(
        "4.6",
        "jacobian-row",
        "gradient",
        "One row of a Jacobian",
        {"f": "x*y", "at": {"x": 2, "y": 3}},
        f=Control("text", label="f(x, y)"),
    ),
    _w(
        "4.6",
        "jacobian-chain",
        "matmul",
        "Chain rule as a product of Jacobians",
        {"A": [[1, 1], [11, 6]], "B": [[3, 2], [1, 6]]},
    ),
    _w(
        "4.7",
        "attention",
        "attention",
        "Scaled dot-product attention",
        {
            "Q": [[1, 0], [0, 1], [1, 1]],
            "K": [[1, 0], [0, 1], [1, 1]],
            "V": [[1, 2], [3, 4], [5, 6]],
            "mask": "causal",
        },
        mask=Control("select", options=("none", "causal"), label="mask"),
    ),
)

WIDGETS: dict[str, Widget] = {w.name: w for w in _TABLE}


def get_widget(name: str) -> Widget | None:
    return WIDGETS.get(name)


__all__ = ["WIDGETS", "Control", "Widget", "get_widget"]
