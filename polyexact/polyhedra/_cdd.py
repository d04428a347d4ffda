"""The only module that talks to cddlib (``cdd.gmp``, exact rationals).

Public geometry everywhere else is ``A x <= b`` (and ``E x = f``) over Fraction. Here, and only
here, those become cdd's ``[b, -A]`` rows with a ``lin_set``, LP statuses are read, and cddlib's
failures are translated into polyexact errors.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from math import gcd, lcm

import cdd
import cdd.gmp as gmp

from polyexact.errors import InternalCheckError

__all__ = [
    "LPResult",
    "h_generators",
    "h_integer_generators",
    "h_matrix",
    "implicit_equality_rows",
    "lp_maximize",
    "redundant_rows",
    "v_adjacency",
    "v_inequalities",
    "v_redundant_rows",
]

Rows = Sequence[Sequence[Fraction]]


def h_matrix(A: Rows, b: Sequence[Fraction], equalities: Sequence[int] = ()) -> gmp.Matrix:
    """Build cdd's H-matrix ``0 <= b - A x`` (rows in ``equalities`` are ``= 0``)."""
    rows = [[bi, *(-aij for aij in ai)] for ai, bi in zip(A, b, strict=True)]
    return gmp.matrix_from_array(rows, lin_set=set(equalities), rep_type=cdd.RepType.INEQUALITY)


class LPResult:
    """Outcome of an exact LP: ``status`` is ``"optimal"``, ``"infeasible"`` or ``"unbounded"``."""

    __slots__ = ("status", "value", "x")

    def __init__(self, status: str, x: tuple[Fraction, ...] | None, value: Fraction | None):
        self.status = status
        self.x = x
        self.value = value


def lp_maximize(
    c: Sequence[Fraction],
    A: Rows,
    b: Sequence[Fraction],
    *,
    equalities: tuple[Rows, Sequence[Fraction]] | None = None,
    c0: Fraction = Fraction(0),
) -> LPResult:
    """Maximise ``c0 + c·x`` subject to ``A x <= b`` (and ``E x = f``), exactly.

    Equalities are passed as two opposite inequalities: cdd's LP ignores ``lin_set``.
    """
    n = len(c)
    rows: list[list[Fraction]] = [[bi, *(-aij for aij in ai)] for ai, bi in zip(A, b, strict=True)]
    if equalities is not None:
        for ei, fi in zip(*equalities, strict=True):
            rows.append([fi, *(-eij for eij in ei)])
            rows.append([-fi, *ei])
    if not rows:
        # cdd needs at least one row; 0 <= 1 is always true
        rows.append([Fraction(1), *([Fraction(0)] * n)])
    rows.append([c0, *c])
    lp = gmp.linprog_from_array(rows, cdd.LPObjType.MAX)
    try:
        gmp.linprog_solve(lp)
    except RuntimeError as err:  # cddlib's own error text
        raise InternalCheckError(f"cddlib LP failed: {err}") from err
    status = lp.status
    if status == cdd.LPStatusType.OPTIMAL:
        return LPResult("optimal", tuple(lp.primal_solution), lp.obj_value)
    if status in (cdd.LPStatusType.INCONSISTENT, cdd.LPStatusType.STRUC_INCONSISTENT):
        return LPResult("infeasible", None, None)
    if status in (cdd.LPStatusType.DUAL_INCONSISTENT, cdd.LPStatusType.STRUC_DUAL_INCONSISTENT,
                  cdd.LPStatusType.UNBOUNDED):
        return LPResult("unbounded", None, None)
    raise InternalCheckError(f"cddlib LP ended undecided (status {status.name})")


def redundant_rows(A: Rows, b: Sequence[Fraction]) -> set[int]:
    """Indices of rows implied by the others (duplicates: all but one are redundant)."""
    if not A:
        return set()
    mat = h_matrix(A, b)
    try:
        return set(gmp.redundant_rows(mat))
    except RuntimeError as err:
        raise InternalCheckError(f"cddlib redundancy test failed: {err}") from err


def implicit_equality_rows(A: Rows, b: Sequence[Fraction]) -> set[int]:
    """Indices of inequality rows that hold with equality on the whole polyhedron."""
    if not A:
        return set()
    try:
        return set(gmp.implicit_linearity_rows(h_matrix(A, b)))
    except RuntimeError as err:
        raise InternalCheckError(f"cddlib linearity test failed: {err}") from err


def h_generators(
    A: Rows, b: Sequence[Fraction], dim: int, equalities: Sequence[int] = (), *,
    incidence: bool = True,
) -> tuple[list[tuple[Fraction, ...]], list[tuple[Fraction, ...]], list[tuple[Fraction, ...]],
           list[set[int]]]:
    """Double description: return ``(points, rays, lines, incidence)`` of ``{A x <= b}``.

    ``incidence[k]`` is the set of input rows tight at generator ``k`` (points, then rays, then
    lines, in cdd's order); with ``incidence=False`` it is not read (an empty list: reading it
    costs about a fifth of a small polyhedron's double description). cdd's output generators
    are minimal for H input.
    """
    if not A:
        A, b = [[Fraction(0)] * dim], [Fraction(1)]
    poly = gmp.polyhedron_from_matrix(h_matrix(A, b, equalities))
    gens = gmp.copy_generators(poly)
    points, rays, lines, kinds = _split_generators(gens)
    tight = [set(s) for s in gmp.copy_incidence(poly)] if incidence else []
    ordered = [tight[k] for kind in (0, 1, 2) for k in range(len(kinds)) if kinds[k] == kind
               ] if incidence else []
    if not points and (rays or lines) and all(bi >= 0 for bi in b):
        # cdd leaves the apex of a cone implicit (homogeneous output); a non-empty polyhedron
        # always has a point, and here the origin is one: it lies in the minimal face
        points.append(tuple(Fraction(0) for _ in range(dim)))
        if incidence:
            ordered.insert(0, {i for i, bi in enumerate(b) if bi == 0})
    return points, rays, lines, ordered


