"""``polyexact minkowski``: text and JSON output, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from polyexact.cli.main import main


def _write(tmp_path: Path, data: object) -> str:
    path = tmp_path / "points.json"
    path.write_text(json.dumps(data))
    return str(path)


def test_json_output_for_a_square(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, {"format": "polyexact.points/1", "dim": 2,
                             "sets": [[[0, 0], ["1/2", 0]], [[0, 0], [0, 1]]]})
    assert main(["minkowski", path, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["vertices"] == 4
    assert out["labels"] == [[0, 0], [0, 1], [1, 0], [1, 1]]
    assert out["points"][2] == ["1/2", 0]


def test_upper_counts_regions_of_max_0_x_2x_plus_5(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, {"format": "polyexact.points/1", "dim": 1,
                             "sets": [[[0], [1], [2]]], "heights": [[0, 0, 5]]})
    assert main(["minkowski", path, "--upper", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["vertices"] == 2 and out["labels"] == [[0], [2]]
    assert out["points"] == [[0, 0], [2, 5]]
    assert main(["minkowski", path]) == 0
    text = capsys.readouterr().out
    assert text.startswith("3 vertices")


def test_malformed_file_exits_2_naming_the_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, {"format": "polyexact.points/1", "dim": 2,
                             "sets": [[[0, 0]], [[0, "1/0"]]]})
    assert main(["minkowski", path]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: sets[1][0][1]:") and "Traceback" not in err
    upper_without_heights = _write(tmp_path, {"format": "polyexact.points/1", "dim": 1,
                                              "sets": [[[0]]]})
    assert main(["minkowski", upper_without_heights, "--upper"]) == 2
    assert "heights" in capsys.readouterr().err
