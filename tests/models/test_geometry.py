"""Routing cells of a head are its power cells (paper Thm IV.3), also pulled back through maps."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from polyexact.models.builders import construction
from polyexact.models.forward import route
from polyexact.models.geometry import (
    full_dim_routing_cells,
    head_power_diagram,
    head_routing_cells,
    head_sites,
    routing_cells_are_power_cells,
)
from polyexact.models.model import Head
from polyexact.numbers import AffineMap, dot, mat_vec, zero_vector
from polyexact.tropical.newton import upper_vertices

small = st.integers(-3, 3).map(Fraction)


@st.composite
def heads(draw: st.DrawFn, d: int = 2) -> Head:
    d_k = draw(st.integers(1, 3))
    n = draw(st.integers(1, 5))
    biased = draw(st.booleans())

    def vec(k: int, on: bool = True) -> tuple[Fraction, ...]:
        return tuple(draw(small) for _ in range(k)) if on else zero_vector(k)

    return Head(W_Q=tuple(vec(d) for _ in range(d_k)), b_Q=vec(d_k, biased),
                keys=tuple(vec(d_k) for _ in range(n)), values=tuple((draw(small),) for _ in
                                                                    range(n)),
                logit_bias=vec(n, draw(st.booleans())))


@st.composite
def maps(draw: st.DrawFn) -> AffineMap:
    return AffineMap(tuple(tuple(draw(small) for _ in range(2)) for _ in range(2)),
                     (draw(small), draw(small)))


@settings(max_examples=60, deadline=None)
@given(heads())
def test_routing_cells_are_power_cells(head: Head) -> None:
    assert routing_cells_are_power_cells(head)
    pd = head_power_diagram(head)
    owners = full_dim_routing_cells(head)
    # three independent answers: routing LPs, power-cell LPs, the lifted upper hull
    assert owners == pd.full_dim_cells
    assert list(owners) == upper_vertices(head.sites, head.heights)


@settings(max_examples=40, deadline=None)
@given(heads(), maps(), st.lists(st.fractions(-3, 3, max_denominator=5), min_size=2, max_size=2))
def test_pulled_back_sites_score_like_the_head(head: Head, f: AffineMap,
                                               x: list[Fraction]) -> None:
    sites, heights = head_sites(head, f)
    y = f(x)
    assert [dot(a, x) + b for a, b in zip(sites, heights, strict=True)] == \
        [dot(a, y) + b for a, b in zip(head.sites, head.heights, strict=True)]
    assert routing_cells_are_power_cells(head, f)
    # the routed key's pulled-back routing cell contains x
    j = route(head, y)
    A, b = head_routing_cells(head, f)[j]
    assert all(r <= c for r, c in zip(mat_vec(A, x), b, strict=True))


def test_construction_head_routes_to_nearest_centre() -> None:
    head = construction(1, 4, 2, 1).layers[0].heads[0]
    pd = head_power_diagram(head)
    # sites p_j, heights -p_j²/2: weights ‖p‖² - p² = 0, the Voronoi diagram of the centres
    assert set(pd.weights) == {Fraction(0)}
    assert full_dim_routing_cells(head) == (0, 1, 2, 3)
    A, b = head_routing_cells(head)[1]
    # cell of p_2 = 3/8 is [1/4, 1/2]: walls at j/N
    assert {c / r[0] for r, c in zip(A, b, strict=True) if r[0] > 0} >= {Fraction(1, 2)}
    assert {c / r[0] for r, c in zip(A, b, strict=True) if r[0] < 0} >= {Fraction(1, 4)}


def test_duplicate_and_zero_query_keys_own_nothing_extra() -> None:
    one = Fraction(1)
    dup = Head(W_Q=((one,),), b_Q=(Fraction(0),), keys=((one,), (-one,), (one,)),
               values=((one,),) * 3, logit_bias=zero_vector(3))
    assert full_dim_routing_cells(dup) == (0, 1)
    flat = Head(W_Q=((Fraction(0),),), b_Q=(Fraction(0),), keys=((one,), (-one,)),
                values=((one,),) * 2, logit_bias=zero_vector(2))
    assert full_dim_routing_cells(flat) == (0,)
