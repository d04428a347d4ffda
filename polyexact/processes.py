"""Worker pools that leave Ctrl-C and SIGTERM to the parent (layer 0).

Workers ignore SIGINT: the parent catches it, terminates the pool and exits 130. SIGTERM (what
``kill``, ``timeout`` and batch schedulers send) is handled the same way: inside
:func:`sigterm_as_interrupt` it raises :class:`Terminated`, a :class:`KeyboardInterrupt`, so every
clean-up written for Ctrl-C (pools terminated, temporary files removed) runs for it too; workers
keep the default SIGTERM action, so the parent's ``Pool.terminate`` stops them. A Ctrl-C that
reaches the process group while the workers are still starting would otherwise interrupt one
in its bootstrap, before its initializer ignores the signal, and the pool would wait for it
forever. So SIGINT is blocked in the parent while the workers are forked (they inherit the
mask, also across the ``exec`` of the spawn method); each worker ignores it and unblocks, which
discards a pending one, and the parent unblocks after the pool exists, where a pending Ctrl-C
is raised as usual and the new pool is terminated. SIGTERM is blocked the same way, so a worker
never runs the parent's SIGTERM handler.

A pool whose results are abandoned early (a failure found, the consumer gone) is not
terminated but wound down (:func:`pool_imap`): ``Pool.terminate`` kills workers that may be in
the middle of sending a result, holding the result queue's lock, and the pool's task thread
then waits for that lock forever (a known hazard of :mod:`multiprocessing`). Only Ctrl-C and
SIGTERM, which must stop the run at once, terminate the pool.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from multiprocessing.pool import Pool
from types import FrameType
from typing import Any

__all__ = ["Terminated", "dask_client", "default_jobs", "pool_imap", "sigterm_as_interrupt",
           "start_pool"]

_BLOCKED = {signal.SIGINT, signal.SIGTERM}


class Terminated(KeyboardInterrupt):
    """SIGTERM arrived: raised like Ctrl-C's :class:`KeyboardInterrupt`, so the same clean-up runs.

    See Also
    --------
    sigterm_as_interrupt

    Examples
    --------
    >>> from polyexact.processes import Terminated
    >>> issubclass(Terminated, KeyboardInterrupt)
    True
    """


@contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """Within the block, SIGTERM raises :class:`Terminated` in the main thread.

    A second SIGTERM while the first one's clean-up runs is ignored, so the clean-up finishes.
    Outside the main thread (where Python cannot install handlers) the block changes nothing.
    The previous handler is restored on exit.

    Examples
    --------
    >>> import os, signal, time
    >>> from polyexact.processes import Terminated, sigterm_as_interrupt
    >>> try:
    ...     with sigterm_as_interrupt():
    ...         os.kill(os.getpid(), signal.SIGTERM)
    ...         time.sleep(10)  # the handler interrupts the sleep at once
    ... except Terminated:
    ...     print("terminated")
    terminated
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: FrameType | None) -> None:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        raise Terminated

    old = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old)


