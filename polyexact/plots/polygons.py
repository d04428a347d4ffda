"""Exact 2-D polygons of cells, clipped to a common bounding box (layer 6, drawing support).

Unbounded cells cannot be drawn; they are cut by one box, the window. The automatic window
(:func:`arrangement_window`) is the bounded part of the arrangement, every vertex of every cell,
plus a margin, so the picture shows all the bounded structure at a readable scale.
The cut is exact (the box's rows are added to the cell's inequalities and cdd lists the vertices);
floats appear only when the polygon is handed to matplotlib.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from polyexact.errors import ShapeError
from polyexact.numbers import Matrix, Vector
from polyexact.polyhedra import HPolyhedron

__all__ = ["Box", "arrangement_window", "bounding_box", "box_rows", "clipped_vertices"]

Box = tuple[tuple[Fraction, Fraction], tuple[Fraction, Fraction]]
"""``((x_lo, x_hi), (y_lo, y_hi))``."""

_ONE = Fraction(1)


def bounding_box(
    polyhedra: Sequence[HPolyhedron],
    extra_points: Sequence[Vector] = (),
    *,
    margin: Fraction = Fraction(1, 4),
) -> Box:
    """Return a box containing every vertex of ``polyhedra`` and every point of ``extra_points``.

    Each side is widened by ``margin`` times the box's larger extent (or by 1 when every point is
    the same), so unbounded cells keep a visible piece beyond the last vertex.

    Raises
    ------
    ShapeError
        If a polyhedron or point is not 2-dimensional, or there is no point at all.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.polyhedra import polyhedron_from_inequalities
    >>> quadrant = polyhedron_from_inequalities([[-1, 0], [0, -1]], [0, 0])
    >>> [[str(c) for c in side] for side in bounding_box([quadrant])]
    [['-1', '1'], ['-1', '1']]
    >>> [[str(c) for c in side] for side in bounding_box([], [(F(0), F(0)), (F(2), F(1))])]
    [['-1/2', '5/2'], ['-1/2', '3/2']]
    """
    points: list[Vector] = []
    for poly in polyhedra:
        if poly.ambient_dim != 2:
            raise ShapeError(f"expected a 2-D polyhedron, found dimension {poly.ambient_dim}")
        points.extend(poly.vertices)
        if not poly.vertices and all(c == 0 for c in poly.b):
            # cdd lists no point for a homogeneous system: its apex, the origin, is implied
            points.append((Fraction(0), Fraction(0)))
    for p in extra_points:
        if len(p) != 2:
            raise ShapeError(f"expected a 2-D point, found {len(p)} coordinates")
        points.append(tuple(p))
    if not points:
        raise ShapeError("nothing to bound: no vertex and no point")
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    extent = max(max(xs) - min(xs), max(ys) - min(ys))
    pad = margin * extent if extent > 0 else _ONE
    return ((min(xs) - pad, max(xs) + pad), (min(ys) - pad, max(ys) + pad))


def arrangement_window(
    polyhedra: Sequence[HPolyhedron], *, margin: Fraction = Fraction(1, 4)
) -> Box:
    """Return the automatic window of a 2-D partition: every cell vertex, plus a margin.

    A cell without a vertex (a half-plane, a strip, the whole plane) adds, for each of its
    walls, the wall's point nearest the origin, so parallel walls stay in view; with no point
    at all the window is ``[-1, 1]²``. Interior points are not used: an unbounded cell's interior
    point may lie far out and would shrink the structure to a dot.

    Parameters
    ----------
    polyhedra : sequence of HPolyhedron
        The 2-D cells.
    margin : Fraction
        Each side is widened by this fraction of the larger extent (by 1 if the extent is 0).

    Returns
    -------
    Box
        ``((x_lo, x_hi), (y_lo, y_hi))``, exact.

    Examples
    --------
    Two walls x = 0 and y = 0 meeting at the origin (four quadrants), and two parallel walls
    x = 0 and x = 2 (three strips):

    >>> from polyexact.polyhedra import polyhedron_from_inequalities as H
    >>> quadrants = [H([[sx, 0], [0, sy]], [0, 0]) for sx in (1, -1) for sy in (1, -1)]
    >>> [[str(c) for c in side] for side in arrangement_window(quadrants)]
    [['-1', '1'], ['-1', '1']]
    >>> strips = [H([[1, 0]], [0]), H([[-1, 0], [1, 0]], [0, 2]), H([[-1, 0]], [-2])]
    >>> [[str(c) for c in side] for side in arrangement_window(strips)]
    [['-1/2', '5/2'], ['-1/2', '1/2']]
    """
    points: list[Vector] = []
    for poly in polyhedra:
        if poly.ambient_dim != 2:
            raise ShapeError(f"expected a 2-D polyhedron, found dimension {poly.ambient_dim}")
        if poly.vertices:
            points.extend(poly.vertices)
            continue
        for a, b in zip(poly.A, poly.b, strict=True):
            norm = a[0] * a[0] + a[1] * a[1]
            if norm:
                points.append((b * a[0] / norm, b * a[1] / norm))
    if not points:
        points.append((Fraction(0), Fraction(0)))
    return bounding_box([], points, margin=margin)


def box_rows(box: Box) -> tuple[Matrix, Vector]:
    """Return ``(A, b)`` with ``A x <= b`` the box.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> A, b = box_rows(((F(0), F(1)), (F(0), F(2))))
    >>> [str(c) for c in b]
    ['1', '0', '2', '0']
    """
    (x_lo, x_hi), (y_lo, y_hi) = box
    zero = Fraction(0)
    A = ((_ONE, zero), (-_ONE, zero), (zero, _ONE), (zero, -_ONE))
    return A, (x_hi, -x_lo, y_hi, -y_lo)


def clipped_vertices(poly: HPolyhedron, box: Box, *, always: bool = False) -> list[Vector]:
    """Return the exact vertices of ``poly ∩ box`` (``poly``'s own when bounded, unless ``always``).

    The result may have fewer than 3 points when ``poly`` meets the box in a point, a segment
    or not at all.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.polyhedra import polyhedron_from_inequalities
    >>> half_plane = polyhedron_from_inequalities([[1, 1]], [0])
    >>> sorted(tuple(map(str, v)) for v in clipped_vertices(half_plane, ((F(-1), F(1)),) * 2))
    [('-1', '-1'), ('-1', '1'), ('1', '-1')]
    """
    if poly.ambient_dim != 2:
        raise ShapeError(f"expected a 2-D polyhedron, found dimension {poly.ambient_dim}")
    if poly.is_bounded and not always:
        return list(poly.vertices)
    A, b = box_rows(box)
    return list(HPolyhedron(poly.A + A, poly.b + b, 2).vertices)
