"""Plain-data forms of walls, patterns and cells (``"p/q"`` numbers), validated on the way in.

These are the building blocks of the certificate file and the region-graph exports. Readers
raise :class:`~polyexact.errors.FormatError` or :class:`~polyexact.errors.ShapeError` naming the
field; they check types and shapes only, never geometry (that is the verifier's job).
"""

from __future__ import annotations

import json
from typing import Any

from polyexact.certificates.cell import Cell, Wall
from polyexact.errors import FormatError, ShapeError
from polyexact.jsonfile import fields_of
from polyexact.models import LayerPattern, Pattern
from polyexact.numbers import (
    AffineMap,
    matrix_from_data,
    matrix_to_data,
    vector_from_data,
    vector_to_data,
)

__all__ = [
    "cell_from_data",
    "cell_to_data",
    "index_of",
    "pattern_from_data",
    "pattern_to_data",
    "wall_from_data",
    "wall_to_data",
]


def wall_to_data(wall: Wall) -> dict[str, Any]:
    """Return a wall as data: only the fields that mean something for its kind.

    Examples
    --------
    >>> from polyexact.cells import Wall
    >>> from polyexact.certificates.serial import wall_from_data, wall_to_data
    >>> wall_to_data(Wall("route", 0, 1, (2, 0)))
    {'kind': 'route', 'layer': 0, 'head': 1, 'keys': [2, 0]}
    >>> wall_to_data(Wall("domain", -1, neuron=3))
    {'kind': 'domain', 'row': 3}
    >>> w = Wall("neuron", 1, neuron=4)
    >>> wall_from_data(wall_to_data(w), "wall") == w
    True
    """
    if wall.kind == "route":
        return {"kind": "route", "layer": wall.layer, "head": wall.head, "keys": list(wall.keys)}
    if wall.kind == "neuron":
        return {"kind": "neuron", "layer": wall.layer, "neuron": wall.neuron}
    return {"kind": "domain", "row": wall.neuron}


def wall_from_data(data: object, field: str) -> Wall:
    """Read a wall written by :func:`wall_to_data`.

    Parameters
    ----------
    data : object
        ``{"kind": "route", "layer", "head", "keys"}``, ``{"kind": "neuron", "layer",
        "neuron"}`` or ``{"kind": "domain", "row"}``.
    field : str
        Where the data comes from, for error messages.

    Returns
    -------
    Wall

    Raises
    ------
    FormatError
        An unknown kind, unknown or missing fields, or a bad index.
    ShapeError
        Route keys that are not a pair.

    See Also
    --------
    wall_to_data

    Examples
    --------
    >>> from polyexact.certificates.serial import wall_from_data
    >>> wall_from_data({"kind": "route", "layer": 0, "head": 1, "keys": [2, 0]}, "w")
    Wall(kind='route', layer=0, head=1, keys=(2, 0), neuron=-1)
    >>> wall_from_data({"kind": "domain", "row": 3}, "w")
    Wall(kind='domain', layer=-1, head=-1, keys=(-1, -1), neuron=3)
    >>> from polyexact.errors import FormatError
    >>> try:
    ...     wall_from_data({"kind": "face"}, "w")
    ... except FormatError as err:
    ...     print(err.field)
    w.kind
    """
    kind = data.get("kind") if isinstance(data, dict) else None
    if kind == "route":
        obj = fields_of(data, field, ("kind", "layer", "head", "keys"))
        keys = obj["keys"]
        if not isinstance(keys, list) or len(keys) != 2:
            raise ShapeError("expected a pair of key indices", field=f"{field}.keys")
        return Wall("route", index_of(obj["layer"], f"{field}.layer"),
                    index_of(obj["head"], f"{field}.head"),
                    (index_of(keys[0], f"{field}.keys[0]"), index_of(keys[1], f"{field}.keys[1]")))
    if kind == "neuron":
        obj = fields_of(data, field, ("kind", "layer", "neuron"))
        return Wall("neuron", index_of(obj["layer"], f"{field}.layer"),
                    neuron=index_of(obj["neuron"], f"{field}.neuron"))
    if kind == "domain":
        obj = fields_of(data, field, ("kind", "row"))
        return Wall("domain", -1, neuron=index_of(obj["row"], f"{field}.row"))
    raise FormatError(f"expected a wall of kind 'route', 'neuron' or 'domain', found "
                      f"{json.dumps(kind) if isinstance(kind, str) else type(data).__name__}",
                      field=f"{field}.kind" if isinstance(data, dict) else field)


