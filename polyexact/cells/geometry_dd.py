"""The geometry of every run but a bounded 2-D one: each piece is a double description.

A piece's rows and minimal generators (integers) are cut exactly by
:mod:`polyexact.polyhedra.incremental.double_description` (no LP): a child is full-dimensional
iff some generator is strictly on its side, its facets are the live rows, its interior point is
the parent's when that lies strictly inside, else a generator average. Facets on one hyperplane
are compared from their generators (:func:`~polyexact.polyhedra.incremental.facet_overlap.
facets_overlap`); what that leaves open (``d >= 4``) is for an exact LP.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from fractions import Fraction

from polyexact.cells.piece import HyperplaneKey, Meet, Piece, Pieces, Row
from polyexact.certificates.cell import Wall
from polyexact.numbers import AffineMap, Vector
from polyexact.polyhedra.incremental.double_description import (
    DDPolyhedron,
    IntVec,
    intersect,
    row_sign,
)
from polyexact.polyhedra.incremental.double_description import int_row as dd_row
from polyexact.polyhedra.incremental.double_description import split as dd_split
from polyexact.polyhedra.incremental.facet_overlap import facets_overlap

__all__ = ["DD", "DDGeometry", "space"]


class DDGeometry:
    """:class:`~polyexact.cells.piece.PieceGeometry` of double descriptions (``piece.dd``).

    Row ``i`` of a piece is ``piece.dd.rows[i]``. Use the instance :data:`DD`.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.cells.geometry_dd import DD
    >>> fields, keep = DD.root([(F(1),), (F(-1),), (F(2),)], [F(1), F(0), F(3)], 1)
    >>> keep, fields["dd"].is_bounded
    ([0, 1], True)

    The plane split by ``x = 0`` and then by ``y = 0``: the quadrants ``x < 0, y < 0`` and
    ``x > 0, y < 0`` share a facet on ``x = 0``, the ones across both walls do not.

    >>> from polyexact.certificates.cell import Wall
    >>> from polyexact.cells.geometry_dd import space
    >>> wall = Wall("neuron", 0, neuron=0)
    >>> left, right = DD.split(space(2), (F(1), F(0)), F(0), wall, None)
    >>> key = DD.cut_key([left, right], (F(1), F(0)), F(0))
    >>> (a, b), (c, d) = (DD.split(p, (F(0), F(1)), F(0), wall, None) for p in (left, right))
    >>> DD.facets_meet(a, c, key), DD.facets_meet(a, d, key), key
    (True, False, (1, 0, 0))
    >>> list(DD.facet_pairs([a, b, c, d], [0, 1], [2, 3], key, DD.facets_meet))
    [(0, 2), (1, 3)]
    """

    name = "double description"

    def __reduce__(self) -> str:
        return "DD"  # one instance, pickled by name

    def __repr__(self) -> str:
        return "DD"

    def root(self, A: Sequence[Vector], b: Vector, d: int
             ) -> tuple[dict[str, object], list[int]] | None:
        """The double description of ``A x <= b`` in ``R^d`` and its irredundant rows."""
        found = DDPolyhedron.from_rows(A, b, d)
        if found is None:
            return None
        return {"dd": found[0], "vertices": None}, list(found[1])

    def add_rows(self, parent: Piece, rows: Sequence[Row], point: Vector | None,
                 changes: dict[str, object]) -> Piece | None:
        """Exact cuts of the generators; a row that cuts nothing off takes no slot."""
        dd = parent.dd
        assert dd is not None
        added: list[tuple[Vector, Fraction, Wall, HyperplaneKey]] = []
        for a, beta, wall in rows:
            row = dd_row(a, beta)
            cut = intersect(dd, row)
            if cut is None:
                return None
            if cut is not dd:
                added.append((a, beta, wall, _key_of(row)))  # one new slot per proper cut
                dd = cut
        return _with_rows(parent, dd, added, point, changes)

    def split(self, piece: Piece, w: Vector, c: Fraction, wall: Wall,
              cut: tuple[IntVec, Vector] | None) -> list[Piece]:
        """Both sides of one cut of the generators.

        Examples
        --------
        >>> from fractions import Fraction as F
        >>> from polyexact.certificates.cell import Wall
        >>> from polyexact.cells.geometry_dd import DD, space
        >>> wall = Wall("neuron", 0, neuron=0)
        >>> off, on = DD.split(space(1), (F(2),), F(-1), wall, None)
        >>> off.active, off.point, off.A, off.b
        ((False,), (Fraction(0, 1),), ((Fraction(2, 1),),), (Fraction(1, 1),))
        >>> on.active, on.point, on.A, on.b
        ((True,), (Fraction(3, 2),), ((Fraction(-2, 1),),), (Fraction(-1, 1),))
        """
        dd = piece.dd
        assert dd is not None
        row, neg_w = cut if cut is not None else (dd_row(w, -c), tuple(-x for x in w))
        sides = dd_split(dd, row)
        if sides[0] is dd or sides[1] is dd:
            # the wall misses the interior: one child, the piece itself, on the side it is on
            return [piece.evolve(active=(*piece.active, sides[1] is dd))]
        # the sign of the pre-activation at the parent's point: > 0 iff the row's slack is < 0
        value = -row_sign(row, piece.point)
        key = _key_of(row)
        children: list[Piece] = []
        for on, side in ((False, sides[0]), (True, sides[1])):
            if side is None:  # pragma: no cover - a proper cut has both sides
                continue
            added = ((neg_w, c) if on else (w, -c)) + (wall, key)
            free = value != 0 and (value > 0) == on
            children.append(_with_rows(piece, side, [added], piece.point if free else None,
                                       {"active": (*piece.active, on)}))
        return children

    def cut_key(self, kids: Sequence[Piece], w: Vector, c: Fraction) -> HyperplaneKey:
        """The new row is the last of a double description's rows."""
        return kids[0].hyperplanes[-1]

    def facets_meet(self, c: Piece, e: Piece, key: HyperplaneKey) -> bool | None:
        """Decided from the facets' generators, or ``None`` (only when ``d >= 4``)."""
        assert c.dd is not None and e.dd is not None
        return facets_overlap(c.dd, c.hyperplanes.index(key), e.dd, e.hyperplanes.index(key))

    def facet_pairs(self, new: Pieces, ci: Sequence[int], ck: Sequence[int],
                    key: HyperplaneKey, meet: Meet) -> Iterator[tuple[int, int]]:
        """Every pair tested by ``meet`` when there are few, else :func:`overlapping_facets`."""
        if len(ci) * len(ck) > 4:
            yield from overlapping_facets(new, ci, ck, key, meet)
            return
        for c in ci:
            for e in ck:
                if meet(new[c], new[e], key):
                    yield c, e


