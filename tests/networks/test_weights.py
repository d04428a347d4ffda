"""npz / safetensors weights with an architecture description."""

from __future__ import annotations

import json
from fractions import Fraction as F
from pathlib import Path

import numpy as np
import pytest

from polyexact.errors import FormatError, ShapeError
from polyexact.networks import FFN, Affine, Residual, WeightReader, forward_network
from polyexact.networks.importers import (
    FaithfulnessError,
    load_weights,
    network_from_weight_file,
    network_from_weights,
)

ARCH = {"input_dim": 3, "name": "mlp", "blocks": [
    {"type": "affine", "W": "fc1.weight", "b": "fc1.bias"}, {"type": "relu"},
    {"type": "residual", "blocks": [{"type": "affine", "W": "skip.weight"},
                                    {"type": "leaky_relu", "slope": "1/8"}]},
    {"type": "affine", "W": {"tensor": "head.weight_t", "transpose": True}}]}


def _weights(seed: int = 0) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    return {"fc1.weight": rng.normal(size=(5, 3)).astype(np.float32),
            "fc1.bias": rng.normal(size=5).astype(np.float32),
            "skip.weight": rng.normal(size=(5, 5)).astype(np.float32),
            "head.weight_t": rng.normal(size=(5, 2)).astype(np.float32)}


def _by_hand(w: dict[str, np.ndarray], x: np.ndarray) -> np.ndarray:
    h = np.maximum(w["fc1.weight"].astype(float) @ x + w["fc1.bias"], 0)
    s = w["skip.weight"].astype(float) @ h
    h = h + np.where(s > 0, s, s / 8)
    out: np.ndarray = w["head.weight_t"].astype(float).T @ h
    return out


@pytest.mark.parametrize("suffix", [".npz", ".safetensors"])
def test_weight_files_round_trip_exactly(tmp_path: Path, suffix: str) -> None:
    w = _weights()
    path = tmp_path / f"w{suffix}"
    if suffix == ".npz":
        np.savez(path, **w)  # type: ignore[arg-type]
    else:
        from safetensors.numpy import save_file
        save_file(w, str(path))
    (tmp_path / "arch.json").write_text(json.dumps(ARCH))
    net = network_from_weight_file(path, tmp_path / "arch.json")
    assert isinstance(net.blocks[2], Residual)
    first = net.blocks[0]
    assert isinstance(first, Affine)
    assert first.W[4][1] == F(float(w["fc1.weight"][4, 1]))
    last = net.blocks[3]
    assert isinstance(last, Affine) and len(last.W) == 2
    x = np.array([0.5, -1.25, 2.0])
    exact = forward_network(net, tuple(F(v) for v in x)).output
    assert np.allclose([float(v) for v in exact], _by_hand(w, x), atol=1e-9)


def test_ffn_description_matches() -> None:
    w = {"W1": np.array([[1.0, 0.0], [0.0, -1.0]]), "W2": np.array([[2.0, 3.0]])}
    net = network_from_weights(w, {"input_dim": 2, "blocks": [
        {"type": "ffn", "W1": "W1", "W2": "W2"}]})
    assert isinstance(net.blocks[0], FFN)
    assert forward_network(net, (F(1), F(-1))).output == (F(5),)


def test_missing_tensor_and_bad_files(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match=r"no tensor named 'fc1\.bias'") as err:
        network_from_weights({"fc1.weight": np.eye(3)}, ARCH)
    assert err.value.field == "blocks[0].b"
    with pytest.raises(ShapeError, match="expected 3 entries"):
        network_from_weights({**_weights(), "fc1.weight": np.eye(4, dtype=np.float32)}, ARCH)
    bad = tmp_path / "w.npz"
    bad.write_bytes(b"not a zip")
    with pytest.raises(FormatError, match="npz"):
        load_weights(bad)
    pickled = tmp_path / "obj.npz"
    np.savez(pickled, a=np.array([{"x": 1}], dtype=object))
    with pytest.raises(FormatError, match="npz"):
        load_weights(pickled)
    other = tmp_path / "a.json"
    other.write_text("{}")
    with pytest.raises(FormatError, match=r"expected a \.npz or \.safetensors"):
        load_weights(other)


def test_coarse_rounding_is_refused_fine_rounding_reported() -> None:
    with pytest.raises(FaithfulnessError, match="blocks\\[0\\] \\(affine\\)"):
        network_from_weights(_weights(), ARCH, reader=WeightReader(rationalize=3))
    reader = WeightReader(rationalize=10**6)
    network_from_weights(_weights(), ARCH, reader=reader)
    assert 0 < reader.largest_change <= F(1, 10**6)
    assert "largest change" in reader.summary()
