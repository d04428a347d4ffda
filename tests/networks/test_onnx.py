"""The ONNX importer: exact weights, operators and attributes, refusals, faithfulness."""

from __future__ import annotations

from fractions import Fraction as F
from pathlib import Path

import numpy as np
import pytest

from polyexact.errors import FormatError, ShapeError
from polyexact.models import box_domain
from polyexact.networks import Affine, LeakyReLU, ReLU, WeightReader, forward_network

from ._onnx_nets import graph_with, mlp_onnx

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")
from onnx import helper, numpy_helper  # noqa: E402

from polyexact.networks.importers import (  # noqa: E402
    FaithfulnessError,
    network_from_onnx,
)


def _ort_output(model: object, x: np.ndarray) -> np.ndarray:
    session = ort.InferenceSession(model.SerializeToString(),  # type: ignore[attr-defined]
                                   providers=["CPUExecutionProvider"])
    out: np.ndarray = session.run(None, {"x": x.astype(np.float32)})[0]
    return out


def test_gemm_mlp_4_8_8_1_weights_are_the_exact_floats(tmp_path: Path) -> None:
    model = mlp_onnx([4, 8, 8, 1], seed=0)
    path = tmp_path / "mlp.onnx"
    onnx.save(model, str(path))
    reader = WeightReader()
    net = network_from_onnx(path, reader=reader)
    assert [type(b).__name__ for b in net.blocks] == ["Affine", "ReLU"] * 2 + ["Affine"]
    W0 = numpy_helper.to_array(model.graph.initializer[0])
    first = net.blocks[0]
    assert isinstance(first, Affine)
    assert first.W[3][2] == F(float(W0[3, 2]))
    assert reader.n_weights == 4 * 8 + 8 + 8 * 8 + 8 + 8 + 1
    # an independent forward pass: onnxruntime on fresh points
    xs = np.random.default_rng(9).normal(size=(20, 4)).astype(np.float32)
    ref = _ort_output(model, xs)
    for x, r in zip(xs, ref, strict=True):
        exact = forward_network(net, tuple(F(float(v)) for v in x)).output
        assert float(exact[0]) == pytest.approx(float(r[0]), rel=1e-4, abs=1e-5)


def test_matmul_add_leaky_relu_fuses_and_keeps_the_slope() -> None:
    model = mlp_onnx([3, 5, 2], seed=1, style="matmul", leaky=0.1, relu_output=True,
                     dtype=np.float64)
    net = network_from_onnx(model)
    kinds = [type(b) for b in net.blocks]
    assert kinds == [Affine, LeakyReLU, Affine, LeakyReLU]
    leaky = net.blocks[1]
    assert isinstance(leaky, LeakyReLU)
    assert leaky.slope == F(float(np.float32(0.1)))  # the attribute is stored as float32


def test_gemm_alpha_beta_trans_b_reshape_flatten_constant() -> None:
    W = np.array([[1.0, 0.5, 3.0], [2.0, -1.0, 0.0]], dtype=np.float32)  # in 2 × out 3
    c = np.array([1.0, -2.0, 0.25], dtype=np.float32)
    shape = helper.make_node("Constant", [], ["s"], value=numpy_helper.from_array(
        np.array([-1, 3], dtype=np.int64)))
    nodes = [helper.make_node("Flatten", ["x"], ["f"], axis=1),
             helper.make_node("Gemm", ["f", "W", "c"], ["g"], name="g", alpha=0.5, beta=2.0),
             shape, helper.make_node("Reshape", ["g", "s"], ["r"]),
             helper.make_node("Relu", ["r"], ["y"])]
    net = network_from_onnx(graph_with(nodes, [numpy_helper.from_array(W, "W"),
                                               numpy_helper.from_array(c, "c")], 2))
    first = net.blocks[0]
    assert isinstance(first, Affine)
    assert ((F(1, 2), F(1)), (F(1, 4), F(-1, 2)), (F(3, 2), F(0))) == first.W
    assert first.b == (F(2), F(-4), F(1, 2))
    assert isinstance(net.blocks[1], ReLU)
    # by hand at x = (2, -2): 0.5 * Bᵀx + 2c = (-1, 3/2, 3) + (2, -4, 1/2), then ReLU
    assert forward_network(net, (F(2), F(-2))).output == (F(1), F(0), F(7, 2))


@pytest.mark.parametrize(("node", "message"), [
    (helper.make_node("Sigmoid", ["x"], ["y"], name="squash"), "operator Sigmoid"),
    (helper.make_node("Add", ["x", "x"], ["y"], name="skip"), "only the running value"),
    (helper.make_node("Flatten", ["x"], ["y"], name="flat", axis=0), "expected axis 1"),
])
def test_unsupported_nodes_are_refused_by_name(node: object, message: str) -> None:
    with pytest.raises(FormatError, match=message) as err:
        network_from_onnx(graph_with([node], [], 2))
    assert err.value.field is not None
    assert f"({node.op_type})" in err.value.field  # type: ignore[attr-defined]


def test_non_trivial_reshape_and_wrong_widths_are_refused() -> None:
    W = numpy_helper.from_array(np.ones((3, 4), dtype=np.float32), "W")
    s = numpy_helper.from_array(np.array([2, 2], dtype=np.int64), "s")
    bad_reshape = [helper.make_node("Reshape", ["x", "s"], ["y"], name="rs")]
    with pytest.raises(FormatError, match="keeping"):
        network_from_onnx(graph_with(bad_reshape, [s], 4))
    wrong = [helper.make_node("MatMul", ["x", "W"], ["y"], name="mm")]
    with pytest.raises(ShapeError, match="width 2"):
        network_from_onnx(graph_with(wrong, [W], 2))


def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.onnx"
    path.write_bytes(b"\x00garbage\xff" * 10)
    with pytest.raises(FormatError, match="not an ONNX model"):
        network_from_onnx(path)
    with pytest.raises(FormatError, match="cannot read"):
        network_from_onnx(tmp_path / "missing.onnx")


def test_rounding_that_changes_the_network_is_refused_at_the_first_block() -> None:
    model = mlp_onnx([2, 4, 1], seed=2)
    with pytest.raises(FaithfulnessError) as err:
        network_from_onnx(model, reader=WeightReader(rationalize=2))
    assert err.value.field == "blocks[0] (fc0)"
    # a fine rounding stays within float tolerance and is accepted
    reader = WeightReader(rationalize=10**6)
    network_from_onnx(model, reader=reader)
    assert 0 < reader.largest_change < F(1, 10**6)


def test_box_domain_points_and_check_count() -> None:
    model = mlp_onnx([2, 3, 1], seed=4)
    net = network_from_onnx(model, domain=box_domain([(F(-1), F(1)), (F(0), F(2))]), n_points=150)
    assert net.domain.kind == "box"


def test_rank_one_input_and_double_precision() -> None:
    from onnx import TensorProto

    W = numpy_helper.from_array(np.array([[1.0, -1.0], [0.5, 2.0]]), "W")  # float64, in × out
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["x", "W"], ["h"]), helper.make_node("Relu", ["h"], ["y"])],
        "vec", [helper.make_tensor_value_info("x", TensorProto.DOUBLE, [2])],
        [helper.make_tensor_value_info("y", TensorProto.DOUBLE, [2])], [W])
    net = network_from_onnx(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]))
    # y = relu(Wᵀ x): at x = (1, 1), (1.5, 1)
    assert forward_network(net, (F(1), F(1))).output == (F(3, 2), F(1))
