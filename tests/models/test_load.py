"""Model files: the contract's example, defaults, round trips and precise error fields."""

from __future__ import annotations

import copy
import json
import warnings
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from polyexact.errors import DomainError, FormatError, InputError, NumberError, ShapeError
from polyexact.models.builders import construction, random_model
from polyexact.models.forward import forward
from polyexact.models.load import load_model, model_from_data, model_to_data, write_model
from polyexact.numbers import identity_matrix, zero_vector

EXAMPLE: dict[str, Any] = {
    "format": "polyexact.model/1",
    "name": "optional label",
    "d_model": 2,
    "domain": {"box": [["0", "1"], ["0", "1"]]},
    "layers": [
        {
            "heads": [
                {
                    "W_Q": [["1", "0"], ["0", "0"]],
                    "b_Q": ["0", "1"],
                    "keys": [["1/4", "-1/32"], ["3/4", "-9/32"]],
                    "values": [["-1/4"], ["-3/4"]],
                    "logit_bias": ["0", "0"],
                }
            ],
            "W_O": [["1"], ["0"]],
            "residual": True,
            "ffn": {"W1": [["2", "0"]], "b1": ["0"], "W2": [["1"], ["0"]], "b2": ["0", "0"],
                    "residual": False},
        }
    ],
}


def test_contract_example_loads_and_evaluates() -> None:
    m = model_from_data(EXAMPLE)
    assert m.name == "optional label" and m.d_model == 2 and m.domain.kind == "box"
    head = m.layers[0].heads[0]
    assert head.sites == ((Fraction(1, 4), Fraction(0)), (Fraction(3, 4), Fraction(0)))
    assert head.heights == (Fraction(-1, 32), Fraction(-9, 32))
    # x = (1/3, 1/2): nearest centre 1/4, y = (1/12, 1/2), ReLU(2 * 1/12) = 1/6 into coordinate 0
    assert forward(m, (Fraction(1, 3), Fraction(1, 2))).output == (Fraction(1, 6), Fraction(0))


def test_defaults() -> None:
    data = {"format": "polyexact.model/1", "d_model": 2, "layers": [
        {"heads": [{"W_Q": [[1, 0]], "keys": [[1], [2]], "values": [[1, 0], [0, 1]]}],
         "ffn": {"W1": [[1, 1]], "W2": [[1], [1]]}},
        {"heads": [], "ffn": {"W1": [[1, 0]], "W2": [[1], [0]], "residual": True}},
        {},
    ]}
    m = model_from_data(data)
    first, second, third = m.layers
    w_o = first.W_O
    assert w_o == identity_matrix(2) and first.residual
    assert first.heads[0].b_Q == zero_vector(1) and first.heads[0].logit_bias == zero_vector(2)
    assert first.ffn is not None and not first.ffn.residual and first.ffn.b1 == zero_vector(1)
    assert second.heads == () and second.W_O == ((), ()) and second.ffn is not None
    assert second.ffn.residual and third.ffn is None
    assert m.domain.kind == "all" and m.name == ""


@pytest.mark.parametrize("seed", range(8))
def test_round_trip_random_models(seed: int) -> None:
    m = random_model(2, n_layers=2, heads=seed % 3, n_keys=3, d_k=2, d_v=2, d_ff=seed % 4,
                     seed=seed, logit_bias=bool(seed % 2), domain=("box", "unit", "all")[seed % 3])
    data = model_to_data(m)
    assert model_from_data(json.loads(json.dumps(data))) == m


def test_round_trip_through_a_file(tmp_path: Path) -> None:
    m = construction(2, 3, 4, 2)
    path = write_model(m, tmp_path / "c.json")
    assert load_model(path) == m
    poly = dict(EXAMPLE, domain={"polytope": {"A": [[-1, 0], [0, -1], [1, 1]], "b": [0, 0, 1]}})
    m2 = model_from_data(poly)
    assert model_from_data(model_to_data(m2)) == m2 and m2.domain.kind == "polytope"


