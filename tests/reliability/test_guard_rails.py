"""Guard rails before long work: the announced upper bound on the cell count is valid (and
tight where it should be), and ``--max-cells N`` stops cleanly.

The bound (:func:`polyexact.cells.cell_count_bound`) is a product over layers of
``min(Σ_{k<=d} C(W, k), Π_h N_h) · Σ_{k<=d} C(d_ff, k)`` with ``W = Σ_h C(N_h, 2)`` routing
hyperplanes: inside one cell of the previous layers, the routing pieces are cells of an
arrangement of W hyperplanes (Zaslavsky) and also one convex piece per key tuple at most;
each routing piece is then cut by d_ff neuron hyperplanes (Zaslavsky again).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from polyexact.cells import cell_count_bound, enumerate_cells
from polyexact.models.builders import construction, random_model
from polyexact.models.load import write_model
from tests.reliability._cli import run_main
from tests.reliability._models import head, model


@settings(max_examples=20, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), d=st.integers(1, 2), layers=st.integers(1, 2),
       heads=st.integers(0, 2), keys=st.integers(1, 4), d_ff=st.integers(0, 3),
       denominator=st.sampled_from([1, 4]))
def test_bound_is_at_least_the_count(seed: int, d: int, layers: int, heads: int, keys: int,
                                     d_ff: int, denominator: int) -> None:
    # denominator 1 makes ties and repeated walls likely: the bound must hold there too
    m = random_model(d, n_layers=layers, heads=heads, n_keys=keys, d_k=2, d_v=1, d_ff=d_ff,
                     seed=seed, denominator=denominator, domain="all")
    assert enumerate_cells(m).n_cells <= cell_count_bound(m)


def test_bound_is_tight_for_one_head_and_for_generic_lines() -> None:
    # one head, keys at 0..4 lifted onto a parabola, on R: 5 cells; the bound is
    # min(1 + C(5, 2), 5) = 5
    m = model(1, [{"heads": [head([[1]], [[j] for j in range(5)],
                                  logit_bias=[str(-j * j) for j in range(5)])], "W_O": [[1]]}])
    assert enumerate_cells(m).n_cells == cell_count_bound(m) == 5
    # four lines in general position in R^2: 11 cells = 1 + 4 + 6, Zaslavsky's maximum
    ffn = {"W1": [[1, 0], [0, 1], [1, 1], [1, -2]], "b1": [0, 0, -1, -3],
           "W2": [[1, 1, 1, 1], [0, 0, 0, 0]]}
    m = model(2, [{"heads": [], "ffn": ffn}])
    assert enumerate_cells(m).n_cells == cell_count_bound(m) == 11


def test_bound_of_the_construction() -> None:
    # d=2, N=4, d_ff=4: per layer min(1 + 12 + 66, 4 * 4) = 16 routing pieces, each cut by 4
    # neurons into at most 1 + 4 + 6 = 11: 176 per layer against 64 actual cells
    assert cell_count_bound(construction(2, 4, 4, 1)) == 176
    assert cell_count_bound(construction(2, 4, 4, 3)) == 176**3 >= 64**3


def _no_split_model(tmp_path: Path) -> Path:
    # 45 zero neurons in R^2: bound 1 + 45 + C(45, 2) = 1036 (> 1000, so announced), 1 cell
    ffn = {"W1": [[0, 0]] * 45, "b1": [0] * 45, "W2": [[0] * 45] * 2}
    path = tmp_path / "flat.json"
    write_model(model(2, [{"heads": [], "ffn": ffn}]), path)
    return path


def test_bound_is_announced_on_stderr_but_not_in_json(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    path = _no_split_model(tmp_path)
    status, out, err = run_main(["count", str(path)], capsys)
    assert status == 0 and "pattern cells   1" in out
    assert err == "upper bound on the number of pattern cells: 1036\n"
    status, out, err = run_main(["count", str(path), "--json"], capsys)
    assert status == 0 and err == ""
    data = json.loads(out)
    assert data["pattern_cells"] == 1 and "1036" not in out


@pytest.mark.parametrize("json_mode", [False, True])
def test_max_cells_stops_cleanly(tmp_path: Path, json_mode: bool,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    # construction(2, 2, 4, 1) has exactly 16 cells: 16 is allowed, 15 is exceeded
    path = write_model(construction(2, 2, 4, 1), tmp_path / "m.json")
    cert = tmp_path / "cert.json"
    extra = ["--json"] if json_mode else []
    status, out, _ = run_main(["count", str(path), "--max-cells", "16", *extra], capsys)
    assert status == 0
    status, out, err = run_main(["count", str(path), "--max-cells", "15", "--certificate",
                                 str(cert), *extra], capsys)
    assert (status, err) == (1, "stopped: more than 15 cells\n")
    # with --json the failure is also one JSON document on stdout
    expected = {"error": {"field": "--max-cells", "message": "stopped: more than 15 cells"}}
    assert (json.loads(out) if json_mode else out) == (expected if json_mode else "")
    assert not cert.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["m.json"]


def test_max_cells_stops_a_long_count_early(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    # 4096 cells, bound 30976 announced first; stopped after a few hundred pieces
    path = write_model(construction(2, 4, 4, 2), tmp_path / "m.json")
    status, out, err = run_main(["count", str(path), "--max-cells", "100"], capsys)
    assert (status, out) == (1, "")
    assert err == ("upper bound on the number of pattern cells: 30976\n"
                   "stopped: more than 100 cells\n")
