"""Double-description polyhedra against cddlib: facets, generators, incidences, cuts, overlaps.

Every random fact is checked against the independent cddlib code (``HPolyhedron``, the LP
helpers of ``polyhedra.lp`` and cddlib's V→H conversion), on small integer systems in
dimensions 1–5 that are made degenerate on purpose: duplicate rows, positive multiples,
parallel planes, many planes through one point, zero rows, rays and lines.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from fractions import Fraction
from math import gcd, isqrt

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from polyexact.numbers import dot
from polyexact.polyhedra import _cdd, maximize, polyhedron_from_inequalities
from polyexact.polyhedra.incremental.double_description import (
    DDPolyhedron,
    IntVec,
    int_row,
    intersect,
    row_sign,
    split,
)
from polyexact.polyhedra.lp import irredundant_row_indices

F = Fraction
Row = tuple[Fraction, ...]
System = tuple[list[Row], list[Fraction]]


# ---------------------------------------------------------------- helpers (independent of DD)

def _half(a: Sequence[Fraction | int], beta: Fraction | int) -> Row:
    """``a·x <= beta`` scaled so that ``|a|_1 = 1``: equal iff the same half-space."""
    n = sum(abs(F(x)) for x in a)
    return tuple(F(x) / n for x in (*a, beta))


def _direction(v: Sequence[int | Fraction]) -> Row:
    n = sum(abs(F(x)) for x in v)
    return tuple(F(x) / n for x in v)


def _vertex(p: IntVec) -> Row:
    return tuple(F(x, p[-1]) for x in p[:-1])


def _is_trivial(a: Sequence[Fraction], beta: Fraction) -> bool:
    # 0·x <= beta with beta >= 0 holds everywhere (beta = 0 too: it cuts nothing off)
    return not any(a) and beta >= 0


def _rank(vectors: Sequence[Sequence[int]]) -> int:
    m = [[F(x) for x in v] for v in vectors]
    rank = 0
    for c in range(len(m[0]) if m else 0):
        piv = next((i for i in range(rank, len(m)) if m[i][c]), None)
        if piv is None:
            continue
        m[rank], m[piv] = m[piv], m[rank]
        for i in range(len(m)):
            if i != rank and m[i][c]:
                f = m[i][c] / m[rank][c]
                m[i] = [x - f * y for x, y in zip(m[i], m[rank], strict=True)]
        rank += 1
    return rank


def _check_incidence(dd: DDPolyhedron) -> None:
    """Primitive generators, ``t >= 0``, exact incidence masks (live and dead rows), lines."""
    assert len(dd.points) == len(dd.incidence) == len(set(dd.points))
    assert any(p[-1] > 0 for p in dd.points)
    for p, mask in zip(dd.points, dd.incidence, strict=True):
        assert len(p) == dd.d + 1 and p[-1] >= 0 and gcd(*p) == 1
        expected = int(p[-1] == 0)
        for s, slack in enumerate(dd.slacks):
            value = sum(x * y for x, y in zip(slack, p, strict=True))
            assert value >= 0  # every row ever added is valid on the polyhedron
            expected |= (value == 0) << (s + 1)
        assert mask == expected, (p, bin(mask), bin(expected))
    for line in dd.lines:
        assert line[-1] == 0 and gcd(*line) == 1
        assert all(sum(x * y for x, y in zip(s, line, strict=True)) == 0 for s in dd.slacks)
    assert _rank(dd.lines) == len(dd.lines)
    for i, row in enumerate(dd.rows):
        on, lines = dd.facet_generators(i)
        assert lines == dd.lines
        tight = [p for p in dd.points
                 if sum(a * x for a, x in zip(row[:-1], p, strict=False)) == row[-1] * p[-1]]
        assert on == tight
    assert len(set(dd.slots)) == len(dd.slots) and all(0 <= s < len(dd.slacks) for s in dd.slots)


def _geometry(dd: DDPolyhedron) -> tuple[object, ...]:
    """What two descriptions of one polyhedron must share (vertices only when pointed)."""
    verts = [_vertex(p) for p in dd.points if p[-1] > 0]
    rays = [_direction(p[:-1]) for p in dd.points if p[-1] == 0]
    facets = frozenset(_half(r[:-1], r[-1]) for r in dd.rows)
    if dd.lines:
        return facets, len(verts), len(rays), len(dd.lines)
    return facets, frozenset(verts), frozenset(rays), 0


def _check_against_cdd(dd: DDPolyhedron, A: list[Row], b: list[Fraction]) -> None:
    """``dd`` is ``{A x <= b}``: same facets, vertices, rays and lines as cddlib finds."""
    d = dd.d
    _check_incidence(dd)
    live = [i for i in range(len(A)) if not _is_trivial(A[i], b[i])]
    A1, b1 = [A[i] for i in live], [b[i] for i in live]
    ref = polyhedron_from_inequalities(A1, b1, ambient_dim=d)
    facets = {_half(A1[i], b1[i]) for i in irredundant_row_indices(A1, b1)}
    assert {_half(r[:-1], r[-1]) for r in dd.rows} == facets
    assert len(dd.rows) == len(facets)
    # generators against cddlib's minimal V-representation
    verts = [_vertex(p) for p in dd.points if p[-1] > 0]
    rays = [p[:-1] for p in dd.points if p[-1] == 0]
    assert len(dd.lines) == len(ref.lines)
    assert len(verts) == len(ref.vertices) and len(rays) == len(ref.rays)
    assert dd.is_bounded == ref.is_bounded
    if not dd.lines:
        assert set(verts) == set(ref.vertices)
        assert {_direction(r) for r in rays} == {_direction(r) for r in ref.rays}
    # and the generated polyhedron is the input one (cddlib's V→H, lines included)
    vA, vb, eq = _cdd.v_inequalities(verts, [tuple(F(x) for x in r) for r in rays],
                                     [tuple(F(x) for x in ln[:-1]) for ln in dd.lines])
    assert eq == []
    assert {_half(a, beta) for a, beta in zip(vA, vb, strict=True) if any(a)} == facets
    # a strictly interior point: positive slack on every given row that can have it
    x = dd.interior_point()
    assert all(dot(a, x) < beta for a, beta in zip(A1, b1, strict=True))


# ---------------------------------------------------------------- strategies

@st.composite
def systems(draw: st.DrawFn, d: int, max_rows: int = 7) -> System:
    """Small integer systems, degenerate by construction."""
    small = st.sampled_from([0, 1, -1, 2, -2, 1, -1])  # mostly 0 and ±1: degenerate
    apex = [draw(st.integers(-1, 1)) for _ in range(d)]
    A: list[Row] = []
    b: list[Fraction] = []
    for _ in range(draw(st.integers(1, max_rows))):
        kind = draw(st.sampled_from(["random", "random", "apex", "apex", "copy", "parallel",
                                     "opposite", "zero"]))
        if kind in ("copy", "parallel", "opposite") and A:
            k = draw(st.integers(0, len(A) - 1))
            a, beta = A[k], b[k]
            if kind == "copy":  # duplicate or positive multiple
                m = draw(st.sampled_from([F(1), F(2), F(1, 3)]))
                a, beta = tuple(m * x for x in a), m * beta
            elif kind == "parallel":
                beta = beta + draw(st.integers(-2, 2))
            else:  # a slab (or a thin or empty one)
                a, beta = tuple(-x for x in a), -beta + draw(st.integers(-1, 3))
        elif kind == "zero":
            a, beta = (F(0),) * d, F(draw(st.integers(-1, 2)))
        else:
            a = tuple(F(draw(small)) for _ in range(d))
            beta = dot(a, tuple(F(x) for x in apex)) if kind == "apex" else F(draw(small))
            beta += draw(st.sampled_from([0, 0, 1])) if kind == "apex" else 0
        A.append(a)
        b.append(beta)
    return A, b


def _nonzero(d: int) -> st.SearchStrategy[tuple[int, ...]]:
    return st.tuples(*[st.integers(-2, 2)] * d).filter(any)


DIMS = st.integers(1, 4)


# ---------------------------------------------------------------- from_rows against cddlib

@settings(max_examples=150)
@given(DIMS.flatmap(systems))
def test_from_rows_matches_cddlib(system: System) -> None:
    A, b = system
    d = len(A[0])
    result = DDPolyhedron.from_rows(A, b)
    live = [i for i in range(len(A)) if not _is_trivial(A[i], b[i])]
    ref = polyhedron_from_inequalities([A[i] for i in live], [b[i] for i in live],
                                       ambient_dim=d)
    assert (result is None) == (not ref.is_full_dim)
    if result is not None:
        dd, keep = result
        _check_against_cdd(dd, A, b)
        # keep: the first row of each facet's half-space, in the order of dd.rows
        assert [_half(A[i], b[i]) for i in keep] == [_half(r[:-1], r[-1]) for r in dd.rows]
        for i in keep:
            assert all(_half(A[k], b[k]) != _half(A[i], b[i]) for k in range(i) if any(A[k]))


@settings(max_examples=40)
@given(st.integers(1, 3).flatmap(lambda d: systems(d, max_rows=10)))
def test_from_rows_is_order_independent(system: System) -> None:
    A, b = system
    fwd, rev = DDPolyhedron.from_rows(A, b), DDPolyhedron.from_rows(A[::-1], b[::-1])
    assert (fwd is None) == (rev is None)
    if fwd is not None and rev is not None:
        assert _geometry(fwd[0]) == _geometry(rev[0])


# ---------------------------------------------------------------- split and intersect

def _proper(system: System) -> DDPolyhedron:
    result = DDPolyhedron.from_rows(*system)
    assume(result is not None)
    assert result is not None
    return result[0]


@settings(max_examples=120)
@given(DIMS.flatmap(lambda d: st.tuples(systems(d), _nonzero(d), st.integers(-3, 3))))
def test_split_matches_from_rows(case: tuple[System, tuple[int, ...], int]) -> None:
    (A, b), a, beta = case
    dd = _proper((A, b))
    row = (*a, beta)
    inside, outside = split(dd, row)
    fa = tuple(F(x) for x in a)
    expect_in = DDPolyhedron.from_rows([*A, fa], [*b, F(beta)])
    expect_out = DDPolyhedron.from_rows([*A, tuple(-x for x in fa)], [*b, F(-beta)])
    ref = polyhedron_from_inequalities(A, b)
    hi, lo = maximize(ref, a), maximize(ref, [-x for x in a])
    sup = hi.value if hi.status == "optimal" else None  # None: unbounded above
    inf = -lo.value if lo.status == "optimal" and lo.value is not None else None
    for side, expect, unchanged in ((inside, expect_in, sup is not None and sup <= beta),
                                    (outside, expect_out, inf is not None and inf >= beta)):
        assert (side is None) == (expect is None)
        assert (side is dd) == unchanged
        if side is not None and expect is not None:
            _check_incidence(side)
            assert _geometry(side) == _geometry(expect[0])
            if side is not dd:  # a proper cut: its row is the newest facet
                sign = 1 if side is inside else -1
                assert _half(side.rows[-1][:-1], side.rows[-1][-1]) == _half(
                    [sign * x for x in a], sign * beta)
    ins = intersect(dd, row)
    assert (ins is None) == (inside is None)
    assert ins is None or inside is None or _geometry(ins) == _geometry(inside)
    assert (ins is dd) == (inside is dd)


@settings(max_examples=100)
@given(st.integers(1, 5).flatmap(lambda d: systems(d, max_rows=10)))
def test_cuts_from_space_keep_both_descriptions(system: System) -> None:
    # cutting R^d one row at a time turns lines into rays and leaves dead rows behind, whose
    # incidence bits the module promises to keep exact; d = 5 and ten rows reach degenerate
    # 2-faces where counting common facets alone would wrongly pair generators
    A, b = system
    dd: DDPolyhedron | None = DDPolyhedron.space(len(A[0]))
    for k, (a, beta) in enumerate(zip(A, b, strict=True)):
        assert dd is not None
        dd = intersect(dd, int_row(a, beta))
        if dd is None:
            live = [i for i in range(k + 1) if not _is_trivial(A[i], b[i])]
            assert not polyhedron_from_inequalities(
                [A[i] for i in live], [b[i] for i in live], ambient_dim=len(a)).is_full_dim
            return
        _check_incidence(dd)
    assert dd is not None
    _check_against_cdd(dd, A, b)


@st.composite
def apex_systems(draw: st.DrawFn, d: int) -> System:
    """Six to ten 0/±1 rows, most through one point: degenerate faces in every dimension."""
    apex = [F(draw(st.integers(-1, 1))) for _ in range(d)]
    unit = st.tuples(*[st.sampled_from([1, 0, -1])] * d).filter(any)
    rows = draw(st.lists(st.tuples(unit, st.sampled_from([0, 0, 1, 2])), min_size=6,
                         max_size=10))
    A = [tuple(F(x) for x in a) for a, _ in rows]
    return A, [dot(a, apex) + off for a, (_, off) in zip(A, rows, strict=True)]


@settings(max_examples=60)
@given(st.sampled_from([4, 5]).flatmap(apex_systems))
def test_degenerate_high_dimensional_polyhedra_match_cddlib(system: System) -> None:
    # from d = 4 on, two generators can share d - 1 rows (dead rows and infinity included)
    # without spanning an edge, so the combinatorial adjacency test is what keeps the
    # generators minimal
    A, b = system
    result = DDPolyhedron.from_rows(A, b)
    if result is None:
        assert not polyhedron_from_inequalities(A, b).is_full_dim
    else:
        _check_against_cdd(result[0], A, b)


def _round_polytope(dirs: Sequence[Sequence[int]], radius: int) -> System:
    """``a·x <= floor(radius |a|)`` for each direction ``a``: nearly a ball."""
    return ([tuple(F(x) for x in a) for a in dirs],
            [F(isqrt(radius * radius * sum(x * x for x in a))) for a in dirs])


def test_many_generators_match_cddlib() -> None:
    # 50 facets and 96 vertices in R^3, 52 rows in R^4 (at most 62 rows, so that masks fit in
    # 64 bits): a central cut pairs well over 512 generators on either side, which is where
    # the adjacency test runs on arrays of masks
    cube3 = [a for a in itertools.product([-1, 0, 1], repeat=3) if any(a)]
    knight = [a for a in itertools.product([-2, -1, 0, 1, 2], repeat=3)
              if sorted(map(abs, a)) == [0, 1, 2]]
    cube4 = [a for a in itertools.product([-1, 0, 1], repeat=4)
             if any(a) and (sum(map(abs, a)) <= 2 or a[0] == 1)]
    for dirs, cuts in ((cube3 + knight, [(1, 2, 3, 1), (3, -1, 1, 0)]),
                       (cube4, [(1, 2, 3, -1, 1), (2, -1, 1, 3, 0)])):
        A, b = _round_polytope(dirs, 10)
        assert len(A) <= 52
        result = DDPolyhedron.from_rows(A, b)
        assert result is not None
        dd = result[0]
        _check_against_cdd(dd, A, b)
        for row in cuts:
            slack = [row[-1] * p[-1] - sum(x * y for x, y in zip(row, p[:-1], strict=False))
                     for p in dd.points]
            assert sum(v > 0 for v in slack) * sum(v < 0 for v in slack) > 512
            low, high = split(dd, row)
            assert low is not None and high is not None
            fa, beta = tuple(F(x) for x in row[:-1]), F(row[-1])
            _check_against_cdd(high, [*A, tuple(-x for x in fa)], [*b, -beta])
            _check_against_cdd(low, [*A, fa], [*b, beta])
            dd, A, b = low, [*A, fa], [*b, beta]


def _box(lo: Sequence[int], hi: Sequence[int]) -> DDPolyhedron:
    d = len(lo)
    A = [tuple(F(s * int(i == k)) for i in range(d)) for k in range(d) for s in (1, -1)]
    b = [F(v) for k in range(d) for v in (hi[k], -lo[k])]
    result = DDPolyhedron.from_rows(A, b)
    assert result is not None
    return result[0]


# ---------------------------------------------------------------- hand-computed polyhedra

def _from(rows: Sequence[Sequence[int | Fraction]]) -> DDPolyhedron:
    result = DDPolyhedron.from_rows([tuple(F(x) for x in r[:-1]) for r in rows],
                                    [F(r[-1]) for r in rows])
    assert result is not None
    _check_incidence(result[0])
    return result[0]


def _counts(dd: DDPolyhedron) -> tuple[int, int, int, int]:
    """(facets, vertices, rays, lines)."""
    verts = sum(p[-1] > 0 for p in dd.points)
    return len(dd.rows), verts, len(dd.points) - verts, len(dd.lines)


CUBE = [(1, 0, 0, 1), (-1, 0, 0, 0), (0, 1, 0, 1), (0, -1, 0, 0), (0, 0, 1, 1), (0, 0, -1, 0)]


def test_cube_and_its_hexagonal_cut() -> None:
    cube = _from(CUBE)
    assert _counts(cube) == (6, 8, 0, 0) and cube.is_bounded
    assert {_vertex(p) for p in cube.points} == set(itertools.product([F(0), F(1)], repeat=3))
    # x + y + z <= 3/2 meets 6 edges at their midpoints: a hexagon; each side keeps the 6
    # cube facets and gains the cut, and has 4 cube vertices + 6 hexagon vertices
    low, high = split(cube, (2, 2, 2, 3))
    assert low is not None and high is not None
    assert _counts(low) == _counts(high) == (7, 10, 0, 0)
    mid = {v for v in map(_vertex, low.points) if sum(v) == F(3, 2)}
    assert mid == {v for v in map(_vertex, high.points) if sum(v) == F(3, 2)}
    assert F(1, 2) in {x for v in mid for x in v} and len(mid) == 6
    # the cut facet of the low side has exactly the hexagon on it
    assert {_vertex(p) for p in low.facet_generators(6)[0]} == mid
    # x + y + z <= 1 cuts the corner: the facets x = 1, y = 1, z = 1 meet it only in a point
    assert _counts(intersect(cube, (1, 1, 1, 1))) == (4, 4, 0, 0)  # type: ignore[arg-type]


def test_octahedron_and_pyramid_have_non_simple_vertices() -> None:
    octa = _from([(*s, 1) for s in itertools.product([1, -1], repeat=3)])
    assert _counts(octa) == (8, 6, 0, 0)
    live = [1 << (s + 1) for s in octa.slots]
    assert [sum(bool(m & bit) for bit in live) for m in octa.incidence] == [4] * 6
    pyramid = _from([(0, 0, -1, 0), (1, 0, 1, 1), (-1, 0, 1, 1), (0, 1, 1, 1), (0, -1, 1, 1),
                     (1, 1, 2, 2), (0, 0, 1, 5)])  # the last two are redundant
    assert _counts(pyramid) == (5, 5, 0, 0)
    assert (0, 0, 1, 1) in pyramid.points
    # the square pyramid cut at half height: a frustum with a square top
    top = intersect(pyramid, (0, 0, 2, 1))
    assert top is not None and _counts(top) == (6, 8, 0, 0)


def test_unbounded_and_non_pointed() -> None:
    half = _from([(1, 1, 1, 1)])
    assert _counts(half) == (1, 1, 1, 2) and not half.is_bounded
    slab = _from([(1, 0, 0, 1), (-1, 0, 0, 0)])
    assert _counts(slab) == (2, 2, 0, 2)
    wedge = _from([(-1, 0, 0, 0), (0, -1, 0, 0)])
    assert _counts(wedge) == (2, 1, 2, 1)
    orthant = _from([(-1, 0, 0, 0), (0, -1, 0, 0), (0, 0, -1, 0), (-1, -1, -1, 0), (-1, -1, 0, 0)])
    assert _counts(orthant) == (3, 1, 3, 0)
    assert sorted(orthant.points) == [(0, 0, 0, 1), (0, 0, 1, 0), (0, 1, 0, 0), (1, 0, 0, 0)]
    assert DDPolyhedron.space(3).is_bounded is False
    assert _counts(DDPolyhedron.space(3)) == (0, 1, 0, 3)


def test_duplicates_multiples_zero_rows_and_thin_inputs() -> None:
    A = [(F(1), F(0)), (F(2), F(0)), (F(0), F(0)), (F(-1), F(0)), (F(1), F(0)), (F(0), F(0))]
    b = [F(1), F(2), F(1), F(0), F(1), F(0)]
    result = DDPolyhedron.from_rows(A, b)
    assert result is not None
    dd, keep = result
    assert keep == [0, 3] and dd.rows == ((1, 0, 1), (-1, 0, 0)) and len(dd.lines) == 1
    assert DDPolyhedron.from_rows([(F(0),)], [F(-1)]) is None  # 0 <= -1: empty
    assert DDPolyhedron.from_rows([(F(1), F(1)), (F(-1), F(-1))], [F(0), F(0)]) is None
    assert DDPolyhedron.from_rows([(F(1),), (F(-1),)], [F(0), F(-1)]) is None
    assert int_row((F(0), F(0)), F(0)) == (0, 0, 0)
    assert int_row((F(2, 3), F(-4)), F(6)) == (1, -6, 9)


def test_dead_row_bits_after_a_line_becomes_a_ray() -> None:
    # x <= 1, then x <= 0 (x <= 1 is now redundant, the y-line remains), then y <= 0 turns the
    # y-line into the ray (0, -1): it has slack 0 on the dead row x <= 1 as well
    dd: DDPolyhedron | None = DDPolyhedron.space(2)
    for row in [(1, 0, 1), (1, 0, 0), (0, 1, 0)]:
        assert dd is not None
        dd = intersect(dd, row)
    assert dd is not None and dd.slots == (1, 2)
    ray = dd.points.index((0, -1, 0))
    assert dd.incidence[ray] == 0b1 | 0b10 | 0b100  # infinity, x <= 1 (dead), x <= 0


@given(st.lists(st.integers(-3, 3), min_size=2, max_size=5).flatmap(lambda row: st.tuples(
    st.just(tuple(row)), st.tuples(*[st.fractions(-3, 3, max_denominator=6)] * (len(row) - 1)))))
def test_row_sign_is_the_sign_of_the_slack(case: tuple[IntVec, Row]) -> None:
    row, x = case
    slack = row[-1] - dot(tuple(F(a) for a in row[:-1]), x)
    assert row_sign(row, x) == (slack > 0) - (slack < 0)


def test_rays_on_d_minus_1_common_rows_need_not_span_an_edge() -> None:
    # R^4, pointed and unbounded: two of its rays share d - 1 = 3 tight rows (infinity counted)
    # without spanning an edge, so only the combinatorial adjacency test rejects their sum
    rows = [(0, 0, -1, 1, 1), (1, 1, 1, 1, 1), (0, 1, -1, -1, -1), (0, 0, 1, -1, 0),
            (1, 1, 1, -1, -2), (-1, 1, 1, 1, 2), (1, 1, -1, 0, -3)]
    A, b = [tuple(F(x) for x in r[:-1]) for r in rows], [F(r[-1]) for r in rows]
    result = DDPolyhedron.from_rows(A, b)
    assert result is not None
    assert _counts(result[0]) == (7, 6, 4, 0)
    _check_against_cdd(result[0], A, b)


def test_zero_rows_and_no_rows() -> None:
    # 0 <= beta is everything or nothing, on either side of a split
    square = _box((0, 0), (1, 1))
    assert split(square, (0, 0, 0)) == (square, square)
    assert split(square, (0, 0, 1)) == (square, None)
    assert split(square, (0, 0, -1)) == (None, square)
    found = DDPolyhedron.from_rows([], [], 3)
    assert found is not None and found[0] == DDPolyhedron.space(3) and found[1] == []
    with pytest.raises(ValueError, match="dimension"):
        DDPolyhedron.from_rows([], [])
