"""Import ``.npz`` or safetensors weights with a small JSON architecture description.

The description is a ``polyexact.model/2`` body whose weights are tensor names::

    {"input_dim": 4,
     "blocks": [{"type": "affine", "W": "fc1.weight", "b": "fc1.bias"}, {"type": "relu"},
                {"type": "affine", "W": {"tensor": "head", "transpose": true}}]}

``W`` is out × in (PyTorch's ``Linear.weight`` layout); ``{"tensor": ..., "transpose": true}``
takes the transpose of a stored in × out matrix. Weight files carry no program to run, so the
faithfulness check compares the exact network with a float64 numpy evaluation of the same
description on the stored arrays: it catches conversion and rounding changes, not a wrong
description.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from polyexact.errors import FormatError, ShapeError
from polyexact.jsonfile import check_file_size, read_json_file
from polyexact.networks.blocks import Network
from polyexact.networks.exact import MAX_ENTRIES, WeightReader
from polyexact.networks.format import NETWORK_FORMAT, network_from_data
from polyexact.networks.importers.faithfulness import check_faithful

__all__ = ["ARCHITECTURE_METADATA", "MAX_WEIGHTS_BYTES", "load_architecture", "load_weights",
           "network_from_weight_file", "network_from_weights"]

#: The safetensors metadata key that may hold the architecture description (a JSON string).
ARCHITECTURE_METADATA = "polyexact.architecture"

#: Largest weights file read.
MAX_WEIGHTS_BYTES = 256 * 2**20
_TENSOR_FIELDS = frozenset({"W", "b", "W1", "b1", "W2", "b2", "W_O", "W_Q", "b_Q", "keys",
                            "values", "logit_bias"})


def load_weights(path: str | os.PathLike[str]) -> dict[str, np.ndarray]:
    """Read the named arrays of a ``.npz`` (no pickles) or ``.safetensors`` file.

    Shapes are checked against the size limits before arrays are read.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import numpy as np
    >>> from polyexact.networks.importers import load_weights
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     np.savez(pathlib.Path(tmp) / "w.npz", W=np.eye(2))
    ...     sorted(load_weights(pathlib.Path(tmp) / "w.npz"))
    ['W']
    """
    p = check_file_size(path, MAX_WEIGHTS_BYTES)
    if p.suffix == ".npz":
        return _load_npz(p)
    if p.suffix == ".safetensors":
        return _load_safetensors(p)
    raise FormatError(f"expected a .npz or .safetensors file, found {p.suffix!r}",
                      field=str(path))


def _load_npz(p: Path) -> dict[str, np.ndarray]:
    try:
        with np.load(p, allow_pickle=False) as npz:
            return {name: _sized(npz[name], name) for name in npz.files}
    except (ValueError, OSError) as err:  # not a zip, or a pickled object array
        raise FormatError(f"not a readable .npz file ({err})", field=str(p)) from err


def _load_safetensors(p: Path) -> dict[str, np.ndarray]:
    from safetensors import safe_open

    out: dict[str, np.ndarray] = {}
    try:
        with safe_open(str(p), framework="numpy") as f:
            for name in f.keys():  # noqa: SIM118 (a safetensors handle, not a dict)
                shape = f.get_slice(name).get_shape()
                if int(np.prod(shape)) > MAX_ENTRIES:
                    raise ShapeError(f"tensor of shape {shape} is too large", field=name)
                out[name] = f.get_tensor(name)
    except ShapeError:
        raise
    except Exception as err:  # safetensors raises its own untyped errors on bad headers
        raise FormatError(f"not a readable safetensors file ({err})", field=str(p)) from err
    return out


def _sized(array: np.ndarray, name: str) -> np.ndarray:
    if array.size > MAX_ENTRIES:
        raise ShapeError(f"tensor of shape {list(array.shape)} is too large", field=name)
    return array


def network_from_weights(weights: Mapping[str, np.ndarray], arch: Mapping[str, Any], *,
                         reader: WeightReader | None = None, check: bool = True,
                         n_points: int = 100, seed: int = 0) -> Network:
    """Return the network an architecture description makes of named weight arrays.

    Parameters
    ----------
    weights : mapping of str to numpy array
        The named tensors.
    arch : mapping
        ``input_dim``, ``blocks`` (tensor names in place of numbers), optional ``name`` and
        ``domain``, as in ``polyexact.model/2``.
    reader : WeightReader, optional
        Converts the weights (pass one to get its summary or to rationalize).
    check : bool
        Compare with a float64 numpy evaluation at ``n_points`` seeded points.
    n_points, seed : int
        The check's points.

    Raises
    ------
    FormatError
        A tensor name that is not in the weights, or a bad description (the field named).
    FaithfulnessError
        A rounding that changed the network beyond float tolerance.

    Examples
    --------
    >>> import numpy as np
    >>> from polyexact.networks import forward_network
    >>> from polyexact.networks.importers import network_from_weights
    >>> weights = {"fc.weight": np.array([[1.0, -0.5]]), "fc.bias": np.array([0.25])}
    >>> arch = {"input_dim": 2, "blocks": [
    ...     {"type": "affine", "W": "fc.weight", "b": "fc.bias"}, {"type": "relu"}]}
    >>> net = network_from_weights(weights, arch)
    >>> forward_network(net, (1, 1)).output
    (Fraction(3, 4),)
    """
    if not isinstance(arch, Mapping):
        raise FormatError("expected an object", field="architecture")
    resolved = _resolve(dict(arch), weights, "")
    resolved["format"] = NETWORK_FORMAT
    net = network_from_data(resolved, reader=reader)
    if check:
        blocks = resolved["blocks"]
        names = [f"{b.get('type')}" for b in blocks]
        check_faithful(net, lambda x: _float_outputs(blocks, x), names=names,
                       n_points=n_points, seed=seed)
    return net


def network_from_weight_file(weights_path: str | os.PathLike[str],
                             arch: str | os.PathLike[str] | Mapping[str, Any] | None = None,
                             **options: Any) -> Network:
    """:func:`network_from_weights` on a weights file and a description (a dict or JSON file).

    Without ``arch``, the description is read from the safetensors file's own metadata
    (:data:`ARCHITECTURE_METADATA`, see :func:`load_architecture`).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import numpy as np
    >>> from polyexact.networks.importers import network_from_weight_file
    >>> arch = {"input_dim": 1, "blocks": [{"type": "affine", "W": "W"}]}
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     np.savez(pathlib.Path(tmp) / "w.npz", W=np.array([[0.5]]))
    ...     network_from_weight_file(pathlib.Path(tmp) / "w.npz", arch).blocks[0].W
    ((Fraction(1, 2),),)
    """
    if arch is None:
        description: Mapping[str, Any] = load_architecture(weights_path)
    elif isinstance(arch, Mapping):
        description = arch
    else:
        description = read_json_file(arch, what="architecture file")
    return network_from_weights(load_weights(weights_path), description, **options)


def load_architecture(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Return the architecture description stored in a safetensors file's metadata.

    Raises
    ------
    FormatError
        If the file is not a readable safetensors file or its metadata has no
        :data:`ARCHITECTURE_METADATA` entry holding a JSON object.

    Examples
    --------
    >>> import json, pathlib, tempfile
    >>> import numpy as np
    >>> from safetensors.numpy import save_file
    >>> from polyexact.networks.importers import load_architecture, network_from_weight_file
    >>> arch = {"input_dim": 1, "blocks": [{"type": "affine", "W": "W"}, {"type": "relu"}]}
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = pathlib.Path(tmp) / "net.safetensors"
    ...     save_file({"W": np.array([[0.5]])}, str(path),
    ...               metadata={"polyexact.architecture": json.dumps(arch)})
    ...     load_architecture(path) == arch, len(network_from_weight_file(path).blocks)
    (True, 2)
    """
    from safetensors import safe_open

    if Path(path).suffix != ".safetensors":
        raise FormatError("expected an architecture description (only a .safetensors file "
                          "can carry one in its metadata)", field="architecture")
    try:
        with safe_open(str(path), framework="numpy") as f:
            metadata = f.metadata() or {}
    except Exception as err:  # safetensors raises its own untyped errors on bad headers
        raise FormatError(f"not a readable safetensors file ({err})", field=str(path)) from err
    text = metadata.get(ARCHITECTURE_METADATA)
    if text is None:
        raise FormatError(f"the file's metadata has no {ARCHITECTURE_METADATA!r} entry",
                          field="architecture")
    try:
        description = json.loads(text)
    except ValueError as err:
        raise FormatError(f"not JSON ({err})", field=ARCHITECTURE_METADATA) from err
    if not isinstance(description, dict):
        raise FormatError("expected a JSON object", field=ARCHITECTURE_METADATA)
    return description


