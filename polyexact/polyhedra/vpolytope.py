"""V-side of the polyhedra layer: extreme points, the edge graph, and V→H conversion.

Every function takes exact points (``Fraction`` vectors) and returns indices into the input, so
callers keep their own labels. Duplicated points: only the lowest index is ever reported.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from polyexact.errors import ShapeError
from polyexact.numbers import RationalLike, Vector
from polyexact.polyhedra import _cdd
from polyexact.polyhedra.hpolyhedron import HPolyhedron

__all__ = ["polyhedron_from_points", "vertex_adjacency", "vertex_indices"]

Points = Sequence[Sequence[RationalLike]]


def _check(points: Points, rays: Points) -> int:
    if not points:
        raise ShapeError("expected at least one point, found none", field="points")
    dim = len(points[0])
    for name, vecs in (("points", points), ("rays", rays)):
        for i, p in enumerate(vecs):
            if len(p) != dim:
                raise ShapeError(f"expected {dim} entries, found {len(p)}", field=f"{name}[{i}]")
    return dim


def _first_copies(points: Sequence[Vector]) -> list[int]:
    """Indices of the first occurrence of every distinct point, in input order."""
    seen: dict[tuple[Fraction, ...], int] = {}
    for i, p in enumerate(points):
        seen.setdefault(tuple(p), i)
    return sorted(seen.values())


def vertex_indices(points: Points, *, rays: Points = ()) -> list[int]:
    """Return the indices of the points that are vertices of ``conv(points) + cone(rays)``.

    Parameters
    ----------
    points : sequence of rational vectors
        At least one point; all of one dimension. Lower-dimensional sets are fine: a vertex is a
        vertex of the polytope in its affine hull.
    rays : sequence of rational vectors, optional
        Recession directions (e.g. ``(0, ..., 0, -1)`` to keep only the upper hull).

    Returns
    -------
    list of int
        Sorted 0-based indices; among equal points only the lowest index is kept.

    Examples
    --------
    >>> from polyexact.polyhedra import vertex_indices
    >>> vertex_indices([[0, 0], [1, 0], [1, 0], [0, 1], [1, 1], ["1/2", "1/2"]])
    [0, 1, 3, 4]
    >>> vertex_indices([[0, 0], [1, 1], [2, 2]])
    [0, 2]
    >>> vertex_indices([[0, 0], [1, 1], [2, 0]], rays=[[0, -1]])
    [0, 1, 2]
    >>> vertex_indices([[0, 0], [1, -1], [2, 0]], rays=[[0, -1]])
    [0, 2]
    """
    from polyexact.numbers import parse_rational

    _check(points, rays)
    pts = [tuple(parse_rational(x) for x in p) for p in points]
    rs = [tuple(parse_rational(x) for x in r) for r in rays]
    firsts = _first_copies(pts)
    redundant = _cdd.v_redundant_rows([pts[i] for i in firsts], rs)
    return [i for k, i in enumerate(firsts) if k not in redundant]


def vertex_adjacency(points: Points, *, rays: Points = ()) -> dict[int, frozenset[int]]:
    """Return the edge graph of ``conv(points) + cone(rays)`` on its vertices.

    Returns
    -------
    dict of int to frozenset of int
        For every vertex index (as in :func:`vertex_indices`), the indices of the vertices
        joined to it by a (bounded) edge. Edges to rays are not reported.

    Examples
    --------
    >>> from polyexact.polyhedra import vertex_adjacency
    >>> square = [[0, 0], [1, 0], [0, 1], [1, 1], ["1/2", "1/2"]]
    >>> {v: sorted(n) for v, n in vertex_adjacency(square).items()}
    {0: [1, 2], 1: [0, 3], 2: [0, 3], 3: [1, 2]}
    >>> vertex_adjacency([[5, 5]])
    {0: frozenset()}
    """
    from polyexact.numbers import parse_rational

    _check(points, rays)
    pts = [tuple(parse_rational(x) for x in p) for p in points]
    rs = [tuple(parse_rational(x) for x in r) for r in rays]
    verts = vertex_indices(pts, rays=rs)
    kept_rays = [r for k, r in enumerate(rs) if k + len(pts) not in _cdd.v_redundant_rows(pts, rs)]
    adjacency = _cdd.v_adjacency([pts[i] for i in verts], kept_rays)
    return {
        v: frozenset(verts[k] for k in adjacency[pos] if k < len(verts))
        for pos, v in enumerate(verts)
    }


def polyhedron_from_points(points: Points, *, rays: Points = ()) -> HPolyhedron:
    """Return ``conv(points) + cone(rays)`` as an irredundant :class:`HPolyhedron`.

    Implicit equalities of a lower-dimensional hull appear as two opposite rows.

    Examples
    --------
    >>> from polyexact.polyhedra import polyhedron_from_points, volume
    >>> triangle = polyhedron_from_points([[0, 0], [2, 0], [0, 2], [1, 1]])
    >>> volume(triangle), len(triangle.A)
    (Fraction(2, 1), 3)
    >>> polyhedron_from_points([[0, 0], [1, 1]]).dim
    1
    """
    from polyexact.numbers import parse_rational

    dim = _check(points, rays)
    pts = [tuple(parse_rational(x) for x in p) for p in points]
    rs = [tuple(parse_rational(x) for x in r) for r in rays]
    A, b, equalities = _cdd.v_inequalities(pts, rs)
    rows: list[Vector] = list(A)
    rhs: list[Fraction] = list(b)
    for i in equalities:
        rows.append(tuple(-x for x in A[i]))
        rhs.append(-b[i])
    return HPolyhedron(tuple(rows), tuple(rhs), dim)
