"""The independent verifier: re-establish a certificate's counts without the enumerator.

What is checked, in order (docs/certificate.md maps each check to the hypothesis of the
soundness theorem it establishes):

1. the manifest: the region definition is the one of docs/theory.md §5, the domain is the model's,
   the recorded model digest is the model's (and, when asked, the model is the one expected),
   the shards are consecutive and the recorded pattern-cell count is the number of cells;
2. every cell (:mod:`polyexact.verify.cells`, possibly in a process pool): its point lies
   strictly inside it and satisfies the pattern's own description (so has that pattern; the
   description comes from the verifier's own evaluation, :mod:`polyexact.verify.evaluate`); its
   map is the
   pattern's own map; each row is a positive multiple of the row of its wall in the pattern's
   own description, and every row of that description holds on the cell. So the cell is the
   closure of the pattern's set. Every row is a facet; each facet is inside the domain or on
   its boundary;
3. patterns are pairwise distinct, so cell interiors are disjoint;
4. every recorded adjacency (inside a shard, or across shards in the manifest) joins two cells
   with opposite rows whose common piece has positive ``(d - 1)``-measure;
5. across every facet inside the domain, the recorded neighbours' pieces add up to the facet's
   exact ``(d - 1)``-measure: they tile it. With 2 and 3 this proves that the cells cover the
   domain and that the adjacency is complete;
6. regions are exactly the connected components of same-map adjacencies, and the recorded
   linear-region count is their number.

The per-cell part runs one shard after another (in batches, possibly in a pool); the parent
keeps compact exact facts and runs 3–6 itself, so the report does not depend on the number of
processes.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from polyexact.certificates.canonical import model_digest
from polyexact.certificates.complex import Adjacency
from polyexact.certificates.read import (
    MAX_DIGITS,
    REGION_DEFINITION,
    Certificate,
    adjacency_from_data,
    certificate_head,
    load_certificate_data,
)
from polyexact.certificates.scan import scan_certificate
from polyexact.certificates.serial import index_of
from polyexact.certificates.subject import Subject, input_dim
from polyexact.errors import FormatError
from polyexact.numbers import digit_limit
from polyexact.verify.cells import CellChecker, CellFacts, check_batch, init_worker, run_batch
from polyexact.verify.global_checks import (
    Facts,
    Invalid,
    check_adjacency,
    check_facets,
    check_regions,
)

__all__ = ["VerificationReport", "verify_certificate"]

#: Cells per pool task: large enough to amortise a task's overhead, small enough to balance.
BATCH = 256

#: ``progress(cells checked, cells)``.
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class VerificationReport:
    """The outcome of :func:`verify_certificate`.

    ``valid`` says whether every check passed; ``reason`` names the first failure (or summarises
    success); ``pattern_cells`` and ``linear_regions`` are the recorded counts that were checked;
    ``model_name`` and ``model_digest`` identify the certificate's model (the digest is
    recomputed from the model, never copied from the file).

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
    model_name: str = ""
    model_digest: str = ""


def verify_certificate(
    source: Certificate | Mapping[str, Any] | str | os.PathLike[str], *, jobs: int = 1,
    model: Subject | None = None, progress: Progress | None = None,
) -> VerificationReport:
    """Check a certificate independently of the enumerator.

    Parameters
    ----------
    source : Certificate, dict or path
        A parsed certificate, its data, or a certificate file.
    jobs : int, default 1
        Processes for the per-cell checks (a pool when above 1). The global checks run exactly
        in this process; the report is the same for every number of processes.
    model : Model or Network, optional
        The model the certificate must be of (same canonical form); another one is invalid.
    progress : callable, optional
        Called as ``progress(cells checked, cells)``.

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
    polyexact.certificates.write_certificate

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.certificates import Adjacency, Cell, CellComplex, Wall
    >>> from polyexact.certificates import certificate_to_data
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
    >>> cx = CellComplex(model, (off, on), (Adjacency(0, 1, relu0),), (0, 1))
    >>> report = verify_certificate(certificate_to_data(cx))
    >>> report.valid, report.reason
    (True, '2 pattern cells and 2 linear regions verified')
    >>> verify_certificate(certificate_to_data(CellComplex(model, (on,), (), (0,)))).reason
    'cells[0].A[1]: facet with no recorded neighbour across it'
    """
    # parsing and checking build millions of acyclic objects: the cyclic collector would walk
    # every live one again at each full collection (its previous state is restored)
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        head, shards, cross = _open(source)
        digest = model_digest(head.model)
        try:
            with digit_limit(MAX_DIGITS):
                _check(head, shards, cross, jobs, model, digest, progress)
        except Invalid as failure:
            return VerificationReport(False, str(failure), head.pattern_cells,
                                      head.linear_regions, head.model.name, digest)
    finally:
        if was_enabled:
            gc.enable()
    return VerificationReport(
        True, f"{head.pattern_cells} pattern cells and {head.linear_regions} linear regions "
              "verified", head.pattern_cells, head.linear_regions, head.model.name, digest)


