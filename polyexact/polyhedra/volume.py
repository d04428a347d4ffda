r"""Exact volume of bounded H-polytopes in any dimension (Lasserre's recursion, in integers).

For a polytope ``P = {x : A x <= b}`` with rows ``a_i x <= b_i`` and facets ``F_i``, the cones from
the origin over the facets add up, with signs, to ``P`` (the cone over ``F_i`` counts negatively
when the origin lies beyond ``a_i x = b_i``), so

    vol_d(P) = (1/d) · sum_i b_i / ||a_i|| · vol_{d-1}(F_i)
             = (1/d) · sum_i b_i / |a_ik| · vol_{d-1}(proj_k F_i),

where projecting ``F_i`` along a coordinate ``k`` with ``a_ik != 0`` multiplies its volume by
``|a_ik| / ||a_i||``; ``proj_k F_i`` is again an H-polytope (substitute ``x_k`` out of every row).
The sum may run over *any* description of ``P`` whose rows are pairwise distinct half-spaces: a
row that is not a facet meets ``P`` in a lower-dimensional face of ``(d-1)``-volume 0, and when
``P`` itself is lower-dimensional the rows through its affine hull come in opposite pairs whose
terms cancel. So no LP or redundancy test is needed for correctness, only to save work.

Every row is scaled once to a primitive integer row (``gcd = 1``) and the projections stay in
integers; primitive rows are equal exactly when they are the same half-space, so duplicates are
dropped by equality. The small dimensions use closed forms of the same sum:

- ``d = 1``: the interval's length.
- ``d = 2``: on the line of row ``i`` (foot point ``b_i a_i / |a_i|^2``, direction
  ``(-a_i2, a_i1)``) the other rows cut a parameter interval of length ``Δ_i``, and
  ``area = (1/2) sum_i b_i Δ_i / |a_i|^2``.
- ``d = 3``: every pair of non-parallel rows ``i < j`` spans a line ``L_ij`` (direction
  ``u = a_i × a_j``, a point ``(b_i (a_j × u) + b_j (u × a_i)) / |u|^2``); the other rows cut it
  to the edge ``P ∩ L_ij`` of parameter length ``Δ``, computed once for both faces ``i`` and
  ``j``. Expanding both levels of the sum (each face's area taken from its foot point) gives
  ``vol = (1/6) sum_{i<j} Δ / |u|^2 · [t_i + t_j]`` with
  ``t_i = b_i (b_j - b_i (a_i·a_j) / |a_i|^2)`` and ``t_j`` symmetric. A third row through
  ``L_ij`` that cuts face ``i`` in the same half-plane as row ``j`` would count that edge twice on
  face ``i``: only the smallest such row counts there. The loop costs ``O(m^3)`` for ``m``
  rows; above 24 rows they are first pruned to facets (one exact LP, one redundancy test).
- ``d >= 4``: the recursion, pruned to facets (one exact LP for an interior point and one exact
  redundancy test per polytope visited), down to ``d = 3``. With more than 16 facets, one exact
  vertex enumeration finds which facets meet in ridges, and each facet is described by those
  neighbours only (they are its facets, so the faces need no pruning of their own).

An unbounded non-empty face shows up as an unbounded interval or a face without edges; the
caller then decides with one LP whether ``P`` is full-dimensional (infinite volume, an error) or
not (volume 0).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from math import gcd, lcm

from polyexact.errors import DomainError
from polyexact.polyhedra import _cdd
from polyexact.polyhedra.hpolyhedron import HPolyhedron, interior_point

__all__ = ["volume", "volume_of_inequalities"]

_ZERO = Fraction(0)

#: A primitive integer row ``(a_1, ..., a_d, b)`` for ``a·x <= b``, with ``a != 0``.
IntRow = tuple[int, ...]


class _Unbounded(Exception):
    """A non-empty unbounded face was met (the caller decides what that means for ``P``)."""


def volume(poly: HPolyhedron) -> Fraction:
    r"""Return the exact d-dimensional volume of a bounded polyhedron.

    Definition: the Lebesgue measure of $\{x \in \mathbb{R}^d : A x \le b\}$; it is 0 for empty
    and lower-dimensional polytopes.

    Parameters
    ----------
    poly : HPolyhedron
        A bounded polyhedron (redundant and duplicate rows are allowed).

    Returns
    -------
    Fraction
        The exact volume.

    Raises
    ------
    DomainError
        If the polyhedron is full-dimensional and unbounded (infinite volume).

    Notes
    -----
    Lasserre's recursion over facets, in integers (module docstring). In the plane and in space
    (up to 24 rows) it needs no LP: ``O(m^2)`` resp. ``O(m^3)`` integer operations for ``m``
    rows. From ``d = 4`` on, each polytope visited costs one exact LP and one redundancy test;
    the recursion visits every flag of faces of dimension >= 3, so it suits the small
    dimensions (d <= 5 or so) polyexact works in. A polyhedron that is bounded except along a
    lower-dimensional set (a line, say) costs one more LP and has volume 0.

    Examples
    --------
    >>> from polyexact.polyhedra import polyhedron_from_inequalities, volume
    >>> triangle = polyhedron_from_inequalities([[-1, 0], [0, -1], [1, 1]], [0, 0, 1])
    >>> volume(triangle)
    Fraction(1, 2)
    >>> box = polyhedron_from_inequalities([[1, 0, 0], [-1, 0, 0], [0, 1, 0], [0, -1, 0],
    ...                                     [0, 0, 1], [0, 0, -1]], [2, 0, "1/3", 0, 3, 0])
    >>> volume(box)
    Fraction(2, 1)
    """
    if poly.ambient_dim == 0:
        return Fraction(1) if not poly.is_empty else _ZERO
    return volume_of_inequalities(poly.A, poly.b, poly.ambient_dim)


def volume_of_inequalities(
    A: Sequence[Sequence[Fraction]], b: Sequence[Fraction], dim: int
) -> Fraction:
    """Exact volume of ``{x : A x <= b}`` in R^dim, assumed bounded (see :func:`volume`).

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.polyhedra.volume import volume_of_inequalities
    >>> volume_of_inequalities([(F(1),), (F(-1),)], [F(3), F(1)], 1)
    Fraction(4, 1)
    >>> volume_of_inequalities([(F(1), F(0)), (F(-1), F(0))], [F(3), F(1)], 2)  # a strip
    Traceback (most recent call last):
    ...
    polyexact.errors.DomainError: poly: the polyhedron is unbounded: its volume is infinite
    """
    rows: dict[IntRow, None] = {}
    for a, bi in zip(A, b, strict=True):
        row = _normalise(_integer_row(a, bi))
        if row is None:
            return _ZERO  # a violated constant row: empty
        if row:
            rows[row] = None
    try:
        return _volume(list(rows), dim)
    except _Unbounded:
        # a lower-dimensional polyhedron may have unbounded faces yet measure 0 (the rows
        # ``0 <= b_i``, b_i >= 0, are left out: they hold everywhere but with slack only b_i)
        int_A = [tuple(Fraction(x) for x in r[:dim]) for r in rows]
        if interior_point(int_A, [Fraction(r[dim]) for r in rows], dim) is None:
            return _ZERO
        raise DomainError("the polyhedron is unbounded: its volume is infinite",
                          field="poly") from None


def _integer_row(a: Sequence[Fraction], bi: Fraction) -> list[int]:
    """``a·x <= bi`` times the (positive) common denominator."""
    den = lcm(*(x.denominator for x in a), bi.denominator)
    return [x.numerator * (den // x.denominator) for x in (*a, bi)]


def _normalise(row: Sequence[int]) -> IntRow | None:
    """Primitive form of an integer row; ``()`` if it holds everywhere, ``None`` if nowhere."""
    g = gcd(*row[:-1])
    if g == 0:
        return () if row[-1] >= 0 else None
    g = gcd(g, row[-1])
    return tuple(x // g for x in row)


def _volume(rows: list[IntRow], dim: int, facets_only: bool = False) -> Fraction:
    """Volume of ``{x : a·x <= b for (*a, b) in rows}``; ``facets_only``: every row is a facet."""
    if not rows:
        raise _Unbounded
    if dim == 1:
        return _length(rows)
    if dim == 2:
        return _area(rows)
    if dim == 3:
        if len(rows) > _FEW_ROWS_3D and not facets_only:
            facets = _facets(rows, dim)
            if facets is None:
                return _ZERO
            rows = facets
        return _volume_3d(rows)
    return _volume_recursive(rows, dim, facets_only)


#: Above this many rows in space, pruning to facets first (two cdd calls) pays: the edge loop
#: costs ``O(m^3)``, and faces of 4-D polytopes carry many rows that are not their facets.
_FEW_ROWS_3D = 24


def _facets(rows: list[IntRow], dim: int) -> list[IntRow] | None:
    """The rows that are facets, or ``None`` if the interior is empty (exact LPs)."""
    A = [tuple(Fraction(x) for x in r[:dim]) for r in rows]
    b = [Fraction(r[dim]) for r in rows]
    if interior_point(A, b, dim) is None:
        return None
    redundant = _cdd.redundant_rows(A, b)
    return [r for i, r in enumerate(rows) if i not in redundant]


def _length(rows: list[IntRow]) -> Fraction:
    hi: Fraction | None = None
    lo: Fraction | None = None
    for a0, bi in rows:
        bound = Fraction(bi, a0)
        if a0 > 0:
            hi = bound if hi is None else min(hi, bound)
        else:
            lo = bound if lo is None else max(lo, bound)
    if lo is not None and hi is not None:
        return max(hi - lo, _ZERO)
    raise _Unbounded


def _area(rows: list[IntRow]) -> Fraction:
    """``(1/2) sum_i b_i Δ_i / |a_i|^2`` (module docstring)."""
    total = _ZERO
    for i, (p, q, bi) in enumerate(rows):
        w = p * p + q * q
        # points (bi (p, q) + t (-q, p)) / w; row k reads t c <= e
        hc = he = lc = le = 0
        for k, (x, y, bk) in enumerate(rows):
            if k == i:
                continue
            c = y * p - x * q
            e = bk * w - bi * (x * p + y * q)
            if c > 0:
                if hc and e * hc >= he * c:
                    continue
                he, hc = e, c
            elif c < 0:
                if lc and e * lc >= le * c:  # -e/-c no larger than the lower bound le/lc
                    continue
                le, lc = -e, -c
            else:
                if e < 0:
                    break  # the line misses P
                continue
            if hc and lc and he * lc <= le * hc:
                break  # at most one point of the line is in P
        else:
            if not (hc and lc):
                raise _Unbounded
            total += Fraction(bi * (he * lc - le * hc), hc * lc * w)
    return total / 2


def _volume_3d(rows: list[IntRow]) -> Fraction:
    """``(1/6) sum_{i<j} Δ_ij / |u|^2 · (t_i + t_j)`` over the edges (module docstring)."""
    m = len(rows)
    norms = [x * x + y * y + z * z for x, y, z, _ in rows]
    has_edge_line = [False] * m
    total = _ZERO
    for i in range(m):
        a0, a1, a2, bi = rows[i]
        for j in range(i + 1, m):
            c0, c1, c2, bj = rows[j]
            u0, u1, u2 = a1 * c2 - a2 * c1, a2 * c0 - a0 * c2, a0 * c1 - a1 * c0
            if not (u0 or u1 or u2):
                continue
            has_edge_line[i] = has_edge_line[j] = True
            w = u0 * u0 + u1 * u1 + u2 * u2
            # w times a point of the line: bi (a_j × u) + bj (u × a_i)
            p0 = bi * (c1 * u2 - c2 * u1) + bj * (u1 * a2 - u2 * a1)
            p1 = bi * (c2 * u0 - c0 * u2) + bj * (u2 * a0 - u0 * a2)
            p2 = bi * (c0 * u1 - c1 * u0) + bj * (u0 * a1 - u1 * a0)
            hc = he = lc = le = 0
            through: list[int] = []  # other rows whose plane contains the line
            for k, (x, y, z, bk) in enumerate(rows):
                if k in (i, j):
                    continue
                c = x * u0 + y * u1 + z * u2
                e = bk * w - x * p0 - y * p1 - z * p2
                if c > 0:
                    if hc and e * hc >= he * c:
                        continue
                    he, hc = e, c
                elif c < 0:
                    if lc and e * lc >= le * c:
                        continue
                    le, lc = -e, -c
                else:
                    if e < 0:
                        break
                    if e == 0:
                        through.append(k)
                    continue
                if hc and lc and he * lc <= le * hc:
                    break
            else:
                if not (hc and lc):
                    raise _Unbounded
                g = a0 * c0 + a1 * c1 + a2 * c2
                ni, nj = norms[i], norms[j]
                ti = bi * (bj * ni - bi * g) * nj
                tj = bj * (bi * nj - bj * g) * ni
                if through:
                    ti, tj = _drop_repeated_edges(rows, i, j, through, ti, tj)
                total += Fraction((he * lc - le * hc) * (ti + tj), hc * lc * w * ni * nj)
    for i in range(m):
        if not has_edge_line[i] and _plane_face_is_non_empty(rows, i):
            raise _Unbounded  # a whole plane lies in P
    return total / 6


def _drop_repeated_edges(rows: list[IntRow], i: int, j: int, through: list[int], ti: int,
                         tj: int) -> tuple[int, int]:
    """Zero ``t_i`` (``t_j``) if a smaller row cuts face ``i`` (``j``) like row ``j`` (``i``)."""
    ai, aj = rows[i][:3], rows[j][:3]
    ni, nj, g = _dot(ai, ai), _dot(aj, aj), _dot(ai, aj)
    for k in through:
        ak = rows[k][:3]
        # a_k = λ a_i + μ a_j; on face i row k is row j's half-plane iff μ > 0, i.e. iff
        # (a_k × a_i)·(a_j × a_i) = (a_k·a_j)|a_i|^2 - (a_k·a_i)(a_i·a_j) > 0
        if k < j and _dot(ak, aj) * ni - _dot(ak, ai) * g > 0:
            ti = 0
        if k < i and _dot(ak, ai) * nj - _dot(ak, aj) * g > 0:
            tj = 0
    return ti, tj


def _plane_face_is_non_empty(rows: list[IntRow], i: int) -> bool:
    """Whether the plane of row ``i`` lies in every other (parallel) row's half-space."""
    ai, bi = rows[i][:3], rows[i][3]
    ni = _dot(ai, ai)
    # a_j = λ a_i with λ = (a_j·a_i)/|a_i|^2, so on the plane a_j·x = λ b_i
    return all(_dot(r[:3], ai) * bi <= r[3] * ni for k, r in enumerate(rows) if k != i)


