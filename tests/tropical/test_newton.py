"""Newton polytopes, lifted polytopes and upper vertices."""

from __future__ import annotations

from fractions import Fraction

import pytest

from polyexact.errors import NumberError, ShapeError
from polyexact.polyhedra import volume
from polyexact.tropical import lifted_polytope, newton_polytope, upper_vertices


def test_max_x_y_0_has_three_regions() -> None:
    # max(x, y, 0): exponents e1, e2, 0, all heights 0
    assert upper_vertices([[1, 0], [0, 1], [0, 0]], [0, 0, 0]) == [0, 1, 2]


def test_max_0_x_2x_minus_5_has_three_regions_and_plus_5_two() -> None:
    assert upper_vertices([[0], [1], [2]], [0, 0, -5]) == [0, 1, 2]
    assert upper_vertices([[0], [1], [2]], [0, 0, 5]) == [0, 2]


def test_equal_lifts_keep_the_lowest_index_and_lower_lifts_lose() -> None:
    assert upper_vertices([[1, 1], [0, 0], [1, 1], [2, 0]], [3, 0, 3, 0]) == [0, 1, 3]
    # same site, two heights: only the higher one owns a cell
    assert upper_vertices([[0], [0], [1]], [0, 1, 0]) == [1, 2]


def test_all_points_equal_give_one_region() -> None:
    assert upper_vertices([[2, 2], [2, 2]], [1, 1]) == [0]


def test_newton_and_lifted_polytopes() -> None:
    assert volume(newton_polytope([[0, 0], [2, 0], [0, 2], [1, 1]])) == 2
    assert newton_polytope([[0, 0], [1, 1], [2, 2]]).dim == 1
    assert lifted_polytope([[0], [1], [2]], [0, 0, 0]).dim == 1
    assert volume(lifted_polytope([[0], [1], [2]], [0, 1, 0])) == 1


def test_bad_input_names_the_field() -> None:
    with pytest.raises(ShapeError, match="heights"):
        upper_vertices([[0], [1]], [0])
    with pytest.raises(ShapeError, match=r"points\[1\]"):
        upper_vertices([[0, 1], [1]], [0, 0])
    with pytest.raises(NumberError, match=r"heights\[0\]"):
        upper_vertices([[0]], ["x"])
    with pytest.raises(NumberError, match=r"points\[0\]\[1\]"):
        newton_polytope([[Fraction(1), "1/0"]])
