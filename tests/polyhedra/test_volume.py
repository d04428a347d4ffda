"""Exact volumes: classical formulas and an independent triangulation."""

from __future__ import annotations

import itertools
import math
import random
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.spatial import Delaunay

from polyexact.errors import DomainError
from polyexact.polyhedra import (
    HPolyhedron,
    _cdd,
    interior_point,
    polyhedron_from_inequalities,
    volume,
)

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


# -- an independent reference: the plain recursion in Fractions, pruned by exact LPs -----------

def _reference_volume(A: list[tuple[Fraction, ...]], b: list[Fraction], d: int) -> Fraction:
    """Lasserre's recursion over facets from an interior point (heights all positive)."""
    if any(bi < 0 for a, bi in zip(A, b, strict=True) if not any(a)):
        return F(0)  # 0 <= b_i fails
    keep = [i for i, a in enumerate(A) if any(a)]
    A, b = [A[i] for i in keep], [b[i] for i in keep]
    if d == 1:
        hi = min((bi / a[0] for a, bi in zip(A, b, strict=True) if a[0] > 0), default=None)
        lo = max((bi / a[0] for a, bi in zip(A, b, strict=True) if a[0] < 0), default=None)
        assert hi is not None and lo is not None
        return max(hi - lo, F(0))
    p = interior_point(A, b, d)
    if p is None:
        return F(0)
    redundant = _cdd.redundant_rows(A, b)
    rows = [(a, bi) for i, (a, bi) in enumerate(zip(A, b, strict=True)) if i not in redundant]
    total = F(0)
    for i, (a, bi) in enumerate(rows):
        k = next(c for c in range(d) if a[c] != 0)
        face_A, face_b = [], []
        for j, (c, cj) in enumerate(rows):
            if j != i:  # substitute x_k = (b_i - sum_{m != k} a_m x_m) / a_k
                f = c[k] / a[k]
                face_A.append(tuple(c[m] - f * a[m] for m in range(d) if m != k))
                face_b.append(cj - f * bi)
        keep = [r for r, row in enumerate(face_A) if any(row)]
        if any(face_b[r] < 0 for r in range(len(face_A)) if r not in keep):
            continue  # the face is empty
        height = bi - sum(x * y for x, y in zip(a, p, strict=True))
        sub = _reference_volume([face_A[r] for r in keep], [face_b[r] for r in keep], d - 1)
        total += height / abs(a[k]) * sub
    return total / d


def _fractions(A: list[list[int]], b: list[int]) -> tuple[list[tuple[Fraction, ...]],
                                                           list[Fraction]]:
    return [tuple(F(x) for x in row) for row in A], [F(x) for x in b]


def _cube_rows(d: int, side: int = 1) -> tuple[list[list[int]], list[int]]:
    A = [[s * int(i == k) for i in range(d)] for k in range(d) for s in (1, -1)]
    return A, [side, 0] * d


def _random_polytope(rng: random.Random, d: int) -> tuple[list[tuple[Fraction, ...]],
                                                          list[Fraction]]:
    """A hull of small integer points plus degenerate extras: rows touching it at a vertex,
    edge or facet (small normals in {-1, 0, 1} often touch along whole faces), positive
    multiples of its rows, and rows cutting it through some of its vertices."""
    points = [tuple(F(rng.randint(-3, 3)) for _ in range(d)) for _ in range(d + 4)]
    A, b, eq = _cdd.v_inequalities(points)
    if eq or len(A) == 0:  # lower-dimensional hull: fall back to a cube
        A, b = _fractions(*_cube_rows(d, 2))
    A, b = list(A), list(b)
    for _ in range(rng.randint(0, 4)):
        c = tuple(F(rng.randint(-1, 1)) for _ in range(d))
        if any(c):
            A.append(c)
            b.append(max(F(sum(x * y for x, y in zip(c, p, strict=True))) for p in points))
    for _ in range(rng.randint(0, 2)):
        i, scale = rng.randrange(len(A)), F(rng.randint(1, 5), rng.randint(1, 5))
        A.append(tuple(scale * x for x in A[i]))
        b.append(scale * b[i])
    for _ in range(rng.randint(0, 2)):
        c = tuple(F(rng.randint(-2, 2)) for _ in range(d))
        if any(c):  # through a vertex: a real cut, often through several vertices
            A.append(c)
            b.append(F(sum(x * y for x, y in zip(c, rng.choice(points), strict=True))))
    order = list(range(len(A)))
    rng.shuffle(order)
    return [A[i] for i in order], [b[i] for i in order]


@pytest.mark.parametrize("d", [1, 2, 3, 4])
def test_volume_agrees_with_the_fraction_recursion_on_degenerate_polytopes(d: int) -> None:
    rng = random.Random(100 + d)
    for _ in range({1: 30, 2: 40, 3: 40, 4: 8}[d]):
        A, b = _random_polytope(rng, d)
        assert volume(HPolyhedron(tuple(A), tuple(b), d)) == _reference_volume(A, b, d)


