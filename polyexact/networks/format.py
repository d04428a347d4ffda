"""Read and write ``polyexact.model/2`` files (block networks); ``polyexact.model/1`` still loads.

A version-2 file::

    {"format": "polyexact.model/2", "name": "...", "input_dim": 4, "domain": "all",
     "blocks": [{"type": "affine", "W": [[...], ...], "b": [...]},
                {"type": "relu"},
                {"type": "leaky_relu", "slope": "1/100"},
                {"type": "attention", "heads": [...], "W_O": [[...]], "residual": true},
                {"type": "ffn", "W1": ..., "b1": ..., "W2": ..., "b2": ..., "residual": false},
                {"type": "residual", "blocks": [...]}]}

Numbers are integers, ``"p/q"`` or decimal strings (JSON floats are taken as their exact dyadic
value, counted in one summary line); heads are written as in version 1; the domain is ``"all"``,
``{"box": [[lo, hi], ...]}`` or ``{"polytope": {"A": ..., "b": ...}}``.
"""

from __future__ import annotations

import json
import os
import warnings
from pathlib import Path
from typing import Any

from polyexact.atomic import write_atomic
from polyexact.errors import FormatError, ShapeError
from polyexact.jsonfile import check_file_size, fields_of, read_json_file
from polyexact.models.domains import box_domain, polytope_domain, whole_space
from polyexact.models.load import MODEL_FORMAT, domain_to_data, model_from_data
from polyexact.models.model import FFN, Domain, Head
from polyexact.networks.blocks import (
    Affine,
    Attention,
    Block,
    LeakyReLU,
    Network,
    ReLU,
    Residual,
    network_from_blocks,
)
from polyexact.networks.convert import network_from_model
from polyexact.networks.exact import WeightReader
from polyexact.numbers import (
    FloatConversionWarning,
    format_rational,
    matrix_to_data,
    vector_to_data,
)

__all__ = ["MAX_BLOCKS", "MAX_MODEL_BYTES", "NETWORK_FORMAT", "load_network", "network_from_data",
           "network_to_data", "write_network"]

#: The format tag of block-network model files.
NETWORK_FORMAT = "polyexact.model/2"
#: Most blocks in one network (residual bodies included) and deepest residual nesting.
MAX_BLOCKS = 1000
#: Largest model file read (checked before it is read).
MAX_MODEL_BYTES = 256 * 2**20
_MAX_NESTING = 8


def load_network(path: str | os.PathLike[str], *, reader: WeightReader | None = None) -> Network:
    """Read a ``polyexact.model/2`` (or ``/1``) file as a validated :class:`Network`.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from polyexact.networks import load_network, mlp_network, write_network
    >>> net = mlp_network([[[1, -1]], [[2]]], [[0], [1]])
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     load_network(write_network(net, pathlib.Path(tmp) / "m.json")) == net
    True
    """
    check_file_size(path, MAX_MODEL_BYTES)
    return network_from_data(read_json_file(path, what="model file"), reader=reader)


def write_network(net: Network, path: str | os.PathLike[str]) -> Path:
    """Write ``net`` as a ``polyexact.model/2`` file, atomically.

    Examples
    --------
    >>> import json, pathlib, tempfile
    >>> from polyexact.networks import mlp_network, write_network
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = write_network(mlp_network([[[1]]], [[0]]), pathlib.Path(tmp) / "m.json")
    ...     json.loads(path.read_text())["format"]
    'polyexact.model/2'
    """
    return write_atomic(path, _dumps(network_to_data(net), 0) + "\n")


def _dumps(value: Any, depth: int) -> str:
    """JSON with one line per vector (a matrix row), indented objects and lists of objects."""
    pad, inner = " " * depth, " " * (depth + 1)
    if isinstance(value, dict):
        items = [f"{inner}{json.dumps(k)}: {_dumps(v, depth + 1)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + f"\n{pad}}}" if items else "{}"
    if isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value):
        items = [f"{inner}{_dumps(v, depth + 1)}" for v in value]
        return "[\n" + ",\n".join(items) + f"\n{pad}]"
    return json.dumps(value)