#: A shard as ``(cell items, their kind, adjacency items, parsed?)``; the kinds are those of
#: :func:`polyexact.verify.cells.run_batch`.
_RawShard = tuple[list[Any], str, list[Any], bool]


def _open(source: Certificate | Mapping[str, Any] | str | os.PathLike[str]
          ) -> tuple[Certificate, list[_RawShard], tuple[list[Any], bool]]:
    """The manifest, the shards (cells and adjacency) and the cross-shard adjacency."""
    if isinstance(source, Certificate):
        shards = [([(c, r) for c, r in zip(s.cells, s.regions, strict=True)], "cells",
                   list(s.adjacency), True) for s in source.shards]
        return source, shards, (list(source.adjacency), True)
    kind = "data"
    if isinstance(source, Mapping):
        data: Any = dict(source)
    else:
        # a file: its cells are located as text and parsed one batch at a time
        scanned = scan_certificate(source)
        if scanned is not None:
            data, kind = scanned.fields, "text"
        else:
            data = load_certificate_data(source)  # raises the reader's error
    head, raw_shards, raw_cross = certificate_head(data)
    out: list[_RawShard] = []
    for k, raw in enumerate(raw_shards):
        if not isinstance(raw, dict) or not isinstance(raw.get("cells"), list) \
                or not isinstance(raw.get("adjacency"), list) or set(raw) != {"cells",
                                                                              "adjacency"}:
            from polyexact.certificates.read import shard_from_data

            shard_from_data(raw, k, 0, input_dim(head.model))  # raises the reader's error
            raise FormatError("expected {'cells': [...], 'adjacency': [...]}",
                              field=f"shards[{k}]")
        out.append((raw["cells"], kind, raw["adjacency"], False))
    return head, out, (raw_cross, False)


def _batches(items: list[Any], start: int, kind: str) -> Iterator[tuple[int, list[Any], str]]:
    for k in range(0, len(items), BATCH):
        yield start + k, items[k:k + BATCH], kind


def _results(model: Subject, shards: list[_RawShard], jobs: int) -> Iterator[Any]:
    """Per-cell results in cell order, shard after shard (a failure ends them)."""
    tasks = []
    start = 0
    for items, kind, _, _ in shards:
        tasks += list(_batches(items, start, kind))
        start += len(items)
    if jobs <= 1 or start <= BATCH:
        checker = CellChecker(model)
        for task in tasks:
            yield from run_batch(checker, *task)
        return
    from polyexact.processes import start_pool

    pool = start_pool(jobs, init_worker, (model,))
    try:
        # ordered results: the report never depends on timing or the number of workers
        for out in pool.imap(check_batch, tasks, chunksize=1):
            yield from out
        pool.close()
    finally:
        # also on a failure, Ctrl-C or an abandoned generator: no worker outlives the check
        pool.terminate()
        pool.join()


def _adjacency(items: list[Any], parsed: bool, where: str) -> Iterator[Adjacency]:
    if parsed:
        yield from items
        return
    for n, a in enumerate(items):
        yield adjacency_from_data(a, f"{where}[{n}]")


