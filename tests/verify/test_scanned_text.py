"""The verifier on a certificate's canonical text held in memory (what ``count`` checks)."""

from __future__ import annotations

import pytest

from polyexact.cells import enumerate_cells
from polyexact.certificates import certificate_to_data
from polyexact.certificates.scan import scan_certificate_text
from polyexact.certificates.write import certificate_text
from polyexact.models import Model, construction, random_model
from polyexact.verify import verify_certificate

MODELS = [construction(2, 2, 4, 2),
          random_model(2, n_layers=2, heads=1, n_keys=3, d_k=2, d_v=1, d_ff=2, seed=2,
                       domain="all")]


@pytest.mark.parametrize("model", MODELS, ids=["construction", "random_all"])
@pytest.mark.parametrize("jobs", [1, 2])
def test_text_and_data_give_the_same_report(model: Model, jobs: int) -> None:
    cx = enumerate_cells(model)
    scanned = scan_certificate_text(certificate_text(cx))
    assert scanned is not None
    by_text = verify_certificate(scanned, jobs=jobs)
    by_data = verify_certificate(certificate_to_data(cx), jobs=jobs)
    assert by_text.valid and by_text == by_data
    assert by_text.pattern_cells == cx.n_cells and by_text.linear_regions == cx.n_regions


def test_a_changed_number_in_the_text_is_caught() -> None:
    cx = enumerate_cells(construction(1, 2, 2, 1))
    text = certificate_text(cx)
    # the first cell's interior point moved outside the cell
    point = text.index('"point":[') + len('"point":[')
    end = text.index("]", point)
    forged = text[:point] + "5" + text[end:]
    scanned = scan_certificate_text(forged)
    assert scanned is not None
    report = verify_certificate(scanned)
    assert not report.valid and "point" in report.reason


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_first_failing_adjacency_in_list_order_is_reported(jobs: int) -> None:
    # adjacencies are checked as their later cell arrives: [(0, 3), (1, 2)] meets (1, 2)
    # first, but the reason must name adjacency[0], as a check in list order would
    data = certificate_to_data(enumerate_cells(construction(1, 2, 2, 1)))
    route = {"head": 0, "keys": [0, 1], "kind": "route", "layer": 0}
    data["shards"][0]["adjacency"] = [{"cells": [0, 3], "wall": route},
                                      {"cells": [1, 2], "wall": {"kind": "neuron", "layer": 0,
                                                                 "neuron": 0}}]
    report = verify_certificate(data, jobs=jobs)
    assert not report.valid and report.reason.startswith("shards[0].adjacency[0]:")
