"""Certificate files: schema, shards, canonical bytes, digests, round trips."""

from __future__ import annotations

import copy
import json
from fractions import Fraction
from pathlib import Path

import pytest

from polyexact.cells import (
    CERTIFICATE_FORMAT,
    certificate_digest,
    certificate_from_data,
    certificate_to_data,
    enumerate_cells,
    read_certificate,
    write_certificate,
)
from polyexact.certificates import model_digest
from polyexact.errors import FormatError, InputError, NumberError
from polyexact.models import construction, whole_space
from tests.cells._complexes import quadrants, relu_1d, routing_1d

F = Fraction


def test_manifest_records_model_digest_counts_and_one_shard() -> None:
    data = certificate_to_data(relu_1d())
    assert data["format"] == CERTIFICATE_FORMAT == "polyexact.certificate/2"
    assert data["counts"] == {"pattern_cells": 3, "linear_regions": 2}
    assert data["model_digest"] == model_digest(relu_1d().model)
    assert data["domain"] == {"box": [[-1, 2]]}
    assert [c["region"] for c in data["shards"][0]["cells"]] == [0, 1, 1]
    assert "volume" not in data["shards"][0]["cells"][0] and "coverage" not in data
    assert data["shards"][0]["adjacency"][0] == {
        "cells": [0, 1], "wall": {"kind": "neuron", "layer": 0, "neuron": 0}}
    assert data["adjacency"] == []


def test_shards_split_cells_and_adjacency_and_read_back_the_same() -> None:
    cx = enumerate_cells(construction(2, 2, 4, 1))
    data = certificate_to_data(cx, shard_cells=5)
    assert [len(s["cells"]) for s in data["shards"]] == [5, 5, 5, 1]
    inner = [a["cells"] for s in data["shards"] for a in s["adjacency"]]
    assert all(i // 5 == j // 5 for i, j in inner)
    assert all(i // 5 != j // 5 for i, j in (a["cells"] for a in data["adjacency"]))
    assert len(inner) + len(data["adjacency"]) == len(cx.adjacency)
    assert certificate_from_data(data).complex == cx


def test_cells_record_rows_walls_point_and_map_as_rationals() -> None:
    cell = certificate_to_data(relu_1d())["shards"][0]["cells"][0]
    assert cell["A"] == [[-1], [1]] and cell["b"] == [1, 0]
    assert cell["walls"] == [{"kind": "domain", "row": 1},
                             {"kind": "neuron", "layer": 0, "neuron": 0}]
    assert cell["point"] == ["-1/2"]
    assert cell["map"] == {"A": [[0]], "b": [0]}
    assert cell["pattern"] == [{"keys": [], "active": [False, False]}]


def test_round_trip_through_data_gives_the_same_complex() -> None:
    for cx in (relu_1d(), quadrants(), quadrants(whole_space()), routing_1d()):
        cert = certificate_from_data(json.loads(json.dumps(certificate_to_data(cx))))
        assert cert.complex == cx
        assert cert.pattern_cells == cx.n_cells and cert.linear_regions == cx.n_regions


def test_same_complex_gives_byte_identical_files(tmp_path: Path) -> None:
    one, two = tmp_path / "a.json", tmp_path / "b.json"
    write_certificate(enumerate_cells(construction(2, 2, 4, 1)), one)
    write_certificate(enumerate_cells(construction(2, 2, 4, 1)), two)
    assert one.read_bytes() == two.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json", "b.json"]
    data = json.loads(one.read_text())
    assert data["counts"] == {"pattern_cells": 16, "linear_regions": 16}
    assert certificate_digest(data) == certificate_digest(certificate_to_data(
        enumerate_cells(construction(2, 2, 4, 1))))
    assert read_certificate(one).complex == enumerate_cells(construction(2, 2, 4, 1))


def test_digest_depends_on_content_not_key_order() -> None:
    data = certificate_to_data(relu_1d())
    shuffled = dict(reversed(list(data.items())))
    assert certificate_digest(shuffled) == certificate_digest(data)
    changed = copy.deepcopy(data)
    changed["shards"][0]["cells"][0]["point"] = ["-1/3"]
    assert certificate_digest(changed) != certificate_digest(data)
    assert len(certificate_digest(data)) == 64


def test_other_format_version_is_a_format_error() -> None:
    data = certificate_to_data(relu_1d())
    with pytest.raises(FormatError, match=r"polyexact\.certificate/2"):
        certificate_from_data({**data, "format": "polyexact.certificate/1"})
    with pytest.raises(FormatError, match="format"):
        certificate_from_data({k: v for k, v in data.items() if k != "format"})


def test_malformed_fields_name_the_field() -> None:
    data = certificate_to_data(relu_1d())
    bad = copy.deepcopy(data)
    bad["shards"][0]["cells"][1]["point"] = ["1/0"]
    with pytest.raises(NumberError, match=r"cells\[1\]\.point\[0\]"):
        certificate_from_data(bad)
    bad = copy.deepcopy(data)
    del bad["shards"][0]["cells"][0]["walls"]
    with pytest.raises(FormatError, match=r"cells\[0\]\.walls"):
        certificate_from_data(bad)
    bad = copy.deepcopy(data)
    bad["shards"][0]["adjacency"][0]["wall"] = {"kind": "edge"}
    with pytest.raises(FormatError, match=r"shards\[0\]\.adjacency\[0\]\.wall\.kind"):
        certificate_from_data(bad)
    bad = copy.deepcopy(data)
    bad["extra"] = 1
    with pytest.raises(FormatError, match="extra"):
        certificate_from_data(bad)
    bad = copy.deepcopy(data)
    bad["shards"][0]["cells"][0]["A"] = [[1, 2], [3, 4]]
    with pytest.raises(InputError, match=r"cells\[0\]\.A"):
        certificate_from_data(bad)


def test_unreadable_or_truncated_files_are_format_errors(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match="cannot read"):
        read_certificate(tmp_path / "missing.json")
    path = tmp_path / "cut.json"
    write_certificate(relu_1d(), path)
    path.write_text(path.read_text()[:50])
    with pytest.raises(FormatError, match="invalid JSON"):
        read_certificate(path)
