"""``polyexact fixtures --check`` from any directory, ``--only``, and rows as a table."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.reliability._cli import ROOT, assert_one_line_error, run_main, start

DATA = ROOT / "data"
SMALL = ["power_max_xy0", "relu_parallel_3"]


def test_check_works_from_any_directory(tmp_path: Path) -> None:
    # a folder with no data/ of its own: the repository's fixtures are found all the same
    proc = start(["fixtures", "--check", "--only", *SMALL], tmp_path)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    lines = out.splitlines()
    assert lines[0].split() == ["fixture", "result", "counts"]
    rows = [line.split(maxsplit=2) for line in lines[1:3]]
    assert rows == [["power_max_xy0", "ok", "3 pattern cells, 3 linear regions"],
                    ["relu_parallel_3", "ok", "4 pattern cells, 4 linear regions"]]
    assert lines[3] == f"2 of 2 fixtures agree ({DATA})"
    assert "{" not in out  # no Python dict reprs


def test_only_is_honoured_by_check(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run_main(["fixtures", "--check", "--only", "relu_parallel_3", "--json"],
                              capsys)
    assert status == 0
    assert json.loads(out) == [{"name": "relu_parallel_3", "ok": True,
                                "reason": "4 pattern cells, 4 linear regions"}]
    status, _, err = run_main(["fixtures", "--check", "--only", "no_such"], capsys)
    assert_one_line_error(status, err, "--only: unknown fixture 'no_such'")


def test_check_of_another_folder_with_data(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    for name in SMALL:
        shutil.copy(DATA / f"{name}.json", tmp_path / f"{name}.json")
    status, out, _ = run_main(["fixtures", "--check", "--data", str(tmp_path)], capsys)
    assert status == 0 and out.endswith(f"2 of 2 fixtures agree ({tmp_path})\n")
    # a fixture asked for but absent from the folder is a failure, not silently skipped
    status, out, _ = run_main(["fixtures", "--check", "--data", str(tmp_path), "--only",
                               "relu_concurrent_3"], capsys)
    assert status == 1
    assert out.splitlines()[1].split()[:2] == ["relu_concurrent_3", "FAIL"]


def test_check_of_a_missing_folder_is_exit_2(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run_main(["fixtures", "--check", "--data", str(tmp_path / "nope")], capsys)
    assert_one_line_error(status, err, f"{tmp_path / 'nope'}: no such folder")
