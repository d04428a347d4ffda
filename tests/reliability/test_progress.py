"""Progress on a terminal for every long phase (enumeration, verification, certificate writing);
``--quiet`` (and ``--json``, and a non-terminal stderr) silence it."""

from __future__ import annotations

import dataclasses
import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from polyexact.models import construction, random_model, whole_space, write_model
from tests.reliability._cli import ROOT


def _run_on_a_terminal(argv: list[str], cwd: Path) -> tuple[int, str, str]:
    """Run ``python -m polyexact argv`` with stderr on a pseudo-terminal; return status, stdout
    and everything drawn on the terminal."""
    leader, follower = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TERM": "xterm", "COLUMNS": "120"}
    env.pop("NO_COLOR", None)
    proc = subprocess.Popen([sys.executable, "-m", "polyexact", *argv], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=follower, text=True)
    os.close(follower)
    drawn = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal is closed once the process has exited
            break
        if not chunk:
            break
        drawn += chunk
    out, _ = proc.communicate(timeout=120)
    os.close(leader)
    return proc.returncode, out, drawn.decode(errors="replace")


@pytest.fixture()
def grid(tmp_path: Path) -> Path:
    return write_model(construction(2, 2, 4, 1), tmp_path / "grid.json")


def test_count_shows_every_phase_on_a_terminal(grid: Path, tmp_path: Path) -> None:
    # an FFN model: the certificate is written while enumerating (the enumeration's bar), then
    # re-read and verified
    status, out, drawn = _run_on_a_terminal(
        ["count", str(grid), "--certificate", str(tmp_path / "c.json")], tmp_path)
    assert status == 0 and "pattern cells   16" in out
    assert "enumerating and writing the certificate: stage " in drawn
    assert "verifying" in drawn  # the verifier's bar
    status, _, drawn = _run_on_a_terminal(["count", str(grid), "--no-verify"], tmp_path)
    assert "enumerating: stage " in drawn and "verifying" not in drawn
    # one attention layer over R^d: enumerated, verified, then the certificate written
    m = random_model(2, n_layers=1, heads=2, n_keys=3, d_k=2, d_v=1, d_ff=0, seed=0)
    heads = write_model(dataclasses.replace(m, domain=whole_space()), tmp_path / "heads.json")
    status, out, drawn = _run_on_a_terminal(
        ["count", str(heads), "--certificate", str(tmp_path / "h.json")], tmp_path)
    n = json.loads((tmp_path / "h.json").read_text())["counts"]["pattern_cells"]
    assert status == 0 and "verifying" in drawn
    assert f"writing the certificate of {n} cells" in drawn


def test_verify_export_and_plot_show_progress(grid: Path, tmp_path: Path) -> None:
    cert = tmp_path / "c.json"
    assert _run_on_a_terminal(["count", str(grid), "--certificate", str(cert), "--quiet"],
                              tmp_path)[0] == 0
    status, out, drawn = _run_on_a_terminal(["verify", str(cert)], tmp_path)
    assert status == 0 and out.startswith("valid") and "verifying" in drawn
    status, _, drawn = _run_on_a_terminal(["verify", str(cert), "--quiet"], tmp_path)
    assert status == 0 and drawn == ""
    for verb in (["export", "-o", str(tmp_path / "g.graphml")],
                 ["plot", "-o", str(tmp_path / "p.png")]):
        status, _, drawn = _run_on_a_terminal([verb[0], str(grid), *verb[1:]], tmp_path)
        assert status == 0 and "enumerating: stage " in drawn
        status, _, drawn = _run_on_a_terminal([verb[0], str(grid), *verb[1:], "--quiet"],
                                              tmp_path)
        assert status == 0 and drawn == ""


@pytest.mark.parametrize("flag", ["--quiet", "-q", "--json"])
def test_quiet_and_json_silence_progress(flag: str, grid: Path, tmp_path: Path) -> None:
    status, _, drawn = _run_on_a_terminal(
        ["count", str(grid), "--certificate", str(tmp_path / "c.json"), flag], tmp_path)
    assert status == 0
    assert drawn == ""
