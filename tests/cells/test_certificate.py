"""Certificate files: schema, coverage evidence, canonical bytes, digests, round trips."""

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
from polyexact.cells.coverage import coverage_box, minimal_face_points, strictly_inside_box
from polyexact.errors import FormatError, InputError, NumberError
from polyexact.models import construction, polytope_domain, whole_space
from tests.cells._complexes import quadrants, relu_1d, routing_1d

F = Fraction


def test_bounded_domain_has_exact_cell_volumes_and_no_box() -> None:
    data = certificate_to_data(relu_1d())
    assert data["format"] == CERTIFICATE_FORMAT
    assert data["counts"] == {"pattern_cells": 3, "linear_regions": 2}
    assert [c["volume"] for c in data["cells"]] == [1, 1, 1]
    assert data["coverage"] == {"box": None, "volume": 3}
    assert data["domain"] == {"box": [[-1, 2]]}
    assert [c["region"] for c in data["cells"]] == [0, 1, 1]
    assert data["adjacency"][0] == {"cells": [0, 1],
                                    "wall": {"kind": "neuron", "layer": 0, "neuron": 0}}


def test_cells_record_rows_walls_point_and_map_as_rationals() -> None:
    cell = certificate_to_data(relu_1d())["cells"][0]
    assert cell["A"] == [[-1], [1]] and cell["b"] == [1, 0]
    assert cell["walls"] == [{"kind": "domain", "row": 1},
                             {"kind": "neuron", "layer": 0, "neuron": 0}]
    assert cell["point"] == ["-1/2"]
    assert cell["map"] == {"A": [[0]], "b": [0]}
    assert cell["pattern"] == [{"keys": [], "active": [False, False]}]


def test_unbounded_domain_gets_a_box_around_every_minimal_face() -> None:
    data = certificate_to_data(quadrants(whole_space()))
    assert data["coverage"] == {"box": [[-1, 1], [-1, 1]], "volume": 4}
    assert [c["volume"] for c in data["cells"]] == [1, 1, 1, 1]
    routing = certificate_to_data(routing_1d())
    # both cells are half-lines from 0: box [-1, 1], each half has length 1
    assert routing["coverage"] == {"box": [[-1, 1]], "volume": 2}


def test_coverage_box_contains_vertices_strictly() -> None:
    A = ((F(-1), F(0)), (F(0), F(-1)), (F(1), F(1)))
    b = (F(0), F(0), F(7, 2))
    box = coverage_box([(A, b)], 2)
    assert box == ((F(-1), F(5)), (F(-1), F(5)))
    assert all(strictly_inside_box(p, box) for p in minimal_face_points(A, b, 2))


def test_unbounded_polytope_domain_uses_a_box() -> None:
    half = polytope_domain(((F(0), F(-1)),), (F(0),))  # y >= 0
    cx = enumerate_cells(quadrants(half).model)
    data = certificate_to_data(cx)
    assert data["coverage"]["box"] is not None
    assert data["counts"] == {"pattern_cells": 2, "linear_regions": 2}
    assert sum(F(v) for v in (c["volume"] for c in data["cells"])) == F(data["coverage"]["volume"])


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
    changed["cells"][0]["point"] = ["-1/3"]
    assert certificate_digest(changed) != certificate_digest(data)
    assert len(certificate_digest(data)) == 64


def test_other_format_version_is_a_format_error() -> None:
    data = certificate_to_data(relu_1d())
    with pytest.raises(FormatError, match=r"polyexact\.certificate/1"):
        certificate_from_data({**data, "format": "polyexact.certificate/2"})
    with pytest.raises(FormatError, match="format"):
        certificate_from_data({k: v for k, v in data.items() if k != "format"})


def test_malformed_fields_name_the_field() -> None:
    data = certificate_to_data(relu_1d())
    bad = copy.deepcopy(data)
    bad["cells"][1]["point"] = ["1/0"]
    with pytest.raises(NumberError, match=r"cells\[1\]\.point\[0\]"):
        certificate_from_data(bad)
    bad = copy.deepcopy(data)
    del bad["cells"][0]["walls"]
    with pytest.raises(FormatError, match=r"cells\[0\]\.walls"):
        certificate_from_data(bad)
    bad = copy.deepcopy(data)
    bad["adjacency"][0]["wall"] = {"kind": "edge"}
    with pytest.raises(FormatError, match=r"adjacency\[0\]\.wall\.kind"):
        certificate_from_data(bad)
    bad = copy.deepcopy(data)
    bad["extra"] = 1
    with pytest.raises(FormatError, match="extra"):
        certificate_from_data(bad)
    bad = copy.deepcopy(data)
    bad["cells"][0]["A"] = [[1, 2], [3, 4]]
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
