"""The verifier gives the same report with one process or a pool, from a file or from data."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import polyexact.verify.verifier as verify_module
from polyexact.cells import certificate_to_data, enumerate_cells
from polyexact.certificates.read import read_certificate
from polyexact.models import construction, random_model
from polyexact.verify import verify_certificate
from tests.reliability._cli import ROOT, children, interrupt, start

Data = dict[str, Any]


def _data(model: Any) -> Data:
    return certificate_to_data(enumerate_cells(model))


def _set(path: str, value: Any) -> Callable[[Data], None]:
    def tamper(data: Data) -> None:
        *keys, last = path.split(".")
        target: Any = data
        for key in keys:
            target = target[int(key)] if key.isdigit() else target[key]
        target[int(last) if last.isdigit() else last] = value
    return tamper


def _drop(path: str, index: int) -> Callable[[Data], None]:
    def tamper(data: Data) -> None:
        del data["shards"][0][path][index]
        if path == "cells":
            data["shards"][0]["adjacency"] = [
                {**a, "cells": [x - (x > index) for x in a["cells"]]}
                for a in data["shards"][0]["adjacency"] if index not in a["cells"]]
    return tamper


def _duplicate_cell(data: Data) -> None:
    cells = data["shards"][0]["cells"]
    cells[7] = copy.deepcopy(cells[3])


def _merge_regions(data: Data) -> None:
    cells = data["shards"][0]["cells"]
    cells[5]["region"] = cells[2]["region"]


TAMPERINGS: dict[str, Callable[[Data], None]] = {
    "untouched": lambda data: None,
    "point": _set("shards.0.cells.5.point", [0, 0]),
    "late point": _set("shards.0.cells.40.point", [0, 0]),
    "row": _set("shards.0.cells.11.b.0", "7/2"),
    "map": _set("shards.0.cells.13.map.b.0", 5),
    "adjacency dropped": _drop("adjacency", 10),
    "cell dropped": _drop("cells", 30),
    "duplicate cell": _duplicate_cell,
    "regions merged": _merge_regions,
    "count": _set("counts.linear_regions", 3),
    "model digest": _set("model_digest", "sha256:0"),
    "malformed late cell": _set("shards.0.cells.50.region", "x"),
    "late pattern": _set("shards.0.cells.60.pattern.0.keys.0", 1),
}


def _report(data: Data, jobs: int) -> tuple[bool, str, int, int]:
    try:
        r = verify_certificate(copy.deepcopy(data), jobs=jobs)
    except Exception as err:  # the same error class and message is what is compared
        return False, f"{type(err).__name__}: {err}", -1, -1
    return r.valid, r.reason, r.pattern_cells, r.linear_regions


@pytest.mark.parametrize("name", sorted(TAMPERINGS))
def test_same_report_for_one_and_two_processes(name: str, monkeypatch: pytest.MonkeyPatch
                                               ) -> None:
    # 2-D box domain (integer polygon path), 64 cells, batches of 5 cells over 2 workers
    monkeypatch.setattr(verify_module, "BATCH", 5)
    data = _data(construction(2, 4, 4, 1))
    assert len(data["shards"][0]["cells"]) == 64
    TAMPERINGS[name](data)
    one, two = _report(data, 1), _report(data, 2)
    assert one == two
    assert one[0] == (name == "untouched"), one


@pytest.mark.parametrize("model", [
    random_model(3, n_layers=1, heads=1, n_keys=3, d_k=2, d_v=1, d_ff=2, seed=3),
    random_model(2, n_layers=2, heads=1, n_keys=3, d_k=2, d_v=1, d_ff=2, seed=2, domain="all"),
], ids=["3d-lp-path", "unbounded-2d-box"])
def test_general_path_same_for_pool(model: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(verify_module, "BATCH", 3)
    data = _data(model)
    assert _report(data, 1) == _report(data, 2)
    assert _report(data, 2)[0]
    data["shards"][0]["cells"][-1]["map"]["b"][0] = "12345"
    one = _report(data, 1)
    assert one == _report(data, 2) and not one[0] and "map" in one[1]


def test_file_data_and_parsed_certificate_agree(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(verify_module, "BATCH", 7)
    data = _data(construction(2, 4, 4, 1))
    data["shards"][0]["cells"][20]["point"] = [0, 0]
    path = tmp_path / "c.json"
    path.write_text(json.dumps(data, indent=1))  # not canonical: whitespace everywhere
    reports = {verify_certificate(path, jobs=2), verify_certificate(data, jobs=1),
               verify_certificate(read_certificate(path), jobs=2)}
    assert len(reports) == 1
    assert next(iter(reports)).reason.startswith("cells[20].point")


def test_malformed_file_gives_the_reader_error(tmp_path: Path) -> None:
    from polyexact.errors import FormatError

    path = tmp_path / "c.json"
    text = json.dumps(_data(construction(2, 4, 4, 1)))
    path.write_text(text.replace('"region": ', '"region": 0, "region": ', 1))
    with pytest.raises(FormatError, match="region: duplicate field"):
        verify_certificate(path, jobs=2)
    path.write_text('{"cells": [1, 2')
    with pytest.raises(FormatError, match="invalid JSON"):
        verify_certificate(path)


def test_cli_jobs_and_ctrl_c(tmp_path: Path) -> None:
    from polyexact.models.load import write_model

    model = write_model(construction(2, 4, 4, 2), tmp_path / "m.json")
    cert = tmp_path / "c.json"
    run = [sys.executable, "-m", "polyexact"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run([*run, "count", str(model), "--certificate", str(cert), "--no-verify"],
                   check=True, capture_output=True, env=env)
    proc = start(["verify", str(cert), "--jobs", "2"], tmp_path)
    # interrupt as soon as the pool's workers exist: the checks (about a second) are ahead
    deadline = time.monotonic() + 30
    workers: list[int] = []
    while len(workers) < 2 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
        workers = children(proc.pid)
    assert proc.poll() is None, "finished before the signal"
    assert len(workers) == 2
    elapsed, out, err = interrupt(proc, group=True)
    assert proc.returncode == 130 and elapsed < 3.0
    assert (out, err) == ("", "interrupted\n")
    assert not any(Path(f"/proc/{pid}").exists() for pid in workers)
    done = subprocess.run([*run, "verify", str(cert), "--jobs", "1", "--json"], env=env,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0
    reason = json.loads(done.stdout)["reason"]
    assert reason == "4096 pattern cells and 4096 linear regions verified"
