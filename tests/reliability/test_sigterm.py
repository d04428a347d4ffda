"""SIGTERM (what ``kill``, ``timeout`` and batch schedulers send) is handled like Ctrl-C: workers
stopped, temporary files removed, one line ``terminated``, exit 143 (128 + 15)."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from polyexact.cells import enumerate_cells, write_certificate
from polyexact.models.builders import construction
from polyexact.models.load import write_model
from tests.reliability._cli import ROOT, children, interrupt, start

#: From the signal to the process's exit.
PROMPT = 3.0


@pytest.mark.parametrize(("group", "jobs"), [(False, []), (True, []), (False, ["--jobs", "1"])],
                         ids=["process-pool", "group-pool", "process-serial"])
def test_sigterm_during_count(tmp_path: Path, group: bool, jobs: list[str]) -> None:
    # 262,144 cells: minutes of work, written to a large temporary certificate file meanwhile
    model = write_model(construction(2, 4, 4, 3), tmp_path / "big.json")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    proc = start(["count", str(model), "--certificate", str(out_dir / "cert.json"), *jobs],
                 tmp_path)
    assert proc.stderr is not None
    assert proc.stderr.readline().startswith("upper bound on the number of pattern cells: ")
    time.sleep(1.5)
    assert proc.poll() is None, "finished before the signal"
    workers = children(proc.pid)
    elapsed, out, err = interrupt(proc, group, signal.SIGTERM)
    assert proc.returncode == 143, err
    assert elapsed < PROMPT
    assert (out, err) == ("", "terminated\n")
    # no temporary file and no certificate: the folder is as it was
    assert list(out_dir.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.json", "out"]
    assert not any(Path(f"/proc/{pid}").exists() for pid in workers)


def test_sigterm_during_fixtures(tmp_path: Path) -> None:
    out_dir = tmp_path / "fixtures"
    proc = start(["fixtures", "--out", str(out_dir)], tmp_path)
    deadline = time.monotonic() + 60
    while not (out_dir.is_dir() and any(p.suffix == ".json" for p in out_dir.iterdir())):
        assert proc.poll() is None and time.monotonic() < deadline
        time.sleep(0.005)
    elapsed, out, err = interrupt(proc, False, signal.SIGTERM)
    assert (proc.returncode, out, err) == (143, "", "terminated\n")
    assert elapsed < PROMPT
    names = sorted(p.name for p in out_dir.iterdir())
    assert not any(n.startswith(".") or n.endswith(".tmp") for n in names)
    for name in names:
        assert json.loads((out_dir / name).read_text())["format"] == "polyexact.fixture/1"


def test_timeout_command_stops_count_with_143(tmp_path: Path) -> None:
    # coreutils timeout sends SIGTERM to the command (whose workers are in its process group);
    # --preserve-status passes on the command's own exit status
    model = write_model(construction(2, 4, 4, 3), tmp_path / "big.json")
    (tmp_path / "out").mkdir()
    proc = subprocess.run(["timeout", "--preserve-status", "3", sys.executable, "-m",
                           "polyexact", "count", str(model), "--certificate",
                           str(tmp_path / "out" / "c.json")],
                          capture_output=True, text=True, cwd=tmp_path, timeout=60,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 143, proc.stderr
    assert proc.stderr.endswith("terminated\n") and "Traceback" not in proc.stderr
    assert list((tmp_path / "out").iterdir()) == []


def test_sigterm_during_verify_stops_its_workers(tmp_path: Path) -> None:
    # 4,096 cells: seconds of per-cell checks on a pool of 2 workers
    cert = write_certificate(enumerate_cells(construction(2, 4, 4, 2)), tmp_path / "c.json")
    proc = start(["verify", str(cert), "--jobs", "2"], tmp_path)
    deadline = time.monotonic() + 60
    while len(workers := children(proc.pid)) < 2:
        assert proc.poll() is None and time.monotonic() < deadline, "no pool started"
        time.sleep(0.01)
    elapsed, out, err = interrupt(proc, False, signal.SIGTERM)
    assert (proc.returncode, out, err) == (143, "", "terminated\n")
    assert elapsed < PROMPT
    time.sleep(0.2)
    assert not any(Path(f"/proc/{pid}").exists() for pid in workers)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.json"]


def test_sigterm_during_count_on_a_local_dask_cluster_prints_one_line(tmp_path: Path) -> None:
    # closing a cluster mid-run makes Dask's scheduler warn about every worker and task it loses;
    # the user sent SIGTERM and gets one line, as without Dask
    model = write_model(construction(2, 6, 4, 2), tmp_path / "m.json")  # 20,736 cells
    proc = start(["count", str(model), "--scheduler", "local", "--jobs", "2", "--no-verify"],
                 tmp_path)
    assert proc.stderr is not None
    assert proc.stderr.readline().startswith("upper bound on the number of pattern cells: ")
    deadline = time.monotonic() + 60
    while len(children(proc.pid)) < 2:  # the cluster's worker processes are up
        assert proc.poll() is None and time.monotonic() < deadline
        time.sleep(0.05)
    time.sleep(1.0)
    assert proc.poll() is None, "finished before the signal"
    _, out, err = interrupt(proc, False, signal.SIGTERM)
    assert (proc.returncode, out, err) == (143, "", "terminated\n")
