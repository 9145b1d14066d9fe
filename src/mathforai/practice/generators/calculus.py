"""Practice for part calculus."""

from __future__ import annotations

GENERATORS: dict = {}
