"""polyexact.model/2 files: round trips, v1 loading, validation naming fields, numpy, rounding."""

from __future__ import annotations

import json
from fractions import Fraction as F
from pathlib import Path

import numpy as np
import pytest

from polyexact.errors import FormatError, InputError, NumberError, ShapeError
from polyexact.models import construction, model_to_data, random_model, write_model
from polyexact.networks import (
    MAX_WIDTH,
    NETWORK_FORMAT,
    Affine,
    Residual,
    WeightReader,
    forward_network,
    load_network,
    mlp_network,
    network_from_data,
    network_from_model,
    network_to_data,
    random_mlp,
    write_network,
)


def _v2(blocks: list[object], d: int = 2, **extra: object) -> dict[str, object]:
    return {"format": NETWORK_FORMAT, "input_dim": d, "blocks": blocks, **extra}


def test_round_trip_every_block_kind(tmp_path: Path) -> None:
    model = random_model(2, n_layers=1, heads=2, n_keys=3, d_k=2, d_v=1, d_ff=3, seed=1)
    att = network_to_data(network_from_model(model))["blocks"]
    data = _v2([{"type": "affine", "W": [[1, "1/3"], [0, "-2.5"]], "b": [1, 0]},
                {"type": "leaky_relu", "slope": "1/100"},
                {"type": "residual", "blocks": [{"type": "affine", "W": [[1, 1], [1, -1]]},
                                                {"type": "relu"}]},
                *att], domain={"box": [[-1, 1], ["-1/2", 2]]}, name="mixed")
    net = network_from_data(data)
    assert isinstance(net.blocks[2], Residual)
    path = write_network(net, tmp_path / "m.json")
    assert load_network(path) == net
    assert json.loads(path.read_text())["blocks"][0]["W"][1] == [0, "-5/2"]


def test_v1_files_keep_loading(tmp_path: Path) -> None:
    model = construction(1, 2, 2, 1)
    path = write_model(model, tmp_path / "v1.json")
    net = load_network(path)
    assert net == network_from_model(model)
    assert network_from_data(model_to_data(model)) == net


@pytest.mark.parametrize(("blocks", "field"), [
    ([{"type": "affine", "W": [[1, 2], [3]]}], "blocks[0].W[1]"),
    ([{"type": "affine", "W": [[1, 2]], "b": [1, 2]}], "blocks[0].b"),
    ([{"type": "conv", "W": [[1, 2]]}], "blocks[0].type"),
    ([{"type": "relu", "width": 2}], "blocks[0].width"),
    ([{"type": "leaky_relu", "slope": "1/0"}], "blocks[0].slope"),
    ([{"type": "affine", "W": [[1, True]]}], "blocks[0].W[0][1]"),
    ([{"type": "residual", "blocks": [{"type": "affine", "W": [[1, 1]]}]}], "blocks[0]"),
    ([], "blocks"),
])
def test_bad_blocks_name_the_field(blocks: list[object], field: str) -> None:
    with pytest.raises(InputError) as err:
        network_from_data(_v2(blocks))
    assert err.value.field == field


def test_wrong_format_and_sizes_refused_before_conversion() -> None:
    with pytest.raises(FormatError, match="format"):
        network_from_data({"format": "polyexact.model/3", "input_dim": 1, "blocks": []})
    with pytest.raises(ShapeError, match="input_dim: expected at most"):
        network_from_data(_v2([{"type": "relu"}], d=10**9))
    huge = [[0] * 3] * (MAX_WIDTH + 1)
    with pytest.raises(ShapeError, match=f"at most {MAX_WIDTH} rows"):
        network_from_data(_v2([{"type": "affine", "W": huge}], d=3))
    deep: dict[str, object] = {"type": "relu"}
    for _ in range(12):
        deep = {"type": "residual", "blocks": [deep]}
    with pytest.raises(ShapeError, match="nested at most"):
        network_from_data(_v2([deep]))


def test_numpy_arrays_and_floats_are_exact_and_silent(recwarn: pytest.WarningsRecorder) -> None:
    W1 = np.array([[0.1, -0.5], [2.0, 0.25]], dtype=np.float32)
    reader = WeightReader()
    net = mlp_network([W1, np.array([[1.0, -3.0]])], [np.zeros(2), np.array([0.3])],
                      reader=reader)
    assert not recwarn.list
    assert net.blocks[0].W[0][0] == F(float(np.float32(0.1)))  # type: ignore[union-attr]
    assert net.blocks[0].W[0][0] != F(1, 10)  # type: ignore[union-attr]
    assert reader.summary().startswith("9 weights read, 4 floats converted exactly")
    with pytest.raises(ShapeError, match="weights\\[0\\]: expected an array with 2 axes"):
        mlp_network([np.zeros(3)], [np.zeros(3)])
    with pytest.raises(NumberError, match="finite"):
        mlp_network([np.array([[np.nan]])], [[0]])


def test_rationalize_states_the_largest_change() -> None:
    reader = WeightReader(rationalize=100)
    net = mlp_network([[[0.1, 1 / 3]]], [[0.7]], reader=reader)
    first = net.blocks[0]
    assert isinstance(first, Affine)
    assert ((F(1, 10), F(1, 3)),) == first.W
    expected = max(abs(F(0.1) - F(1, 10)), abs(F(1 / 3) - F(1, 3)), abs(F(0.7) - F(7, 10)))
    assert reader.largest_change == expected > 0
    assert str(expected) in reader.summary()
    with pytest.raises(InputError, match="rationalize"):
        WeightReader(rationalize=0)


def test_random_mlp_forward_matches_numpy() -> None:
    net = random_mlp([4, 8, 8, 1], seed=3)
    Ws = [np.array([[float(v) for v in row] for row in b.W]) for b in net.blocks[::2]]  # type: ignore[union-attr]
    bs = [np.array([float(v) for v in b.b]) for b in net.blocks[::2]]  # type: ignore[union-attr]
    rng = np.random.default_rng(0)
    for _ in range(50):
        x = rng.integers(-8, 8, size=4) / 4
        h = x
        for i, (W, b) in enumerate(zip(Ws, bs, strict=True)):
            h = W @ h + b
            if i < len(Ws) - 1:
                h = np.maximum(h, 0)
        exact = forward_network(net, tuple(F(float(v)) for v in x)).output
        assert float(exact[0]) == pytest.approx(h[0], abs=1e-12)


def test_lists_of_array_rows_and_bad_dtypes() -> None:
    rows = [np.array([1.0, 0.5]), np.array([-2, 3])]
    net = mlp_network([rows], [np.array([0, 0], dtype=np.int64)])
    first = net.blocks[0]
    assert isinstance(first, Affine)
    assert ((F(1), F(1, 2)), (F(-2), F(3))) == first.W
    with pytest.raises(NumberError, match="dtype bool"):
        mlp_network([np.array([[True]])], [[0]])


def test_v1_floats_are_counted_not_warned(recwarn: pytest.WarningsRecorder) -> None:
    data = model_to_data(construction(1, 2, 2, 1))
    data["layers"][0]["ffn"]["b1"] = [0.5, -0.25]
    reader = WeightReader()
    net = network_from_data(data, reader=reader)
    assert not recwarn.list
    assert reader.n_floats == 2
    # construction(1, 2, 2, 1): head 2 + 2 + 4 + 2 + 2, W_O 1, FFN 2 + 2 + 2 + 1, box 2
    assert reader.n_weights == 22
    assert net.blocks[1].b1 == (F(1, 2), F(-1, 4))  # type: ignore[union-attr]
