"""Labs on a real sentence encoder (all-MiniLM-L6-v2) run in numpy.

Nothing here loads at import: the weights (about 90 MB) are read on the first lab
request. Imports only the engine (for the working) and the standard scientific stack.
"""

from .encoder import MAX_TOKENS
from .model import available, is_loaded
from .weights import INSTALL_HINT, WeightsMismatch, WeightsMissing

__all__ = [
    "INSTALL_HINT",
    "MAX_TOKENS",
    "WeightsMismatch",
    "WeightsMissing",
    "available",
    "is_loaded",
]
