"""Input domains of a model: boxes, polytopes ``A x <= b`` and R^d, all full-dimensional."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from polyexact.errors import DomainError, ShapeError
from polyexact.models.model import Domain
from polyexact.numbers import Matrix, Vector
from polyexact.polyhedra import interior_point

__all__ = ["box_domain", "check_domain", "polytope_domain", "whole_space"]


def whole_space() -> Domain:
    """Return the domain R^d (no inequalities).

    Examples
    --------
    >>> from polyexact.models.domains import whole_space
    >>> whole_space().kind
    'all'
    """
    return Domain("all", (), ())


def box_domain(bounds: Sequence[tuple[Fraction, Fraction]], *, field: str = "domain.box") -> Domain:
    """Return the box ``Π [lo_i, hi_i]`` as a domain, written as ``A x <= b``.

    Parameters
    ----------
    bounds : sequence of (lo, hi) pairs of Fraction
        One pair per coordinate.
    field : str
        Field name used in error messages.

    Raises
    ------
    DomainError
        If some ``lo_i >= hi_i`` (an empty or lower-dimensional box) or there are no coordinates.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.models.domains import box_domain
    >>> box = box_domain([(F(0), F(1))])
    >>> box.A, box.b
    (((Fraction(1, 1),), (Fraction(-1, 1),)), (Fraction(1, 1), Fraction(0, 1)))
    """
    d = len(bounds)
    if d == 0:
        raise DomainError("a box needs at least one coordinate", field=field)
    rows: list[Vector] = []
    rhs: list[Fraction] = []
    for i, (lo, hi) in enumerate(bounds):
        if not lo < hi:
            raise DomainError(
                f"expected lo < hi, found [{lo}, {hi}] (empty or lower-dimensional box)",
                field=f"{field}[{i}]",
            )
        e = tuple(Fraction(int(k == i)) for k in range(d))
        rows += [e, tuple(-c for c in e)]
        rhs += [hi, -lo]
    return Domain("box", tuple(rows), tuple(rhs), tuple((lo, hi) for lo, hi in bounds))


def polytope_domain(A: Matrix, b: Vector, *, field: str = "domain.polytope") -> Domain:
    """Return the polyhedron ``{x : A x <= b}`` as a domain, checked full-dimensional.

    Raises
    ------
    DomainError
        If the set is empty or lower-dimensional (no exact interior point).

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.models.domains import polytope_domain
    >>> tri = polytope_domain(((F(-1), F(0)), (F(0), F(-1)), (F(1), F(1))), (F(0), F(0), F(1)))
    >>> tri.kind
    'polytope'
    >>> polytope_domain(((F(1),), (F(-1),)), (F(0), F(0)))
    Traceback (most recent call last):
    ...
    polyexact.errors.DomainError: domain.polytope: the set A x <= b is empty or lower-dimensional
    """
    domain = Domain("polytope", tuple(A), tuple(b))
    check_domain(domain, len(A[0]) if A else 0, field=field)
    return domain


def check_domain(domain: Domain, d: int, *, field: str = "domain") -> None:
    """Check that a domain lives in R^d and has non-empty interior (exact LP).

    Raises
    ------
    ShapeError
        If a row of ``A`` does not have ``d`` entries.
    DomainError
        If the domain is empty or lower-dimensional.

    Examples
    --------
    >>> from polyexact.models.domains import check_domain, whole_space
    >>> check_domain(whole_space(), 3)
    """
    for i, row in enumerate(domain.A):
        if len(row) != d:
            raise ShapeError(f"expected {d} entries, found {len(row)}", field=f"{field}.A[{i}]")
    if len(domain.A) != len(domain.b):
        raise ShapeError(
            f"A has {len(domain.A)} rows but b has {len(domain.b)} entries", field=f"{field}.b"
        )
    # the interior point is an exact witness: positive slack in every row
    if domain.A and interior_point(domain.A, domain.b, d) is None:
        raise DomainError("the set A x <= b is empty or lower-dimensional", field=field)
