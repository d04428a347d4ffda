"""Running the CLI in-process and in a subprocess, and checking one-line errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from polyexact.cli.main import main

#: The repository root: subprocesses run there so that ``python -m polyexact`` imports this tree.
ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"


def run_main(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run ``polyexact argv`` in-process; return (status, stdout, stderr).

    argparse usage errors leave by ``SystemExit``: its code is the status.
    """
    try:
        status = main(argv)
    except SystemExit as stop:
        status = stop.code if isinstance(stop.code, int) else 2
    out, err = capsys.readouterr()
    return status, out, err


def run_subprocess(argv: list[str], *, env: dict[str, str] | None = None,
                   timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run ``python -m polyexact argv`` in a fresh interpreter."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "polyexact", *argv], capture_output=True,
                          text=True, timeout=timeout, cwd=ROOT, env=full_env)


def assert_one_line_error(status: int, err: str, field: str | None = None) -> None:
    """Exit 2, exactly one ``error: ...`` line on stderr (naming ``field``), no traceback."""
    assert status == 2, err
    assert "Traceback" not in err
    assert err.startswith("error: ") and err.endswith("\n") and err.count("\n") == 1, err
    if field is not None:
        assert field in err, err
