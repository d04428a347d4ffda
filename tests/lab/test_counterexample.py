"""Counterexample search: true claims give None, false ones a shrunk, certified model."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest

from polyexact import find_counterexample
from polyexact.certificates import CellComplex
from polyexact.errors import InputError
from polyexact.fixtures import check_fixture_file
from polyexact.lab import read_claim, save_counterexample
from polyexact.models import Model
from tests.reliability._cli import assert_one_line_error, run_main


def cells_are_regions(model: Model, cx: CellComplex) -> bool:
    return cx.n_cells == cx.n_regions


def regions_at_most_cells(model: Model, cx: CellComplex) -> bool:
    return cx.n_regions <= cx.n_cells


def two_keys_split(model: Model, cx: CellComplex) -> bool:
    """'A head with two keys always splits the domain' (false: equal keys or a zero query)."""
    has_two = any(h.n_keys >= 2 for layer in model.layers for h in layer.heads)
    return not has_two or cx.n_cells >= 2


def test_a_true_claim_gives_none() -> None:
    assert find_counterexample(regions_at_most_cells, max_examples=100) is None


def test_cells_equal_regions_is_refuted_by_one_dead_neuron() -> None:
    found = find_counterexample(cells_are_regions, max_examples=100)
    assert found is not None
    # shrunk to the smallest refutation: one layer, no head, one neuron whose hyperplane cuts
    # the box while its output weights are zero, so two pattern cells share one affine map
    (layer,) = found.model.layers
    assert layer.heads == () and layer.ffn is not None and layer.ffn.d_ff == 1
    assert [w for row in layer.ffn.W2 for w in row] == [Fraction(0), Fraction(0)]
    assert sorted(map(abs, layer.ffn.W1[0])) == [0, 1] and layer.ffn.b1 == (Fraction(0),)
    assert (found.pattern_cells, found.linear_regions) == (2, 1)
    assert found.reason == "2 pattern cells and 1 linear regions verified"
    again = find_counterexample(cells_are_regions, max_examples=100)
    assert again is not None and again.model == found.model  # derandomized


def test_shrinks_to_one_head_with_two_keys_and_zero_weights() -> None:
    found = find_counterexample(two_keys_split, d_ff=(0, 2), max_examples=200)
    assert found is not None
    (layer,) = found.model.layers
    assert len(layer.heads) == 1 and layer.ffn is None
    (head,) = layer.heads
    assert head.n_keys == 2 and head.d_k == 1
    weights = [*head.W_Q[0], *head.b_Q, *head.keys[0], *head.keys[1], *head.values[0]]
    assert all(w.denominator == 1 and abs(w) <= 1 for w in weights)
    assert found.pattern_cells == 1


def test_a_seed_gives_a_counterexample_too() -> None:
    found = find_counterexample(cells_are_regions, seed=7, max_examples=100)
    assert found is not None and found.pattern_cells > found.linear_regions


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"heads": (2, 1)}, "heads"), ({"d": 0}, "d"), ({"n_keys": (0, 2)}, "n_keys"),
    ({"max_examples": 0}, "max_examples"), ({"domain": "ball"}, "domain"),
    ({"numerator": 0}, "numerator"),
])
def test_bad_ranges_name_the_argument(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(InputError) as info:
        find_counterexample(cells_are_regions, **kwargs)  # type: ignore[arg-type]
    assert info.value.field == field


def test_saved_counterexample_is_a_fixture_that_checks(tmp_path: Path) -> None:
    found = find_counterexample(cells_are_regions, heads=0, d_ff=(1, 2), max_examples=50)
    assert found is not None
    path = save_counterexample(found, tmp_path / "dead_neuron.json")
    data = json.loads(path.read_text())
    assert data["format"] == "polyexact.fixture/1" and data["name"] == "dead_neuron"
    assert data["expected"] == {"pattern_cells": 2, "linear_regions": 1}
    assert check_fixture_file(path).ok


CLAIM = "def claim(model, cx):\n    return cx.n_cells == cx.n_regions\n"


def test_cli_finds_saves_and_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "claim.py").write_text(CLAIM)
    status, out, err = run_main(["counterexample", str(tmp_path / "claim.py"), "--heads", "0",
                                 "--d-ff", "0:2", "--max-examples", "50", "--json",
                                 "--save", str(tmp_path / "fx.json")], capsys)
    assert (status, err) == (1, "")
    data = json.loads(out)
    assert data["found"] is True and data["certified"] is True
    assert (data["pattern_cells"], data["linear_regions"]) == (2, 1)
    assert data["model"]["layers"][0]["heads"] == []
    assert check_fixture_file(tmp_path / "fx.json").ok


def test_cli_true_claim_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "claim.py").write_text("def claim(model, cx):\n    return cx.n_cells >= 1\n")
    status, out, _ = run_main(["counterexample", str(tmp_path / "claim.py"), "--heads", "0:1",
                               "--keys", "1:2", "--d-ff", "0:1", "--max-examples", "20"], capsys)
    assert (status, out) == (0, "no counterexample in 20 examples\n")


@pytest.mark.parametrize(("text", "args", "field"), [
    (CLAIM, ["--heads", "2:1"], "--heads"),
    (CLAIM, ["--keys", "a"], "--keys"),
    (CLAIM, ["--max-examples", "0"], "--max-examples"),
    ("x = 1\n", [], "claim.py"),
    ("raise SystemExit(3)\n", [], "claim.py"),
    ("def claim(:\n", [], "claim.py"),
    ("def claim(model, cx):\n    return 1 / (cx.n_cells - 1) > 0\n", [], "claim.py"),
])
def test_cli_bad_input_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                   text: str, args: list[str], field: str) -> None:
    (tmp_path / "claim.py").write_text(text)
    status, _, err = run_main(["counterexample", str(tmp_path / "claim.py"), *args], capsys)
    assert_one_line_error(status, err, field)


def test_read_claim_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_claim(tmp_path / "none.py")


def test_shrinks_across_dimension_and_depth_to_one_neuron_on_the_line() -> None:
    found = find_counterexample(cells_are_regions, d=(1, 2), n_layers=(1, 2), max_examples=100)
    assert found is not None
    assert (found.model.d_model, found.model.n_layers) == (1, 1)
    (layer,) = found.model.layers
    assert layer.heads == () and layer.ffn is not None and layer.ffn.d_ff == 1
    assert (found.pattern_cells, found.linear_regions) == (2, 1)