def _dot(u: Sequence[int], v: Sequence[int]) -> int:
    return sum(x * y for x, y in zip(u, v, strict=True))


def _volume_recursive(rows: list[IntRow], dim: int, facets_only: bool) -> Fraction:
    if not facets_only:
        # keep facets only: every other row would cost a whole recursion just to find a zero
        facets = _facets(rows, dim)
        if facets is None:
            return _ZERO
        rows = facets
    # with many facets, each facet's description keeps only its adjacent facets (whose ridges
    # are its facets), found once from the vertices; with few, the faces prune themselves
    many = len(rows) > _MANY_FACETS
    others = _adjacent_facets(rows, dim) if many else [
        [j for j in range(len(rows)) if j != i] for i in range(len(rows))]
    total = _ZERO
    for i, a in enumerate(rows):
        # project along the coordinate with the largest |a_ik| (smaller numbers downstream)
        k = max(range(dim), key=lambda c: abs(a[c]))
        face = _project_face([a, *(rows[j] for j in others[i])], 0, k)
        if face is not None:
            total += Fraction(a[dim], abs(a[k])) * _volume(face, dim - 1, facets_only=many)
    return total / dim


#: From this many facets on (d >= 4), one vertex enumeration to find adjacent facets is cheaper
#: than pruning every facet's description on its own.
_MANY_FACETS = 16


