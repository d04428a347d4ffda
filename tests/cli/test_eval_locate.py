"""``polyexact eval`` names the pattern cell and the linear region of the point and warns outside
the domain; ``count --json`` has no unexplained null."""

from __future__ import annotations

import json
from fractions import Fraction as F
from pathlib import Path

import pytest

from polyexact.cells import enumerate_cells
from polyexact.models import construction, write_model
from tests.reliability._cli import run_main

GRID = construction(2, 2, 4, 1)  # the 4 x 4 grid of boxes of side 1/4 on [0, 1]²


@pytest.fixture()
def grid(tmp_path: Path) -> Path:
    return write_model(GRID, tmp_path / "grid.json")


@pytest.mark.parametrize("point", [("1/8", "7/8"), ("5/8", "3/8"), ("1/4", "1/8"), ("1", "1")])
def test_eval_names_the_cell_and_region(point: tuple[str, str], grid: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run_main(["eval", str(grid), "--point", ",".join(point), "--json"],
                                capsys)
    assert (status, err) == (0, "")
    data = json.loads(out)
    x = tuple(F(c) for c in point)
    where = enumerate_cells(GRID).locate(x)
    assert where is not None
    assert (data["cell"], data["region"], data["interior"]) == (where.cell, where.region,
                                                                 where.interior)
    assert (data["pattern_cells"], data["linear_regions"], data["in_domain"]) == (16, 16, True)
    # interior exactly when no coordinate is a multiple of 1/4
    assert data["interior"] == all((4 * c).denominator != 1 for c in x)
    # the cell's box holds the point
    cell = enumerate_cells(GRID).cells[data["cell"]]
    assert all(sum(a * c for a, c in zip(row, x, strict=True)) <= b
               for row, b in zip(cell.A, cell.b, strict=True))


def test_eval_text_says_cell_and_region(grid: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run_main(["eval", str(grid), "--point", "1/8,1/8"], capsys)
    assert status == 0
    where = enumerate_cells(GRID).locate((F(1, 8), F(1, 8)))
    assert where is not None
    assert (f"pattern cell {where.cell} of 16 (interior), linear region {where.region} of 16"
            in out)
    status, out, _ = run_main(["eval", str(grid), "--point", "1/2,1/8"], capsys)
    assert "(on a wall)" in out


@pytest.mark.parametrize("json_mode", [False, True])
def test_eval_warns_outside_the_domain(json_mode: bool, grid: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    extra = ["--json"] if json_mode else []
    status, out, err = run_main(["eval", str(grid), "--point", "-1/2,1/3", *extra], capsys)
    assert status == 0
    assert err.startswith("warning: the point is outside the model's domain")
    assert err.count("\n") == 1
    if json_mode:
        data = json.loads(out)
        assert data["in_domain"] is False and data["cell"] is None and data["region"] is None
        assert data["output"]  # the formula is still evaluated
    else:
        assert "outside the domain: in no pattern cell" in out
    # a point on the boundary is inside
    status, out, err = run_main(["eval", str(grid), "--point", "0,1", "--json"], capsys)
    assert err == "" and json.loads(out)["in_domain"] is True


def test_eval_does_not_enumerate_huge_models(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    big = write_model(construction(2, 4, 4, 3), tmp_path / "big.json")  # 262,144 cells
    status, out, err = run_main(["eval", str(big), "--point", "1/3,1/5", "--json"], capsys)
    assert status == 0
    assert err.startswith("note: cell and region not located")
    data = json.loads(out)
    assert data["in_domain"] is True and data["cell"] is None


def test_count_json_has_no_null_dual_vertices(grid: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run_main(["count", str(grid), "--json"], capsys)
    assert status == 0
    data = json.loads(out)
    # the dual check applies only to one attention-only layer: this model has an FFN
    assert "dual_vertices" not in data
    assert None not in data.values()
