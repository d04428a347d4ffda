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

The per-cell part of 2 and 4–5 (:mod:`polyexact.cells.verify_cells`) can run in a process pool
(``jobs``); the parent receives compact exact facts in cell order and does every global check
itself, so the report does not depend on the number of processes.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from polyexact.cells.certificate import (
    REGION_DEFINITION,
    Certificate,
    certificate_from_data,
    load_certificate_data,
)
from polyexact.cells.coverage import (
    clipped_volume,
    is_bounded_domain,
    minimal_face_points,
    strictly_inside_box,
)
from polyexact.cells.facets import relative_interior_point
from polyexact.cells.verify_cells import (
    FACET_INSIDE,
    NOT_A_FACET,
    CellChecker,
    CellFacts,
    check_batch,
    init_worker,
    run_batch,
)
from polyexact.cells.verify_scan import scan_certificate

__all__ = ["VerificationReport", "default_jobs", "verify_certificate"]

#: Cells per pool task: large enough to amortise a task's overhead, small enough to balance.
BATCH = 256


@dataclass(frozen=True)
class VerificationReport:
    """The outcome of :func:`verify_certificate`.

    ``valid`` says whether every check passed; ``reason`` names the first failure (or summarises
    success); ``pattern_cells`` and ``linear_regions`` are the recorded counts that were checked.

    Examples
    --------
    >>> r = VerificationReport(False, "cells[3].point: not strictly inside the cell", 4, 4)
    >>> r.valid, r.reason.split(":")[0]
    (False, 'cells[3].point')
    """

    valid: bool
    reason: str
    pattern_cells: int
    linear_regions: int


class _Invalid(Exception):
    """A check failed: the certificate is invalid (a result, not an error)."""


