"""Newton polytopes, lifted polytopes and upper vertices (max-plus, docs/theory.md §2)."""

from __future__ import annotations

from collections.abc import Sequence

from polyexact.errors import ShapeError
from polyexact.numbers import RationalLike, Vector, parse_rational
from polyexact.polyhedra import HPolyhedron, polyhedron_from_points, vertex_indices

__all__ = ["lift_points", "lifted_polytope", "newton_polytope", "upper_vertices"]

PointsLike = Sequence[Sequence[RationalLike]]


def lift_points(
    points: PointsLike,
    heights: Sequence[RationalLike] | None = None,
    *,
    field: str = "points",
    heights_field: str = "heights",
) -> list[Vector]:
    """Return the points as exact vectors, lifted to ``(a_j, β_j)`` when heights are given.

    Raises
    ------
    ShapeError
        If there are no points, the points differ in dimension, or there is not one height per
        point.

    Examples
    --------
    >>> from polyexact.tropical import lift_points
    >>> lift_points([[1, "1/2"]], ["-3"])
    [(Fraction(1, 1), Fraction(1, 2), Fraction(-3, 1))]
    """
    if not points:
        raise ShapeError("expected at least one point, found none", field=field)
    dim = len(points[0])
    out: list[Vector] = []
    for j, p in enumerate(points):
        if len(p) != dim:
            raise ShapeError(f"expected {dim} entries, found {len(p)}", field=f"{field}[{j}]")
        out.append(tuple(parse_rational(x, f"{field}[{j}][{k}]") for k, x in enumerate(p)))
    if heights is None:
        return out
    if len(heights) != len(points):
        raise ShapeError(
            f"expected one height per point ({len(points)}), found {len(heights)}",
            field=heights_field,
        )
    return [
        (*p, parse_rational(h, f"{heights_field}[{j}]"))
        for j, (p, h) in enumerate(zip(out, heights, strict=True))
    ]


def newton_polytope(points: PointsLike) -> HPolyhedron:
    """Return ``conv{a_j}``, the Newton polytope of ``max_j (<a_j, x> + β_j)``.

    Examples
    --------
    >>> from polyexact.tropical import newton_polytope
    >>> newton_polytope([[0, 0], [1, 0], [0, 1]]).dim
    2
    """
    return polyhedron_from_points(lift_points(points))


def lifted_polytope(points: PointsLike, heights: Sequence[RationalLike]) -> HPolyhedron:
    """Return ``conv{(a_j, β_j)}`` in R^{d+1}, the lifted (extended) Newton polytope.

    Examples
    --------
    >>> from polyexact.tropical import lifted_polytope
    >>> lifted_polytope([[0], [1], [2]], [0, 1, 0]).dim
    2
    """
    return polyhedron_from_points(lift_points(points, heights))


def upper_vertices(points: PointsLike, heights: Sequence[RationalLike]) -> list[int]:
    r"""Return the indices of the points whose lifts are vertices of the upper hull.

    Point ``points[j]`` is lifted to ``(points[j], heights[j])``. Its routing cell
    $\{x : \langle a_j, x\rangle + \beta_j \ge \langle a_l, x\rangle + \beta_l\ \forall l\}$
    is full-dimensional exactly when the lift is a vertex of the upper hull.

    Parameters
    ----------
    points : sequence of rational vectors
        The sites, all of one dimension d >= 1.
    heights : sequence of rationals
        One height per point.

    Returns
    -------
    list of int
        Sorted 0-based indices; among equal lifts only the lowest index is kept.

    Raises
    ------
    ShapeError
        If the points differ in dimension or there is not one height per point.

    See Also
    --------
    lifted_polytope, polyexact.tropical.minkowski_sum

    Notes
    -----
    The upper vertices are the vertices of ``conv{(a_j, β_j)} + cone{-e_{d+1}}`` (cddlib's exact
    redundancy test on generators). Max-plus convention (docs/theory.md §2).

    Examples
    --------
    >>> from polyexact.tropical import upper_vertices
    >>> upper_vertices([[0], [1], [2]], [0, 0, 0])
    [0, 2]
    >>> upper_vertices([[0], [1], [2]], [0, 1, 0])
    [0, 1, 2]
    """
    lifted = lift_points(points, heights)
    down = tuple(parse_rational(-int(k == len(lifted[0]) - 1)) for k in range(len(lifted[0])))
    return vertex_indices(lifted, rays=[down])
