"""Mutation testing of certificates: every single change that makes a stated count wrong fails.

Models where facets are shared by several cells (two attention layers whose maps jump across
walls), a degenerate arrangement and an unbounded domain. Drop or add every adjacency, drop
every cell, alter rows, maps, points and counts; each must be rejected. The "brick" pattern (a
facet of one cell shared with two cells, the same-map adjacency left out) is reproduced: it
used to pass with one region too many.
"""

from __future__ import annotations

import copy
import json
from collections import Counter
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from polyexact.cells import certificate_to_data, enumerate_cells, write_certificate
from polyexact.certificates.complex import component_ids
from polyexact.models import construction, model_from_data, model_to_data, random_model
from polyexact.numbers import digit_limit, format_rational
from polyexact.verify import verify_certificate

Data = dict[str, Any]
ROOT = Path(__file__).resolve().parents[2]

def _head(keys: list[list[str]], values: list[list[str]]) -> dict[str, Any]:
    return {"W_Q": [["1", "0"], ["0", "1"]], "keys": keys, "values": values}


#: Two attention layers: layer 0 routes on the sign of x and lifts y by 1/2 on the right; layer
#: 1 routes on the sign of the lifted y and adds (0, 1/2) below it. The cells are L0 = {x < 0,
#: y < 0}, L1 = {x < 0, y > 0}, R0 = {x > 0, y < -1/2}, R1 = {x > 0, y > -1/2}: the facet of L0
#: on x = 0 is shared with R0 and R1, and L0, R1 have the same map (x, y + 1/2). Three regions.
BRICK = model_from_data({
    "format": "polyexact.model/1", "name": "brick", "d_model": 2,
    "domain": {"box": [["-1", "1"], ["-1", "1"]]},
    "layers": [
        {"heads": [_head([["-1", "0"], ["1", "0"]], [["0", "0"], ["0", "1/2"]])]},
        {"heads": [_head([["0", "-1"], ["0", "1"]], [["0", "1/2"], ["0", "0"]])]},
    ],
})

MODELS = {
    "brick": BRICK,
    "two-attention-layers": random_model(2, n_layers=2, heads=1, n_keys=3, d_k=2, d_v=2,
                                         d_ff=0, seed=5),
    "attention-and-relu": random_model(2, n_layers=2, heads=1, n_keys=3, d_k=2, d_v=1,
                                       d_ff=2, seed=2),
    "unbounded": random_model(2, n_layers=2, heads=1, n_keys=3, d_k=2, d_v=1, d_ff=2, seed=2,
                              domain="all"),
    # an unbounded polytope domain (y >= -1/2): facets on its boundary and unbounded inner ones
    "half-plane": model_from_data({
        **model_to_data(random_model(2, n_layers=1, heads=1, n_keys=3, d_k=2, d_v=1, d_ff=2,
                                     seed=4)),
        "domain": {"polytope": {"A": [[0, -1]], "b": ["1/2"]}}}),
    "one-dimensional-two-layers": construction(1, 3, 2, 2),
    # above the plane (facet generators, cddlib): two layers, facets with several neighbours
    "three-d": random_model(3, n_layers=2, heads=1, n_keys=3, d_k=2, d_v=1, d_ff=2, seed=0),
    "three-d-unbounded": random_model(3, n_layers=2, heads=1, n_keys=3, d_k=2, d_v=1, d_ff=2,
                                      seed=4, domain="all"),
    # duplicate keys: several walls coincide
    "degenerate": model_from_data(json.loads(
        (ROOT / "data" / "degenerate_duplicate_keys.json").read_text())["input"]),
}


def _data(name: str, shard_cells: int | None = None) -> Data:
    return certificate_to_data(enumerate_cells(MODELS[name]), shard_cells=shard_cells)


def _adjacency(data: Data) -> list[dict[str, Any]]:
    return [a for s in data["shards"] for a in s["adjacency"]] + list(data["adjacency"])


def _without_adjacency(data: Data, k: int) -> Data:
    out = copy.deepcopy(data)
    seen = 0
    for holder in [*out["shards"], out]:
        items = holder["adjacency"]
        if k < seen + len(items):
            del items[k - seen]
            return out
        seen += len(items)
    raise IndexError(k)


@pytest.mark.parametrize("name", sorted(MODELS))
@pytest.mark.parametrize("shard_cells", [None, 5])
def test_untouched_certificate_verifies(name: str, shard_cells: int | None) -> None:
    data = _data(name, shard_cells)
    report = verify_certificate(data)
    assert report.valid, report.reason


