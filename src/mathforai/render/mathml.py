"""MathML on the server, cached: no math JavaScript in the page.

A step's tree (`engine.mathtree`) is printed straight to MathML Core here, with the same
bracketing rules as its text and LaTeX, so every number it shows is the one the text
shows. Fences and matrix brackets are `stretchy`; a negative number is one `<mn>`
(−3, not a binary minus spaced before 3). Free LaTeX (lesson math, old-style steps)
still goes through latex2mathml.
"""

from __future__ import annotations

from functools import lru_cache
from html import escape

from ..engine.mathprint import (
    FUNCS,
    formula_tree,
    name_parts,
    needs_parens,
    number_parts,
)
from ..engine.mathtree import (
    Call,
    Diff,
    Dots,
    Fence,
    Formula,
    Frac,
    Infix,
    Mat,
    Neg,
    Node,
    Num,
    Post,
    Pow,
    Rel,
    Seq,
    Sqrt,
    Sub,
    Sym,
    Text,
    Vec,
)
from .mathspeech import with_label

_MATHML = '<math xmlns="http://www.w3.org/1998/Math/MathML" display="{display}">{body}</math>'
_FENCE = '<mo fence="true" stretchy="true" symmetric="true" form="{form}">{ch}</mo>'
_GREEK_UPRIGHT = {"Σ", "∏", "ℝ"}


@lru_cache(maxsize=8192)
def latex_to_mathml(latex: str, display: bool = False) -> str:
    """MathML for a LaTeX string; if it cannot be converted, the LaTeX shown as code."""
    from latex2mathml.converter import convert

    try:
        return with_label(convert(latex, display="block" if display else "inline"))
    except Exception:  # latex2mathml raises many types; a bad formula must not break a page
        return f'<code class="latex">{escape(latex)}</code>'


def node_to_mathml(node: Node, display: bool = False) -> str:
    """A whole `<math>` element for one step's tree."""
    body = MathMLPrinter()(node)
    mathml = _MATHML.format(display="block" if display else "inline", body=f"<mrow>{body}</mrow>")
    return with_label(mathml)


def _fenced(inner: str, open_: str = "(", close: str = ")") -> str:
    return (
        "<mrow>"
        + _FENCE.format(form="prefix", ch=escape(open_))
        + inner
        + _FENCE.format(form="postfix", ch=escape(close))
        + "</mrow>"
    )


def _mo(op: str) -> str:
    return f"<mo>{escape(op)}</mo>"


