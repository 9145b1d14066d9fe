"""A plain-words name for each `<math>` element, set as its `aria-label`.

Chromium exposes MathML to the accessibility tree, but many tools that compute an
accessible name (axe-core among them, and screen readers without a MathML engine) find
no text in it: a table header or a quiz choice that holds only a formula is then announced
as empty. So every formula carries a short linear reading of itself: "J sub f J sub g",
"cos θ", "x squared". It is derived from the MathML, so it can never disagree with what
is drawn.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html import escape

_NS = "{http://www.w3.org/1998/Math/MathML}"
_OPEN_TAG = re.compile(r"<math\b([^>]*)>")
_CLOSING_SPACE = re.compile(r"\s+([,;)\]}])")
_OPENING_SPACE = re.compile(r"([(\[{])\s+")
_ENTITY = re.compile(r"&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)")
# Operators a listener understands better as words.
_SPOKEN = {
    "+": "plus",
    "−": "minus",
    "-": "minus",
    "·": "times",
    "×": "times",
    "=": "equals",
    "≈": "is about",
    "≤": "at most",
    "≥": "at least",
    "→": "to",
    "∈": "in",
    "⊤": "transpose",
    "∑": "sum",
    "Σ": "sum",
    "⁡": "",  # invisible function application
    "⁢": "",  # invisible times
}
_POWERS = {"2": "squared", "3": "cubed", "transpose": "transpose", "T": "transpose"}


def _local(tag: str) -> str:
    return tag[len(_NS) :] if tag.startswith(_NS) else tag


def _words(el: ET.Element) -> str:
    tag = _local(el.tag)
    kids = [_words(k) for k in el]
    if tag in ("mi", "mn", "mtext", "ms"):
        return (el.text or "").strip()
    if tag == "mo":
        op = (el.text or "").strip()
        return _SPOKEN.get(op, op)
    if tag == "msub" and len(kids) == 2:
        return f"{kids[0]} sub {kids[1]}"
    if tag == "msup" and len(kids) == 2:
        return f"{kids[0]} {_POWERS.get(kids[1], f'to the power {kids[1]}')}"
    if tag == "msubsup" and len(kids) == 3:
        return f"{kids[0]} sub {kids[1]} to the power {kids[2]}"
    if tag == "mfrac" and len(kids) == 2:
        return f"{kids[0]} over {kids[1]}"
    if tag == "msqrt":
        return "square root of " + " ".join(kids)
    if tag == "mroot" and len(kids) == 2:
        return f"root {kids[1]} of {kids[0]}"
    if tag in ("mover", "munder", "munderover") and kids:
        return " ".join(kids)
    if tag == "annotation":
        return ""
    return " ".join(k for k in kids if k)


def speech(mathml: str) -> str:
    """The words for one `<math>…</math>` string ("" if it is not well-formed MathML)."""
    try:
        root = ET.fromstring(_ENTITY.sub("&amp;", mathml))
    except ET.ParseError:
        return ""
    words = " ".join(_words(root).split())
    # Brackets and commas hug what they enclose, as they are written: "[1, 2]".
    return _OPENING_SPACE.sub(r"\1", _CLOSING_SPACE.sub(r"\1", words))


def with_label(mathml: str) -> str:
    """The same MathML, its `<math>` tag labelled with `speech`; unchanged if it has a label
    already or nothing to say."""
    match = _OPEN_TAG.search(mathml)
    if match is None or "aria-label" in match.group(1):
        return mathml
    words = speech(mathml)
    if not words:
        return mathml
    tag = f'<math{match.group(1)} aria-label="{escape(words)}">'
    return mathml[: match.start()] + tag + mathml[match.end() :]
