"""Parallel enumeration: independent subtrees on a local process pool or on Dask.

The stage engine's serial prefix runs in the calling process until there are at least
:data:`MIN_TASKS` pieces (or the stages run out); every piece's subtree is then a task
(:func:`~polyexact.cells.engine.ordered_tasks`, in the order of the pieces' partial patterns),
run by :func:`~polyexact.cells.runner.run_tasks`. Each worker runs its task
(:func:`~polyexact.cells.engine.run_task`: cells sorted by pattern) and sends the cells packed
(:mod:`polyexact.cells.packed`), so concatenating the results gives the cells in the serial order
without a global sort. The parent pairs cells across subtree borders by the same carry rule as
the serial enumerator (:func:`~polyexact.cells.engine.merge_across`). Interior points, rows and
walls are computed by the same code on the same pieces, so the
:class:`~polyexact.certificates.CellComplex` is identical whatever the number of workers.
"""

from __future__ import annotations

# the carry rule, importable by this module's name (tests substitute it here as well)
from polyexact.cells.adjacency import _carry_adjacency  # noqa: F401
from polyexact.cells.engine import (
    CellLimitError,
    Progress,
    Stage,
    merge_across,
    ordered_tasks,
    paused_gc,
    run_task,
)
from polyexact.cells.network_cells import NetworkComplex
from polyexact.cells.packed import PackedCells, pack_cells, unpack_cells
from polyexact.cells.piece import Piece
from polyexact.cells.regions import region_ids
from polyexact.cells.runner import run_tasks
from polyexact.certificates.cell import Cell, Wall
from polyexact.certificates.complex import Adjacency, CellComplex
from polyexact.models import Model
from polyexact.networks import Network

__all__ = ["MIN_TASKS", "enumerate_parallel"]

#: The serial prefix stops once a stage has at least this many pieces (independent of
#: ``jobs``); the default of every driver that runs many tasks.
MIN_TASKS = 32


def _subtree_packed(model: Model | Network, stages: list[Stage], piece: Piece,
                    max_cells: int | None) -> PackedCells:
    with paused_gc():
        return pack_cells(run_task(model, stages, piece, max_cells))


def enumerate_parallel(
    model: Model | Network,
    *,
    jobs: int = 0,
    scheduler: str | None = None,
    progress: Progress | None = None,
    max_cells: int | None = None,
) -> CellComplex | NetworkComplex:
    """:func:`~polyexact.cells.enumerate.enumerate_cells` with subtrees on several workers.

    Each worker sorts its subtree's cells and sends them packed
    (:mod:`polyexact.cells.packed`); the parent concatenates the subtrees in pattern order,
    pairs border cells across subtrees by the carry rule and numbers the regions.

    Parameters
    ----------
    model : Model or Network
    jobs : int, default 0
        Local worker processes (0: one per core; 1: no pool). Ignored with ``scheduler``.
    scheduler : str, optional
        ``"local"`` (a Dask LocalCluster with ``jobs`` workers) or ``tcp://HOST:PORT``.
    progress, max_cells
        As for ``enumerate_cells``; progress reports ``(subtrees done, subtrees, cells)``.

    Examples
    --------
    >>> from polyexact.models.builders import construction
    >>> from polyexact.cells import enumerate_cells
    >>> m = construction(1, 2, 2, 2)
    >>> enumerate_parallel(m, jobs=2) == enumerate_cells(m)
    True
    """
    with paused_gc():
        return _enumerate_parallel(model, jobs, scheduler, progress, max_cells)


def _enumerate_parallel(model: Model | Network, jobs: int, scheduler: str | None,
                        progress: Progress | None, max_cells: int | None
                        ) -> CellComplex | NetworkComplex:
    tasks, root_adj = ordered_tasks(model, max_cells, MIN_TASKS)
    cells: list[Cell] = []
    pairs: list[tuple[int, int, Wall]] = []
    border: dict[int, Piece] = {}
    kids_of: list[list[int]] = []
    for done, packed in enumerate(run_tasks(model, tasks, jobs, scheduler, _subtree_packed),
                                  start=1):
        base = len(cells)
        kids, inner, edge = unpack_cells(packed)
        cells += kids
        pairs += [(base + i, base + k, w) for i, k, w in inner]
        kids_of.append([base + i for i in sorted(edge)])
        border.update((base + i, p) for i, p in edge.items())
        if max_cells is not None and len(cells) > max_cells:
            raise CellLimitError(max_cells)
        if progress is not None:
            progress(done, len(tasks), len(cells))
    pairs += merge_across(root_adj, kids_of, border)
    pairs.sort(key=lambda t: (t[0], t[1]))
    adjacency = tuple(Adjacency(i, k, w) for i, k, w in pairs)
    if isinstance(model, Network):
        return NetworkComplex(model, tuple(cells), adjacency, region_ids(cells, adjacency))
    return CellComplex(model, tuple(cells), adjacency, region_ids(cells, adjacency))
