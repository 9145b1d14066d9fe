"""The step tree and its printers: one structure, text/LaTeX/MathML/JSON derived from it."""

from __future__ import annotations

from mathforai.engine.explanation import Explanation, Step
from mathforai.engine.mathtree import (
    Call,
    Fence,
    Neg,
    Sqrt,
    Sub,
    add,
    eq,
    frac,
    mat,
    mul,
    n,
    nums,
    paren,
    power,
    sym,
    value,
    vec,
)
from mathforai.render.html import explanation_html
from mathforai.render.mathml import node_to_mathml
from tests.steps_numbers import mathml_numbers, text_numbers


def _dot_step() -> Step:
    u, v = sym("u", key="u"), sym("v", key="v")
    pairs = add(*(paren(mul(x, y)) for x, y in zip(nums([1, -2]), nums([4, 5]), strict=True)))
    return Step(math=eq(mul(u, v, op="·"), pairs), note="multiply matching positions")


def test_text_and_latex_are_printed_from_one_tree() -> None:
    step = _dot_step()
    assert step.text == "u·v = (1 × 4) + (−2 × 5)"
    assert step.latex == (r"u \cdot v = \left(1 \times 4\right) + \left({-2} \times 5\right)")
    assert step.to_dict()["note"] == "multiply matching positions"
    assert step.to_dict()["math"]["type"] == "rel"


def test_a_negative_term_is_bracketed_and_its_minus_is_one_token() -> None:
    node = eq(None, add(4, n(-10)), value(-6))
    assert Step(math=node).text == "= 4 + (−10) = −6"
    mathml = node_to_mathml(node)
    assert "<mn>−10</mn>" in mathml and "<mn>−6</mn>" in mathml
    assert 'stretchy="true"' in mathml


def test_rounded_results_get_approx_and_exact_ones_equals() -> None:
    assert Step(math=eq(sym("x"), frac(1, 3), value(1 / 3))).text == "x = 1 / 3 ≈ 0.3333"
    assert Step(math=eq(sym("x"), frac(1, 4), value(0.25))).text == "x = 1 / 4 = 0.25"
    assert r"\approx" in Step(math=eq(sym("x"), value(2**0.5))).latex


def test_powers_roots_norms_and_names() -> None:
    norm = Sub(Fence(sym("v"), "‖", "‖"), n(2))
    node = eq(norm, Sqrt(add(power(-3, 2), power(4, 2))), value(5))
    assert Step(math=node).text == "‖v‖₂ = √((−3)² + 4²) = 5"
    assert Step(math=node).latex.startswith(r"{\left\|v\right\|}_{2} = \sqrt{\left({-3}\right)^{2}")
    assert Step(math=sym("x̂₁")).latex == r"\hat{x}_{1}"
    assert Step(math=sym("Aᵀ")).latex == r"A^{\top}"
    assert Step(math=sym("θ")).latex == r"\theta"
    assert Step(math=Neg(add(1, 2))).text == "−(1 + 2)"


def test_matrices_have_stretchy_fences_and_long_vectors_are_elided() -> None:
    mathml = node_to_mathml(mat([[1, 2], [3, 4]]))
    assert mathml.count('stretchy="true"') == 2 and "<mtable>" in mathml
    long = vec(range(20))
    assert Step(math=long).text == "[0, 1, 2, 3, 4, 5, …, 18, 19]"
    assert r"\dots" in Step(math=long).latex
    assert Step(math=mat([[1e7, 0.5]])).text == "[[10000000, 0.5]]"
    assert Step(math=n(1.23e-7)).text == "1.23×10⁻⁷"


def test_functions_and_fractions_in_every_form() -> None:
    node = eq(Call(sym("log"), (n(0.5),)), value(-0.6931471805599453))
    assert Step(math=node).text == "log(0.5) ≈ −0.6931"
    assert Step(math=node).latex == r"\log\left(0.5\right) \approx {-0.6931}"
    assert "<mfrac>" in node_to_mathml(frac(1, 2))


def test_text_and_mathml_carry_the_same_numbers() -> None:
    nodes = [
        _dot_step().math,
        eq(sym("x"), frac(add(1, n(-2.5)), mul(3, 4)), value(-0.125)),
        eq(Sub(sym("R"), n(2)), mat([[1.5e-9, 2], [3, 12582912.0]])),
        eq(sym("y"), vec(range(30), column=True)),
    ]
    for node in nodes:
        assert node is not None
        assert text_numbers(Step(math=node).text) == mathml_numbers(node_to_mathml(node))


def test_operands_can_be_renamed_for_a_lesson() -> None:
    expl = Explanation("dot", {}, 0.0, [_dot_step()], [])
    shown = expl.renamed({"u": "q", "v": "k"})
    assert shown.steps[0].text.startswith("q·k = ")
    assert "k" in explanation_html(shown)
    assert expl.steps[0].text.startswith("u·v")  # the original is untouched


def test_old_style_steps_keep_their_strings() -> None:
    step = Step("1 + 1 = 2", "1 + 1 = 2", "add")
    assert step.to_dict() == {"text": "1 + 1 = 2", "latex": "1 + 1 = 2", "note": "add"}
    assert step.math is None
