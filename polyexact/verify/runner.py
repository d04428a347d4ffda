"""Where the verifier's tasks run: in this process, in a process pool or on Dask, in order.

A task is ``("batch", (start, items, kind))`` — consecutive cells, checked one by one
(:func:`polyexact.verify.cells.run_batch`) — or ``("shard", (shard file, start, border))`` — a
whole shard file, read and checked by the worker (:func:`polyexact.verify.shard_check.
check_shard_file`). Results always come back in task order, so what the parent does with
them, and the report, do not depend on the number of processes or on timing.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from polyexact.certificates.subject import Subject
from polyexact.verify.cells import CellChecker, init_worker, run_batch, worker_checker
from polyexact.verify.shard_check import check_shard_file

__all__ = ["Task", "run_task", "run_tasks"]

#: ``(kind, arguments)``: see the module docstring.
Task = tuple[str, tuple[Any, ...]]


def run_task(checker: CellChecker, task: Task) -> Any:
    """Run one task with ``checker``.

    Examples
    --------
    >>> from polyexact.models import construction
    >>> run_task(CellChecker(construction(1, 2, 2, 1)), ("batch", (0, [], "data")))
    []
    """
    kind, args = task
    if kind == "batch":
        return run_batch(checker, *args)
    return check_shard_file(checker, *args)


def _pool_task(task: Task) -> Any:
    return run_task(worker_checker(), task)


def _dask_task(model: Subject, task: Task) -> Any:
    return run_task(worker_checker(model), task)


def run_tasks(model: Subject, tasks: Iterable[Task], n_tasks: int, jobs: int,
              scheduler: str | None = None) -> Iterator[Any]:
    """The results of ``tasks``, in order: here (``jobs <= 1`` or one task), in a pool of
    ``jobs`` processes, or on the Dask cluster ``scheduler`` (``"local"`` or an address).

    At most a few tasks per worker are in flight on Dask; a pool is stopped on a failure,
    Ctrl-C or an abandoned generator.

    Examples
    --------
    >>> from polyexact.models import construction
    >>> list(run_tasks(construction(1, 2, 2, 1), [("batch", (0, [], "data"))], 1, 1))
    [[]]
    """
    if scheduler is not None:
        yield from _on_dask(model, tasks, jobs, scheduler)
        return
    if jobs <= 1 or n_tasks <= 1:
        checker = CellChecker(model)
        for task in tasks:
            yield run_task(checker, task)
        return
    from polyexact.processes import pool_imap

    # on a failure, Ctrl-C or an abandoned generator no worker outlives the check
    yield from pool_imap(jobs, init_worker, (model,), _pool_task, tasks)


def _on_dask(model: Subject, tasks: Iterable[Task], jobs: int, scheduler: str) -> Iterator[Any]:
    from polyexact.processes import dask_client

    with dask_client(scheduler, max(jobs, 1)) as client:
        workers = len(client.scheduler_info().get("workers", {})) or max(jobs, 1)
        window = 4 * workers
        remote = client.scatter(model, broadcast=True)
        pending: deque[Any] = deque()
        try:
            for task in tasks:
                pending.append(client.submit(_dask_task, remote, task, pure=False))
                if len(pending) >= window:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()
