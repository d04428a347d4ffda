"""The independent verifier: valid certificates pass, each kind of tampering fails clearly."""

from __future__ import annotations

import ast
import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import polyexact.verify.verifier as verify_module
from polyexact.cells import (
    certificate_to_data,
    enumerate_cells,
    write_certificate,
)
from polyexact.errors import FormatError, InputError
from polyexact.models import construction, random_model, whole_space
from polyexact.verify import verify_certificate
from tests.cells._complexes import quadrants, relu_1d, routing_1d

Data = dict[str, Any]


def _quadrants() -> Data:
    return certificate_to_data(quadrants())


def _reason(data: Data) -> str:
    report = verify_certificate(data)
    assert not report.valid
    return report.reason


@pytest.mark.parametrize("make", [relu_1d, quadrants, lambda: quadrants(whole_space()), routing_1d],
                         ids=["relu_1d", "quadrants_box", "quadrants_all", "routing_1d"])
def test_hand_made_certificates_are_valid(make: Callable[[], Any]) -> None:
    cx = make()
    report = verify_certificate(certificate_to_data(cx))
    assert report.valid, report.reason
    assert (report.pattern_cells, report.linear_regions) == (cx.n_cells, cx.n_regions)


def test_enumerator_agrees_with_hand_made_cells() -> None:
    # two independent descriptions of the same complexes: same patterns, rows, adjacency
    for cx in (relu_1d(), quadrants(), quadrants(whole_space()), routing_1d()):
        got = enumerate_cells(cx.model)
        assert got.adjacency == cx.adjacency and got.region_of == cx.region_of
        assert [(c.pattern, set(zip(c.A, c.b, c.walls, strict=True)), c.affine_map)
                for c in got.cells] == \
               [(c.pattern, set(zip(c.A, c.b, c.walls, strict=True)), c.affine_map)
                for c in cx.cells]


@pytest.mark.parametrize("model", [
    construction(1, 3, 2, 2),
    construction(2, 2, 4, 1),
    random_model(2, n_layers=1, heads=2, n_keys=3, d_k=2, d_v=1, d_ff=3, seed=1),
    random_model(2, n_layers=2, heads=1, n_keys=3, d_k=2, d_v=1, d_ff=2, seed=2, domain="all"),
    random_model(3, n_layers=1, heads=1, n_keys=3, d_k=2, d_v=1, d_ff=2, seed=3, domain="all"),
], ids=["construction_d1_n3_l2", "construction_d2_n2_l1", "random_box", "random_all_l2",
        "random_all_d3"])
def test_enumerated_certificates_are_valid(model: Any) -> None:
    cx = enumerate_cells(model)
    report = verify_certificate(certificate_to_data(cx))
    assert report.valid, report.reason
    assert report.pattern_cells == cx.n_cells


def test_construction_d1_n3_l2_certificate_has_36_regions() -> None:
    report = verify_certificate(certificate_to_data(enumerate_cells(construction(1, 3, 2, 2))))
    assert report.valid and (report.pattern_cells, report.linear_regions) == (36, 36)


def test_path_input(tmp_path: Path) -> None:
    path = tmp_path / "cert.json"
    write_certificate(relu_1d(), path)
    assert verify_certificate(path).valid
    assert verify_certificate(str(path)).valid


def test_removed_cell_leaves_a_facet_uncovered() -> None:
    data = certificate_to_data(relu_1d())
    del data["shards"][0]["cells"][2]
    data["shards"][0]["adjacency"] = data["shards"][0]["adjacency"][:1]
    data["counts"]["pattern_cells"] = 2
    assert _reason(data) == "cells[1].A[1]: facet with no recorded neighbour across it"
    # stretching the last cell over the gap is caught as well
    data["shards"][0]["cells"][1]["A"] = [[-1]]
    data["shards"][0]["cells"][1]["b"] = [0]
    data["shards"][0]["cells"][1]["walls"] = data["shards"][0]["cells"][1]["walls"][:1]
    assert "larger than its pattern's set" in _reason(data)


def test_removed_cell_with_its_adjacency_leaves_a_facet_uncovered() -> None:
    data = _quadrants()
    del data["shards"][0]["cells"][3]
    shard = data["shards"][0]
    shard["adjacency"] = [a for a in shard["adjacency"] if 3 not in a["cells"]]
    data["counts"] = {"pattern_cells": 3, "linear_regions": 3}
    reason = _reason(data)
    assert reason.endswith("facet with no recorded neighbour across it")


def test_removed_cell_left_dangling_fails() -> None:
    data = _quadrants()
    del data["shards"][0]["cells"][3]
    assert "counts.pattern_cells: recorded 4" in _reason(data)
    data["counts"]["pattern_cells"] = 3
    assert "shards[0].adjacency[2]" in _reason(data)


def test_point_moved_outside_its_cell_fails() -> None:
    data = _quadrants()
    data["shards"][0]["cells"][0]["point"] = ["1/2", "-1/2"]
    assert _reason(data) == "cells[0].point: not strictly inside the cell"


def test_point_on_the_boundary_fails() -> None:
    data = _quadrants()
    data["shards"][0]["cells"][3]["point"] = [0, "1/2"]
    assert _reason(data) == "cells[3].point: not strictly inside the cell"


