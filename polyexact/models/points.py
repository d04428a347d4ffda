"""The ``polyexact.points/1`` point-set file: one list of points per summand, optional heights."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from polyexact.atomic import write_atomic
from polyexact.errors import FormatError, ShapeError
from polyexact.jsonfile import check_format, read_json_file
from polyexact.models.limits import MAX_POINTS, MAX_WIDTH, check_count
from polyexact.numbers import Vector, parse_rational, vector_to_data

__all__ = [
    "POINTS_FORMAT",
    "PointSets",
    "point_sets_from_data",
    "point_sets_to_data",
    "read_point_sets",
    "write_point_sets",
]

#: The format tag of point-set files.
POINTS_FORMAT = "polyexact.points/1"

_KEYS = {"format", "dim", "sets", "heights", "name"}


@dataclass(frozen=True)
class PointSets:
    """H exact point sets in R^dim (``sets[h][j]``), optionally with heights ``heights[h][j]``.

    Attributes
    ----------
    dim : int
        The dimension of every point.
    sets : tuple of point tuples
        The H >= 1 non-empty sets.
    heights : tuple of Vector or None
        One height per point of every set, if given.
    name : str
        A display name (default empty).

    See Also
    --------
    point_sets_from_data, read_point_sets

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.models.points import PointSets, point_sets_to_data
    >>> ps = PointSets(1, (((F(0),), (F(1, 2),)),))
    >>> point_sets_to_data(ps)
    {'format': 'polyexact.points/1', 'dim': 1, 'sets': [[[0], ['1/2']]]}
    """

    dim: int
    sets: tuple[tuple[Vector, ...], ...]
    heights: tuple[Vector, ...] | None = None
    name: str = ""


def _kind(x: object) -> str:
    return type(x).__name__


def point_sets_from_data(data: object) -> PointSets:
    """Build validated :class:`PointSets` from a ``polyexact.points/1`` dict.

    Raises
    ------
    FormatError
        Not an object, wrong or missing ``format``, unknown or missing fields.
    ShapeError
        ``dim`` not a positive integer, no sets, an empty set, a point of the wrong length,
        heights not one per point.
    NumberError
        A coordinate or height that is not a finite rational.

    Examples
    --------
    >>> from polyexact.models.points import point_sets_from_data
    >>> ps = point_sets_from_data({"format": "polyexact.points/1", "dim": 1,
    ...                            "sets": [[[0], ["1/2"]]], "heights": [[0, "-1"]]})
    >>> ps.sets, ps.heights
    ((((Fraction(0, 1),), (Fraction(1, 2),)),), ((Fraction(0, 1), Fraction(-1, 1)),))
    >>> point_sets_from_data({"format": "polyexact.points/1", "dim": 2, "sets": [[[0, 1], [1]]]})
    Traceback (most recent call last):
    ...
    polyexact.errors.ShapeError: sets[0][1]: expected 2 entries, found 1
    """
    if not isinstance(data, dict):
        raise FormatError(f"expected a JSON object, found {_kind(data)}", field="points")
    # the format first: a model given as point sets is named as such, not as an unknown field
    check_format(data, POINTS_FORMAT)
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise FormatError(f"unknown field (expected one of {sorted(_KEYS)})", field=unknown[0])
    for key in ("format", "dim", "sets"):
        if key not in data:
            raise FormatError("missing required field", field=key)
    if data["format"] != POINTS_FORMAT:
        raise FormatError(f"expected {POINTS_FORMAT!r}, found {data['format']!r}", field="format")
    dim = data["dim"]
    if isinstance(dim, bool) or not isinstance(dim, int) or dim < 1:
        raise ShapeError(f"expected a positive integer, found {dim!r}", field="dim")
    check_count(dim, MAX_WIDTH, "dim", "dim")
    name = data.get("name", "")
    if not isinstance(name, str):
        raise FormatError(f"expected a string, found {_kind(name)}", field="name")
    sets_data = data["sets"]
    if not isinstance(sets_data, list) or not sets_data:
        raise ShapeError("expected a non-empty list of point sets", field="sets")
    sets = tuple(_points(s, dim, f"sets[{h}]") for h, s in enumerate(sets_data))
    heights = None
    if "heights" in data:
        heights = _heights(data["heights"], sets)
    return PointSets(dim, sets, heights, name)


def _points(data: object, dim: int, field: str) -> tuple[Vector, ...]:
    if not isinstance(data, list) or not data:
        raise ShapeError(f"expected a non-empty list of points, found {data!r:.40}", field=field)
    check_count(data, MAX_POINTS, "number of points", field)
    out = []
    for j, p in enumerate(data):
        if not isinstance(p, list):
            raise ShapeError(f"expected a list of {dim} numbers, found {_kind(p)}",
                             field=f"{field}[{j}]")
        if len(p) != dim:
            raise ShapeError(f"expected {dim} entries, found {len(p)}", field=f"{field}[{j}]")
        out.append(tuple(parse_rational(x, f"{field}[{j}][{k}]") for k, x in enumerate(p)))
    return tuple(out)


def _heights(data: object, sets: tuple[tuple[Vector, ...], ...]) -> tuple[Vector, ...]:
    if not isinstance(data, list) or len(data) != len(sets):
        found = len(data) if isinstance(data, list) else _kind(data)
        raise ShapeError(f"expected {len(sets)} lists of heights (one per set), found {found}",
                         field="heights")
    out = []
    for h, (hs, pts) in enumerate(zip(data, sets, strict=True)):
        if not isinstance(hs, list) or len(hs) != len(pts):
            found = len(hs) if isinstance(hs, list) else _kind(hs)
            raise ShapeError(f"expected {len(pts)} heights (one per point), found {found}",
                             field=f"heights[{h}]")
        out.append(tuple(parse_rational(x, f"heights[{h}][{j}]") for j, x in enumerate(hs)))
    return tuple(out)


def point_sets_to_data(ps: PointSets) -> dict[str, Any]:
    """Return ``ps`` as a ``polyexact.points/1`` dict (rationals as ``"p/q"``).

    Parameters
    ----------
    ps : PointSets
        The point sets.

    Returns
    -------
    dict
        ``format``, ``dim``, ``sets``, and ``heights``/``name`` when present.

    See Also
    --------
    point_sets_from_data, write_point_sets

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.models.points import PointSets, point_sets_from_data, point_sets_to_data
    >>> ps = PointSets(2, (((F(0), F(1)), (F(1, 3), F(0))),), ((F(0), F(-1)),), "demo")
    >>> data = point_sets_to_data(ps)
    >>> data["sets"], data["heights"], data["name"]
    ([[[0, 1], ['1/3', 0]]], [[0, -1]], 'demo')
    >>> point_sets_from_data(data) == ps
    True
    """
    data: dict[str, Any] = {"format": POINTS_FORMAT, "dim": ps.dim,
                            "sets": [[vector_to_data(p) for p in s] for s in ps.sets]}
    if ps.heights is not None:
        data["heights"] = [vector_to_data(h) for h in ps.heights]
    if ps.name:
        data["name"] = ps.name
    return data


def read_point_sets(path: str | os.PathLike[str]) -> PointSets:
    """Read and validate a ``polyexact.points/1`` JSON file.

    Parameters
    ----------
    path : str or path-like
        The file to read.

    Returns
    -------
    PointSets
        The validated point sets.

    Raises
    ------
    FormatError
        If the file cannot be read or is not JSON; any error of :func:`point_sets_from_data`.

    See Also
    --------
    write_point_sets, point_sets_from_data

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from polyexact.models.points import read_point_sets
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = pathlib.Path(tmp) / "p.json"
    ...     _ = path.write_text('{"format": "polyexact.points/1", "dim": 1, "sets": [[[0], [2]]]}')
    ...     read_point_sets(path).sets
    (((Fraction(0, 1),), (Fraction(2, 1),)),)
    """
    return point_sets_from_data(read_json_file(path, what="point-set file"))


def write_point_sets(ps: PointSets, path: str | os.PathLike[str]) -> Path:
    """Write ``ps`` as a ``polyexact.points/1`` file, atomically.

    Parameters
    ----------
    ps : PointSets
        The point sets.
    path : str or path-like
        The destination; replaced atomically if it exists.

    Returns
    -------
    Path
        The path written.

    See Also
    --------
    read_point_sets, point_sets_to_data

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from fractions import Fraction as F
    >>> from polyexact.models.points import PointSets, read_point_sets, write_point_sets
    >>> ps = PointSets(1, (((F(0),), (F(1, 2),)),), ((F(0), F(1)),))
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     read_point_sets(write_point_sets(ps, pathlib.Path(tmp) / "p.json")) == ps
    True
    """
    return write_atomic(path, json.dumps(point_sets_to_data(ps), indent=2) + "\n")
