"""The verifier's per-cell checks, run in order within one process or spread over a pool.

Each cell is checked on its own (:meth:`CellChecker.check`): its point (strictly inside, and
satisfying the pattern's own description, strict rows strictly), its map (the pattern's own map),
its rows against the pattern's own description (:mod:`polyexact.verify.pattern_rows`), and
whether each row is a facet, inside the domain or on its boundary. The geometry is cddlib's
exact V-representation of the cell, in integers: a row is a facet iff its tight generators
include a point and are no strict subset of another row's (facets are the maximal proper
faces; :func:`polyexact.verify.facets.facet_masks`; no LP, no rank). A bounded polygon is the
plane's special case, done in integers without cddlib (:mod:`polyexact.verify.polygon`): a row
is an edge iff two vertices lie on its line. What the global checks of
:mod:`polyexact.verify.global_checks` need later is returned in compact integer form
(:class:`CellFacts`), so the parent never holds parsed cells.
"""

from __future__ import annotations

import signal
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import gcd, lcm
from operator import mul
from typing import Any

from polyexact.certificates.cell import Cell, Wall
from polyexact.certificates.read import MAX_DIGITS
from polyexact.certificates.scan import parse_item
from polyexact.certificates.serial import cell_from_data, index_of
from polyexact.certificates.subject import Subject, input_dim
from polyexact.errors import InputError, InternalCheckError
from polyexact.numbers import digit_limit
from polyexact.polyhedra import integer_generators
from polyexact.verify.facets import facet_masks, tight_mask
from polyexact.verify.pattern_rows import PatternRow, row_cache
from polyexact.verify.polygon import facet_ends, polygon_vertices

__all__ = [
    "FACET_INSIDE",
    "FACET_ON_BOUNDARY",
    "NOT_A_FACET",
    "CellChecker",
    "CellFacts",
    "CellInvalid",
    "primitive_row",
    "swapped",
    "wall_text",
]

#: Row status: a facet whose relative interior meets the domain's boundary.
FACET_ON_BOUNDARY = 0
#: Row status: a facet inside the domain (it needs a recorded neighbour).
FACET_INSIDE = 1
#: Row status: not a facet (a redundant row).
NOT_A_FACET = 2


class CellInvalid(Exception):
    """A per-cell check failed: the certificate is invalid (a result, not an error)."""


@dataclass(frozen=True)
class CellFacts:
    """What the global checks need of one checked cell, in compact exact form.

    ``rows`` are the cell's rows as primitive integer tuples ``(a_1, ..., a_d, q)`` (positive
    multiples of the recorded rows); ``status`` per row one of :data:`FACET_ON_BOUNDARY`,
    :data:`FACET_INSIDE`, :data:`NOT_A_FACET`; ``walls`` the rows' walls as tuples;
    ``order`` is the pattern as a comparable tuple (shards must follow pattern order).
    ``facet_gens`` per inner facet its generators, from the cell's exact V-representation (a
    bounded polygon's edge: its two ends): the points of minimal faces on the facet, the rays
    parallel to it and the lines; a neighbour containing them all contains the facet
    (:func:`polyexact.verify.global_checks.contains`).

    Examples
    --------
    >>> f = CellFacts(b"p", "m", 0, ((1, 0, 1),), (0,), (("domain", -1, -1, (-1, -1), 0),))
    >>> f.status
    (0,)
    """

    pattern_key: bytes
    map_key: str
    region: int
    rows: tuple[tuple[int, ...], ...]
    status: tuple[int, ...]
    walls: tuple[tuple[Any, ...], ...]
    order: tuple[Any, ...] = ()
    facet_gens: tuple[FacetGens | None, ...] = ()


#: A facet's generators: points ``(X, W)`` (``x = X / W``, ``W > 0``), rays and lines, in integers.
FacetGens = tuple[tuple[tuple[tuple[int, ...], int], ...], tuple[tuple[int, ...], ...],
                  tuple[tuple[int, ...], ...]]


