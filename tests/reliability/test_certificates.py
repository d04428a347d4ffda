"""``verify``: malformed certificates exit 2 (an input error), well-formed tampered ones exit 1.

The line between the two: a file that does not parse as a ``polyexact.certificate/2`` document
(JSON, schema, types, numbers, shapes, the embedded model) is bad input; one that parses but
whose content is false (a cell removed, a point moved, a map or count changed, an adjacency
pointing past the cells, a pattern that does not fit the model) is an invalid certificate.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from polyexact.cells import enumerate_cells
from polyexact.certificates.write import certificate_to_data
from polyexact.errors import InputError
from polyexact.models.builders import construction, random_model
from polyexact.verify.verifier import verify_certificate
from tests.reliability._cli import assert_one_line_error, run_main

Data = dict[str, Any]
BASE: Data = certificate_to_data(enumerate_cells(construction(1, 2, 2, 1)))
UNBOUNDED: Data = certificate_to_data(enumerate_cells(random_model(
    2, n_layers=1, heads=1, n_keys=3, d_k=2, d_v=1, d_ff=1, seed=3, domain="all")))


def _drop_last_cell(d: Data) -> None:
    d["shards"][0]["cells"].pop()
    shard = d["shards"][0]
    shard["adjacency"] = [a for a in shard["adjacency"] if max(a["cells"]) < len(shard["cells"])]
    d["counts"]["pattern_cells"] -= 1


TAMPER: dict[str, Callable[[Data], None]] = {
    "cell removed": _drop_last_cell,
    "point moved out": lambda d: d["shards"][0]["cells"][0].update(point=["9/10"]),
    "map changed": lambda d: d["shards"][0]["cells"][1]["map"].update(b=[7]),
    "cell count changed": lambda d: d["counts"].update(pattern_cells=5),
    "region count changed": lambda d: d["counts"].update(linear_regions=3),
    "region ids merged": lambda d: d["shards"][0]["cells"][1].update(region=0),
    "model digest changed": lambda d: d.update(model_digest="sha256:1"),
    "adjacency dropped": lambda d: d["shards"][0]["adjacency"].pop(),
    "adjacency past the cells": lambda d: d["shards"][0]["adjacency"].append(
        {"cells": [0, 99], "wall": d["shards"][0]["adjacency"][0]["wall"]}),
    "pattern of another model": lambda d: d["shards"][0]["cells"][0]["pattern"].append(
        d["shards"][0]["cells"][0]["pattern"][0]),
    "key index past the keys": lambda d: d["shards"][0]["cells"][0]["pattern"][0].update(keys=[5]),
    "domain changed": lambda d: d.update(domain={"box": [[0, 2]]}),
    "definition changed": lambda d: d["region_definition"].update(pattern_cell="anything"),
}


@pytest.mark.parametrize("name", sorted(TAMPER))
def test_tampered_certificate_exits_1_with_a_reason(name: str, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    data = copy.deepcopy(BASE)
    TAMPER[name](data)
    path = tmp_path / "cert.json"
    path.write_text(json.dumps(data))
    status, out, err = run_main(["verify", str(path)], capsys)
    assert (status, err) == (1, "")
    assert out.startswith("invalid: ") and out.count("\n") == 2
    assert out.splitlines()[1].startswith("model: ")


def test_untampered_certificates_exit_0(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    for data in (BASE, UNBOUNDED):
        path = tmp_path / "cert.json"
        path.write_text(json.dumps(data))
        assert run_main(["verify", str(path)], capsys)[0] == 0


def _paths(obj: object, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out: list[tuple[Any, ...]] = [prefix] if prefix else []
    if isinstance(obj, dict):
        for k, v in obj.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            out += _paths(v, (*prefix, i))
    return out


REPLACEMENTS = st.sampled_from([0, 1, -1, 99, "1/2", "-3", "x", "", None, True, 1.5, [], {},
                                [0], [[0]], [0, 0], [[1, 0]], {"kind": "neuron"}])


@pytest.mark.filterwarnings("ignore::UserWarning")  # JSON floats among the replacements
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(which=st.booleans(), pick=st.integers(0, 10**6), delete=st.booleans(),
       value=REPLACEMENTS)
def test_any_one_change_is_a_verdict_or_an_input_error(which: bool, pick: int, delete: bool,
                                                       value: object) -> None:
    # never an uncaught exception: the CLI maps InputError to exit 2 and a verdict to 0 or 1
    data = copy.deepcopy(UNBOUNDED if which else BASE)
    paths = _paths(data)
    path = paths[pick % len(paths)]
    parent: Any = data
    for key in path[:-1]:
        parent = parent[key]
    if delete:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    try:
        report = verify_certificate(data)
    except InputError as err:
        assert str(err) and "\n" not in str(err)
    else:
        assert isinstance(report.valid, bool) and report.reason


def test_malformed_is_2_not_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # a count of the wrong type is malformed (2); a count of the right type but wrong value is
    # tampered (1)
    path = tmp_path / "cert.json"
    path.write_text(json.dumps({**BASE, "counts": {"pattern_cells": "4", "linear_regions": 4}}))
    status, out, err = run_main(["verify", str(path)], capsys)
    assert_one_line_error(status, err, "counts.pattern_cells")
    assert out == ""
