r"""Tropical (max-plus) polynomials and rational maps, exact, sympy in and out (docs/theory.md §2).

A tropical polynomial is ``f(x) = max_j (c_j + ⟨a_j, x⟩)``, written ``⊕_j c_j ⊙ x^{a_j}``:
exponents ``a_j`` (rational vectors) and coefficients ``c_j``. Tropical sum is the max of the
functions (union of the monomials, keeping the larger coefficient of a shared exponent),
tropical product their ordinary sum (Minkowski sum of the supports). A tropical rational map is
a difference ``f ⊘ g = f − g``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from typing import Any, Literal

from polyexact.errors import InputError, ShapeError
from polyexact.numbers import RationalLike, Vector, dot, parse_rational
from polyexact.polyhedra import HPolyhedron
from polyexact.tropical.newton import lift_points, newton_polytope, upper_vertices

__all__ = [
    "TropicalPolynomial",
    "TropicalRationalMap",
    "polynomial_from_sympy",
    "polynomial_from_terms",
    "rational_map_from_sympy",
]


@dataclass(frozen=True)
class TropicalPolynomial:
    """A max-plus polynomial: sorted ``(exponent, coefficient)`` terms with distinct exponents.

    Build it with :func:`polynomial_from_terms` or :func:`polynomial_from_sympy`. ``+`` is the
    tropical sum (max), ``*`` the tropical product (ordinary sum of functions).

    Examples
    --------
    >>> from polyexact.tropical.polynomial import polynomial_from_sympy
    >>> f = polynomial_from_sympy("Max(0, x, 2*x - 5)")
    >>> f((7,)), f.n_linear_regions, str(f)
    (Fraction(9, 1), 3, 'max(0, x, 2*x - 5)')
    >>> print(f.to_latex(form="oplus"))
    0 \\oplus x \\oplus -5 \\odot x^{2}
    """

    terms: tuple[tuple[Vector, Fraction], ...]
    variables: tuple[str, ...]

    @property
    def n_vars(self) -> int:
        """Number of variables."""
        return len(self.variables)

    @property
    def exponents(self) -> tuple[Vector, ...]:
        """The exponent vectors ``a_j`` (the support), sorted."""
        return tuple(e for e, _ in self.terms)

    @property
    def coefficients(self) -> tuple[Fraction, ...]:
        """The coefficients ``c_j``, aligned with :attr:`exponents`."""
        return tuple(c for _, c in self.terms)

    def __call__(self, x: Sequence[RationalLike]) -> Fraction:
        """Evaluate ``max_j c_j + ⟨a_j, x⟩`` exactly."""
        if len(x) != self.n_vars:
            raise ShapeError(f"expected {self.n_vars} coordinates, found {len(x)}", field="x")
        point = tuple(parse_rational(v, f"x[{i}]") for i, v in enumerate(x))
        return max(c + dot(e, point) for e, c in self.terms)

    def __add__(self, other: TropicalPolynomial) -> TropicalPolynomial:
        """Tropical sum ``f ⊕ g = max(f, g)``."""
        _same_vars(self, other)
        return polynomial_from_terms(list(self.terms) + list(other.terms), self.variables)

    def __mul__(self, other: TropicalPolynomial) -> TropicalPolynomial:
        """Tropical product ``f ⊙ g = f + g``: supports add (Minkowski sum)."""
        _same_vars(self, other)
        terms = [(tuple(a + b for a, b in zip(e, f, strict=True)), c + d)
                 for e, c in self.terms for f, d in other.terms]
        return polynomial_from_terms(terms, self.variables)

    def lifted_points(self) -> list[Vector]:
        """The points ``(a_j, c_j)`` whose upper hull dualises the linear regions."""
        return lift_points(self.exponents, self.coefficients)

    def newton_polytope(self) -> HPolyhedron:
        """``conv{a_j}``."""
        return newton_polytope(self.exponents)

    @cached_property
    def linear_regions(self) -> tuple[int, ...]:
        """Indices of the terms that are maximal on a full-dimensional set (the upper vertices)."""
        return tuple(upper_vertices(self.exponents, self.coefficients))

    @property
    def n_linear_regions(self) -> int:
        """The number of full-dimensional domains of linearity of ``f`` on R^n."""
        return len(self.linear_regions)

    def to_sympy(self) -> Any:
        """Return ``Max(c_j + ⟨a_j, x⟩, ...)`` as a sympy expression."""
        import sympy

        symbols = _symbols(self.variables)
        affine = [_affine_to_sympy(e, c, symbols) for e, c in self.terms]
        return affine[0] if len(affine) == 1 else sympy.Max(*affine, evaluate=False)

    def to_text(self) -> str:
        """Plain text, ``max(...)`` of affine terms in sympy syntax (``str`` does the same)."""
        import sympy

        symbols = _symbols(self.variables)
        parts = [sympy.sstr(_affine_to_sympy(e, c, symbols)) for e, c in self.terms]
        return parts[0] if len(parts) == 1 else f"max({', '.join(parts)})"

    def __str__(self) -> str:
        return self.to_text()

    def to_latex(self, *, form: Literal["max", "oplus"] = "max") -> str:
        r"""LaTeX: ``\max\left(...\right)`` of affine terms, or ``c \odot x^{a} \oplus ...``."""
        import sympy

        if form == "max":
            symbols = _symbols(self.variables)
            parts = [sympy.latex(_affine_to_sympy(e, c, symbols)) for e, c in self.terms]
            return parts[0] if len(parts) == 1 else \
                rf"\max\left({', '.join(parts)}\right)"
        if form == "oplus":
            return r" \oplus ".join(self._latex_monomial(e, c) for e, c in self.terms)
        raise ValueError(f"form must be 'max' or 'oplus', found {form!r}")

    def _latex_monomial(self, e: Vector, c: Fraction) -> str:
        import sympy

        powers = []
        for name, a in zip(self.variables, e, strict=True):
            if a == 0:
                continue
            base = sympy.latex(sympy.Symbol(name))
            powers.append(base if a == 1 else f"{base}^{{{_latex_number(a)}}}")
        # the coefficient 0 is the tropical unit: omitted unless the monomial is constant
        factors = ([_latex_number(c)] if c != 0 or not powers else []) + powers
        return r" \odot ".join(factors)


@dataclass(frozen=True)
class TropicalRationalMap:
    """A tropical rational map ``f ⊘ g``, i.e. the function ``x ↦ f(x) − g(x)``.

    Examples
    --------
    >>> from polyexact.tropical.polynomial import rational_map_from_sympy
    >>> r = rational_map_from_sympy("Max(x, 0) - Max(x - 1, 0)")
    >>> [str(r((v,))) for v in (-1, "1/2", 3)]
    ['0', '1/2', '1']
    """

    numerator: TropicalPolynomial
    denominator: TropicalPolynomial

    def __call__(self, x: Sequence[RationalLike]) -> Fraction:
        """Evaluate ``f(x) − g(x)`` exactly."""
        return self.numerator(x) - self.denominator(x)

    def to_sympy(self) -> Any:
        """``f − g`` as a sympy expression."""
        return self.numerator.to_sympy() - self.denominator.to_sympy()


def polynomial_from_terms(
    terms: Mapping[Sequence[RationalLike], RationalLike]
    | Sequence[tuple[Sequence[RationalLike], RationalLike]],
    variables: Sequence[str] | None = None,
) -> TropicalPolynomial:
    """Build a tropical polynomial from ``exponent → coefficient`` (a repeated exponent keeps the
    larger coefficient: that is the tropical sum).

    Raises
    ------
    ShapeError
        If there are no terms, or exponents differ in length from each other or ``variables``.

    Examples
    --------
    >>> from polyexact.tropical.polynomial import polynomial_from_terms
    >>> f = polynomial_from_terms([((1, 0), 0), ((0, 1), "1/2"), ((1, 0), 3)], ["x", "y"])
    >>> str(f), f.n_linear_regions
    ('max(y + 1/2, x + 3)', 2)
    """
    items = list(terms.items()) if isinstance(terms, Mapping) else list(terms)
    if not items:
        raise ShapeError("expected at least one monomial (the tropical zero is not allowed)",
                         field="terms")
    n = len(items[0][0]) if variables is None else len(variables)
    names = tuple(variables) if variables is not None else tuple(f"x{i}" for i in range(n))
    best: dict[Vector, Fraction] = {}
    for j, (e, c) in enumerate(items):
        if len(e) != n:
            raise ShapeError(f"expected {n} exponents, found {len(e)}", field=f"terms[{j}]")
        exp = tuple(parse_rational(a, f"terms[{j}][{k}]") for k, a in enumerate(e))
        coef = parse_rational(c, f"terms[{j}].coefficient")
        best[exp] = max(coef, best.get(exp, coef))
    return TropicalPolynomial(tuple(sorted(best.items())), names)


def polynomial_from_sympy(expr: Any, variables: Sequence[str] | None = None
                          ) -> TropicalPolynomial:
    """Parse ``Max(...)`` of affine expressions (a string or a sympy expression).

    Sums of such are tropical products, positive rational multiples scale every term, and an
    affine expression alone is a monomial. Variables default to the free symbols sorted by name.

    Raises
    ------
    InputError
        If the expression is not a tropical polynomial (``Min``, products of variables, a
        negative multiple of ``Max``, ...), naming the field ``expression``.

    Examples
    --------
    >>> from polyexact.tropical.polynomial import polynomial_from_sympy
    >>> f = polynomial_from_sympy("Max(x + 2*y, 3 - x, 0)")
    >>> f.variables, f.n_linear_regions, f((1, 1))
    (('x', 'y'), 3, Fraction(3, 1))
    >>> str(polynomial_from_sympy("Max(x, 0) + Max(y, 0)"))
    'max(0, y, x, x + y)'
    """
    e = _sympify(expr)
    names = tuple(variables) if variables is not None else \
        tuple(sorted(str(s) for s in e.free_symbols))
    return _parse_tropical(e, names)


def rational_map_from_sympy(expr: Any, variables: Sequence[str] | None = None
                            ) -> TropicalRationalMap:
    """Parse ``f − g`` where ``f`` and ``g`` are tropical polynomials.

    Terms of the sum with a negative coefficient that contain ``Max`` are negated and form ``g``;
    every other term belongs to ``f``. A missing part is the tropical one (the constant 0).

    Parameters
    ----------
    expr : str or sympy expression
        The expression, e.g. ``"Max(x, 0) - Max(x - 1, 0)"``; strings are parsed with rational
        literals.
    variables : sequence of str, optional
        The variable order (default: the free symbols, sorted by name).

    Returns
    -------
    TropicalRationalMap
        The pair ``(f, g)``.

    Raises
    ------
    InputError
        If the string cannot be parsed or a part is not a tropical polynomial.

    See Also
    --------
    polynomial_from_sympy, TropicalRationalMap

    Examples
    --------
    >>> from polyexact.tropical.polynomial import rational_map_from_sympy
    >>> r = rational_map_from_sympy("Max(x, 0) - Max(x - 1, 0)")
    >>> str(r.numerator), str(r.denominator)
    ('max(0, x)', 'max(0, x - 1)')
    >>> r(("5/2",))
    Fraction(1, 1)
    """
    import sympy

    e = _sympify(expr)
    names = tuple(variables) if variables is not None else \
        tuple(sorted(str(s) for s in e.free_symbols))
    plus, minus = [], []
    for term in sympy.Add.make_args(e):
        coeff, rest = term.as_coeff_Mul()
        if coeff < 0 and rest.has(sympy.Max):
            minus.append(-term)
        else:
            plus.append(term)
    zero = polynomial_from_terms([((0,) * len(names), 0)], names)
    num = _parse_tropical(sympy.Add(*plus), names) if plus else zero
    den = _parse_tropical(sympy.Add(*minus), names) if minus else zero
    return TropicalRationalMap(num, den)


def _sympify(expr: Any) -> Any:
    import sympy

    if isinstance(expr, str):
        try:
            return sympy.sympify(expr, rational=True)
        except (sympy.SympifyError, SyntaxError, TypeError) as err:
            raise InputError(f"cannot parse {expr!r}", field="expression") from err
    return sympy.sympify(expr)


def _parse_tropical(e: Any, names: tuple[str, ...]) -> TropicalPolynomial:
    import sympy

    if isinstance(e, sympy.Max):
        total: TropicalPolynomial | None = None
        for arg in e.args:
            part = _parse_tropical(arg, names)
            total = part if total is None else total + part
        if total is None:
            raise InputError("empty Max", field="expression")
        return total
    if not e.has(sympy.Max):
        return polynomial_from_terms([_affine_from_sympy(e, names)], names)
    if isinstance(e, sympy.Add):
        product: TropicalPolynomial | None = None
        for arg in e.args:
            part = _parse_tropical(arg, names)
            product = part if product is None else product * part
        if product is None:
            raise InputError("empty sum", field="expression")
        return product
    coeff, rest = e.as_coeff_Mul()
    if coeff.is_Rational and coeff > 0 and rest is not e:
        inner = _parse_tropical(rest, names)
        q = Fraction(int(coeff.p), int(coeff.q))
        return polynomial_from_terms([(tuple(q * a for a in ex), q * c) for ex, c in inner.terms],
                                     names)
    raise InputError(f"not a max-plus polynomial: {e}", field="expression")


def _affine_from_sympy(e: Any, names: tuple[str, ...]) -> tuple[Vector, Fraction]:
    import sympy

    symbols = _symbols(names)
    unknown = e.free_symbols - set(symbols)
    if unknown:
        raise InputError(f"unknown variable {sorted(map(str, unknown))[0]}", field="expression")
    try:
        poly = sympy.Poly(e, *symbols) if symbols else None
    except sympy.PolynomialError as err:
        raise InputError(f"not affine: {e}", field="expression") from err
    if poly is not None and poly.total_degree() > 1:
        raise InputError(f"not affine: {e}", field="expression")
    exps = tuple(_fraction(e.coeff(s) if poly is not None else 0, e) for s in symbols)
    const = _fraction(e.subs({s: 0 for s in symbols}), e)
    return exps, const


def _fraction(value: Any, whole: Any) -> Fraction:
    import sympy

    v = sympy.nsimplify(value) if isinstance(value, sympy.Float) else value
    if not (getattr(v, "is_Rational", False) or isinstance(v, int)):
        raise InputError(f"not a rational coefficient in {whole}", field="expression")
    return Fraction(int(v.p), int(v.q)) if not isinstance(v, int) else Fraction(v)


def _affine_to_sympy(e: Vector, c: Fraction, symbols: Sequence[Any]) -> Any:
    import sympy

    out = sympy.Rational(c.numerator, c.denominator)
    for a, s in zip(e, symbols, strict=True):
        out += sympy.Rational(a.numerator, a.denominator) * s
    return out


def _symbols(names: Sequence[str]) -> tuple[Any, ...]:
    import sympy

    return tuple(sympy.Symbol(n) for n in names)


def _latex_number(q: Fraction) -> str:
    if q.denominator == 1:
        return str(q.numerator)
    sign = "-" if q < 0 else ""
    return rf"{sign}\frac{{{abs(q.numerator)}}}{{{q.denominator}}}"


def _same_vars(f: TropicalPolynomial, g: TropicalPolynomial) -> None:
    if f.variables != g.variables:
        raise ShapeError(f"variables differ: {f.variables} and {g.variables}", field="variables")
