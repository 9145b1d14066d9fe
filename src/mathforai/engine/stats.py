"""Statistics and probability (part 2): mean, variance, probability rules, entropy, softmax."""

from __future__ import annotations
