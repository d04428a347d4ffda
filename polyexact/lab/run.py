"""Running a sweep: every grid point not yet in ``results.jsonl``, on a process pool or on Dask.

Points are independent tasks (:func:`~polyexact.lab.results.count_point`). The parent appends
each row as soon as its point finishes, so an interrupted sweep keeps every finished row, and
running it again counts only the missing points. Where a point runs changes nothing in its row
but ``seconds``; :func:`run_sweep` returns the rows in grid order whatever the completion order.

On a Dask cluster a worker that dies loses nothing: the scheduler hands its unfinished tasks to
the remaining workers (Dask's own recovery), and rows are written only by this process.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Generator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from polyexact.errors import InputError
from polyexact.lab.results import append_row, count_point, read_results, row_key
from polyexact.lab.spec import SweepSpec
from polyexact.processes import dask_client, default_jobs, pool_imap

__all__ = ["Progress", "run_sweep"]

#: Called as ``progress(done, total)`` after each finished point (and once at the start).
Progress = Callable[[int, int], None]

#: How long to try reaching a Dask scheduler before giving up (an input error).
CONNECT_TIMEOUT = "20s"

_Task = tuple[str, dict[str, Any], str, bool]


def run_sweep(spec: SweepSpec, out: str | os.PathLike[str] | None, *, jobs: int = 0,
              scheduler: str | None = None, verify: bool = True,
              progress: Progress | None = None) -> list[dict[str, Any]]:
    """Count every point of ``spec`` not already in ``out/results.jsonl``; return all rows.

    Parameters
    ----------
    spec : SweepSpec
        From :func:`~polyexact.lab.spec.read_sweep_spec` or
        :func:`~polyexact.lab.spec.sweep_spec_from_data`.
    out : path-like or None
        The output folder (created if missing, inside an existing folder); rows are appended
        to ``results.jsonl``.
        ``None``: keep the rows in memory only (nothing is written, nothing resumed).
    jobs : int, default 0
        Worker processes of the local pool (0: one per core; 1: count in this process), or of
        the Dask cluster ``scheduler="local"``.
    scheduler : str, optional
        A Dask scheduler address ``tcp://HOST:PORT`` (workers started by the user), or
        ``"local"`` for a Dask cluster of ``jobs`` processes on this machine.
    verify : bool, default True
        Re-check every point with the independent verifier.
    progress : callable, optional
        ``progress(done, total)``, counting rows found from an earlier run as done.

    Returns
    -------
    list of dict
        One row per grid point, in grid order.

    Raises
    ------
    InputError
        If ``jobs`` is negative or ``out`` is not a folder.
    KeyboardInterrupt
        On Ctrl-C, after stopping the workers; finished rows stay in the file.

    See Also
    --------
    polyexact.lab.results.count_point, polyexact.lab.summary.sweep_series

    Examples
    --------
    >>> import tempfile
    >>> from polyexact.lab import run_sweep, sweep_spec_from_data
    >>> spec = sweep_spec_from_data({"format": "polyexact.sweep/1", "builder": "construction",
    ...                              "grid": {"d": [1], "N": [1, 2, 3], "d_ff": [2], "L": [1]}})
    >>> out = tempfile.mkdtemp()
    >>> [r["linear_regions"] for r in run_sweep(spec, out, jobs=1)]
    [2, 4, 6]
    >>> seen = []
    >>> _ = run_sweep(spec, out, jobs=1, progress=lambda done, total: seen.append(done))
    >>> seen  # every row was already there: nothing is recounted
    [3]
    >>> [r["pattern_cells"] for r in run_sweep(spec, None, jobs=1, verify=False)]
    [2, 4, 6]
    """
    if jobs < 0:
        raise InputError(f"expected 0 (all cores) or a positive integer, found {jobs}",
                         field="jobs")
    folder = None if out is None else Path(out)
    if folder is not None:
        if folder.exists() and not folder.is_dir():
            raise InputError("expected a folder, found a file", field=str(folder))
        if not folder.parent.is_dir():  # as for every output: a typo is not a new tree
            raise InputError(f"cannot write here: no folder {folder.parent}", field=str(folder))
        folder.mkdir(exist_ok=True)
    base = str(Path(spec.base).resolve())
    earlier = read_results(folder, repair=True) if folder is not None else []
    found = {row_key(r["builder"], r["params"]): r for r in earlier}
    keys = [row_key(spec.builder, p) for p in spec.points]
    todo = [(spec.builder, p, base, verify) for p, k in zip(spec.points, keys, strict=True)
            if k not in found]
    done = len(keys) - len(todo)
    if progress is not None:
        progress(done, len(keys))
    if todo:
        rows = (_on_dask(todo, scheduler, jobs or default_jobs()) if scheduler is not None
                else _on_pool(todo, jobs or default_jobs()))
        try:
            for row in rows:
                if folder is not None:
                    append_row(folder, row)
                found[row_key(row["builder"], row["params"])] = row
                done += 1
                if progress is not None:
                    progress(done, len(keys))
        finally:
            rows.close()  # stops the workers now, Ctrl-C included
    return [found[k] for k in keys]


def _count(task: _Task) -> dict[str, Any]:
    builder, params, base, verify = task
    return count_point(builder, params, base, verify=verify)


def _ready() -> None:
    """Pool initializer: workers need nothing but the imported package."""


def _on_pool(tasks: list[_Task], jobs: int) -> Generator[dict[str, Any], None, None]:
    """Rows in completion order; the pool is stopped on any exit (Ctrl-C included)."""
    if jobs == 1 or len(tasks) == 1:
        yield from map(_count, tasks)
        return
    # completion order: a row is written as soon as its point is done
    yield from pool_imap(min(jobs, len(tasks)), _ready, (), _count, tasks, ordered=False)


def _on_dask(tasks: list[_Task], scheduler: str, jobs: int
             ) -> Generator[dict[str, Any], None, None]:
    """Rows in completion order from the Dask cluster at ``scheduler`` (``"local"``: a local
    cluster of ``jobs`` worker processes, closed afterwards)."""
    import dask.distributed

    # dask's own functions are untyped: call them through Any
    dist: Any = dask.distributed
    with ExitStack() as stack:
        try:
            client = stack.enter_context(dask_client(scheduler, jobs, CONNECT_TIMEOUT))
        except (OSError, TimeoutError) as err:
            raise InputError(f"cannot reach the Dask scheduler: {err}",
                             field="--scheduler") from err
        yield from _gather_rows(client, dist, tasks)


def _gather_rows(client: Any, dist: Any, tasks: list[_Task]
                 ) -> Generator[dict[str, Any], None, None]:
    """Submit every point to ``client`` and yield the rows as they complete."""
    from concurrent.futures import CancelledError

    futures: list[Any] = []
    try:
        # pure=False: a task is a computation to run, not a value Dask may fetch from a cache
        futures = [client.submit(count_point, b, p, base, verify=v, pure=False)
                   for b, p, base, v in tasks]
        for future in dist.as_completed(futures):
            try:
                row = future.result()
            except (dist.KilledWorker, CancelledError, OSError) as err:
                # the cluster, not the point, failed (a task killed every worker that ran it,
                # or the scheduler went away): the rows so far are kept, a rerun resumes
                reason = " ".join(str(err).split())  # one line: Dask's messages have several
                raise InputError(f"the Dask cluster failed: {type(err).__name__}: {reason}",
                                 field="--scheduler") from err
            yield row
    finally:
        if futures:
            client.cancel(futures)