def space(d: int) -> Piece:
    """All of ``R^d`` before any stage, as a double description: no rows, the origin, the
    identity map.

    Examples
    --------
    >>> from polyexact.cells.geometry_dd import space
    >>> line = space(1)
    >>> line.A, line.point, line.dd.lines, line.geometry
    ((), (Fraction(0, 1),), ((1, 0),), DD)
    """
    return Piece(done=(), keys=(), active=(), A=(), b=(), walls=(), hyperplanes=(),
                 point=(Fraction(0),) * d, to_state=AffineMap.identity(d), geometry=DD,
                 dd=DDPolyhedron.space(d))


def _with_rows(
    parent: Piece,
    dd: DDPolyhedron,
    added: Sequence[tuple[Vector, Fraction, Wall, HyperplaneKey]],
    point: Vector | None,
    changes: dict[str, object],
) -> Piece:
    """The child with double description ``dd``: its rows are ``dd``'s live slots, in order.

    ``added`` holds the rows of the slots ``dd`` has beyond the parent's, in slot order.
    """
    assert parent.dd is not None
    old, first = parent.dd.slots, len(parent.dd.slacks)
    # live slots keep their order: surviving parent rows first, then surviving added rows
    m = next((k for k, t in enumerate(dd.slots) if t >= first), len(dd.slots))
    A, b, walls, hyps = parent.A, parent.b, parent.walls, parent.hyperplanes
    if m < len(old):
        alive = set(dd.slots[:m])
        idx = [i for i, t in enumerate(old) if t in alive]
        A, b = tuple(A[i] for i in idx), tuple(b[i] for i in idx)
        walls, hyps = tuple(walls[i] for i in idx), tuple(hyps[i] for i in idx)
    new = [added[t - first] for t in dd.slots[m:]]
    return parent.evolve(
        A=A + tuple(r[0] for r in new),
        b=b + tuple(r[1] for r in new),
        walls=walls + tuple(r[2] for r in new),
        hyperplanes=hyps + tuple(r[3] for r in new),
        point=dd.interior_point() if point is None else point,
        dd=dd,
        **changes,
    )


def _key_of(row: IntVec) -> HyperplaneKey:
    """:func:`~polyexact.cells.piece.hyperplane_key` of a primitive integer row: the same
    vector, sign fixed."""
    lead = next(x for x in row[:-1] if x != 0)
    return row if lead > 0 else tuple(-x for x in row)


