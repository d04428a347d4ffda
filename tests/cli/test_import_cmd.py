"""``polyexact import``: ONNX / weights / model files to polyexact.model/2, domains, refusals."""

from __future__ import annotations

import json
import subprocess
import sys
from fractions import Fraction as F
from pathlib import Path

import numpy as np
import pytest

from polyexact.cli.main import main
from polyexact.errors import FormatError
from polyexact.models import construction, write_model
from polyexact.networks import forward_network, load_network, network_from_model

from ..networks._onnx_nets import graph_with, mlp_onnx

onnx = pytest.importorskip("onnx")
pytest.importorskip("onnxruntime")

VNNLIB = """; an ACAS-like property, inputs in a box
(declare-const X_0 Real)
(declare-const X_1 Real)
(declare-const Y_0 Real)
(assert (<= X_0 0.5))
(assert (>= X_0 -0.5))
(assert (>= 3/4 X_1))
(assert (<= (- 1e-1) X_1))
(assert (or (<= Y_0 0) (>= Y_0 1)))
"""


@pytest.fixture
def onnx_path(tmp_path: Path) -> Path:
    path = tmp_path / "mlp.onnx"
    onnx.save(mlp_onnx([2, 6, 6, 1], seed=3), str(path))
    return path


def test_import_onnx_writes_v2_and_reports(onnx_path: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "m.json"
    assert main(["import", str(onnx_path), "-o", str(out)]) == 0
    text = capsys.readouterr().out
    assert "2 -> 1, 5 blocks" in text
    assert "67 weights read, 67 floats converted exactly" in text
    assert "onnxruntime at 100 seeded points" in text
    assert json.loads(out.read_text())["format"] == "polyexact.model/2"
    net = load_network(out)
    assert net.domain.kind == "all"
    assert len(net.blocks) == 5


def test_import_with_vnnlib_box_and_explicit_box(onnx_path: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    prop = tmp_path / "p.vnnlib"
    prop.write_text(VNNLIB)
    out = tmp_path / "m.json"
    assert main(["import", str(onnx_path), "-o", str(out), "--vnnlib", str(prop)]) == 0
    assert "1 output assertions skipped" in capsys.readouterr().out
    assert load_network(out).domain.box == ((F(-1, 2), F(1, 2)), (F(-1, 10), F(3, 4)))
    assert main(["import", str(onnx_path), "-o", str(out), "--domain=-1:1,0:1/3"]) == 0
    assert load_network(out).domain.box == ((F(-1), F(1)), (F(0), F(1, 3)))


def test_rationalize_reports_the_change_or_refuses(onnx_path: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "m.json"
    assert main(["import", str(onnx_path), "-o", str(out), "--rationalize", "1000000"]) == 0
    assert "rationalized to denominators <= 1000000, largest change" in capsys.readouterr().out
    assert all(F(v).denominator <= 10**6 for row in json.loads(out.read_text())["blocks"][0]["W"]
               for v in row)
    out.unlink()
    assert main(["import", str(onnx_path), "-o", str(out), "--rationalize", "2"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: blocks[0] (fc0): exact output differs")
    assert not out.exists()


@pytest.mark.parametrize(("text", "message"), [
    ("(declare-const X_0 Real)(declare-const X_1 Real)(assert (<= (+ X_0 X_1) 1))",
     "assertion 0: expected a bound"),
    ("(declare-const X_0 Real)(declare-const X_1 Real)(assert (<= X_0 1))", "lower and an upper"),
    ("(declare-const X_0 Real)(assert (< X_0 1)", "unbalanced"),
    ("(declare-const X_0 Real)(assert (<= X_0 1))(assert (>= X_0 0))", "expected 2 inputs"),
])
def test_vnnlib_refusals(onnx_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                         text: str, message: str) -> None:
    prop = tmp_path / "p.vnnlib"
    prop.write_text(text)
    assert main(["import", str(onnx_path), "-o", str(tmp_path / "m.json"),
                 "--vnnlib", str(prop)]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and err.startswith("error: ")


def test_unsupported_operator_exit_2_naming_the_node(tmp_path: Path) -> None:
    from onnx import helper

    path = tmp_path / "soft.onnx"
    onnx.save(graph_with([helper.make_node("Softmax", ["x"], ["y"], name="probs")], [], 3),
              str(path))
    done = subprocess.run([sys.executable, "-m", "polyexact", "import", str(path), "-o",
                           str(tmp_path / "m.json")], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 2
    assert done.stderr == ("error: graph.node[0] 'probs' (Softmax): operator Softmax is not "
                           "supported (supported: Gemm, MatMul, Add, Relu, LeakyRelu, Identity, "
                           "Flatten, Reshape)\n")
    assert not (tmp_path / "m.json").exists()


def test_weights_and_model_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    np.savez(tmp_path / "w.npz", W=np.array([[1.5, -2.0]]), b=np.array([0.25]))
    (tmp_path / "arch.json").write_text(json.dumps({"input_dim": 2, "blocks": [
        {"type": "affine", "W": "W", "b": "b"}, {"type": "relu"}]}))
    out = tmp_path / "m.json"
    assert main(["import", str(tmp_path / "w.npz"), "--arch", str(tmp_path / "arch.json"),
                 "-o", str(out)]) == 0
    net = load_network(out)
    assert forward_network(net, (F(1), F(0))).output == (F(7, 4),)
    assert main(["import", str(tmp_path / "w.npz"), "-o", str(out)]) == 2
    assert "--arch" in capsys.readouterr().err
    # a v1 model converts to blocks
    v1 = write_model(construction(1, 2, 2, 1), tmp_path / "v1.json")
    assert main(["import", str(v1), "-o", str(out)]) == 0
    assert load_network(out) == network_from_model(construction(1, 2, 2, 1))


def test_vnnlib_conjunctions_are_boxes() -> None:
    from polyexact.networks import vnnlib_box_from_text

    text = ("(declare-const X_0 Real)(declare-const X_1 Real)(declare-const Y_0 Real)"
            "(assert (or (and (>= X_0 -1) (<= X_0 1) (>= X_1 0.5) (<= X_1 2/3))))"
            "(assert (and (<= X_0 0.75)))")
    box = vnnlib_box_from_text(text)
    # the tighter of two upper bounds on X_0 wins
    assert box.domain.box == ((F(-1), F(3, 4)), (F(1, 2), F(2, 3)))
    # a constraint tying an output to an input is not a box
    with pytest.raises(FormatError, match=r"assertion 2: expected a bound"):
        vnnlib_box_from_text(text + "(assert (<= Y_0 X_0))")


def test_safetensors_with_the_architecture_in_its_metadata(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from safetensors.numpy import save_file

    arch = {"input_dim": 2, "blocks": [{"type": "affine", "W": "W", "b": "b"}, {"type": "relu"}]}
    weights = {"W": np.array([[1.5, -2.0]]), "b": np.array([0.25])}
    save_file(weights, str(tmp_path / "w.safetensors"),
              metadata={"polyexact.architecture": json.dumps(arch)})
    out = tmp_path / "m.json"
    assert main(["import", str(tmp_path / "w.safetensors"), "-o", str(out)]) == 0
    assert forward_network(load_network(out), (F(1), F(0))).output == (F(7, 4),)
    save_file(weights, str(tmp_path / "bare.safetensors"))
    assert main(["import", str(tmp_path / "bare.safetensors"), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: --arch: weights need an architecture description") and \
        "'polyexact.architecture'" in err and err.count("\n") == 1
