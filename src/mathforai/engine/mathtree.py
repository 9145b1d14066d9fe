"""One structured form for a line of working: a small expression tree.

A step is written once, as a tree of these nodes; the printers derive its Unicode text
and LaTeX (`engine/mathprint.py`), its MathML (`render/mathml.py`) and its JSON
(`to_json` here), so the forms can never disagree about a number. Think of sympy's
printers: the tree says *what* is written, each printer says *how*.

Numbers stay floats (full precision) and carry their display rounding; operands are
symbols that remember which argument they stand for, so a lesson can rename them
(`Explanation.renamed({"A": "W", "B": "x"})`).

Example — the dot product's first two lines::

    from .mathtree import add, eq, mul, nums, sym

    u, v = sym("u", key="u"), sym("v", key="v")
    pairs = add(*(paren(mul(x, y)) for x, y in zip(nums(a), nums(b))))
    Step(math=eq(mul(u, v, op="·"), pairs), note="multiply matching positions")
    Step(math=eq(add(*nums(products)), value(total)), note="add the products")

`value(x)` is a number that knows whether its rounding is exact, so `eq(..., value(x))`
prints `= 32` or `≈ 0.3333` by itself.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

# Precedence: a child binding more loosely than its parent is put in parentheses.
SEQ, REL, ADD, MUL, NEG, POW, ATOM = range(7)
DIGITS = 4
SHOW = 10  # list entries shown in full; longer lists keep their first 6 and last 2


class Node:
    """Base of every tree node; `prec` says how tightly the node binds."""

    prec: int = ATOM

    def children(self) -> tuple[Node, ...]:
        return ()


@dataclass(frozen=True)
class Num(Node):
    """A number: the full value, rounded to `digits` only when printed."""

    value: float
    digits: int = DIGITS
    group: bool = False  # 12,582,912 rather than 12582912 (counts)

    @property
    def prec(self) -> int:  # type: ignore[override]
        return NEG if self.value < 0 else ATOM

    def exact(self) -> bool:
        """True when the printed form is the value itself (so '=' rather than '≈')."""
        from .notation import num

        shown = float(num(self.value, self.digits))
        # 0.0095 + 0.0495 is 0.059000000000000004 in floats: that noise is not rounding.
        return abs(shown - self.value) <= 1e-12 * max(1.0, abs(self.value))


@dataclass(frozen=True)
class Sym(Node):
    """A named symbol (v, ‖v‖'s v, Aᵀ, x̄, θ, CE). `key` names the argument it stands for."""

    name: str
    key: str = ""


@dataclass(frozen=True)
class Text(Node):
    """Words inside a line of working ('row 1 of A', 'check:')."""

    words: str


@dataclass(frozen=True)
class Dots(Node):
    """An elided run: … in a list or sum, ⋮ down a matrix column."""

    vertical: bool = False


@dataclass(frozen=True)
class Infix(Node):
    """a op b op c: op is one of + − × · ÷ / and "" (juxtaposition, as in 2v or Ax)."""

    op: str
    args: tuple[Node, ...]
    # A coefficient set against what it multiplies, in text too: 3x², 2(x + 1), not 3·x².
    tight: bool = False

    @property
    def prec(self) -> int:  # type: ignore[override]
        return ADD if self.op in ("+", "−") else MUL

    def children(self) -> tuple[Node, ...]:
        return self.args


@dataclass(frozen=True)
class Neg(Node):
    """Unary minus, set as one with what it negates: −x, −(a + b)."""

    arg: Node
    prec = NEG

    def children(self) -> tuple[Node, ...]:
        return (self.arg,)


@dataclass(frozen=True)
class Frac(Node):
    """A fraction: a built-up \\frac in LaTeX and MathML, a / b in text."""

    num: Node
    den: Node
    prec = MUL

    def children(self) -> tuple[Node, ...]:
        return (self.num, self.den)


@dataclass(frozen=True)
class Pow(Node):
    base: Node
    exp: Node
    prec = POW

    def children(self) -> tuple[Node, ...]:
        return (self.base, self.exp)


@dataclass(frozen=True)
class Sub(Node):
    """A subscript on anything: (AB)₁,₂, R₂, ‖v‖₁."""

    base: Node
    index: Node

    def children(self) -> tuple[Node, ...]:
        return (self.base, self.index)


@dataclass(frozen=True)
class Sqrt(Node):
    arg: Node

    def children(self) -> tuple[Node, ...]:
        return (self.arg,)


@dataclass(frozen=True)
class Fence(Node):
    """Brackets that stretch to their content: ( ), | |, ‖ ‖, [ ]."""

    arg: Node
    open: str = "("
    close: str = ")"

    def children(self) -> tuple[Node, ...]:
        return (self.arg,)


@dataclass(frozen=True)
class Call(Node):
    """A function applied to arguments: log(0.9), max(…), arccos(0.6), softmax(z)."""

    func: Node
    args: tuple[Node, ...]

    def children(self) -> tuple[Node, ...]:
        return (self.func, *self.args)


@dataclass(frozen=True)
class Diff(Node):
    """The derivative of an expression: d/dx(…), or ∂/∂x(…) when `partial`."""

    var: str
    arg: Node
    partial: bool = False

    def children(self) -> tuple[Node, ...]:
        return (self.arg,)


@dataclass(frozen=True)
class Vec(Node):
    """A vector, written as a row [a, b, c] or (column=True) a column, as in A·x."""

    items: tuple[Node, ...]
    column: bool = False

    def children(self) -> tuple[Node, ...]:
        return self.items


@dataclass(frozen=True)
class Mat(Node):
    """A matrix with stretchy brackets; rows may hold Dots where the middle is elided."""

    rows: tuple[tuple[Node, ...], ...]

    def children(self) -> tuple[Node, ...]:
        return tuple(x for row in self.rows for x in row)


@dataclass(frozen=True)
class Rel(Node):
    """A chain of relations: a = b = c ≈ d. `first` is None for a line that starts '= …'."""

    first: Node | None
    rest: tuple[tuple[str, Node], ...]
    prec = REL

    def children(self) -> tuple[Node, ...]:
        head = () if self.first is None else (self.first,)
        return (*head, *(n for _, n in self.rest))


@dataclass(frozen=True)
class Seq(Node):
    """Items side by side: 'min = 1, max = 5' (sep ', ') or row operations (sep '; ')."""

    items: tuple[Node, ...]
    sep: str = ", "
    prec = SEQ

    def children(self) -> tuple[Node, ...]:
        return self.items


@dataclass(frozen=True)
class Post(Node):
    """A postfix mark: 35.87°, 12%."""

    arg: Node
    mark: str

    def children(self) -> tuple[Node, ...]:
        return (self.arg,)


@dataclass(frozen=True)
class Formula(Node):
    """A symbolic expression (a sympy object from our parser), printed through its own tree
    (`exprtree.to_tree`, built when printed); `subs` shows a symbol as another expression."""

    expr: Any = field(compare=False)
    subs: Any = field(default=None, compare=False)


# ---------------------------------------------------------------- builders


def n(x: float, digits: int = DIGITS) -> Num:
    return Num(float(x), digits)


def nums(values: Iterable[float], digits: int = DIGITS) -> list[Num]:
    return [Num(float(x), digits) for x in values]


def count(k: int) -> Num:
    """A whole-number count, grouped by thousands: 12,582,912."""
    return Num(float(k), DIGITS, group=True)


def sym(name: str, key: str = "") -> Sym:
    return Sym(name, key)


def text(words: str) -> Text:
    return Text(words)


def elide(items: Sequence[Node], limit: int = SHOW, vertical: bool = False) -> tuple[Node, ...]:
    """Long runs keep their first 6 and last 2 around an ellipsis; results stay whole."""
    if len(items) <= limit:
        return tuple(items)
    return (*items[:6], Dots(vertical), *items[-2:])


def elide_map(
    items: Sequence[Any], build: Callable[[Any], Node], limit: int = SHOW, vertical: bool = False
) -> tuple[Node, ...]:
    """`elide` of `build` over items, building only the nodes that are shown: a 10,000-value
    list costs 8 nodes, not 10,000 (building them all took seconds)."""
    if len(items) <= limit:
        return tuple(build(x) for x in items)
    return (*(build(x) for x in items[:6]), Dots(vertical), *(build(x) for x in items[-2:]))


def _node(x: Node | float) -> Node:
    return x if isinstance(x, Node) else Num(float(x))


def add(*terms: Node | float, limit: int = SHOW) -> Node:
    return _node(terms[0]) if len(terms) == 1 else Infix("+", elide_map(terms, _node, limit))


def minus(*terms: Node | float) -> Infix:
    return Infix("−", tuple(_node(t) for t in terms))


def mul(*factors: Node | float, op: str = "×", limit: int = SHOW) -> Node:
    return _node(factors[0]) if len(factors) == 1 else Infix(op, elide_map(factors, _node, limit))


def frac(a: Node | float, b: Node | float) -> Frac:
    return Frac(_node(a), _node(b))


def power(base: Node | float, exp: Node | float) -> Pow:
    return Pow(_node(base), _node(exp))


def call(name: str | Node, *args: Node | float) -> Call:
    func = Sym(name) if isinstance(name, str) else name
    return Call(func, tuple(_node(a) for a in args))


def paren(x: Node) -> Fence:
    return Fence(x)


def vec(values: Sequence[float] | Sequence[Node], column: bool = False) -> Vec:
    return Vec(elide_map(values, _node), column)


def mat(rows: Sequence[Sequence[float]] | Sequence[Sequence[Node]]) -> Mat:
    def cells_of(row: Sequence[Any]) -> list[Node]:
        return list(elide_map(row, _node))

    if len(rows) <= SHOW:
        cells = [cells_of(r) for r in rows]
    else:  # only the rows that are shown are built
        head, tail = [cells_of(r) for r in rows[:6]], [cells_of(r) for r in rows[-2:]]
        cells = [*head, [Dots(True)] * len(head[0]), *tail]
    return Mat(tuple(tuple(r) for r in cells))


def array(x: Sequence[Any]) -> Vec | Mat:
    """A vector or a matrix, whichever x is."""
    return mat(x) if x and isinstance(x[0], list | tuple) else vec(x)


def value(x: float, digits: int = DIGITS) -> Num:
    """A computed value at the end of a chain: `eq` writes '≈' before it when rounded."""
    return Num(float(x), digits)


def eq(first: Node | None, *rest: Node | float, rels: Sequence[str] = ()) -> Rel:
    """first = a = b …; a final inexact Num gets '≈'. `rels` overrides the relations."""
    nodes = [_node(r) for r in rest]
    signs = list(rels) or ["=" for _ in nodes]
    if not rels and nodes and isinstance(nodes[-1], Num) and not nodes[-1].exact():
        signs[-1] = "≈"
    return Rel(first, tuple(zip(signs, nodes, strict=True)))


def rel(first: Node | None, sign: str, second: Node | float) -> Rel:
    return Rel(first, ((sign, _node(second)),))


def seq(*items: Node, sep: str = ", ") -> Seq:
    return Seq(tuple(items), sep)


def walk(node: Node) -> Iterable[Node]:
    yield node
    for child in node.children():
        yield from walk(child)


def renamed(node: Node, names: dict[str, str]) -> Node:
    """The same tree with operands shown under lesson names: {"A": "W", "B": "x"}."""
    if isinstance(node, Sym):
        if node.key not in names:
            return node
        # Aᵀ of an operand A shown as W is Wᵀ: keep what follows the operand's own name.
        rest = node.name[len(node.key) :] if node.name.startswith(node.key) else ""
        return replace(node, name=names[node.key] + rest)
    if isinstance(node, Num | Text | Dots | Formula):
        return node
    changes: dict[str, Any] = {}
    for name in node.__dataclass_fields__:  # type: ignore[attr-defined]
        changes[name] = _renamed_value(getattr(node, name), names)
    return replace(node, **changes)  # type: ignore[type-var]


def _renamed_value(x: Any, names: dict[str, str]) -> Any:
    if isinstance(x, Node):
        return renamed(x, names)
    if isinstance(x, tuple):
        return tuple(_renamed_value(i, names) for i in x)
    return x


def is_finite_tree(node: Node) -> bool:
    return all(math.isfinite(x.value) for x in walk(node) if isinstance(x, Num))