def _split_generators(gens: gmp.Matrix) -> tuple[list[tuple[Fraction, ...]],
                                                 list[tuple[Fraction, ...]],
                                                 list[tuple[Fraction, ...]], list[int]]:
    """cdd's generator matrix as points, rays, lines, and each row's kind (0, 1, 2 in turn)."""
    points, rays, lines = [], [], []
    kinds: list[int] = []
    # every access to .array converts the whole matrix again: read it once
    for k, row in enumerate(gens.array):
        vec = tuple(row[1:])
        if k in gens.lin_set:
            lines.append(vec)
            kinds.append(2)
        elif row[0] == 0:
            rays.append(vec)
            kinds.append(1)
        else:
            # cdd scales points to a leading 1: no division (slow on huge rationals) then
            points.append(vec if row[0] == 1 else tuple(x / row[0] for x in vec))
            kinds.append(0)
    return points, rays, lines, kinds


def h_integer_generators(
    rows: Sequence[Sequence[int]], dim: int
) -> tuple[list[tuple[tuple[int, ...], int]], list[tuple[int, ...]], list[tuple[int, ...]]]:
    """Double description of ``{x : ⟨a, x⟩ <= q for (a_1, ..., a_d, q) in rows}``, integers in
    and out: points as ``(X, W)`` with ``W > 0`` (the point ``X / W``), rays and lines as
    primitive integer vectors. No Fraction is built on the way in; on the way out each cdd row
    is scaled to integers once.
    """
    if not rows:
        rows = [(*([0] * dim), 1)]
    mat = gmp.matrix_from_array([[r[-1], *(-x for x in r[:-1])] for r in rows],
                                rep_type=cdd.RepType.INEQUALITY)
    gens = gmp.copy_generators(gmp.polyhedron_from_matrix(mat))
    points: list[tuple[tuple[int, ...], int]] = []
    rays: list[tuple[int, ...]] = []
    lines: list[tuple[int, ...]] = []
    lin = gens.lin_set
    # every access to .array converts the whole matrix again: read it once
    for k, row in enumerate(gens.array):
        den = lcm(*(x.denominator for x in row))
        ints = [x.numerator * (den // x.denominator) for x in row]
        g = gcd(*ints) or 1
        t, *vec = (x // g for x in ints)
        if k in lin:
            lines.append(tuple(vec))
        elif t == 0:
            rays.append(tuple(vec))
        else:
            # the homogenised cone lies in t >= 0: t > 0 here
            points.append((tuple(vec), t))
    if not points and all(r[-1] >= 0 for r in rows):
        # cdd leaves the apex of a cone implicit (homogeneous output); the origin is then a
        # point of the minimal face
        points.append(((0,) * dim, 1))
    return points, rays, lines


def v_inequalities(
    points: Rows, rays: Rows = (), lines: Rows = ()
) -> tuple[list[tuple[Fraction, ...]], list[Fraction], list[int]]:
    """Return ``(A, b, equalities)`` of conv(points) + cone(rays) + span(lines), irredundant.

    ``equalities`` lists the rows of ``A x <= b`` that are implicit equalities (for
    lower-dimensional input): those rows hold with ``=``.
    """
    rows = [[Fraction(1), *p] for p in points]
    rows += [[Fraction(0), *r] for r in rays]
    lin = set(range(len(rows), len(rows) + len(lines)))
    rows += [[Fraction(0), *ln] for ln in lines]
    mat = gmp.matrix_from_array(rows, lin_set=lin, rep_type=cdd.RepType.GENERATOR)
    # the double-description output is the minimal H-representation of the hull
    poly = gmp.polyhedron_from_matrix(mat)
    ineq = gmp.copy_inequalities(poly)
    A: list[tuple[Fraction, ...]] = []
    b: list[Fraction] = []
    for row in ineq.array:
        b.append(row[0])
        A.append(tuple(-x for x in row[1:]))
    return A, b, sorted(ineq.lin_set)


def _v_matrix(points: Rows, rays: Rows) -> gmp.Matrix:
    rows = [[Fraction(1), *p] for p in points] + [[Fraction(0), *r] for r in rays]
    return gmp.matrix_from_array(rows, rep_type=cdd.RepType.GENERATOR)


def v_redundant_rows(points: Rows, rays: Rows = ()) -> set[int]:
    """Indices of generators of conv(points) + cone(rays) that are not extreme.

    Points come first, then rays. Among equal generators only the lowest index is kept.
    """
    if not points and not rays:
        return set()
    try:
        return set(gmp.redundant_rows(_v_matrix(points, rays)))
    except RuntimeError as err:
        raise InternalCheckError(f"cddlib redundancy test failed: {err}") from err


def v_adjacency(points: Rows, rays: Rows = ()) -> list[set[int]]:
    """Adjacency of extreme generators of conv(points) + cone(rays) (points first, then rays).

    The input must be irredundant (see :func:`v_redundant_rows`); two generators are adjacent
    when they span an edge (a ray and a point: the point's edge in the ray's direction).
    """
    if not points and not rays:
        return []
    try:
        poly = gmp.polyhedron_from_matrix(_v_matrix(points, rays))
        return [set(s) for s in gmp.copy_input_adjacency(poly)]
    except RuntimeError as err:
        raise InternalCheckError(f"cddlib adjacency failed: {err}") from err
