"""The Python API converts floats and numpy arrays exactly, never mixing floats into results."""

from __future__ import annotations

import warnings
from fractions import Fraction as F
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from polyexact.errors import NumberError
from polyexact.models import construction, model_from_data, model_to_data
from polyexact.models.forward import forward
from polyexact.numbers import FloatConversionWarning, VectorLike

MODEL = construction(2, 2, 4, 1)


def test_forward_of_floats_is_exact() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FloatConversionWarning)
        from_floats = forward(MODEL, (0.5, 0.25))
    exact = forward(MODEL, (F(1, 2), F(1, 4)))
    assert from_floats == exact
    assert all(type(v) is F for v in from_floats.output)


def test_a_float_is_its_dyadic_value_not_the_decimal() -> None:
    # 0.1 is not 1/10; the float's exact value is used, and a warning says so
    with pytest.warns(FloatConversionWarning,
                      match=r"point\[0\] converted exactly to 3602879701896397/36028797018963968"):
        result = forward(MODEL, (0.1, 0.0))
    assert result == forward(MODEL, (F(3602879701896397, 2**55), F(0)))


@given(st.lists(st.floats(-4, 4, allow_nan=False), min_size=2, max_size=2))
def test_numpy_points_equal_their_exact_values(coords: list[float]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FloatConversionWarning)
        from_array = forward(MODEL, np.array(coords))
        from_float32 = forward(MODEL, np.array(coords, dtype=np.float32))
    assert from_array == forward(MODEL, tuple(F(c) for c in coords))
    assert from_float32 == forward(MODEL, tuple(F(float(np.float32(c))) for c in coords))
    assert all(type(v) is F for v in from_array.output + from_float32.output)


def test_integer_arrays_and_strings() -> None:
    assert forward(MODEL, np.array([1, 0])) == forward(MODEL, (F(1), F(0)))
    assert forward(MODEL, ["1/3", "0.25"]) == forward(MODEL, (F(1, 3), F(1, 4)))


def test_non_finite_inputs_are_refused() -> None:
    bad_points: list[VectorLike] = [[float("nan"), 0.0], np.array([0.0, np.inf]),
                                    [np.float32("nan"), 0]]
    for bad in bad_points:
        with pytest.raises(NumberError, match=r"point\[[01]\]: expected a finite rational"):
            forward(MODEL, bad)


@pytest.mark.filterwarnings("ignore::polyexact.numbers.FloatConversionWarning")
def test_model_from_data_accepts_numpy_arrays() -> None:
    data = model_to_data(MODEL)
    head = data["layers"][0]["heads"][0]
    as_arrays = dict(data)
    as_arrays["layers"] = [dict(data["layers"][0])]
    # the same numbers as numpy arrays: integers, and dyadic floats (exactly representable)
    W_Q = np.array([[float(F(x)) for x in row] for row in head["W_Q"]])
    keys = np.array([[float(F(x)) for x in row] for row in head["keys"]])
    as_arrays["layers"][0]["heads"] = [{**head, "W_Q": W_Q, "keys": keys,
                                        "b_Q": np.array([float(F(x)) for x in head["b_Q"]])},
                                       *data["layers"][0]["heads"][1:]]
    ffn = data["layers"][0]["ffn"]
    as_arrays["layers"][0]["ffn"] = {**ffn, "W1": np.array([[int(F(x)) for x in row]
                                                            for row in ffn["W1"]])}
    assert model_from_data(as_arrays) == MODEL


@pytest.mark.filterwarnings("ignore::polyexact.numbers.FloatConversionWarning")
def test_a_cells_map_of_floats_is_exact() -> None:
    from polyexact.cells import enumerate_cells

    cell = enumerate_cells(MODEL).cells[0]
    image = cell.affine_map((0.1, 0.25))
    assert image == cell.affine_map((F(0.1), F(1, 4)))
    assert all(type(v) is F for v in image)
    assert cell.affine_map(np.array([0, 1])) == cell.affine_map((F(0), F(1)))


def test_model_dataclasses_refuse_floats() -> None:
    from polyexact.models import FFN, Domain, Head, Layer

    one = (F(1),)
    with pytest.raises(NumberError, match=r"^keys\[1\]\[0\]: expected an exact number"):
        Head(W_Q=(one,), b_Q=(F(0),), keys=(one, (0.5,)), values=(one, one),  # type: ignore[arg-type]
             logit_bias=(F(0), F(0)))
    with pytest.raises(NumberError, match=r"^b1\[0\]: .* found float64"):
        FFN(W1=(one,), b1=(np.float64(0.25),), W2=(one,), b2=(F(0),))  # type: ignore[arg-type]
    with pytest.raises(NumberError, match=r"^W_O\[0\]\[0\]"):
        Layer(heads=(), W_O=((1.0,),))  # type: ignore[arg-type]
    with pytest.raises(NumberError, match=r"^b\[0\]"):
        Domain("polytope", (one,), (2.5,))  # type: ignore[arg-type]
    # exact entries, ints included, are accepted as they are
    ints: Any = ((1,),)
    assert FFN(W1=ints, b1=ints[0], W2=(one,), b2=(F(0),)).d_ff == 1


@pytest.mark.filterwarnings("ignore::polyexact.numbers.FloatConversionWarning")
def test_network_forward_of_floats_is_exact() -> None:
    from polyexact.networks import block_outputs, forward_network, network_from_model

    net = network_from_model(MODEL)
    from_floats = forward_network(net, (0.5, 0.25))
    assert from_floats == forward_network(net, (F(1, 2), F(1, 4)))
    assert all(type(v) is F for v in from_floats.output)
    assert from_floats.output == forward(MODEL, (F(1, 2), F(1, 4))).output
    assert forward_network(net, np.array([0.5, 0.25])) == from_floats
    assert all(type(v) is F for state in block_outputs(net, [0.1, 0.2]) for v in state)
