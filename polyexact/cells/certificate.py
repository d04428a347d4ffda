"""Certificate files (``"format": "polyexact.certificate/1"``): a count that can be re-checked.

A certificate holds everything :func:`polyexact.cells.verify.verify_certificate` needs to
re-establish the pattern-cell and linear-region counts without running the enumerator:

- ``model`` (a ``polyexact.model/1`` dict) and ``domain`` (its domain, repeated for readers);
- ``region_definition`` (theory.md §5) and ``counts`` ``{"pattern_cells", "linear_regions"}``;
- ``cells``: per pattern cell its ``pattern``, irredundant rows ``A x <= b`` with the ``walls``
  they come from, an interior ``point``, the exact affine ``map`` ``{"A", "b"}`` to the output,
  its linear ``region`` id and its exact ``volume`` (clipped to the coverage box, if any);
- ``adjacency``: ``{"cells": [i, j], "wall": ...}`` per pair of cells sharing a facet;
- ``coverage``: ``{"box": null | [[lo, hi], ...], "volume": ...}``, the exact volume of the
  domain (intersected with the box) that the cell volumes must add up to. The box is present
  exactly when the domain is unbounded; :mod:`polyexact.cells.coverage` explains why this proves
  that no cell is missing.

Rationals are ``"p/q"`` strings (integers as ints). Files are canonical JSON (sorted keys, no
spaces), so the same complex always gives the same bytes and :func:`certificate_digest` is a
stable fingerprint for fixtures.

This module holds the schema and the reader; :mod:`polyexact.cells.certificate_write` writes
certificates.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from polyexact.cells.cell import Cell
from polyexact.cells.complex import Adjacency, CellComplex
from polyexact.cells.coverage import Box
from polyexact.cells.serial import cell_from_data, index_of, wall_from_data
from polyexact.errors import FormatError, InputError, ShapeError
from polyexact.jsonfile import fields_of, read_json_file
from polyexact.models import Domain, model_from_data
from polyexact.numbers import parse_rational, vector_from_data

__all__ = [
    "CERTIFICATE_FORMAT",
    "REGION_DEFINITION",
    "Certificate",
    "certificate_from_data",
    "read_certificate",
]

#: The format tag of certificate files.
CERTIFICATE_FORMAT = "polyexact.certificate/1"

#: The region definitions the counts use (theory.md §5), recorded in every certificate.
REGION_DEFINITION: dict[str, str] = {
    "pattern_cell": "full-dimensional set of inputs with constant routing indices (lowest index "
                    "wins ties) and ReLU signs (pre-activation 0 is inactive) in every layer",
    "linear_region": "connected component of pattern cells joined across shared facets "
                     "(closures meeting in dimension d-1) with identical exact affine maps",
}


@dataclass(frozen=True)
class Certificate:
    """A parsed certificate: the recorded complex and the evidence that goes with it.

    Attributes
    ----------
    complex : CellComplex
        The recorded model, cells, adjacency and region ids.
    domain : Domain
        The domain the certificate claims to cover.
    region_definition : mapping of str to str
        The recorded definitions of a pattern cell and a linear region.
    pattern_cells, linear_regions : int
        The claimed counts.
    volumes : tuple of Fraction
        One exact volume per cell (clipped to ``box`` for an unbounded domain).
    box : tuple of (lo, hi) pairs or None
        The clipping box, ``None`` for a bounded domain.
    total_volume : Fraction
        The volume the cells must add up to.

    See Also
    --------
    read_certificate, certificate_from_data, verify_certificate

    Examples
    --------
    >>> from polyexact.cells import certificate_from_data, certificate_to_data, enumerate_cells
    >>> from polyexact.models import construction
    >>> complex_ = enumerate_cells(construction(1, 2, 2, 1))
    >>> cert = certificate_from_data(certificate_to_data(complex_))
    >>> cert.pattern_cells, cert.linear_regions, cert.total_volume, cert.box
    (4, 4, Fraction(1, 1), None)
    >>> cert.volumes
    (Fraction(1, 4), Fraction(1, 4), Fraction(1, 4), Fraction(1, 4))
    >>> cert.complex == complex_
    True
    """

    complex: CellComplex
    domain: Domain
    region_definition: Mapping[str, str]
    pattern_cells: int
    linear_regions: int
    volumes: tuple[Fraction, ...]
    box: Box | None
    total_volume: Fraction


def read_certificate(path: str | os.PathLike[str]) -> Certificate:
    """Read and parse a certificate file.

    Parameters
    ----------
    path : str or path-like
        The file to read.

    Returns
    -------
    Certificate
        The parsed certificate (types and shapes checked; the geometry is for
        :func:`verify_certificate`).

    Raises
    ------
    FormatError
        If the file cannot be read, is not JSON, has another format tag or a bad schema.
    InputError
        Any other malformed field (numbers, shapes, the embedded model).

    See Also
    --------
    write_certificate, certificate_from_data

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from polyexact.cells import enumerate_cells, read_certificate, write_certificate
    >>> from polyexact.models import construction
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = write_certificate(enumerate_cells(construction(1, 2, 2, 1)),
    ...                              pathlib.Path(tmp) / "c.json")
    ...     read_certificate(path).linear_regions
    4
    """
    return certificate_from_data(load_certificate_data(path))


def load_certificate_data(path: str | os.PathLike[str]) -> Any:
    """Return the JSON content of a certificate file (FormatError when unreadable)."""
    return read_json_file(path, what="certificate")


def certificate_from_data(data: object) -> Certificate:
    """Parse a ``polyexact.certificate/1`` dict (types and shapes only, no geometry).

    Parameters
    ----------
    data : object
        The decoded JSON document.

    Returns
    -------
    Certificate
        The parsed certificate.

    Raises
    ------
    FormatError
        Another format tag, unknown or missing fields, wrong types.
    InputError
        Bad numbers or shapes, or an invalid embedded model.

    See Also
    --------
    certificate_to_data, read_certificate

    Examples
    --------
    >>> from polyexact.cells import certificate_from_data, certificate_to_data, enumerate_cells
    >>> from polyexact.models import construction
    >>> data = certificate_to_data(enumerate_cells(construction(1, 2, 2, 1)))
    >>> certificate_from_data(data).complex.n_regions
    4
    >>> from polyexact.errors import FormatError
    >>> try:
    ...     certificate_from_data({**data, "format": "polyexact.certificate/0"})
    ... except FormatError as err:
    ...     print(err.field)
    format
    """
    if not isinstance(data, dict):
        raise FormatError(f"expected an object, found {type(data).__name__}", field="certificate")
    tag = data.get("format")
    if tag != CERTIFICATE_FORMAT:
        raise FormatError(f"expected {CERTIFICATE_FORMAT!r}, found {tag!r}", field="format")
    obj = fields_of(data, "certificate", ("format", "model", "domain", "region_definition",
                                          "counts", "cells", "adjacency", "coverage"))
    try:
        model = model_from_data(obj["model"])
    except InputError as err:
        # name the field inside the certificate, not inside a bare model file
        where = f"model.{err.field}" if err.field else "model"
        raise type(err)(err.message, field=where) from err
    d = model.d_model
    domain = model_from_data({**obj["model"], "domain": obj["domain"]}).domain
    definition = obj["region_definition"]
    if not isinstance(definition, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in definition.items()):
        raise FormatError("expected an object of strings", field="region_definition")
    counts = fields_of(obj["counts"], "counts", ("pattern_cells", "linear_regions"))
    cells_data = obj["cells"]
    if not isinstance(cells_data, list):
        raise FormatError("expected a list of cells", field="cells")
    cells: list[Cell] = []
    regions: list[int] = []
    volumes: list[Fraction] = []
    for i, item in enumerate(cells_data):
        field = f"cells[{i}]"
        cells.append(cell_from_data(item, field, d, extra=("region", "volume")))
        for key in ("region", "volume"):
            if key not in item:
                raise FormatError("missing required field", field=f"{field}.{key}")
        regions.append(index_of(item["region"], f"{field}.region"))
        volumes.append(parse_rational(item["volume"], f"{field}.volume"))
    adjacency = tuple(_adjacency_from_data(a, f"adjacency[{k}]")
                      for k, a in enumerate(_list(obj["adjacency"], "adjacency")))
    coverage = fields_of(obj["coverage"], "coverage", ("box", "volume"))
    box: Box | None = None
    if coverage["box"] is not None:
        rows = _list(coverage["box"], "coverage.box")
        if len(rows) != d:
            raise ShapeError(f"expected {d} [lo, hi] pairs, found {len(rows)}",
                             field="coverage.box")
        pairs = [vector_from_data(p, f"coverage.box[{k}]", length=2) for k, p in enumerate(rows)]
        box = tuple((lo, hi) for lo, hi in pairs)
    return Certificate(
        complex=CellComplex(model, tuple(cells), adjacency, tuple(regions)),
        domain=domain,
        region_definition=dict(definition),
        pattern_cells=index_of(counts["pattern_cells"], "counts.pattern_cells"),
        linear_regions=index_of(counts["linear_regions"], "counts.linear_regions"),
        volumes=tuple(volumes),
        box=box,
        total_volume=parse_rational(coverage["volume"], "coverage.volume"),
    )


def _adjacency_from_data(data: object, field: str) -> Adjacency:
    obj = fields_of(data, field, ("cells", "wall"))
    pair = _list(obj["cells"], f"{field}.cells")
    if len(pair) != 2:
        raise ShapeError(f"expected two cell indices, found {len(pair)}", field=f"{field}.cells")
    return Adjacency(index_of(pair[0], f"{field}.cells[0]"), index_of(pair[1], f"{field}.cells[1]"),
                     wall_from_data(obj["wall"], f"{field}.wall"))


def _list(value: object, field: str) -> list[Any]:
    if not isinstance(value, list):
        raise FormatError(f"expected a list, found {type(value).__name__}", field=field)
    return value
