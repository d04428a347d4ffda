"""Exact polyhedra held in both descriptions, cut by half-spaces without LPs (any dimension).

A :class:`DDPolyhedron` is a full-dimensional polyhedron ``{x in R^d : A x <= b}`` stored with
its irredundant rows *and* its minimal generators in homogeneous integer coordinates: points
``(x, t)`` with ``t > 0`` (the vertex ``x / t``), rays ``(r, 0)`` and lines ``(l, 0)``, each
primitive. The homogenised cone ``{(x, t) : A x <= b t, t >= 0}`` is what the generators span;
its face ``t = 0`` ("infinity") is kept as bit 0 of every incidence mask and row ``s`` as bit
``s + 1``.

Cutting by one more row is one step of the double description method (Motzkin et al.; Fukuda
and Prodon's combinatorial adjacency test): evaluate the row at the generators, keep those on
the right side, and combine every *adjacent* pair with opposite signs. Adjacency, the facets
that survive and emptiness are read off the integer incidence masks, so a cut costs a few
integer products per generator and no LP. Every sign is exact; no float is involved.

Facet rule: a row is a facet of a full-dimensional polyhedron iff it is tight at some vertex
and the set of generators where it is tight is not strictly contained in another row's set
(faces are determined by their generator sets, and every lower face lies in a facet).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import gcd, lcm
from operator import mul

from polyexact.numbers import Vector
from polyexact.polyhedra.incremental import _masks as masks

__all__ = ["DDPolyhedron", "IntVec", "int_row", "intersect", "row_sign", "split"]

#: A primitive integer vector: a homogeneous generator ``(x, t)`` or a row ``(a, beta)``.
IntVec = tuple[int, ...]


def int_row(a: Sequence[Fraction], beta: Fraction) -> IntVec:
    """Return ``a·x <= beta`` as a primitive integer row ``(a_1, ..., a_d, beta)``.

    A positive multiple: the half-space is unchanged.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> int_row((F(1, 2), F(-1, 3), F(0)), F(1))
    (3, -2, 0, 6)
    """
    entries = (*a, beta)
    den = lcm(*(x.denominator for x in entries))
    ints = [x.numerator * (den // x.denominator) for x in entries]
    g = gcd(*ints) or 1
    return tuple(x // g for x in ints)


def _primitive(v: list[int]) -> IntVec:
    g = gcd(*v)
    return tuple(x // g for x in v) if g > 1 else tuple(v)


def _slack_vector(row: IntVec) -> IntVec:
    # (a, beta) -> (-a, beta): the slack beta t - a.x of a generator is one dot product
    return (*(-x for x in row[:-1]), row[-1])


def _dot(u: IntVec, v: IntVec) -> int:
    return sum(map(mul, u, v))


@dataclass(frozen=True, slots=True)
class DDPolyhedron:
    """A full-dimensional polyhedron with its facets and minimal generators (module docstring).

    Attributes
    ----------
    d : int
        The dimension of the space.
    slacks : tuple of IntVec
        Every row ever added, as ``(-a, beta)``, so that a generator's slack is a dot product.
        Rows found redundant stay here (their incidence bits stay valid); ``slots`` lists the
        live ones.
    slots : tuple of int
        The irredundant rows (the facets), as indices into ``slacks``, in the order added.
    points : tuple of IntVec
        Vertices ``(x, t)``, ``t > 0``, and rays ``(r, 0)``.
    incidence : tuple of int
        Per point, the mask of what it is tight on: bit 0 infinity (``t = 0``), bit ``s + 1``
        row ``s``.
    lines : tuple of IntVec
        A basis of the lineality space, ``(l, 0)``.

    See Also
    --------
    intersect, split, facets_overlap

    Examples
    --------
    The unit square, cut from the plane:

    >>> from polyexact.polyhedra.incremental.double_description import DDPolyhedron, intersect
    >>> sq = DDPolyhedron.space(2)
    >>> for row in [(1, 0, 1), (-1, 0, 0), (0, 1, 1), (0, -1, 0)]:
    ...     sq = intersect(sq, row)
    >>> sorted(sq.points), sq.lines, sq.is_bounded
    ([(0, 0, 1), (0, 1, 1), (1, 0, 1), (1, 1, 1)], (), True)
    >>> sq.rows, sq.interior_point()
    (((1, 0, 1), (-1, 0, 0), (0, 1, 1), (0, -1, 0)), (Fraction(1, 2), Fraction(1, 2)))
    """

    d: int
    slacks: tuple[IntVec, ...]
    slots: tuple[int, ...]
    points: tuple[IntVec, ...]
    incidence: tuple[int, ...]
    lines: tuple[IntVec, ...]

    @classmethod
    def space(cls, d: int) -> DDPolyhedron:
        """All of ``R^d``: the point at the origin and the ``d`` coordinate lines.

        Examples
        --------
        >>> from polyexact.polyhedra.incremental.double_description import DDPolyhedron
        >>> DDPolyhedron.space(2).lines
        ((1, 0, 0), (0, 1, 0))
        """
        unit = [[int(i == k) for i in range(d + 1)] for k in range(d + 1)]
        return cls(d, (), (), (tuple(unit[d]),), (0,), tuple(tuple(u) for u in unit[:d]))

    @classmethod
    def from_rows(cls, A: Sequence[Sequence[Fraction]], b: Sequence[Fraction],
                  d: int | None = None) -> tuple[DDPolyhedron, list[int]] | None:
        """``{A x <= b}`` in ``R^d`` and the indices of its irredundant rows; ``None`` if thin.

        Of rows defining the same half-space, the first is kept. ``d`` defaults to the length
        of the rows (it is needed only when there are none).

        Examples
        --------
        >>> from fractions import Fraction as F
        >>> from polyexact.polyhedra.incremental.double_description import DDPolyhedron
        >>> dd, keep = DDPolyhedron.from_rows([(F(1),), (F(2),), (F(-1),)], [F(1), F(5), F(0)])
        >>> keep, dd.points
        ([0, 2], ((1, 1), (0, 1)))
        >>> DDPolyhedron.from_rows([(F(1),), (F(-1),)], [F(0), F(0)]) is None
        True
        """
        if d is None:
            if not A:
                raise ValueError("from_rows: give the dimension d when there are no rows")
            d = len(A[0])
        dd: DDPolyhedron | None = cls.space(d)
        origin: dict[int, int] = {}
        for i, (a, beta) in enumerate(zip(A, b, strict=True)):
            assert dd is not None
            slot = len(dd.slacks)
            dd = intersect(dd, int_row(a, beta))
            if dd is None:
                return None
            if len(dd.slacks) > slot:
                origin[slot] = i
        assert dd is not None
        return dd, [origin[s] for s in dd.slots]

    @property
    def rows(self) -> tuple[IntVec, ...]:
        """The irredundant rows as primitive integer ``(a, beta)``, in ``slots`` order."""
        return tuple((*(-x for x in self.slacks[s][:-1]), self.slacks[s][-1])
                     for s in self.slots)

    @property
    def is_bounded(self) -> bool:
        """Whether the polyhedron is a polytope (no rays, no lines)."""
        return not self.lines and all(p[-1] > 0 for p in self.points)

    def interior_point(self) -> Vector:
        """A point with positive slack on every row: the vertex average plus every ray.

        A strictly positive combination of all minimal generators lies in the interior of the
        homogenised cone; its ``t > 0`` because there is at least one vertex.
        """
        verts = [p for p in self.points if p[-1] > 0]
        rays = [p for p in self.points if p[-1] == 0]
        w = lcm(*(p[-1] for p in verts))
        n = len(verts) * w
        scale = [w // p[-1] for p in verts]
        # one pass per coordinate over the transposed generators
        v_cols = list(zip(*verts, strict=True))
        r_cols = list(zip(*rays, strict=True)) if rays else [()] * self.d
        return tuple(Fraction(sum(map(mul, v_cols[k], scale)) + n * sum(r_cols[k]), n)
                     for k in range(self.d))

    def facet_generators(self, i: int) -> tuple[list[IntVec], tuple[IntVec, ...]]:
        """The points (vertices and rays) on facet ``i`` (index into ``rows``), and the lines.

        Examples
        --------
        >>> from polyexact.polyhedra.incremental.double_description import DDPolyhedron, intersect
        >>> half = intersect(DDPolyhedron.space(2), (1, 0, 0))
        >>> half.facet_generators(0)
        ([(0, 0, 1)], ((0, 1, 0),))
        """
        bit = 1 << (self.slots[i] + 1)
        return [p for p, m in zip(self.points, self.incidence, strict=True) if m & bit], self.lines


def intersect(dd: DDPolyhedron, row: IntVec) -> DDPolyhedron | None:
    """``dd ∩ {a·x <= beta}`` for ``row = (a, beta)``: ``None`` if thin, ``dd`` if redundant.

    Examples
    --------
    >>> from polyexact.polyhedra.incremental.double_description import DDPolyhedron, intersect
    >>> ray = intersect(DDPolyhedron.space(1), (-1, 0))
    >>> ray.points, intersect(ray, (1, 0)) is None, intersect(ray, (-1, 1)) is ray
    (((0, 1), (1, 0)), True, True)
    """
    return _cut(dd, row, outside=False)[0]


def split(dd: DDPolyhedron, row: IntVec) -> tuple[DDPolyhedron | None, DDPolyhedron | None]:
    """``(dd ∩ {a·x <= beta}, dd ∩ {a·x >= beta})``, sharing the work of one cut.

    Each side is ``None`` if thin and ``dd`` itself if the row does not cut it.

    Examples
    --------
    >>> from polyexact.polyhedra.incremental.double_description import (
    ...     DDPolyhedron, intersect, split)
    >>> seg = intersect(intersect(DDPolyhedron.space(1), (1, 2)), (-1, 0))
    >>> [s.points for s in split(seg, (1, 1))]
    [((0, 1), (1, 1)), ((2, 1), (1, 1))]
    >>> split(seg, (1, 3))[1] is None
    True
    """
    return _cut(dd, row, outside=True)


def _cut(dd: DDPolyhedron, row: IntVec, outside: bool
         ) -> tuple[DDPolyhedron | None, DDPolyhedron | None]:
    """One double-description step: the inside (and, if asked, the outside) of ``row``."""
    if not any(row[:-1]):
        # 0 <= beta: everything or nothing, on either side
        return (dd if row[-1] >= 0 else None), (dd if row[-1] <= 0 else None)
    s = _slack_vector(row)
    for k, line in enumerate(dd.lines):
        sl = _dot(s, line)
        if sl:
            return _cut_line(dd, s, k, sl, outside)
    points = dd.points
    slack = [sum(map(mul, s, p)) for p in points]
    pos: list[int] = []
    neg: list[int] = []
    zero: list[int] = []
    for k, v in enumerate(slack):
        (pos if v > 0 else neg if v < 0 else zero).append(k)
    if not neg:
        return dd, None
    if not pos:
        return None, dd
    slot = len(dd.slacks)
    bit = 1 << (slot + 1)
    inc = dd.incidence
    need = dd.d + 1 - len(dd.lines) - 2
    new_pts: list[IntVec] = []
    new_inc: list[int] = []
    for p, n, z in _edges(pos, neg, inc, need):
        sp, sn, gp, gn = slack[p], slack[n], points[p], points[n]
        new_pts.append(_primitive([sp * y - sn * x for x, y in zip(gp, gn, strict=True)]))
        new_inc.append(z | bit)
    zero_inc = [inc[k] | bit for k in zero]
    inside = _side(dd, (*dd.slacks, s), pos, neg, zero, zero_inc, new_pts, new_inc)
    if not outside:
        return inside, None
    flipped = tuple(-x for x in s)
    return inside, _side(dd, (*dd.slacks, flipped), neg, pos, zero, zero_inc, new_pts, new_inc)


#: Above this many (positive, negative) pairs, and with masks of at most 64 bits, the
#: adjacency test runs on numpy arrays of the masks (integer bit operations: still exact).
_VECTOR_PAIRS = 512
#: Likewise the facet test above this many generators.
_VECTOR_POINTS = 64


def _edges(pos: list[int], neg: list[int], inc: tuple[int, ...], need: int
           ) -> list[tuple[int, int, int]]:
    """The adjacent pairs ``(p, n, common mask)`` among ``pos`` × ``neg`` (combinatorial test).

    A pair spans an edge iff its common tight set is in no third generator's, and is large
    enough: an edge of a D-dimensional pointed cone lies on at least D − 2 facets (``need``).
    """
    if len(pos) * len(neg) > _VECTOR_PAIRS and max(inc).bit_length() <= 64:
        return masks.edges(pos, neg, inc, need)
    out = []
    for p in pos:
        mp = inc[p]
        for n in neg:
            z = mp & inc[n]
            if z.bit_count() < need:
                continue
            holders = 0  # p and n themselves, and any third generator on the same faces
            for m in inc:
                if m & z == z:
                    holders += 1
                    if holders > 2:
                        break
            if holders == 2:
                out.append((p, n, z))
    return out


def _side(dd: DDPolyhedron, slacks: tuple[IntVec, ...], keep: list[int], drop: list[int],
          zero: list[int], zero_inc: list[int], new_pts: list[IntVec], new_inc: list[int]
          ) -> DDPolyhedron:
    points = (*(dd.points[k] for k in keep), *(dd.points[k] for k in zero), *new_pts)
    inc = (*(dd.incidence[k] for k in keep), *zero_inc, *new_inc)
    new = len(slacks) - 1
    # only a facet that loses a generator can stop being one: the rest of it is on this side
    lost = 0
    for k in drop:
        lost |= dd.incidence[k]
    live = 1 << (new + 1)
    for t in dd.slots:
        live |= 1 << (t + 1)
    doubtful = [t for t in dd.slots if lost >> (t + 1) & 1]
    gone = set(_not_facets(doubtful, live, inc)) if doubtful else ()
    slots = tuple(t for t in dd.slots if t not in gone)
    return DDPolyhedron(dd.d, slacks, (*slots, new), points, inc, dd.lines)


def _not_facets(slots: list[int], live: int, inc: tuple[int, ...]) -> list[int]:
    """The rows among ``slots`` that are no longer facets (facet rule, module docstring).

    A row is a facet iff it is tight at a vertex (a generator off infinity, bit 0) and no other
    live row is tight at all of its generators: ``G_i ⊆ G_j`` for ``j != i`` means a smaller
    face, or two live rows with the same facet, which cuts never produce (a repeated half-space
    is redundant when it comes).
    """
    if len(inc) > _VECTOR_POINTS and max(inc).bit_length() <= 64:
        return masks.not_facets(slots, live, inc)
    out = []
    for t in slots:
        bit = 1 << (t + 1)
        common = live & ~bit
        vertex = False
        for m in inc:
            if m & bit:
                common &= m
                vertex = vertex or not m & 1
        if not vertex or common:
            out.append(t)
    return out


def _cut_line(dd: DDPolyhedron, s: IntVec, k: int, sl: int, outside: bool
              ) -> tuple[DDPolyhedron | None, DDPolyhedron | None]:
    """A cut across line ``k``: every other generator moves onto the hyperplane along it."""
    line = dd.lines[k]
    sign = 1 if sl > 0 else -1
    size = sl * sign

    def onto(g: IntVec) -> IntVec:
        # |sl| g - sign(sl) s(g) line: zero slack, same t >= 0, same old tight rows
        sg = _dot(s, g)
        if not sg:
            return g
        return _primitive([size * x - sign * sg * y for x, y in zip(g, line, strict=True)])

    slot = len(dd.slacks)
    bit = 1 << (slot + 1)
    points = tuple(onto(p) for p in dd.points)
    inc = tuple(m | bit for m in dd.incidence)
    lines = tuple(onto(x) for i, x in enumerate(dd.lines) if i != k)
    # the line itself becomes a ray, tight at infinity and on every old row, live or not (a
    # valid row is constant along a line of the polyhedron)
    on_all = bit - 1
    ray = tuple(sign * x for x in line)
    slots = (*dd.slots, slot)
    inside = DDPolyhedron(dd.d, (*dd.slacks, s), slots, (*points, ray), (*inc, on_all), lines)
    if not outside:
        return inside, None
    flipped = tuple(-x for x in s)
    anti = tuple(-x for x in ray)
    return inside, DDPolyhedron(dd.d, (*dd.slacks, flipped), slots, (*points, anti),
                                (*inc, on_all), lines)


def row_sign(row: IntVec, x: Vector) -> int:
    """The sign of ``beta - a·x`` for ``row = (a, beta)``, in integers (no Fraction arithmetic).

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.polyhedra.incremental.double_description import row_sign
    >>> row_sign((2, -1, 1), (F(1, 2), F(0))), row_sign((2, -1, 1), (F(1, 3), F(-1, 2)))
    (0, -1)
    """
    w = lcm(*(v.denominator for v in x))
    value = row[-1] * w - sum(a * v.numerator * (w // v.denominator)
                              for a, v in zip(row, x, strict=False))
    return (value > 0) - (value < 0)
