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
itself (:mod:`polyexact.cells.verify_global`), so the report does not depend on the number of
processes.
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
from polyexact.cells.verify_cells import (
    CellChecker,
    CellFacts,
    check_batch,
    init_worker,
    run_batch,
)
from polyexact.cells.verify_global import (
    _check_adjacency,
    _check_coverage,
    _check_facets,
    _check_regions,
    _Facts,
    _Invalid,
)
from polyexact.cells.verify_scan import scan_certificate

__all__ = ["VerificationReport", "verify_certificate"]

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
          ) -> tuple[Certificate, list[Any], str]:
    """The certificate without its cells, its cells, and their kind (see ``run_batch``)."""
    if isinstance(source, Certificate):
        cx = source.complex
        return source, list(zip(cx.cells, cx.region_of, source.volumes, strict=True)), "cells"
    if isinstance(source, Mapping):
        data: Any = dict(source)
    else:
        scanned = scan_certificate(source)
        if scanned is not None:
            head = certificate_from_data({**scanned.fields, "cells": []})
            # the list is ours: each batch of texts is dropped once handed out
            return head, scanned.cell_texts, "text"
        data = load_certificate_data(source)  # raises the reader's error
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
        return certificate_from_data(data), [], "data"  # raises the reader's error
    head = certificate_from_data({**data, "cells": []})
    return head, list(data["cells"]), "data"


def _batches(items: list[Any], raw: str) -> Iterator[tuple[int, list[Any], str]]:
    for start in range(0, len(items), BATCH):
        batch = items[start:start + BATCH]
        # drop our references as soon as the batch is out: memory stays one batch per worker
        items[start:start + BATCH] = [None] * len(batch)
        yield start, batch, raw


def _results(cert: Certificate, items: list[Any], raw: str, jobs: int) -> Iterator[Any]:
    """Per-cell results in cell order (a failure ends them)."""
    model = cert.complex.model
    if jobs <= 1 or len(items) <= BATCH:
        checker = CellChecker(model, cert.box)
        for start, batch, flag in _batches(items, raw):
            yield from run_batch(checker, start, batch, flag)
        return
    from polyexact.processes import start_pool

    pool = start_pool(jobs, init_worker, (model, cert.box))
    try:
        # ordered results: the report never depends on timing or the number of workers
        for out in pool.imap(check_batch, _batches(items, raw), chunksize=1):
            yield from out
        pool.close()
    finally:
        # also on a failure, Ctrl-C or an abandoned generator: no worker outlives the check
        pool.terminate()
        pool.join()


def _check(cert: Certificate, items: list[Any], raw: str, jobs: int) -> None:
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
    facts = _Facts([], [], [], [], [], [], [])
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
        facts.centres.append(result.centres)
    seen.clear()
    map_ids.clear()
    if duplicate is not None:
        raise _Invalid(duplicate)
    _check_coverage(cert, outside, volume_error, total)
    covered = _check_adjacency(cert, facts)
    _check_facets(facts.status, covered)
    _check_regions(cert, facts)
