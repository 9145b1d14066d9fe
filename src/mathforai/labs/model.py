"""The one encoder per process: loaded on the first lab request, never at import.

Front ends call `encode(text)`; it checks the text (non-empty, at most 256 tokens) and
raises the engine's InputError, so the API answers 422 naming the field and the CLI
exits 2, as for every other bad input.
"""

from __future__ import annotations

import threading

from ..engine import InputError
from .encoder import MAX_TOKENS, Encoder, Encoding, load_encoder
from .weights import WeightsMismatch, WeightsMissing, available

MAX_CHARS = 4000  # a cap before tokenizing: 256 tokens never need more characters than this

_lock = threading.Lock()
_encoder: Encoder | None = None


def get_encoder() -> Encoder:
    """The loaded model (about 90 MB), loading it on first use."""
    global _encoder
    if _encoder is None:
        with _lock:
            if _encoder is None:
                _limit_blas_threads()
                _encoder = load_encoder()
    return _encoder


def is_loaded() -> bool:
    return _encoder is not None


def _limit_blas_threads() -> None:
    # The model's matrices are small (a sentence is a few dozen rows): OpenBLAS threads
    # cost more to wake than they save, and on a busy 2-core machine they made one
    # sentence 20× slower. Parallelism comes from serving several requests instead.
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return
    threadpool_limits(limits=1, user_api="blas")


def check_text(text: object, field: str = "text") -> str:
    """The text, or InputError saying what to type instead."""
    if not isinstance(text, str):
        raise InputError(field, f"{field} must be a sentence (a string), such as 'A cat sat.'")
    if not text.strip():
        raise InputError(field, f"{field} is empty: type a sentence, such as 'A cat sat.'")
    if len(text) > MAX_CHARS:
        raise InputError(
            field,
            f"{field} is {len(text)} characters; the model reads at most {MAX_TOKENS} tokens "
            f"(about {MAX_CHARS} characters at most): shorten it",
        )
    return text


def count_tokens(encoder: Encoder, text: str, field: str = "text") -> list[str]:
    """The tokens of `text`; InputError past the model's window of MAX_TOKENS."""
    tokens, _ = encoder.tokenize(text)
    if len(tokens) <= 2:  # [CLS] and [SEP] alone: control characters, nothing to read
        message = f"{field} has no characters the model reads: type a sentence, like 'A cat sat.'"
        raise InputError(field, message)
    if len(tokens) > MAX_TOKENS:
        raise InputError(
            field,
            f"{field} is {len(tokens)} tokens long; the limit is {MAX_TOKENS} tokens "
            "([CLS] and [SEP] included), the model's window: shorten it",
        )
    return tokens


def encode(text: object, field: str = "text", keep_attention: bool = False) -> Encoding:
    """Check `text` and run the forward pass."""
    checked = check_text(text, field)
    encoder = get_encoder()
    count_tokens(encoder, checked, field)
    return encoder.encode(checked, keep_attention=keep_attention)


__all__ = [
    "MAX_TOKENS",
    "Encoding",
    "WeightsMismatch",
    "WeightsMissing",
    "available",
    "check_text",
    "count_tokens",
    "encode",
    "get_encoder",
    "is_loaded",
]