class _Names:
    """Names ``adjacency[n]`` of the concatenated list by its source field (shard or manifest):
    the list is kept without a label per adjacency."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.fields: list[str] = []

    def add(self, start: int, field: str) -> None:
        self.starts.append(start)
        self.fields.append(field)

    def __call__(self, n: int) -> str:
        from bisect import bisect_right

        k = bisect_right(self.starts, n) - 1
        return f"{self.fields[k]}[{n - self.starts[k]}]"


def _check(head: Certificate, shards: list[_RawShard], cross: tuple[list[Any], bool], jobs: int,
           expected: Subject | None, digest: str, progress: Progress | None) -> None:
    model = head.model
    if dict(head.region_definition) != REGION_DEFINITION:
        raise Invalid("region_definition: not the definitions of docs/theory.md §5 used here")
    if head.domain != model.domain:
        raise Invalid("domain: differs from the model's domain")
    if head.model_digest != digest:
        raise Invalid(f"model_digest: recorded {head.model_digest}, the model's is {digest}")
    if expected is not None and model_digest(expected) != digest:
        raise Invalid(f"model: the certificate is of model {digest} "
                      f"({model.name or 'unnamed'}), not of the given model "
                      f"{model_digest(expected)} ({expected.name or 'unnamed'})")
    n = sum(len(items) for items, _, _, _ in shards)
    if head.pattern_cells != n:
        raise Invalid(f"counts.pattern_cells: recorded {head.pattern_cells}, "
                      f"the certificate lists {n} cells")
    # adjacency: inside a shard both cells are its own; across shards, of two shards
    adjacency: list[Adjacency] = []
    names = _Names()
    start = 0
    bounds: list[tuple[int, int]] = []
    # read from a file, the JSON values are ours: each list is dropped once parsed
    owned = any(kind == "text" for _, kind, _, _ in shards)
    for k, (items, _, adj_items, adj_parsed) in enumerate(shards):
        stop = start + len(items)
        bounds.append((start, stop))
        names.add(len(adjacency), f"shards[{k}].adjacency")
        for adj in _adjacency(adj_items, adj_parsed, f"shards[{k}].adjacency"):
            if not start <= adj.first < adj.second < stop:
                raise Invalid(f"{names(len(adjacency))}: cells {adj.first}, {adj.second} are not "
                              f"two increasing indices of the shard's cells {start}..{stop - 1}")
            adjacency.append(adj)
        if owned:
            adj_items.clear()
        start = stop
    shard_of = _shard_finder(bounds)
    names.add(len(adjacency), "adjacency")
    for adj in _adjacency(*cross, "adjacency"):
        where = names(len(adjacency))
        if not adj.first < adj.second < n:
            raise Invalid(f"{where}: cells {adj.first}, {adj.second} are not two increasing "
                          f"indices below {n}")
        if shard_of(adj.first) == shard_of(adj.second):
            raise Invalid(f"{where}: cells {adj.first} and {adj.second} are in one shard (its "
                          "own adjacency lists them)")
        adjacency.append(adj)
    if owned:
        cross[0].clear()
    facts = Facts()
    seen: dict[bytes, int] = {}
    map_ids: dict[str, int] = {}
    wall_ids: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    duplicate: str | None = None
    for i, result in enumerate(_results(model, shards, jobs)):
        if not isinstance(result, CellFacts):
            if result[0] == "input":
                _, cls, message, field = result
                raise cls(message, field=field)
            raise Invalid(result[1])
        first = seen.setdefault(result.pattern_key, i)
        if first != i and duplicate is None:
            duplicate = f"cells[{i}]: same pattern as cells[{first}]"
        facts.rows.append(result.rows)
        facts.status.append(result.status)
        facts.measures.append(result.measures)
        facts.walls.append(tuple(wall_ids.setdefault(w, w) for w in result.walls))
        facts.maps.append(map_ids.setdefault(result.map_key, len(map_ids)))
        facts.regions.append(index_of(result.region, f"cells[{i}].region"))
        if progress is not None and (i + 1) % BATCH == 0:
            progress(i + 1, n)
    if progress is not None:
        progress(n, n)
    seen.clear()
    map_ids.clear()
    if duplicate is not None:
        raise Invalid(duplicate)
    check_adjacency(adjacency, facts, names)
    check_facets(facts)
    check_regions(adjacency, facts, head.linear_regions)


def _shard_finder(bounds: list[tuple[int, int]]) -> Callable[[int], int]:
    from bisect import bisect_right

    starts = [lo for lo, _ in bounds]
    return lambda i: bisect_right(starts, i) - 1
