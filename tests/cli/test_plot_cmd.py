"""``polyexact plot``: PNGs for 2-D models and slices, exit 2 with one clear line otherwise."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from polyexact.cli.main import main
from polyexact.models.builders import construction
from polyexact.models.load import write_model

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def flat(tmp_path: Path) -> Path:
    return write_model(construction(2, 2, 4, 1), tmp_path / "flat.json")


@pytest.fixture
def solid(tmp_path: Path) -> Path:
    return write_model(construction(3, 2, 6, 1), tmp_path / "solid.json")


def test_plot_2d_model_writes_a_png(flat: Path, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "pics" / "flat.png"
    out.parent.mkdir()  # folders are never created by the command
    assert main(["plot", str(flat), "-o", str(out), "--labels"]) == 0
    assert out.read_bytes().startswith(PNG) and out.stat().st_size > 1000
    assert "16 pattern cells, 16 linear regions" in capsys.readouterr().out
    assert [p.name for p in out.parent.iterdir()] == ["flat.png"]


def test_plot_is_byte_for_byte_reproducible(flat: Path, tmp_path: Path) -> None:
    a, b = tmp_path / "a.png", tmp_path / "b.png"
    assert main(["plot", str(flat), "-o", str(a)]) == 0
    assert main(["plot", str(flat), "-o", str(b)]) == 0
    assert a.read_bytes() == b.read_bytes()


def test_plot_3d_model_needs_a_slice(solid: Path, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "solid.png"
    assert main(["plot", str(solid), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: --slice:") and "3-dimensional" in err
    assert err.count("\n") == 1
    assert not out.exists()


def test_plot_oblique_slice_json(solid: Path, tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    # x = (s, t, 1/3 + t): y-walls at t = 1/4, 1/2 and z-walls at t = 1/6, 5/12 make 5 rows of 4
    out = tmp_path / "slice.png"
    argv = ["plot", str(solid), "-o", str(out), "--slice", "0,0,1/3;1,0,0;0,1,1", "--json"]
    assert main(argv) == 0
    data = json.loads(capsys.readouterr().out)
    assert data == {"file": str(out), "pattern_cells": 20, "linear_regions": 20, "sliced": True}
    assert out.read_bytes().startswith(PNG)


@pytest.mark.parametrize(
    ("slice_text", "message"),
    [
        ("0,0,0;1,0,0", "3 parts"),
        ("0,0;1,0,0;0,1,0", "--slice.origin"),
        ("0,0,0;1,0,0;2,0,0", "independent"),
        ("0,0,5;1,0,0;0,1,0", "plane does not cross"),
        ("0,0,x;1,0,0;0,1,0", "--slice.origin[2]"),
    ],
)
def test_bad_slices_exit_2(solid: Path, tmp_path: Path, slice_text: str, message: str,
                           capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "bad.png"
    assert main(["plot", str(solid), "-o", str(out), "--slice", slice_text]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err
    assert not out.exists()


def test_non_png_name_exits_2(flat: Path, tmp_path: Path,
                              capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plot", str(flat), "-o", str(tmp_path / "x.jpg")]) == 2
    assert "--output" in capsys.readouterr().err


def test_missing_output_is_a_usage_error(flat: Path) -> None:
    assert main(["plot", str(flat)]) == 2
