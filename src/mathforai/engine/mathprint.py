"""Printers for the step tree (`mathtree`): Unicode text, LaTeX and a JSON form.

They live in the engine because `Step.text` and `Step.latex` are part of the engine's
contract (DESIGN.md); MathML, which only pages need, is printed in `render/mathml.py`
from the same tree with the same bracketing rules (`needs_parens`).
"""

from __future__ import annotations

from typing import Any

from .mathtree import (
    ATOM,
    MUL,
    NEG,
    REL,
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
from .notation import num

_SUP = str.maketrans("0123456789-−+=()n", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁻⁺⁼⁽⁾ⁿ")
_SUB = str.maketrans("0123456789+-−=(),ijk", "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎,ᵢⱼₖ")
_FROM_SUP = {v: k for k, v in zip("0123456789−", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻", strict=True)}
_FROM_SUB = {v: k for k, v in zip("0123456789ijk", "₀₁₂₃₄₅₆₇₈₉ᵢⱼₖ", strict=True)}
_ACCENTS = {"\u0302": "hat", "\u0304": "bar", "\u0305": "bar"}
GREEK = {
    "α": r"\alpha", "β": r"\beta", "γ": r"\gamma", "δ": r"\delta", "ε": r"\varepsilon",
    "η": r"\eta", "θ": r"\theta", "λ": r"\lambda", "μ": r"\mu", "π": r"\pi", "σ": r"\sigma",
    "Σ": r"\Sigma", "τ": r"\tau", "φ": r"\varphi", "∇": r"\nabla", "∂": r"\partial",
    "ℝ": r"\mathbb{R}", "¬": r"\lnot ", "∞": r"\infty", "∑": r"\sum", "∏": r"\prod", "′": "'",
}  # fmt: skip
FUNCS = {"log", "ln", "exp", "max", "min", "sin", "cos", "tanh", "arccos", "det", "dim"}
RELS = {"=": "=", "≈": r"\approx", "≠": r"\neq", "→": r"\to", "⇒": r"\Rightarrow",
        "<": "<", ">": ">", "≤": r"\le", "≥": r"\ge", "∈": r"\in", "↔": r"\leftrightarrow",
        ":": ":", "?": "?"}  # fmt: skip
OPS = {"+": "+", "−": "-", "×": r"\times", "·": r"\cdot", "÷": r"\div", "/": "/", "": r"\,",
       "∪": r"\cup", "∩": r"\cap", "|": r"\mid", "⊙": r"\odot", "∘": r"\circ"}  # fmt: skip
SPACED = ("+", "−", "×", "÷", "/", "∪", "∩", "|", "⊙")
FENCES = {"(": "(", ")": ")", "[": "[", "]": "]", "|": "|", "‖": r"\|", "{": r"\{", "}": r"\}"}
MARKS = {"°": r"^{\circ}", "%": r"\%", "✓": r"\checkmark", "✗": r"\times"}


# ---------------------------------------------------------------- shared rules


def name_parts(name: str) -> tuple[str, str, str, str]:
    """'x̂₁' → (base 'x', accent 'hat', sub '1', sup ''); 'Aᵀ' → ('A', '', '', 'T')."""
    base, accent, sub, sup = "", "", "", ""
    for ch in name:
        if ch in _ACCENTS:
            accent = _ACCENTS[ch]
        elif ch == "ᵀ":
            sup += "T"
        elif ch in _FROM_SUP and base:
            sup += _FROM_SUP[ch]
        elif ch in _FROM_SUB and base:
            sub += _FROM_SUB[ch]
        elif sub:
            sub += ch
        elif sup:
            sup += ch
        else:
            base += ch
    return base, accent, sub, sup


def needs_parens(parent: Node, child: Node, index: int) -> bool:
    """Whether `child`, the index-th child of `parent`, is bracketed in every form."""
    if isinstance(child, Fence | Vec | Mat):
        return False
    if isinstance(parent, Infix):
        if child.prec < parent.prec:
            return True
        if index > 0 and leading_minus(child):
            return True  # a + (−3), 2 × (−3), a + (−5·v): a sign never follows an operator
        return index > 0 and child.prec == parent.prec and parent.op in ("−", "÷", "/")
    if isinstance(parent, Neg):
        return child.prec <= NEG
    if isinstance(parent, Pow):
        scientific = isinstance(child, Num) and bool(number_parts(child)[1])
        return index == 0 and (child.prec < ATOM or isinstance(child, Frac) or scientific)
    if isinstance(parent, Sub):
        return index == 0 and child.prec < ATOM
    if isinstance(parent, Rel):
        return child.prec <= REL
    return False


def leading_minus(node: Node) -> bool:
    """Whether a node is printed starting with a minus sign (−3, −x, −5·v)."""
    if isinstance(node, Num):
        return node.value < 0
    if isinstance(node, Neg):
        return True
    if isinstance(node, Infix) and node.args:
        return leading_minus(node.args[0]) and not needs_parens(node, node.args[0], 0)
    return False


def frac_text_parens(child: Node, denominator: bool) -> bool:
    """In text a fraction is a / b: (a + b) / c, a / (b × c)."""
    if isinstance(child, Fence | Vec | Mat):
        return False
    return child.prec <= MUL if denominator else child.prec < MUL


def number_parts(x: Num) -> tuple[str, str]:
    """('1.258', '7') for 12582912 shown in scientific form; (digits, '') otherwise."""
    if x.group and float(x.value).is_integer() and abs(x.value) < 1e18:
        return f"{int(abs(x.value)):,}", ""
    shown = num(abs(x.value), x.digits)
    if "e" in shown:
        mantissa, exp = shown.split("e")
        if "." in mantissa:
            mantissa = mantissa.rstrip("0").rstrip(".")
        return mantissa, str(int(exp))
    return shown, ""


def formula_tree(f: Formula) -> Node:
    """A sympy expression's own tree (`exprtree`), printed like any other node."""
    from .exprtree import to_tree

    return to_tree(f.expr, f.subs)


# ---------------------------------------------------------------- text


class TextPrinter:
    """Unicode text for terminals and screen-reader-free contexts: −3, 3², √25, ‖v‖."""

    def __call__(self, node: Node) -> str:
        method = getattr(self, "_" + type(node).__name__.lower())
        return method(node)

    def child(self, parent: Node, child: Node, index: int) -> str:
        out = self(child)
        return f"({out})" if needs_parens(parent, child, index) else out

    def _num(self, x: Num) -> str:
        digits, exp = number_parts(x)
        sign = "−" if x.value < 0 else ""
        return f"{sign}{digits}×10{exp.translate(_SUP)}" if exp else sign + digits

    def _sym(self, s: Sym) -> str:
        return s.name

    def _text(self, t: Text) -> str:
        return t.words

    def _dots(self, d: Dots) -> str:
        return "⋮" if d.vertical else "…"

    def _infix(self, e: Infix) -> str:
        sep = f" {e.op} " if e.op in SPACED else e.op
        if not e.op and not e.tight and not isinstance(e.args[0], Sym):
            sep = "·"  # in plain text 3v reads as a number: write 3·v, −2·[[1, 2], …], [[…]]·c
        return sep.join(self.child(e, a, i) for i, a in enumerate(e.args))

    def _neg(self, e: Neg) -> str:
        return "−" + self.child(e, e.arg, 0)

    def _frac(self, f: Frac) -> str:
        a, b = self(f.num), self(f.den)
        a = f"({a})" if frac_text_parens(f.num, False) else a
        b = f"({b})" if frac_text_parens(f.den, True) else b
        return f"{a} / {b}"

    def _pow(self, p: Pow) -> str:
        base = self.child(p, p.base, 0)
        exp = self(p.exp)
        if all(ch in "0123456789-−+()n" for ch in exp):
            return base + exp.translate(_SUP)
        return f"{base}^{exp}" if p.exp.prec == ATOM else f"{base}^({exp})"

    def _sub(self, s: Sub) -> str:
        index = self(s.index)
        if " " in index and all(ch in "0123456789+-−=(),ijk " for ch in index):
            index = index.replace(" ", "")  # xₖ₊₁: a subscript is set tight
        if all(ch in "0123456789+-−=(),ijk" for ch in index):
            return self.child(s, s.base, 0) + index.translate(_SUB)
        if len(index) == 1 and not index.isascii():
            return self.child(s, s.base, 0) + index  # ‖v‖∞: no subscript form, and none needed
        return f"{self.child(s, s.base, 0)}_{index}"

    def _sqrt(self, s: Sqrt) -> str:
        inner = self(s.arg)
        return f"√{inner}" if s.arg.prec == ATOM and not isinstance(s.arg, Call) else f"√({inner})"

    def _fence(self, f: Fence) -> str:
        return f"{f.open}{self(f.arg)}{f.close}"

    def _call(self, c: Call) -> str:
        return f"{self(c.func)}({', '.join(self(a) for a in c.args)})"

    def _diff(self, d: Diff) -> str:
        return f"{'∂/∂' if d.partial else 'd/d'}{d.var}({self(d.arg)})"

    def _vec(self, v: Vec) -> str:
        return "[" + ", ".join(self(x) for x in v.items) + "]"

    def _mat(self, m: Mat) -> str:
        rows = []
        for row in m.rows:
            if all(isinstance(x, Dots) and x.vertical for x in row):
                rows.append("…")
            else:
                rows.append("[" + ", ".join(self(x) for x in row) + "]")
        return "[" + ", ".join(rows) + "]"

    def _rel(self, r: Rel) -> str:
        head = "" if r.first is None else self.child(r, r.first, 0)
        for i, (sign, node) in enumerate(r.rest, 1):
            space = "" if sign == ":" else " "
            head += f"{space}{sign} {self.child(r, node, i)}"
        return head.lstrip()

    def _seq(self, s: Seq) -> str:
        return s.sep.join(self(x) for x in s.items)

    def _post(self, p: Post) -> str:
        return self(p.arg) + p.mark

    def _formula(self, f: Formula) -> str:
        return self(formula_tree(f))


# ---------------------------------------------------------------- LaTeX


_LATEX_ESCAPES = (
    ("\\", r"\textbackslash{}"),
    ("{", r"\{"),
    ("}", r"\}"),
    ("_", r"\_"),
    ("%", r"\%"),
    ("&", r"\&"),
    ("#", r"\#"),
    ("$", r"\$"),
    ("^", r"\^{}"),
)


def latex_escape(words: str) -> str:
    for ch, repl in _LATEX_ESCAPES:
        words = words.replace(ch, repl)
    return words


def _join_commands(pieces: list[str]) -> str:
    """Concatenate, with a space after a command such as \\partial that a letter follows
    (\\partialL is an undefined command; \\partial L is ∂L)."""
    out = ""
    for piece in pieces:
        last = out.rsplit("\\", 1)[-1] if "\\" in out else ""
        if last.isalpha() and piece[:1].isalpha():
            out += " "
        out += piece
    return out


def latex_name(name: str) -> str:
    base, accent, sub, sup = name_parts(name)
    if base in GREEK:
        out = GREEK[base]
    elif base in FUNCS:
        out = "\\" + base
    elif len(base) > 1 and base.isalpha():
        out = rf"\mathrm{{{base}}}"
    else:
        out = _join_commands([GREEK.get(ch, FENCES.get(ch, ch)) for ch in base])
    if accent:
        out = rf"\{accent}{{{out}}}"
    if sub:
        out += f"_{{{sub}}}"
    if sup:
        out += "^{\\top}" if sup == "T" else f"^{{{sup}}}"
    return out


class LatexPrinter:
    """LaTeX that latex2mathml, KaTeX and real LaTeX all read; minus signs set as one."""

    def __call__(self, node: Node) -> str:
        method = getattr(self, "_" + type(node).__name__.lower())
        return method(node)

    def child(self, parent: Node, child: Node, index: int) -> str:
        out = self(child)
        return rf"\left({out}\right)" if needs_parens(parent, child, index) else out

    def _num(self, x: Num) -> str:
        digits, exp = number_parts(x)
        body = digits.replace(",", "{,}")
        if exp:
            body = rf"{body}\times 10^{{{exp}}}"
        return "{-" + body + "}" if x.value < 0 else body

    def _sym(self, s: Sym) -> str:
        return latex_name(s.name)

    def _text(self, t: Text) -> str:
        return rf"\text{{{latex_escape(t.words)}}}"

    def _dots(self, d: Dots) -> str:
        return r"\vdots" if d.vertical else r"\dots"

    def _infix(self, e: Infix) -> str:
        op = OPS.get(e.op, e.op)  # an operator without a LaTeX name is written as itself
        sep = f" {op} " if e.op else " " if e.tight else op
        parts = [
            r"\cdots" if isinstance(a, Dots) else self.child(e, a, i) for i, a in enumerate(e.args)
        ]
        return sep.join(parts)

    def _neg(self, e: Neg) -> str:
        return "{-" + self.child(e, e.arg, 0) + "}"

    def _frac(self, f: Frac) -> str:
        return rf"\frac{{{self(f.num)}}}{{{self(f.den)}}}"

    def _pow(self, p: Pow) -> str:
        return f"{self.child(p, p.base, 0)}^{{{self(p.exp)}}}"

    def _sub(self, s: Sub) -> str:
        return f"{{{self.child(s, s.base, 0)}}}_{{{self(s.index)}}}"

    def _sqrt(self, s: Sqrt) -> str:
        return rf"\sqrt{{{self(s.arg)}}}"

    def _fence(self, f: Fence) -> str:
        return rf"\left{FENCES[f.open]}{self(f.arg)}\right{FENCES[f.close]}"

    def _call(self, c: Call) -> str:
        args = r",\ ".join(self(a) for a in c.args)
        return rf"{self(c.func)}\left({args}\right)"

    def _diff(self, d: Diff) -> str:
        var = latex_name(d.var)
        op = rf"\frac{{\partial}}{{\partial {var}}}" if d.partial else rf"\frac{{d}}{{d{var}}}"
        return rf"{op}\left({self(d.arg)}\right)"

    def _vec(self, v: Vec) -> str:
        if v.column:
            return r"\begin{bmatrix}" + r" \\ ".join(self(x) for x in v.items) + r"\end{bmatrix}"
        return r"\left[" + r",\ ".join(self(x) for x in v.items) + r"\right]"

    def _mat(self, m: Mat) -> str:
        rows = [
            " & ".join(
                (r"\vdots" if x.vertical else r"\cdots") if isinstance(x, Dots) else self(x)
                for x in row
            )
            for row in m.rows
        ]
        return r"\begin{bmatrix}" + r" \\ ".join(rows) + r"\end{bmatrix}"

    def _rel(self, r: Rel) -> str:
        head = "" if r.first is None else self.child(r, r.first, 0)
        for i, (sign, node) in enumerate(r.rest, 1):
            head += f" {RELS.get(sign, sign)} {self.child(r, node, i)}"
        return head.lstrip()

    def _seq(self, s: Seq) -> str:
        sep = s.sep.strip()
        return (
            f"{sep}\\ ".join(self(x) for x in s.items)
            if sep
            else r"\ ".join(self(x) for x in s.items)
        )

    def _post(self, p: Post) -> str:
        mark = MARKS.get(p.mark, p.mark)
        # 1.2×10^{-6} then ^{\circ} would be a double superscript: group the number first.
        return ("{" + self(p.arg) + "}" if mark.startswith("^") else self(p.arg)) + mark

    def _formula(self, f: Formula) -> str:
        return self(formula_tree(f))


# ---------------------------------------------------------------- JSON


def to_json(node: Node) -> dict[str, Any]:
    """The tree as plain JSON: {"type": "num", "value": 0.5, "shown": "0.5"}, nested."""
    kind = type(node).__name__.lower()
    if isinstance(node, Num):
        return {"type": kind, "value": node.value, "shown": TextPrinter()(node)}
    if isinstance(node, Sym):
        return {"type": kind, "name": node.name, **({"key": node.key} if node.key else {})}
    if isinstance(node, Text):
        return {"type": kind, "text": node.words}
    if isinstance(node, Formula):
        return to_json(formula_tree(node))
    out: dict[str, Any] = {"type": kind}
    if isinstance(node, Infix):
        out["op"] = node.op
    if isinstance(node, Rel):
        out["relations"] = [sign for sign, _ in node.rest]
        out["starts"] = node.first is not None
    if isinstance(node, Mat):
        out["rows"] = [[to_json(x) for x in row] for row in node.rows]
        return out
    if isinstance(node, Fence):
        out["fences"] = node.open + node.close
    if isinstance(node, Post):
        out["mark"] = node.mark
    if isinstance(node, Dots):
        out["vertical"] = node.vertical
    if isinstance(node, Diff):
        out["var"], out["partial"] = node.var, node.partial
    out["args"] = [to_json(c) for c in node.children()]
    return out


to_text = TextPrinter()
to_latex = LatexPrinter()

__all__ = ["LatexPrinter", "TextPrinter", "needs_parens", "to_json", "to_latex", "to_text"]
