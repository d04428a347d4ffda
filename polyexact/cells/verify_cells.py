"""The verifier's per-cell checks, run in order within one process or spread over a pool.

Each cell is checked on its own (:func:`check_cell`): its point, pattern, map and rows against
the pattern's own description (:mod:`polyexact.cells.pattern_rows`), its exact volume, whether
each row is a facet, and — for unbounded domains — whether its minimal faces lie inside the
coverage box. What the global checks of :mod:`polyexact.cells.verify_global` need later is
returned in compact integer form (:class:`CellFacts`), so the parent never holds parsed cells.

In the plane with a bounded domain the cell is cut from the domain's bounding box as an exact
integer polygon (:mod:`polyexact.polyhedra.polygon`): its vertices, its edges (the facets) and
its area come without cddlib or LPs. Elsewhere, or whenever the polygon cannot decide (a cell
sticking out of the bounding box), the general path uses the cell's cddlib V-representation:
a row is a facet iff the generators tight on it span dimension ``d`` (an exact integer rank,
:func:`polyexact.cells.facets.facet_interior_points`; no LP). Both paths decide every question
exactly.
"""

from __future__ import annotations

import signal
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import gcd, lcm
from typing import Any

from polyexact.cells.cell import Cell, Wall
from polyexact.cells.coverage import (
    Box,
    cell_volumes,
    is_bounded_domain,
    strictly_inside_box,
)
from polyexact.cells.facets import HomogeneousPoint, facet_interior_points
from polyexact.cells.pattern_rows import PatternRow, PatternRowCache
from polyexact.cells.serial import cell_from_data, index_of
from polyexact.errors import InputError, InternalCheckError
from polyexact.models import Model
from polyexact.models.forward import forward
from polyexact.numbers import Vector, dot, is_positive_multiple, parse_rational
from polyexact.polyhedra import HPolyhedron
from polyexact.polyhedra.polygon import Polygon, polygon_area, polygon_from_rows

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
    multiples of the recorded rows); ``spans`` per row ``(x_lo, w_lo, x_hi, w_hi)``, the facet's
    extent ``x_lo/w_lo < x_hi/w_hi`` along one coordinate of its line (plane only, else empty);
    ``status`` per row one of :data:`FACET_ON_BOUNDARY`, :data:`FACET_INSIDE`,
    :data:`NOT_A_FACET`; ``centres`` (general path only) per row a relative-interior point
    ``(X, W)`` of its facet, or ``None``.

    Examples
    --------
    >>> f = CellFacts(b"p", "m", 0, Fraction(1), Fraction(1), True, ((1, 0, 1),), (), (0,),
    ...               (("domain", -1, None, (), 0),))
    >>> f.volume, f.status
    (Fraction(1, 1), (0,))
    """

    pattern_key: bytes
    map_key: str
    region: int
    volume: Fraction
    recorded_volume: Fraction
    in_box: bool
    rows: tuple[tuple[int, ...], ...]
    spans: tuple[tuple[int, int, int, int], ...]
    status: tuple[int, ...]
    walls: tuple[tuple[Any, ...], ...]
    #: Off the plane, per row a relative-interior point of its facet (``None``: no facet).
    centres: tuple[HomogeneousPoint | None, ...] = ()


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
    ints = [int(x * den) for x in a] + [int(b * den)]
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
    model : Model
        The certificate's model (its domain is the certificate's, checked by the caller).
    box : Box or None
        The certificate's coverage box.

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
    >>> facts = CellChecker(model, None).check(on, 0, "cells[0]")
    >>> facts.volume, facts.status
    (Fraction(1, 1), (0, 1))
    """

    def __init__(self, model: Model, box: Box | None) -> None:
        self.model = model
        self.box = box
        self.cache = PatternRowCache(model)
        d, domain = model.d_model, model.domain
        self.domain_rows = [primitive_row(a, b) for a, b in zip(domain.A, domain.b, strict=True)]
        # without a box an unbounded domain fails the coverage check: no volume is needed
        self.measurable = box is not None or is_bounded_domain(domain, d)
        self.bounds: list[tuple[Fraction, Fraction]] | None = None
        if d == 2 and box is None and domain.kind != "all":
            outer = _polygon_or_none(domain.A, domain.b, None)
            if outer is not None:
                xs = [Fraction(v[0], v[2]) for v in outer[0]]
                ys = [Fraction(v[1], v[2]) for v in outer[0]]
                self.bounds = [(min(xs) - 1, max(xs) + 1), (min(ys) - 1, max(ys) + 1)]

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
        cell = cell_from_data(item, field, self.model.d_model, extra=("region", "volume"))
        assert isinstance(item, dict)  # cell_from_data checked it
        for key in ("region", "volume"):
            if key not in item:
                raise FormatError("missing required field", field=f"{field}.{key}")
        region = index_of(item["region"], f"{field}.region")
        volume = parse_rational(item["volume"], f"{field}.volume")
        return self.check(cell, i, field, region, volume)

    def check(self, cell: Cell, i: int, where: str, region: int = 0,
              recorded_volume: Fraction | None = None) -> CellFacts:
        """Check one parsed cell; return its :class:`CellFacts` (``CellInvalid`` on failure).

        The returned ``volume`` is the exact one; the caller compares it with the recorded one.
        """
        del i  # the caller compares volumes, in its own order
        model = self.model
        if not all(dot(a, cell.point) < b for a, b in zip(cell.A, cell.b, strict=True)):
            raise CellInvalid(f"{where}.point: not strictly inside the cell")
        try:
            own, ints, own_map = self.cache.rows_ints_and_map(cell.pattern)
        except InputError as err:
            raise CellInvalid(f"{where}.pattern: does not fit the model ({err})") from err
        if forward(model, cell.point).pattern != cell.pattern:
            raise CellInvalid(f"{where}.point: the forward pass there gives another pattern")
        if own_map != cell.affine_map:
            raise CellInvalid(f"{where}.map: not the affine map of the cell's pattern")
        by_wall: dict[Wall, PatternRow] = {row.wall: row for row in own}
        for r, (a, b, wall) in enumerate(zip(cell.A, cell.b, cell.walls, strict=True)):
            row = by_wall.get(wall) or by_wall.get(swapped(wall))
            if row is None or row.is_constant or not is_positive_multiple(row.a, row.bound, a, b):
                raise CellInvalid(f"{where}.A[{r}]: not implied by the pattern (not a positive "
                                  "multiple of the row of its wall)")
        rows = tuple(primitive_row(a, b) for a, b in zip(cell.A, cell.b, strict=True))
        poly = (_polygon_or_none(cell.A, cell.b, self.bounds)
                if self.bounds is not None else None)
        if poly is not None:
            points: list[tuple[tuple[int, ...], int]] = [((x, y), w) for x, y, w in poly[0]]
            _check_rows_hold(own, ints, points, (), (), where)
            spans, status = self._polygon_facets(poly, rows)
            volume = polygon_area(poly)
            in_box = True
            centres: tuple[HomogeneousPoint | None, ...] = ()
        else:
            centres, status, volume, in_box = self._general(cell, own, ints, where)
            spans = ()
        return CellFacts(
            pattern_key=repr([(lp.keys, lp.active) for lp in cell.pattern]).encode(),
            map_key=repr((cell.affine_map.A, cell.affine_map.b)),
            region=region, volume=volume,
            recorded_volume=volume if recorded_volume is None else recorded_volume,
            in_box=in_box, rows=rows, spans=spans, status=status,
            walls=tuple(_wall_key(w) for w in cell.walls), centres=centres)

    def _polygon_facets(self, poly: Polygon, rows: tuple[tuple[int, ...], ...]
                        ) -> tuple[tuple[tuple[int, int, int, int], ...], tuple[int, ...]]:
        verts, labels = poly
        n = len(verts)
        # a row is a facet iff it is (a positive multiple of) the row of an edge
        edge_of = {rows[lab]: (verts[e], verts[(e + 1) % n]) for e, lab in enumerate(labels)}
        spans: list[tuple[int, int, int, int]] = []
        status: list[int] = []
        for row in rows:
            edge = edge_of.get(row)
            if edge is None:
                spans.append((0, 1, 0, 1))
                status.append(NOT_A_FACET)
                continue
            (x1, y1, w1), (x2, y2, w2) = edge
            # extent along x unless the line is vertical (then along y)
            k = 0 if row[1] != 0 else 1
            u = (x1, w1, x2, w2) if k == 0 else (y1, w1, y2, w2)
            lo_hi = u if u[0] * u[3] < u[2] * u[1] else (u[2], u[3], u[0], u[1])
            spans.append(lo_hi)
            # the edge's midpoint is in its relative interior: on D's boundary iff on a row of D
            mx, my, mw = x1 * w2 + x2 * w1, y1 * w2 + y2 * w1, 2 * w1 * w2
            on = any(p0 * mx + p1 * my == q * mw for p0, p1, q in self.domain_rows)
            status.append(FACET_ON_BOUNDARY if on else FACET_INSIDE)
        return tuple(spans), tuple(status)

    def _general(self, cell: Cell, own: list[PatternRow], ints: list[tuple[tuple[int, ...], int]],
                 where: str) -> tuple[tuple[HomogeneousPoint | None, ...], tuple[int, ...],
                                      Fraction, bool]:
        model, d = self.model, self.model.d_model
        poly = HPolyhedron(cell.A, cell.b, d)
        face_points = _face_points(poly, cell.b)
        points = [_homogeneous(v) for v in face_points]
        rays = [_integer(r) for r in poly.rays]
        lines = [_integer(ln) for ln in poly.lines]
        _check_rows_hold(own, ints, points, rays, lines, where)
        in_box = self.box is None or all(strictly_inside_box(p, self.box) for p in face_points)
        volume = (cell_volumes([(cell.A, cell.b)], model.domain, d, self.box)[0]
                  if in_box and self.measurable else Fraction(0))
        # facets from the V-representation at hand (an exact rank per row, no LP)
        rows = [primitive_row(a, b) for a, b in zip(cell.A, cell.b, strict=True)]
        inner = facet_interior_points(rows, points, rays, lines)
        status: list[int] = []
        for p in inner:
            if p is None:
                status.append(NOT_A_FACET)
            else:
                # a facet inside D with a relative-interior point on D's boundary lies on it
                X, W = p
                on = any(sum(c * x for c, x in zip(dr[:-1], X, strict=True)) == dr[-1] * W
                         for dr in self.domain_rows)
                status.append(FACET_ON_BOUNDARY if on else FACET_INSIDE)
        return tuple(inner), tuple(status), volume, in_box


