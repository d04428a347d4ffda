"""Round trips through sympy and text, and agreement of regions with pointwise maximisers."""

from __future__ import annotations

from fractions import Fraction

import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from polyexact.tropical.polynomial import (
    TropicalPolynomial,
    polynomial_from_sympy,
    polynomial_from_terms,
)

VARS = ("x", "y")


@st.composite
def polynomials(draw: st.DrawFn) -> TropicalPolynomial:
    n = draw(st.integers(1, 6))
    terms = [((draw(st.integers(-2, 3)), draw(st.integers(-2, 3))),
              draw(st.fractions(-5, 5, max_denominator=4))) for _ in range(n)]
    return polynomial_from_terms(terms, VARS)


@settings(max_examples=80, deadline=None)
@given(polynomials())
def test_sympy_round_trip(f: TropicalPolynomial) -> None:
    assert polynomial_from_sympy(f.to_sympy(), VARS) == f
    assert polynomial_from_sympy(str(f.to_sympy()), VARS) == f
    assert polynomial_from_sympy(sympy.sympify(f.to_text().replace("max", "Max")), VARS) == f


@settings(max_examples=40, deadline=None)
@given(polynomials(), st.lists(st.fractions(-4, 4, max_denominator=9), min_size=2, max_size=2))
def test_maximiser_at_a_generic_point_is_a_region(f: TropicalPolynomial,
                                                  x: list[Fraction]) -> None:
    values = [c + sum(a * v for a, v in zip(e, x, strict=True)) for e, c in f.terms]
    best = max(values)
    winners = [j for j, v in enumerate(values) if v == best]
    assert f(x) == best
    if len(winners) == 1:
        # a unique maximiser stays maximal on a neighbourhood: it owns a full-dimensional region
        assert winners[0] in f.linear_regions
