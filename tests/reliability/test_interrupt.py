"""Ctrl-C: ``count`` and ``fixtures --out DIR`` stop within a few seconds, print one line,
exit 130 and leave no partial or temporary file behind.

The signal goes either to the CLI process alone (``send_signal``) or, as a terminal's Ctrl-C
does, to its whole process group (``killpg``), worker processes included.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from polyexact.models.builders import construction
from polyexact.models.load import write_model
from tests.reliability._cli import children, interrupt, start

#: From the signal to the process's exit.
PROMPT = 3.0


@pytest.mark.parametrize(("group", "jobs"), [(False, []), (True, []), (False, ["--jobs", "1"])],
                         ids=["process-pool", "group-pool", "process-serial"])
def test_ctrl_c_during_count(tmp_path: Path, group: bool, jobs: list[str]) -> None:
    # the construction d=2, N=4, d_ff=4, L=3 has 262144 cells: minutes of work
    model = write_model(construction(2, 4, 4, 3), tmp_path / "big.json")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    proc = start(["count", str(model), "--certificate", str(out_dir / "cert.json"), *jobs],
                  tmp_path)
    assert proc.stderr is not None
    # the bound is announced just before the enumeration starts
    first = proc.stderr.readline()
    assert first.startswith("upper bound on the number of pattern cells: ")
    time.sleep(1.0)
    assert proc.poll() is None, "finished before the signal"
    workers = children(proc.pid)
    elapsed, out, err = interrupt(proc, group)
    assert proc.returncode == 130
    assert elapsed < PROMPT
    assert (out, err) == ("", "interrupted\n")
    assert list(out_dir.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.json", "out"]
    # a process pool (one worker per core by default) is gone with its parent
    assert not any(Path(f"/proc/{pid}").exists() for pid in workers)


@pytest.mark.parametrize("group", [False, True], ids=["process", "group"])
def test_ctrl_c_during_fixtures(tmp_path: Path, group: bool) -> None:
    out_dir = tmp_path / "fixtures"
    proc = start(["fixtures", "--out", str(out_dir)], tmp_path)
    deadline = time.monotonic() + 60
    # interrupt as soon as the first fixture is written: most of the work is still ahead
    while not (out_dir.is_dir() and any(p.suffix == ".json" for p in out_dir.iterdir())):
        assert proc.poll() is None and time.monotonic() < deadline
        time.sleep(0.005)
    elapsed, out, err = interrupt(proc, group)
    assert proc.returncode == 130, (out, err)
    assert elapsed < PROMPT
    assert (out, err) == ("", "interrupted\n")
    names = sorted(p.name for p in out_dir.iterdir())
    # whatever was written is complete: no temporary file, every fixture parses
    assert not any(n.startswith(".") or n.endswith(".tmp") for n in names)
    assert 0 < len(names) < 24
    for name in names:
        assert json.loads((out_dir / name).read_text())["format"] == "polyexact.fixture/1"