def _polygon_or_none(A: Sequence[Sequence[Fraction]], b: Sequence[Fraction],
                     bounds: list[tuple[Fraction, Fraction]] | None) -> Polygon | None:
    try:
        return polygon_from_rows(A, b, bounds)
    except InternalCheckError:
        return None  # sticks out of the bounds (or unbounded): the general path decides


def _check_rows_hold(own: list[PatternRow], ints: list[tuple[tuple[int, ...], int]],
                     points: list[tuple[tuple[int, ...], int]], rays: Sequence[Sequence[int]],
                     lines: Sequence[Sequence[int]], where: str) -> None:
    for row, (ia, iq) in zip(own, ints, strict=True):
        if row.is_constant:
            if not row.holds_constantly():
                raise CellInvalid(f"{where}.pattern: the pattern's set is empty (constant row)")
            continue
        # the max of ⟨a, x⟩ over the cell is finite and <= bound iff it holds at every
        # minimal-face point, no ray increases it and every line keeps it constant; at a point
        # (X, W) = (W x, W), W > 0, and a positive multiple (ia, iq) of the row, in integers
        if (any(sum(p * x for p, x in zip(ia, r, strict=True)) > 0 for r in rays)
                or any(sum(p * x for p, x in zip(ia, ln, strict=True)) != 0 for ln in lines)
                or any(sum(p * x for p, x in zip(ia, X, strict=True)) > iq * W
                       for X, W in points)):
            raise CellInvalid(f"{where}: the cell is larger than its pattern's set (a row of "
                              f"wall {wall_text(row.wall)} fails on it)")