def _restated(data: Data) -> Data:
    """The certificate with its region ids and count restated from its own adjacency, as a
    forger would: shard-local ids per shard, the global count over all shards."""
    out = copy.deepcopy(data)
    maps: list[str] = []
    pairs: list[tuple[int, int]] = []
    for shard in out["shards"]:
        local_maps = [json.dumps(c["map"], sort_keys=True) for c in shard["cells"]]
        local = [tuple(a["cells"]) for a in shard["adjacency"]]
        if all(0 <= i < j < len(local_maps) for i, j in local):
            ids = component_ids(local_maps, local)
            for cell, region in zip(shard["cells"], ids, strict=True):
                cell["region"] = region
        pairs += [(len(maps) + i, len(maps) + j) for i, j in local]
        maps += local_maps
    pairs += [tuple(a["cells"]) for a in out["adjacency"]]
    valid = [(i, j) for i, j in pairs if 0 <= i < j < len(maps)]
    out["counts"]["linear_regions"] = len(set(component_ids(maps, valid)))
    return out


@pytest.mark.parametrize("name", sorted(MODELS))
@pytest.mark.parametrize("shard_cells", [None, 4])
def test_dropping_any_adjacency_is_rejected(name: str, shard_cells: int | None) -> None:
    data = _data(name, shard_cells=shard_cells)
    n = len(_adjacency(data))
    assert n > 0
    for k in range(n):
        dropped = _without_adjacency(data, k)
        assert not verify_certificate(dropped).valid, k
        # with the regions restated to match, only the geometry can tell
        report = verify_certificate(_restated(dropped))
        assert not report.valid, k
        assert "neighbour" in report.reason, report.reason


def test_restating_an_untouched_certificate_changes_nothing() -> None:
    for name in sorted(MODELS):
        for shard_cells in (None, 3, 4):
            data = _data(name, shard_cells)
            assert _restated(data) == data, (name, shard_cells)


def test_brick_pattern_region_count_cannot_be_forged() -> None:
    # a facet of one cell shared with two cells; leaving out the adjacency whose two cells have
    # the same map splits a region in two. The old check (one neighbour per facet) passed it.
    data = _data("brick")
    assert data["counts"] == {"pattern_cells": 4, "linear_regions": 3}
    cells = data["shards"][0]["cells"]
    adjacency = data["shards"][0]["adjacency"]
    neighbours = Counter(json.dumps([c, a["wall"]["kind"], a["wall"].get("layer")])
                         for a in adjacency for c in a["cells"])
    forged = 0
    for k, a in enumerate(adjacency):
        i, j = a["cells"]
        if cells[i]["map"] != cells[j]["map"]:
            continue
        if max(neighbours[json.dumps([c, a["wall"]["kind"], a["wall"].get("layer")])]
               for c in (i, j)) < 2:
            continue
        mutated = _without_adjacency(data, k)
        # restate the regions as the graph without that adjacency would give them
        from polyexact.cells.regions import region_ids
        from polyexact.certificates import certificate_from_data

        cert = certificate_from_data(mutated)
        cx = cert.complex
        regions = region_ids(cx.cells, cx.adjacency)
        if max(regions) + 1 == data["counts"]["linear_regions"]:
            continue  # still connected another way: not a forged count
        for n, cell in enumerate(mutated["shards"][0]["cells"]):
            cell["region"] = regions[n]
        mutated["counts"]["linear_regions"] = max(regions) + 1
        assert mutated["counts"]["linear_regions"] == 4
        forged += 1
        for jobs in (1, 2):
            report = verify_certificate(copy.deepcopy(mutated), jobs=jobs)
            assert not report.valid
            assert "adjacency incomplete" in report.reason or "neighbour" in report.reason
    assert forged > 0, "the model has no brick pattern"


@pytest.mark.parametrize("name", sorted(MODELS))
def test_adding_a_false_adjacency_is_rejected(name: str) -> None:
    data = _data(name)
    present = {tuple(a["cells"]) for a in _adjacency(data)}
    cells = data["shards"][0]["cells"]
    tried = 0
    for i in range(len(cells)):
        for j in range(i + 1, len(cells)):
            if (i, j) in present:
                continue
            mutated = copy.deepcopy(data)
            wall = next(w for w in cells[i]["walls"] if w["kind"] != "domain")
            mutated["adjacency"].append({"cells": [i, j], "wall": wall})
            assert not verify_certificate(mutated).valid, (i, j)
            tried += 1
            if tried >= 12:
                return


