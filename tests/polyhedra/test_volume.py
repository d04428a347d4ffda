"""Exact volumes: classical formulas and an independent triangulation."""

from __future__ import annotations

import itertools
import math
import random
from fractions import Fraction

import pytest
from scipy.spatial import Delaunay

from polyexact.errors import DomainError
from polyexact.polyhedra import HPolyhedron, _cdd, polyhedron_from_inequalities, volume

F = Fraction


def _box(lengths: list[Fraction]) -> HPolyhedron:
    d = len(lengths)
    A, b = [], []
    for k, length in enumerate(lengths):
        e = [0] * d
        e[k] = 1
        A += [e, [-x for x in e]]
        b += [length, 0]
    return polyhedron_from_inequalities(A, b)


def _det(m: list[list[Fraction]]) -> Fraction:
    m = [row[:] for row in m]
    n, det = len(m), F(1)
    for c in range(n):
        piv = next((r for r in range(c, n) if m[r][c] != 0), None)
        if piv is None:
            return F(0)
        if piv != c:
            m[c], m[piv] = m[piv], m[c]
            det = -det
        det *= m[c][c]
        for r in range(c + 1, n):
            f = m[r][c] / m[c][c]
            m[r] = [x - f * y for x, y in zip(m[r], m[c], strict=True)]
    return det


def _triangulated_volume(points: list[tuple[Fraction, ...]]) -> Fraction:
    """Independent method: a float Delaunay triangulation proposes simplices, volumes are exact."""
    d = len(points[0])
    tri = Delaunay([[float(x) for x in p] for p in points])
    total = F(0)
    for simplex in tri.simplices:
        p0 = points[simplex[0]]
        m = [[points[s][k] - p0[k] for k in range(d)] for s in simplex[1:]]
        total += abs(_det(m))
    return total / math.factorial(d)


@pytest.mark.parametrize("d", [1, 2, 3, 4])
def test_box_volume_is_product_of_lengths(d: int) -> None:
    lengths = [F(k + 2, k + 1) for k in range(d)]
    assert volume(_box(lengths)) == math.prod(lengths)


@pytest.mark.parametrize("d", [1, 2, 3, 4, 5])
def test_standard_simplex_has_volume_one_over_d_factorial(d: int) -> None:
    A = [[-int(i == k) for k in range(d)] for i in range(d)] + [[1] * d]
    assert volume(polyhedron_from_inequalities(A, [0] * d + [1])) == F(1, math.factorial(d))


@pytest.mark.parametrize("d", [1, 2, 3, 4])
def test_cross_polytope_has_volume_2_to_d_over_d_factorial(d: int) -> None:
    A = [list(s) for s in itertools.product([-1, 1], repeat=d)]
    assert volume(polyhedron_from_inequalities(A, [1] * len(A))) == F(2**d, math.factorial(d))


def test_redundant_and_duplicate_rows_do_not_change_the_volume() -> None:
    A = [[1, 0], [1, 0], [2, 0], [-1, 0], [0, 1], [0, -1], [1, 1], [0, 0]]
    assert volume(polyhedron_from_inequalities(A, [1, 1, 2, 0, 1, 0, 5, 3])) == 1


def test_empty_and_lower_dimensional_polytopes_have_volume_zero() -> None:
    segment = polyhedron_from_inequalities([[1, 0], [-1, 0], [0, 1], [0, -1]], [1, 0, 0, 0])
    empty = polyhedron_from_inequalities([[1, 0], [-1, 0], [0, 1], [0, -1]], [1, -2, 1, 0])
    violated = polyhedron_from_inequalities([[0, 0], [1, 0], [-1, 0], [0, 1], [0, -1]],
                                            [-1, 1, 0, 1, 0])
    assert volume(segment) == volume(empty) == volume(violated) == 0


def test_unbounded_polyhedron_is_refused() -> None:
    with pytest.raises(DomainError, match="unbounded"):
        volume(polyhedron_from_inequalities([[-1, 0], [0, -1]], [0, 0]))
    with pytest.raises(DomainError, match="unbounded"):
        volume(polyhedron_from_inequalities([[1, 0], [-1, 0]], [1, 0]))


@pytest.mark.parametrize("seed", range(6))
def test_random_polytope_volume_matches_triangulation(seed: int) -> None:
    rng = random.Random(seed)
    d = 2 + seed % 3
    points = [tuple(F(rng.randint(-20, 20), rng.randint(1, 4)) for _ in range(d))
              for _ in range(d + 6)]
    A, b, eq = _cdd.v_inequalities(points)
    assert eq == []
    poly = polyhedron_from_inequalities(A, b)
    assert volume(poly) == _triangulated_volume(points)


def test_volume_scales_by_lambda_to_the_d_and_ignores_translation() -> None:
    A = [[1, 2, 0], [-1, 0, 1], [0, -1, -1], [1, -1, 1], [-1, 1, 2], [0, 0, -1]]
    b = [F(4), F(3), F(2), F(5), F(6), F(1)]
    base = volume(polyhedron_from_inequalities(A, b))
    scaled = volume(polyhedron_from_inequalities(A, [3 * x for x in b]))
    shift = (F(1, 2), F(-1, 3), F(2))
    moved = volume(polyhedron_from_inequalities(
        A, [bi + sum(F(a) * s for a, s in zip(row, shift, strict=True))
            for row, bi in zip(A, b, strict=True)]))
    assert base > 0
    assert scaled == 27 * base
    assert moved == base
