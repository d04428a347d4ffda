"""The verifier runs without the enumerator: checked in a fresh interpreter via sys.modules."""

from __future__ import annotations

import json
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from polyexact.cells import certificate_to_data, enumerate_cells, write_certificate
from polyexact.models import construction, random_model
from polyexact.verify import verify_certificate
from polyexact.verify.evaluate import evaluate

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import json, sys
from polyexact.verify import verify_certificate
report = verify_certificate(sys.argv[1])
loaded = sorted(m for m in sys.modules
                if m == "polyexact.cells" or m.startswith(("polyexact.cells.",
                                                           "polyexact.polyhedra.incremental")))
print(json.dumps({"valid": report.valid, "cells": report.pattern_cells, "loaded": loaded}))
"""


def test_verifier_loads_no_enumeration_module(tmp_path: Path) -> None:
    path = write_certificate(enumerate_cells(construction(2, 2, 4, 1)), tmp_path / "c.json")
    out = subprocess.run([sys.executable, "-c", SCRIPT, str(path)], capture_output=True,
                         text=True, check=True, cwd=ROOT)
    result = json.loads(out.stdout)
    assert result == {"valid": True, "cells": 16, "loaded": []}


def test_verifying_a_folder_with_a_pool_loads_no_enumeration_module(tmp_path: Path) -> None:
    from tests.verify._folders import split_to_folder

    data = certificate_to_data(enumerate_cells(construction(2, 2, 4, 1)), shard_cells=5)
    folder = split_to_folder(data, tmp_path / "cert")
    script = SCRIPT.replace("verify_certificate(sys.argv[1])",
                            "verify_certificate(sys.argv[1], jobs=2)")
    out = subprocess.run([sys.executable, "-c", script, str(folder)], capture_output=True,
                         text=True, check=True, cwd=ROOT)
    assert json.loads(out.stdout) == {"valid": True, "cells": 16, "loaded": []}


def test_verifier_never_calls_the_models_evaluation(monkeypatch: pytest.MonkeyPatch) -> None:
    # the model package's forward pass and layer maps are the enumerator's: break them all
    import polyexact.models.forward as fwd

    data = certificate_to_data(enumerate_cells(construction(1, 3, 2, 2)))

    def broken(*args: object, **kwargs: object) -> None:
        raise AssertionError("the verifier used the model package's evaluation")

    for name in ("forward", "attention_map", "ffn_map", "ffn_preactivations",
                 "affine_map_of_pattern", "route"):
        monkeypatch.setattr(fwd, name, broken)
    assert verify_certificate(data).valid


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10_000), st.lists(st.fractions(-3, 3), min_size=2, max_size=2))
def test_own_evaluation_agrees_with_the_models(seed: int, x: list[Fraction]) -> None:
    from polyexact.models.forward import forward

    model = random_model(2, n_layers=2, heads=2, n_keys=3, d_k=2, d_v=1, d_ff=3, seed=seed)
    pattern, output = evaluate(model, x)
    reference = forward(model, x)
    assert (pattern, output) == (reference.pattern, reference.output)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10_000), st.lists(st.fractions(-1, 1), min_size=4, max_size=4))
def test_pattern_description_and_evaluation_agree(seed: int, xs: list[Fraction]) -> None:
    # the verifier's two readings of the definitions: a point has the pattern its evaluation
    # gives iff it satisfies that pattern's rows (and not the rows of another point's pattern);
    # the points lie in the domain [-1, 1]^2
    from polyexact.verify.cells import _point_follows
    from polyexact.verify.pattern_rows import PatternRowCache

    model = random_model(2, n_layers=2, heads=1, n_keys=3, d_k=2, d_v=1, d_ff=2, seed=seed)
    cache = PatternRowCache(model)
    x, y = xs[:2], xs[2:]
    px, py = evaluate(model, x)[0], evaluate(model, y)[0]
    rows, ints, _ = cache.rows_ints_and_map(px)
    assert _point_follows(rows, ints, x)
    rows, ints, _ = cache.rows_ints_and_map(py)
    assert _point_follows(rows, ints, x) == (px == py)