def _homogeneous(v: Sequence[Fraction]) -> tuple[tuple[int, ...], int]:
    """``v`` as ``(W v, W)`` with integer entries and ``W > 0``."""
    w = lcm(*(x.denominator for x in v))
    return tuple(int(x * w) for x in v), w


def _integer(v: Sequence[Fraction]) -> tuple[int, ...]:
    """A positive integer multiple of the direction ``v``."""
    w = lcm(*(x.denominator for x in v))
    return tuple(int(x * w) for x in v)


def _face_points(poly: HPolyhedron, b: Sequence[Fraction]) -> list[Vector]:
    """One point per minimal face of the non-empty ``poly`` (from its V-representation).

    As :func:`polyexact.cells.coverage.minimal_face_points`, reusing ``poly``'s double
    description instead of computing it a second time.
    """
    points = list(poly.vertices)
    if not points and all(x == 0 for x in b):
        # a cone's V-representation may leave its apex, the origin, implicit
        points = [(Fraction(0),) * poly.ambient_dim]
    if not points:
        raise InternalCheckError("a non-empty polyhedron has no point in its V-representation")
    return points


# -- pool workers ------------------------------------------------------------------------------

_CHECKER: CellChecker | None = None


def init_worker(model: Model, box: Box | None) -> None:
    """Pool initializer: one checker per worker; Ctrl-C is the parent's to handle."""
    global _CHECKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _CHECKER = CellChecker(model, box)


def check_batch(task: tuple[int, list[Any], str]) -> list[Any]:
    """Check consecutive cells ``start, start + 1, ...`` (JSON data, or parsed ``(cell,
    region, volume)`` when the flag is false); stop at the first failure.

    Returns a list of :class:`CellFacts`, possibly ending with ``("invalid", reason)`` or
    ``("input", error class, message, field)``.
    """
    start, items, raw = task
    checker = _CHECKER
    assert checker is not None
    return run_batch(checker, start, items, raw)


def run_batch(checker: CellChecker, start: int, items: list[Any], raw: str) -> list[Any]:
    """The body of :func:`check_batch` for a given checker (also used without a pool).

    ``raw`` says what the items are: ``"text"``, each cell's JSON text as scanned from a file;
    ``"data"``, each cell's parsed JSON value (a cell that is a string is malformed, never
    parsed again); ``"cells"``, ``(Cell, region, volume)`` triples of a read certificate.
    """
    out: list[Any] = []
    for k, item in enumerate(items):
        i = start + k
        try:
            if raw != "cells":
                if raw == "text":
                    from polyexact.cells.verify_scan import parse_item

                    item = parse_item(item)
                out.append(checker.check_data(item, i))
            else:
                cell, region, vol = item
                out.append(checker.check(cell, i, f"cells[{i}]", region, vol))
        except CellInvalid as failure:
            out.append(("invalid", str(failure)))
            break
        except InputError as err:
            # rebuilt by the parent (exceptions with keyword arguments do not pickle whole)
            out.append(("input", type(err), err.message, err.field))
            break
    return out
