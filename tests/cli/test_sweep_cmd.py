"""``polyexact sweep``: rows, resume, plot, one-line errors; Ctrl-C keeps finished rows."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from polyexact.lab import RESULTS, read_results, run_sweep, sweep_spec_from_data
from tests.lab._rows import timeless
from tests.reliability._cli import assert_one_line_error, children, interrupt, run_main, start

SPEC: dict[str, Any] = {"format": "polyexact.sweep/1", "builder": "construction",
                        "grid": {"d": [1], "N": [1, 2, 3], "d_ff": [2], "L": [1, 2]}}
#: N=1 points take milliseconds, N=2 ones about half a second each (256 cells, re-checked)
SLOW: dict[str, Any] = {"format": "polyexact.sweep/1", "builder": "construction",
                        "grid": {"d": [2], "N": [1, 2], "d_ff": [4, 5, 6, 7], "L": [2]}}


def _write(tmp_path: Path, data: object, name: str = "spec.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data))
    return path


def test_sweep_writes_rows_and_resumes(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    spec, out = _write(tmp_path, SPEC), tmp_path / "out"
    status, stdout, err = run_main(["sweep", str(spec), "--out", str(out), "--jobs", "1"], capsys)
    assert (status, err) == (0, "")
    assert stdout == f"6 points (6 counted now, 6 certified) in {out}/{RESULTS}\n"
    rows = read_results(out)
    assert sorted(r["linear_regions"] for r in rows) == [2, 4, 4, 6, 16, 36]
    before = (out / RESULTS).read_bytes()
    status, stdout, _ = run_main(["sweep", str(spec), "--out", str(out), "--quiet"], capsys)
    assert (status, stdout) == (0, "")
    assert (out / RESULTS).read_bytes() == before  # nothing recounted, nothing appended
    status, stdout, _ = run_main(["sweep", str(spec), "--out", str(out)], capsys)
    assert stdout == f"6 points (0 counted now, 6 certified) in {out}/{RESULTS}\n"


def test_sweep_no_verify_and_plot(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec, out = _write(tmp_path, SPEC), tmp_path / "out"
    status, stdout, _ = run_main(["sweep", str(spec), "--out", str(out), "--jobs", "2",
                                  "--no-verify", "--plot", str(tmp_path / "s.svg")], capsys)
    assert status == 0 and stdout.endswith(f"; plot in {tmp_path / 's.svg'}\n")
    assert "6 counted now, 0 certified" in stdout
    assert b"<svg" in (tmp_path / "s.svg").read_bytes()[:1000]
    assert all(r["certified"] is False for r in read_results(out))


@pytest.mark.parametrize(("args", "field"), [
    (["--jobs", "-1"], "--jobs"),
    (["--scheduler", "localhost:8786"], "--scheduler"),
    (["--plot", "x.pdf"], "--plot"),
])
def test_bad_options_are_one_line_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                         args: list[str], field: str) -> None:
    spec = _write(tmp_path, SPEC)
    status, _, err = run_main(["sweep", str(spec), "--out", str(tmp_path / "o"), *args], capsys)
    assert_one_line_error(status, err, field)


@pytest.mark.parametrize(("grid", "field"), [
    ({"d": [1], "N": [1], "d_ff": [2], "L": [1], "seed": [0]}, "grid.seed"),
    ({"d": [1], "N": ["2"], "d_ff": [2], "L": [1]}, "grid.N[0]"),
    ({"d": [1], "N": [1], "d_ff": [2]}, "grid.L"),
])
def test_bad_spec_is_a_one_line_error_and_nothing_runs(tmp_path: Path, grid: dict[str, Any],
                                                       field: str,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    spec = _write(tmp_path, {**SPEC, "grid": grid})
    status, _, err = run_main(["sweep", str(spec), "--out", str(tmp_path / "o")], capsys)
    assert_one_line_error(status, err, field)
    assert not (tmp_path / "o").exists()


def test_missing_spec_and_not_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run_main(["sweep", str(tmp_path / "no.json"), "--out", "o"], capsys)
    assert_one_line_error(status, err)
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    status, _, err = run_main(["sweep", str(bad), "--out", "o"], capsys)
    assert_one_line_error(status, err, "bad.json")


def test_unreachable_scheduler_is_a_one_line_error(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    import polyexact.lab.run

    monkeypatch.setattr(polyexact.lab.run, "CONNECT_TIMEOUT", "2s")
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    spec = _write(tmp_path, SPEC)
    status, _, err = run_main(["sweep", str(spec), "--out", str(tmp_path / "o"),
                               "--scheduler", f"tcp://127.0.0.1:{port}"], capsys)
    assert_one_line_error(status, err, "--scheduler")


@pytest.fixture(scope="module")
def slow_rows(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    """The SLOW sweep counted in this process, for comparison."""
    return run_sweep(sweep_spec_from_data(SLOW), tmp_path_factory.mktemp("ref"), jobs=1)


@pytest.mark.parametrize("group", [False, True], ids=["process", "group"])
def test_ctrl_c_keeps_finished_rows_and_the_rerun_completes(tmp_path: Path, group: bool,
                                                            slow_rows: list[dict[str, Any]]
                                                            ) -> None:
    spec, out = _write(tmp_path, SLOW), tmp_path / "out"
    proc = start(["sweep", str(spec), "--out", str(out), "--jobs", "2"], tmp_path)
    deadline = time.monotonic() + 60
    # interrupt as soon as the first row is written: the slow points are still ahead
    while not ((out / RESULTS).exists() and (out / RESULTS).read_bytes().count(b"\n")):
        assert proc.poll() is None and time.monotonic() < deadline
        time.sleep(0.005)
    workers = children(proc.pid)
    _, stdout, err = interrupt(proc, group)
    assert (proc.returncode, stdout, err) == (130, "", "interrupted\n")
    assert not any(Path(f"/proc/{pid}").exists() for pid in workers)
    kept = read_results(out)
    assert 1 <= len(kept) < 8
    text = (out / RESULTS).read_text()
    assert text.endswith("\n") and len(text.splitlines()) == len(kept)
    rerun = start(["sweep", str(spec), "--out", str(out), "--jobs", "2", "--quiet"], tmp_path)
    assert rerun.communicate(timeout=120) == ("", "") and rerun.returncode == 0
    rows = read_results(out)
    assert rows[:len(kept)] == kept  # the first run's rows are kept as they were
    assert timeless(rows) == timeless(slow_rows)


def test_progress_bar_shows_done_of_total_and_is_off_when_quiet() -> None:
    from polyexact.cli.sweep_cmd import _ProgressBar

    bar = _ProgressBar(enabled=True)
    update = bar.__enter__()
    try:
        update(2, 5)  # two rows from an earlier run
        update(4, 5)
        (task,) = bar._bar.tasks
        assert (task.completed, task.total) == (4, 5)
    finally:
        bar.__exit__(None, None, None)
    with _ProgressBar(enabled=False) as none:
        assert none is None