def test_changed_map_fails() -> None:
    data = _quadrants()
    data["shards"][0]["cells"][3]["map"]["b"] = [0, "1/7"]
    assert _reason(data) == "cells[3].map: not the affine map of the cell's pattern"


def test_changed_counts_fail() -> None:
    data = _quadrants()
    data["counts"]["linear_regions"] = 5
    assert _reason(data) == "counts.linear_regions: recorded 5, the cells form 4 regions"
    data = _quadrants()
    data["counts"]["pattern_cells"] = 3
    assert "counts.pattern_cells" in _reason(data)


def test_added_adjacency_that_is_not_a_facet_fails() -> None:
    data = _quadrants()
    # cells (off, off) and (on, on) meet only at the origin
    data["shards"][0]["adjacency"].append({"cells": [0, 3], "wall": {"kind": "neuron", "layer": 0,
                                                        "neuron": 0}})
    assert _reason(data) == ("shards[0].adjacency[4]: cells 0 and 3 do not share a "
                             "(d-1)-dimensional facet")


def test_adjacency_on_the_wrong_wall_or_domain_fails() -> None:
    data = _quadrants()
    data["shards"][0]["adjacency"][0]["wall"] = {"kind": "neuron", "layer": 0, "neuron": 0}
    assert "does not lie on wall (layer 0, neuron 0)" in _reason(data)
    data = _quadrants()
    data["shards"][0]["adjacency"][0]["wall"] = {"kind": "domain", "row": 0}
    assert "domain boundary is not a shared facet" in _reason(data)


def test_missing_adjacency_fails() -> None:
    data = _quadrants()
    del data["shards"][0]["adjacency"][1]
    assert "facet with no recorded neighbour" in _reason(data)


def test_wrong_region_ids_fail() -> None:
    data = certificate_to_data(relu_1d())
    # cells 1 and 2 share a facet and the map x ↦ x: they must be one region
    data["shards"][0]["cells"][2]["region"] = 2
    data["counts"]["linear_regions"] = 3
    assert "joined to a cell of region" in _reason(data)
    data = _quadrants()
    data["shards"][0]["cells"][3]["region"] = 0
    data["counts"]["linear_regions"] = 3
    assert "region 0 is not connected" in _reason(data)


def test_row_not_implied_by_the_pattern_fails() -> None:
    data = _quadrants()
    data["shards"][0]["cells"][3]["b"][1] = "2/3"  # x <= 2/3 is no wall of the pattern
    assert _reason(data) == ("cells[3].A[1]: not implied by the pattern (not a positive "
                             "multiple of the row of its wall)")


def test_dropped_row_makes_the_cell_too_large() -> None:
    data = _quadrants()
    cell = data["shards"][0]["cells"][3]
    for key in ("A", "b", "walls"):
        cell[key] = cell[key][1:]  # drop -x <= 0 (the neuron 0 wall)
    assert "larger than its pattern's set" in _reason(data)


def test_duplicated_cell_fails() -> None:
    data = _quadrants()
    data["shards"][0]["cells"].append(copy.deepcopy(data["shards"][0]["cells"][0]))
    data["counts"]["pattern_cells"] = 5
    assert _reason(data) == "cells[4]: same pattern as cells[0]"


def test_wrong_model_digest_or_other_model_fails() -> None:
    data = _quadrants()
    data["model_digest"] = "sha256:00"
    assert _reason(data).startswith("model_digest: recorded sha256:00")
    report = verify_certificate(_quadrants(), model=relu_1d().model)
    assert not report.valid and report.reason.startswith("model: the certificate is of model")
    assert verify_certificate(_quadrants(), model=quadrants().model).valid


def test_other_model_or_definition_fails() -> None:
    data = _quadrants()
    data["model"]["layers"][0]["ffn"]["b1"] = ["1/2", 0]
    assert not verify_certificate(data).valid
    data = _quadrants()
    data["region_definition"]["linear_region"] = "anything"
    assert "region_definition" in _reason(data)
    data = _quadrants()
    data["domain"] = {"box": [[-1, 2], [-1, 1]]}
    assert _reason(data) == "domain: differs from the model's domain"


def test_malformed_input_raises_and_other_version_is_format_error() -> None:
    data = _quadrants()
    with pytest.raises(FormatError):
        verify_certificate({**data, "format": "polyexact.certificate/0"})
    bad = copy.deepcopy(data)
    bad["shards"][0]["cells"][0]["point"] = ["abc", 0]
    with pytest.raises(InputError, match=r"cells\[0\]\.point\[0\]"):
        verify_certificate(bad)


def test_verifier_does_not_import_the_enumerator() -> None:
    tree = ast.parse(Path(verify_module.__file__).read_text())
    imported = {node.module for node in ast.walk(tree)
                if isinstance(node, ast.ImportFrom) and node.module}
    imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                 for alias in node.names}
    forbidden = {"polyexact.cells.enumerate", "polyexact.cells.split", "polyexact.cells.engine",
                 "polyexact.cells.piece", "polyexact.cells.adjacency", "polyexact.cells.regions",
                 "polyexact.cells.dual", "polyexact.cells.geometry_polygon",
                 "polyexact.cells.geometry_dd", "polyexact.cells.runner"}
    assert not imported & forbidden
    assert "polyexact.cells" not in imported  # the package re-exports the enumerator
