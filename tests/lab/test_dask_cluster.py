"""Sweeps on a real Dask cluster: a ``dask scheduler`` and ``dask worker`` processes on 127.0.0.1.

Rows are the pool's rows, and a worker killed (SIGKILL) while it runs a point loses nothing: the
scheduler gives its tasks to the other worker and the sweep completes with the same rows.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from polyexact.lab import RESULTS, read_results, run_sweep, sweep_spec_from_data
from tests.lab._rows import timeless
from tests.reliability._cli import ROOT, start

DASK = Path(sys.executable).parent / "dask"
#: Two points of milliseconds and six of about half a second each (256 cells, re-checked).
SPEC: dict[str, Any] = {"format": "polyexact.sweep/1", "builder": "construction",
                        "grid": {"d": [2], "N": [1, 2], "d_ff": [4, 5, 6, 7], "L": [2]}}
#: Bound on every wait (start-up, a sweep, shutdown).
WAIT = 120.0

pytestmark = pytest.mark.skipif(not DASK.exists(), reason="no dask console script")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


class Cluster:
    """A scheduler, named workers (``w0``, ``w1``, ...) and a client watching them."""

    def __init__(self, tmp: Path, n_workers: int) -> None:
        self.address = f"tcp://127.0.0.1:{_free_port()}"
        self.procs: dict[str, subprocess.Popen[bytes]] = {}
        self.client: Any = None
        self.tmp = tmp
        self._spawn("scheduler", ["scheduler", "--host", "127.0.0.1",
                                  "--port", self.address.rsplit(":", 1)[1], "--no-dashboard"])
        for i in range(n_workers):
            # no nanny: the worker is this very process, so SIGKILL kills the worker itself
            self._spawn(f"w{i}", ["worker", self.address, "--name", f"w{i}", "--nthreads", "1",
                                  "--no-nanny", "--no-dashboard",
                                  "--local-directory", str(tmp / f"w{i}")])
        import dask.distributed

        dist: Any = dask.distributed  # untyped
        self.client = dist.Client(self.address, timeout=f"{WAIT}s")
        self.client.wait_for_workers(n_workers, timeout=WAIT)

    def _spawn(self, name: str, args: list[str]) -> None:
        log = open(self.tmp / f"{name}.log", "wb")  # noqa: SIM115 (kept open for the process)
        self.procs[name] = subprocess.Popen([str(DASK), *args], stdout=log,
                                            stderr=subprocess.STDOUT, cwd=ROOT,
                                            start_new_session=True)
        log.close()

    def busy_worker(self) -> str | None:
        """The name of a worker running a task now, if any."""
        info = self.client.scheduler_info()["workers"]
        for address, keys in self.client.processing().items():
            if keys and address in info:
                return str(info[address]["name"])
        return None

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
        for proc in self.procs.values():
            _stop(proc)


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[Cluster]:
    c = None
    try:
        c = Cluster(tmp_path, 2)
        yield c
    finally:
        if c is not None:
            c.close()


@pytest.fixture(scope="module")
def pool_rows(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    return run_sweep(sweep_spec_from_data(SPEC), tmp_path_factory.mktemp("pool"), jobs=2)


def test_rows_on_the_cluster_equal_the_pool_rows(cluster: Cluster, tmp_path: Path,
                                                 pool_rows: list[dict[str, Any]]) -> None:
    rows = run_sweep(sweep_spec_from_data(SPEC), tmp_path / "out", scheduler=cluster.address)
    assert timeless(rows) == timeless(pool_rows)
    assert timeless(read_results(tmp_path / "out")) == timeless(pool_rows)
    assert sorted(r["linear_regions"] for r in rows) == [16] * 4 + [256] * 4


def test_a_worker_killed_mid_sweep_loses_nothing(cluster: Cluster, tmp_path: Path,
                                                 pool_rows: list[dict[str, Any]]) -> None:
    spec = tmp_path / "spec.json"
    spec.write_text(__import__("json").dumps(SPEC))
    out = tmp_path / "out"
    sweep = start(["sweep", str(spec), "--out", str(out), "--scheduler", cluster.address,
                   "--quiet"], tmp_path)
    try:
        deadline = time.monotonic() + WAIT
        victim = None
        # kill a worker while it runs a point, once the sweep has written its first row
        while victim is None:
            assert sweep.poll() is None, "the sweep finished before a worker could be killed"
            assert time.monotonic() < deadline
            if (out / RESULTS).exists() and (out / RESULTS).read_bytes().count(b"\n"):
                victim = cluster.busy_worker()
            if victim is None:
                time.sleep(0.01)
        os.killpg(cluster.procs[victim].pid, signal.SIGKILL)
        rows_at_kill = len(read_results(out))
        stdout, stderr = sweep.communicate(timeout=WAIT)
    finally:
        if sweep.poll() is None:  # pragma: no cover - only when the test fails
            os.killpg(sweep.pid, signal.SIGKILL)
            sweep.wait()
    assert cluster.procs[victim].wait(timeout=10) == -signal.SIGKILL
    assert rows_at_kill < 8
    assert (sweep.returncode, stdout, stderr) == (0, "", "")
    assert timeless(read_results(out)) == timeless(pool_rows)
    survivors = {w["name"] for w in cluster.client.scheduler_info()["workers"].values()}
    assert survivors == {"w0", "w1"} - {victim}


def test_ctrl_c_on_the_cluster_keeps_rows_and_the_rerun_completes(
        cluster: Cluster, tmp_path: Path, pool_rows: list[dict[str, Any]]) -> None:
    from tests.reliability._cli import interrupt

    spec = tmp_path / "spec.json"
    spec.write_text(__import__("json").dumps(SPEC))
    out = tmp_path / "out"
    argv = ["sweep", str(spec), "--out", str(out), "--scheduler", cluster.address, "--quiet"]
    sweep = start(argv, tmp_path)
    deadline = time.monotonic() + WAIT
    while not ((out / RESULTS).exists() and (out / RESULTS).read_bytes().count(b"\n")):
        assert sweep.poll() is None and time.monotonic() < deadline
        time.sleep(0.01)
    _, stdout, stderr = interrupt(sweep, False)
    assert (sweep.returncode, stdout, stderr) == (130, "", "interrupted\n")
    kept = read_results(out)
    assert 1 <= len(kept) < 8
    rerun = start(argv, tmp_path)
    assert rerun.communicate(timeout=WAIT) == ("", "") and rerun.returncode == 0
    rows = read_results(out)
    assert rows[:len(kept)] == kept
    assert timeless(rows) == timeless(pool_rows)


def test_a_lost_scheduler_is_one_line_and_keeps_the_rows(cluster: Cluster,
                                                         tmp_path: Path) -> None:
    from tests.reliability._cli import assert_one_line_error

    spec = tmp_path / "spec.json"
    spec.write_text(__import__("json").dumps(SPEC))
    out = tmp_path / "out"
    sweep = start(["sweep", str(spec), "--out", str(out), "--scheduler", cluster.address,
                   "--quiet"], tmp_path)
    try:
        deadline = time.monotonic() + WAIT
        while not ((out / RESULTS).exists() and (out / RESULTS).read_bytes().count(b"\n")):
            assert sweep.poll() is None and time.monotonic() < deadline
            time.sleep(0.01)
        os.killpg(cluster.procs["scheduler"].pid, signal.SIGKILL)
        stdout, stderr = sweep.communicate(timeout=WAIT)
    finally:
        if sweep.poll() is None:  # pragma: no cover - only when the test fails
            os.killpg(sweep.pid, signal.SIGKILL)
            sweep.wait()
    assert stdout == ""
    assert_one_line_error(sweep.returncode, stderr, "--scheduler")
    assert "the Dask cluster failed" in stderr
    kept = read_results(out)
    assert 1 <= len(kept) < 8 and all(r["certified"] for r in kept)


def test_a_local_dask_cluster_gives_the_pool_rows(tmp_path: Path,
                                                  pool_rows: list[dict[str, Any]]) -> None:
    rows = run_sweep(sweep_spec_from_data(SPEC), tmp_path, jobs=2, scheduler="local")
    assert timeless(rows) == timeless(pool_rows)
