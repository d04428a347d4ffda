"""The task runner: subtree tasks in this process, on a local process pool or on Dask.

Every multi-task driver (:mod:`~polyexact.cells.parallel`, :mod:`~polyexact.cells.stream`,
:mod:`~polyexact.cells.shards`) hands its tasks from :func:`~polyexact.cells.engine.ordered_tasks`
and a function of one task to :func:`run_tasks`, and receives the results in task order,
whatever ran them. Workers ignore SIGINT: Ctrl-C reaches the parent, which terminates the pool
and re-raises.
"""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from polyexact.models import Model
from polyexact.networks import Network
from polyexact.processes import dask_client, default_jobs, pool_imap

__all__ = ["iter_on_client", "run_tasks"]

_MODEL: Model | Network | None = None


def _init_worker(model: Model | Network) -> None:
    global _MODEL
    # the parent handles Ctrl-C and terminates the pool
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _MODEL = model


def _pool_call(args: tuple[Callable[..., Any], tuple[Any, ...]]) -> Any:
    """Run ``function(model, *rest)`` in a worker (the model was sent once, at start-up)."""
    assert _MODEL is not None
    function, rest = args
    return function(_MODEL, *rest)


def run_tasks(model: Model | Network, tasks: Sequence[tuple[Any, ...]], jobs: int,
              scheduler: str | None,
              function: Callable[..., Any]) -> Iterable[Any]:
    """``function(model, *task)`` for every task, in task order, wherever they run.

    Parameters
    ----------
    model : Model or Network
        Sent once to each worker.
    tasks : sequence of tuples
        From :func:`~polyexact.cells.engine.ordered_tasks`, possibly with more arguments for
        ``function``.
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
    polyexact.cells.engine.ordered_tasks, polyexact.cells.engine.run_task

    Examples
    --------
    >>> from polyexact.cells.engine import ordered_tasks
    >>> from polyexact.cells.runner import run_tasks
    >>> from polyexact.models import construction
    >>> m = construction(1, 2, 2, 1)
    >>> tasks, _ = ordered_tasks(m, None, 32)
    >>> list(run_tasks(m, tasks, 1, None, lambda model, stages, piece, limit: piece.point))
    [(Fraction(1, 8),), (Fraction(3, 8),), (Fraction(5, 8),), (Fraction(7, 8),)]
    """
    jobs = jobs if jobs > 0 else default_jobs()
    if scheduler is not None:
        return _run_dask(model, tasks, scheduler, jobs, function)
    if jobs == 1 or len(tasks) == 1 or not tasks[0][0]:
        return (function(model, *t) for t in tasks)
    return _run_pool(model, tasks, jobs, function)


def _run_pool(model: Model | Network, tasks: Sequence[Any], jobs: int,
              function: Callable[..., Any]) -> Iterator[Any]:
    """Results of ``function(model, *task)`` in task order."""
    # ordered results: the merge order (hence nothing visible) never depends on timing
    yield from pool_imap(min(jobs, len(tasks)), _init_worker, (model,), _pool_call,
                         [(function, t) for t in tasks])


def _run_dask(model: Model | Network, tasks: Sequence[Any], scheduler: str, jobs: int,
              function: Callable[..., Any]) -> Iterator[Any]:
    with dask_client(scheduler, jobs) as client:
        yield from iter_on_client(client, model, tasks, function)


def iter_on_client(client: Any, model: Model | Network, tasks: Sequence[Any],
                   function: Callable[..., Any]) -> Iterator[Any]:
    """Run ``function(model, *task)`` for every task on a Dask ``client``; results in task order.

    Each result is fetched when the consumer reaches it and then released, so the caller holds
    one result at a time (the cluster keeps the finished ones until then).

    Examples
    --------
    >>> from polyexact.cells.runner import iter_on_client
    >>> class Inline:  # the two calls of a Dask client this uses, run in this process
    ...     def scatter(self, x, broadcast): return x
    ...     def submit(self, f, *args, pure): return Done(f(*args))
    >>> class Done:
    ...     def __init__(self, value): self.value = value
    ...     def result(self): return self.value
    ...     def release(self): pass
    >>> list(iter_on_client(Inline(), 10, [(1,), (2,)], lambda m, x: m + x))
    [11, 12]
    """
    remote_model = client.scatter(model, broadcast=True)
    futures = [client.submit(function, remote_model, *t, pure=False) for t in tasks]
    for n, future in enumerate(futures):
        result = future.result()
        futures[n] = None
        future.release()
        yield result