def test_json_floats_are_exact_and_decimals_are_decimal() -> None:
    data = copy.deepcopy(EXAMPLE)
    data["layers"][0]["heads"][0]["b_Q"] = [0.5, "0.1"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        m = model_from_data(data)
    assert m.layers[0].heads[0].b_Q == (Fraction(1, 2), Fraction(1, 10))


def _set(path: str, value: object) -> Callable[[dict[str, Any]], None]:
    """A mutation that sets (or, with value ``...``, deletes) the field at a dotted path."""
    def apply(data: dict[str, Any]) -> None:
        parts: list[Any] = [int(p) if p.isdigit() else p for p in path.split(".")]
        node: Any = data
        for p in parts[:-1]:
            node = node[p]
        if value is ...:
            del node[parts[-1]]
        else:
            node[parts[-1]] = value
    return apply


HEAD = "layers.0.heads.0"
BAD: list[tuple[str, object, type[InputError], str]] = [
    ("format", "polyexact.model/2", FormatError, "format"),
    ("format", ..., FormatError, "format"),
    ("d_model", ..., FormatError, "d_model"),
    ("d_model", 0, ShapeError, "d_model"),
    ("d_model", -2, ShapeError, "d_model"),
    ("d_model", True, ShapeError, "d_model"),
    ("d_model", "2", ShapeError, "d_model"),
    ("d_model", 3, ShapeError, "layers[0].heads[0].W_Q[0]"),
    ("extra", 1, FormatError, "extra"),
    ("layers", [], ShapeError, "layers"),
    ("layers.0.bogus", 1, FormatError, "layers[0].bogus"),
    ("layers.0.residual", 1, FormatError, "layers[0].residual"),
    ("layers.0.W_O", ..., FormatError, "layers[0].W_O"),
    ("layers.0.W_O", [["1", "0"]], ShapeError, "layers[0].W_O"),
    ("layers.0.heads", {}, FormatError, "layers[0].heads"),
    (f"{HEAD}.W_Q", ..., FormatError, "layers[0].heads[0].W_Q"),
    (f"{HEAD}.W_Q", [], ShapeError, "layers[0].heads[0].W_Q"),
    (f"{HEAD}.b_Q", ["0"], ShapeError, "layers[0].heads[0].b_Q"),
    (f"{HEAD}.keys", [], ShapeError, "layers[0].heads[0].keys"),
    (f"{HEAD}.keys.1", ["1"], ShapeError, "layers[0].heads[0].keys[1]"),
    (f"{HEAD}.keys.1.0", "1/0", NumberError, "layers[0].heads[0].keys[1][0]"),
    (f"{HEAD}.keys.1.1", float("nan"), NumberError, "layers[0].heads[0].keys[1][1]"),
    (f"{HEAD}.keys.0.0", "inf", NumberError, "layers[0].heads[0].keys[0][0]"),
    (f"{HEAD}.keys.0.0", True, NumberError, "layers[0].heads[0].keys[0][0]"),
    (f"{HEAD}.keys.0.0", "", NumberError, "layers[0].heads[0].keys[0][0]"),
    (f"{HEAD}.values", [["1"]], ShapeError, "layers[0].heads[0].values"),
    (f"{HEAD}.values", [[], []], ShapeError, "layers[0].heads[0].values[0]"),
    (f"{HEAD}.logit_bias", ["0", "0", "0"], ShapeError, "layers[0].heads[0].logit_bias"),
    (f"{HEAD}.query", 1, FormatError, "layers[0].heads[0].query"),
    ("layers.0.ffn.W2", [["1"]], ShapeError, "layers[0].ffn.W2"),
    ("layers.0.ffn.W1", ..., FormatError, "layers[0].ffn.W1"),
    ("layers.0.ffn.b2", ["x", "0"], NumberError, "layers[0].ffn.b2[0]"),
    ("layers.0.ffn.residual", "no", FormatError, "layers[0].ffn.residual"),
    ("domain", "R2", FormatError, "domain"),
    ("domain", {"ball": 1}, FormatError, "domain.ball"),
    ("domain.box", [["0", "1"]], ShapeError, "domain.box"),
    ("domain.box.1", ["1", "1"], DomainError, "domain.box[1]"),
    ("domain.box.0", ["2", "1"], DomainError, "domain.box[0]"),
    ("domain", {"polytope": {"A": [[1, 0], [-1, 0]], "b": [0, 0]}}, DomainError, "domain"),
    ("domain", {"polytope": {"A": [[1, 0], [-1, 0]], "b": [0, -1]}}, DomainError, "domain"),
    ("domain", {"polytope": {"A": [[1, 0]]}}, FormatError, "domain.polytope.b"),
]


@pytest.mark.parametrize(("path", "value", "error", "field"), BAD,
                         ids=[f"{p}={v!r}" for p, v, _, _ in BAD])
def test_invalid_models_name_the_field(path: str, value: object, error: type[InputError],
                                       field: str) -> None:
    data = copy.deepcopy(EXAMPLE)
    _set(path, value)(data)
    with pytest.raises(error) as info:
        model_from_data(data)
    assert info.value.field is not None and info.value.field.startswith(field)


def test_not_an_object() -> None:
    with pytest.raises(FormatError, match="expected an object"):
        model_from_data([1, 2])


def test_unreadable_files(tmp_path: Path) -> None:
    text = json.dumps(EXAMPLE)
    (tmp_path / "cut.json").write_text(text[: len(text) // 2])
    with pytest.raises(FormatError, match="invalid JSON") as info:
        load_model(tmp_path / "cut.json")
    assert info.value.field == str(tmp_path / "cut.json")  # the path as given
    (tmp_path / "dup.json").write_text('{"format": "polyexact.model/1", "format": "x"}')
    with pytest.raises(FormatError, match="duplicate") as dup:
        load_model(tmp_path / "dup.json")
    assert dup.value.field == "format"
    with pytest.raises(FormatError, match="cannot read"):
        load_model(tmp_path / "missing.json")
