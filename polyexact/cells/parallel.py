"""Parallel enumeration: independent subtrees on a local process pool or on Dask.

The first stages run in the calling process until there are at least :data:`MIN_TASKS` pieces
(or the stages run out). Every piece is then split through the remaining stages on its own —
a piece's split depends on nothing but the piece — so each is a task for a worker. Tasks are
put in the order of their pieces' partial patterns (:func:`ordered_tasks`); each worker sorts
its subtree's cells and sends them packed (:mod:`polyexact.cells.packed`), so concatenating the
results gives the cells in the serial order without a global sort. The parent pairs cells
across subtree borders by the same carry rule as the serial enumerator: cells of two subtrees
can share a facet only on the hyperplane their two root pieces share, so only those
descendants are tested (exactly). Interior points, rows and walls are computed by the same code
on the same pieces, so the :class:`~polyexact.certificates.CellComplex` is identical whatever
the number of workers.

Workers ignore SIGINT: Ctrl-C reaches the parent, which terminates the pool and re-raises.
"""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from polyexact.cells.adjacency import _Adjacencies, _carry_adjacency
from polyexact.cells.enumerate import (
    CellLimitError,
    Progress,
    _root,
    _run_stages,
    _Stage,
    _stages,
    paused_gc,
)
from polyexact.cells.network_cells import NetworkComplex
from polyexact.cells.packed import PackedCells, pack_cells, unpack_cells
from polyexact.cells.piece import Piece
from polyexact.cells.regions import region_ids
from polyexact.certificates.cell import Cell, Wall
from polyexact.certificates.complex import Adjacency, CellComplex
from polyexact.models import LayerPattern, Model
from polyexact.networks import Network
from polyexact.processes import dask_client, default_jobs

__all__ = ["MIN_TASKS", "enumerate_parallel", "ordered_tasks", "run_tasks"]

#: The serial prefix stops once a stage has at least this many pieces (independent of ``jobs``).
MIN_TASKS = 32

_Result = tuple[list[Piece], _Adjacencies]
_Task = tuple[list[_Stage], Piece, int | None]
_MODEL: Model | Network | None = None


def _subtree(model: Model | Network, stages: list[_Stage], piece: Piece,
             max_cells: int | None) -> _Result:
    return _run_stages(model, stages, [piece], {}, None, max_cells)


def _init_worker(model: Model | Network) -> None:
    global _MODEL
    # the parent handles Ctrl-C and terminates the pool
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _MODEL = model


def _pool_task(args: tuple[list[_Stage], Piece, int | None]) -> _Result:
    assert _MODEL is not None
    return _subtree(_MODEL, *args)


def _pool_call(args: tuple[Callable[..., Any], tuple[Any, ...]]) -> Any:
    """Run ``function(model, *rest)`` in a worker (the model was sent once, at start-up)."""
    assert _MODEL is not None
    function, rest = args
    return function(_MODEL, *rest)


def _prefix(model: Model | Network, min_tasks: int
            ) -> tuple[list[Piece], _Adjacencies, list[_Stage]]:
    """Run stages serially until a stage leaves at least ``min_tasks`` pieces."""
    stages = _stages(model)
    pieces: list[Piece] = [_root(model)]
    adj: _Adjacencies = {}
    k = 0
    while k < len(stages) and len(pieces) < min_tasks:
        pieces, adj = _run_stages(model, [stages[k]], pieces, adj, None, None)
        k += 1
    # map updates right after the last split belong to the prefix: workers start at a split
    while k < len(stages) and stages[k][0] not in ("route", "neuron"):
        pieces, adj = _run_stages(model, [stages[k]], pieces, adj, None, None)
        k += 1
    return pieces, adj, stages[k:]


def ordered_tasks(model: Model | Network, max_cells: int | None, min_tasks: int = MIN_TASKS
                  ) -> tuple[list[_Task], _Adjacencies]:
    """The subtree tasks in pattern order, and the adjacency of their root pieces.

    The root pieces' partial patterns (complete layers, then the current layer's keys and
    active bits so far) are pairwise distinct and of one shape, so every cell of an earlier
    subtree sorts before every cell of a later one: sorted subtrees, concatenated in this
    order, are in the order of the serial enumeration.

    Parameters
    ----------
    model : Model
        The model.
    max_cells : int or None
        As for :func:`enumerate_cells`; passed on to every task.
    min_tasks : int, default MIN_TASKS
        The serial prefix stops at the first stage with at least this many pieces (more
        tasks: smaller subtrees, so less memory per task; the result never depends on it).

    Returns
    -------
    tasks : list of (stages, Piece, int or None)
        One task per subtree: the remaining stages, the root piece and ``max_cells``.
    adjacency : dict
        ``(i, k) -> hyperplane`` for root pieces ``i < k`` (task indices) sharing a facet.

    Raises
    ------
    CellLimitError
        If the prefix alone has more than ``max_cells`` pieces.

    See Also
    --------
    run_tasks

    Examples
    --------
    >>> from polyexact.cells.parallel import ordered_tasks
    >>> from polyexact.models import construction
    >>> tasks, adjacency = ordered_tasks(construction(1, 2, 2, 1), None)
    >>> len(tasks), sorted(adjacency)
    (4, [(0, 1), (1, 2), (2, 3)])
    """
    pieces, adj, rest = _prefix(model, min_tasks)
    if max_cells is not None and len(pieces) > max_cells:
        raise CellLimitError(max_cells)
    patterns = [(tuple(LayerPattern(k, a) for k, a in p.done), p.keys, p.active)
                for p in pieces]
    order = sorted(range(len(pieces)), key=patterns.__getitem__)
    rank = {old: new for new, old in enumerate(order)}
    ordered = {(rank[i], rank[k]): key for (i, k), key in adj.items()}
    return [(rest, pieces[i], max_cells) for i in order], ordered


