"""Parallel enumeration: independent subtrees on a local process pool or on Dask.

The first stages run in the calling process until there are at least :data:`MIN_TASKS` pieces
(or the stages run out). Every piece is then split through the remaining stages on its own —
a piece's split depends on nothing but the piece — so each is a task for a worker. The parent
concatenates the results and pairs cells across subtree borders by the same carry rule as the
serial enumerator: cells of two subtrees can share a facet only on the hyperplane their two
root pieces share, so only those descendants are tested (exactly). The cells are then sorted by
pattern as in the serial run; interior points, rows and walls are computed by the same code on
the same pieces, so the :class:`~polyexact.cells.complex.CellComplex` is identical whatever the
number of workers.

Workers ignore SIGINT: Ctrl-C reaches the parent, which terminates the pool and re-raises.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from polyexact.cells.complex import CellComplex
from polyexact.cells.enumerate import (
    CellLimitError,
    Progress,
    _Adjacencies,
    _assemble,
    _carry_adjacency,
    _root,
    _run_stages,
    _Stage,
    _stages,
)
from polyexact.cells.split import Piece
from polyexact.models import Model

__all__ = ["MIN_TASKS", "default_jobs", "enumerate_parallel"]

#: The serial prefix stops once a stage has at least this many pieces (independent of ``jobs``).
MIN_TASKS = 32

_Result = tuple[list[Piece], _Adjacencies]
_MODEL: Model | None = None


def default_jobs() -> int:
    """The number of cores this process may use (at least 1)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def _subtree(model: Model, stages: list[_Stage], piece: Piece,
             max_cells: int | None) -> _Result:
    return _run_stages(model, stages, [piece], {}, None, max_cells)


def _init_worker(model: Model) -> None:
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


def _prefix(model: Model) -> tuple[list[Piece], _Adjacencies, list[_Stage]]:
    """Run stages serially until a stage leaves at least MIN_TASKS pieces."""
    stages = _stages(model)
    pieces: list[Piece] = [_root(model)]
    adj: _Adjacencies = {}
    k = 0
    while k < len(stages) and len(pieces) < MIN_TASKS:
        pieces, adj = _run_stages(model, [stages[k]], pieces, adj, None, None)
        k += 1
    # map updates right after the last split belong to the prefix: workers start at a split
    while k < len(stages) and stages[k][0] in ("attention", "ffn"):
        pieces, adj = _run_stages(model, [stages[k]], pieces, adj, None, None)
        k += 1
    return pieces, adj, stages[k:]


def enumerate_parallel(
    model: Model,
    *,
    jobs: int = 0,
    scheduler: str | None = None,
    progress: Progress | None = None,
    max_cells: int | None = None,
) -> CellComplex:
    """:func:`~polyexact.cells.enumerate.enumerate_cells` with subtrees on several workers.

    Parameters
    ----------
    model : Model
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
    pieces, adj, rest = _prefix(model)
    if max_cells is not None and len(pieces) > max_cells:
        raise CellLimitError(max_cells)
    if not rest:
        return _assemble(model, pieces, adj)
    jobs = jobs if jobs > 0 else default_jobs()
    tasks = [(rest, p, max_cells) for p in pieces]
    results: Iterable[_Result]
    if scheduler is not None:
        results = _run_dask(model, tasks, scheduler, jobs)
    elif jobs == 1:
        results = (_subtree(model, *t) for t in tasks)
    else:
        results = _run_pool(model, tasks, jobs)
    new: list[Piece] = []
    kids_of: list[range] = []
    merged: _Adjacencies = {}
    for done, (kids, inner) in enumerate(results, start=1):
        base = len(new)
        kids_of.append(range(base, base + len(kids)))
        new.extend(kids)
        for (x, y), key in inner.items():
            merged[(base + x, base + y)] = key
        if max_cells is not None and len(new) > max_cells:
            raise CellLimitError(max_cells)
        if progress is not None:
            progress(done, len(tasks), len(new))
    _carry_adjacency(adj, kids_of, new, merged)
    return _assemble(model, new, merged)


def _run_pool(model: Model, tasks: list[Any], jobs: int,
              function: Callable[..., Any] | None = None) -> Iterator[Any]:
    """Results of ``function(model, *task)`` (default: the subtree) in task order."""
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    pool = ctx.Pool(min(jobs, len(tasks)), initializer=_init_worker, initargs=(model,))
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


def _run_dask(model: Model, tasks: list[Any], scheduler: str, jobs: int,
              function: Callable[..., Any] = _subtree) -> list[Any]:
    import dask.distributed

    # dask's own functions are untyped: call them through Any
    dist: Any = dask.distributed
    cluster: Any = None
    if scheduler == "local":
        cluster = dist.LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = dist.Client(cluster)
    else:
        client = dist.Client(scheduler)
    try:
        return run_on_client(client, model, tasks, function)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def run_on_client(client: Any, model: Model, tasks: list[Any],
                  function: Callable[..., Any] = _subtree) -> list[Any]:
    """Run ``function(model, *task)`` for every task on a Dask ``client``; results in task order."""
    remote_model = client.scatter(model, broadcast=True)
    futures = [client.submit(function, remote_model, *t, pure=False) for t in tasks]
    return list(client.gather(futures))
