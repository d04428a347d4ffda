"""Running the CLI in-process and in a subprocess, and checking one-line errors."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
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


def start(argv: list[str], cwd: Path) -> subprocess.Popen[str]:
    """Start ``python -m polyexact argv`` in its own session (a process group to signal)."""
    return subprocess.Popen([sys.executable, "-m", "polyexact", *argv], cwd=cwd,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)},
                            start_new_session=True)


def interrupt(proc: subprocess.Popen[str], group: bool,
              sig: signal.Signals = signal.SIGINT) -> tuple[float, str, str]:
    """Send Ctrl-C, or ``sig`` (to the whole group, as a terminal or ``timeout`` does, or the
    process alone); return the seconds until it exited, its stdout and stderr."""
    start = time.monotonic()
    if group:
        os.killpg(proc.pid, sig)
    else:
        proc.send_signal(sig)
    try:
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:  # pragma: no cover - only when the test fails
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    return time.monotonic() - start, out, err


def children(pid: int) -> list[int]:
    """The pids of ``pid``'s child processes."""
    proc = subprocess.run(["ps", "--ppid", str(pid), "-o", "pid="], capture_output=True,
                          text=True, check=False)
    return [int(x) for x in proc.stdout.split()]
