"""Statistics and probability (part 2): mean, variance, probability rules, entropy, softmax.

Importing this package registers its operations, in the order of the modules below.
"""

# ruff: noqa: I001  (the import order below is the registration order of OPERATIONS)
from . import writing  # noqa: F401
from . import argtypes  # noqa: F401
from .describing import mean, std, variance
from .events import bayes, complement, conditional, joint, probability, union
from .logs import distribution, log, logprob
from .information import cross_entropy, entropy, softmax

__all__ = [
    "bayes",
    "complement",
    "conditional",
    "cross_entropy",
    "distribution",
    "entropy",
    "joint",
    "log",
    "logprob",
    "mean",
    "probability",
    "softmax",
    "std",
    "union",
    "variance",
]
