"""LaTeX → MathML on the server (latex2mathml), cached: no math JavaScript in the page."""

from __future__ import annotations

from functools import lru_cache
from html import escape


@lru_cache(maxsize=8192)
def latex_to_mathml(latex: str, display: bool = False) -> str:
    """MathML for a LaTeX string; if it cannot be converted, the LaTeX shown as code."""
    from latex2mathml.converter import convert

    try:
        return convert(latex, display="block" if display else "inline")
    except Exception:  # latex2mathml raises many types; a bad formula must not break a page
        return f'<code class="latex">{escape(latex)}</code>'
