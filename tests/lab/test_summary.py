"""Summaries: the construction's closed form against exact counts, exponent fits, the picture."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from polyexact.errors import InputError
from polyexact.lab import (
    closed_form,
    count_point,
    fit_exponent,
    plot_sweep,
    run_sweep,
    sweep_series,
    sweep_spec_from_data,
    swept_parameters,
)

GRID = {"format": "polyexact.sweep/1", "builder": "construction",
        "grid": {"d": [1, 2], "N": [1, 2, 3], "d_ff": [4, 8], "L": [1]}}


@pytest.fixture(scope="module")
def rows(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, object]]:
    return run_sweep(sweep_spec_from_data(GRID), tmp_path_factory.mktemp("sweep"), jobs=1)


def test_closed_form_equals_the_certified_counts(rows: list[dict[str, object]]) -> None:
    # (2wN)^(dL), w = floor(d_ff / 2d): d=1, d_ff=8 has w=4 and N=3 gives 24 regions;
    # d=2, d_ff=8 has w=2 and N=3 gives 12^2 = 144
    for row in rows:
        form = closed_form("construction", row["params"])  # type: ignore[arg-type]
        assert row["linear_regions"] == row["pattern_cells"] == form
        assert row["certified"] is True
    assert sorted(r["linear_regions"] for r in rows) == sorted(  # type: ignore[type-var]
        [4, 8, 12, 8, 16, 24, 4, 16, 36, 16, 64, 144])


def test_construction_with_two_blocks_squares_the_count() -> None:
    row = count_point("construction", {"d": 2, "N": 2, "d_ff": 4, "L": 2})
    assert row["linear_regions"] == closed_form("construction", row["params"]) == 256


def test_series_fit_recovers_the_exponent_d(rows: list[dict[str, object]]) -> None:
    assert swept_parameters(rows) == ["d", "N", "d_ff"]
    series = sweep_series(rows, "N")
    assert [s.fixed for s in series] == [{"L": 1, "d": 1, "d_ff": 4}, {"L": 1, "d": 1, "d_ff": 8},
                                         {"L": 1, "d": 2, "d_ff": 4}, {"L": 1, "d": 2, "d_ff": 8}]
    for s in series:
        # counts (2wN)^d are exactly a power of N: slope d, a zero-width interval
        assert s.fit is not None and s.fit.low is not None and s.fit.high is not None
        assert math.isclose(s.fit.slope, s.fixed["d"])
        assert s.fit.high - s.fit.low < 1e-9
        assert s.closed_form == s.max
        assert s.seeds == 1 and [int(m) for m in s.mean] == list(s.max)


def test_fit_interval_covers_noisy_data_and_rejects_bad_input() -> None:
    fit = fit_exponent([1, 2, 3, 4, 5], [1, 4.4, 8.1, 17, 24])
    assert fit.low is not None and fit.high is not None
    assert fit.low < 2 < fit.high and fit.high - fit.low < 1
    with pytest.raises(InputError):
        fit_exponent([1, 1], [1, 2])
    with pytest.raises(InputError):
        fit_exponent([0, 1], [1, 2])


def test_mean_and_max_over_seeds_are_exact() -> None:
    rows = [{"builder": "random_model", "params": {"n_keys": n, "seed": s, "heads": 0},
             "pattern_cells": c, "linear_regions": c}
            for n, s, c in [(2, 0, 3), (2, 1, 4), (4, 0, 5), (4, 1, 5), (4, 2, 6)]]
    (series,) = sweep_series(rows, "n_keys", count="pattern_cells")
    assert series.max == (4, 6) and [str(m) for m in series.mean] == ["7/2", "16/3"]
    assert series.seeds == 3 and series.closed_form is None
    assert swept_parameters(rows) == ["n_keys"]  # heads is constant, seed never counts
    with pytest.raises(InputError, match="count"):
        sweep_series(rows, "n_keys", count="cells")


@pytest.mark.parametrize("suffix", ["png", "svg"])
def test_plot_is_written_and_deterministic(rows: list[dict[str, object]], tmp_path: Path,
                                           suffix: str) -> None:
    a = plot_sweep(rows, tmp_path / f"a.{suffix}").read_bytes()
    b = plot_sweep(rows, tmp_path / f"b.{suffix}").read_bytes()
    assert a == b
    assert a.startswith(b"\x89PNG") if suffix == "png" else b"<svg" in a[:1000]
    with pytest.raises(InputError, match=r"png or \.svg"):
        plot_sweep(rows, tmp_path / "a.pdf")
    with pytest.raises(InputError, match="no parameter"):
        plot_sweep(rows[:1], tmp_path / "c.png")
