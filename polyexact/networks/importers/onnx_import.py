"""Import an ONNX feed-forward network as an exact block network (reads with ``onnx``).

Supported operators: Gemm, MatMul, Add, Relu, LeakyRelu, Identity, Flatten and Reshape when it
keeps the (batch, width) layout; ``Constant`` nodes may supply constant tensors. The graph must be
a chain: every operator reads the running value and constants (initializers) only. Anything
else — another operator, a second data input, a skip connection, a transposed ``A`` in Gemm — is
refused with the node named, since its exact meaning is not a block of this package. After the
import the exact network is checked against onnxruntime at seeded points
(:func:`~polyexact.networks.importers.check_faithful`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from polyexact.errors import FormatError, ShapeError
from polyexact.jsonfile import check_file_size
from polyexact.models.domains import check_domain, whole_space
from polyexact.models.model import Domain
from polyexact.networks.blocks import Affine, Block, LeakyReLU, Network, ReLU, network_from_blocks
from polyexact.networks.exact import MAX_ENTRIES, MAX_WIDTH, WeightReader
from polyexact.networks.importers.faithfulness import check_faithful

__all__ = ["MAX_ONNX_BYTES", "SUPPORTED_OPS", "network_from_onnx"]

#: The operators an imported graph may use.
SUPPORTED_OPS = ("Gemm", "MatMul", "Add", "Relu", "LeakyRelu", "Identity", "Flatten", "Reshape")
#: Largest ONNX file read.
MAX_ONNX_BYTES = 256 * 2**20


@dataclass
class _Chain:
    """The blocks built so far, each with its source node and the ONNX value after it."""

    live: str
    width: int | None
    blocks: list[Block] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    values: list[str] = field(default_factory=list)


def network_from_onnx(source: str | os.PathLike[str] | Any, *, domain: Domain | None = None,
                      reader: WeightReader | None = None, check: bool = True,
                      n_points: int = 100, seed: int = 0, name: str | None = None) -> Network:
    """Return the exact block network of an ONNX model (a path or an ``onnx.ModelProto``).

    Parameters
    ----------
    source : path or onnx.ModelProto
        The model.
    domain : Domain, optional
        The input domain (default R^d).
    reader : WeightReader, optional
        Converts the weights (exactly; pass one to get its summary or to rationalize).
    check : bool
        Compare with onnxruntime at ``n_points`` seeded points (default on).
    n_points, seed : int
        The faithfulness check's points.
    name : str, optional
        Display name (default the graph's name).

    Raises
    ------
    FormatError
        An unreadable file, or an unsupported operator or graph shape (the node named).
    ShapeError
        Weights that do not chain, or sizes beyond the limits.
    FaithfulnessError
        The exact network disagrees with onnxruntime (the first block named).

    Examples
    --------
    >>> import numpy as np
    >>> from onnx import TensorProto, helper, numpy_helper
    >>> from polyexact.networks.importers import network_from_onnx
    >>> W = numpy_helper.from_array(np.array([[1.0, -1.0]], dtype=np.float32), "W")
    >>> graph = helper.make_graph(
    ...     [helper.make_node("Gemm", ["x", "W"], ["h"], transB=1),
    ...      helper.make_node("Relu", ["h"], ["y"])], "tiny",
    ...     [helper.make_tensor_value_info("x", TensorProto.FLOAT, [None, 2])],
    ...     [helper.make_tensor_value_info("y", TensorProto.FLOAT, [None, 1])], [W])
    >>> net = network_from_onnx(helper.make_model(graph))
    >>> net.in_dim, [type(b).__name__ for b in net.blocks], net.blocks[0].W
    (2, ['Affine', 'ReLU'], ((Fraction(1, 1), Fraction(-1, 1)),))
    """
    import onnx

    model = _load(source) if isinstance(source, (str, os.PathLike)) else source
    if not isinstance(model, onnx.ModelProto):
        raise FormatError(f"expected an ONNX model, found {type(source).__name__}",
                          field="model")
    read = reader if reader is not None else WeightReader()
    graph = model.graph
    consts: dict[str, Any] = {t.name: t for t in graph.initializer}
    inputs = [i for i in graph.input if i.name not in consts]
    if len(inputs) != 1:
        raise FormatError(f"expected one data input, found {len(inputs)}", field="graph.input")
    dims = inputs[0].type.tensor_type.shape.dim
    if len(dims) not in (1, 2):
        raise FormatError(f"expected an input of shape (batch, d) or (d,), found rank "
                          f"{len(dims)}", field=f"graph.input {inputs[0].name!r}")
    chain = _Chain(live=inputs[0].name, width=dims[-1].dim_value or None)
    for index, node in enumerate(graph.node):
        _node(node, index, chain, consts, read)
    outputs = [o.name for o in graph.output]
    if outputs != [chain.live]:
        raise FormatError(f"expected one output, the running value {chain.live!r}, found "
                          f"{outputs}", field="graph.output")
    if not chain.blocks or chain.width is None:
        raise FormatError("expected at least one weight-bearing operator", field="graph.node")
    d = _in_dim(chain.blocks[0])
    dom = domain if domain is not None else whole_space()
    check_domain(dom, d)
    net = network_from_blocks(d, chain.blocks, dom, name=name or graph.name)
    if check:
        check_faithful(net, _ort_reference(model, inputs[0], len(dims), chain.values),
                       names=chain.names, n_points=n_points, seed=seed)
    return net


def _load(path: str | os.PathLike[str]) -> Any:
    import onnx

    p = check_file_size(path, MAX_ONNX_BYTES)
    try:
        return onnx.load(str(p), load_external_data=False)
    except Exception as err:  # protobuf decode errors have no common public type
        raise FormatError(f"not an ONNX model ({type(err).__name__})", field=str(path)) from err


def _in_dim(block: Block) -> int:
    return len(block.W[0]) if isinstance(block, Affine) else \
        block.width if isinstance(block, (ReLU, LeakyReLU)) else 0


def _node(node: Any, index: int, chain: _Chain, consts: dict[str, Any],
          read: WeightReader) -> None:
    from onnx import helper, numpy_helper

    op = node.op_type
    where = f"graph.node[{index}] {node.name or node.output[0]!r} ({op})"
    if op == "Constant" and len(node.output) == 1:
        value = [a for a in node.attribute if a.name == "value"]
        if len(value) != 1:
            raise FormatError("expected a Constant with a tensor 'value'", field=where)
        consts[node.output[0]] = value[0].t
        return
    if op not in SUPPORTED_OPS:
        raise FormatError(f"operator {op} is not supported (supported: "
                          f"{', '.join(SUPPORTED_OPS)})", field=where)
    data = [i for i in node.input if i and i not in consts]
    if data != [chain.live] or len(node.output) != 1:
        raise FormatError(f"expected one output and, as data, only the running value "
                          f"{chain.live!r}, found inputs {list(node.input)}", field=where)
    attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
    out = node.output[0]

    def const(name: str, what: str) -> np.ndarray:
        tensor = consts[name]
        size = int(np.prod(tensor.dims)) if tensor.dims else 1
        if size > MAX_ENTRIES or any(d > MAX_WIDTH for d in tensor.dims):
            raise ShapeError(f"{what}: tensor of shape {list(tensor.dims)} is too large",
                             field=where)
        array: np.ndarray = numpy_helper.to_array(tensor)
        return array

    if op in ("Gemm", "MatMul"):
        if node.input[0] != chain.live or (op == "Gemm" and attrs.get("transA", 0)):
            raise FormatError("expected the running value as the first, untransposed input",
                              field=where)
        B = const(node.input[1], "B")
        if B.ndim != 2:
            raise FormatError(f"expected a 2-D weight, found shape {list(B.shape)}", field=where)
        W_arr = B if op == "Gemm" and attrs.get("transB", 0) else B.T
        if chain.width is not None and W_arr.shape[1] != chain.width:
            raise ShapeError(f"expected weights for width {chain.width}, found shape "
                             f"{list(B.shape)}", field=where)
        W = read.matrix(W_arr, f"{where}.B")
        b = tuple(Fraction(0) for _ in W)
        if op == "Gemm":
            alpha = Fraction(float(attrs.get("alpha", 1.0)))
            if alpha != 1:
                W = tuple(tuple(alpha * w for w in row) for row in W)
            if len(node.input) > 2 and node.input[2]:
                beta = Fraction(float(attrs.get("beta", 1.0)))
                c = _bias(const(node.input[2], "C"), len(W), where, read)
                b = tuple(beta * v for v in c)
        chain.blocks.append(Affine(W, b))
        chain.names.append(node.name or out)
        chain.values.append(out)
        chain.width = len(W)
    elif op == "Add":
        other = next(i for i in node.input if i != chain.live)
        if chain.width is None:
            raise FormatError("expected an operator fixing the width before Add", field=where)
        c = _bias(const(other, "bias"), chain.width, where, read)
        last = chain.blocks[-1] if chain.blocks else None
        if isinstance(last, Affine) and chain.values[-1] == chain.live:
            # MatMul then Add (how frameworks export a linear layer): one affine block
            chain.blocks[-1] = Affine(last.W, tuple(u + v for u, v in zip(last.b, c,
                                                                            strict=True)))
            chain.names[-1] += f"+{node.name or out}"
            chain.values[-1] = out
        else:
            n = chain.width
            eye = tuple(tuple(Fraction(int(i == j)) for j in range(n)) for i in range(n))
            chain.blocks.append(Affine(eye, c))
            chain.names.append(node.name or out)
            chain.values.append(out)
    elif op in ("Relu", "LeakyRelu"):
        if chain.width is None:
            raise FormatError("expected an operator fixing the width first", field=where)
        # the attribute is a float32; its default too (ONNX: alpha = 0.01 as float32)
        slope = Fraction(float(attrs.get("alpha", float(np.float32(0.01)))))
        chain.blocks.append(ReLU(chain.width) if op == "Relu" else
                            LeakyReLU(chain.width, slope))
        chain.names.append(node.name or out)
        chain.values.append(out)
    elif op == "Flatten" and attrs.get("axis", 1) != 1:
        raise FormatError(f"expected axis 1 (batch, width), found {attrs['axis']}", field=where)
    elif op == "Reshape":
        shape = [int(s) for s in const(node.input[1], "shape").reshape(-1)]
        ok = bool(shape) and shape[-1] in (-1, chain.width) and \
            all(s in (1, -1, 0) for s in shape[:-1]) and shape.count(-1) <= 1
        if not ok:
            raise FormatError(f"expected a reshape keeping (batch, width), found shape {shape}",
                              field=where)
    chain.live = out


def _bias(array: np.ndarray, width: int, where: str, read: WeightReader) -> tuple[Fraction, ...]:
    flat = array.reshape(-1)
    if flat.size == 1:
        flat = np.repeat(flat, width)
    if flat.size != width or array.ndim > 2 or (array.ndim == 2 and array.shape[0] != 1):
        raise ShapeError(f"expected a bias of {width} entries, found shape {list(array.shape)}",
                         field=where)
    return read.vector(flat, f"{where}.bias")


def _ort_reference(model: Any, data_input: Any, rank: int, values: list[str]) -> Any:
    """onnxruntime's value after every block, the graph extended to output each of them."""
    import onnx
    import onnxruntime as ort

    extended = onnx.ModelProto()
    extended.CopyFrom(model)
    present = {o.name for o in extended.graph.output}
    elem = data_input.type.tensor_type.elem_type
    for v in values:
        if v not in present:
            extended.graph.output.append(onnx.helper.make_tensor_value_info(v, elem, None))
    options = ort.SessionOptions()
    options.log_severity_level = 3
    try:
        session = ort.InferenceSession(extended.SerializeToString(), options,
                                       providers=["CPUExecutionProvider"])
    except Exception as err:  # onnxruntime raises its own untyped failures
        raise FormatError(f"onnxruntime cannot run the model: {err}",
                          field="model") from err
    dtype = np.float64 if elem == onnx.TensorProto.DOUBLE else np.float32

    def run(x: np.ndarray) -> list[np.ndarray]:
        feed = x.astype(dtype).reshape((1, -1) if rank == 2 else (-1,))
        got: list[np.ndarray] = session.run(values, {data_input.name: feed})
        return got

    return run
