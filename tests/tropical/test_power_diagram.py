"""Power diagrams: hand-checked cells, Voronoi for equal norms, normal fans without heights."""

from __future__ import annotations

from fractions import Fraction

import pytest

from polyexact.errors import ShapeError
from polyexact.numbers import is_positive_multiple
from polyexact.polyhedra import interior_point
from polyexact.tropical.power_diagram import (
    power_diagram_from_heights,
    power_diagram_from_weights,
)

# twelve integer points of norm 5: equal norms
NORM5 = [(5, 0), (4, 3), (3, 4), (0, 5), (-3, 4), (-4, 3), (-5, 0), (-4, -3), (-3, -4),
         (0, -5), (3, -4), (4, -3)]


def test_one_dimensional_cells_by_hand() -> None:
    # max(0, x, 2x - 5): the middle monomial owns [0, 5] since its lift is on the upper hull
    pd = power_diagram_from_heights([[0], [1], [2]], [0, 0, -5])
    assert pd.full_dim_cells == (0, 1, 2)
    assert power_diagram_from_heights([[0], [1], [2]], [0, 0, 5]).full_dim_cells == (0, 2)
    A, b = pd.cell_inequalities(1)
    # 2(0 - 1) x <= (0 - 0) - (1 - 1) and 2(2 - 1) x <= (4 - (4 - 10)) - 0
    assert ((Fraction(-2),), (Fraction(2),)) == A and b == (Fraction(0), Fraction(10))


def test_equal_norms_give_equal_weights_and_the_voronoi_diagram() -> None:
    pd = power_diagram_from_heights(NORM5, [0] * len(NORM5))
    assert set(pd.weights) == {Fraction(25)}
    assert pd.n_cells == 12
    for j, site in enumerate(NORM5):
        A, b = pd.cell_inequalities(j)
        # each site lies in its own Voronoi cell, strictly inside
        assert all(sum(r * Fraction(s) for r, s in zip(row, site, strict=True)) < c
                   for row, c in zip(A, b, strict=True))
        # ... and the cell is exactly the set of points nearest to it: the bisector rows
        for row, c, other in zip(A, b, [p for i, p in enumerate(NORM5) if i != j], strict=True):
            mid = tuple(Fraction(x + y, 2) for x, y in zip(site, other, strict=True))
            assert sum(r * m for r, m in zip(row, mid, strict=True)) == c


def test_bias_free_cells_are_cones_owned_by_hull_vertices() -> None:
    # a square with its centre and an edge midpoint: only the 4 corners own cells
    points = [[0, 0], [2, 0], [2, 2], [0, 2], [1, 1], [1, 0]]
    pd = power_diagram_from_heights(points, [0] * 6)
    assert pd.full_dim_cells == (0, 1, 2, 3)
    for j in range(6):
        assert all(c == 0 for c in pd.cell_inequalities(j)[1])


def test_duplicate_sites_lowest_index_owns_the_cell() -> None:
    pd = power_diagram_from_weights([[1], [0], [1]], [0, 0, 0])
    assert pd.full_dim_cells == (0, 1)
    # with a different weight the copy is a different site of the diagram
    assert power_diagram_from_weights([[1], [0], [1]], [0, 0, 1]).full_dim_cells == (1, 2)


def test_single_site_owns_everything() -> None:
    pd = power_diagram_from_weights([[3, 1]], [7])
    assert pd.full_dim_cells == (0,) and pd.cell_inequalities(0) == ((), ())
    assert interior_point((), (), 2) is not None


def test_positive_multiple() -> None:
    one, two = Fraction(1), Fraction(2)
    assert is_positive_multiple((one, two), one, (two, 2 * two), two)
    assert not is_positive_multiple((one, two), one, (two, 2 * two), one)
    assert not is_positive_multiple((one, two), one, (-one, -two), -one)
    zero = Fraction(0)
    assert is_positive_multiple((zero,), zero, (zero,), zero)
    assert not is_positive_multiple((zero,), zero, (one,), zero)


def test_bad_shapes() -> None:
    with pytest.raises(ShapeError, match="weights"):
        power_diagram_from_weights([[1], [2]], [0])
    with pytest.raises(ShapeError, match="sites"):
        power_diagram_from_heights([], [])
    with pytest.raises(ShapeError, match="sites"):
        power_diagram_from_weights([[1], [2, 3]], [0, 0])
