"""Figures placed several to a page: each one's internal ids get a suffix of their own.

An SVG arrowhead is a `<marker id="head">` that lines point to with `url(#head)`. Two such
figures on one page would share the id, which browsers resolve to the first and assistive
technology reports as a duplicate; a per-figure suffix keeps every id unique.
"""

from __future__ import annotations

import re

from ..engine.explanation import Explanation
from .svg import figure

_ID = re.compile(r'\bid="([^"]+)"')


def scoped_figure(expl: Explanation, scope: str) -> str:
    """The explanation's figure with every id suffixed by `scope`, or "" when it has none."""
    svg = figure(expl)
    if not svg:
        return ""
    for name in set(_ID.findall(svg)):
        new = f"{name}-{scope}"
        svg = svg.replace(f'id="{name}"', f'id="{new}"')
        svg = svg.replace(f"#{name})", f"#{new})").replace(f'"#{name}"', f'"#{new}"')
    return svg


__all__ = ["scoped_figure"]
