"""Property tests: power cells agree with the upper hull and with the arg-max of the scores."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from polyexact.numbers import dot
from polyexact.polyhedra import vertex_indices
from polyexact.tropical.newton import upper_vertices
from polyexact.tropical.power_diagram import power_diagram_from_heights

small = st.integers(-3, 3).map(Fraction)


@st.composite
def lifted_points(draw: st.DrawFn) -> tuple[list[list[Fraction]], list[Fraction]]:
    d = draw(st.integers(1, 3))
    n = draw(st.integers(1, 6))
    points = [[draw(small) for _ in range(d)] for _ in range(n)]
    heights = [draw(small) for _ in range(n)]
    return points, heights


@settings(max_examples=60, deadline=None)
@given(lifted_points())
def test_full_dim_power_cells_are_the_upper_vertices(
        data: tuple[list[list[Fraction]], list[Fraction]]) -> None:
    points, heights = data
    pd = power_diagram_from_heights(points, heights)
    assert list(pd.full_dim_cells) == upper_vertices(points, heights)


@settings(max_examples=60, deadline=None)
@given(lifted_points(), st.data())
def test_power_distance_minimiser_is_the_score_maximiser(
        data: tuple[list[list[Fraction]], list[Fraction]], draw: st.DataObject) -> None:
    points, heights = data
    pd = power_diagram_from_heights(points, heights)
    x = [draw.draw(st.fractions(-5, 5, max_denominator=7)) for _ in points[0]]
    power = [dot(*(2 * [tuple(xi - ai for xi, ai in zip(x, a, strict=True))])) - w
             for a, w in zip(pd.sites, pd.weights, strict=True)]
    scores = [dot(a, x) + h for a, h in zip(pd.sites, heights, strict=True)]
    assert power.index(min(power)) == scores.index(max(scores))


@settings(max_examples=40, deadline=None)
@given(lifted_points())
def test_bias_free_cells_count_the_hull_vertices(
        data: tuple[list[list[Fraction]], list[Fraction]]) -> None:
    points, _ = data
    pd = power_diagram_from_heights(points, [0] * len(points))
    distinct = list(dict.fromkeys(tuple(p) for p in points))
    assert pd.n_cells == len(vertex_indices(distinct))
    assert all(c == 0 for j in range(len(points)) for c in pd.cell_inequalities(j)[1])
