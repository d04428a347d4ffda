r"""Coverage evidence: exact volumes proving that no pattern cell is missing.

Setting. ``D`` is the (full-dimensional, convex) domain and ``C_1, ..., C_n`` closed
full-dimensional polyhedra inside ``D`` with pairwise disjoint interiors (the verifier has
already checked that each ``C_i`` is the closure of a pattern's set and that the patterns are
pairwise distinct: a point has one pattern, so the interiors cannot meet).

Bounded domain. If ``Σ vol(C_i) = vol(D)`` then ``∪ C_i = D``: the set ``D \ ∪ C_i`` is open
in ``D`` (the union is closed) and has measure 0, and a non-empty relatively open subset of a
full-dimensional convex set has positive measure. So every point of ``D`` lies in a listed cell,
and a full-dimensional pattern cell that was not listed would share interior points with a
listed one, i.e. one point would have two patterns.

Unbounded domain (``"all"`` or an unbounded polytope). Volumes are infinite, so a box ``B`` is
chosen whose interior contains a point of every minimal face of every cell and of ``D`` (these
are the points of their V-representations; a minimal face is a vertex, or a translate of the
lineality space). Then ``Σ vol(C_i ∩ B) = vol(D ∩ B)`` proves ``∪ C_i = D``. Suppose the
complement ``U = D \ ∪ C_i`` were non-empty. It is open in ``D``, and its closure is a finite
union of polyhedra cut out by the cells' facet hyperplanes and ``D``'s; every boundary point of
``U`` lies on a face of some cell or of ``D``. Take a point ``w`` of ``∂U`` on a face ``G``
chosen of the smallest possible dimension; around ``w`` the picture is unchanged along the
relative interior of ``G`` (the local cones of all polyhedra through ``w`` are constant there),
so ``∂U`` contains the whole face, in particular a point of a minimal face of that cell or of
``D`` — and that point lies in ``int B``. Near it ``U`` has interior points inside ``B``, which
contradicts ``vol(D ∩ B) = Σ vol(C_i ∩ B)`` exactly as in the bounded case.

All volumes are exact (:func:`polyexact.polyhedra.volume`); the box has integer bounds.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

from polyexact.errors import InternalCheckError
from polyexact.models import Domain
from polyexact.numbers import Matrix, Vector
from polyexact.polyhedra import HPolyhedron, volume
from polyexact.polyhedra.polygon import polygon_area, polygon_from_rows

__all__ = [
    "Box",
    "box_rows",
    "cell_volumes",
    "clipped_volume",
    "coverage_box",
    "is_bounded_domain",
    "minimal_face_points",
    "strictly_inside_box",
]

#: Per coordinate ``(lo, hi)``.
Box = tuple[tuple[Fraction, Fraction], ...]


def is_bounded_domain(domain: Domain, d: int) -> bool:
    """Whether the domain is a polytope (a box, or a bounded ``A x <= b``).

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.models import box_domain, whole_space
    >>> from polyexact.cells.coverage import is_bounded_domain
    >>> is_bounded_domain(box_domain([(F(0), F(1))]), 1), is_bounded_domain(whole_space(), 1)
    (True, False)
    """
    if domain.kind == "all":
        return False
    if domain.kind == "box":
        return True
    return HPolyhedron(tuple(domain.A), tuple(domain.b), d).is_bounded


def minimal_face_points(A: Matrix, b: Vector, d: int) -> list[Vector]:
    """One point of every minimal face of ``{A x <= b}`` (its V-representation's points).

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.cells.coverage import minimal_face_points
    >>> minimal_face_points(((F(-1), F(0)),), (F(-2),), 2)
    [(Fraction(2, 1), Fraction(0, 1))]
    >>> minimal_face_points(((F(1), F(0)), (F(0), F(1))), (F(0), F(0)), 2)
    [(Fraction(0, 1), Fraction(0, 1))]
    """
    points = list(HPolyhedron(tuple(A), tuple(b), d).vertices)
    if not points and all(x == 0 for x in b):
        # a cone's V-representation lists only rays: its apex, the origin, is implicit
        points = [(Fraction(0),) * d]
    if not points and not HPolyhedron(tuple(A), tuple(b), d).is_empty:
        raise InternalCheckError("a non-empty polyhedron has no point in its V-representation")
    return points


def coverage_box(polyhedra: Sequence[tuple[Matrix, Vector]], d: int) -> Box:
    """Return an integer box whose interior contains every minimal-face point of every polyhedron.

    Parameters
    ----------
    polyhedra : sequence of (A, b)
        Polyhedra ``{A x <= b}`` in ``R^d`` (the cells and the domain).
    d : int
        Dimension.

    Returns
    -------
    Box
        ``[floor(min) - 1, ceil(max) + 1]`` per coordinate over all those points.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.cells.coverage import coverage_box
    >>> [tuple(map(str, p)) for p in coverage_box([(((F(1),),), (F(1, 2),))], 1)]
    [('-1', '2')]
    """
    lo: list[Fraction | None] = [None] * d
    hi: list[Fraction | None] = [None] * d
    for A, b in polyhedra:
        for p in minimal_face_points(A, b, d):
            for k, x in enumerate(p):
                lo_k, hi_k = lo[k], hi[k]
                lo[k] = x if lo_k is None or x < lo_k else lo_k
                hi[k] = x if hi_k is None or x > hi_k else hi_k
    return tuple(
        (Fraction(math.floor(low if low is not None else 0) - 1),
         Fraction(math.ceil(high if high is not None else 0) + 1))
        for low, high in zip(lo, hi, strict=True)
    )


def box_rows(box: Box) -> tuple[Matrix, Vector]:
    """Return the box as ``A x <= b`` (two rows per coordinate).

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.cells.coverage import box_rows
    >>> A, b = box_rows(((F(-1), F(2)),))
    >>> [str(r[0]) for r in A], [str(x) for x in b]
    (['1', '-1'], ['2', '1'])
    """
    d = len(box)
    rows: list[Vector] = []
    rhs: list[Fraction] = []
    for k, (low, high) in enumerate(box):
        e = tuple(Fraction(int(i == k)) for i in range(d))
        rows += [e, tuple(-x for x in e)]
        rhs += [high, -low]
    return tuple(rows), tuple(rhs)


def clipped_volume(A: Matrix, b: Vector, d: int, box: Box | None) -> Fraction:
    """Exact volume of ``{A x <= b}``, intersected with ``box`` when one is given.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.cells.coverage import clipped_volume
    >>> clipped_volume(((F(-1),),), (F(0),), 1, ((F(-1), F(3)),))
    Fraction(3, 1)
    """
    if box is not None:
        bA, bb = box_rows(box)
        A, b = (*A, *bA), (*b, *bb)
    return volume(HPolyhedron(tuple(A), tuple(b), d))


def strictly_inside_box(point: Sequence[Fraction], box: Box) -> bool:
    """Whether ``lo < x_k < hi`` for every coordinate.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.cells.coverage import strictly_inside_box
    >>> box = ((F(0), F(1)), (F(0), F(1)))
    >>> strictly_inside_box((F(1, 2), F(1, 3)), box), strictly_inside_box((F(1), F(1, 2)), box)
    (True, False)
    """
    return all(low < x < high for x, (low, high) in zip(point, box, strict=True))


def cell_volumes(cells: Sequence[tuple[Matrix, Vector]], domain: Domain, d: int,
                 box: Box | None) -> list[Fraction]:
    """Exact volumes of cells lying in the domain, each clipped to ``box`` when one is given.

    Equal to ``clipped_volume`` of every cell for cells inside the domain (the verifier checks
    that first). In the plane the domain's bounding box is computed once and each cell is a few
    exact integer cuts of it (:mod:`polyexact.polyhedra.polygon`); elsewhere Lasserre's
    recursion.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.models import box_domain
    >>> from polyexact.cells.coverage import cell_volumes
    >>> dom = box_domain([(F(0), F(1)), (F(0), F(1))])
    >>> cell_volumes([(((F(1), F(1)),), (F(1),))], dom, 2, None)
    [Fraction(1, 2)]
    """
    if d != 2:
        return [clipped_volume(A, b, d, box) for A, b in cells]
    dA, db = tuple(domain.A), tuple(domain.b)
    if box is not None:
        bA, bb = box_rows(box)
        dA, db = (*dA, *bA), (*db, *bb)
    elif not is_bounded_domain(domain, d):
        raise ValueError("an unbounded domain needs a box")
    outer = polygon_from_rows(dA, db)
    if outer is None:
        return [Fraction(0)] * len(cells)
    xs = [Fraction(v[0], v[2]) for v in outer[0]]
    ys = [Fraction(v[1], v[2]) for v in outer[0]]
    bounds = [(min(xs) - 1, max(xs) + 1), (min(ys) - 1, max(ys) + 1)]
    out: list[Fraction] = []
    for A, b in cells:
        poly = polygon_from_rows((*dA, *A), (*db, *b), bounds)
        out.append(Fraction(0) if poly is None else polygon_area(poly))
    return out
