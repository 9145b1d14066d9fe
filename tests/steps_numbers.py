"""The numbers a step shows, read back from its text and from its MathML.

Both printers must show the same numbers, in the same order: that is what keeps the
terminal and the web from drifting apart (issue 10.1).
"""

from __future__ import annotations

import re
from html import unescape

_SUP = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
_SUB = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_TOKEN = re.compile(r"<(mn|mi|mtext|mo)\b[^>]*>([^<]*)</\1>")


def _spaced(text: str, chars: str, table: dict[int, int]) -> str:
    return re.sub(f"[{chars}]+", lambda m: " " + m.group(0).translate(table) + " ", text)


def text_numbers(text: str) -> list[str]:
    """Every number in Unicode text, superscripts and subscripts read as their own."""
    # 1.5e-07 (an old-style step) is the number 1.5×10⁻⁷: read it the way MathML writes it.
    text = re.sub(r"(\d)e([+-]?)(\d+)", lambda m: f"{m[1]}×10 {int(m[3])} ", text)
    text = _spaced(text, "⁰¹²³⁴⁵⁶⁷⁸⁹", _SUP)
    text = _spaced(text, "₀₁₂₃₄₅₆₇₈₉", _SUB)
    return [m.replace(",", "") for m in _NUMBER.findall(text)]


def mathml_numbers(mathml: str) -> list[str]:
    """Every number in the token elements of MathML, in document order."""
    out: list[str] = []
    for _, content in _TOKEN.findall(mathml):
        out.extend(text_numbers(unescape(content)))  # ℝ² in an <mtext> reads as in text
    return out