@contextmanager
def _held_signals() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM within the block and deliver them at its end.

    Dask cannot close a ``LocalCluster`` whose workers are still starting (its exit handler
    then fails with a traceback), so a signal that arrives while one starts (a second or two)
    takes effect once it has started, inside the caller's clean-up. Outside the main thread the
    block changes nothing.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held: list[int] = []
    kinds = (signal.SIGINT, signal.SIGTERM)
    old = {kind: signal.signal(kind, lambda signum, frame: held.append(signum)) for kind in kinds}
    try:
        yield
    finally:
        for kind, handler in old.items():
            signal.signal(kind, handler)
        for signum in dict.fromkeys(held):
            signal.raise_signal(signum)


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

    Workers ignore SIGINT and take the default action on SIGTERM (whatever handler the parent
    has installed), so ``Pool.terminate`` stops them.

    Examples
    --------
    >>> from polyexact.processes import start_pool
    >>> pool = start_pool(2, int)  # any picklable initializer; int() does nothing here
    >>> pool.map(abs, [-1, 2, -3])
    [1, 2, 3]
    >>> pool.terminate(); pool.join()
    """
    ctx = _context()
    can_mask = hasattr(signal, "pthread_sigmask")
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _BLOCKED) if can_mask else None
    try:
        pool: Pool = ctx.Pool(processes, initializer=_quiet_start,
                              initargs=(initializer, initargs))
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


#: Set in a worker when its pool is wound down: the tasks it has not started return at once.
_STOP: Any = None


def pool_imap(processes: int, initializer: Callable[..., None], initargs: tuple[Any, ...],
              function: Callable[[Any], Any], items: Iterable[Any], *, ordered: bool = True
              ) -> Iterator[Any]:
    """``function(item)`` for every item on a new pool of ``processes`` workers: the results in
    order (``ordered``) or as they complete; the pool is gone when the generator is.

    ``function`` must be picklable (a module-level function); ``initializer(*initargs)`` runs
    once in each worker. When the results are abandoned early (an exception in the consumer,
    the generator closed), the tasks not started yet are skipped, those running finish, and
    the pool is closed; Ctrl-C or SIGTERM (a :class:`KeyboardInterrupt`) terminates it at once.

    Examples
    --------
    >>> from polyexact.processes import pool_imap
    >>> list(pool_imap(2, int, (), abs, [-1, 2, -3]))
    [1, 2, 3]
    >>> results = pool_imap(2, int, (), abs, range(-1000, 0))
    >>> next(results), results.close()
    (1000, None)
    """
    stop = _context().Event()
    pool = start_pool(processes, _stoppable, (stop, initializer, initargs))
    calls = ((function, item) for item in items)
    run = pool.imap if ordered else pool.imap_unordered
    results = run(_unless_stopped, calls, chunksize=1)
    try:
        yield from results
    except (Exception, GeneratorExit):
        stop.set()
        _drain(results, pool)
        raise
    except BaseException:
        pool.terminate()  # Ctrl-C, SIGTERM: now
        pool.join()
        raise
    pool.close()
    pool.join()


#: Seconds a wound-down pool may take to finish its running tasks before it is terminated.
DRAIN_SECONDS = 5.0


def _drain(results: Any, pool: Pool) -> None:
    """Wait for the skipped and running tasks, then close the pool; terminate it when that
    takes longer than :data:`DRAIN_SECONDS` (a Ctrl-C raised in the consumer closes the
    generator too, and must not wait for long tasks) or on Ctrl-C."""
    deadline = time.monotonic() + DRAIN_SECONDS
    try:
        while True:
            try:
                results.next(timeout=max(0.0, deadline - time.monotonic()))
            except StopIteration:
                break
            except multiprocessing.TimeoutError:
                pool.terminate()
                break
            except Exception:  # a task's own failure: the consumer has stopped already
                continue
        pool.close()
        pool.join()
    except BaseException:
        pool.terminate()
        pool.join()
        raise


def _stoppable(stop: Any, initializer: Callable[..., None], initargs: tuple[Any, ...]) -> None:
    global _STOP
    _STOP = stop
    initializer(*initargs)


def _unless_stopped(call: tuple[Callable[[Any], Any], Any]) -> Any:
    function, item = call
    return None if _STOP is not None and _STOP.is_set() else function(item)


def _context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _quiet_start(initializer: Callable[..., None], initargs: tuple[Any, ...]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        # a pending SIGINT is discarded, a pending SIGTERM ends the worker
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _BLOCKED)
    initializer(*initargs)


@contextmanager
def dask_client(scheduler: str, jobs: int, timeout: str | None = None) -> Iterator[Any]:
    """A Dask client on the cluster at ``scheduler``, closed on exit.

    ``"local"`` starts a ``LocalCluster`` of ``jobs`` single-threaded worker processes (closed
    afterwards); anything else is the address of an existing scheduler (``tcp://HOST:PORT``),
    reached within ``timeout`` (Dask's default when ``None``). On Ctrl-C or SIGTERM, the
    ``distributed`` and ``asyncio`` loggers are silenced for the rest of the process before the
    shutdown: closing a cluster mid-run makes its scheduler warn about every worker and task it
    loses, and the user asked for one line, not those.

    Examples
    --------
    >>> with dask_client("local", 1) as client:
    ...     client.submit(sum, [1, 2]).result()
    3
    """
    import dask.distributed

    # dask's own functions are untyped: call them through Any
    dist: Any = dask.distributed
    cluster: Any = None
    try:
        if scheduler == "local":
            # silence_logs: the workers' warnings (tasks cancelled at shutdown) are not the
            # user's business; their errors still show
            with _held_signals():
                cluster = dist.LocalCluster(n_workers=jobs, threads_per_worker=1,
                                            processes=True, dashboard_address=":0",
                                            silence_logs=logging.ERROR)
            client = dist.Client(cluster)
        else:
            client = dist.Client(scheduler, **({} if timeout is None else {"timeout": timeout}))
    except BaseException:
        if cluster is not None:
            cluster.close()
        raise
    try:
        yield client
    except (KeyboardInterrupt, GeneratorExit):  # GeneratorExit: a generator's run was abandoned
        # Dask's loggers, and asyncio's for the client's gathers left pending (reported when
        # they are collected): the process is being stopped, their reports are noise by now
        for name in ("distributed", "asyncio"):
            logging.getLogger(name).setLevel(logging.CRITICAL + 1)
        raise
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
