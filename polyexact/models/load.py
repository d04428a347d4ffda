"""Read and write ``polyexact.model/1`` files, validating every field (README.md, "Input files")."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from polyexact.atomic import write_atomic
from polyexact.errors import FormatError, ShapeError
from polyexact.jsonfile import check_format, fields_of, read_json_file
from polyexact.models.domains import box_domain, polytope_domain, whole_space
from polyexact.models.limits import (
    MAX_HEADS,
    MAX_KEYS,
    MAX_LAYERS,
    MAX_NEURONS,
    MAX_WIDTH,
    check_count,
)
from polyexact.models.model import FFN, Domain, Head, Layer, Model
from polyexact.numbers import (
    Matrix,
    identity_matrix,
    matrix_from_data,
    matrix_to_data,
    vector_from_data,
    vector_to_data,
    zero_vector,
)

__all__ = ["MODEL_FORMAT", "load_model", "model_from_data", "model_to_data", "write_model"]

#: The format tag of model files.
MODEL_FORMAT = "polyexact.model/1"


def load_model(path: str | os.PathLike[str]) -> Model:
    """Read and validate a ``polyexact.model/1`` JSON file.

    Parameters
    ----------
    path : str or path-like
        The file to read.

    Returns
    -------
    Model
        The validated model.

    Raises
    ------
    FormatError
        If the file cannot be read, is not JSON (truncated, duplicate fields) or has a bad schema.
    InputError
        Any error of :func:`model_from_data`, naming the field.

    See Also
    --------
    model_from_data, write_model

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from polyexact.models import construction, load_model, write_model
    >>> m = construction(1, 2, 2, 1)
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = write_model(m, pathlib.Path(tmp) / "m.json")
    ...     load_model(path) == m
    True
    """
    return model_from_data(read_json_file(path, what="model file"))


def write_model(model: Model, path: str | os.PathLike[str]) -> Path:
    """Write ``model`` as a ``polyexact.model/1`` file, atomically.

    Parameters
    ----------
    model : Model
        The model.
    path : str or path-like
        The destination; replaced atomically if it exists.

    Returns
    -------
    Path
        The path written.

    See Also
    --------
    load_model, model_to_data

    Examples
    --------
    >>> import json, pathlib, tempfile
    >>> from polyexact.models import construction, write_model
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = write_model(construction(1, 2, 2, 1), pathlib.Path(tmp) / "m.json")
    ...     json.loads(path.read_text())["format"]
    'polyexact.model/1'
    """
    return write_atomic(path, json.dumps(model_to_data(model), indent=2) + "\n")


def model_from_data(data: object) -> Model:
    """Build a validated :class:`Model` from a ``polyexact.model/1`` dict.

    Defaults: ``b_Q`` and ``logit_bias`` zero, ``W_O`` the identity when ``Σ d_v = d_model``
    (otherwise required; zero columns when there are no heads), ``residual`` true, ``ffn``
    absent, its ``b1``/``b2`` zero and its ``residual`` false, ``domain`` ``"all"``.

    Matrices may be nested lists or tuples or arrays (anything with ``tolist``, e.g. numpy); float
    entries are converted exactly (a float is a dyadic rational), with a warning.

    Raises
    ------
    FormatError
        Wrong or missing ``format`` (another polyexact document is named: "expected
        'polyexact.model/1', found 'polyexact.certificate/1'"), unknown or missing fields, wrong
        types.
    ShapeError
        Shapes that do not fit ``d_model``, ``d_k``, ``N``, ``Σ d_v`` or ``d_ff``, or sizes above
        the limits of :mod:`polyexact.models.limits` (checked before anything is allocated).
    NumberError
        A number that is not a finite rational (NaN, inf, ``"1/0"``, garbage, booleans).
    DomainError
        An empty or lower-dimensional domain.

    Examples
    --------
    >>> from polyexact.models.load import model_from_data, model_to_data
    >>> data = {"format": "polyexact.model/1", "d_model": 1, "layers": [{"heads": [
    ...     {"W_Q": [[1]], "keys": [[1], [-1]], "values": [["1/2"], [0]]}]}]}
    >>> m = model_from_data(data)
    >>> m.layers[0].heads[0].values
    ((Fraction(1, 2),), (Fraction(0, 1),))
    >>> model_from_data(model_to_data(m)) == m
    True
    >>> model_from_data({**data, "d_model": 2})
    Traceback (most recent call last):
    ...
    polyexact.errors.ShapeError: layers[0].heads[0].W_Q[0]: expected 2 entries, found 1
    """
    # the format first: a certificate given as a model is named as such, not as unknown fields
    check_format(data, MODEL_FORMAT)
    obj = fields_of(data, "model", key_prefix="", required=("format", "d_model", "layers"),
                  optional=("name", "domain"))
    d = _size(obj["d_model"], "d_model")
    check_count(d, MAX_WIDTH, "d_model", "d_model")
    name = obj.get("name", "")
    if not isinstance(name, str):
        raise FormatError(f"expected a string, found {type(name).__name__}", field="name")
    layers_data = obj["layers"]
    if not isinstance(layers_data, list) or not layers_data:
        raise ShapeError("expected a non-empty list of layers", field="layers")
    check_count(layers_data, MAX_LAYERS, "number of layers", "layers")
    layers = tuple(_layer(x, d, f"layers[{i}]") for i, x in enumerate(layers_data))
    domain = _domain(obj.get("domain", "all"), d)
    return Model(d, layers, domain, name=name)


def model_to_data(model: Model) -> dict[str, Any]:
    """Return ``model`` as a ``polyexact.model/1`` dict, every field explicit (``"p/q"`` numbers).

    Parameters
    ----------
    model : Model
        The model.

    Returns
    -------
    dict
        JSON-ready data; defaults (``b_Q``, ``logit_bias``, ``W_O``, ``residual``) are written out.

    See Also
    --------
    model_from_data, write_model

    Examples
    --------
    >>> from polyexact.models import model_from_data, model_to_data
    >>> data = {"format": "polyexact.model/1", "d_model": 1, "layers": [{"heads": [
    ...     {"W_Q": [[1]], "keys": [[1], [-1]], "values": [["1/2"], [0]]}]}]}
    >>> out = model_to_data(model_from_data(data))
    >>> out["domain"], out["layers"][0]["heads"][0]["b_Q"], out["layers"][0]["W_O"]
    ('all', [0], [[1]])
    >>> out["layers"][0]["heads"][0]["values"]
    [['1/2'], [0]]
    """
    out: dict[str, Any] = {"format": MODEL_FORMAT}
    if model.name:
        out["name"] = model.name
    out["d_model"] = model.d_model
    out["domain"] = domain_to_data(model.domain)
    out["layers"] = [_layer_to_data(layer) for layer in model.layers]
    return out


def _layer(data: object, d: int, field: str) -> Layer:
    obj = fields_of(data, field, required=(), optional=("heads", "W_O", "residual", "ffn"))
    heads_data = obj.get("heads", [])
    if not isinstance(heads_data, list):
        raise FormatError(f"expected a list of heads, found {_kind(heads_data)}",
                          field=f"{field}.heads")
    check_count(heads_data, MAX_HEADS, "number of heads", f"{field}.heads")
    heads = tuple(_head(h, d, f"{field}.heads[{i}]") for i, h in enumerate(heads_data))
    width = sum(h.d_v for h in heads)
    W_O: Matrix
    if "W_O" in obj:
        W_O = matrix_from_data(obj["W_O"], f"{field}.W_O", rows=d, cols=width)
    elif width == 0:
        W_O = tuple(() for _ in range(d))
    elif width == d:
        W_O = identity_matrix(d)
    else:
        raise FormatError(f"missing field (required because Σ d_v = {width} differs from "
                          f"d_model = {d})", field=f"{field}.W_O")
    residual = _bool(obj.get("residual", True), f"{field}.residual")
    ffn = _ffn(obj["ffn"], d, f"{field}.ffn") if "ffn" in obj else None
    return Layer(heads=heads, W_O=W_O, residual=residual, ffn=ffn)


def _head(data: object, d: int, field: str) -> Head:
    obj = fields_of(data, field, required=("W_Q", "keys", "values"),
                  optional=("b_Q", "logit_bias"))
    _check_rows(obj["W_Q"], MAX_WIDTH, "d_k (rows of W_Q)", f"{field}.W_Q")
    _check_rows(obj["keys"], MAX_KEYS, "number of keys", f"{field}.keys")
    W_Q = matrix_from_data(obj["W_Q"], f"{field}.W_Q", cols=d)
    d_k = _nonempty(W_Q, "query row", f"{field}.W_Q")  # d_k = rows of W_Q
    keys = matrix_from_data(obj["keys"], f"{field}.keys", cols=d_k)
    n = _nonempty(keys, "key", f"{field}.keys")
    values = matrix_from_data(obj["values"], f"{field}.values", rows=n)
    check_count(values[0], MAX_WIDTH, "d_v (width of the values)", f"{field}.values[0]")
    if not values[0]:
        raise ShapeError("expected values of width d_v >= 1, found 0", field=f"{field}.values[0]")
    b_Q = (vector_from_data(obj["b_Q"], f"{field}.b_Q", length=d_k) if "b_Q" in obj
           else zero_vector(d_k))
    bias = (vector_from_data(obj["logit_bias"], f"{field}.logit_bias", length=n)
            if "logit_bias" in obj else zero_vector(n))
    return Head(W_Q=W_Q, b_Q=b_Q, keys=keys, values=values, logit_bias=bias)


def _ffn(data: object, d: int, field: str) -> FFN:
    obj = fields_of(data, field, required=("W1", "W2"), optional=("b1", "b2", "residual"))
    _check_rows(obj["W1"], MAX_NEURONS, "number of neurons", f"{field}.W1")
    W1 = matrix_from_data(obj["W1"], f"{field}.W1", cols=d)
    d_ff = _nonempty(W1, "neuron", f"{field}.W1")
    W2 = matrix_from_data(obj["W2"], f"{field}.W2", rows=d, cols=d_ff)
    b1 = vector_from_data(obj["b1"], f"{field}.b1", length=d_ff) if "b1" in obj else \
        zero_vector(d_ff)
    b2 = vector_from_data(obj["b2"], f"{field}.b2", length=d) if "b2" in obj else zero_vector(d)
    residual = _bool(obj.get("residual", False), f"{field}.residual")
    return FFN(W1=W1, b1=b1, W2=W2, b2=b2, residual=residual)


def _domain(data: object, d: int) -> Domain:
    if data == "all":
        return whole_space()
    if isinstance(data, str) or not isinstance(data, dict) or len(data) != 1:
        raise FormatError(f"expected \"all\", {{\"box\": ...}} or {{\"polytope\": ...}}, found "
                          f"{_kind(data)}", field="domain")
    (kind, body), = data.items()
    if kind == "box":
        if not isinstance(body, list) or len(body) != d:
            raise ShapeError(f"expected {d} [lo, hi] pairs, found {_kind(body)}",
                             field="domain.box")
        pairs = [vector_from_data(p, f"domain.box[{i}]", length=2) for i, p in enumerate(body)]
        return box_domain([(lo, hi) for lo, hi in pairs])
    if kind == "polytope":
        obj = fields_of(body, "domain.polytope", required=("A", "b"), optional=())
        A = matrix_from_data(obj["A"], "domain.polytope.A", cols=d)
        _nonempty(A, "inequality", "domain.polytope.A")
        b = vector_from_data(obj["b"], "domain.polytope.b", length=len(A))
        return polytope_domain(A, b)
    raise FormatError(f"unknown field {kind!r} (expected 'box' or 'polytope')",
                      field=f"domain.{kind}")


def domain_to_data(domain: Domain) -> object:
    """Return the plain-data form of a domain (``"all"``, a box or a polytope), as files hold it.

    Examples
    --------
    >>> from polyexact.models.domains import box_domain
    >>> from polyexact.models.load import domain_to_data
    >>> domain_to_data(box_domain([(0, 1)]))
    {'box': [[0, 1]]}
    """
    if domain.kind == "all":
        return "all"
    if domain.kind == "box" and domain.box is not None:
        return {"box": [vector_to_data(pair) for pair in domain.box]}
    return {"polytope": {"A": matrix_to_data(domain.A), "b": vector_to_data(domain.b)}}


def _layer_to_data(layer: Layer) -> dict[str, Any]:
    out: dict[str, Any] = {
        "heads": [
            {
                "W_Q": matrix_to_data(h.W_Q),
                "b_Q": vector_to_data(h.b_Q),
                "keys": matrix_to_data(h.keys),
                "values": matrix_to_data(h.values),
                "logit_bias": vector_to_data(h.logit_bias),
            }
            for h in layer.heads
        ],
        "W_O": matrix_to_data(layer.W_O),
        "residual": layer.residual,
    }
    if layer.ffn is not None:
        f = layer.ffn
        out["ffn"] = {"W1": matrix_to_data(f.W1), "b1": vector_to_data(f.b1),
                      "W2": matrix_to_data(f.W2), "b2": vector_to_data(f.b2),
                      "residual": f.residual}
    return out


def _size(value: object, field: str) -> int:
    # bool is an int subclass: JSON true must not become 1
    if isinstance(value, bool) or not isinstance(value, int):
        raise ShapeError(f"expected a positive integer, found {_kind(value)}", field=field)
    if value < 1:
        raise ShapeError(f"expected a positive integer, found {value}", field=field)
    return value


def _check_rows(data: object, limit: int, what: str, field: str) -> None:
    """Refuse more than ``limit`` rows before any row is parsed (a list, or an array's rows)."""
    if isinstance(data, (list, tuple)) or hasattr(data, "__len__"):
        check_count(len(data), limit, what, field)


def _bool(value: object, field: str) -> bool:
    if not isinstance(value, bool):
        raise FormatError(f"expected true or false, found {_kind(value)}", field=field)
    return value


def _nonempty(rows: Matrix, what: str, field: str) -> int:
    """Return the number of rows, requiring at least one row of positive width."""
    if not rows:
        raise ShapeError(f"expected at least one {what}, found none", field=field)
    if not rows[0]:
        raise ShapeError("expected rows of positive width, found 0", field=f"{field}[0]")
    return len(rows)


def _kind(value: object) -> str:
    text = json.dumps(value) if isinstance(value, (bool, int, float, str, type(None))) else \
        type(value).__name__
    return text if len(text) <= 40 else text[:37] + "..."
