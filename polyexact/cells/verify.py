"""The independent verifier: re-establish a certificate's counts without the enumerator.

It uses only the model (exact forward pass, ``affine_map_of_pattern``) and exact polyhedra
(LP interior points, V-representations, volumes). What is checked, in order:

1. the region definition and the domain are the ones of the model and theory.md §5;
2. every cell: its point lies strictly inside it and an exact forward pass there gives its
   pattern; its map is ``affine_map_of_pattern(pattern)``; each recorded row is a positive
   multiple of the row of its wall in the pattern's own description
   (:func:`~polyexact.cells.pattern_rows.pattern_rows`), and conversely every row of that
   description holds on the recorded cell. So the cell is exactly the closure of the pattern's
   set, and its interior lies in that set;
3. patterns are pairwise distinct, so cell interiors are disjoint (a point has one pattern);
4. coverage: exact volumes add up to the domain's (clipped to the box, whose interior must hold
   every minimal face of every cell and of the domain): no cell is missing
   (:mod:`polyexact.cells.coverage`);
5. every recorded row is a facet; every recorded adjacency is a genuine shared facet (the two
   cells lie on opposite sides of one hyperplane and their closures meet in dimension ``d - 1``),
   never on the domain boundary; every facet not on the domain boundary has a recorded
   neighbour across it;
6. regions are exactly the connected components of the graph of adjacent cells with identical
   maps, and the recorded counts are the number of cells and of regions.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import lcm
from typing import Any

from polyexact.cells.cell import Cell, Wall
from polyexact.cells.certificate import (
    REGION_DEFINITION,
    Certificate,
    certificate_from_data,
    read_certificate,
)
from polyexact.cells.coverage import (
    cell_volumes,
    clipped_volume,
    is_bounded_domain,
    minimal_face_points,
    strictly_inside_box,
)
from polyexact.cells.facets import is_positive_multiple, relative_interior_point
from polyexact.cells.pattern_rows import PatternRow, PatternRowCache
from polyexact.errors import InputError
from polyexact.models import Model
from polyexact.models.forward import forward
from polyexact.numbers import dot
from polyexact.polyhedra import HPolyhedron

__all__ = ["VerificationReport", "verify_certificate"]


@dataclass(frozen=True)
class VerificationReport:
    """The outcome of :func:`verify_certificate`.

    ``valid`` says whether every check passed; ``reason`` names the first failure (or summarises
    success); ``pattern_cells`` and ``linear_regions`` are the recorded counts that were checked.
    """

    valid: bool
    reason: str
    pattern_cells: int
    linear_regions: int


class _Invalid(Exception):
    """A check failed: the certificate is invalid (a result, not an error)."""


def verify_certificate(
    source: Certificate | Mapping[str, Any] | str | os.PathLike[str],
) -> VerificationReport:
    """Check a certificate independently of the enumerator.

    Parameters
    ----------
    source : Certificate, dict or path
        A parsed certificate, its data, or a certificate file.

    Returns
    -------
    VerificationReport
        ``valid`` and the first failed check's ``reason``.

    Raises
    ------
    InputError
        If the input is malformed (unreadable, not JSON, bad schema; another format version is a
        :class:`~polyexact.errors.FormatError`). An invalid but well-formed certificate is not an
        error: it gives ``valid=False``.

    See Also
    --------
    polyexact.cells.certificate.write_certificate

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.cells import Cell, CellComplex, Wall
    >>> from polyexact.cells.certificate import certificate_to_data
    >>> from polyexact.models import FFN, Layer, LayerPattern, Model, box_domain
    >>> from polyexact.numbers import AffineMap
    >>> relu = Layer(heads=(), W_O=((),), ffn=FFN(W1=((F(1),),), b1=(F(0),),
    ...                                           W2=((F(1),),), b2=(F(0),)))
    >>> model = Model(1, (relu,), box_domain([(F(-1), F(1))]))
    >>> dom, relu0 = Wall("domain", -1, neuron=0), Wall("neuron", 0, neuron=0)
    >>> off = Cell((LayerPattern((), (False,)),), ((F(-1),), (F(1),)), (F(1), F(0)),
    ...            (Wall("domain", -1, neuron=1), relu0), (F(-1, 2),),
    ...            AffineMap(((F(0),),), (F(0),)))
    >>> on = Cell((LayerPattern((), (True,)),), ((F(1),), (F(-1),)), (F(1), F(0)),
    ...           (dom, relu0), (F(1, 2),), AffineMap(((F(1),),), (F(0),)))
    >>> from polyexact.cells import Adjacency
    >>> cx = CellComplex(model, (off, on), (Adjacency(0, 1, relu0),), (0, 1))
    >>> report = verify_certificate(certificate_to_data(cx))
    >>> report.valid, report.reason
    (True, '2 pattern cells and 2 linear regions verified')
    >>> verify_certificate(certificate_to_data(CellComplex(model, (on,), (), (0,)))).reason
    'coverage: cell volumes add up to 1, the domain has volume 2'
    """
    # parsing and checking build millions of acyclic objects: the cyclic collector would walk
    # every live one again at each full collection (its previous state is restored)
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        if isinstance(source, Certificate):
            cert = source
        elif isinstance(source, Mapping):
            cert = certificate_from_data(dict(source))
        else:
            cert = read_certificate(source)
        try:
            _check(cert)
        except _Invalid as failure:
            return VerificationReport(False, str(failure), cert.pattern_cells,
                                      cert.linear_regions)
    finally:
        if was_enabled:
            gc.enable()
    return VerificationReport(
        True, f"{cert.pattern_cells} pattern cells and {cert.linear_regions} linear regions "
              "verified", cert.pattern_cells, cert.linear_regions)


def _check(cert: Certificate) -> None:
    cx = cert.complex
    model = cx.model
    if dict(cert.region_definition) != REGION_DEFINITION:
        raise _Invalid("region_definition: not the definitions of theory.md §5 used here")
    if cert.domain != model.domain:
        raise _Invalid("domain: differs from the model's domain")
    n = len(cx.cells)
    if cert.pattern_cells != n:
        raise _Invalid(f"counts.pattern_cells: recorded {cert.pattern_cells}, "
                       f"the certificate lists {n} cells")
    for k, adj in enumerate(cx.adjacency):
        if not adj.first < adj.second < n:
            raise _Invalid(f"adjacency[{k}]: cells {adj.first}, {adj.second} are not two "
                           f"increasing indices below {n}")
    polys = [HPolyhedron(c.A, c.b, model.d_model) for c in cx.cells]
    # cells come in pattern order: consecutive patterns share their first layers' rows
    cache = PatternRowCache(model)
    for i, (cell, poly) in enumerate(zip(cx.cells, polys, strict=True)):
        _check_cell(model, cell, poly, f"cells[{i}]", cache)
    seen: dict[object, int] = {}
    for i, cell in enumerate(cx.cells):
        if cell.pattern in seen:
            raise _Invalid(f"cells[{i}]: same pattern as cells[{seen[cell.pattern]}]")
        seen[cell.pattern] = i
    _check_coverage(cert, polys)
    covered = _check_adjacency(cx.cells, cx.adjacency)
    _check_facets(model, cx.cells, covered)
    _check_regions(cert)


def _check_cell(model: Model, cell: Cell, poly: HPolyhedron, where: str,
                cache: PatternRowCache) -> None:
    if not all(dot(a, cell.point) < b for a, b in zip(cell.A, cell.b, strict=True)):
        raise _Invalid(f"{where}.point: not strictly inside the cell")
    try:
        own, ints, own_map = cache.rows_ints_and_map(cell.pattern)
    except InputError as err:
        raise _Invalid(f"{where}.pattern: does not fit the model ({err})") from err
    if forward(model, cell.point).pattern != cell.pattern:
        raise _Invalid(f"{where}.point: the forward pass there gives another pattern")
    # the map of affine_map_of_pattern, layer by layer (same formulas, shared prefixes)
    if own_map != cell.affine_map:
        raise _Invalid(f"{where}.map: not the affine map of the cell's pattern")
    by_wall: dict[Wall, PatternRow] = {row.wall: row for row in own}
    for r, (a, b, wall) in enumerate(zip(cell.A, cell.b, cell.walls, strict=True)):
        row = by_wall.get(wall) or by_wall.get(_swapped(wall))
        if row is None or row.is_constant or not is_positive_multiple(a, b, row.a, row.bound):
            raise _Invalid(f"{where}.A[{r}]: not implied by the pattern (not a positive multiple "
                           "of the row of its wall)")
    rays, lines = poly.rays, poly.lines
    points = [_homogeneous(v) for v in minimal_face_points(cell.A, cell.b, model.d_model)]
    for row, (ia, iq) in zip(own, ints, strict=True):
        if row.is_constant:
            if not row.holds_constantly():
                raise _Invalid(f"{where}.pattern: the pattern's set is empty (constant row)")
            continue
        # the max of ⟨a, x⟩ over the cell is finite and <= bound iff it holds at every
        # minimal-face point, no ray increases it and every line keeps it constant; at a point
        # (X, W) = (W x, W), W > 0, and a positive multiple (ia, iq) of the row, in integers
        if (any(dot(row.a, r) > 0 for r in rays) or any(dot(row.a, ln) != 0 for ln in lines)
                or any(sum(p * x for p, x in zip(ia, X, strict=True)) > iq * W
                       for X, W in points)):
            raise _Invalid(f"{where}: the cell is larger than its pattern's set (a row of "
                           f"wall {_wall_text(row.wall)} fails on it)")


def _homogeneous(v: Sequence[Fraction]) -> tuple[tuple[int, ...], int]:
    """``v`` as ``(W v, W)`` with integer entries and ``W > 0``."""
    w = lcm(*(x.denominator for x in v))
    return tuple(int(x * w) for x in v), w


def _check_coverage(cert: Certificate, polys: list[HPolyhedron]) -> None:
    model = cert.complex.model
    d, domain = model.d_model, model.domain
    box = cert.box
    if box is None and not is_bounded_domain(domain, d):
        raise _Invalid("coverage.box: needed for an unbounded domain, found none")
    if box is not None:
        for i, poly in enumerate(polys):
            if not all(strictly_inside_box(p, box)
                       for p in minimal_face_points(poly.A, poly.b, d)):
                raise _Invalid(f"coverage.box: a minimal face of cells[{i}] is not inside it")
        if not all(strictly_inside_box(p, box)
                   for p in minimal_face_points(domain.A, domain.b, d)):
            raise _Invalid("coverage.box: a minimal face of the domain is not inside it")
    total = Fraction(0)
    # every cell lies in the domain (checked per cell above), so clipping to it changes nothing
    volumes = cell_volumes([(poly.A, poly.b) for poly in polys], domain, d, box)
    for i, (vol, recorded) in enumerate(zip(volumes, cert.volumes, strict=True)):
        if vol != recorded:
            raise _Invalid(f"cells[{i}].volume: recorded {recorded}, exact volume {vol}")
        total += vol
    whole = clipped_volume(domain.A, domain.b, d, box)
    if whole != cert.total_volume:
        raise _Invalid(f"coverage.volume: recorded {cert.total_volume}, exact volume {whole}")
    if total != whole:
        raise _Invalid(f"coverage: cell volumes add up to {total}, the domain has volume {whole}")


def _check_adjacency(cells: tuple[Cell, ...], adjacency: tuple[Any, ...]) -> set[tuple[int, int]]:
    """Check each recorded adjacency; return the covered facets ``(cell, row)``."""
    covered: set[tuple[int, int]] = set()
    pairs: set[tuple[int, int]] = set()
    for k, adj in enumerate(adjacency):
        i, j, wall = adj.first, adj.second, adj.wall
        where = f"adjacency[{k}]"
        if (i, j) in pairs:
            raise _Invalid(f"{where}: cells {i} and {j} are listed twice")
        pairs.add((i, j))
        if wall.kind == "domain":
            raise _Invalid(f"{where}: the domain boundary is not a shared facet")
        ci, cj = cells[i], cells[j]
        match = next(((r, s) for r, (a, b) in enumerate(zip(ci.A, ci.b, strict=True))
                      for s, (c, e) in enumerate(zip(cj.A, cj.b, strict=True))
                      if is_positive_multiple(tuple(-x for x in c), -e, a, b)), None)
        if match is None:
            raise _Invalid(f"{where}: cells {i} and {j} have no facet hyperplane in common")
        r, s = match
        if wall not in {ci.walls[r], cj.walls[s], _swapped(ci.walls[r]), _swapped(cj.walls[s])}:
            raise _Invalid(f"{where}: the shared facet does not lie on wall {_wall_text(wall)}")
        face = relative_interior_point((*ci.A, *cj.A), (*ci.b, *cj.b), ci.A[r], ci.b[r])
        if face is None:
            raise _Invalid(f"{where}: cells {i} and {j} do not share a (d-1)-dimensional facet")
        covered |= {(i, r), (j, s)}
    return covered


def _check_facets(model: Model, cells: tuple[Cell, ...], covered: set[tuple[int, int]]) -> None:
    dom_A, dom_b = model.domain.A, model.domain.b
    for i, cell in enumerate(cells):
        for r, (a, b) in enumerate(zip(cell.A, cell.b, strict=True)):
            p = relative_interior_point(cell.A, cell.b, a, b)
            if p is None:
                raise _Invalid(f"cells[{i}].A[{r}]: not a facet (redundant row)")
            # a facet inside D with a relative-interior point on D's boundary lies on it
            on_boundary = any(dot(da, p) == db for da, db in zip(dom_A, dom_b, strict=True))
            if not on_boundary and (i, r) not in covered:
                raise _Invalid(f"cells[{i}].A[{r}]: facet with no recorded neighbour across it")


def _check_regions(cert: Certificate) -> None:
    cx = cert.complex
    parent = list(range(len(cx.cells)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for adj in cx.adjacency:
        if cx.cells[adj.first].affine_map == cx.cells[adj.second].affine_map:
            parent[find(adj.first)] = find(adj.second)
    if len(cx.region_of) != len(cx.cells):  # pragma: no cover - the parser pairs them
        raise _Invalid("cells: one region id per cell expected")
    component_region: dict[int, int] = {}
    region_component: dict[int, int] = {}
    for i, region in enumerate(cx.region_of):
        root = find(i)
        if component_region.setdefault(root, region) != region:
            raise _Invalid(f"cells[{i}].region: joined to a cell of region "
                           f"{component_region[root]} (shared facet, same map)")
        if region_component.setdefault(region, root) != root:
            raise _Invalid(f"cells[{i}].region: region {region} is not connected by shared "
                           "facets with identical maps")
    if cert.linear_regions != len(component_region):
        raise _Invalid(f"counts.linear_regions: recorded {cert.linear_regions}, the cells form "
                       f"{len(component_region)} regions")


def _swapped(wall: Wall) -> Wall:
    return Wall(wall.kind, wall.layer, wall.head, (wall.keys[1], wall.keys[0]), wall.neuron)


def _wall_text(wall: Wall) -> str:
    if wall.kind == "route":
        return f"(layer {wall.layer}, head {wall.head}, keys {wall.keys[0]}/{wall.keys[1]})"
    if wall.kind == "neuron":
        return f"(layer {wall.layer}, neuron {wall.neuron})"
    return f"(domain row {wall.neuron})"
