"""Normal fans: normal fan of a sum = common refinement of the normal fans."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest

from polyexact.tropical import common_refinement, minkowski_sum, normal_fan

F = Fraction


def test_square_fan_has_four_quadrants() -> None:
    fan = normal_fan([[0, 0], [1, 0], [0, 1], [1, 1]])
    assert fan.n_cones == 4
    assert all(c.is_full_dim for c in fan.cones)


def test_upper_fan_of_max_0_x_2x_plus_5_has_two_cones() -> None:
    assert normal_fan([[0], [1], [2]], [0, 0, 5], upper=True).labels == ((0,), (2,))
    assert normal_fan([[0], [1], [2]], [0, 0, -5], upper=True).n_cones == 3


@pytest.mark.parametrize("seed", range(4))
def test_normal_fan_of_sum_is_common_refinement(seed: int) -> None:
    rng = random.Random(seed)
    d = 2 + seed % 2
    sets = [[tuple(F(rng.randint(-5, 5)) for _ in range(d)) for _ in range(6)] for _ in range(2)]
    if seed == 3:
        # a lower-dimensional summand with a duplicate
        sets[1] = [(F(k), F(2 * k), F(0)) for k in (0, 1, 3, 3)]
    fan = common_refinement(normal_fan(sets[0]), normal_fan(sets[1]))
    assert fan.labels == minkowski_sum(sets).labels


def test_upper_common_refinement_counts_joint_routing_cells() -> None:
    pts = [[[0], [1], [2]], [[0], [1]]]
    hts = [[0, 0, -5], [0, -1]]
    fan = common_refinement(normal_fan(pts[0], hts[0], upper=True),
                            normal_fan(pts[1], hts[1], upper=True))
    assert fan.labels == minkowski_sum(pts, hts, upper=True).labels == (
        (0, 0), (1, 0), (1, 1), (2, 1))
