"""Facet pairing by equal facets and a span sweep gives exactly the adjacency of all-pairs tests.

Merging subtrees (and wide splits) pairs the facets of many cells on one hyperplane at once;
``_overlapping_facets`` matches equal facets directly and decides only pairs whose exact spans
overlap. Forced everywhere, it must reproduce the brute force; on subtrees it must reproduce the
serial enumeration.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings

import polyexact.cells.adjacency as adjacency_module
from polyexact.cells import enumerate_cells
from polyexact.cells.parallel import MIN_TASKS, enumerate_parallel
from polyexact.models import Model
from tests.cells._models import ALL, box, relu_model
from tests.cells.test_double_description_path import dd_models
from tests.cells.test_enumerate_properties import _check_against_brute_force


def _always_sweep(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Route every pairing of double-description pieces through the sweep; count the calls."""
    calls: list[int] = []
    real = adjacency_module._overlapping_facets

    def sweep(new: Any, ci: list[int], ck: list[int], key: Any) -> Iterator[tuple[int, int]]:
        calls.append(len(ci) * len(ck))
        return real(new, ci, ck, key)

    monkeypatch.setattr(adjacency_module, "_overlapping_facets", sweep)
    original = adjacency_module._carry_adjacency

    def carry(old: Any, kids_of: Any, new: Any, into: Any) -> None:
        for (i, k), key in old.items():
            ci = [c for c in kids_of[i] if key in new[c].hyperplanes]
            ck = [e for e in kids_of[k] if key in new[e].hyperplanes]
            if ci and ck and all(new[c].dd is not None for c in (*ci, *ck)):
                for c, e in sweep(new, ci, ck, key):
                    into[(min(c, e), max(c, e))] = key
            else:
                original({(i, k): key}, kids_of, new, into)

    monkeypatch.setattr(adjacency_module, "_carry_adjacency", carry)
    for module in ("polyexact.cells.enumerate", "polyexact.cells.parallel"):
        monkeypatch.setattr(f"{module}._carry_adjacency", carry)
    return calls


@settings(max_examples=120)
@given(dd_models(3))
def test_forced_sweep_agrees_with_brute_force_in_3d(model: Model) -> None:
    with pytest.MonkeyPatch.context() as patch:
        _always_sweep(patch)
        _check_against_brute_force(model)


@settings(max_examples=30)
@given(dd_models(4))
def test_forced_sweep_agrees_with_brute_force_in_4d(model: Model) -> None:
    with pytest.MonkeyPatch.context() as patch:
        _always_sweep(patch)
        _check_against_brute_force(model)


@pytest.mark.parametrize(("d", "domain"), [(3, ALL), (3, box(3)), (2, ALL), (4, ALL)])
def test_subtrees_merged_by_the_sweep_match_serial(d: int, domain: object) -> None:
    rng = random.Random(d)
    n = {2: 14, 3: 12, 4: 8}[d]
    W1 = [[rng.randint(-4, 4) for _ in range(d)] for _ in range(n)]
    W1 = [row if any(row) else [1] * d for row in W1]
    model = relu_model(W1, [rng.randint(-3, 3) for _ in range(n)], domain=domain)  # type: ignore[arg-type]
    serial = enumerate_cells(model)
    assert serial.n_cells > MIN_TASKS
    with pytest.MonkeyPatch.context() as patch:
        calls = _always_sweep(patch)
        merged = enumerate_parallel(model, jobs=1)
    assert merged == serial
    # the border merge really paired many facets at once
    assert max(calls) > 4