def network_from_data(data: object, *, reader: WeightReader | None = None) -> Network:
    """Build a validated :class:`Network` from a ``polyexact.model/2`` or ``/1`` dict.

    A version-1 dict is read by :func:`polyexact.models.model_from_data` and converted with
    :func:`network_from_model`. Sizes are checked before numbers are converted.

    Parameters
    ----------
    data : object
        The decoded JSON.
    reader : WeightReader, optional
        Converts the numbers (pass one to get its summary, or to rationalize).

    Raises
    ------
    FormatError, ShapeError, NumberError, DomainError
        Naming the field, e.g. ``blocks[2].W[0][1]``.

    Examples
    --------
    >>> from polyexact.networks import network_from_data
    >>> net = network_from_data({"format": "polyexact.model/2", "input_dim": 2, "blocks": [
    ...     {"type": "affine", "W": [[1, "1/2"]], "b": ["0.25"]}, {"type": "relu"}]})
    >>> net.out_dim, net.blocks[0].b
    (1, (Fraction(1, 4),))
    >>> network_from_data({"format": "polyexact.model/2", "input_dim": 2, "blocks": [
    ...     {"type": "affine", "W": [[1]]}]})
    Traceback (most recent call last):
    ...
    polyexact.errors.ShapeError: blocks[0].W[0]: expected 2 entries, found 1
    """
    if isinstance(data, dict) and data.get("format") == MODEL_FORMAT:
        # version 1 warns once per float; here floats are counted, as for version 2
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", FloatConversionWarning)
            model = model_from_data(data)
        if reader is not None:
            reader.n_floats += sum(issubclass(w.category, FloatConversionWarning)
                                   for w in caught)
            reader.n_weights += _n_numbers(data.get("layers")) + _n_numbers(data.get("domain"))
        for w in caught:
            if not issubclass(w.category, FloatConversionWarning):
                warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
        return network_from_model(model)
    obj = fields_of(data, "model", key_prefix="", required=("format", "input_dim", "blocks"),
                    optional=("name", "domain"))
    if obj["format"] != NETWORK_FORMAT:
        raise FormatError(f"expected {NETWORK_FORMAT!r} or {MODEL_FORMAT!r}, found "
                          f"{obj['format']!r}", field="format")
    name = obj.get("name", "")
    if not isinstance(name, str):
        raise FormatError(f"expected a string, found {type(name).__name__}", field="name")
    d = _size(obj["input_dim"], "input_dim")
    _count_blocks(obj["blocks"], "blocks", 0, [0])
    read = reader if reader is not None else WeightReader()
    blocks, _ = _blocks(obj["blocks"], d, "blocks", read)
    domain = _domain(obj.get("domain", "all"), d, read)
    return network_from_blocks(d, blocks, domain, name=name)


def network_to_data(net: Network) -> dict[str, Any]:
    """Return ``net`` as a ``polyexact.model/2`` dict (exact ``"p/q"`` numbers).

    Examples
    --------
    >>> from polyexact.networks import mlp_network, network_to_data
    >>> data = network_to_data(mlp_network([[["1/2"]]], [[0]], relu_output=True))
    >>> data["blocks"]
    [{'type': 'affine', 'W': [['1/2']], 'b': [0]}, {'type': 'relu'}]
    """
    out: dict[str, Any] = {"format": NETWORK_FORMAT}
    if net.name:
        out["name"] = net.name
    out["input_dim"] = net.in_dim
    out["domain"] = domain_to_data(net.domain)
    out["blocks"] = [_block_to_data(b) for b in net.blocks]
    return out


def _n_numbers(data: object) -> int:
    """The numbers (not booleans or field names) in decoded JSON."""
    if isinstance(data, dict):
        return sum(_n_numbers(v) for v in data.values())
    if isinstance(data, list):
        return sum(_n_numbers(v) for v in data)
    return int(isinstance(data, (int, float, str)) and not isinstance(data, bool)
               and data != "all")


