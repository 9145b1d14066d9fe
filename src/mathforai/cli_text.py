"""Markdown with $…$ math written as plain Unicode text, for prompts shown in a terminal."""

from __future__ import annotations

import re
from collections.abc import Iterator

# ---- math as plain text --------------------------------------------------------------------

_SYMBOLS = {
    "cdot": " · ",
    "times": " × ",
    "div": " ÷ ",
    "pm": " ± ",
    "cap": " ∩ ",
    "cup": " ∪ ",
    "mid": " | ",
    "le": " ≤ ",
    "leq": " ≤ ",
    "ge": " ≥ ",
    "geq": " ≥ ",
    "ne": " ≠ ",
    "neq": " ≠ ",
    "approx": " ≈ ",
    "to": " → ",
    "rightarrow": " → ",
    "in": " ∈ ",
    "sum": "Σ",
    "prod": "Π",
    "partial": "∂",
    "nabla": "∇",
    "infty": "∞",
    "ldots": "…",
    "cdots": "⋯",
    "dots": "…",
    "|": "‖",
    "lVert": "‖",
    "rVert": "‖",
    "Vert": "‖",
    "{": "{",
    "}": "}",
    "$": "$",
    "%": "%",
    "_": "_",
    "&": "&",
    "#": "#",
    "\\": "; ",
}
_SYMBOLS.update(
    {
        "alpha": "α",
        "beta": "β",
        "gamma": "γ",
        "delta": "δ",
        "epsilon": "ε",
        "eta": "η",
        "theta": "θ",
        "lambda": "λ",
        "mu": "μ",
        "pi": "π",
        "rho": "ρ",
        "sigma": "σ",
        "tau": "τ",
        "phi": "φ",
        "omega": "ω",
    }
)
_SYMBOLS.update({"Sigma": "Σ", "Delta": "Δ", "Pi": "Π", "Omega": "Ω", "Theta": "Θ"})
_SPACES = {",", ";", ":", " ", "!", "quad", "qquad"}
_STYLES = {"mathbf", "mathrm", "mathit", "text", "textbf", "boldsymbol", "operatorname", "bm"}
_SKIP = {"left", "right", "displaystyle", "limits", "big", "Big", "bigl", "bigr"}
_BLACKBOARD = {"R": "ℝ", "N": "ℕ", "Z": "ℤ", "Q": "ℚ", "C": "ℂ"}
_SUPERSCRIPT = dict(zip("0123456789+-−()nTi", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁽⁾ⁿᵀⁱ"))
_COMMAND = re.compile(r"\\([A-Za-z]+|.)")
_MATH = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$", re.DOTALL)


def plain_math(markdown: str) -> str:
    """A prompt's Markdown with $…$ math written as plain Unicode text for a terminal."""
    text = _MATH.sub(_math_text, markdown)
    text = re.sub(r"\*\*(.+?)\*\*", r"\1", text)
    text = re.sub(r"`([^`]*)`", r"\1", text)
    text = re.sub(r"[ \t]{2,}", " ", text)
    return re.sub(r"[ \t]*\n[ \t]*", "\n", text).strip()


def _math_text(match: re.Match[str]) -> str:
    if match.group(1) is not None:
        # Display math (a matrix, usually) gets a line of its own, as on the page.
        return "\n" + _latex(match.group(1)).strip() + "\n"
    return _latex(match.group(2)).strip()


def _latex(src: str) -> str:
    return "".join(_pieces(src))


def _pieces(src: str) -> Iterator[str]:
    i = 0
    while i < len(src):
        ch = src[i]
        if ch == "\\":
            m = _COMMAND.match(src, i)
            assert m is not None  # a backslash always matches one character at least
            piece, i = _command(m.group(1), src, m.end())
            yield piece
        elif ch in "^_":
            arg, i = _argument(src, i + 1)
            yield _superscript(_latex(arg)) if ch == "^" else _subscript(_latex(arg))
        elif ch == "{":
            arg, i = _argument(src, i)
            yield _latex(arg)
        elif ch == "}":
            i += 1  # an unbalanced brace: drop it rather than show LaTeX
        elif ch == "~":
            yield " "
            i += 1
        else:
            yield ch
            i += 1


def _command(name: str, src: str, i: int) -> tuple[str, int]:
    """The text for the command `name` whose arguments start at src[i], and where it ends."""
    if name in ("frac", "dfrac", "tfrac"):
        top, i = _argument(src, i)
        bottom, i = _argument(src, i)
        return f"{_wrap(_latex(top))}/{_wrap(_latex(bottom))}", i
    if name == "sqrt":
        arg, i = _argument(src, i)
        return "√" + _wrap(_latex(arg)), i
    if name in ("hat", "bar", "vec", "tilde"):
        arg, i = _argument(src, i)
        mark = {"hat": "\u0302", "bar": "\u0304", "vec": "\u20d7", "tilde": "\u0303"}[name]
        return _latex(arg) + mark, i
    if name in _STYLES:
        arg, i = _argument(src, i)
        return _latex(arg), i
    if name == "mathbb":
        arg, i = _argument(src, i)
        return "".join(_BLACKBOARD.get(c, c) for c in _latex(arg)), i
    if name == "begin":
        return _environment(src, i)
    if name in _SKIP:
        # \left. and \right. are invisible delimiters.
        return "", i + 1 if src[i : i + 1] == "." else i
    if name in _SPACES:
        return " ", i
    if name in ("partial", "nabla"):
        # Written next to what they act on: ∂f, ∇f.
        return _SYMBOLS[name], len(src) - len(src[i:].lstrip())
    # Function names (\ln, \sin, \log, \max …) and unknown commands read well as the word.
    return _SYMBOLS.get(name, name), i


def _argument(src: str, i: int) -> tuple[str, int]:
    """One argument at src[i]: a {group}, a \\command or a single character."""
    while i < len(src) and src[i] == " ":
        i += 1
    if i >= len(src):
        return "", i
    if src[i] == "{":
        depth = 0
        for j in range(i, len(src)):
            depth += {"{": 1, "}": -1}.get(src[j], 0)
            if depth == 0:
                return src[i + 1 : j], j + 1
        return src[i + 1 :], len(src)
    if src[i] == "\\":
        m = _COMMAND.match(src, i)
        assert m is not None
        return m.group(0), m.end()
    return src[i], i + 1


def _environment(src: str, i: int) -> tuple[str, int]:
    """A matrix environment as [[a, b], [c, d]], the way answers are typed."""
    env, i = _argument(src, i)
    end = src.find(f"\\end{{{env}}}", i)
    end = len(src) if end < 0 else end
    body, after = src[i:end], min(len(src), end + len(f"\\end{{{env}}}"))
    rows = [r for r in re.split(r"\\\\", body) if r.strip()]
    cells = [[_latex(c).strip() for c in r.split("&")] for r in rows]
    if "matrix" in env:
        return "[" + ", ".join("[" + ", ".join(r) + "]" for r in cells) + "]", after
    return "; ".join(", ".join(r) for r in cells), after


def _wrap(text: str) -> str:
    text = text.strip()
    return text if re.fullmatch(r"[\w.∂∇‖]+", text) else f"({text})"


def _superscript(text: str) -> str:
    text = text.strip()
    if text and all(c in _SUPERSCRIPT for c in text):
        return "".join(_SUPERSCRIPT[c] for c in text)
    return "^" + (text if len(text) == 1 else f"({text})")


def _subscript(text: str) -> str:
    text = text.strip()
    return "_" + (text if re.fullmatch(r"\w+", text) else f"({text})")
