"""Exact pattern-cell counts: the construction, hyperplane arrangements, hand examples."""

from __future__ import annotations

from fractions import Fraction
from math import comb

import pytest

from polyexact.cells import CellLimitError, count_cells, enumerate_cells
from polyexact.cells.bounds import cell_count_bound
from polyexact.conventions import RegionKind
from polyexact.models import Model
from polyexact.models.builders import construction
from polyexact.models.forward import forward
from polyexact.polyhedra import is_strictly_inside, polyhedron_from_inequalities, volume
from tests.cells._models import ALL, attention_model, box, relu_model, site_head


def _check_cells(model: Model) -> None:
    """Every cell's point is strictly inside it and the forward pass agrees with the cell."""
    cx = enumerate_cells(model)
    for cell in cx.cells:
        assert is_strictly_inside(cell.point, cell.A, cell.b)
        res = forward(model, cell.point)
        assert res.pattern == cell.pattern
        assert res.output == cell.affine_map(cell.point)
    assert [c.pattern for c in cx.cells] == sorted(c.pattern for c in cx.cells)


@pytest.mark.parametrize(
    ("d", "N", "d_ff", "L", "expected"),
    [(1, 2, 2, 1, 4), (1, 3, 2, 2, 36), (2, 2, 4, 1, 16), (2, 4, 4, 1, 64), (2, 3, 8, 1, 144)],
)
def test_construction_has_2wn_to_the_dl_cells_and_regions(
    d: int, N: int, d_ff: int, L: int, expected: int
) -> None:
    model = construction(d, N, d_ff, L)
    cx = enumerate_cells(model)
    assert cx.n_cells == expected
    assert cx.n_regions == expected
    # the cells tile the unit box: their exact volumes sum to 1
    total = sum(volume(polyhedron_from_inequalities(c.A, c.b)) for c in cx.cells)
    assert total == 1
    _check_cells(model)


def test_construction_d2_n4_l2_has_4096_regions() -> None:
    cx = enumerate_cells(construction(2, 4, 4, 2))
    assert cx.n_cells == 4096
    assert cx.n_regions == 4096
    # a 64 × 64 grid of boxes: 2 · 64 · 63 shared facets
    assert len(cx.adjacency) == 2 * 64 * 63


@pytest.mark.parametrize(("d", "n"), [(1, 4), (2, 3), (2, 5), (3, 5)])
def test_relu_layer_in_general_position_has_zaslavsky_count(d: int, n: int) -> None:
    # hyperplanes Σ_k i^k x_k + i^d = 0 (i = 1..n): moment-curve normals, general position
    W1 = [[i ** k for k in range(d)] for i in range(1, n + 1)]
    b1 = [i ** d for i in range(1, n + 1)]
    assert count_cells(relu_model(W1, b1)) == sum(comb(n, k) for k in range(d + 1))


def test_concurrent_lines_give_2n_cones() -> None:
    W1 = [[1, 0], [0, 1], [1, 1], [1, -2]]
    cx = enumerate_cells(relu_model(W1, [0, 0, 0, 0]))
    assert cx.n_cells == 8
    assert all(bi == 0 for c in cx.cells for bi in c.b)


def test_parallel_lines_give_n_plus_one_strips() -> None:
    assert count_cells(relu_model([[1, 2], [2, 4], [-1, -2]], [0, 1, 3])) == 4


def test_duplicate_and_zero_neurons_do_not_split() -> None:
    # rows 0 and 1 are the same wall, row 2 is identically zero, row 3 the constant 1 (active)
    model = relu_model([[1, 0], [2, 0], [0, 0], [0, 0]], [1, 2, 0, 1])
    cx = enumerate_cells(model)
    assert cx.n_cells == 2
    assert {c.pattern[0].active for c in cx.cells} == {
        (False, False, False, True), (True, True, False, True)}


def test_max_of_x_y_and_0_has_three_cells() -> None:
    cx = enumerate_cells(attention_model([site_head([[1, 0], [0, 1], [0, 0]])], 2))
    assert cx.n_cells == 3
    assert len(cx.adjacency) == 3
    assert cx.n_regions == 3


def test_bias_free_heads_give_cones_at_the_origin() -> None:
    heads = [site_head([[1, 0], [0, 1], [-1, -1], [0, 0]]), site_head([[1, 1], [-1, 1], [0, -1]])]
    cx = enumerate_cells(attention_model(heads, 2))
    assert cx.n_cells > 3
    assert all(bi == 0 for c in cx.cells for bi in c.b)
    _check_cells(attention_model(heads, 2))


def test_duplicate_keys_only_the_lowest_index_owns_a_cell() -> None:
    cx = enumerate_cells(attention_model([site_head([[0], [1], [1], [0]])], 1))
    assert [c.pattern[0].keys for c in cx.cells] == [(0,), (1,)]


def test_zero_query_gives_one_cell_owned_by_the_best_height() -> None:
    cx = enumerate_cells(attention_model([site_head([[0, 0], [0, 0], [0, 0]], [1, 3, 3])], 2))
    assert [c.pattern[0].keys for c in cx.cells] == [(1,)]


def test_walls_on_the_domain_boundary_and_through_vertices() -> None:
    # x = 1 lies on the box boundary; x + y = 0 passes through the box vertices (1, -1), (-1, 1)
    model = relu_model([[1, 0], [1, 1], [1, -1]], [-1, 0, 0], box(2))
    assert count_cells(model) == 4
    _check_cells(model)


def test_linear_regions_merge_cells_with_one_map() -> None:
    # W2 = 0: the map is the identity on every cell, so the plane is one region
    model = relu_model([[1, 0], [0, 1]], [0, 0], W2=[[0, 0], [0, 0]])
    assert count_cells(model) == 4
    assert count_cells(model, kind=RegionKind.LINEAR_REGION) == 1


def test_max_cells_stops_with_a_clear_message() -> None:
    with pytest.raises(CellLimitError, match="more than 10 cells"):
        enumerate_cells(construction(2, 4, 4, 1), max_cells=10)


def test_bound_is_above_the_count() -> None:
    model = construction(2, 3, 8, 1)
    assert cell_count_bound(model) >= 144


def test_progress_reports_every_stage() -> None:
    seen: list[tuple[int, int, int]] = []
    enumerate_cells(construction(1, 2, 2, 1), progress=lambda s, n, c: seen.append((s, n, c)))
    assert seen[-1][2] == 4
    assert seen[-1][0] == 3  # route, neuron 0, neuron 1 (the map updates are not reported)


def test_unbounded_domain_keeps_unbounded_cells() -> None:
    cx = enumerate_cells(relu_model([[1]], [0], ALL))
    assert cx.n_cells == 2
    assert sorted(len(c.A) for c in cx.cells) == [1, 1]
    assert {c.point[0] > 0 for c in cx.cells} == {True, False}
    assert Fraction(0) not in {c.point[0] for c in cx.cells}
