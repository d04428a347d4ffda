"""Exact linear programming over :class:`HPolyhedron` (cddlib's exact simplex)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from polyexact.errors import ShapeError
from polyexact.numbers import Vector, parse_rational
from polyexact.polyhedra import _cdd
from polyexact.polyhedra.hpolyhedron import HPolyhedron

__all__ = ["LPSolution", "feasible_point", "is_feasible", "maximize"]


@dataclass(frozen=True)
class LPSolution:
    """The exact outcome of ``max c·x`` over a polyhedron.

    ``status`` is ``"optimal"`` (then ``x`` is an optimal point and ``value`` the optimum),
    ``"infeasible"`` or ``"unbounded"`` (then both are ``None``).

    Attributes
    ----------
    status : {"optimal", "infeasible", "unbounded"}
        The LP status.
    x : Vector or None
        An optimal point, exact.
    value : Fraction or None
        The optimal value ``c·x``.

    See Also
    --------
    maximize, feasible_point

    Examples
    --------
    >>> from polyexact.polyhedra import maximize, polyhedron_from_inequalities
    >>> maximize(polyhedron_from_inequalities([[1], [-1]], [3, 0]), [1])
    LPSolution(status='optimal', x=(Fraction(3, 1),), value=Fraction(3, 1))
    >>> maximize(polyhedron_from_inequalities([[1], [-1]], [0, -1]), [1])
    LPSolution(status='infeasible', x=None, value=None)
    """

    status: Literal["optimal", "infeasible", "unbounded"]
    x: Vector | None
    value: Fraction | None


def maximize(poly: HPolyhedron, c: Sequence[object]) -> LPSolution:
    """Maximise ``c·x`` over ``poly`` exactly.

    Examples
    --------
    >>> from polyexact.polyhedra import maximize, polyhedron_from_inequalities
    >>> square = polyhedron_from_inequalities([[1, 0], [-1, 0], [0, 1], [0, -1]], [1, 0, 1, 0])
    >>> sol = maximize(square, [2, "1/2"])
    >>> sol.status, sol.value, sol.x
    ('optimal', Fraction(5, 2), (Fraction(1, 1), Fraction(1, 1)))
    >>> maximize(polyhedron_from_inequalities([[-1]], [0]), [1]).status
    'unbounded'
    """
    if len(c) != poly.ambient_dim:
        raise ShapeError(f"expected {poly.ambient_dim} entries, found {len(c)}", field="c")
    cost = [parse_rational(x, f"c[{i}]") for i, x in enumerate(c)]
    res = _cdd.lp_maximize(cost, poly.A, poly.b)
    if res.status == "optimal":
        return LPSolution("optimal", res.x, res.value)
    if res.status == "infeasible":
        return LPSolution("infeasible", None, None)
    return LPSolution("unbounded", None, None)


def is_feasible(poly: HPolyhedron) -> bool:
    """Whether some point satisfies every row of ``poly`` (exact).

    Examples
    --------
    >>> from polyexact.polyhedra import is_feasible, polyhedron_from_inequalities
    >>> is_feasible(polyhedron_from_inequalities([[1], [-1]], [0, 0]))
    True
    >>> is_feasible(polyhedron_from_inequalities([[1], [-1]], [0, -1]))
    False
    """
    return not poly.is_empty


def feasible_point(
    A: Sequence[Sequence[Fraction]], b: Sequence[Fraction], dim: int
) -> Vector | None:
    """Return an exact point with ``A x <= b``, or ``None`` when there is none.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.polyhedra import feasible_point
    >>> x = feasible_point([(F(-1), F(0)), (F(0), F(-1))], [F(-2), F(-3)], 2)
    >>> x is not None and x[0] >= 2 and x[1] >= 3
    True
    >>> feasible_point([(F(1),), (F(-1),)], [F(0), F(-1)], 1) is None
    True
    """
    if not A:
        return (Fraction(0),) * dim
    res = _cdd.lp_maximize([Fraction(0)] * dim, A, b)
    if res.status == "infeasible" or res.x is None:
        return None
    return res.x