def test_volume_of_a_random_3d_hull_matches_its_triangulation_with_extra_rows() -> None:
    rng = random.Random(7)
    for _ in range(15):
        points = [tuple(F(rng.randint(-9, 9), rng.randint(1, 3)) for _ in range(3))
                  for _ in range(8)]
        A, b, _ = _cdd.v_inequalities(points)
        # the same hull, with every row also present twice as a positive multiple
        A2 = [*A, *(tuple(3 * x for x in a) for a in A)]
        b2 = [*b, *(3 * x for x in b)]
        assert volume(polyhedron_from_inequalities(A2, b2)) == _triangulated_volume(points)


def test_cut_cubes_have_their_hand_computed_volumes() -> None:
    A, b = _cube_rows(3)
    def cut(rows: list[list[int]], rhs: list[object]) -> Fraction:
        return volume(polyhedron_from_inequalities([*A, *rows], [*b, *rhs]))
    assert cut([[1, 1, 1]], [1]) == F(1, 6)                      # a corner simplex
    assert cut([[1, 1, 1]], [2]) == F(5, 6)                      # the cube minus a corner
    assert cut([[1, 1, 1]], [F(3, 2)]) == F(1, 2)                # the central hexagon cut
    assert cut([[-1, -1, -1]], [F(-3, 2)]) == F(1, 2)            # the other half
    assert cut([[1, 1, 0]], [1]) == F(1, 2)                      # through two opposite edges
    assert cut([[2, 0, 1]], [1]) == F(1, 4)                      # a wedge under a slanted roof
    assert cut([[1, 1, 1], [-1, -1, -1]], [2, -1]) == F(2, 3)    # between two parallel cuts
    assert cut([[1, 1, 1], [-1, -1, -1]], [1, -1]) == 0          # a triangle (flat)
    assert cut([[1, 1, 1]], [0]) == 0                            # only the origin is left
    assert cut([[1, 1, 1]], [-1]) == 0                           # empty


def test_rows_through_an_edge_or_vertex_do_not_change_the_cube() -> None:
    A, b = _cube_rows(3)
    # the planes x + z = 2, 2x + z = 3 and x + 2z = 3 all contain the edge x = z = 1
    through_edge = ([[1, 0, 1], [2, 0, 1], [1, 0, 2]], [2, 3, 3])
    through_vertex = ([[1, 1, 1], [1, 2, 3]], [3, 6])
    for rows, rhs in (through_edge, through_vertex):
        assert volume(polyhedron_from_inequalities([*A, *rows], [*b, *rhs])) == 1
        assert volume(polyhedron_from_inequalities([*rows, *A], [*rhs, *b])) == 1
    # an edge where four planes meet, two of them cutting: the prism x + z <= 1 over [0,1]
    prism = volume(polyhedron_from_inequalities([*A, [1, 0, 1], [2, 0, 1]], [*b, 1, 2]))
    assert prism == F(1, 2)


@pytest.mark.parametrize("d", [2, 3, 4])
def test_lower_dimensional_and_empty_polytopes_in_higher_dimensions_have_volume_zero(
        d: int) -> None:
    A, b = _cube_rows(d)
    flat = polyhedron_from_inequalities([*A, [0] * (d - 1) + [1]], [*b, 0])  # x_d = 0
    point = polyhedron_from_inequalities([*A, [1] * d], [*b, 0])               # the origin
    empty = polyhedron_from_inequalities([*A, [1] * d], [*b, -1])
    parallel = polyhedron_from_inequalities(
        [*A, [1] + [0] * (d - 1), [-1] + [0] * (d - 1)], [*b, F(1, 3), F(-1, 2)])
    assert volume(flat) == volume(point) == volume(empty) == volume(parallel) == 0
    # lower-dimensional and unbounded: a line through the origin has volume 0 too
    line = polyhedron_from_inequalities([[1] + [0] * (d - 1), [-1] + [0] * (d - 1)], [0, 0])
    if d >= 2:
        assert volume(line) == 0


