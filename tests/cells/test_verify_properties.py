"""Property tests: enumerated certificates verify, and losing any one cell is always caught."""

from __future__ import annotations

import copy

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from polyexact.cells import certificate_to_data, enumerate_cells
from polyexact.models import random_model
from polyexact.verify import verify_certificate


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), d=st.integers(1, 2), heads=st.integers(0, 2),
       d_ff=st.integers(0, 2), domain=st.sampled_from(["box", "all"]),
       query_bias=st.booleans(), data=st.data())
def test_certificate_verifies_and_any_removed_cell_is_caught(
        seed: int, d: int, heads: int, d_ff: int, domain: str, query_bias: bool,
        data: st.DataObject) -> None:
    # small integer weights (denominator 1, scale 1) make ties and degenerate walls common
    model = random_model(d, n_layers=1, heads=heads, n_keys=2, d_k=1, d_v=1, d_ff=d_ff,
                         seed=seed, domain=domain, query_bias=query_bias,  # type: ignore[arg-type]
                         denominator=1)
    cx = enumerate_cells(model)
    cert = certificate_to_data(cx)
    report = verify_certificate(cert)
    assert report.valid, report.reason
    assert (report.pattern_cells, report.linear_regions) == (cx.n_cells, cx.n_regions)
    if cx.n_cells < 2:
        return
    k = data.draw(st.integers(0, cx.n_cells - 1))
    tampered = copy.deepcopy(cert)
    del tampered["shards"][0]["cells"][k]
    renumber = {i: i - (i > k) for i in range(cx.n_cells) if i != k}
    tampered["shards"][0]["adjacency"] = [
        {**a, "cells": [renumber[a["cells"][0]], renumber[a["cells"][1]]]}
        for a in tampered["shards"][0]["adjacency"] if k not in a["cells"]]
    tampered["counts"]["pattern_cells"] -= 1
    assert not verify_certificate(tampered).valid
