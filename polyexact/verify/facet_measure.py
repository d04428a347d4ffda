r"""Exact ``(d - 1)``-dimensional measures of facets and of the pieces neighbours share with them.

A facet ``F`` of a cell lies on a hyperplane ``H = {⟨a, x⟩ = q}`` (integer ``a``, ``q``). To
measure subsets of ``H`` the verifier eliminates the first coordinate ``k`` with ``a_k ≠ 0``:
``x_k = (q - Σ_{l≠k} a_l x_l) / a_k`` is an affine bijection between ``R^{d-1}`` and ``H``, so
it scales every ``(d - 1)``-volume on ``H`` by the same positive factor. Equalities and sums of
measures are therefore the same in the projection (:func:`section`), where they are exact
volumes of rational polyhedra (:func:`polyexact.polyhedra.volume`, cddlib-backed; in
``R^0`` the measure of a non-empty set is 1).

Unbounded sets have infinite measure; they are compared inside a box whose interior holds a
point of every minimal face of every set compared (:func:`enclosing_box`). docs/certificate.md
explains why this still proves that the pieces tile the facet.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property

from polyexact.polyhedra import HPolyhedron, volume

__all__ = ["Section", "enclosing_box", "measure", "section"]

#: Per coordinate ``(lo, hi)``.
Box = tuple[tuple[Fraction, Fraction], ...]


@dataclass(frozen=True)
class Section:
    """``{y ∈ R^{d-1} : A y <= b}``, the projection of a set on the hyperplane (non-empty).

    Examples
    --------
    >>> s = Section(((1,), (-1,)), (2, 0), 1)
    >>> s.polyhedron.is_bounded
    True
    """

    A: tuple[tuple[int, ...], ...]
    b: tuple[int, ...]
    dim: int

    @property
    def polyhedron(self) -> HPolyhedron:
        """The section as an exact H-polyhedron (not defined for ``dim == 0``)."""
        return HPolyhedron(tuple(tuple(Fraction(x) for x in row) for row in self.A),
                           tuple(Fraction(x) for x in self.b), self.dim)

    @cached_property
    def _ends(self) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
        # the ends b/a as integer pairs (num, den > 0), compared by cross-multiplication
        lo: tuple[int, int] | None = None
        hi: tuple[int, int] | None = None
        for (a,), c in zip(self.A, self.b, strict=True):
            t = (c, a) if a > 0 else (-c, -a)
            if a > 0:
                if hi is None or t[0] * hi[1] < hi[0] * t[1]:
                    hi = t
            elif lo is None or t[0] * lo[1] > lo[0] * t[1]:
                lo = t
        return lo, hi

    @cached_property
    def _interval(self) -> tuple[Fraction | None, Fraction | None]:
        lo, hi = self._ends
        return (None if lo is None else Fraction(*lo)), (None if hi is None else Fraction(*hi))

    def interval(self) -> tuple[Fraction | None, Fraction | None]:
        """For ``dim == 1``: the section as ``[lo, hi]`` (``None`` for an infinite end).

        Examples
        --------
        >>> Section(((2,), (-1,)), (1, 3), 1).interval()
        (Fraction(-3, 1), Fraction(1, 2))
        """
        return self._interval

    @property
    def is_empty(self) -> bool:
        """Whether the section has no point."""
        if self.dim == 0:
            return False  # constant rows were decided when the section was made
        if self.dim == 1:
            lo, hi = self._ends
            return lo is not None and hi is not None and lo[0] * hi[1] > hi[0] * lo[1]
        return self.polyhedron.is_empty

    @property
    def is_bounded(self) -> bool:
        """Whether the section is bounded (``True`` when empty)."""
        if self.dim == 0:
            return True
        if self.dim == 1:
            lo, hi = self._ends
            return self.is_empty or (lo is not None and hi is not None)
        return self.polyhedron.is_bounded

    def face_points(self) -> list[tuple[Fraction, ...]]:
        """One point of every minimal face of the (non-empty) section.

        A cone's V-representation may leave its apex, the origin, implicit; a section with a
        lineality space has its minimal faces through the points listed, or through 0.
        """
        if self.dim == 1:
            ends = [x for x in self.interval() if x is not None]
            return [(x,) for x in ends] or [(Fraction(0),)]
        return list(self.polyhedron.vertices) or [(Fraction(0),) * self.dim]


def section(hyperplane: Sequence[int], rows: Sequence[Sequence[int]]) -> Section | None:
    """The part of ``{⟨p, x⟩ <= t for every row}`` on the hyperplane, projected to ``R^{d-1}``.

    ``hyperplane`` and ``rows`` are integer tuples ``(a_1, ..., a_d, q)``. Rows parallel to the
    hyperplane become constant and are decided exactly; ``None`` means the part is empty for
    that reason (other emptiness shows as measure 0).

    Examples
    --------
    The square ``[0, 1]^2`` on the line ``x = 1``: the segment ``0 <= y <= 1``.

    >>> sq = [(1, 0, 1), (-1, 0, 0), (0, 1, 1), (0, -1, 0)]
    >>> s = section((1, 0, 1), sq)
    >>> s.A, s.b
    (((1,), (-1,)), (1, 0))
    >>> section((1, 0, 2), sq) is None
    True
    """
    a, q = hyperplane[:-1], hyperplane[-1]
    k = next(i for i, x in enumerate(a) if x)
    ak = a[k]
    # x_k = (q - Σ_{l≠k} a_l x_l) / a_k substituted, the row multiplied by |a_k| > 0: integers
    sign, scale = (1, ak) if ak > 0 else (-1, -ak)
    others = [m for m in range(len(a)) if m != k]
    out_a: list[tuple[int, ...]] = []
    out_b: list[int] = []
    for row in rows:
        p, t = row[:-1], row[-1]
        pk = p[k] * sign
        coeffs = tuple(p[m] * scale - pk * a[m] for m in others)
        bound = t * scale - pk * q
        if not any(coeffs):
            if bound < 0:
                return None
            continue
        out_a.append(coeffs)
        out_b.append(bound)
    return Section(tuple(out_a), tuple(out_b), len(a) - 1)


def enclosing_box(sections: Sequence[Section]) -> Box | None:
    """An integer box whose interior holds a point of every minimal face of every section.

    ``None`` when every section is bounded (no box is needed).

    Examples
    --------
    >>> half = Section(((-2,),), (-3,), 1)
    >>> enclosing_box([half])
    ((Fraction(0, 1), Fraction(3, 1)),)
    """
    if all(s.is_bounded for s in sections):
        return None
    dim = sections[0].dim
    lo: list[Fraction] = [Fraction(0)] * dim
    hi: list[Fraction] = [Fraction(0)] * dim
    first = True
    for s in sections:
        for p in s.face_points():
            for m, x in enumerate(p):
                if first or x < lo[m]:
                    lo[m] = x
                if first or x > hi[m]:
                    hi[m] = x
            first = False
    return tuple((Fraction(math.floor(low) - 1), Fraction(math.ceil(high) + 1))
                 for low, high in zip(lo, hi, strict=True))


def measure(s: Section | None, box: Box | None = None) -> Fraction:
    """The exact ``(d - 1)``-volume of a section (clipped to ``box`` when given).

    Examples
    --------
    >>> sq = [(1, 0, 1), (-1, 0, 0), (0, 1, 1), (0, -1, 0)]
    >>> measure(section((1, 0, 1), sq)), measure(section((1, 0, 2), sq))
    (Fraction(1, 1), Fraction(0, 1))
    >>> measure(section((1, 1, 2), [(1, 0, 1), (0, 1, 1)]), ((Fraction(-2), Fraction(3)),))
    Fraction(0, 1)
    >>> measure(section((1, -1, 0), [(1, 0, 1), (0, 1, 1)]), ((Fraction(-2), Fraction(3)),))
    Fraction(3, 1)
    """
    if s is None:
        return Fraction(0)
    if s.dim == 0:
        return Fraction(1)
    if s.dim == 1 and box is None:
        ends_lo, ends_hi = s._ends
        if ends_lo is None or ends_hi is None:
            raise ValueError("an unbounded section needs a box")
        (p, q), (t, u) = ends_lo, ends_hi
        # hi - lo = t/u - p/q, in integers, once
        return max(Fraction(t * q - p * u, u * q), Fraction(0))
    if s.dim == 1:
        lo, hi = s.interval()
        if box is not None:
            lo = box[0][0] if lo is None else max(lo, box[0][0])
            hi = box[0][1] if hi is None else min(hi, box[0][1])
        if lo is None or hi is None:
            raise ValueError("an unbounded section needs a box")
        return max(hi - lo, Fraction(0))
    A = [tuple(Fraction(x) for x in row) for row in s.A]
    b = [Fraction(x) for x in s.b]
    if box is not None:
        for m, (low, high) in enumerate(box):
            e = tuple(Fraction(int(i == m)) for i in range(s.dim))
            A += [e, tuple(-x for x in e)]
            b += [high, -low]
    poly = HPolyhedron(tuple(A), tuple(b), s.dim)
    if poly.is_empty:
        return Fraction(0)
    return volume(poly)
