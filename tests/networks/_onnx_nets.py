"""Small ONNX graphs built with onnx.helper for the importer tests (no downloads)."""

from __future__ import annotations

from typing import Any

import numpy as np


def mlp_onnx(widths: list[int], *, seed: int, style: str = "gemm", leaky: float | None = None,
             relu_output: bool = False, dtype: type = np.float32) -> Any:
    """A Gemm(transB=1)+Relu ("gemm") or MatMul+Add ("matmul") MLP with seeded float weights."""
    from onnx import TensorProto, helper, numpy_helper

    rng = np.random.default_rng(seed)
    elem = TensorProto.FLOAT if dtype == np.float32 else TensorProto.DOUBLE
    nodes, inits = [], []
    live = "x"
    n_layers = len(widths) - 1
    for i in range(n_layers):
        n_in, n_out = widths[i], widths[i + 1]
        W: np.ndarray = rng.normal(0, 1, (n_out, n_in)).astype(dtype)
        b: np.ndarray = rng.normal(0, 0.5, n_out).astype(dtype)
        if style == "gemm":
            inits += [numpy_helper.from_array(W, f"W{i}"), numpy_helper.from_array(b, f"b{i}")]
            nodes.append(helper.make_node("Gemm", [live, f"W{i}", f"b{i}"], [f"h{i}"],
                                          name=f"fc{i}", transB=1))
        else:
            inits += [numpy_helper.from_array(np.ascontiguousarray(W.T), f"W{i}"),
                      numpy_helper.from_array(b, f"b{i}")]
            nodes.append(helper.make_node("MatMul", [live, f"W{i}"], [f"m{i}"], name=f"mm{i}"))
            nodes.append(helper.make_node("Add", [f"m{i}", f"b{i}"], [f"h{i}"], name=f"add{i}"))
        live = f"h{i}"
        if i < n_layers - 1 or relu_output:
            if leaky is None:
                nodes.append(helper.make_node("Relu", [live], [f"r{i}"], name=f"relu{i}"))
            else:
                nodes.append(helper.make_node("LeakyRelu", [live], [f"r{i}"], name=f"leaky{i}",
                                              alpha=leaky))
            live = f"r{i}"
    nodes.append(helper.make_node("Identity", [live], ["y"], name="out"))
    graph = helper.make_graph(nodes, "mlp", [helper.make_tensor_value_info("x", elem, [None,
                                                                                    widths[0]])],
                              [helper.make_tensor_value_info("y", elem, [None, widths[-1]])],
                              inits)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])


def graph_with(nodes: list[Any], inits: list[Any], d: int, out: str = "y") -> Any:
    """A float32 model with input ``x`` of width ``d`` and output ``out``."""
    from onnx import TensorProto, helper

    graph = helper.make_graph(nodes, "g", [helper.make_tensor_value_info("x", TensorProto.FLOAT,
                                                                         [None, d])],
                              [helper.make_tensor_value_info(out, TensorProto.FLOAT, None)],
                              inits)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
