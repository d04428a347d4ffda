"""``count``, ``eval``, ``export``, ``plot`` and ``verify --model`` on block networks: v2 files
and ONNX graphs taken directly, transformers unchanged, refusals in one line."""

from __future__ import annotations

import json
from fractions import Fraction as F
from pathlib import Path

import networkx as nx
import pytest

from polyexact.cells import enumerate_cells
from polyexact.models import construction, write_model
from polyexact.networks import (
    forward_network,
    network_from_model,
    random_mlp,
    write_network,
)
from tests.reliability._cli import assert_one_line_error, run_main

from ..networks._onnx_nets import graph_with, mlp_onnx


@pytest.fixture
def mlp(tmp_path: Path) -> Path:
    return write_network(random_mlp([2, 5, 4, 1], seed=3), tmp_path / "mlp.json")


def test_count_a_v2_mlp_with_a_certificate_that_verifies(
        mlp: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cert = tmp_path / "c.json"
    status, out, err = run_main(["count", str(mlp), "--json", "--certificate", str(cert)],
                                capsys)
    assert status == 0, err
    data = json.loads(out)
    expected = enumerate_cells(random_mlp([2, 5, 4, 1], seed=3))
    assert (data["pattern_cells"], data["linear_regions"], data["shared_facets"]) == \
        (expected.n_cells, expected.n_regions, len(expected.adjacency)) == (32, 32, 53)
    assert data["certified"] is True and data["domain"] == "all"
    assert data["model"]["blocks"] == ["affine", "relu", "affine", "relu", "affine"]
    assert json.loads(cert.read_text())["model"]["format"] == "polyexact.model/2"
    status, out, _ = run_main(["verify", str(cert), "--model", str(mlp)], capsys)
    assert status == 0 and out.startswith("valid: 32 pattern cells and 32 linear regions")
    other = write_network(random_mlp([2, 5, 4, 1], seed=4), tmp_path / "other.json")
    status, out, _ = run_main(["verify", str(cert), "--model", str(other)], capsys)
    assert status == 1 and "not of the given model" in out


def test_a_pool_of_two_counts_a_network_the_same(mlp: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    answers = []
    for jobs in ("1", "2"):
        status, out, _ = run_main(["count", str(mlp), "--json", "--jobs", jobs], capsys)
        assert status == 0
        data = json.loads(out)
        answers.append((data["pattern_cells"], data["linear_regions"], data["shared_facets"],
                        data["certified"]))
    assert answers[0] == answers[1] == (32, 32, 53, True)


def test_a_network_certificate_folder_holds_the_v2_model_and_verifies(
        mlp: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "cert"
    status, out, _ = run_main(["count", str(mlp), "--json", "--certificate", str(folder)],
                              capsys)
    data = json.loads(out)
    assert status == 0 and data["pattern_cells"] == 32 and data["certified"] is True
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["model"]["format"] == "polyexact.model/2"
    assert manifest["counts"] == {"pattern_cells": 32, "linear_regions": 32}
    status, out, _ = run_main(["verify", str(folder), "--model", str(mlp)], capsys)
    assert status == 0 and out.startswith("valid: 32 pattern cells")


def test_max_cells_stops_a_network_count(mlp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run_main(["count", str(mlp), "--max-cells", "5"], capsys)
    assert status == 1 and err.startswith("stopped: more than 5")


def test_a_v2_transformer_counts_exactly_as_its_v1_file(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    model = construction(2, 2, 4, 1)
    v1 = write_model(model, tmp_path / "v1.json")
    v2 = write_network(network_from_model(model), tmp_path / "v2.json")
    answers = []
    for path, cert in ((v1, tmp_path / "c1.json"), (v2, tmp_path / "c2.json")):
        status, out, _ = run_main(["count", str(path), "--json", "--certificate", str(cert)],
                                  capsys)
        assert status == 0
        data = json.loads(out)
        answers.append({k: v for k, v in data.items() if k not in ("seconds", "certificate")})
    assert answers[0] == answers[1] and answers[0]["pattern_cells"] == 16
    assert (tmp_path / "c1.json").read_bytes() == (tmp_path / "c2.json").read_bytes()


def test_eval_prints_the_pattern_per_leaf_block_and_the_exact_output(
        mlp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run_main(["eval", str(mlp), "--point", "0.31,-0.52", "--json"], capsys)
    assert status == 0
    data = json.loads(out)
    x = (F(31, 100), F(-13, 25))
    result = forward_network(random_mlp([2, 5, 4, 1], seed=3), x)
    assert data["output"] == [str(v) for v in result.output] == ["-28399/3200"]
    assert [e["type"] for e in data["pattern"]] == ["affine", "relu", "affine", "relu", "affine"]
    assert [e["active"] for e in data["pattern"]] == \
        [[int(a) for a in entry] for entry in result.pattern]
    assert (data["in_domain"], data["interior"], data["pattern_cells"]) == (True, True, 32)
    status, out, _ = run_main(["eval", str(mlp), "--point", "0.31,-0.52"], capsys)
    assert "block 1 (relu): active 01111" in out and "linear region" in out
    status, _, err = run_main(["eval", str(mlp), "--point", "0,0", "--tau", "1/10"], capsys)
    assert_one_line_error(status, err, "--tau (softmax attention) applies to polyexact.model/1")


def test_export_and_plot_a_network(mlp: Path, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run_main(["export", str(mlp), "-o", str(tmp_path / "g.graphml")], capsys)
    assert status == 0, err
    G = nx.read_graphml(tmp_path / "g.graphml")
    assert (G.number_of_nodes(), G.number_of_edges()) == (32, 53)
    status, out, _ = run_main(["plot", str(mlp), "-o", str(tmp_path / "p.svg"), "--json"],
                              capsys)
    assert status == 0 and json.loads(out)["pattern_cells"] == 32
    line = write_network(random_mlp([1, 4, 3, 1], seed=2), tmp_path / "line.json")
    status, out, _ = run_main(["plot", str(line), "-o", str(tmp_path / "l.svg"), "--json"],
                              capsys)
    cx = enumerate_cells(random_mlp([1, 4, 3, 1], seed=2))
    assert status == 0 and json.loads(out)["pattern_cells"] == cx.n_cells
    cube = write_network(random_mlp([3, 4, 1], seed=2), tmp_path / "cube.json")
    status, out, _ = run_main(["plot", str(cube), "-o", str(tmp_path / "s.svg"), "--json",
                               "--slice", "0,0,0;1,0,0;0,1,0"], capsys)
    # one hidden layer of 4 generic neurons cut by a plane: at most 1 + 4 + 6 = 11 pieces
    assert status == 0 and 1 < json.loads(out)["pattern_cells"] <= 11


onnx = pytest.importorskip("onnx")
pytest.importorskip("onnxruntime")


def test_an_onnx_file_is_counted_directly(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "mlp.onnx"
    onnx.save(mlp_onnx([2, 6, 6, 1], seed=3), str(path))
    status, out, err = run_main(["count", str(path), "--json"], capsys)
    assert status == 0, err
    data = json.loads(out)
    imported = tmp_path / "m.json"
    assert run_main(["import", str(path), "-o", str(imported)], capsys)[0] == 0
    status, out2, _ = run_main(["count", str(imported), "--json"], capsys)
    data2 = json.loads(out2)
    assert data["certified"] is True
    assert (data["pattern_cells"], data["linear_regions"]) == \
        (data2["pattern_cells"], data2["linear_regions"])
    status, out, err = run_main(["count", str(path)], capsys)
    assert status == 0 and err.startswith("imported mlp.onnx: ") and "onnxruntime" in err
    status, out, _ = run_main(["eval", str(path), "--point", "1/2,1/3", "--json"], capsys)
    assert status == 0 and len(json.loads(out)["pattern"]) == 5
    cert = tmp_path / "c.json"
    assert run_main(["count", str(path), "--certificate", str(cert)], capsys)[0] == 0
    status, out, _ = run_main(["verify", str(cert), "--model", str(path)], capsys)
    assert status == 0 and out.startswith("valid: ")


def test_an_unsupported_onnx_operator_is_named_in_one_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from onnx import helper

    path = tmp_path / "soft.onnx"
    onnx.save(graph_with([helper.make_node("Softmax", ["x"], ["y"], name="probs")], [], 3),
              str(path))
    for argv in (["count", str(path)], ["eval", str(path), "--point", "0,0,0"],
                 ["export", str(path), "-o", str(tmp_path / "g.json")],
                 ["plot", str(path), "-o", str(tmp_path / "p.png")]):
        status, _, err = run_main(argv, capsys)
        assert_one_line_error(status, err, "graph.node[0] 'probs' (Softmax): operator Softmax "
                                           "is not supported")
    assert not (tmp_path / "g.json").exists() and not (tmp_path / "p.png").exists()


def test_a_v2_file_with_a_bad_block_is_named(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"format": "polyexact.model/2", "input_dim": 2, "blocks": [
        {"type": "affine", "W": [[1, 2]], "b": [0]}, {"type": "softplus"}]}))
    status, _, err = run_main(["count", str(path)], capsys)
    assert_one_line_error(status, err, "blocks[1].type")


def test_verify_model_takes_a_network_file_for_either_form_of_a_transformer(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from polyexact.certificates import write_certificate

    net = network_from_model(construction(1, 2, 2, 1))
    v2 = write_network(net, tmp_path / "v2.json")
    # written of the network itself (the API), and by `count` (as the transformer)
    write_certificate(enumerate_cells(net), tmp_path / "as_network.json")
    assert run_main(["count", str(v2), "--certificate", str(tmp_path / "as_model.json")],
                    capsys)[0] == 0
    for cert in ("as_network.json", "as_model.json"):
        status, out, _ = run_main(["verify", str(tmp_path / cert), "--model", str(v2)], capsys)
        assert status == 0 and out.startswith("valid: 4 pattern cells"), out
    other = write_network(network_from_model(construction(1, 3, 2, 1)), tmp_path / "o.json")
    status, out, _ = run_main(["verify", str(tmp_path / "as_network.json"), "--model",
                               str(other)], capsys)
    assert status == 1 and "not of the given model" in out


def test_eval_of_an_attention_network_names_the_heads_keys(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.verify.test_network_certificates import attention_mlp

    net = attention_mlp()
    path = write_network(net, tmp_path / "att.json")
    status, out, _ = run_main(["eval", str(path), "--point", "1/2,-2", "--json"], capsys)
    assert status == 0
    data = json.loads(out)
    expected = forward_network(net, (F(1, 2), F(-2)))
    assert [e["type"] for e in data["pattern"]] == ["attention", "ffn", "affine", "relu",
                                                    "affine"]
    assert data["pattern"][0]["keys"] == list(expected.pattern[0])
    assert data["output"] == [str(v) for v in expected.output]
    assert data["cell"] is not None and data["in_domain"] is True
    status, out, _ = run_main(["eval", str(path), "--point", "4,0", "--json"], capsys)
    assert status == 0 and json.loads(out)["in_domain"] is False


def test_a_certificate_with_a_malformed_network_is_named(
        mlp: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cert = tmp_path / "c.json"
    assert run_main(["count", str(mlp), "--certificate", str(cert)], capsys)[0] == 0
    data = json.loads(cert.read_text())
    data["model"]["blocks"][1]["type"] = "softplus"
    cert.write_text(json.dumps(data))
    status, _, err = run_main(["verify", str(cert)], capsys)
    assert_one_line_error(status, err, "model.blocks[1].type")


def test_weights_carrying_their_architecture_are_taken_directly(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("safetensors")
    shipped = Path(__file__).resolve().parents[2] / "data" / "trained_in_context_nn.safetensors"
    status, out, err = run_main(["count", str(shipped), "--json"], capsys)
    assert status == 0, err
    data = json.loads(out)
    # a transformer: counted as its version-1 model, the notebook's numbers
    assert (data["pattern_cells"], data["linear_regions"], data["certified"]) == (13, 13, True)
    assert data["model"]["n_keys"] == [[12]]
    import numpy as np

    np.savez(tmp_path / "w.npz", W=np.array([[0.5, 1.0]]))
    status, _, err = run_main(["count", str(tmp_path / "w.npz")], capsys)
    assert_one_line_error(status, err, "weights need an architecture: run `polyexact import ")
