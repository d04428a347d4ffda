"""Sizes are checked before anything is allocated; the documented limits are enforced exactly."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from polyexact.errors import ShapeError
from polyexact.models import model_from_data
from polyexact.models.limits import (
    MAX_HEADS,
    MAX_KEYS,
    MAX_LAYERS,
    MAX_NEURONS,
    MAX_POINTS,
    MAX_WIDTH,
)
from polyexact.models.points import point_sets_from_data
from tests.reliability._cli import assert_one_line_error, run_subprocess

TINY = '{"format":"polyexact.model/1","d_model":2000000000,"layers":[{"heads":[]}]}\n'


def test_an_81_byte_model_declaring_a_huge_width_is_refused_at_once(tmp_path: Path) -> None:
    path = tmp_path / "tiny.json"
    path.write_text(TINY)
    assert path.stat().st_size <= 81
    for verb in (["count"], ["eval", "--point", "0"], ["export", "-o", "g.graphml"]):
        started = time.monotonic()
        proc = run_subprocess([verb[0], str(path), *verb[1:]], timeout=30)
        assert_one_line_error(proc.returncode, proc.stderr,
                              "d_model: expected a d_model of at most 1024, found 2000000000")
        assert time.monotonic() - started < 10  # start-up only: nothing was allocated


def _model(d: int = 1, **layer: Any) -> dict[str, Any]:
    return {"format": "polyexact.model/1", "d_model": d, "layers": [layer]}


def _head(n_keys: int = 2, d_k: int = 1, d_v: int = 1) -> dict[str, Any]:
    row = [0] * d_k
    return {"W_Q": [[1]] * d_k, "keys": [row] * n_keys, "values": [[0] * d_v] * n_keys}


def test_each_limit_is_the_largest_accepted_size() -> None:
    # at the limit: accepted; one more: refused, naming the field
    assert model_from_data(_model(MAX_WIDTH, heads=[])).d_model == MAX_WIDTH
    with pytest.raises(ShapeError, match=r"^d_model: expected a d_model of at most 1024"):
        model_from_data(_model(MAX_WIDTH + 1, heads=[]))
    cases = [
        (_model(heads=[_head()] * (MAX_HEADS + 1)), "layers[0].heads"),
        (_model(heads=[_head(n_keys=MAX_KEYS + 1)]), "layers[0].heads[0].keys"),
        (_model(heads=[_head(d_k=MAX_WIDTH + 1)]), "layers[0].heads[0].W_Q"),
        (_model(heads=[], W_O=[[]], ffn={"W1": [[1]] * (MAX_NEURONS + 1), "W2": [[1]]}),
         "layers[0].ffn.W1"),
        ({"format": "polyexact.model/1", "d_model": 1,
          "layers": [{"heads": []}] * (MAX_LAYERS + 1)}, "layers"),
    ]
    for data, field in cases:
        with pytest.raises(ShapeError, match=rf"^{field.replace('[', '.').replace(']', '.')}: "
                                             "expected a .* of at most"):
            model_from_data(data)
    head = _head(d_v=MAX_WIDTH + 1)
    with pytest.raises(ShapeError, match=r"values\[0\]: expected a d_v .* at most 1024"):
        model_from_data(_model(heads=[head], W_O=[[0] * (MAX_WIDTH + 1)]))
    assert len(model_from_data(_model(heads=[_head(n_keys=MAX_KEYS)])).layers[0].heads[0].keys) \
        == MAX_KEYS


def test_point_set_limits() -> None:
    with pytest.raises(ShapeError, match=r"^dim: expected a dim of at most 1024"):
        point_sets_from_data({"format": "polyexact.points/1", "dim": 10**9, "sets": [[[0]]]})
    with pytest.raises(ShapeError, match=r"^sets\[0\]: expected a number of points of at most"):
        point_sets_from_data({"format": "polyexact.points/1", "dim": 1,
                              "sets": [[[0]] * (MAX_POINTS + 1)]})
