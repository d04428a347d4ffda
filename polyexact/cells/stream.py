"""Cells one subtree at a time: an iterator over cells and a certificate writer for big runs.

Both start like :func:`~polyexact.cells.parallel.enumerate_parallel`: the stage engine's first
stages run in this process until a stage has :data:`~polyexact.cells.parallel.MIN_TASKS` pieces,
and every piece's subtree is a task (:func:`~polyexact.cells.engine.ordered_tasks`), run by
:func:`~polyexact.cells.runner.run_tasks`. The pieces of that stage are put in pattern order
first. Their partial patterns (complete layers, then the
current layer's keys and active bits so far) are pairwise distinct and have the same shape, so
every cell of an earlier subtree sorts before every cell of a later one: sorting each subtree's
cells and concatenating the subtrees gives exactly the order of ``enumerate_cells``.

:func:`iter_cells` yields the cells in that order, holding one subtree's pieces at a time (plus
the results a process pool has finished ahead of the consumer).

:func:`write_certificate_streamed` writes the same bytes as ``write_certificate(enumerate_cells(
model), path)`` without building the complex: each worker sorts its subtree and returns its cells
already encoded as canonical JSON (split around the region id), its internal adjacency, and
the full pieces only of the cells on
its subtree's border. The parent pairs border cells across subtrees by the carry rule, sorts the
adjacency and numbers the regions (which come before the cells in the file, so the encoded cells
are held — as text — until then). What it holds: the text of every cell, one exact map text per
cell until the regions are numbered, the adjacency as integer pairs with wall texts, and the
border pieces.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from polyexact.cells import parallel
from polyexact.cells.coverage import is_bounded_domain
from polyexact.cells.engine import (
    CellLimitError,
    Progress,
    Stage,
    Subtree,
    merge_across,
    ordered_tasks,
    paused_gc,
    run_task,
)
from polyexact.cells.enumerate import enumerate_cells
from polyexact.cells.piece import Piece
from polyexact.cells.regions import region_ids_by_key
from polyexact.cells.runner import run_tasks
from polyexact.certificates.cell import Cell
from polyexact.certificates.cell_text import cell_text_parts, map_text, wall_text
from polyexact.certificates.write import (
    certificate_chunks,
    manifest_fields,
    write_certificate,
    write_text_chunks,
)
from polyexact.models import Model

__all__ = ["StreamSummary", "iter_cells", "write_certificate_streamed"]


@dataclass(frozen=True)
class StreamSummary:
    """What :func:`write_certificate_streamed` wrote: the counts and the path.

    Attributes
    ----------
    pattern_cells : int
        The number of pattern cells.
    linear_regions : int
        The number of maximal linear regions.
    adjacencies : int
        The number of facet adjacencies.
    path : Path
        The certificate file.

    See Also
    --------
    write_certificate_streamed

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from polyexact.cells import write_certificate_streamed
    >>> from polyexact.models import construction
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     s = write_certificate_streamed(construction(1, 2, 2, 1), pathlib.Path(tmp) / "c.json")
    >>> s.pattern_cells, s.linear_regions, s.adjacencies, s.path.name
    (4, 4, 3, 'c.json')
    """

    pattern_cells: int
    linear_regions: int
    adjacencies: int
    path: Path


@dataclass(frozen=True)
class _Records:
    """One subtree's cells in pattern order, encoded (see the module docstring)."""

    heads: list[str]
    tails: list[str]
    maps: list[str]
    adjacency: list[tuple[int, int, str]]
    border: dict[int, Piece]


def _cells(subtree: Subtree) -> list[Cell]:
    return [Cell(pattern, p.A, p.b, p.walls, p.point, p.to_state)
            for pattern, p in zip(subtree.patterns, subtree.pieces, strict=True)]


def _sorted_subtree(model: Model, stages: list[Stage], piece: Piece,
                    max_cells: int | None) -> list[Cell]:
    with paused_gc():
        return _cells(run_task(model, stages, piece, max_cells, border=False))


def iter_cells(model: Model, *, jobs: int = 1, scheduler: str | None = None,
               max_cells: int | None = None) -> Iterator[Cell]:
    """Yield the cells of ``model`` in the order of ``enumerate_cells(model).cells``.

    The whole complex is never held: one subtree's cells at a time (with ``jobs > 1``, also the
    subtrees the workers have finished ahead). No adjacency is computed.

    Parameters
    ----------
    model : Model
    jobs : int, default 1
        Worker processes (0: one per core).
    scheduler : str, optional
        ``"local"`` or ``tcp://HOST:PORT``: run the subtrees on Dask.
    max_cells : int, optional
        Stop with :class:`~polyexact.cells.enumerate.CellLimitError` when a subtree (or the
        serial prefix) has more pieces than this; unlike ``enumerate_cells``, the total is not
        checked, since cells are handed out before it is known.

    Examples
    --------
    >>> from polyexact.cells import enumerate_cells
    >>> from polyexact.models.builders import construction
    >>> m = construction(1, 2, 2, 2)
    >>> tuple(iter_cells(m)) == enumerate_cells(m).cells
    True
    """
    tasks, _ = ordered_tasks(model, max_cells, parallel.MIN_TASKS)
    for cells in run_tasks(model, tasks, jobs, scheduler, _sorted_subtree):
        yield from cells