@pytest.mark.parametrize("name", sorted(MODELS))
def test_dropping_any_cell_is_rejected(name: str) -> None:
    data = _data(name)
    n = len(data["shards"][0]["cells"])
    for index in range(n):
        mutated = copy.deepcopy(data)
        shard = mutated["shards"][0]
        del shard["cells"][index]
        shard["adjacency"] = [{**a, "cells": [x - (x > index) for x in a["cells"]]}
                              for a in shard["adjacency"] if index not in a["cells"]]
        mutated["counts"]["pattern_cells"] = n - 1
        assert not verify_certificate(mutated).valid, index


def _setter(key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(cell: dict[str, Any]) -> None:
        cell[key] = value
    return change


@pytest.mark.parametrize("name", sorted(MODELS))
def test_altered_fields_are_rejected(name: str) -> None:
    data = _data(name)
    cells = data["shards"][0]["cells"]
    changes: list[tuple[str, int, Callable[[dict[str, Any]], None]]] = []
    for i in range(len(cells)):
        other = cells[(i + 1) % len(cells)]["point"]  # inside another cell: not in this one
        changes += [
            ("point", i, _setter("point", other)),
            ("map", i, lambda c: c["map"]["b"].__setitem__(0, "1234567/3")),
            ("row", i, lambda c: c["b"].__setitem__(0, "1/1000")),
            ("region", i, lambda c: c.update(region=10_000)),
        ]
    for field, i, change in changes:
        mutated = copy.deepcopy(data)
        change(mutated["shards"][0]["cells"][i])
        assert not verify_certificate(mutated).valid, (field, i)
    for key in ("pattern_cells", "linear_regions"):
        for delta in (-1, 1):
            mutated = copy.deepcopy(data)
            mutated["counts"][key] += delta
            assert not verify_certificate(mutated).valid, (key, delta)


def test_numbers_longer_than_pythons_default_limit_round_trip(tmp_path: Path) -> None:
    # exact arithmetic on trained weights gives rationals of thousands of digits: polyexact
    # reads back and verifies what it writes, and the long point is still checked exactly
    from polyexact.certificates import read_certificate

    data = _data("brick")
    cell = data["shards"][0]["cells"][0]
    original = Fraction(cell["point"][0])
    tiny = Fraction(1, 7 ** 6000)
    path = tmp_path / "big.json"
    with digit_limit(100_000):  # only to build the test file
        cell["point"] = [format_rational(Fraction(x) + tiny) for x in cell["point"]]
        path.write_text(json.dumps(data))
    assert verify_certificate(path).valid
    cert = read_certificate(path)
    assert cert.shards[0].cells[0].point[0] - original == tiny
    again = write_certificate(cert.complex, tmp_path / "again.json")
    assert verify_certificate(again).valid
    with digit_limit(100_000):
        cell["point"] = [format_rational(Fraction(x) - tiny + 7) for x in cell["point"]]
        path.write_text(json.dumps(data))
    assert not verify_certificate(path).valid  # moved out by 7: still decided exactly


def _cross_shard_data() -> Data:
    data = _data("attention-and-relu", shard_cells=4)
    assert len(data["shards"]) >= 3 and data["adjacency"]
    assert any(s["adjacency"] for s in data["shards"])
    return data


def test_adjacency_in_the_wrong_list_is_rejected() -> None:
    # inside a shard only its own cells (local indices); the manifest's list only cells of two
    # shards (global indices)
    data = _cross_shard_data()
    k, inner = next((k, a) for k, s in enumerate(data["shards"]) for a in s["adjacency"])
    moved = copy.deepcopy(data)
    moved["shards"][k]["adjacency"].remove(inner)
    moved["adjacency"].append({**inner, "cells": [x + 4 * k for x in inner["cells"]]})
    moved["adjacency"].sort(key=lambda a: a["cells"])
    report = verify_certificate(moved)
    assert not report.valid and "in one shard" in report.reason
    cross = data["adjacency"][0]
    for as_local in (False, True):
        moved = copy.deepcopy(data)
        moved["adjacency"].remove(cross)
        k = cross["cells"][0] // 4
        cells = [x - 4 * k for x in cross["cells"]] if as_local else cross["cells"]
        moved["shards"][k]["adjacency"].append({**cross, "cells": cells})
        report = verify_certificate(moved)
        assert not report.valid and "of the shard's cells" in report.reason, report.reason


def test_cross_shard_adjacency_dropped_added_or_moved_is_rejected() -> None:
    data = _cross_shard_data()
    n = data["counts"]["pattern_cells"]
    present = {tuple(a["cells"]) for a in data["adjacency"]}
    for k, cross in enumerate(data["adjacency"]):
        dropped = copy.deepcopy(data)
        del dropped["adjacency"][k]
        for mutated in (dropped, _restated(dropped)):
            assert not verify_certificate(mutated).valid, k
        # moved: one end to another cell (of another shard than the other end)
        i, j = cross["cells"]
        for target in {j - 1, j + 1, i - 1} - {i, j}:
            pair = tuple(sorted((i if target != i - 1 else target, j if target == i - 1
                                 else target)))
            if not 0 <= pair[0] < pair[1] < n or pair[0] // 4 == pair[1] // 4 \
                    or pair in present:
                continue
            moved = copy.deepcopy(data)
            moved["adjacency"][k] = {**cross, "cells": list(pair)}
            moved["adjacency"].sort(key=lambda a: a["cells"])
            for mutated in (moved, _restated(moved)):
                assert not verify_certificate(mutated).valid, (k, pair)
    # added: two cells of different shards that share no facet
    tried = 0
    for i in range(n):
        for j in range(i + 1, n):
            if i // 4 == j // 4 or (i, j) in present:
                continue
            mutated = copy.deepcopy(data)
            wall = next(w for s in data["shards"] for c in s["cells"] for w in c["walls"]
                        if w["kind"] != "domain")
            mutated["adjacency"].append({"cells": [i, j], "wall": wall})
            mutated["adjacency"].sort(key=lambda a: a["cells"])
            for m in (mutated, _restated(mutated)):
                assert not verify_certificate(m).valid, (i, j)
            tried += 1
    assert tried > 10


def test_shard_local_region_ids_are_checked() -> None:
    data = _cross_shard_data()
    for k, shard in enumerate(data["shards"]):
        top = max(c["region"] for c in shard["cells"])
        for m, cell in enumerate(shard["cells"]):
            for region in range(top + 2):
                if region == cell["region"]:
                    continue
                mutated = copy.deepcopy(data)
                mutated["shards"][k]["cells"][m]["region"] = region
                report = verify_certificate(mutated)
                assert not report.valid, (k, m, region)
                assert f"cells[{4 * k + m}].region" in report.reason, report.reason
    # global ids (what a writer of global numbering would put) are not shard-local ids
    complex_ = enumerate_cells(MODELS["attention-and-relu"])
    assert len(set(complex_.region_of)) > 4
    mutated = copy.deepcopy(data)
    for g, region in enumerate(complex_.region_of):
        mutated["shards"][g // 4]["cells"][g % 4]["region"] = region
    assert mutated != data and not verify_certificate(mutated).valid
    for delta in (-1, 1):
        mutated = copy.deepcopy(data)
        mutated["counts"]["linear_regions"] += delta
        report = verify_certificate(mutated)
        assert not report.valid and report.reason.startswith("counts.linear_regions")


def test_a_pattern_repeated_in_another_shard_or_shards_out_of_order_are_rejected() -> None:
    # one cell per shard: each shard is consistent on its own, the duplicate is across shards
    data = _data("attention-and-relu", shard_cells=1)
    assert verify_certificate(data).valid
    for k in range(1, len(data["shards"])):
        mutated = copy.deepcopy(data)
        mutated["shards"][k]["cells"][0] = copy.deepcopy(data["shards"][k - 1]["cells"][0])
        report = verify_certificate(_restated(mutated))
        assert report.reason == f"cells[{k}]: same pattern as cells[{k - 1}]", report.reason
    data = _cross_shard_data()
    # the last two cells of shard 0 exchanged with the first two of shard 1: each shard's cells
    # are distinct, its adjacency valid, but the shards no longer follow pattern order
    mutated = copy.deepcopy(data)
    a, b = mutated["shards"][0], mutated["shards"][1]
    a["cells"][2:], b["cells"][:2] = b["cells"][:2], a["cells"][2:]
    a["adjacency"], b["adjacency"] = [], []
    mutated["adjacency"] = []
    assert not verify_certificate(_restated(mutated)).valid


def test_three_d_facets_are_tiled_by_containment_or_by_measures() -> None:
    # above the plane a facet with one recorded neighbour is tiled iff the neighbour contains
    # its generators; with several, the pieces' exact measures must add up: both are attacked
    data = _data("three-d")
    reasons = []
    for k in range(len(_adjacency(data))):
        report = verify_certificate(_without_adjacency(data, k))
        assert not report.valid
        reasons.append(report.reason)
    assert any("holds only part of the facet" in r for r in reasons)
    assert any("the recorded neighbours cover" in r for r in reasons)
    assert any("no recorded neighbour" in r for r in reasons)