def _count_blocks(data: object, field: str, depth: int, seen: list[int]) -> None:
    """Check the block list's length and nesting before anything is converted."""
    if not isinstance(data, list) or not data:
        raise ShapeError("expected a non-empty list of blocks", field=field)
    if depth > _MAX_NESTING:
        raise ShapeError(f"expected residuals nested at most {_MAX_NESTING} deep", field=field)
    for i, item in enumerate(data):
        seen[0] += 1
        if seen[0] > MAX_BLOCKS:
            raise ShapeError(f"expected at most {MAX_BLOCKS} blocks", field=f"{field}[{i}]")
        if isinstance(item, dict) and item.get("type") == "residual":
            _count_blocks(item.get("blocks"), f"{field}[{i}].blocks", depth + 1, seen)


def _blocks(data: Any, width: int, field: str, read: WeightReader) -> tuple[list[Block], int]:
    out: list[Block] = []
    for i, item in enumerate(data):
        block = _block(item, width, f"{field}[{i}]", read)
        out.append(block)
        if isinstance(block, Residual):
            continue
        width = len(block.W) if isinstance(block, Affine) else \
            len(block.W_O) if isinstance(block, Attention) else \
            len(block.W2) if isinstance(block, FFN) else width
    return out, width


_FIELDS = {
    "affine": (("W",), ("b",)),
    "relu": ((), ()),
    "leaky_relu": (("slope",), ()),
    "attention": (("heads",), ("W_O", "residual")),
    "ffn": (("W1", "W2"), ("b1", "b2", "residual")),
    "residual": (("blocks",), ()),
}


def _block(data: object, d: int, field: str, read: WeightReader) -> Block:
    if not isinstance(data, dict):
        raise FormatError(f"expected an object, found {type(data).__name__}", field=field)
    kind = data.get("type")
    if kind not in _FIELDS:
        raise FormatError(f"expected one of {', '.join(_FIELDS)}, found {kind!r}",
                          field=f"{field}.type")
    required, optional = _FIELDS[kind]
    obj = fields_of(data, field, required=("type", *required), optional=optional)
    if kind == "affine":
        W = read.matrix(obj["W"], f"{field}.W", cols=d)
        if not W:
            raise ShapeError("expected at least one row, found none", field=f"{field}.W")
        b = read.vector(obj["b"], f"{field}.b", length=len(W)) if "b" in obj else \
            tuple(read.number(0, field) for _ in W)
        return Affine(W, b)
    if kind == "relu":
        return ReLU(d)
    if kind == "leaky_relu":
        return LeakyReLU(d, read.number(obj["slope"], f"{field}.slope"))
    if kind == "attention":
        return _attention(obj, d, field, read)
    if kind == "ffn":
        W1 = read.matrix(obj["W1"], f"{field}.W1", cols=d)
        if not W1:
            raise ShapeError("expected at least one neuron, found none", field=f"{field}.W1")
        W2 = read.matrix(obj["W2"], f"{field}.W2", cols=len(W1))
        b1 = read.vector(obj.get("b1", [0] * len(W1)), f"{field}.b1", length=len(W1))
        b2 = read.vector(obj.get("b2", [0] * len(W2)), f"{field}.b2", length=len(W2))
        return FFN(W1, b1, W2, b2, _bool(obj.get("residual", False), f"{field}.residual"))
    body, out = _blocks(obj["blocks"], d, f"{field}.blocks", read)
    if out != d:
        raise ShapeError(f"expected the body to keep width {d}, found {out}", field=field)
    return Residual(tuple(body))


def _attention(obj: Any, d: int, field: str, read: WeightReader) -> Attention:
    heads_data = obj["heads"]
    if not isinstance(heads_data, list):
        raise FormatError("expected a list of heads", field=f"{field}.heads")
    heads = tuple(_head(h, d, f"{field}.heads[{i}]", read) for i, h in enumerate(heads_data))
    width = sum(h.d_v for h in heads)
    residual = _bool(obj.get("residual", True), f"{field}.residual")
    if "W_O" in obj:
        W_O = read.matrix(obj["W_O"], f"{field}.W_O", cols=width)
        if not W_O:
            raise ShapeError("expected at least one row, found none", field=f"{field}.W_O")
    elif width == d:
        W_O = tuple(tuple(read.number(int(r == c), field) for c in range(d)) for r in range(d))
    else:
        raise FormatError(f"missing field (required because Σ d_v = {width} differs from the "
                          f"input width {d})", field=f"{field}.W_O")
    return Attention(heads, W_O, residual)


