"""The ``claims`` command: plain table, JSON, --only, bad ids."""

from __future__ import annotations

import json

import pytest

from polyexact.cli.claims_cmd import LEGEND
from polyexact.cli.main import main


def test_claims_json_only(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["claims", "--json", "--quick", "--only", "VI.1-hessian", "V.3"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [d["id"] for d in data] == ["V.3", "VI.1-hessian"]
    assert data[1]["verdict"] == "refuted"
    assert data[1]["evidence"]["counterexample"]["hessian_norm"] == "0.2100"


def test_claims_plain_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["claims", "--quick", "--only", "V.3"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].split() == ["id", "verdict", "evidence"]  # a header
    assert lines[1].startswith("V.3  refuted") and "2^72" in out
    # and a legend for every verdict
    assert [line.split()[0] for line in lines[-4:]] == ["holds", "refuted", "conditional",
                                                        "open"]


def test_claims_unknown_id_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["claims", "--only", "V.99"]) == 2
    assert "unknown claim id 'V.99'" in capsys.readouterr().err


def test_claims_terminal_table_has_a_legend() -> None:
    # on a terminal the table is drawn by rich: a header row and the legend as its caption
    import os
    import pty
    import subprocess
    import sys

    from tests.reliability._cli import ROOT

    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "polyexact", "claims", "--quick", "--only",
                             "V.3"], stdout=follower, stderr=subprocess.DEVNULL, cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "200",
                                 "TERM": "xterm"})
    os.close(follower)
    drawn = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        drawn += chunk
    os.close(leader)
    assert proc.wait(timeout=60) == 0
    text = drawn.decode(errors="replace")
    for word in ("id", "verdict", "evidence", "V.3", "refuted"):
        assert word in text
    for name, meaning in LEGEND:
        assert f"{name}: {meaning}" in text
