"""The independent verifier: re-establish a certificate's counts without the enumerator.

What is checked, in order (docs/certificate.md maps each check to the hypothesis of the
soundness theorem it establishes):

1. the manifest: the region definition is the one of docs/theory.md §5, the domain is the
   model's, the recorded model digest is the model's (and, when asked, the model is the one
   expected), the recorded pattern-cell count is the number of cells, and the manifest's
   adjacency joins cells of two different shards;
2. each shard on its own (:mod:`polyexact.verify.shard_check`, possibly in a worker that reads
   only that shard): every cell (:mod:`polyexact.verify.cells`) — its point lies strictly inside
   it and satisfies the pattern's own description (the verifier's own evaluation,
   :mod:`polyexact.verify.evaluate`); its map is the pattern's own map; each row is a positive
   multiple of the row of its wall in the pattern's own description, and every row of that
   description holds on the cell, so the cell is the closure of the pattern's set; every row is
   a facet, inside the domain or on its boundary. Then its patterns are distinct, its adjacency
   joins two of its cells across a common facet piece, the facets of its cells without a
   neighbour in another shard are tiled by its adjacency, and its region ids are the
   components of its same-map adjacency;
3. across shards (:mod:`polyexact.verify.borders`, in this process, from the shards' summaries
   in order): the shards follow pattern order (so all patterns are distinct), the manifest's
   adjacency joins cells across a common facet piece, the facets of the border cells are tiled
   by the pieces of both lists, and the linear-region count is the number of components of the
   whole same-map adjacency graph.

With 2 and 3, the cells cover the domain and the adjacency is complete.
"""

from __future__ import annotations