def primitive_row(a: Sequence[Fraction], b: Fraction) -> tuple[int, ...]:
    """``⟨a, x⟩ <= b`` as the primitive integer tuple ``(a_1, ..., a_d, q)`` (a positive multiple).

    Two rows define the same half-space exactly when their primitive tuples are equal.

    Examples
    --------
    >>> primitive_row((Fraction(1, 2), Fraction(-1, 3)), Fraction(2))
    (3, -2, 12)
    >>> primitive_row((Fraction(2), Fraction(4)), Fraction(6))
    (1, 2, 3)
    """
    den = lcm(*(x.denominator for x in a), b.denominator)
    ints = [x.numerator * (den // x.denominator) for x in (*a, b)]
    g = gcd(*ints) or 1
    return tuple(x // g for x in ints)


def swapped(wall: Wall) -> Wall:
    """The same wall with its two keys exchanged (a route wall seen from the other side).

    Examples
    --------
    >>> swapped(Wall("route", 0, 1, (2, 0))).keys
    (0, 2)
    """
    return Wall(wall.kind, wall.layer, wall.head, (wall.keys[1], wall.keys[0]), wall.neuron)


def wall_text(wall: Wall) -> str:
    """The wall as named in reasons.

    Examples
    --------
    >>> wall_text(Wall("neuron", 1, neuron=3))
    '(layer 1, neuron 3)'
    """
    if wall.kind == "route":
        return f"(layer {wall.layer}, head {wall.head}, keys {wall.keys[0]}/{wall.keys[1]})"
    if wall.kind == "neuron":
        return f"(layer {wall.layer}, neuron {wall.neuron})"
    return f"(domain row {wall.neuron})"


def _wall_key(wall: Wall) -> tuple[Any, ...]:
    return wall.kind, wall.layer, wall.head, wall.keys, wall.neuron


class CellChecker:
    """Checks cells of one certificate one by one (see the module docstring).

    Parameters
    ----------
    model : Model or Network
        The certificate's model (its domain is the certificate's, checked by the caller).

    Examples
    --------
    >>> from polyexact.models import FFN, Layer, LayerPattern, Model, box_domain
    >>> from polyexact.numbers import AffineMap
    >>> F = Fraction
    >>> relu = Layer(heads=(), W_O=((),), ffn=FFN(W1=((F(1),),), b1=(F(0),),
    ...                                           W2=((F(1),),), b2=(F(0),)))
    >>> model = Model(1, (relu,), box_domain([(F(-1), F(1))]))
    >>> on = Cell((LayerPattern((), (True,)),), ((F(1),), (F(-1),)), (F(1), F(0)),
    ...           (Wall("domain", -1, neuron=0), Wall("neuron", 0, neuron=0)), (F(1, 2),),
    ...           AffineMap(((F(1),),), (F(0),)))
    >>> facts = CellChecker(model).check(on, "cells[0]")
    >>> facts.rows, facts.status
    (((1, 1), (-1, 0)), (0, 1))
    """

    def __init__(self, model: Subject) -> None:
        self.model = model
        self.cache = row_cache(model)
        domain = model.domain
        self.domain_rows = [primitive_row(a, b) for a, b in zip(domain.A, domain.b, strict=True)]

    def check_data(self, item: object, i: int) -> CellFacts:
        """Parse ``cells[i]`` from its JSON data, then :meth:`check` it.

        Raises
        ------
        InputError
            If the data is malformed (as the certificate reader would).
        CellInvalid
            If a check fails.
        """
        from polyexact.errors import FormatError

        field = f"cells[{i}]"
        cell = cell_from_data(item, field, input_dim(self.model), extra=("region",))
        assert isinstance(item, dict)  # cell_from_data checked it
        if "region" not in item:
            raise FormatError("missing required field", field=f"{field}.region")
        region = index_of(item["region"], f"{field}.region")
        return self.check(cell, field, region)

    def check(self, cell: Cell, where: str, region: int = 0) -> CellFacts:
        """Check one parsed cell; return its :class:`CellFacts` (``CellInvalid`` on failure)."""
        # every row as a primitive integer tuple (a positive multiple); the point as X / W
        rows = tuple(primitive_row(a, b) for a, b in zip(cell.A, cell.b, strict=True))
        X, W = _homogeneous(cell.point)
        # map stops at the shorter argument: ⟨a, X⟩ over the row's first d entries
        if not all(sum(map(mul, row, X)) < row[-1] * W for row in rows):
            raise CellInvalid(f"{where}.point: not strictly inside the cell")
        try:
            own, ints, own_map = self.cache.rows_ints_and_map(cell.pattern)
        except InputError as err:
            raise CellInvalid(f"{where}.pattern: does not fit the model ({err})") from err
        if not _follows(own, ints, (X, W)):
            raise CellInvalid(f"{where}.point: the model's pattern there is another one")
        if own_map != cell.affine_map:
            raise CellInvalid(f"{where}.map: not the affine map of the cell's pattern")
        # a row is a positive multiple of a non-constant row iff their primitive tuples agree
        for r, (wall, mine) in enumerate(zip(cell.walls, rows, strict=True)):
            by_wall = self.cache.wall_rows(wall.layer)  # the rows of the wall's layer
            theirs = by_wall[wall] if wall in by_wall else by_wall.get(swapped(wall))
            if theirs is None or theirs != mine:
                raise CellInvalid(f"{where}.A[{r}]: not implied by the pattern (not a positive "
                                  "multiple of the row of its wall)")
        status, gens = self._geometry(cell, own, ints, rows, where)
        return CellFacts(
            pattern_key=repr([(lp.keys, lp.active) for lp in cell.pattern]).encode(),
            map_key=repr((cell.affine_map.A, cell.affine_map.b)),
            region=region, rows=rows, status=status,
            walls=tuple(_wall_key(w) for w in cell.walls),
            # in the plane a facet's measure is an interval, cheap enough to compute with the
            # cell; above, only when a facet has several neighbours (by the parent)
            order=tuple((lp.keys, lp.active) for lp in cell.pattern),
            facet_gens=gens)

    def _geometry(self, cell: Cell, own: list[PatternRow], ints: list[tuple[tuple[int, ...], int]],
                  rows: tuple[tuple[int, ...], ...], where: str
                  ) -> tuple[tuple[int, ...], tuple[FacetGens | None, ...]]:
        """Check the pattern's rows on the cell; return each recorded row's status and, above
        the plane, each inner facet's generators."""
        d = input_dim(self.model)
        # a bounded polygon's vertices in integers; otherwise cddlib's V-representation
        points = polygon_vertices(rows) if d == 2 else None
        if points is not None:
            return self._polygon(own, ints, rows, points, where)
        points, rays, lines = integer_generators(rows, d)
        if not points:
            raise InternalCheckError("a non-empty polyhedron has no point in its "
                                     "V-representation")
        _check_rows_hold(own, ints, set(rows), points, rays, lines, where)
        # facets from the V-representation at hand (maximal tight sets, no LP); a facet inside
        # D lies on D's boundary iff a domain row is tight on all of it (F ⊆ D, rows valid)
        domain_masks = [tight_mask(dr, points, rays) for dr in self.domain_rows]
        status: list[int] = []
        gens: list[FacetGens | None] = []
        for mask in facet_masks(rows, points, rays):
            if mask is None:
                status.append(NOT_A_FACET)
                gens.append(None)
            elif any(mask & dm == mask for dm in domain_masks):
                status.append(FACET_ON_BOUNDARY)
                gens.append(None)
            else:
                status.append(FACET_INSIDE)
                gens.append(_facet_generators(mask, points, rays, lines))
        return tuple(status), tuple(gens)

    def _polygon(self, own: list[PatternRow], ints: list[tuple[tuple[int, ...], int]],
                 rows: tuple[tuple[int, ...], ...], points: list[tuple[tuple[int, ...], int]],
                 where: str) -> tuple[tuple[int, ...], tuple[FacetGens | None, ...]]:
        """:meth:`_geometry` for a bounded polygon (its ``points``): the same checks, in the
        plane's own integer arithmetic (two coordinates, no rays, no lines)."""
        for row, (ia, iq) in zip(own, ints, strict=True):
            a1, a2 = ia
            if not (a1 or a2):
                if not row.holds_constantly():
                    raise CellInvalid(f"{where}.pattern: the pattern's set is empty (constant "
                                      "row)")
                continue
            for (x1, x2), w in points:
                if a1 * x1 + a2 * x2 > iq * w:
                    raise CellInvalid(f"{where}: the cell is larger than its pattern's set (a "
                                      f"row of wall {wall_text(row.wall)} fails on it)")
        status: list[int] = []
        gens: list[FacetGens | None] = []
        for ends in facet_ends(rows, points):
            if ends is None:
                status.append(NOT_A_FACET)
                gens.append(None)
                continue
            # the edge's midpoint (2 W1 W2 > 0 times it) is in its relative interior
            ((x1, y1), w1), ((x2, y2), w2) = ends
            mx, my, mw = x1 * w2 + x2 * w1, y1 * w2 + y2 * w1, 2 * w1 * w2
            if any(p1 * mx + p2 * my == s * mw for p1, p2, s in self.domain_rows):
                status.append(FACET_ON_BOUNDARY)
                gens.append(None)
            else:
                status.append(FACET_INSIDE)
                gens.append((ends, (), ()))
        return tuple(status), tuple(gens)


def _facet_generators(mask: int, points: Sequence[tuple[tuple[int, ...], int]],
                      rays: Sequence[tuple[int, ...]], lines: Sequence[tuple[int, ...]]
                      ) -> FacetGens:
    """The generators of the face with tight mask ``mask`` (:func:`~.facets.tight_mask`).

    The cell is ``conv(points) + cone(rays) + lin(lines)``; the face where a valid row is tight
    is generated by the points on it, the rays orthogonal to its normal and the lines.

    Examples
    --------
    >>> pts = (((0, 0), 1), ((1, 0), 1), ((0, 1), 1))
    >>> _facet_generators(0b110, pts, (), ())
    ((((1, 0), 1), ((0, 1), 1)), (), ())
    """
    shift = len(points)
    return (tuple(p for k, p in enumerate(points) if mask >> k & 1),
            tuple(r for k, r in enumerate(rays) if mask >> (shift + k) & 1),
            tuple(lines))


def _check_rows_hold(own: list[PatternRow], ints: list[tuple[tuple[int, ...], int]],
                     recorded: set[tuple[int, ...]], points: list[tuple[tuple[int, ...], int]],
                     rays: Sequence[Sequence[int]], lines: Sequence[Sequence[int]],
                     where: str) -> None:
    for row, (ia, iq) in zip(own, ints, strict=True):
        if not any(ia):  # a constant row (ia is a positive multiple of row.a)
            if not row.holds_constantly():
                raise CellInvalid(f"{where}.pattern: the pattern's set is empty (constant row)")
            continue
        if (*ia, iq) in recorded:
            continue  # one of the rows the V-representation was computed from
        # the max of ⟨a, x⟩ over the cell is finite and <= bound iff it holds at every
        # minimal-face point, no ray increases it and every line keeps it constant; at a point
        # (X, W) = (W x, W), W > 0, and a positive multiple (ia, iq) of the row, in integers
        if (any(sum(map(mul, ia, r)) > 0 for r in rays)
                or any(sum(map(mul, ia, ln)) != 0 for ln in lines)
                or any(sum(map(mul, ia, X)) > iq * W
                       for X, W in points)):
            raise CellInvalid(f"{where}: the cell is larger than its pattern's set (a row of "
                              f"wall {wall_text(row.wall)} fails on it)")


def _point_follows(own: list[PatternRow], ints: list[tuple[tuple[int, ...], int]],
                   point: Sequence[Fraction]) -> bool:
    """Whether ``point`` satisfies every row of the pattern's description (strict rows strictly),
    i.e. has the pattern; decided in integers at ``point = X / W``."""
    return _follows(own, ints, _homogeneous(point))


def _follows(own: list[PatternRow], ints: list[tuple[tuple[int, ...], int]],
             point: tuple[tuple[int, ...], int]) -> bool:
    """:func:`_point_follows` at the point ``X / W`` given as integers ``(X, W)``."""
    X, W = point
    for row, (ia, iq) in zip(own, ints, strict=True):
        if not any(ia):
            continue  # a constant row: decided on the whole cell by _check_rows_hold
        lhs, rhs = sum(map(mul, ia, X)), iq * W
        if lhs > rhs or (row.strict and lhs == rhs):
            return False
    return True


def _homogeneous(v: Sequence[Fraction]) -> tuple[tuple[int, ...], int]:
    """``v`` as ``(W v, W)`` with integer entries and ``W > 0``."""
    w = lcm(*(x.denominator for x in v))
    return tuple(x.numerator * (w // x.denominator) for x in v), w


# -- pool workers ------------------------------------------------------------------------------

_CHECKER: CellChecker | None = None


def init_worker(model: Subject) -> None:
    """Pool initializer: one checker per worker; Ctrl-C is the parent's to handle."""
    global _CHECKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _CHECKER = CellChecker(model)


def worker_checker(model: Subject | None = None) -> CellChecker:
    """This worker's checker: the pool's, or (with ``model``, on Dask) one for that model.

    Examples
    --------
    >>> from polyexact.models import construction
    >>> m = construction(1, 2, 2, 1)
    >>> worker_checker(m) is worker_checker(m)
    True
    """
    global _CHECKER
    if model is not None and (_CHECKER is None or (_CHECKER.model is not model
                                                   and _CHECKER.model != model)):
        _CHECKER = CellChecker(model)
    assert _CHECKER is not None
    return _CHECKER


def check_batch(task: tuple[int, list[Any], str]) -> list[Any]:
    """Check consecutive cells ``start, start + 1, ...``; stop at the first failure.

    Returns a list of :class:`CellFacts`, possibly ending with ``("invalid", reason)`` or
    ``("input", error class, message, field)``.
    """
    return run_batch(worker_checker(), *task)


def run_batch(checker: CellChecker, start: int, items: list[Any], kind: str) -> list[Any]:
    """The body of :func:`check_batch` for a given checker (also used without a pool).

    ``kind`` says what the items are: ``"cells"``, ``(Cell, region)`` pairs of a read
    certificate; ``"data"``, each cell's JSON value; ``"text"``, each cell's JSON text as
    located in a file (:mod:`polyexact.certificates.scan`).
    """
    out: list[Any] = []
    # numbers as long as a certificate holds (its size bounds them), also in keys and reasons
    with digit_limit(MAX_DIGITS):
        for k, item in enumerate(items):
            i = start + k
            try:
                if kind == "cells":
                    cell, region = item
                    out.append(checker.check(cell, f"cells[{i}]", region))
                else:
                    if kind == "text":
                        item = parse_item(item)
                    out.append(checker.check_data(item, i))
            except CellInvalid as failure:
                out.append(("invalid", str(failure)))
                break
            except InputError as err:
                # rebuilt by the parent (exceptions with keyword arguments do not pickle whole)
                out.append(("input", type(err), err.message, err.field))
                break
    return out