def default_jobs() -> int:
    """The number of cores this process may use (at least 1).

    Examples
    --------
    >>> default_jobs() >= 1
    True
    """
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def verify_certificate(
    source: Certificate | Mapping[str, Any] | str | os.PathLike[str], *, jobs: int = 1,
) -> VerificationReport:
    """Check a certificate independently of the enumerator.

    Parameters
    ----------
    source : Certificate, dict or path
        A parsed certificate, its data, or a certificate file (read one batch of cells at a
        time: the cells are never all held as JSON objects or parsed cells).
    jobs : int, default 1
        Processes for the per-cell checks (a pool when above 1). The global checks (coverage
        sum, adjacency, regions, counts) run exactly in this process; the report is the same
        for every number of processes.

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
    polyexact.cells.certificate_write.write_certificate

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.cells import Cell, CellComplex, Wall
    >>> from polyexact.cells.certificate_write import certificate_to_data
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
        cert, items, raw = _open(source)
        try:
            _check(cert, items, raw, jobs)
        except _Invalid as failure:
            return VerificationReport(False, str(failure), cert.pattern_cells,
                                      cert.linear_regions)
    finally:
        if was_enabled:
            gc.enable()
    return VerificationReport(
        True, f"{cert.pattern_cells} pattern cells and {cert.linear_regions} linear regions "
              "verified", cert.pattern_cells, cert.linear_regions)


def _open(source: Certificate | Mapping[str, Any] | str | os.PathLike[str]
          ) -> tuple[Certificate, list[Any], bool]:
    """The certificate without its cells, the cells (data, text or parsed), whether raw."""
    if isinstance(source, Certificate):
        cx = source.complex
        return source, list(zip(cx.cells, cx.region_of, source.volumes, strict=True)), False
    if isinstance(source, Mapping):
        data: Any = dict(source)
    else:
        scanned = scan_certificate(source)
        if scanned is not None:
            head = certificate_from_data({**scanned.fields, "cells": []})
            # the list is ours: each batch of texts is dropped once handed out
            return head, scanned.cell_texts, True
        data = load_certificate_data(source)  # raises the reader's error
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
        return certificate_from_data(data), [], False  # raises the reader's error
    head = certificate_from_data({**data, "cells": []})
    return head, list(data["cells"]), True


def _batches(items: list[Any], raw: bool) -> Iterator[tuple[int, list[Any], bool]]:
    for start in range(0, len(items), BATCH):
        batch = items[start:start + BATCH]
        # drop our references as soon as the batch is out: memory stays one batch per worker
        items[start:start + BATCH] = [None] * len(batch)
        yield start, batch, raw


def _results(cert: Certificate, items: list[Any], raw: bool, jobs: int) -> Iterator[Any]:
    """Per-cell results in cell order (a failure ends them)."""
    model = cert.complex.model
    if jobs <= 1 or len(items) <= BATCH:
        checker = CellChecker(model, cert.box)
        for start, batch, flag in _batches(items, raw):
            yield from run_batch(checker, start, batch, flag)
        return
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    pool = ctx.Pool(jobs, initializer=init_worker, initargs=(model, cert.box))
    try:
        # ordered results: the report never depends on timing or the number of workers
        for out in pool.imap(check_batch, _batches(items, raw), chunksize=1):
            yield from out
        pool.close()
    finally:
        # also on a failure, Ctrl-C or an abandoned generator: no worker outlives the check
        pool.terminate()
        pool.join()


@dataclass
class _Facts:
    """The compact per-cell facts the global checks need, one list entry per cell."""

    rows: list[tuple[tuple[int, ...], ...]]
    spans: list[tuple[tuple[int, int, int, int], ...]]
    status: list[tuple[int, ...]]
    walls: list[tuple[tuple[Any, ...], ...]]
    maps: list[int]
    regions: list[int]


def _check(cert: Certificate, items: list[Any], raw: bool, jobs: int) -> None:
    cx = cert.complex
    model = cx.model
    if dict(cert.region_definition) != REGION_DEFINITION:
        raise _Invalid("region_definition: not the definitions of theory.md §5 used here")
    if cert.domain != model.domain:
        raise _Invalid("domain: differs from the model's domain")
    n = len(items)
    if cert.pattern_cells != n:
        raise _Invalid(f"counts.pattern_cells: recorded {cert.pattern_cells}, "
                       f"the certificate lists {n} cells")
    for k, adj in enumerate(cx.adjacency):
        if not adj.first < adj.second < n:
            raise _Invalid(f"adjacency[{k}]: cells {adj.first}, {adj.second} are not two "
                           f"increasing indices below {n}")
    facts = _Facts([], [], [], [], [], [])
    seen: dict[bytes, int] = {}
    map_ids: dict[str, int] = {}
    wall_ids: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    duplicate: str | None = None
    outside: int | None = None
    volume_error: str | None = None
    total = Fraction(0)
    for i, result in enumerate(_results(cert, items, raw, jobs)):
        if not isinstance(result, CellFacts):
            if result[0] == "input":
                _, cls, message, field = result
                raise cls(message, field=field)
            raise _Invalid(result[1])
        # the checks below were, and stay, reported after every cell's own checks
        first = seen.setdefault(result.pattern_key, i)
        if first != i and duplicate is None:
            duplicate = f"cells[{i}]: same pattern as cells[{first}]"
        if not result.in_box and outside is None:
            outside = i
        if result.volume != result.recorded_volume and volume_error is None:
            volume_error = (f"cells[{i}].volume: recorded {result.recorded_volume}, exact "
                            f"volume {result.volume}")
        total += result.volume
        facts.rows.append(result.rows)
        facts.spans.append(result.spans)
        facts.status.append(result.status)
        facts.walls.append(tuple(wall_ids.setdefault(w, w) for w in result.walls))
        facts.maps.append(map_ids.setdefault(result.map_key, len(map_ids)))
        facts.regions.append(result.region)
    seen.clear()
    map_ids.clear()
    if duplicate is not None:
        raise _Invalid(duplicate)
    _check_coverage(cert, outside, volume_error, total)
    covered = _check_adjacency(cert, facts)
    _check_facets(facts.status, covered)
    _check_regions(cert, facts)


def _check_coverage(cert: Certificate, outside: int | None, volume_error: str | None,
                    total: Fraction) -> None:
    model = cert.complex.model
    d, domain = model.d_model, model.domain
    box = cert.box
    if box is None and not is_bounded_domain(domain, d):
        raise _Invalid("coverage.box: needed for an unbounded domain, found none")
    if box is not None:
        if outside is not None:
            raise _Invalid(f"coverage.box: a minimal face of cells[{outside}] is not inside it")
        if not all(strictly_inside_box(p, box)
                   for p in minimal_face_points(domain.A, domain.b, d)):
            raise _Invalid("coverage.box: a minimal face of the domain is not inside it")
    # every cell lies in the domain (checked per cell), so clipping to it changes nothing
    if volume_error is not None:
        raise _Invalid(volume_error)
    whole = clipped_volume(domain.A, domain.b, d, box)
    if whole != cert.total_volume:
        raise _Invalid(f"coverage.volume: recorded {cert.total_volume}, exact volume {whole}")
    if total != whole:
        raise _Invalid(f"coverage: cell volumes add up to {total}, the domain has volume {whole}")


def _swapped_key(w: tuple[Any, ...]) -> tuple[Any, ...]:
    return w[0], w[1], w[2], (w[3][1], w[3][0]), w[4]


def _check_adjacency(cert: Certificate, facts: _Facts) -> list[int]:
    """Check each recorded adjacency; return per cell the bit set of its covered rows."""
    covered = [0] * len(facts.rows)
    pairs: set[tuple[int, int]] = set()
    for k, adj in enumerate(cert.complex.adjacency):
        i, j, wall = adj.first, adj.second, adj.wall
        where = f"adjacency[{k}]"
        if (i, j) in pairs:
            raise _Invalid(f"{where}: cells {i} and {j} are listed twice")
        pairs.add((i, j))
        if wall.kind == "domain":
            raise _Invalid(f"{where}: the domain boundary is not a shared facet")
        rows_i, rows_j = facts.rows[i], facts.rows[j]
        # primitive integer rows: a positive multiple of the opposite row is the same tuple
        opposite: dict[tuple[int, ...], int] = {}
        for s, row in enumerate(rows_j):
            if any(row[:-1]):
                opposite.setdefault(tuple(-x for x in row), s)
        match = next(((r, opposite[row]) for r, row in enumerate(rows_i) if row in opposite),
                     None)
        if match is None:
            raise _Invalid(f"{where}: cells {i} and {j} have no facet hyperplane in common")
        r, s = match
        key = (wall.kind, wall.layer, wall.head, wall.keys, wall.neuron)
        wi, wj = facts.walls[i][r], facts.walls[j][s]
        if key not in {wi, wj, _swapped_key(wi), _swapped_key(wj)}:
            from polyexact.cells.verify_cells import wall_text

            raise _Invalid(f"{where}: the shared facet does not lie on wall {wall_text(wall)}")
        if not _share_facet(facts, i, r, j, s):
            raise _Invalid(f"{where}: cells {i} and {j} do not share a (d-1)-dimensional facet")
        covered[i] |= 1 << r
        covered[j] |= 1 << s
    return covered


def _share_facet(facts: _Facts, i: int, r: int, j: int, s: int) -> bool:
    """Whether cell i's row r and cell j's (opposite) row s meet in dimension ``d - 1``."""
    spans_i, spans_j = facts.spans[i], facts.spans[j]
    if spans_i and spans_j:
        if facts.status[i][r] == NOT_A_FACET or facts.status[j][s] == NOT_A_FACET:
            return False
        # both facets are segments of one line, measured along the same coordinate: they meet
        # in a segment of positive length iff each starts before the other ends
        a_lo, a_lw, a_hi, a_hw = spans_i[r]
        b_lo, b_lw, b_hi, b_hw = spans_j[s]
        return a_lo * b_hw < b_hi * a_lw and b_lo * a_hw < a_hi * b_lw
    A = [tuple(Fraction(x) for x in row[:-1]) for row in (*facts.rows[i], *facts.rows[j])]
    b = [Fraction(row[-1]) for row in (*facts.rows[i], *facts.rows[j])]
    return relative_interior_point(A, b, A[r], b[r]) is not None


def _check_facets(status: list[tuple[int, ...]], covered: list[int]) -> None:
    for i, per_row in enumerate(status):
        for r, st in enumerate(per_row):
            if st == NOT_A_FACET:
                raise _Invalid(f"cells[{i}].A[{r}]: not a facet (redundant row)")
            if st == FACET_INSIDE and not covered[i] >> r & 1:
                raise _Invalid(f"cells[{i}].A[{r}]: facet with no recorded neighbour across it")


def _check_regions(cert: Certificate, facts: _Facts) -> None:
    cx = cert.complex
    maps = facts.maps
    parent = list(range(len(maps)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for adj in cx.adjacency:
        if maps[adj.first] == maps[adj.second]:
            parent[find(adj.first)] = find(adj.second)
    component_region: dict[int, int] = {}
    region_component: dict[int, int] = {}
    for i, region in enumerate(facts.regions):
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
