"""Linear algebra (part 1): vectors, matrices, norms, span, basis, tensors.

Every operation returns the working a teacher would write on the board. Long vectors
and big matrices are shown with their middle elided; results keep full precision.
Importing this package registers its operations, in the order of the modules below.
"""

# ruff: noqa: I001  (the import order below is the registration order of OPERATIONS)
from . import writing  # noqa: F401
from . import argtypes  # noqa: F401
from .vectors import add, arithmetic, magnitude, scale, subtract, unit
from .products import cosine, dot
from .matrices import matmul, matmul_shape, transpose
from .norms import norm, normalize
from .combinations import lincomb
from . import reduction  # noqa: F401
from .spanning import independence, span
from .bases import coordinates
from .tensors import shape, tensor

__all__ = [
    "add",
    "arithmetic",
    "coordinates",
    "cosine",
    "dot",
    "independence",
    "lincomb",
    "magnitude",
    "matmul",
    "matmul_shape",
    "norm",
    "normalize",
    "scale",
    "shape",
    "span",
    "subtract",
    "tensor",
    "transpose",
    "unit",
]
