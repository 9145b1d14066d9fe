"""One generator module per few topics (each <= 500 lines); MODULES lists them in course order.

A module exposes GENERATORS: topic id -> its generator functions, easiest first. Adding a
module means adding it here.
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

MODULES = (
    "linalg_basics",
    "linalg_products",
    "linalg_spaces",
    "linalg_dimension",
    "stats_descriptive",
    "stats_probability",
    "stats_information",
    "calculus_derivatives",
    "calculus_descent",
    "calculus_networks",
    "models_probability",
    "models_matrices",
    "models_backprop",
)


def modules() -> list[ModuleType]:
    """The generator modules, imported."""
    return [import_module(f"{__name__}.{name}") for name in MODULES]