def _resolve(obj: Any, weights: Mapping[str, np.ndarray], field: str) -> Any:
    """Replace tensor names by arrays, recursively (blocks, residual bodies, heads)."""
    if isinstance(obj, list):
        return [_resolve(v, weights, f"{field}[{i}]") for i, v in enumerate(obj)]
    if not isinstance(obj, dict):
        return obj
    out: dict[str, Any] = {}
    for key, value in obj.items():
        where = f"{field}.{key}" if field else key
        if key in _TENSOR_FIELDS and isinstance(value, (str, dict)):
            out[key] = _tensor(value, weights, where)
        else:
            out[key] = _resolve(value, weights, where)
    return out


def _tensor(ref: str | dict[str, Any], weights: Mapping[str, np.ndarray],
            where: str) -> np.ndarray:
    transpose = False
    if isinstance(ref, dict):
        if set(ref) - {"tensor", "transpose"} or not isinstance(ref.get("tensor"), str):
            raise FormatError('expected {"tensor": NAME, "transpose": BOOL}', field=where)
        transpose = bool(ref.get("transpose", False))
    name: str = ref["tensor"] if isinstance(ref, dict) else ref
    if name not in weights:
        known = ", ".join(sorted(weights)[:8])
        raise FormatError(f"no tensor named {name!r} in the weights (has: {known})", field=where)
    array = weights[name]
    if transpose:
        if array.ndim != 2:
            raise ShapeError(f"expected a 2-D tensor to transpose, found shape "
                             f"{list(array.shape)}", field=where)
        array = array.T
    return array


