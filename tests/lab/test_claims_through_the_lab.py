"""The claims' random-model studies run as sweeps: the same counts as counting model by model."""

from __future__ import annotations

from polyexact.claims._depth import _fig6a_grid, count_model, sweep_counts
from polyexact.models import random_model


def test_fig6a_sweep_equals_counting_each_model() -> None:
    spec = _fig6a_grid([0, 1, 2], query_bias=False)
    spec["grid"].update(n_layers=[1, 2], n_keys=[3])
    by_sweep = sweep_counts(spec)
    direct = {L: {3: [count_model(random_model(2, n_layers=L, heads=2, n_keys=3, d_k=2, d_v=1,
                                               d_ff=4, seed=s, denominator=16,
                                               query_bias=False))
                      for s in (0, 1, 2)]}
              for L in (1, 2)}
    assert by_sweep == direct


def test_c4_search_finds_no_width_one_head_with_three_cells() -> None:
    from polyexact.claims import check_claims

    (result,) = check_claims(quick=True, ids=["C4"])
    search = result.evidence["random_search"]
    assert search["counterexample"] is None and search["max_examples"] == 100
