"""Whether two polyhedra's facets on one hyperplane overlap: against an exact LP, and by hand.

``facets_overlap`` decides from the double descriptions (a separating row, equal facets, O(1)
cases); every bool it returns must equal the exact LP's answer, and for d <= 3 it must always
decide.
"""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from polyexact.numbers import dot
from polyexact.polyhedra.incremental.double_description import (
    DDPolyhedron,
    int_row,
    intersect,
    split,
)
from polyexact.polyhedra.incremental.facet_overlap import facets_overlap
from polyexact.polyhedra.lp import max_slack_on_hyperplane
from tests.polyhedra.test_double_description import (
    DIMS,
    Row,
    System,
    _box,
    _half,
    _nonzero,
    _proper,
    systems,
)

F = Fraction


def _translated(system: System, t: Row) -> System:
    A, b = system
    return A, [beta + dot(a, t) for a, beta in zip(A, b, strict=True)]


def _facet_index(dd: DDPolyhedron, half: Row) -> int | None:
    found = [k for k, r in enumerate(dd.rows) if _half(r[:-1], r[-1]) == half]
    return found[0] if found else None


@settings(max_examples=120)
@given(DIMS.flatmap(lambda d: st.tuples(
    systems(d), systems(d), _nonzero(d), st.tuples(*[st.integers(-2, 2)] * d),
    st.sampled_from([F(0), F(1, 2), F(1), F(3), F(6)]), st.booleans())))
def test_facets_overlap_matches_lp(
        case: tuple[System, System, tuple[int, ...], tuple[int, ...], Fraction, bool]) -> None:
    sys_p, sys_q, a, u, scale, boxed = case
    d = len(a)
    if boxed:  # bounded facets are the ones that can miss each other
        box = [tuple(F(s * int(i == k)) for i in range(d)) for k in range(d) for s in (1, -1)]
        sys_p = ([*sys_p[0], *box], [*sys_p[1], *[F(2)] * (2 * d)])
        sys_q = ([*sys_q[0], *box], [*sys_q[1], *[F(2)] * (2 * d)])
    p, q = _proper(sys_p), _proper(sys_q)
    fa = tuple(F(x) for x in a)
    # the shared hyperplane through P's interior point; Q moved so that its interior point lies
    # on it too, shifted within the hyperplane by a multiple of u's projection
    xp, xq = p.interior_point(), q.interior_point()
    beta = dot(fa, xp)
    fu = tuple(F(x) for x in u)
    w = tuple(scale * (y - dot(fa, fu) / dot(fa, fa) * x) for x, y in zip(fa, fu, strict=True))
    qa, qb = _translated(sys_q, tuple(x - y + z for x, y, z in zip(xp, xq, w, strict=True)))
    c = intersect(p, int_row(fa, beta))
    q_moved = DDPolyhedron.from_rows(qa, qb)
    assert c is not None and q_moved is not None
    e = split(q_moved[0], int_row(fa, beta))[1]
    assert e is not None
    i = _facet_index(c, _half(fa, beta))
    j = _facet_index(e, _half([-x for x in fa], -beta))
    assert i is not None and j is not None
    verdict = facets_overlap(c, i, e, j)
    others = [r for k, r in enumerate(c.rows) if k != i] + [
        r for k, r in enumerate(e.rows) if k != j]
    lp = max_slack_on_hyperplane([tuple(F(x) for x in r[:-1]) for r in others],
                                 [F(r[-1]) for r in others], fa, beta)
    if d <= 3:
        assert verdict is not None
    if verdict is not None:
        assert verdict == (lp > 0), (verdict, lp)
    assert facets_overlap(e, j, c, i) in (verdict, None)


def test_facets_overlap_of_touching_boxes() -> None:
    # facet 0 is x <= hi[0], facet 1 is -x <= -lo[0]
    base = _box([0, 0, 0], [1, 1, 1])
    assert facets_overlap(base, 0, _box([1, 0, 0], [2, 1, 1]), 1) is True
    assert facets_overlap(base, 0, _box([1, 1, 0], [2, 2, 1]), 1) is False  # an edge only
    assert facets_overlap(base, 0, _box([1, 1, 1], [2, 2, 2]), 1) is False  # a corner only
    assert facets_overlap(base, 0, _box([1, 2, 0], [2, 3, 1]), 1) is False  # apart
    assert facets_overlap(base, 0, _box([1, -1, -1], [2, 3, 3]), 1) is True  # containing
    quarter = intersect(_box([1, 0, 0], [2, 1, 1]), (0, 2, 0, 1))
    assert quarter is not None
    tiny = intersect(quarter, (0, 0, 2, 1))  # [1, 2] x [0, 1/2] x [0, 1/2]
    assert tiny is not None
    assert facets_overlap(base, 0, tiny, 1) is True
    line = _box([0], [1])
    assert facets_overlap(line, 0, _box([1], [5]), 1) is True
