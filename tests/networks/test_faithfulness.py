"""The faithfulness check: the earliest disagreeing block over all points, the point count."""

from __future__ import annotations

import numpy as np
import pytest

from polyexact.errors import InputError
from polyexact.networks import mlp_network
from polyexact.networks.importers import FaithfulnessError, check_faithful, sample_points

NET = mlp_network([[[2.0]], [[1.0]]], [[0.0], [1.0]])
NAMES = ["fc1", "relu", "fc2"]


def _true(x: np.ndarray) -> list[np.ndarray]:
    return [2 * x, np.maximum(2 * x, 0), np.maximum(2 * x, 0) + 1]


def test_agreeing_reference_passes_at_100_points() -> None:
    assert check_faithful(NET, _true, names=NAMES) == 100
    assert check_faithful(NET, _true, names=NAMES, n_points=250, seed=3) == 250


def test_the_earliest_block_is_named_even_if_a_later_one_fails_first() -> None:
    points = sample_points(NET, 100, seed=0)
    late = points[40]

    def wrong(x: np.ndarray) -> list[np.ndarray]:
        out = _true(x)
        out[2] = out[2] + 1  # the last block is wrong everywhere
        if np.array_equal(x, late):
            out[0] = out[0] + 1e-3  # the first block only at the 41st point
        return out

    with pytest.raises(FaithfulnessError) as err:
        check_faithful(NET, wrong, names=NAMES)
    assert err.value.field == "blocks[0] (fc1)"


def test_float_noise_is_tolerated_real_differences_are_not() -> None:
    def noisy(x: np.ndarray) -> list[np.ndarray]:
        return [v * (1 + 1e-7) for v in _true(x)]

    assert check_faithful(NET, noisy, names=NAMES) == 100

    def off(x: np.ndarray) -> list[np.ndarray]:
        return [v * (1 + 1e-3) for v in _true(x)]

    with pytest.raises(FaithfulnessError, match="import refused"):
        check_faithful(NET, off, names=NAMES)


def test_fewer_than_100_points_refused() -> None:
    with pytest.raises(InputError, match="at least 100 points"):
        check_faithful(NET, _true, names=NAMES, n_points=99)
