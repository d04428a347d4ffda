"""The verifier's integer polygon vertices agree with cddlib's exact V-representation."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from polyexact.polyhedra import HPolyhedron
from polyexact.verify.polygon import polygon_vertices

_ROW = st.tuples(st.integers(-4, 4), st.integers(-4, 4), st.integers(-6, 6)).filter(
    lambda r: r[0] != 0 or r[1] != 0)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ROW, min_size=1, max_size=7))
def test_polygon_vertices_agree_with_cddlib(rows: list[tuple[int, int, int]]) -> None:
    poly = HPolyhedron(tuple((Fraction(a), Fraction(b)) for a, b, _ in rows),
                       tuple(Fraction(q) for _, _, q in rows), 2)
    if poly.is_empty or poly.interior_point is None:
        return  # the verifier calls it on full-dimensional cells only
    got = polygon_vertices(rows)
    if not poly.is_bounded:
        assert got is None
        return
    assert got is not None
    mine = sorted((Fraction(X, W), Fraction(Y, W)) for (X, Y), W in got)
    assert len(set(mine)) == len(mine)  # each vertex once
    assert mine == sorted(poly.vertices)


def test_triangle_with_repeated_and_redundant_rows() -> None:
    # x >= 0, y >= 0, x + y <= 2 (twice, once scaled), y <= 5 (redundant); three vertices
    rows = [(-1, 0, 0), (0, -1, 0), (1, 1, 2), (2, 2, 4), (0, 1, 5)]
    got = polygon_vertices(rows)
    assert got is not None
    assert sorted(got) == [((0, 0), 1), ((0, 2), 1), ((2, 0), 1)]
    # a strip is unbounded in both directions along its rows
    assert polygon_vertices([(1, 0, 1), (-1, 0, 1)]) is None
