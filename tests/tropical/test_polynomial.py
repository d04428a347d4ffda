"""Tropical polynomials: evaluation, semiring operations, regions, sympy and LaTeX printing."""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy

from polyexact.errors import InputError, ShapeError
from polyexact.tropical.polynomial import (
    polynomial_from_sympy,
    polynomial_from_terms,
    rational_map_from_sympy,
)


@pytest.mark.parametrize(("text", "regions"), [
    ("Max(x, y, 0)", 3),
    ("Max(0, x, 2*x - 5)", 3),
    ("Max(0, x, 2*x + 5)", 2),
    ("x + 1", 1),
    ("Max(x, 0) + Max(y, 0)", 4),
    ("Max(x, y, x + y, 0, 1/2*x + 1/2*y)", 4),   # centre of the square, height 0: not a vertex
    ("Max(x, y, x + y, 0, 1/2*x + 1/2*y + 1)", 5),  # lifted above the square: a vertex
])
def test_linear_region_counts(text: str, regions: int) -> None:
    assert polynomial_from_sympy(text).n_linear_regions == regions


def test_evaluation_matches_sympy() -> None:
    f = polynomial_from_sympy("Max(x + 2*y, 3 - x, 0)")
    x, y = sympy.symbols("x y")
    points: list[tuple[Fraction, Fraction]] = [
        (Fraction(0), Fraction(0)), (Fraction(1), Fraction(1)), (Fraction(-5), Fraction(2)),
        (Fraction(1, 3), Fraction(-7, 2))]
    for point in points:
        expected = f.to_sympy().subs({x: sympy.Rational(str(point[0])),
                                      y: sympy.Rational(str(point[1]))})
        assert f(point) == Fraction(str(expected))


def test_sum_and_product() -> None:
    f = polynomial_from_sympy("Max(x, 1)", ["x"])
    g = polynomial_from_sympy("Max(2*x, -1)", ["x"])
    assert f + g == polynomial_from_sympy("Max(x, 1, 2*x, -1)", ["x"])
    assert f * g == polynomial_from_sympy("Max(3*x, x - 1, 2*x + 1, 0)", ["x"])
    for v in (-3, 0, Fraction(1, 2), 4):
        assert (f + g)((v,)) == max(f((v,)), g((v,)))
        assert (f * g)((v,)) == f((v,)) + g((v,))
    # a shared exponent keeps the larger coefficient
    assert (f + polynomial_from_sympy("Max(x + 3, 0)", ["x"])).terms == \
        (((Fraction(0),), Fraction(1)), ((Fraction(1),), Fraction(3)))


def test_newton_polytope_and_lift() -> None:
    f = polynomial_from_sympy("Max(0, x, y, x + y - 1)")
    assert len(f.newton_polytope().vertices) == 4
    assert f.lifted_points()[-1] == (Fraction(1), Fraction(1), Fraction(-1))
    assert f.linear_regions == (0, 1, 2, 3)


def test_printing() -> None:
    f = polynomial_from_sympy("Max(0, x, 2*x - 5)")
    assert f.to_text() == "max(0, x, 2*x - 5)"
    assert f.to_latex() == r"\max\left(0, x, 2 x - 5\right)"
    assert f.to_latex(form="oplus") == r"0 \oplus x \oplus -5 \odot x^{2}"
    g = polynomial_from_terms({(Fraction(1, 2), 0): Fraction(-1, 3)}, ["x", "y"])
    assert g.to_latex(form="oplus") == r"-\frac{1}{3} \odot x^{\frac{1}{2}}"
    assert str(g) == "x/2 - 1/3"
    with pytest.raises(ValueError, match="form"):
        g.to_latex(form="min")  # type: ignore[arg-type]


def test_sympy_expression_input_and_scaling() -> None:
    x = sympy.Symbol("x")
    f = polynomial_from_sympy(sympy.Max(x, 0) * 2)
    assert f == polynomial_from_sympy("Max(2*x, 0)")
    assert polynomial_from_sympy("Max(x, 0.25)") == polynomial_from_sympy("Max(x, 1/4)")


def test_rational_map() -> None:
    r = rational_map_from_sympy("Max(x, 0) - Max(x - 1, 0) + 2")
    assert [r((v,)) for v in (-1, Fraction(1, 2), 3)] == [2, Fraction(5, 2), 3]
    assert r.denominator == polynomial_from_sympy("Max(x - 1, 0)")
    x = sympy.Symbol("x")
    for v in (-2, sympy.Rational(1, 3), 5):
        assert r.to_sympy().subs(x, v) == sympy.sympify("Max(x, 0) - Max(x - 1, 0) + 2").subs(x, v)


@pytest.mark.parametrize("text", ["Min(x, 0)", "Max(x*y, 0)", "-Max(x, 0)", "Max(x,", "sin(x)",
                                  "Max(x**2, 1)", "Max(x, sqrt(2))"])
def test_not_tropical_is_rejected(text: str) -> None:
    with pytest.raises(InputError) as info:
        polynomial_from_sympy(text)
    assert info.value.field == "expression"


def test_shapes() -> None:
    with pytest.raises(ShapeError):
        polynomial_from_terms([])
    with pytest.raises(ShapeError):
        polynomial_from_terms([((1,), 0), ((1, 2), 0)])
    f = polynomial_from_sympy("Max(x, 0)")
    with pytest.raises(ShapeError):
        f + polynomial_from_sympy("Max(y, 0)")
    with pytest.raises(ShapeError):
        f((1, 2))
    with pytest.raises(InputError, match="unknown variable"):
        polynomial_from_sympy("Max(x, y)", ["x"])
