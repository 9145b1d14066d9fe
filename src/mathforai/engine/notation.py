"""How numbers, vectors and matrices are written in the steps (text and LaTeX).

Results keep full precision; only what a reader sees is rounded here.
"""

from __future__ import annotations

from collections.abc import Sequence

DIGITS = 4


def num(x: float, digits: int = DIGITS) -> str:
    """A number as a person would write it: 5, 0.6, 0.3333, -2.303, 1.26e+07 stays 12582912."""
    if isinstance(x, bool):
        return str(x).lower()
    xf = float(x)
    if xf.is_integer() and abs(xf) < 1e15:
        return str(int(xf))
    if abs(xf) >= 1e15:
        return f"{xf:.{digits - 1}e}"
    if abs(xf) >= 1e-4 or xf == 0:
        text = f"{xf:.{digits}f}".rstrip("0").rstrip(".")
        if text in ("-0", "0", ""):
            return f"{xf:.{digits}g}"
        return text
    return f"{xf:.{digits - 1}e}"


def signed(x: float, digits: int = DIGITS) -> str:
    """A number wrapped in parentheses when negative, for use inside sums: (−3)."""
    text = num(x, digits)
    return f"({text})" if float(x) < 0 else text


def vec(v: Sequence[float], digits: int = DIGITS) -> str:
    return "[" + ", ".join(num(x, digits) for x in v) + "]"


def mat(a: Sequence[Sequence[float]], digits: int = DIGITS) -> str:
    return "[" + ", ".join(vec(row, digits) for row in a) + "]"


def lnum(x: float, digits: int = DIGITS) -> str:
    text = num(x, digits)
    if "e" in text:
        mantissa, exp = text.split("e")
        return rf"{mantissa}\times 10^{{{int(exp)}}}"
    return text


def lsigned(x: float, digits: int = DIGITS) -> str:
    text = lnum(x, digits)
    return rf"\left({text}\right)" if float(x) < 0 else text


def lvec(v: Sequence[float], digits: int = DIGITS) -> str:
    return r"\left[" + ",\\ ".join(lnum(x, digits) for x in v) + r"\right]"


def lmat(a: Sequence[Sequence[float]], digits: int = DIGITS) -> str:
    rows = r" \\ ".join(" & ".join(lnum(x, digits) for x in row) for row in a)
    return r"\begin{bmatrix}" + rows + r"\end{bmatrix}"


def lcol(v: Sequence[float], digits: int = DIGITS) -> str:
    """A vector written as a column, as in A·x."""
    return lmat([[x] for x in v], digits)