def run_tasks(model: Model | Network, tasks: Sequence[tuple[Any, ...]], jobs: int,
              scheduler: str | None,
              function: Callable[..., Any]) -> Iterable[Any]:
    """``function(model, *task)`` for every task, in task order, wherever they run.

    Parameters
    ----------
    model : Model
        Sent once to each worker.
    tasks : sequence of tuples
        From :func:`ordered_tasks`, possibly with more arguments for ``function``.
    jobs : int
        Worker processes; 0 means :func:`~polyexact.processes.default_jobs`. With 1 (or one
        task, or nothing left to split) the tasks run lazily in this process.
    scheduler : str or None
        ``"local"`` or a Dask scheduler address to run on Dask instead of a process pool.
    function : callable
        Called as ``function(model, *task)``; must be picklable when run elsewhere.

    Returns
    -------
    iterable
        The results, in task order.

    See Also
    --------
    ordered_tasks, enumerate_cells

    Examples
    --------
    >>> from polyexact.cells.parallel import ordered_tasks, run_tasks
    >>> from polyexact.models import construction
    >>> m = construction(1, 2, 2, 1)
    >>> tasks, _ = ordered_tasks(m, None)
    >>> list(run_tasks(m, tasks, 1, None, lambda model, stages, piece, limit: piece.point))
    [(Fraction(1, 8),), (Fraction(3, 8),), (Fraction(5, 8),), (Fraction(7, 8),)]
    """
    jobs = jobs if jobs > 0 else default_jobs()
    if scheduler is not None:
        return _run_dask(model, tasks, scheduler, jobs, function)
    if jobs == 1 or len(tasks) == 1 or not tasks[0][0]:
        return (function(model, *t) for t in tasks)
    return _run_pool(model, tasks, jobs, function)


def _subtree_packed(model: Model | Network, stages: list[_Stage], piece: Piece,
                    max_cells: int | None) -> PackedCells:
    with paused_gc():
        pieces, adj = _run_stages(model, stages, [piece], {}, None, max_cells)
        # descendants can meet another subtree's cells only on a hyperplane of the root piece
        return pack_cells(pieces, adj, set(piece.hyperplanes))


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
    tasks, root_adj = ordered_tasks(model, max_cells)
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
    across: _Adjacencies = {}
    _carry_adjacency(root_adj, kids_of, border, across)
    for (i, k), key in across.items():
        p = border[i]  # i < k: the wall is named by the first cell, as in the serial run
        pairs.append((i, k, p.walls[p.hyperplanes.index(key)]))
    pairs.sort(key=lambda t: (t[0], t[1]))
    adjacency = tuple(Adjacency(i, k, w) for i, k, w in pairs)
    if isinstance(model, Network):
        return NetworkComplex(model, tuple(cells), adjacency, region_ids(cells, adjacency))
    return CellComplex(model, tuple(cells), adjacency, region_ids(cells, adjacency))


def _run_pool(model: Model | Network, tasks: Sequence[Any], jobs: int,
              function: Callable[..., Any] | None = None) -> Iterator[Any]:
    """Results of ``function(model, *task)`` (default: the subtree) in task order."""
    from polyexact.processes import start_pool

    pool = start_pool(min(jobs, len(tasks)), _init_worker, (model,))
    try:
        # ordered results: the merge order (hence nothing visible) never depends on timing
        if function is None:
            yield from pool.imap(_pool_task, tasks, chunksize=1)
        else:
            yield from pool.imap(_pool_call, [(function, t) for t in tasks], chunksize=1)
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()


def _run_dask(model: Model | Network, tasks: Sequence[Any], scheduler: str, jobs: int,
              function: Callable[..., Any] = _subtree) -> Iterator[Any]:
    with dask_client(scheduler, jobs) as client:
        yield from iter_on_client(client, model, tasks, function)


def iter_on_client(client: Any, model: Model | Network, tasks: Sequence[Any],
                   function: Callable[..., Any] = _subtree) -> Iterator[Any]:
    """Run ``function(model, *task)`` for every task on a Dask ``client``; results in task order.

    Each result is fetched when the consumer reaches it and then released, so the caller holds
    one result at a time (the cluster keeps the finished ones until then).
    """
    remote_model = client.scatter(model, broadcast=True)
    futures = [client.submit(function, remote_model, *t, pure=False) for t in tasks]
    for n, future in enumerate(futures):
        result = future.result()
        futures[n] = None
        future.release()
        yield result
