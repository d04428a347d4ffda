"""Adding rows to a piece: exact cuts of its vertex cycle or of its double description.

Neither needs an LP: a child is full-dimensional iff some vertex (generator) is strictly on its
side, its facets are read off the result, and its interior point is the parent's when that lies
strictly inside, else a vertex average.
"""

from __future__ import annotations

from fractions import Fraction

from polyexact.cells.piece import HyperplaneKey, Piece, hyperplane_key
from polyexact.certificates.cell import Wall
from polyexact.numbers import Vector
from polyexact.polyhedra.incremental.double_description import (
    DDPolyhedron,
    IntVec,
    intersect,
    row_sign,
    split,
)
from polyexact.polyhedra.incremental.double_description import int_row as dd_row
from polyexact.polyhedra.incremental.polygon import Polygon, centroid, cut_polygon, int_row

__all__ = ["add_rows", "split_neuron_dd"]


def _polygon_child(
    parent: Piece,
    rows: list[tuple[Vector, Fraction, Wall]],
    point: Vector | None,
    changes: dict[str, object],
) -> Piece | None:
    """:func:`add_rows` for a polygon: exact cuts of the vertex cycle, no LP, no redundancy test."""
    assert parent.vertices is not None
    n = len(parent.A)
    poly: Polygon | None = (parent.vertices, tuple(range(n)))
    for k, (a, beta, _) in enumerate(rows):
        assert poly is not None
        poly = cut_polygon(poly, int_row(a, beta), n + k)
        if poly is None:
            return None
    assert poly is not None
    verts, labels = poly
    if point is None:
        point = centroid(poly)

    def row(i: int) -> tuple[Vector, Fraction, Wall, HyperplaneKey]:
        if i < n:
            return parent.A[i], parent.b[i], parent.walls[i], parent.hyperplanes[i]
        a, beta, wall = rows[i - n]
        return a, beta, wall, hyperplane_key(a, beta)

    kept = [row(i) for i in labels]
    return parent.evolve(
        A=tuple(r[0] for r in kept),
        b=tuple(r[1] for r in kept),
        walls=tuple(r[2] for r in kept),
        hyperplanes=tuple(r[3] for r in kept),
        point=point,
        vertices=verts,
        **changes,
    )


def _dd_child(
    parent: Piece,
    rows: list[tuple[Vector, Fraction, Wall]],
    point: Vector | None,
    changes: dict[str, object],
) -> Piece | None:
    """:func:`add_rows` for a double description: exact cuts of the generators, no LP."""
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


def _with_rows(
    parent: Piece,
    dd: DDPolyhedron,
    added: list[tuple[Vector, Fraction, Wall, HyperplaneKey]],
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
    """:func:`hyperplane_key` of a primitive integer row: the same vector, sign fixed."""
    lead = next(x for x in row[:-1] if x != 0)
    return row if lead > 0 else tuple(-x for x in row)


def add_rows(
    parent: Piece,
    rows: list[tuple[Vector, Fraction, Wall]],
    point: Vector | None,
    **changes: object,
) -> Piece | None:
    """Add ``rows`` to ``parent``; return the child if full-dimensional, with irredundant rows.

    ``point`` is a known interior point of the child (the parent's, when it decides this child),
    or ``None`` to take one from the child's vertices. ``changes`` are set on the child.

    Examples
    --------
    The half-line ``x >= 0`` cut by ``x <= 2``, then by ``x <= 3`` (redundant, not kept):

    >>> from fractions import Fraction as F
    >>> from polyexact.certificates.cell import Wall
    >>> from polyexact.cells.cut import add_rows
    >>> from polyexact.cells.piece import Piece
    >>> wall = Wall("neuron", 0, neuron=0)
    >>> half = add_rows(Piece.space(1), [((F(-1),), F(0), wall)], (F(1),))
    >>> child = add_rows(half, [((F(1),), F(2), wall), ((F(1),), F(3), wall)], None)
    >>> child.A, child.b, child.point
    (((Fraction(-1, 1),), (Fraction(1, 1),)), (Fraction(0, 1), Fraction(2, 1)), (Fraction(1, 1),))
    >>> add_rows(half, [((F(1),), F(-1), wall)], None) is None
    True
    """
    if parent.vertices is not None:
        return _polygon_child(parent, rows, point, changes)
    return _dd_child(parent, rows, point, changes)


def split_neuron_dd(piece: Piece, w: Vector, c: Fraction, wall: Wall,
                    cut: tuple[IntVec, Vector]) -> list[Piece]:
    """:func:`~polyexact.cells.split.split_neuron` for a double description: both sides of one cut.

    ``cut`` is the primitive integer row of ``⟨w, x⟩ <= −c`` and ``−w``. Returns the inactive
    child first; a wall that misses the interior gives the piece itself with its bit.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.certificates.cell import Wall
    >>> from polyexact.cells.cut import split_neuron_dd
    >>> from polyexact.cells.piece import Piece
    >>> line = Piece.space(1)
    >>> wall = Wall("neuron", 0, neuron=0)
    >>> off, on = split_neuron_dd(line, (F(2),), F(-1), wall, ((2, 1), (F(-2),)))
    >>> off.active, off.point, off.A, off.b
    ((False,), (Fraction(0, 1),), ((Fraction(2, 1),),), (Fraction(1, 1),))
    >>> on.active, on.point, on.A, on.b
    ((True,), (Fraction(3, 2),), ((Fraction(-2, 1),),), (Fraction(-1, 1),))
    """
    dd = piece.dd
    assert dd is not None
    row, neg_w = cut
    sides = split(dd, row)
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