class MathMLPrinter:
    def __call__(self, node: Node) -> str:
        return getattr(self, "_" + type(node).__name__.lower())(node)

    def child(self, parent: Node, child: Node, index: int) -> str:
        out = self(child)
        return _fenced(out) if needs_parens(parent, child, index) else out

    def _num(self, x: Num) -> str:
        digits, exp = number_parts(x)
        sign = "−" if x.value < 0 else ""
        if not exp:
            return f"<mn>{sign}{digits}</mn>"
        return (
            f"<mrow><mn>{sign}{digits}</mn><mo>×</mo>"
            f"<msup><mn>10</mn><mn>{exp.replace('-', '−')}</mn></msup></mrow>"
        )

    def _sym(self, s: Sym) -> str:
        base, accent, sub, sup = name_parts(s.name)
        variant = ' mathvariant="normal"' if len(base) > 1 or base in _GREEK_UPRIGHT else ""
        out = f"<mi{variant}>{escape(base)}</mi>"
        if base in FUNCS:
            out = f"<mi>{escape(base)}</mi>"
        if accent:
            mark = "^" if accent == "hat" else "¯"
            out = f'<mover accent="true">{out}<mo stretchy="false">{mark}</mo></mover>'
        if sub:
            out = f"<msub>{out}{_script(sub)}</msub>"
        if sup:
            out = f"<msup>{out}{_script('⊤' if sup == 'T' else sup)}</msup>"
        return out

    def _text(self, t: Text) -> str:
        return f"<mtext>{escape(t.words)}</mtext>"

    def _dots(self, d: Dots) -> str:
        return "<mo>⋮</mo>" if d.vertical else "<mo>…</mo>"

    def _infix(self, e: Infix) -> str:
        op = "" if not e.op else _mo(e.op) if e.op != "·" else "<mo>·</mo>"
        if not e.op:
            op = "<mo>&#x2062;</mo>"  # invisible times: read as a product
        parts = [self.child(e, a, i) for i, a in enumerate(e.args)]
        return "<mrow>" + op.join(parts) + "</mrow>"

    def _neg(self, e: Neg) -> str:
        sign = '<mo form="prefix" lspace="0" rspace="0">−</mo>'
        return f"<mrow>{sign}{self.child(e, e.arg, 0)}</mrow>"

    def _frac(self, f: Frac) -> str:
        return f"<mfrac><mrow>{self(f.num)}</mrow><mrow>{self(f.den)}</mrow></mfrac>"

    def _pow(self, p: Pow) -> str:
        return f"<msup>{self.child(p, p.base, 0)}<mrow>{self(p.exp)}</mrow></msup>"

    def _sub(self, s: Sub) -> str:
        return f"<msub>{self.child(s, s.base, 0)}<mrow>{self(s.index)}</mrow></msub>"

    def _sqrt(self, s: Sqrt) -> str:
        return f"<msqrt>{self(s.arg)}</msqrt>"

    def _fence(self, f: Fence) -> str:
        return _fenced(self(f.arg), f.open, f.close)

    def _call(self, c: Call) -> str:
        args = "<mo>,</mo>".join(self(a) for a in c.args)
        return f"<mrow>{self(c.func)}<mo>&#x2061;</mo>{_fenced(args)}</mrow>"

    def _diff(self, d: Diff) -> str:
        mark = "<mo>∂</mo>" if d.partial else "<mi>d</mi>"
        var = self(Sym(d.var))
        op = f"<mfrac>{mark}<mrow>{mark}{var}</mrow></mfrac>"
        return f"<mrow>{op}{_fenced(self(d.arg))}</mrow>"

    def _vec(self, v: Vec) -> str:
        if v.column:
            rows = "".join(f"<mtr><mtd>{self(x)}</mtd></mtr>" for x in v.items)
            return _fenced(f"<mtable>{rows}</mtable>", "[", "]")
        return _fenced("<mo>,</mo>".join(self(x) for x in v.items), "[", "]")

    def _mat(self, m: Mat) -> str:
        rows = "".join(
            "<mtr>" + "".join(f"<mtd>{self(x)}</mtd>" for x in row) + "</mtr>" for row in m.rows
        )
        return _fenced(f"<mtable>{rows}</mtable>", "[", "]")

    def _rel(self, r: Rel) -> str:
        head = "" if r.first is None else self.child(r, r.first, 0)
        for i, (sign, node) in enumerate(r.rest, 1):
            head += _mo(sign) + self.child(r, node, i)
        return f"<mrow>{head}</mrow>"

    def _seq(self, s: Seq) -> str:
        sep = _mo(s.sep.strip()) + '<mspace width="0.5em"/>' if s.sep.strip() else "<mspace/>"
        return "<mrow>" + sep.join(self(x) for x in s.items) + "</mrow>"

    def _post(self, p: Post) -> str:
        return f"<mrow>{self(p.arg)}<mo>{escape(p.mark)}</mo></mrow>"

    def _formula(self, f: Formula) -> str:
        return self(formula_tree(f))


def _script(text: str) -> str:
    tag = "mn" if text.replace(",", "").isdigit() else "mi"
    return f"<{tag}>{escape(text)}</{tag}>"


__all__ = ["MathMLPrinter", "latex_to_mathml", "node_to_mathml"]
