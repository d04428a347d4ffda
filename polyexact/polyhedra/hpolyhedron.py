"""H-polyhedra ``{x : A x <= b}`` over Fraction: interior points, dimension, redundancy."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from typing import NamedTuple

from polyexact.errors import ShapeError
from polyexact.numbers import Matrix, Vector, dot
from polyexact.polyhedra import _cdd

__all__ = [
    "HPolyhedron",
    "IntegerGenerators",
    "integer_generators",
    "interior_point",
    "is_strictly_inside",
    "polyhedron_from_inequalities",
]

_ONE = Fraction(1)


@dataclass(frozen=True)
class HPolyhedron:
    """The closed polyhedron ``{x in R^d : A x <= b}``, exact.

    Build it with :func:`polyhedron_from_inequalities`. Derived data is computed once, on demand.

    Examples
    --------
    >>> from polyexact.polyhedra import polyhedron_from_inequalities
    >>> square = polyhedron_from_inequalities([[1, 0], [-1, 0], [0, 1], [0, -1], [1, 1]],
    ...                                       [1, 0, 1, 0, 5])
    >>> square.is_full_dim, square.irredundant_rows
    (True, (0, 1, 2, 3))
    >>> [tuple(map(str, p)) for p in square.vertices]
    [('1', '0'), ('0', '0'), ('0', '1'), ('1', '1')]
    """

    A: Matrix
    b: Vector
    ambient_dim: int

    @cached_property
    def interior_point(self) -> Vector | None:
        """A point with positive slack in every row, or ``None`` if the interior is empty."""
        return interior_point(self.A, self.b, self.ambient_dim)

    @property
    def is_full_dim(self) -> bool:
        """Whether the polyhedron has non-empty interior."""
        return self.interior_point is not None

    @cached_property
    def is_empty(self) -> bool:
        """Whether no point satisfies ``A x <= b``."""
        res = _cdd.lp_maximize([Fraction(0)] * self.ambient_dim, self.A, self.b)
        return res.status == "infeasible"

    @cached_property
    def implicit_equalities(self) -> tuple[int, ...]:
        """Rows that hold with equality on the whole (non-empty) polyhedron."""
        return tuple(sorted(_cdd.implicit_equality_rows(self.A, self.b)))

    @cached_property
    def dim(self) -> int:
        """Affine dimension; -1 when empty."""
        if self.is_empty:
            return -1
        if self.is_full_dim:
            return self.ambient_dim
        return self.ambient_dim - _rank([self.A[i] for i in self.implicit_equalities])

    @cached_property
    def irredundant_rows(self) -> tuple[int, ...]:
        """Indices of the rows that define facets (of a full-dimensional polyhedron)."""
        red = _cdd.redundant_rows(self.A, self.b)
        return tuple(i for i in range(len(self.A)) if i not in red)

    def irredundant(self) -> HPolyhedron:
        """The same polyhedron with redundant rows removed."""
        rows = self.irredundant_rows
        return HPolyhedron(
            tuple(self.A[i] for i in rows), tuple(self.b[i] for i in rows), self.ambient_dim
        )

    @cached_property
    def _generators(
        self,
    ) -> tuple[list[Vector], list[Vector], list[Vector], list[set[int]]]:
        # the incidences are not kept: callers test tightness themselves, in integers
        return _cdd.h_generators(self.A, self.b, self.ambient_dim, incidence=False)

    @property
    def vertices(self) -> list[Vector]:
        """Points of the V-representation (vertices when the polyhedron is pointed)."""
        return self._generators[0]

    @property
    def rays(self) -> list[Vector]:
        """Extreme rays of the recession cone (modulo lineality)."""
        return self._generators[1]

    @property
    def lines(self) -> list[Vector]:
        """A basis of the lineality space."""
        return self._generators[2]

    @cached_property
    def vertices_in_facets(self) -> tuple[frozenset[int], ...]:
        """For each row of :attr:`irredundant_rows`, the indices into :attr:`vertices` on it.

        Examples
        --------
        >>> from polyexact.polyhedra import polyhedron_from_inequalities
        >>> tri = polyhedron_from_inequalities([[-1, 0], [0, -1], [1, 1], [2, 2]], [0, 0, 1, 3])
        >>> [sorted(f) for f in tri.vertices_in_facets], [list(map(str, v)) for v in tri.vertices]
        ([[0, 2], [1, 2], [0, 1]], [['0', '1'], ['1', '0'], ['0', '0']])
        """
        verts = self.vertices
        return tuple(
            frozenset(k for k, v in enumerate(verts) if dot(self.A[i], v) == self.b[i])
            for i in self.irredundant_rows
        )

    @property
    def is_bounded(self) -> bool:
        """Whether the polyhedron is a polytope."""
        return not self.rays and not self.lines

    def contains(self, x: Sequence[Fraction]) -> bool:
        """Whether ``A x <= b`` holds at ``x``."""
        return all(dot(a, x) <= bi for a, bi in zip(self.A, self.b, strict=True))


class IntegerGenerators(NamedTuple):
    """A V-representation in integers: ``points`` as ``(X, W)``, ``W > 0`` (the point
    ``X / W``), primitive integer ``rays`` and a basis of the lineality space, ``lines``."""

    points: list[tuple[tuple[int, ...], int]]
    rays: list[tuple[int, ...]]
    lines: list[tuple[int, ...]]


def integer_generators(rows: Sequence[Sequence[int]], dim: int) -> IntegerGenerators:
    """The exact V-representation of ``{x : ⟨a, x⟩ <= q}`` for integer rows ``(a..., q)``.

    At least one point per minimal face (a cone's apex included), the extreme rays modulo the
    lineality space, and a basis of that space; all in integers, so that callers decide
    tightness and containment without Fractions.

    Examples
    --------
    >>> g = integer_generators([(-1, 0, 0), (0, -1, 0), (1, 1, 1)], 2)   # a triangle
    >>> sorted(g.points), g.rays, g.lines
    ([((0, 0), 1), ((0, 1), 1), ((1, 0), 1)], [], [])
    >>> integer_generators([(0, -2, 1)], 2)                           # y >= -1/2
    IntegerGenerators(points=[((0, -1), 2)], rays=[(0, 1)], lines=[(1, 0)])
    """
    return IntegerGenerators(*_cdd.h_integer_generators(rows, dim))


def polyhedron_from_inequalities(
    A: Sequence[Sequence[object]], b: Sequence[object], *, ambient_dim: int | None = None
) -> HPolyhedron:
    """Build ``{x : A x <= b}`` from rationals (anything :func:`parse_rational` accepts).

    Parameters
    ----------
    A : sequence of sequences
        The left-hand sides, one row per inequality, entries as accepted by
        :func:`~polyexact.numbers.parse_rational` (ints, Fractions, ``"p/q"``, decimal strings).
    b : sequence
        The right-hand sides, one per row of ``A``.
    ambient_dim : int, optional
        The dimension of the space; needed when ``A`` has no rows (default: ``len(A[0])``).

    Returns
    -------
    HPolyhedron
        The polyhedron, with exact Fraction data.

    Raises
    ------
    ShapeError
        If rows differ in length, or ``A`` and ``b`` differ in length.
    NumberError
        If an entry is not a finite rational.

    See Also
    --------
    polyhedron_from_points, HPolyhedron

    Examples
    --------
    >>> from polyexact.polyhedra import polyhedron_from_inequalities
    >>> seg = polyhedron_from_inequalities([[1], [-1]], ["1/2", 0])
    >>> seg.b, seg.ambient_dim, seg.is_bounded
    ((Fraction(1, 2), Fraction(0, 1)), 1, True)
    >>> polyhedron_from_inequalities([], [], ambient_dim=2).is_full_dim
    True
    >>> polyhedron_from_inequalities([[1, 0]], [1, 2])
    Traceback (most recent call last):
    ...
    polyexact.errors.ShapeError: b: A has 1 rows but b has 2 entries
    """
    from polyexact.numbers import parse_rational

    if len(A) != len(b):
        raise ShapeError(f"A has {len(A)} rows but b has {len(b)} entries", field="b")
    dim = ambient_dim if ambient_dim is not None else (len(A[0]) if A else 0)
    rows: list[Vector] = []
    for i, row in enumerate(A):
        if len(row) != dim:
            raise ShapeError(f"expected {dim} entries, found {len(row)}", field=f"A[{i}]")
        rows.append(tuple(parse_rational(x, f"A[{i}][{k}]") for k, x in enumerate(row)))
    rhs = tuple(parse_rational(x, f"b[{i}]") for i, x in enumerate(b))
    return HPolyhedron(tuple(rows), rhs, dim)


def is_strictly_inside(x: Sequence[Fraction], A: Sequence[Sequence[Fraction]],
                       b: Sequence[Fraction]) -> bool:
    """Whether every row of ``A x <= b`` holds with positive slack at ``x`` (exact).

    Parameters
    ----------
    x : sequence of Fraction
        The point.
    A : sequence of sequences of Fraction
        The rows, each as long as ``x``.
    b : sequence of Fraction
        One right-hand side per row.

    Returns
    -------
    bool
        ``True`` iff ``A[i]·x < b[i]`` for every ``i`` (vacuously ``True`` with no rows).

    See Also
    --------
    interior_point, HPolyhedron.contains

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.polyhedra import is_strictly_inside
    >>> A, b = [(F(1),), (F(-1),)], (F(1), F(0))
    >>> is_strictly_inside((F(1, 2),), A, b), is_strictly_inside((F(1),), A, b)
    (True, False)
    """
    return all(dot(a, x) < bi for a, bi in zip(A, b, strict=True))


def interior_point(
    A: Sequence[Sequence[Fraction]], b: Sequence[Fraction], dim: int
) -> Vector | None:
    """Return a point with positive exact slack in every row of ``A x <= b``, or ``None``.

    Solves ``max t`` subject to ``A x + t <= b``, ``t <= 1`` exactly; the interior is non-empty
    iff the optimum is positive.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.polyhedra import interior_point
    >>> interior_point([(F(1),), (F(-1),)], (F(1), F(0)), 1)
    (Fraction(1, 2),)
    >>> interior_point([(F(1),), (F(-1),)], (F(0), F(0)), 1) is None
    True
    """
    if not A:
        return (Fraction(0),) * dim
    rows = [(*a, _ONE) for a in A]
    rows.append((*([Fraction(0)] * dim), _ONE))
    rhs = [*b, _ONE]
    res = _cdd.lp_maximize([Fraction(0)] * dim + [_ONE], rows, rhs)
    if res.status != "optimal" or res.value is None or res.value <= 0 or res.x is None:
        return None
    return tuple(res.x[:dim])


def _rank(rows: Sequence[Sequence[Fraction]]) -> int:
    """Exact rank by Gaussian elimination."""
    m = [list(r) for r in rows]
    rank = 0
    cols = len(m[0]) if m else 0
    for c in range(cols):
        pivot = next((i for i in range(rank, len(m)) if m[i][c] != 0), None)
        if pivot is None:
            continue
        m[rank], m[pivot] = m[pivot], m[rank]
        for i in range(len(m)):
            if i != rank and m[i][c] != 0:
                f = m[i][c] / m[rank][c]
                m[i] = [x - f * y for x, y in zip(m[i], m[rank], strict=True)]
        rank += 1
    return rank
