"""Vertices, edge graphs, V→H conversion and exact LPs."""

from __future__ import annotations

import itertools
import random
from fractions import Fraction

import pytest

from polyexact.errors import ShapeError
from polyexact.numbers import dot
from polyexact.polyhedra import (
    is_feasible,
    maximize,
    polyhedron_from_inequalities,
    polyhedron_from_points,
    vertex_adjacency,
    vertex_indices,
    volume,
)
from polyexact.polyhedra._cdd import lp_maximize

F = Fraction


def _lp_vertex(points: list[tuple[Fraction, ...]], j: int) -> bool:
    d = len(points[0])
    rows = [tuple(q - p for q, p in zip(points[l], points[j], strict=True))
            for l in range(len(points)) if points[l] != points[j]]
    if not rows:
        return True
    res = lp_maximize([F(0)] * d, rows, [F(-1)] * len(rows))
    return res.status != "infeasible"


def test_cube_vertices_and_edges() -> None:
    cube = [tuple(F(x) for x in p) for p in itertools.product([0, 1], repeat=3)]
    points = [*cube, (F(1, 2),) * 3, cube[5]]
    assert vertex_indices(points) == list(range(8))
    adj = vertex_adjacency(points)
    for v, nbrs in adj.items():
        assert nbrs == {w for w in range(8) if sum(a != b for a, b in
                                                   zip(cube[v], cube[w], strict=True)) == 1}


def test_lower_dimensional_sets() -> None:
    assert vertex_indices([[1, 1, 1]]) == [0]
    assert vertex_indices([[1, 1], [1, 1]]) == [0]
    assert vertex_indices([[0, 0, 0], [2, 2, 2], [1, 1, 1], [2, 2, 2]]) == [0, 1]
    assert vertex_adjacency([[0, 0, 0], [2, 2, 2], [1, 1, 1]]) == {0: {1}, 1: {0}}
    square = polyhedron_from_points([[0, 0, 0], [1, 0, 0], [0, 1, 0], [1, 1, 0]])
    assert square.dim == 2
    assert not square.is_full_dim


@pytest.mark.parametrize("seed", range(5))
def test_random_vertices_match_separation_lp(seed: int) -> None:
    rng = random.Random(seed)
    d = 2 + seed % 3
    points = [tuple(F(rng.randint(-3, 3)) for _ in range(d)) for _ in range(12)]
    expected = [j for j in range(len(points)) if points.index(points[j]) == j
                and _lp_vertex(points, j)]
    assert vertex_indices(points) == expected


def test_upper_hull_with_downward_ray() -> None:
    # heights 0, 1, 0 over 0, 1, 2: all three lifts are upper vertices; 0, -1, 0: middle is not
    assert vertex_indices([[0, 0], [1, 1], [2, 0]], rays=[[0, -1]]) == [0, 1, 2]
    assert vertex_indices([[0, 0], [1, -1], [2, 0]], rays=[[0, -1]]) == [0, 2]


def test_v_to_h_round_trip_keeps_the_polytope() -> None:
    points = [[0, 0, 0], [3, 0, 0], [0, 3, 0], [0, 0, 3], [1, 1, 1]]
    poly = polyhedron_from_points(points)
    assert volume(poly) == F(27, 6)
    assert sorted(poly.vertices) == sorted(tuple(F(x) for x in p) for p in points[:4])
    assert all(len(f) == 3 for f in poly.vertices_in_facets)


def test_exact_lp_statuses() -> None:
    square = polyhedron_from_inequalities([[1, 0], [-1, 0], [0, 1], [0, -1]], [1, 0, 1, 0])
    sol = maximize(square, [1, -1])
    assert sol.status == "optimal" and sol.value == 1 and sol.x is not None
    assert dot((F(1), F(-1)), sol.x) == 1
    assert maximize(polyhedron_from_inequalities([[-1, 0]], [0]), [1, 0]).status == "unbounded"
    empty = polyhedron_from_inequalities([[1, 0], [-1, 0]], [0, -1])
    assert maximize(empty, [1, 0]).status == "infeasible"
    assert not is_feasible(empty)
    with pytest.raises(ShapeError, match="c"):
        maximize(square, [1])


def test_mixed_dimensions_are_refused() -> None:
    with pytest.raises(ShapeError, match=r"points\[1\]"):
        vertex_indices([[0, 0], [1]])
    with pytest.raises(ShapeError, match="points"):
        vertex_indices([])


def test_cone_apex_is_reported_as_a_vertex() -> None:
    from polyexact.polyhedra import polyhedron_from_inequalities

    quadrant = polyhedron_from_inequalities([[1, 0], [0, 1]], [0, 0])
    assert quadrant.vertices == [(Fraction(0), Fraction(0))]
    assert sorted(quadrant.rays) == [(Fraction(-1), Fraction(0)), (Fraction(0), Fraction(-1))]
    half_plane = polyhedron_from_inequalities([[1, 0]], [0])
    assert half_plane.vertices == [(Fraction(0), Fraction(0))]
    assert len(half_plane.lines) == 1