def _head(data: object, d: int, field: str, read: WeightReader) -> Head:
    obj = fields_of(data, field, required=("W_Q", "keys", "values"),
                    optional=("b_Q", "logit_bias"))
    W_Q = read.matrix(obj["W_Q"], f"{field}.W_Q", cols=d)
    if not W_Q:
        raise ShapeError("expected at least one query row, found none", field=f"{field}.W_Q")
    keys = read.matrix(obj["keys"], f"{field}.keys", cols=len(W_Q))
    if not keys:
        raise ShapeError("expected at least one key, found none", field=f"{field}.keys")
    values = read.matrix(obj["values"], f"{field}.values", rows=len(keys))
    if not values[0]:
        raise ShapeError("expected values of width d_v >= 1, found 0",
                         field=f"{field}.values[0]")
    b_Q = read.vector(obj.get("b_Q", [0] * len(W_Q)), f"{field}.b_Q", length=len(W_Q))
    bias = read.vector(obj.get("logit_bias", [0] * len(keys)), f"{field}.logit_bias",
                       length=len(keys))
    return Head(W_Q=W_Q, b_Q=b_Q, keys=keys, values=values, logit_bias=bias)


def _domain(data: object, d: int, read: WeightReader) -> Domain:
    if data == "all":
        return whole_space()
    if not isinstance(data, dict) or len(data) != 1:
        raise FormatError('expected "all", {"box": ...} or {"polytope": ...}', field="domain")
    (kind, body), = data.items()
    if kind == "box":
        pairs = read.matrix(body, "domain.box", rows=d, cols=2)
        return box_domain([(lo, hi) for lo, hi in pairs])
    if kind == "polytope":
        obj = fields_of(body, "domain.polytope", required=("A", "b"))
        A = read.matrix(obj["A"], "domain.polytope.A", cols=d)
        if not A:
            raise ShapeError("expected at least one inequality", field="domain.polytope.A")
        return polytope_domain(A, read.vector(obj["b"], "domain.polytope.b", length=len(A)))
    raise FormatError(f"unknown field {kind!r} (expected 'box' or 'polytope')",
                      field=f"domain.{kind}")


def _block_to_data(block: Block) -> dict[str, Any]:
    if isinstance(block, Affine):
        return {"type": "affine", "W": matrix_to_data(block.W), "b": vector_to_data(block.b)}
    if isinstance(block, ReLU):
        return {"type": "relu"}
    if isinstance(block, LeakyReLU):
        return {"type": "leaky_relu", "slope": format_rational(block.slope)}
    if isinstance(block, Attention):
        heads = [{"W_Q": matrix_to_data(h.W_Q), "b_Q": vector_to_data(h.b_Q),
                  "keys": matrix_to_data(h.keys), "values": matrix_to_data(h.values),
                  "logit_bias": vector_to_data(h.logit_bias)} for h in block.heads]
        return {"type": "attention", "heads": heads, "W_O": matrix_to_data(block.W_O),
                "residual": block.residual}
    if isinstance(block, FFN):
        return {"type": "ffn", "W1": matrix_to_data(block.W1), "b1": vector_to_data(block.b1),
                "W2": matrix_to_data(block.W2), "b2": vector_to_data(block.b2),
                "residual": block.residual}
    return {"type": "residual", "blocks": [_block_to_data(b) for b in block.body]}


def _size(value: object, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ShapeError(f"expected a positive integer, found {value!r}", field=field)
    if value > 4096:
        raise ShapeError(f"expected at most 4096, found {value}", field=field)
    return value


def _bool(value: object, field: str) -> bool:
    if not isinstance(value, bool):
        raise FormatError(f"expected true or false, found {value!r}", field=field)
    return value
