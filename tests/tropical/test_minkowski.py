"""Labelled Minkowski-sum vertices: hand counts, classical bounds, growth, two methods agree."""

from __future__ import annotations

import itertools
import random
from fractions import Fraction

import pytest

from polyexact.errors import InputError, ShapeError
from polyexact.polyhedra import vertex_indices
from polyexact.tropical import (
    minkowski_labels_brute_force,
    minkowski_sum,
    upper_vertices,
)

F = Fraction


def _circle(n: int) -> list[tuple[Fraction, Fraction]]:
    """n rational points on the unit circle (convex position)."""
    ts = [F(4 * k, n) - 2 for k in range(n)]
    return [((1 - t * t) / (1 + t * t), 2 * t / (1 + t * t)) for t in ts]


def _hull_labels(sets: list[list[tuple[Fraction, ...]]], upper: bool) -> list[tuple[int, ...]]:
    """Third method: the hull of all N^H sums (exact cdd redundancy), decomposed by search."""
    dim = len(sets[0][0])
    labels = list(itertools.product(*(range(len(s)) for s in sets)))
    sums = [tuple(sum((sets[h][j][k] for h, j in enumerate(lab)), F(0)) for k in range(dim))
            for lab in labels]
    rays = [tuple(F(-int(k == dim - 1)) for k in range(dim))] if upper else []
    # vertex_indices keeps the first copy, and labels are in lexicographic order, so the kept
    # index is the lexicographically smallest decomposition: the lowest index in each set
    return sorted(labels[i] for i in vertex_indices(sums, rays=rays))


def test_max_x_y_0_has_three_regions() -> None:
    assert minkowski_sum([[[1, 0], [0, 1], [0, 0]]], [[0, 0, 0]], upper=True).n_vertices == 3


def test_upper_vertices_of_one_summand() -> None:
    assert minkowski_sum([[[0], [1], [2]]], [[0, 0, -5]], upper=True).n_vertices == 3
    assert minkowski_sum([[[0], [1], [2]]], [[0, 0, 5]], upper=True).n_vertices == 2
    assert [lab[0] for lab in minkowski_sum([[[0], [1], [2]]], [[0, 0, 5]], upper=True).labels] \
        == upper_vertices([[0], [1], [2]], [0, 0, 5])


def test_two_heads_in_one_dimension() -> None:
    # max(0, x, 2x - 5) + max(0, x - 1): breakpoints 0, 5 and 1: four regions
    res = minkowski_sum([[[0], [1], [2]], [[0], [1]]], [[0, 0, -5], [0, -1]], upper=True)
    assert res.labels == ((0, 0), (1, 0), (1, 1), (2, 1))
    assert res.vertices[0] == (F(0), F(0))


def test_vertices_are_sums_of_labelled_points() -> None:
    # triangle + a segment transverse to all its edges: a pentagon; (0, 0) + (0, 0) is inside
    res = minkowski_sum([[[0, 0], [2, 0], [0, 2]], [[0, 0], [-1, -1]]])
    assert res.labels == ((0, 1), (1, 0), (1, 1), (2, 0), (2, 1))
    assert res.vertices[2] == (F(1), F(-1))


@pytest.mark.parametrize("n", [3, 5, 8])
def test_fukuda_weibel_product_bound_reached_for_two_polygons_in_generic_planes(n: int) -> None:
    p = [(F(t), F(t * t), F(t + 2 * t * t)) for t in range(n)]
    q = [(F(3 * s - s * s), F(s), F(5 * s * s)) for s in range(n)]
    assert minkowski_sum([p, q]).n_vertices == n * n


def test_orthogonal_circle_polygons_grow_quadratically() -> None:
    counts = {}
    for n in (4, 8, 16, 32):
        c = _circle(n)
        xy = [(x, y, F(0)) for x, y in c]
        yz = [(F(0), x, y) for x, y in c]
        counts[n] = minkowski_sum([xy, yz]).n_vertices
    # exact counts (these rational polygons reproduce docs/theory.md §7.3's 14/46/158/574)
    assert counts == {4: 14, 8: 46, 16: 158, 32: 574}
    ratios = [counts[2 * n] / counts[n] for n in (4, 8, 16)]
    assert ratios == sorted(ratios) and 3.5 < ratios[-1] < 4.0


def test_three_random_sets_agree_with_brute_force_and_hull() -> None:
    rng = random.Random(7)
    sets = [[tuple(F(rng.randint(-9, 9), rng.randint(1, 3)) for _ in range(3)) for _ in range(5)]
            for _ in range(3)]
    fast = list(minkowski_sum(sets).labels)
    assert fast == minkowski_labels_brute_force(sets) == _hull_labels(sets, upper=False)


def test_upper_random_sets_agree_with_brute_force_and_hull() -> None:
    rng = random.Random(3)
    pts = [[tuple(F(rng.randint(-4, 4)) for _ in range(2)) for _ in range(6)] for _ in range(2)]
    hts = [[F(rng.randint(-5, 5)) for _ in range(6)] for _ in range(2)]
    lifted = [[(*p, h) for p, h in zip(s, t, strict=True)] for s, t in zip(pts, hts, strict=True)]
    fast = list(minkowski_sum(pts, hts, upper=True).labels)
    assert fast == minkowski_labels_brute_force(pts, hts, upper=True)
    assert fast == _hull_labels(lifted, upper=True)


def test_degenerate_sets() -> None:
    single = [[[1, 2, 3]], [[0, 0, 0], [0, 0, 0]]]
    assert minkowski_sum(single).labels == ((0, 0),)
    collinear = [[[0, 0], [1, 1], [2, 2], [1, 1]], [[0, 0], [3, 3]]]
    assert minkowski_sum(collinear).labels == ((0, 0), (2, 1))
    flat: list[list[list[int | str]]] = [[[0, 0, 0], [1, 0, 0], [0, 1, 0], [1, 1, 0],
                                          ["1/2", "1/2", 0]]]
    assert minkowski_sum(flat).labels == ((0,), (1,), (2,), (3,))


def test_bad_input_is_refused() -> None:
    with pytest.raises(ShapeError, match="sets"):
        minkowski_sum([])
    with pytest.raises(ShapeError, match=r"sets\[1\]"):
        minkowski_sum([[[0, 0]], [[0]]])
    with pytest.raises(InputError, match="heights"):
        minkowski_sum([[[0, 0]]], upper=True)
    with pytest.raises(ShapeError, match=r"heights\[0\]"):
        minkowski_sum([[[0], [1]]], [[0]])