import gc
import itertools
import os
from bisect import bisect_right
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
    load_manifest,
)
from polyexact.certificates.scan import ScannedCertificate, scan_certificate
from polyexact.certificates.shard_files import ShardFile, folder_of, shard_files
from polyexact.certificates.subject import Subject
from polyexact.numbers import digit_limit
from polyexact.verify.borders import Borders
from polyexact.verify.global_checks import Invalid
from polyexact.verify.runner import run_tasks
from polyexact.verify.shard_check import (
    ShardSummary,
    raise_failure,
    shard_lists,
    summarize_shard,
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
    source: Certificate | ScannedCertificate | Mapping[str, Any] | str | os.PathLike[str], *,
    jobs: int = 1,
    model: Subject | None = None, progress: Progress | None = None,
    scheduler: str | None = None,
) -> VerificationReport:
    """Check a certificate independently of the enumerator.

    Parameters
    ----------
    source : Certificate, ScannedCertificate, dict or path
        A parsed certificate, a scanned certificate text
        (:func:`~polyexact.certificates.scan.scan_certificate_text`), its data, a certificate
        file, or a certificate folder (a directory or its ``manifest.json``).
    jobs : int, default 1
        Processes for the checks (a pool when above 1): batches of cells of a one-file
        certificate, whole shards of a folder (each worker reads only its shard's file). The
        checks across shards run in this process, on the shards' results in order; the report
        is the same for every number of processes.
    model : Model or Network, optional
        The model the certificate must be of (same canonical form); another one is invalid.
    progress : callable, optional
        Called as ``progress(cells checked, cells)``.
    scheduler : str, optional
        Run the tasks on Dask instead of a pool: ``"local"`` (a local cluster of ``jobs``
        workers) or a scheduler's address; a folder's shard files must be readable by the
        workers at the same path.

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
                _check(head, shards, cross, _Run(jobs, scheduler, progress), model, digest)
        except Invalid as failure:
            return VerificationReport(False, str(failure), head.pattern_cells,
                                      head.linear_regions, head.model.name, digest)
    finally:
        if was_enabled:
            gc.enable()
    return VerificationReport(
        True, f"{head.pattern_cells} pattern cells and {head.linear_regions} linear regions "
              "verified", head.pattern_cells, head.linear_regions, head.model.name, digest)


@dataclass(frozen=True)
class _Run:
    jobs: int
    scheduler: str | None
    progress: Progress | None


#: A shard given inline as ``(cell items, their kind, adjacency items, parsed?)``; the kinds are
#: those of :func:`polyexact.verify.cells.run_batch`; parsed adjacency has shard-local indices.
_Inline = tuple[list[Any], str, list[Any], bool]

#: The manifest's adjacency as ``(items, parsed?, ours?)``: ours when decoded from a file here.
_Cross = tuple[list[Any], bool, bool]


def _open(source: Certificate | ScannedCertificate | Mapping[str, Any] | str
          | os.PathLike[str]) -> tuple[Certificate, list[_Inline] | list[ShardFile], _Cross]:
    """The manifest, the shards (inline, or files) and the cross-shard adjacency."""
    data: Any
    if isinstance(source, Certificate):
        shards = [([(c, r) for c, r in zip(s.cells, s.regions, strict=True)], "cells",
                   [Adjacency(a.first - s.first, a.second - s.first, a.wall)
                    for a in s.adjacency], True) for s in source.shards]
        return source, shards, (list(source.adjacency), True, False)
    kind = "data"
    if isinstance(source, ScannedCertificate):
        data, kind = source.fields, "text"  # its cells as text, parsed in batches
    elif isinstance(source, Mapping):
        data = dict(source)
    else:
        folder = folder_of(source)
        if folder is not None:
            manifest = load_manifest(folder, str(source))
            head, raw_shards, raw_cross = certificate_head(manifest)
            return head, shard_files(raw_shards, folder), (raw_cross, False, True)
        # a file: its cells are located as text and parsed one batch at a time
        scanned = scan_certificate(source)
        if scanned is not None:
            data, kind = scanned.fields, "text"
        else:
            data = load_certificate_data(source)  # raises the reader's error
    head, raw_shards, raw_cross = certificate_head(data)
    out: list[_Inline] = []
    for k, raw in enumerate(raw_shards):
        cells, adjacency = shard_lists(raw, k)
        out.append((cells, kind, adjacency, False))
    return head, out, (raw_cross, False, kind == "text")


def _check(head: Certificate, shards: list[_Inline] | list[ShardFile],
           cross: _Cross, run: _Run, expected: Subject | None, digest: str
           ) -> None:
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
    sizes = [s.cells if isinstance(s, ShardFile) else len(s[0]) for s in shards]
    n = sum(sizes)
    files = bool(shards) and isinstance(shards[0], ShardFile)
    if head.pattern_cells != n and not files:
        raise Invalid(f"counts.pattern_cells: recorded {head.pattern_cells}, "
                      f"the certificate lists {n} cells")
    starts = list(itertools.accumulate(sizes, initial=0))
    # the manifest's adjacency joins cells of two different shards (global indices); for a
    # folder, a failure waits until the shard files are known to hold the recorded cells
    adjacency: list[Adjacency] = []
    border: list[set[int]] = [set() for _ in shards]
    items, parsed, owned = cross
    failure: str | None = None
    previous = (-1, -1)
    for m, adj in enumerate(items if parsed else (adjacency_from_data(a, f"adjacency[{k}]")
                                                  for k, a in enumerate(items))):
        pair = (adj.first, adj.second)
        k, l = bisect_right(starts, adj.first) - 1, bisect_right(starts, adj.second) - 1
        problem: str | None = None
        if not adj.first < adj.second < n:
            problem = f"cells {adj.first}, {adj.second} are not two increasing indices below {n}"
        elif pair <= previous:
            problem = (f"cells {adj.first}, {adj.second} do not come after adjacency[{m - 1}] "
                       "(the list is sorted, each pair once)")
        elif k == l:
            problem = (f"cells {adj.first} and {adj.second} are in one shard (its own adjacency "
                       "lists them)")
        else:
            border[k].add(adj.first - starts[k])
            border[l].add(adj.second - starts[l])
            adjacency.append(adj)
        previous = pair
        # the first problem is reported; later adjacencies still mark their border cells
        if problem is not None and failure is None:
            failure = f"adjacency[{m}]: {problem}"
    if failure is not None and not files:
        raise Invalid(failure)
    if owned:
        items.clear()  # decoded from a file here: dropped once parsed
    borders = Borders(adjacency, lambda i: bisect_right(starts, i) - 1, len(shards))
    for summary in _summaries(model, shards, starts, border, run):
        borders.add(summary)
    # a folder's manifest, once its files are known to hold the recorded cells
    if head.pattern_cells != n:
        raise Invalid(f"counts.pattern_cells: recorded {head.pattern_cells}, "
                      f"the certificate lists {n} cells")
    if failure is not None:
        raise Invalid(failure)
    borders.finish(head.linear_regions)


def _summaries(model: Subject, shards: list[_Inline] | list[ShardFile], starts: list[int],
               border: list[set[int]], run: _Run) -> Iterator[ShardSummary]:
    """Each shard's summary, in order: shard files checked whole by the workers; inline shards
    checked in batches of cells (by the workers) and summarized here."""
    n, progress = starts[-1], run.progress
    if shards and isinstance(shards[0], ShardFile):
        files = [s for s in shards if isinstance(s, ShardFile)]
        tasks = (("shard", (s, starts[s.index], border[s.index])) for s in files)
        for s, result in zip(files, run_tasks(model, tasks, len(files), run.jobs,
                                              run.scheduler), strict=True):
            if not isinstance(result, ShardSummary):
                raise_failure(result)
            assert isinstance(result, ShardSummary)
            if progress is not None:
                progress(starts[s.index + 1], n)
            yield result
        return
    inline = [s for s in shards if not isinstance(s, ShardFile)]
    batches = [("batch", (starts[k] + b, items[b:b + BATCH], kind))
               for k, (items, kind, _, _) in enumerate(inline)
               for b in range(0, len(items), BATCH)]
    results = _counted(itertools.chain.from_iterable(
        run_tasks(model, batches, len(batches), run.jobs, run.scheduler)), n, progress)
    for k, (items, _, adj_items, adj_parsed) in enumerate(inline):
        adjacency = adj_items if adj_parsed else [
            adjacency_from_data(a, f"shards[{k}].adjacency[{m}]")
            for m, a in enumerate(adj_items)]
        yield summarize_shard(k, starts[k], itertools.islice(results, len(items)), adjacency,
                              border[k])
    if progress is not None:
        progress(n, n)


def _counted(results: Iterator[Any], n: int, progress: Progress | None) -> Iterator[Any]:
    for i, result in enumerate(results, start=1):
        yield result
        if progress is not None and i % BATCH == 0:
            progress(i, n)
