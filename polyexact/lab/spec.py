"""Sweep specifications (``"format": "polyexact.sweep/1"``): a builder and a grid of its arguments.

A spec names a *builder* and a *grid*. The builder is ``"random_model"``
(:func:`~polyexact.models.builders.random_model`), ``"construction"``
(:func:`~polyexact.models.builders.construction`) or a folder or glob of model files (relative
to the spec file); the grid gives, for each keyword argument of the builder, a non-empty list of
values. The sweep counts every point of the Cartesian product, in the grid's order (the first
key varies slowest). A files builder takes no grid: its points are the matched files, sorted.
Optional ``name`` and ``description`` fields are for people and change nothing.
Everything is checked, and every model built once, before any counting starts.
"""

from __future__ import annotations

import glob
import hashlib
import inspect
import itertools
import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from polyexact.errors import FormatError, InputError
from polyexact.jsonfile import fields_of, read_json_file
from polyexact.models import Model
from polyexact.models.builders import construction, random_model
from polyexact.models.load import load_model, model_to_data

__all__ = [
    "FORMAT",
    "SweepSpec",
    "build_point",
    "model_sha256",
    "read_sweep_spec",
    "sweep_spec_from_data",
]

FORMAT = "polyexact.sweep/1"

#: The named builders; anything else is a folder or a glob of model files.
BUILDERS: dict[str, Callable[..., Model]] = {
    "random_model": random_model,
    "construction": construction,
}


@dataclass(frozen=True)
class SweepSpec:
    """A validated sweep: the builder, the grid and the points in sweep order.

    Attributes
    ----------
    builder : str
        ``"random_model"``, ``"construction"`` or the folder/glob as written in the spec.
    grid : tuple of (str, tuple)
        Each keyword argument with its values, in the spec's order (empty for files).
    points : tuple of dict
        One keyword dict per point of the Cartesian product (``{"file": path}`` for files, the
        path relative to ``base``).
    base : str
        The folder relative paths are read from (the spec file's folder).

    Examples
    --------
    >>> from polyexact.lab import sweep_spec_from_data
    >>> spec = sweep_spec_from_data({"format": "polyexact.sweep/1", "builder": "construction",
    ...                              "grid": {"d": [1], "N": [1, 2], "d_ff": [2], "L": [1, 2]}})
    >>> [(p["N"], p["L"]) for p in spec.points]
    [(1, 1), (1, 2), (2, 1), (2, 2)]
    """

    builder: str
    grid: tuple[tuple[str, tuple[Any, ...]], ...]
    points: tuple[dict[str, Any], ...]
    base: str = "."

    @property
    def n_points(self) -> int:
        """The number of grid points."""
        return len(self.points)


def read_sweep_spec(path: str | os.PathLike[str]) -> SweepSpec:
    """Read and validate a ``polyexact.sweep/1`` file.

    Raises
    ------
    InputError
        Naming the field (``grid.n_keys[2]``, ``builder``) when anything is wrong.

    Examples
    --------
    >>> import json, pathlib, tempfile
    >>> from polyexact.lab import read_sweep_spec
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "spec.json"
    >>> _ = p.write_text(json.dumps({"format": "polyexact.sweep/1", "builder": "construction",
    ...                              "grid": {"d": [1], "N": [2, 3], "d_ff": [2], "L": [1]}}))
    >>> read_sweep_spec(p).n_points
    2
    """
    data = read_json_file(path, what="sweep spec")
    return sweep_spec_from_data(data, base=Path(path).parent)


def sweep_spec_from_data(data: object, *, base: str | os.PathLike[str] = ".") -> SweepSpec:
    """Validate spec data (a decoded JSON object) and expand its grid.

    Parameters
    ----------
    data : object
        ``{"format": "polyexact.sweep/1", "builder": ..., "grid": {...}}``.
    base : path-like, default "."
        Where a files builder's folder or glob is relative to.

    Returns
    -------
    SweepSpec

    Raises
    ------
    InputError
        Naming the field: an unknown builder argument, a missing required one, an empty or
        non-list value list, a value of the wrong type, or a point the builder refuses.

    Examples
    --------
    >>> from polyexact.lab import sweep_spec_from_data
    >>> sweep_spec_from_data({"format": "polyexact.sweep/1", "builder": "construction",
    ...                       "grid": {"d": [1], "N": [2], "d_ff": [2], "L": ["x"]}})
    Traceback (most recent call last):
    ...
    polyexact.errors.InputError: grid.L[0]: expected an integer, found 'x'
    """
    fields = fields_of(data, "spec", ("format", "builder"), ("grid", "name", "description"),
                       key_prefix="")
    if fields["format"] != FORMAT:
        raise FormatError(f"expected {FORMAT!r}, found {fields['format']!r}", field="format")
    builder = fields["builder"]
    if not isinstance(builder, str) or not builder:
        raise InputError(f"expected a builder name or a folder/glob, found {builder!r}",
                         field="builder")
    grid = fields.get("grid", {})
    if not isinstance(grid, dict):
        raise InputError(f"expected an object, found {type(grid).__name__}", field="grid")
    if builder in BUILDERS:
        return _builder_spec(builder, grid, str(base))
    if grid:
        raise InputError("a folder or glob of model files takes no grid", field="grid")
    files = _model_files(builder, Path(base))
    points = tuple({"file": f} for f in files)
    for point in points:
        build_point(builder, point, str(base))  # every model file is checked up front
    return SweepSpec(builder, (), points, str(base))