def _adjacent_facets(rows: list[IntRow], dim: int) -> list[list[int]]:
    """For each facet row, the facet rows meeting it in a ridge (a ``(dim-2)``-face).

    From the vertices' incidence (exact, cddlib): the vertex set ``Z`` of ``F_i ∩ F_j`` spans a
    ridge iff it has at least ``dim - 1`` vertices and no third facet contains it (a face of
    dimension ``<= dim - 3`` lies in at least three facets, a ridge in exactly two).
    """
    A = [tuple(Fraction(x) for x in r[:dim]) for r in rows]
    points, rays, lines, incidence = _cdd.h_generators(A, [Fraction(r[dim]) for r in rows], dim)
    if rays or lines:
        raise _Unbounded
    on = [0] * len(rows)  # bit v of on[i]: vertex v lies on facet i
    for v, tight in enumerate(incidence[: len(points)]):
        for i in tight:
            on[i] |= 1 << v
    out: list[list[int]] = [[] for _ in rows]
    for i in range(len(rows)):
        for j in range(i + 1, len(rows)):
            common = on[i] & on[j]
            if common.bit_count() >= dim - 1 and not any(
                    common & on[k] == common for k in range(len(rows)) if k not in (i, j)):
                out[i].append(j)
                out[j].append(i)
    return out


def _project_face(rows: list[IntRow], i: int, k: int) -> list[IntRow] | None:
    """Integer rows of ``proj_k({x in P : a_i x = b_i})``; ``None`` if that face is empty."""
    a = rows[i]
    mag = abs(a[k])
    sign = 1 if a[k] > 0 else -1
    out: dict[IntRow, None] = {}
    for j, c in enumerate(rows):
        if j == i:
            continue
        # x_k = (b_i - sum_{m != k} a_m x_m) / a_k in c·x <= c_j, times |a_k| > 0
        f = c[k] * sign
        row = _normalise([cm * mag - f * am
                          for m, (cm, am) in enumerate(zip(c, a, strict=True)) if m != k])
        if row is None:
            return None
        if row:
            out[row] = None
    return list(out)
