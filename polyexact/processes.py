"""Worker pools that leave Ctrl-C to the parent (layer 0).

Workers ignore SIGINT: the parent catches it, terminates the pool and exits 130. A Ctrl-C that
reaches the process group while the workers are still starting would otherwise interrupt one
in its bootstrap, before its initializer ignores the signal, and the pool would wait for it
forever. So SIGINT is blocked in the parent while the workers are forked (they inherit the
mask, also across the ``exec`` of the spawn method); each worker ignores it and unblocks, which
discards a pending one, and the parent unblocks after the pool exists, where a pending Ctrl-C
is raised as usual and the new pool is terminated.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable
from multiprocessing.pool import Pool
from typing import Any

__all__ = ["default_jobs", "start_pool"]

_SIGINT = {signal.SIGINT}


def default_jobs() -> int:
    """The number of cores this process may use (at least 1).

    Returns
    -------
    int
        The size of the CPU affinity set (the CPU count where that is unknown).

    Examples
    --------
    >>> from polyexact.processes import default_jobs
    >>> default_jobs() >= 1
    True
    """
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def start_pool(processes: int, initializer: Callable[..., None],
               initargs: tuple[Any, ...] = ()) -> Pool:
    """A pool of ``processes`` workers (fork where available) that ignore Ctrl-C.

    Examples
    --------
    >>> from polyexact.processes import start_pool
    >>> pool = start_pool(2, int)  # any picklable initializer; int() does nothing here
    >>> pool.map(abs, [-1, 2, -3])
    [1, 2, 3]
    >>> pool.terminate(); pool.join()
    """
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    can_mask = hasattr(signal, "pthread_sigmask")
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGINT) if can_mask else None
    try:
        pool = ctx.Pool(processes, initializer=_quiet_start, initargs=(initializer, initargs))
    except BaseException:
        if old is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, old)
        raise
    try:
        if old is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, old)  # a pending Ctrl-C is raised here
    except BaseException:
        pool.terminate()
        pool.join()
        raise
    return pool


def _quiet_start(initializer: Callable[..., None], initargs: tuple[Any, ...]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _SIGINT)
    initializer(*initargs)
