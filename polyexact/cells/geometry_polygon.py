"""The geometry of a bounded 2-D run: every piece is an exact integer vertex cycle.

Cuts are :func:`~polyexact.polyhedra.incremental.polygon.cut_polygon` on the cycle (no LP, no
redundancy test: the cut cycle's edges are the irredundant rows), interior points are the
parent's when it lies strictly inside, else the centroid, and two facets on one line overlap iff
their exact spans along a coordinate that varies on the line do.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from fractions import Fraction

from polyexact.cells.piece import (
    HyperplaneKey,
    Meet,
    Piece,
    Pieces,
    Row,
    hyperplane_key,
)
from polyexact.certificates.cell import Wall
from polyexact.numbers import Vector, dot
from polyexact.polyhedra.incremental.double_description import IntVec
from polyexact.polyhedra.incremental.polygon import (
    Polygon,
    centroid,
    cut_polygon,
    edge_span,
    int_row,
    polygon_from_rows,
)

__all__ = ["POLYGON", "PolygonGeometry"]


class PolygonGeometry:
    """:class:`~polyexact.cells.piece.PieceGeometry` of bounded 2-D pieces (``piece.vertices``).

    Edge ``i`` of a piece's vertex cycle (from vertex ``i`` to ``i + 1``) lies on row ``i``.
    Use the instance :data:`POLYGON`.

    Examples
    --------
    The unit square cut by ``x <= 1/2``:

    >>> from fractions import Fraction as F
    >>> from polyexact.cells.geometry_polygon import POLYGON
    >>> fields, keep = POLYGON.root([(F(-1), F(0)), (F(0), F(-1)), (F(1), F(0)), (F(0), F(1))],
    ...                             [F(0), F(0), F(1), F(1)], 2)
    >>> len(fields["vertices"]), keep
    (4, [0, 1, 2, 3])

    The square of a run split by ``x = 1/2``: two rectangles sharing that edge.

    >>> from polyexact.cells.engine import root
    >>> from polyexact.certificates.cell import Wall
    >>> from polyexact.models import construction
    >>> square = root(construction(2, 2, 4, 1))
    >>> w, c = (F(1), F(0)), F(-1, 2)
    >>> off, on = POLYGON.split(square, w, c, Wall("neuron", 0, neuron=0), None)
    >>> key = POLYGON.cut_key([off, on], w, c)
    >>> len(off.vertices), POLYGON.facets_meet(off, on, key)
    (4, True)
    >>> list(POLYGON.facet_pairs([off, on], [0], [1], key, POLYGON.facets_meet))
    [(0, 1)]
    """

    name = "polygon"

    def __reduce__(self) -> str:
        return "POLYGON"  # one instance, pickled by name

    def __repr__(self) -> str:
        return "POLYGON"

    def root(self, A: Sequence[Vector], b: Vector, d: int
             ) -> tuple[dict[str, object], list[int]] | None:
        """The vertex cycle of the bounded domain ``A x <= b`` in ``R^2`` and its edges' rows."""
        poly = polygon_from_rows(A, b)
        if poly is None:
            return None
        return {"vertices": poly[0], "dd": None}, list(poly[1])

    def add_rows(self, parent: Piece, rows: Sequence[Row], point: Vector | None,
                 changes: dict[str, object]) -> Piece | None:
        """Exact cuts of the vertex cycle, one row after the other."""
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

    def split(self, piece: Piece, w: Vector, c: Fraction, wall: Wall,
              cut: tuple[IntVec, Vector] | None) -> list[Piece]:
        """Each side of the line cut from the cycle; the parent's point goes to its side."""
        value = dot(w, piece.point) + c
        neg_w = cut[1] if cut is not None else tuple(-x for x in w)
        children: list[Piece] = []
        for on in (False, True):
            # inactive: ⟨w, x⟩ <= −c; active: −⟨w, x⟩ < c (closure: <=)
            row = (neg_w, c, wall) if on else (w, -c, wall)
            free = value != 0 and (value > 0) == on
            child = self.add_rows(piece, [row], piece.point if free else None,
                                  {"active": (*piece.active, on)})
            if child is not None:
                children.append(child)
        return children

    def cut_key(self, kids: Sequence[Piece], w: Vector, c: Fraction) -> HyperplaneKey:
        """The cut line's key (its edge may sit anywhere in each child's cycle)."""
        return hyperplane_key(w, -c)

    def facets_meet(self, c: Piece, e: Piece, key: HyperplaneKey) -> bool:
        """Both facets are segments of one line: they overlap in a segment iff their spans
        along a coordinate that varies on the line overlap in an open interval (exact)."""
        t = 0 if key[1] != 0 else 1
        lo_c, hi_c = _span(c, key, t)
        lo_e, hi_e = _span(e, key, t)
        return max(lo_c, lo_e) < min(hi_c, hi_e)

    def facet_pairs(self, new: Pieces, ci: Sequence[int], ck: Sequence[int],
                    key: HyperplaneKey, meet: Meet) -> Iterator[tuple[int, int]]:
        """A sweep along the line, ``O(n log n)``: each side's edges have disjoint interiors
        (their cells do), so every overlapping pair is met once, decided as :meth:`facets_meet`
        decides it (``meet`` is not needed)."""
        t = 0 if key[1] != 0 else 1
        one = sorted((*_span(new[c], key, t), c) for c in ci)
        two = sorted((*_span(new[e], key, t), e) for e in ck)
        i = j = 0
        while i < len(one) and j < len(two):
            lo_c, hi_c, c = one[i]
            lo_e, hi_e, e = two[j]
            if max(lo_c, lo_e) < min(hi_c, hi_e):
                yield c, e
            if hi_c <= hi_e:
                i += 1
            else:
                j += 1


def _span(p: Piece, key: HyperplaneKey, t: int) -> tuple[Fraction, Fraction]:
    assert p.vertices is not None
    return edge_span((p.vertices, ()), p.hyperplanes.index(key), t)


#: The polygon geometry (a bounded 2-D domain).
POLYGON = PolygonGeometry()
