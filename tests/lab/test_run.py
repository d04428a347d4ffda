"""Running sweeps on the pool: counts match closed forms, resume counts only what is missing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from polyexact.errors import InputError
from polyexact.lab import RESULTS, read_results, run_sweep, sweep_spec_from_data
from polyexact.models import construction_width
from tests.lab._rows import timeless

CONSTRUCTION = {"format": "polyexact.sweep/1", "builder": "construction",
                "grid": {"d": [1], "N": [1, 2, 3, 4], "d_ff": [2, 4], "L": [1, 2]}}
RANDOM = {"format": "polyexact.sweep/1", "builder": "random_model",
          "grid": {"d": [2], "n_layers": [1], "heads": [1, 2], "n_keys": [2, 3], "d_k": [2],
                   "d_v": [1], "d_ff": [0, 2], "seed": [0, 1]}}


def test_construction_sweep_matches_the_closed_form(tmp_path: Path) -> None:
    rows = run_sweep(sweep_spec_from_data(CONSTRUCTION), tmp_path, jobs=1)
    assert len(rows) == 16
    for row in rows:
        p = row["params"]
        w = construction_width(p["d"], p["d_ff"])
        assert row["linear_regions"] == (2 * w * p["N"]) ** (p["d"] * p["L"])
        assert row["certified"] is True
    assert len(read_results(tmp_path)) == 16


def test_pool_rows_equal_in_process_rows(tmp_path: Path) -> None:
    spec = sweep_spec_from_data(RANDOM)
    serial = run_sweep(spec, tmp_path / "serial", jobs=1)
    pooled = run_sweep(spec, tmp_path / "pool", jobs=2)
    assert timeless(serial) == timeless(pooled)
    assert [r["params"] for r in pooled] == list(spec.points)  # returned in grid order
    assert len({r["model_sha256"] for r in serial}) == 16


def test_resume_counts_only_missing_points_and_drops_a_torn_line(tmp_path: Path) -> None:
    spec = sweep_spec_from_data(CONSTRUCTION)
    full = run_sweep(spec, tmp_path / "full", jobs=1)
    lines = (tmp_path / "full" / RESULTS).read_text().splitlines(keepends=True)
    part = tmp_path / "part"
    part.mkdir()
    (part / RESULTS).write_text("".join(lines[:5]) + lines[5][:20])  # killed mid-line
    seen: list[tuple[int, int]] = []
    rows = run_sweep(spec, part, jobs=2, progress=lambda d, t: seen.append((d, t)))
    assert seen[0] == (5, 16) and seen[-1] == (16, 16) and len(seen) == 12
    assert timeless(rows) == timeless(full)
    kept = (part / RESULTS).read_text().splitlines()
    assert len(kept) == 16 and kept[:5] == [x.rstrip("\n") for x in lines[:5]]


def test_no_verify_rows_are_not_certified(tmp_path: Path) -> None:
    grid: dict[str, Any] = {**CONSTRUCTION, "grid": {"d": [1], "N": [2], "d_ff": [2], "L": [1]}}
    (row,) = run_sweep(sweep_spec_from_data(grid), tmp_path, jobs=1, verify=False)
    assert row["certified"] is False and row["linear_regions"] == 4


def test_bad_jobs_and_out_is_a_file(tmp_path: Path) -> None:
    spec = sweep_spec_from_data(CONSTRUCTION)
    with pytest.raises(InputError, match="jobs"):
        run_sweep(spec, tmp_path, jobs=-1)
    (tmp_path / "f").write_text("")
    with pytest.raises(InputError, match="folder"):
        run_sweep(spec, tmp_path / "f", jobs=1)
    with pytest.raises(InputError, match="no folder"):
        run_sweep(spec, tmp_path / "typo" / "out", jobs=1)


def test_files_sweep_counts_each_file_and_plots_against_sizes(tmp_path: Path) -> None:
    import json

    from polyexact.lab import read_sweep_spec, sweep_series, swept_parameters
    from polyexact.models import construction, write_model

    (tmp_path / "models").mkdir()
    for n in (1, 2, 3):
        write_model(construction(2, n, 4, 1), tmp_path / "models" / f"c{n}.json")
    (tmp_path / "spec.json").write_text(json.dumps({"format": "polyexact.sweep/1",
                                                    "builder": "models/c*.json"}))
    rows = run_sweep(read_sweep_spec(tmp_path / "spec.json"), tmp_path / "out", jobs=2)
    assert [r["params"] for r in rows] == [{"file": f"models/c{n}.json"} for n in (1, 2, 3)]
    assert [r["linear_regions"] for r in rows] == [4, 16, 36]  # (2N)^2
    assert swept_parameters(rows) == ["n_keys"]
    (series,) = sweep_series(rows, "n_keys")
    assert series.x == (1, 2, 3) and series.max == (4, 16, 36)