def _float_outputs(blocks: list[dict[str, Any]], x: np.ndarray) -> list[np.ndarray]:
    """Evaluate the resolved description in float64, one value per top-level block."""
    out: list[np.ndarray] = []
    h = np.asarray(x, dtype=np.float64)
    for block in blocks:
        h = _float_block(block, h)
        out.append(h)
    return out


def _f(value: Any) -> np.ndarray:
    if isinstance(value, np.ndarray):
        return value.astype(np.float64)
    return np.array([[float(_num(v)) for v in row] for row in value]) if value and \
        isinstance(value[0], list) else np.array([float(_num(v)) for v in value])


def _num(v: Any) -> float:
    from polyexact.numbers import parse_rational

    return float(parse_rational(v))


def _float_block(block: dict[str, Any], h: np.ndarray) -> np.ndarray:
    kind = block["type"]
    if kind == "affine":
        W = _f(block["W"])
        b = _f(block["b"]) if "b" in block else np.zeros(W.shape[0])
        result: np.ndarray = W @ h + b
        return result
    if kind == "relu":
        relu: np.ndarray = np.maximum(h, 0.0)
        return relu
    if kind == "leaky_relu":
        leaky: np.ndarray = np.where(h > 0, h, _num(block["slope"]) * h)
        return leaky
    if kind == "residual":
        inner = h
        for b in block["blocks"]:
            inner = _float_block(b, inner)
        total: np.ndarray = h + inner
        return total
    if kind == "ffn":
        W1, W2 = _f(block["W1"]), _f(block["W2"])
        b1 = _f(block["b1"]) if "b1" in block else np.zeros(W1.shape[0])
        b2 = _f(block["b2"]) if "b2" in block else np.zeros(W2.shape[0])
        z: np.ndarray = W2 @ np.maximum(W1 @ h + b1, 0.0) + b2
        return h + z if block.get("residual", False) else z
    concat = []
    for head in block["heads"]:
        W_Q, keys, values = _f(head["W_Q"]), _f(head["keys"]), _f(head["values"])
        b_Q = _f(head["b_Q"]) if "b_Q" in head else np.zeros(W_Q.shape[0])
        c = _f(head["logit_bias"]) if "logit_bias" in head else np.zeros(keys.shape[0])
        concat.append(values[int(np.argmax(keys @ (W_Q @ h + b_Q) + c))])
    cat = np.concatenate(concat) if concat else np.zeros(0)
    W_O = _f(block["W_O"]) if "W_O" in block else np.eye(len(h))
    y: np.ndarray = W_O @ cat if cat.size else np.zeros(W_O.shape[0])
    return h + y if block.get("residual", True) else y