@pytest.mark.parametrize("d", [2, 3, 4])
def test_unbounded_full_dimensional_polyhedra_are_refused(d: int) -> None:
    e0, e1 = [1] + [0] * (d - 1), [0, 1] + [0] * (d - 2)
    slab = ([e0, [-x for x in e0]], [1, 0])
    half_space = ([e1], [5])
    orthant = ([[-int(i == k) for i in range(d)] for k in range(d)], [0] * d)
    cube_A, cube_b = _cube_rows(d)
    open_prism = (cube_A[2:], cube_b[2:])  # the cube without its two x_0 rows
    for A, b in (slab, half_space, orthant, open_prism):
        with pytest.raises(DomainError, match="unbounded"):
            volume(polyhedron_from_inequalities(A, b))
    with pytest.raises(DomainError, match="unbounded"):
        volume(polyhedron_from_inequalities([], [], ambient_dim=d))
    with pytest.raises(DomainError, match="unbounded"):  # 0 <= 0 holds everywhere
        volume(polyhedron_from_inequalities([e1, [0] * d], [5, 0]))
    assert volume(polyhedron_from_inequalities([*cube_A, [0] * d], [*cube_b, 0])) == 1


@pytest.mark.parametrize("d", [2, 3, 4])
def test_unimodular_maps_keep_the_volume_and_diagonal_maps_multiply_it(d: int) -> None:
    rng = random.Random(d)
    for _ in range(6 if d < 4 else 2):
        A, b = _random_polytope(rng, d)
        base = volume(HPolyhedron(tuple(A), tuple(b), d))
        # x = U y with U = I + t e_0 e_1^T (det 1): the rows become A U
        t = rng.randint(-3, 3)
        sheared = [tuple(a[m] + (t * a[0] if m == 1 else 0) for m in range(d)) for a in A]
        assert volume(HPolyhedron(tuple(sheared), tuple(b), d)) == base
        # x = D y with D = diag(s_1, ..., s_d): the rows become A D, volume / det D
        s = [F(rng.randint(1, 4), rng.randint(1, 4)) for _ in range(d)]
        stretched = [tuple(a[m] * s[m] for m in range(d)) for a in A]
        assert volume(HPolyhedron(tuple(stretched), tuple(b), d)) == base / math.prod(s)


def test_large_rational_coefficients_are_exact() -> None:
    A = [[F(10**9 + 7, 3), F(1, 10**6), F(-2)], [F(-1), F(0), F(0)], [F(0), F(-1), F(0)],
         [F(0), F(0), F(-1)], [F(0), F(1), F(0)], [F(0), F(0), F(1, 7)], [F(-3), F(1), F(1)]]
    b = [F(10**12 + 1, 11), F(0), F(0), F(0), F(2), F(1), F(10**5)]
    Ab, bb = [tuple(row) for row in A], list(b)
    assert volume(polyhedron_from_inequalities(A, b)) == _reference_volume(Ab, bb, 3) > 0


_small_rows = st.integers(2, 3).flatmap(lambda d: st.tuples(st.just(d), st.lists(
    st.tuples(st.lists(st.integers(-2, 2), min_size=d, max_size=d), st.integers(-3, 3)),
    max_size=6)))


@settings(max_examples=60, deadline=None)
@given(_small_rows)
def test_small_integer_rows_in_a_cube_agree_with_the_fraction_recursion(
        case: tuple[int, list[tuple[list[int], int]]]) -> None:
    # tiny integers make coincidences (parallel, coplanar, concurrent rows) the rule
    d, extra = case
    cube_A, cube_b = _cube_rows(d, 2)
    A, b = _fractions([*cube_A, *(a for a, _ in extra)], [*cube_b, *(bi for _, bi in extra)])
    assert volume(HPolyhedron(tuple(A), tuple(b), d)) == _reference_volume(A, b, d)


def test_many_rows_and_facets_match_the_triangulation() -> None:
    # more than 24 rows in space and more than 16 facets in R^4: the paths that first find
    # facets (3-D) and adjacent facets (4-D) exactly
    rng = random.Random(11)
    for d, n_points in ((3, 40), (4, 14)):
        points = [tuple(F(rng.randint(-30, 30), rng.randint(1, 2)) for _ in range(d))
                  for _ in range(n_points)]
        A, b, _ = _cdd.v_inequalities(points)
        assert len(A) > {3: 24, 4: 16}[d]
        A2 = [*A, *(tuple(2 * x for x in a) for a in A[:5])]
        b2 = [*b, *(2 * x + 1 for x in b[:5])]  # looser copies: redundant rows
        assert volume(polyhedron_from_inequalities(A2, b2)) == _triangulated_volume(points)


def test_five_dimensional_cross_polytope_and_an_unbounded_prism_over_many_facets() -> None:
    signs = [list(s) for s in itertools.product([-1, 1], repeat=5)]  # 32 facets
    assert volume(polyhedron_from_inequalities(signs, [1] * 32)) == F(2**5, 120)
    rng = random.Random(3)
    points = [tuple(F(rng.randint(-30, 30)) for _ in range(3)) for _ in range(40)]
    A, b, _ = _cdd.v_inequalities(points)
    assert len(A) > 16
    with pytest.raises(DomainError, match="unbounded"):  # (3-D hull) × R in R^4
        volume(polyhedron_from_inequalities([[*a, 0] for a in A], b))
