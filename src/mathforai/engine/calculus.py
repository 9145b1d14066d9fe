"""Calculus (part 3): derivatives, partials, gradients, gradient descent, least squares."""

from __future__ import annotations
