r"""Labelled vertices of Minkowski sums, output-sensitively (docs/theory.md §3).

A *label* ``(j_1, ..., j_H)`` names the vertex ``p^(1)_{j_1} + ... + p^(H)_{j_H}`` of
``P_1 + ... + P_H`` (``P_h`` the convex hull of set ``h``, lifted by its heights if any). It is a
vertex exactly when some direction ``u`` is maximised over every ``P_h`` at ``p^(h)_{j_h}`` alone:

    ⟨u, p^(h)_{j_h} - p^(h)_l⟩ > 0   for every h and every l with p^(h)_l != p^(h)_{j_h}.

Lower-dimensional sets: "vertex" means a vertex of the sum in its affine hull; the strict
inequalities are asked only against points that differ, so the lineality of the normal fan is
harmless. Duplicated points: only the lowest index can appear in a label (docs/theory.md §5,
rule 1).
Upper hull (``upper=True``): additionally ``u_{d+1} > 0``, so the label's joint routing cell
``{x : (x, 1) ∈ cone}`` is full-dimensional.

The enumeration grows label prefixes: a prefix is extended only while its exact LP is feasible.
The children of a prefix in summand ``k`` are the vertices of ``P_k`` whose normal cones meet the
prefix's open cone ``C``; they form a connected subgraph of the edge graph of ``P_k`` (a segment
between two of them inside the convex ``C`` crosses cones through facets), so a search from the
vertex maximising the prefix's witness ``u`` finds them all, testing only their neighbours.
Each LP uses the edge directions at the chosen vertices only (a vertex's normal cone is cut out
by its edges), so LPs stay small.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction

from polyexact.errors import InputError, ShapeError
from polyexact.numbers import RationalLike, Vector, dot
from polyexact.polyhedra import feasible_point, vertex_adjacency, vertex_indices
from polyexact.tropical.newton import lift_points

__all__ = [
    "MinkowskiSum",
    "iter_minkowski_labels",
    "minkowski_labels_brute_force",
    "minkowski_sum",
]

_ONE = Fraction(1)


@dataclass(frozen=True)
class MinkowskiSum:
    """The vertices of ``P_1 + ... + P_H`` with their labels (sorted by label).

    ``vertices[i]`` is the exact point (lifted, in R^{d+1}, when heights were given) and
    ``labels[i]`` the 0-based index chosen in every summand.

    Attributes
    ----------
    vertices : tuple of Vector
        The vertices, index-aligned with ``labels``.
    labels : tuple of label tuples
        ``labels[i][h]`` is the point of set ``h`` whose sum is ``vertices[i]``.

    See Also
    --------
    minkowski_sum, iter_minkowski_labels

    Examples
    --------
    >>> from polyexact.tropical import minkowski_sum
    >>> square = minkowski_sum([[[0, 0], [1, 0]], [[0, 0], [0, 1]]])
    >>> square.n_vertices, square.labels
    (4, ((0, 0), (0, 1), (1, 0), (1, 1)))
    >>> square.vertices[3]
    (Fraction(1, 1), Fraction(1, 1))
    """

    vertices: tuple[Vector, ...]
    labels: tuple[tuple[int, ...], ...]

    @property
    def n_vertices(self) -> int:
        """The number of vertices."""
        return len(self.labels)


@dataclass(frozen=True)
class _Summand:
    points: list[Vector]
    vertices: list[int]
    # edge directions p_j - p_l at every vertex j (the rows of its open normal cone)
    edges: dict[int, list[Vector]]
    adjacency: dict[int, frozenset[int]]


def _prepare(
    sets: Sequence[Sequence[Sequence[RationalLike]]],
    heights: Sequence[Sequence[RationalLike]] | None,
    upper: bool,
) -> tuple[list[list[Vector]], int]:
    if not sets:
        raise ShapeError("expected at least one point set, found none", field="sets")
    if upper and heights is None:
        raise InputError("the upper hull needs heights", field="heights")
    if heights is not None and len(heights) != len(sets):
        raise ShapeError(f"expected {len(sets)} lists of heights, found {len(heights)}",
                         field="heights")
    lifted = [
        lift_points(s, None if heights is None else heights[h], field=f"sets[{h}]",
                    heights_field=f"heights[{h}]")
        for h, s in enumerate(sets)
    ]
    dim = len(lifted[0][0])
    for h, pts in enumerate(lifted):
        if len(pts[0]) != dim:
            raise ShapeError(f"expected points of dimension {dim}, found {len(pts[0])}",
                             field=f"sets[{h}][0]")
    return lifted, dim


def _summand(points: list[Vector], upper: bool) -> _Summand:
    dim = len(points[0])
    rays = [tuple(Fraction(-int(k == dim - 1)) for k in range(dim))] if upper else []
    verts = vertex_indices(points, rays=rays)
    adjacency = vertex_adjacency(points, rays=rays)
    edges = {
        j: [tuple(a - b for a, b in zip(points[j], points[l], strict=True)) for l in adjacency[j]]
        for j in verts
    }
    return _Summand(points, verts, edges, adjacency)


def _witness(rows: list[Vector], dim: int, upper: bool) -> Vector | None:
    """An exact u with ⟨u, e⟩ >= 1 for every row e (and u_last >= 1 when upper), or None."""
    A = [tuple(-x for x in e) for e in rows]
    b = [-_ONE] * len(rows)
    if upper:
        A.append(tuple(-_ONE if k == dim - 1 else Fraction(0) for k in range(dim)))
        b.append(-_ONE)
    return feasible_point(A, b, dim)


def _unique_argmax(s: _Summand, u: Vector) -> int | None:
    """The vertex of ``s`` maximising u, if unique with positive margin on its edges."""
    best = max(s.vertices, key=lambda j: dot(u, s.points[j]))
    if all(dot(u, e) > 0 for e in s.edges[best]):
        return best
    return None


def _rescale(u: Vector, rows: list[Vector]) -> Vector:
    """Scale u (by a factor >= 1) so that every row has ⟨u, e⟩ >= 1; all must be positive."""
    low = min((dot(u, e) for e in rows), default=_ONE)
    return u if low >= 1 else tuple(x / low for x in u)


def _children(
    s: _Summand, rows: list[Vector], u: Vector, dim: int, upper: bool
) -> Iterator[tuple[int, Vector, list[Vector]]]:
    """Yield ``(j, witness, rows)`` for every vertex j of ``s`` extending the prefix (rows, u)."""
    start = _unique_argmax(s, u)
    if start is not None:
        first: tuple[int, Vector] | None = (start, _rescale(u, rows + s.edges[start]))
    else:
        # u lies on a wall of P_k's fan but inside the open prefix cone: any maximiser is a child
        j = max(s.vertices, key=lambda v: dot(u, s.points[v]))
        w = _witness(rows + s.edges[j], dim, upper)
        first = None if w is None else (j, w)
    if first is None:
        return
    seen = {first[0]}
    queue = deque([first])
    while queue:
        j, w = queue.popleft()
        yield j, w, rows + s.edges[j]
        for l in sorted(s.adjacency[j] - seen):
            seen.add(l)
            wl = _witness(rows + s.edges[l], dim, upper)
            if wl is not None:
                queue.append((l, wl))


def iter_minkowski_labels(
    sets: Sequence[Sequence[Sequence[RationalLike]]],
    heights: Sequence[Sequence[RationalLike]] | None = None,
    *,
    upper: bool = False,
) -> Iterator[tuple[int, ...]]:
    """Yield the label of every vertex of the Minkowski sum (upper vertices with ``upper``).

    Parameters and conventions as in :func:`minkowski_sum`; labels come in search order.

    Examples
    --------
    >>> from polyexact.tropical import iter_minkowski_labels
    >>> sorted(iter_minkowski_labels([[[0, 0], [1, 0]], [[0, 0], [0, 1]]]))
    [(0, 0), (0, 1), (1, 0), (1, 1)]
    """
    lifted, dim = _prepare(sets, heights, upper)
    summands = [_summand(pts, upper) for pts in lifted]
    start = tuple(Fraction(int(upper and k == dim - 1)) for k in range(dim))
    stack: list[tuple[tuple[int, ...], list[Vector], Vector]] = [((), [], start)]
    while stack:
        prefix, rows, u = stack.pop()
        k = len(prefix)
        for j, w, new_rows in _children(summands[k], rows, u, dim, upper):
            if k + 1 == len(summands):
                yield (*prefix, j)
            else:
                stack.append(((*prefix, j), new_rows, w))


def _vertex(lifted: list[list[Vector]], label: tuple[int, ...]) -> Vector:
    dim = len(lifted[0][0])
    return tuple(sum((lifted[h][j][k] for h, j in enumerate(label)), Fraction(0))
                 for k in range(dim))


def minkowski_sum(
    sets: Sequence[Sequence[Sequence[RationalLike]]],
    heights: Sequence[Sequence[RationalLike]] | None = None,
    *,
    upper: bool = False,
) -> MinkowskiSum:
    """Return the labelled vertices of ``conv(sets[0]) + ... + conv(sets[H-1])``.

    Parameters
    ----------
    sets : sequence of point lists
        H >= 1 lists of points, all of one dimension d; lists may differ in length, contain
        duplicates, interior points, or span a lower-dimensional affine space.
    heights : sequence of rational lists, optional
        One height per point of every set; the sets are then lifted to R^{d+1}.
    upper : bool
        Keep only vertices of the upper hull (outer normal with positive last coordinate): the
        full-dimensional joint routing cells of ``x ↦ Σ_h max_j (<a^(h)_j, x> + β^(h)_j)``.

    Returns
    -------
    MinkowskiSum
        Vertices and labels, sorted by label.

    Raises
    ------
    ShapeError
        Empty input, mixed dimensions, heights of the wrong shape.
    InputError
        ``upper`` without heights.

    See Also
    --------
    minkowski_labels_brute_force, polyexact.tropical.normal_fan

    Notes
    -----
    Output-sensitive (module docstring): roughly one small exact LP per vertex of every partial
    sum ``P_1 + ... + P_k`` plus one per non-extending neighbour; never the hull of all N^H sums.

    Examples
    --------
    >>> from polyexact.tropical import minkowski_sum
    >>> square = minkowski_sum([[[0, 0], [1, 0]], [[0, 0], [0, 1]]])
    >>> square.n_vertices, square.labels[3], square.vertices[3]
    (4, (1, 1), (Fraction(1, 1), Fraction(1, 1)))
    >>> # max(0, x, 2x - 5): three linear regions; max(0, x, 2x + 5): two
    >>> minkowski_sum([[[0], [1], [2]]], [[0, 0, -5]], upper=True).labels
    ((0,), (1,), (2,))
    >>> minkowski_sum([[[0], [1], [2]]], [[0, 0, 5]], upper=True).labels
    ((0,), (2,))
    """
    labels = sorted(iter_minkowski_labels(sets, heights, upper=upper))
    lifted, _ = _prepare(sets, heights, upper)
    return MinkowskiSum(tuple(_vertex(lifted, lab) for lab in labels), tuple(labels))


def minkowski_labels_brute_force(
    sets: Sequence[Sequence[Sequence[RationalLike]]],
    heights: Sequence[Sequence[RationalLike]] | None = None,
    *,
    upper: bool = False,
) -> list[tuple[int, ...]]:
    """Test every label tuple with one exact LP against every other point (deliberately simple).

    Independent of the edge graphs used by :func:`minkowski_sum`; for tests and benchmarks.

    Examples
    --------
    >>> from polyexact.tropical import minkowski_labels_brute_force
    >>> minkowski_labels_brute_force([[[0], [1], [1], [2]], [[0], [3]]])
    [(0, 0), (3, 1)]
    >>> minkowski_labels_brute_force([[[0, 0], [1, 0], [1, 0], [2, 0]], [[0, 0], [0, 3]]])
    [(0, 0), (0, 1), (3, 0), (3, 1)]
    """
    lifted, dim = _prepare(sets, heights, upper)
    found: list[tuple[int, ...]] = []
    for label in itertools.product(*(range(len(pts)) for pts in lifted)):
        rows: list[Vector] = []
        lowest = True
        for pts, j in zip(lifted, label, strict=True):
            # among equal points only the lowest index may appear (docs/theory.md §5, rule 1)
            if pts.index(pts[j]) != j:
                lowest = False
                break
            rows += [tuple(a - b for a, b in zip(pts[j], q, strict=True))
                     for q in pts if q != pts[j]]
        if lowest and _witness(rows, dim, upper) is not None:
            found.append(label)
    return found
