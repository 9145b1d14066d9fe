"""JSON printer for an Explanation (the contract in DESIGN.md)."""

from __future__ import annotations

import json

from ..engine.explanation import Explanation


def to_json(expl: Explanation, indent: int | None = 2) -> str:
    return json.dumps(expl.to_dict(), indent=indent, ensure_ascii=False)
