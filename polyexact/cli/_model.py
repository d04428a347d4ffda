"""The one model loader of the command line: v1 model files, v2 network files, ONNX, safetensors.

``count``, ``eval``, ``export``, ``plot`` and ``verify --model`` take any of them. The suffix
``.onnx`` means an ONNX graph, imported exactly and checked against onnxruntime as
``polyexact import`` does; ``.safetensors`` weights are taken when the file carries its
architecture in its metadata (checked as ``polyexact import`` does), and other weights are
refused with the ``polyexact import --arch`` command to run; any other file is JSON, read by
its ``format`` field (``polyexact.model/1`` or ``polyexact.model/2``). A network that a
version-1 transformer can hold (:func:`polyexact.networks.model_from_network`) is returned as
that transformer, so nothing changes for it; any other network is returned as a
:class:`~polyexact.networks.Network`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from polyexact.errors import FormatError, ShapeError

__all__ = ["load_model_arg", "require_transformer", "transformer_or_network"]


def load_model_arg(path: str, *, field: str = "MODEL", note: bool = False,
                   keep_network: bool = False) -> Any:
    """Return the model in ``path``: a :class:`~polyexact.models.Model` or a block network.

    With ``note``, an ONNX import says on stderr what it converted and checked (one line). With
    ``keep_network``, a network is returned as read, even when a transformer holds it.

    Raises
    ------
    InputError
        An unreadable file, a bad schema (the field named), an unsupported ONNX operator (the
        node named) or a failed faithfulness check (the first disagreeing block named).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from polyexact.models import construction, write_model
    >>> from polyexact.networks import network_from_model, random_mlp, write_network
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     mlp = write_network(random_mlp([2, 3, 1], seed=0), pathlib.Path(tmp) / "mlp.json")
    ...     v2 = write_network(network_from_model(construction(1, 2, 2, 1)),
    ...                        pathlib.Path(tmp) / "t.json")
    ...     type(load_model_arg(str(mlp))).__name__, load_model_arg(str(v2)).d_model
    ('Network', 1)
    """
    from polyexact.jsonfile import check_file_size, read_json_file
    from polyexact.models.load import MODEL_FORMAT, model_from_data
    from polyexact.networks import NETWORK_FORMAT, Network, network_from_data
    from polyexact.networks.format import MAX_MODEL_BYTES

    net: Network
    suffix = Path(path).suffix.lower()
    if suffix == ".onnx":
        net = _onnx(path, field, note)
    elif suffix in (".npz", ".safetensors"):
        net = _weights(path, field, note)
    else:
        if Path(path).is_file():  # else the reader names what it cannot read
            check_file_size(path, MAX_MODEL_BYTES)
        data = read_json_file(path, what="model file")
        tag = data.get("format") if isinstance(data, dict) else None
        if tag != NETWORK_FORMAT:
            if isinstance(data, dict) and "format" in data and tag != MODEL_FORMAT:
                shown = repr(tag) if isinstance(tag, str) and len(tag) <= 60 else \
                    f"a {type(tag).__name__}"
                raise FormatError(f"expected {MODEL_FORMAT!r}, found {shown} (a model is a "
                                  f"{MODEL_FORMAT!r} or {NETWORK_FORMAT!r} file, or an .onnx "
                                  "graph)", field="format")
            return model_from_data(data)
        net = network_from_data(data)
    return net if keep_network else transformer_or_network(net)


def _onnx(path: str, field: str, note: bool) -> Any:
    """Import an ONNX graph exactly, checked against onnxruntime (as ``polyexact import``)."""
    from polyexact.networks import WeightReader

    reader = WeightReader()
    try:
        from polyexact.networks.importers import network_from_onnx

        net = network_from_onnx(path, reader=reader)
    except ModuleNotFoundError as err:
        if err.name not in ("onnx", "onnxruntime"):
            raise
        raise _missing_extra(err, "an .onnx file", field) from err
    if note:
        print(f"imported {Path(path).name}: {reader.summary()}; checked against onnxruntime at "
              "100 seeded points", file=sys.stderr)
    return net


def _weights(path: str, field: str, note: bool) -> Any:
    """Weights whose file carries its architecture (safetensors metadata), checked on import."""
    from polyexact.networks import WeightReader

    reader = WeightReader()
    try:
        from polyexact.networks.importers import load_architecture, network_from_weight_file

        try:
            load_architecture(path)
        except FormatError as err:
            raise FormatError(f"weights need an architecture: run `polyexact import {path} "
                              f"--arch ARCH.json -o MODEL.json` first ({err.message})",
                              field=field) from err
        net = network_from_weight_file(path, reader=reader)
    except ModuleNotFoundError as err:
        if err.name != "safetensors":
            raise
        raise _missing_extra(err, "a .safetensors file", field) from err
    if note:
        print(f"imported {Path(path).name}: {reader.summary()}; checked against a float64 "
              "evaluation of its architecture at 100 seeded points", file=sys.stderr)
    return net


def require_transformer(model: Any, what: str, field: str = "MODEL") -> None:
    """Refuse a block network where only a version-1 transformer is meaningful (exit 2).

    Examples
    --------
    >>> from polyexact.networks import random_mlp
    >>> require_transformer(random_mlp([2, 3, 1], seed=0), "--tau (softmax attention)")
    Traceback (most recent call last):
    ...
    polyexact.errors.ShapeError: MODEL: --tau (softmax attention) applies to polyexact.model/1 \
transformers, not to this network (blocks Affine, ReLU, Affine)
    """
    from polyexact.networks import Network

    if isinstance(model, Network):
        kinds = ", ".join(type(b).__name__ for b in model.blocks)
        raise ShapeError(f"{what} applies to polyexact.model/1 transformers, not to this "
                         f"network (blocks {kinds})", field=field)


def transformer_or_network(model: Any) -> Any:
    """The version-1 transformer that holds a network, when there is one; else ``model``.

    Examples
    --------
    >>> from polyexact.models import construction
    >>> from polyexact.networks import network_from_model
    >>> transformer_or_network(network_from_model(construction(1, 2, 2, 1))).d_model
    1
    """
    from polyexact.networks import Network, model_from_network

    if not isinstance(model, Network):
        return model
    try:
        return model_from_network(model)
    except ShapeError:
        return model


def _missing_extra(err: ModuleNotFoundError, what: str, field: str) -> FormatError:
    """The error for ``what`` (an input file) when a module of the optional extra is missing."""
    return FormatError(f"{what} needs the optional 'import' extra (pip install "
                       f"'polyexact[import]'): {err.name} is missing", field=field)