def pattern_to_data(pattern: Pattern) -> list[dict[str, Any]]:
    """Return a pattern as data: per layer the chosen ``keys`` and the ``active`` bits.

    Examples
    --------
    >>> from polyexact.models import LayerPattern
    >>> from polyexact.certificates.serial import pattern_to_data
    >>> pattern_to_data((LayerPattern((1, 0), (True, False)),))
    [{'keys': [1, 0], 'active': [True, False]}]
    """
    return [{"keys": list(lp.keys), "active": list(lp.active)} for lp in pattern]


def pattern_from_data(data: object, field: str) -> Pattern:
    """Read a pattern written by :func:`pattern_to_data`.

    Parameters
    ----------
    data : object
        A list of ``{"keys": [...], "active": [...]}`` objects, one per layer.
    field : str
        Where the data comes from, for error messages.

    Returns
    -------
    Pattern
        One :class:`LayerPattern` per layer.

    Raises
    ------
    FormatError
        Not a list, unknown or missing fields, a bit that is not ``true``/``false``, a bad index.

    See Also
    --------
    pattern_to_data

    Examples
    --------
    >>> from polyexact.certificates.serial import pattern_from_data
    >>> pattern_from_data([{"keys": [0, 2], "active": [True]}], "p")
    (LayerPattern(keys=(0, 2), active=(True,)),)
    >>> pattern_from_data([{"keys": [0], "active": [1]}], "p")
    Traceback (most recent call last):
    ...
    polyexact.errors.FormatError: p[0].active[0]: expected true or false
    """
    if not isinstance(data, list):
        raise FormatError(f"expected a list of layers, found {type(data).__name__}", field=field)
    out: list[LayerPattern] = []
    for i, item in enumerate(data):
        obj = fields_of(item, f"{field}[{i}]", ("keys", "active"))
        keys, active = obj["keys"], obj["active"]
        if not isinstance(keys, list) or not isinstance(active, list):
            raise FormatError("expected lists 'keys' and 'active'", field=f"{field}[{i}]")
        for k, bit in enumerate(active):
            if not isinstance(bit, bool):
                raise FormatError("expected true or false", field=f"{field}[{i}].active[{k}]")
        out.append(LayerPattern(
            tuple(index_of(j, f"{field}[{i}].keys[{k}]") for k, j in enumerate(keys)),
            tuple(active)))
    return tuple(out)


def cell_to_data(cell: Cell) -> dict[str, Any]:
    """Return a cell as data.

    The fields are the pattern, the inequalities ``A x <= b`` with their walls, the interior
    point and the exact affine map ``{"A", "b"}``.

    Parameters
    ----------
    cell : Cell
        The cell.

    Returns
    -------
    dict
        JSON-ready data, rationals as ``"p/q"`` strings and integers as ints.

    See Also
    --------
    cell_from_data

    Examples
    --------
    >>> from polyexact.cells import enumerate_cells
    >>> from polyexact.certificates.serial import cell_to_data
    >>> from polyexact.models import construction
    >>> data = cell_to_data(enumerate_cells(construction(1, 2, 2, 1)).cells[0])
    >>> data["pattern"], data["point"], data["map"]
    ([{'keys': [0], 'active': [True, False]}], ['1/8'], {'A': [[4]], 'b': [0]})
    >>> data["A"], data["b"]
    ([[-1], [2]], [0, '1/2'])
    >>> data["walls"]
    [{'kind': 'domain', 'row': 1}, {'kind': 'neuron', 'layer': 0, 'neuron': 1}]
    """
    return {
        "pattern": pattern_to_data(cell.pattern),
        "A": matrix_to_data(cell.A),
        "b": vector_to_data(cell.b),
        "walls": [wall_to_data(w) for w in cell.walls],
        "point": vector_to_data(cell.point),
        "map": {"A": matrix_to_data(cell.affine_map.A), "b": vector_to_data(cell.affine_map.b)},
    }