#: A span ``(lo, hi)`` of one coordinate over a facet; ``None`` for an infinite end.
_Span = tuple[Fraction | None, Fraction | None]


def overlapping_facets(new: Pieces, ci: Sequence[int], ck: Sequence[int],
                       key: HyperplaneKey, meet: Meet) -> Iterator[tuple[int, int]]:
    """Pairs of double-description pieces, one from each side, whose facets on ``key`` overlap.

    The facets of one side have disjoint relative interiors (their cells do). A facet equal to
    one of the other side (the same generators, pointed) overlaps that one and no other; the
    rest are swept along a coordinate that varies on the hyperplane, and a pair is decided by
    ``meet`` only if its exact spans overlap in an open interval on every such coordinate (a
    common relative-interior point would lie in all of them). Merging subtrees meets hundreds
    of facets per side, where testing every pair was quadratic.

    Examples
    --------
    Two half-lines on each side of ``x = 0`` in ``R^1``: every pair meets (the facet is the
    point itself).

    >>> from fractions import Fraction as F
    >>> from polyexact.certificates.cell import Wall
    >>> from polyexact.cells.geometry_dd import DD, overlapping_facets, space
    >>> off, on = DD.split(space(1), (F(1),), F(0), Wall("neuron", 0, neuron=0), None)
    >>> list(overlapping_facets([off, on], [0], [1], off.hyperplanes[0], lambda *_: True))
    [(0, 1)]
    """
    normal = key[:-1]
    varying = [m for m in range(len(normal)) if any(x for k, x in enumerate(normal) if k != m)]
    if not varying:  # d = 1: the facets are the hyperplane itself
        yield from ((c, e) for c in ci for e in ck)
        return
    facets = {c: _facet(new[c], key) for c in (*ci, *ck)}
    by_points = {frozenset(facets[c][0]): c for c in ci if not facets[c][1]}
    left, right = set(ci), []
    for e in ck:
        c = by_points.get(frozenset(facets[e][0])) if not facets[e][1] else None
        if c is not None and c in left:
            left.discard(c)
            yield c, e
        else:
            right.append(e)
    spans = {c: [_span(*facets[c], m) for m in varying] for c in (*left, *right)}
    events = sorted([(0, c) for c in left] + [(1, e) for e in right],
                    key=lambda t: _low_key(spans[t[1]][0][0]))
    active: tuple[list[int], list[int]] = ([], [])
    for side, c in events:
        lo = spans[c][0][0]
        others = active[1 - side]
        # drop the other side's spans that end before this one starts (they meet nothing later)
        others[:] = [o for o in others if not _ends_by(spans[o][0][1], lo)]
        for o in others:
            if all(_open_overlap(u, v) for u, v in zip(spans[c], spans[o], strict=True)):
                first, second = (c, o) if side == 0 else (o, c)
                if meet(new[first], new[second], key):
                    yield first, second
        active[side].append(c)


def _facet(p: Piece, key: HyperplaneKey) -> tuple[list[IntVec], tuple[IntVec, ...]]:
    assert p.dd is not None
    return p.dd.facet_generators(p.hyperplanes.index(key))


def _span(points: list[IntVec], lines: tuple[IntVec, ...], m: int) -> _Span:
    """Exact ``(min, max)`` of coordinate ``m`` over a facet from its homogeneous generators."""
    if any(x[m] for x in lines):
        return None, None
    values = [Fraction(p[m], p[-1]) for p in points if p[-1] > 0]
    lo: Fraction | None = min(values)
    hi: Fraction | None = max(values)
    if any(p[-1] == 0 and p[m] < 0 for p in points):
        lo = None
    if any(p[-1] == 0 and p[m] > 0 for p in points):
        hi = None
    return lo, hi


def _low_key(lo: Fraction | None) -> tuple[bool, Fraction]:
    return (lo is not None, lo if lo is not None else Fraction(0))


def _ends_by(hi: Fraction | None, lo: Fraction | None) -> bool:
    """Whether a span ending at ``hi`` has no open overlap with any span starting at ``lo``."""
    return hi is not None and lo is not None and hi <= lo


def _open_overlap(u: _Span, v: _Span) -> bool:
    lo = [x for x in (u[0], v[0]) if x is not None]
    hi = [x for x in (u[1], v[1]) if x is not None]
    return not lo or not hi or max(lo) < min(hi)


#: The double-description geometry (every domain but a bounded 2-D one).
DD = DDGeometry()