def _subtree_records(model: Model, stages: list[Stage], piece: Piece,
                     max_cells: int | None) -> _Records:
    """Run in a worker: a subtree's cells sorted, encoded, with their adjacency."""
    with paused_gc():
        return _records(run_task(model, stages, piece, max_cells))


def _records(subtree: Subtree) -> _Records:
    """A subtree's cells encoded (see the module docstring)."""
    heads, tails, maps = [], [], []
    for cell in _cells(subtree):
        mapping = map_text(cell)
        head, tail = cell_text_parts(cell, mapping)
        heads.append(head)
        tails.append(tail)
        maps.append(mapping)
    adjacency = [(i, k, wall_text(w)) for i, k, w in subtree.adjacency]
    return _Records(heads, tails, maps, adjacency, subtree.border)


def write_certificate_streamed(
    model: Model,
    path: str | os.PathLike[str],
    *,
    jobs: int = 1,
    scheduler: str | None = None,
    progress: Progress | None = None,
    max_cells: int | None = None,
) -> StreamSummary:
    """Enumerate ``model`` and write its certificate, without building the cell complex.

    The file has exactly the bytes of ``write_certificate(enumerate_cells(model), path)`` (for
    any ``jobs``); see the module docstring for what is held in memory. For an unbounded domain
    it enumerates first, then writes.

    Parameters
    ----------
    model : Model
    path : str or PathLike
        Written atomically.
    jobs, scheduler, progress, max_cells
        As for :func:`~polyexact.cells.enumerate.enumerate_cells`; progress reports
        ``(subtrees done, subtrees, cells)``.

    Returns
    -------
    StreamSummary
        The pattern-cell, linear-region and adjacency counts, and the path.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from polyexact.cells import enumerate_cells, write_certificate
    >>> from polyexact.models.builders import construction
    >>> m = construction(2, 2, 4, 1)
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     s = write_certificate_streamed(m, pathlib.Path(tmp) / "a.json", jobs=2)
    ...     t = write_certificate(enumerate_cells(m), pathlib.Path(tmp) / "b.json")
    ...     same = s.path.read_bytes() == t.read_bytes()
    >>> same, s.pattern_cells, s.linear_regions
    (True, 16, 16)
    """
    with paused_gc():
        return _write_streamed(model, path, jobs, scheduler, progress, max_cells)


def _write_streamed(model: Model, path: str | os.PathLike[str], jobs: int,
                    scheduler: str | None, progress: Progress | None, max_cells: int | None
                    ) -> StreamSummary:
    d = model.d_model
    if not is_bounded_domain(model.domain, d):
        cx = enumerate_cells(model, progress=progress, max_cells=max_cells, jobs=jobs,
                             scheduler=scheduler)
        return StreamSummary(cx.n_cells, cx.n_regions, len(cx.adjacency),
                             write_certificate(cx, path))
    tasks, root_adj = ordered_tasks(model, max_cells, parallel.MIN_TASKS)
    heads: list[str] = []
    tails: list[str] = []
    maps: list[str] = []
    adjacency: list[tuple[int, int, str]] = []
    border: dict[int, Piece] = {}
    kids_of: list[list[int]] = []
    for done, rec in enumerate(run_tasks(model, tasks, jobs, scheduler, _subtree_records),
                               start=1):
        base = len(heads)
        heads += rec.heads
        tails += rec.tails
        maps += rec.maps
        adjacency += [(base + i, base + k, w) for i, k, w in rec.adjacency]
        kids_of.append([base + i for i in sorted(rec.border)])
        border.update((base + i, p) for i, p in rec.border.items())
        if max_cells is not None and len(heads) > max_cells:
            raise CellLimitError(max_cells)
        if progress is not None:
            progress(done, len(tasks), len(heads))
    adjacency += [(i, k, wall_text(w)) for i, k, w in merge_across(root_adj, kids_of, border)]
    del border
    adjacency.sort()
    regions = region_ids_by_key(maps, [(i, k) for i, k, _ in adjacency])
    del maps
    n_regions = max(regions) + 1 if regions else 0
    fields = manifest_fields(model, len(heads), n_regions)
    texts = (h + str(r) + t for h, r, t in zip(heads, regions, tails, strict=True))
    chunks = certificate_chunks(fields, len(heads), texts, adjacency, None)
    written = write_text_chunks(chunks, path)
    return StreamSummary(len(heads), n_regions, len(adjacency), written)