def cell_from_data(data: object, field: str, d: int, *, extra: tuple[str, ...] = ()) -> Cell:
    """Read a cell written by :func:`cell_to_data` in ``R^d`` (``extra`` fields are allowed).

    Parameters
    ----------
    data : object
        The cell's data.
    field : str
        Where the data comes from, for error messages.
    d : int
        The input dimension: the width of ``A``, ``point`` and the map's ``A``.
    extra : tuple of str
        Further field names to accept (and ignore).

    Returns
    -------
    Cell

    Raises
    ------
    FormatError
        Unknown or missing fields, wrong types.
    ShapeError
        Rows, walls, point or map of the wrong shape.
    NumberError
        A number that is not a finite rational.

    See Also
    --------
    cell_to_data

    Examples
    --------
    >>> from polyexact.cells import enumerate_cells
    >>> from polyexact.certificates.serial import cell_from_data, cell_to_data
    >>> from polyexact.models import construction
    >>> cell = enumerate_cells(construction(1, 2, 2, 1)).cells[0]
    >>> cell_from_data(cell_to_data(cell), "cells[0]", 1) == cell
    True
    >>> data = {**cell_to_data(cell), "volume": 1}
    >>> cell_from_data(data, "cells[0]", 1, extra=("volume",)) == cell
    True
    >>> cell_from_data(cell_to_data(cell), "cells[0]", 2)
    Traceback (most recent call last):
    ...
    polyexact.errors.ShapeError: cells[0].A[0]: expected 2 entries, found 1
    """
    obj = fields_of(data, field, ("pattern", "A", "b", "walls", "point", "map"), extra)
    A = matrix_from_data(obj["A"], f"{field}.A", cols=d)
    b = vector_from_data(obj["b"], f"{field}.b", length=len(A))
    walls_data = obj["walls"]
    if not isinstance(walls_data, list) or len(walls_data) != len(A):
        raise ShapeError(f"expected one wall per row ({len(A)})", field=f"{field}.walls")
    walls = tuple(wall_from_data(w, f"{field}.walls[{i}]") for i, w in enumerate(walls_data))
    point = vector_from_data(obj["point"], f"{field}.point", length=d)
    m = fields_of(obj["map"], f"{field}.map", ("A", "b"))
    map_b = vector_from_data(m["b"], f"{field}.map.b")
    map_A = matrix_from_data(m["A"], f"{field}.map.A", rows=len(map_b), cols=d)
    return Cell(pattern_from_data(obj["pattern"], f"{field}.pattern"), A, b, walls, point,
                AffineMap(map_A, map_b))


def index_of(value: object, field: str) -> int:
    """Check a non-negative integer (JSON ``true`` is not ``1``).

    Parameters
    ----------
    value : object
        The decoded JSON value.
    field : str
        Where it comes from, for error messages.

    Returns
    -------
    int
        ``value`` itself.

    Raises
    ------
    FormatError
        If ``value`` is not an integer >= 0 (booleans included).

    Examples
    --------
    >>> from polyexact.certificates.serial import index_of
    >>> index_of(3, "keys[0]")
    3
    >>> index_of(True, "keys[0]")
    Traceback (most recent call last):
    ...
    polyexact.errors.FormatError: keys[0]: expected a non-negative integer, found True
    """
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise FormatError(f"expected a non-negative integer, found {value!r}", field=field)
    return value
