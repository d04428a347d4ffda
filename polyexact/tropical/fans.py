"""Normal fans of point sets and their common refinement (docs/theory.md §3).

The (outer) normal cone of vertex ``p_j`` is ``{u : <u, p_j - p_l> >= 0 for all l}``; it is cut
out by the edge directions at ``p_j`` alone. For lower-dimensional sets every cone contains the
lineality space (the orthogonal complement of the affine hull), so cones stay full-dimensional.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from polyexact.errors import ShapeError
from polyexact.numbers import RationalLike
from polyexact.polyhedra import HPolyhedron, interior_point, vertex_adjacency, vertex_indices
from polyexact.tropical.newton import lift_points

__all__ = ["NormalFan", "common_refinement", "normal_fan"]


@dataclass(frozen=True)
class NormalFan:
    """Full-dimensional cones ``{u : A u <= 0}``, one per label (sorted by label).

    Cone ``cones[i]`` is the closed outer normal cone of the vertex named by ``labels[i]``: the
    directions ``u`` in which that vertex maximises ``⟨u, ·⟩``.

    Attributes
    ----------
    ambient_dim : int
        The dimension of the space of directions.
    labels : tuple of label tuples
        One label per maximal cone (a vertex index, or one index per summand after refinement).
    cones : tuple of HPolyhedron
        The cones, index-aligned with ``labels``.

    See Also
    --------
    normal_fan, common_refinement

    Examples
    --------
    >>> from polyexact.tropical import normal_fan
    >>> fan = normal_fan([[0], [1], ["1/2"]])
    >>> fan.n_cones, fan.labels, fan.ambient_dim
    (2, ((0,), (1,)), 1)
    >>> fan.cones[1].A
    ((Fraction(-1, 1),),)
    """

    ambient_dim: int
    labels: tuple[tuple[int, ...], ...]
    cones: tuple[HPolyhedron, ...]

    @property
    def n_cones(self) -> int:
        """The number of maximal cones."""
        return len(self.cones)


def normal_fan(
    points: Sequence[Sequence[RationalLike]],
    heights: Sequence[RationalLike] | None = None,
    *,
    upper: bool = False,
) -> NormalFan:
    """Return the outer normal fan of ``conv(points)`` (lifted by ``heights`` if given).

    With ``upper`` only the cones of upper vertices are kept, each intersected with
    ``u_{d+1} >= 0``: then ``{x : (x, 1) ∈ cone_j}`` is the routing cell of point j.

    Examples
    --------
    >>> from polyexact.tropical import normal_fan
    >>> fan = normal_fan([[0, 0], [1, 0], [0, 1], ["1/4", "1/4"]])
    >>> fan.labels, [len(c.A) for c in fan.cones]
    (((0,), (1,), (2,)), [2, 2, 2])
    """
    if upper and heights is None:
        raise ShapeError("the upper hull needs heights", field="heights")
    pts = lift_points(points, heights)
    dim = len(pts[0])
    rays = [tuple(Fraction(-int(k == dim - 1)) for k in range(dim))] if upper else []
    adjacency = vertex_adjacency(pts, rays=rays)
    cones = []
    for j in vertex_indices(pts, rays=rays):
        rows = [tuple(b - a for a, b in zip(pts[j], pts[l], strict=True))
                for l in sorted(adjacency[j])]
        if upper:
            rows.append(rays[0])
        cones.append(HPolyhedron(tuple(rows), (Fraction(0),) * len(rows), dim))
    labels = tuple((j,) for j in vertex_indices(pts, rays=rays))
    return NormalFan(dim, labels, tuple(cones))


def common_refinement(first: NormalFan, second: NormalFan) -> NormalFan:
    """Return the fan of all full-dimensional intersections ``σ ∩ τ`` (labels concatenated).

    Exact: a pair is kept when the intersection has an interior point with positive slack.

    Examples
    --------
    >>> from polyexact.tropical import common_refinement, normal_fan
    >>> fan = common_refinement(normal_fan([[0, 0], [1, 0]]), normal_fan([[0, 0], [0, 1]]))
    >>> fan.labels
    ((0, 0), (0, 1), (1, 0), (1, 1))
    """
    if first.ambient_dim != second.ambient_dim:
        raise ShapeError(f"expected fans in R^{first.ambient_dim}, found R^{second.ambient_dim}",
                         field="second")
    dim = first.ambient_dim
    labels, cones = [], []
    for la, ca in zip(first.labels, first.cones, strict=True):
        for lb, cb in zip(second.labels, second.cones, strict=True):
            A = ca.A + cb.A
            b = ca.b + cb.b
            if interior_point(A, b, dim) is not None:
                labels.append(la + lb)
                cones.append(HPolyhedron(A, b, dim))
    return NormalFan(dim, tuple(labels), tuple(cones))