def _builder_spec(builder: str, grid: dict[str, Any], base: str) -> SweepSpec:
    params = inspect.signature(BUILDERS[builder]).parameters
    for name in grid:
        if name not in params:
            raise InputError(f"not an argument of {builder} (allowed: {', '.join(params)})",
                             field=f"grid.{name}")
    for name, p in params.items():
        if p.default is inspect.Parameter.empty and name not in grid:
            raise InputError(f"{builder} needs a list of values for it", field=f"grid.{name}")
    axes: list[tuple[str, tuple[Any, ...]]] = []
    for name, values in grid.items():
        if not isinstance(values, list) or not values:
            raise InputError(f"expected a non-empty list of values, found {values!r}",
                             field=f"grid.{name}")
        default = params[name].default
        kind = type(default) if default is not inspect.Parameter.empty else int
        checked = tuple(_value(v, kind, f"grid.{name}[{i}]") for i, v in enumerate(values))
        if len(set(checked)) != len(checked):
            raise InputError("a value is repeated", field=f"grid.{name}")
        axes.append((name, checked))
    points = tuple(dict(zip([n for n, _ in axes], combo, strict=True))
                   for combo in itertools.product(*[v for _, v in axes]))
    for point in points:
        build_point(builder, point, base)  # refused sizes are input errors, before any work
    return SweepSpec(builder, tuple(axes), points, base)


def _value(value: object, kind: type, field: str) -> Any:
    if kind is bool:
        if not isinstance(value, bool):
            raise InputError(f"expected true or false, found {value!r}", field=field)
        return value
    if kind is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise InputError(f"expected an integer, found {value!r}", field=field)
        return value
    if not isinstance(value, str):
        raise InputError(f"expected a string, found {value!r}", field=field)
    return value


def _model_files(pattern: str, base: Path) -> list[str]:
    full = base / pattern
    if full.is_dir():
        matches = sorted(p for p in full.iterdir() if p.suffix == ".json")
    else:
        matches = sorted(Path(p) for p in glob.glob(str(full)) if Path(p).is_file())
    if not matches:
        raise InputError("no model file matches this folder or glob", field="builder")
    return [os.path.relpath(p, base) for p in matches]


def build_point(builder: str, params: Mapping[str, Any], base: str = ".") -> Model:
    """Build the model of one grid point.

    Raises
    ------
    InputError
        If the builder refuses the arguments (field ``grid``) or a model file is invalid.

    Examples
    --------
    >>> from polyexact.lab import build_point
    >>> build_point("construction", {"d": 1, "N": 2, "d_ff": 2, "L": 1}).name
    'construction(d=1, N=2, d_ff=2, L=1)'
    """
    if builder in BUILDERS:
        try:
            return BUILDERS[builder](**params)
        except (ValueError, TypeError) as err:
            if isinstance(err, InputError):
                raise
            raise InputError(f"{builder}({_call(params)}) refused: {err}", field="grid") from err
    try:
        return load_model(Path(base) / params["file"])
    except InputError as err:
        # name the file: the model reader names only the field inside it
        raise InputError(str(err), field=params["file"]) from err


def _call(params: Mapping[str, Any]) -> str:
    return ", ".join(f"{k}={v!r}" for k, v in params.items())


def model_sha256(model: Model) -> str:
    """The SHA-256 of the model's canonical JSON (sorted keys, no spaces, rationals as text).

    Examples
    --------
    >>> from polyexact.lab import model_sha256
    >>> from polyexact.models import construction
    >>> model_sha256(construction(1, 2, 2, 1)) == model_sha256(construction(1, 2, 2, 1))
    True
    >>> len(model_sha256(construction(1, 2, 2, 1)))
    64
    """
    text = json.dumps(model_to_data(model), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()
