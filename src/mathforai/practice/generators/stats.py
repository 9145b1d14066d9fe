"""Practice for part stats."""

from __future__ import annotations

GENERATORS: dict = {}
