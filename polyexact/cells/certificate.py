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
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from polyexact.atomic import write_chunks_atomic
from polyexact.cells.cell import Cell
from polyexact.cells.cell_text import cell_text_parts, wall_text
from polyexact.cells.complex import Adjacency, CellComplex
from polyexact.cells.coverage import (
    Box,
    cell_volumes,
    clipped_volume,
    coverage_box,
    is_bounded_domain,
)
from polyexact.cells.serial import (
    cell_from_data,
    cell_to_data,
    fields_of,
    index_of,
    wall_from_data,
    wall_to_data,
)
from polyexact.errors import FormatError, InputError, ShapeError
from polyexact.jsonfile import read_json_file
from polyexact.models import Domain, model_from_data, model_to_data
from polyexact.numbers import format_rational, parse_rational, vector_from_data, vector_to_data

__all__ = [
    "CERTIFICATE_FORMAT",
    "REGION_DEFINITION",
    "Certificate",
    "certificate_digest",
    "certificate_from_data",
    "certificate_to_data",
    "read_certificate",
    "write_certificate",
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


def certificate_to_data(complex: CellComplex) -> dict[str, Any]:
    """Return the certificate of a cell complex as a ``polyexact.certificate/1`` dict.

    Computes the coverage evidence: exact cell volumes (for an unbounded domain, of the cells
    clipped to a box whose interior holds every minimal face of every cell and of the domain).

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.cells import Cell, CellComplex, Wall
    >>> from polyexact.models import FFN, Layer, LayerPattern, Model, box_domain
    >>> from polyexact.numbers import AffineMap
    >>> relu = Layer(heads=(), W_O=((),), ffn=FFN(W1=((F(1),),), b1=(F(0),),
    ...                                           W2=((F(1),),), b2=(F(0),)))
    >>> model = Model(1, (relu,), box_domain([(F(0), F(1))]))
    >>> cell = Cell((LayerPattern((), (True,)),), ((F(1),), (F(-1),)), (F(1), F(0)),
    ...             (Wall("domain", -1, neuron=0), Wall("domain", -1, neuron=1)), (F(1, 2),),
    ...             AffineMap(((F(1),),), (F(0),)))
    >>> data = certificate_to_data(CellComplex(model, (cell,), (), (0,)))
    >>> data["counts"], data["coverage"]
    ({'pattern_cells': 1, 'linear_regions': 1}, {'box': None, 'volume': 1})
    """
    return _certificate_data(complex, lists=True)


def _certificate_data(complex: CellComplex, *, lists: bool) -> dict[str, Any]:
    model = complex.model
    d = model.d_model
    domain = model.domain
    box: Box | None = None
    if not is_bounded_domain(domain, d):
        box = coverage_box([(c.A, c.b) for c in complex.cells] + [(domain.A, domain.b)], d)
    model_data = model_to_data(model)
    cells = []
    volumes = cell_volumes([(c.A, c.b) for c in complex.cells], domain, d, box)
    for cell, region, vol in zip(complex.cells, complex.region_of, volumes, strict=True):
        if not lists:
            break
        entry = cell_to_data(cell)
        entry["region"] = region
        entry["volume"] = format_rational(vol)
        cells.append(entry)
    data = {
        "format": CERTIFICATE_FORMAT,
        "model": model_data,
        "domain": model_data["domain"],
        "region_definition": dict(REGION_DEFINITION),
        "counts": {"pattern_cells": complex.n_cells, "linear_regions": complex.n_regions},
        "cells": cells,
        "adjacency": [{"cells": [a.first, a.second], "wall": wall_to_data(a.wall)}
                      for a in complex.adjacency],
        "coverage": {
            "box": None if box is None else [vector_to_data(pair) for pair in box],
            "volume": format_rational(clipped_volume(domain.A, domain.b, d, box)),
        },
    }
    if not lists:
        # for the streaming writer: the lists are written item by item from the complex
        del data["cells"], data["adjacency"]
        data["_volumes"] = volumes
    return data


def write_certificate(complex: CellComplex, path: str | os.PathLike[str]) -> Path:
    """Write the certificate of ``complex`` to ``path`` atomically, as canonical JSON.

    Same complex, same bytes: exactly ``_canonical(certificate_to_data(complex))`` and a newline,
    but streamed cell by cell, so memory stays that of the complex itself (no second copy of it
    as JSON objects or one giant string). Nothing is left behind if writing fails or is
    interrupted.

    Parameters
    ----------
    complex : CellComplex
        The enumerated complex.
    path : str or path-like
        The destination.

    Returns
    -------
    Path
        The path written.

    See Also
    --------
    read_certificate, certificate_to_data, write_certificate_streamed

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from polyexact.cells import enumerate_cells, read_certificate, write_certificate
    >>> from polyexact.models import construction
    >>> complex_ = enumerate_cells(construction(1, 2, 2, 1))
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = write_certificate(complex_, pathlib.Path(tmp) / "c.json")
    ...     read_certificate(path).complex == complex_
    True
    """
    return write_text_chunks(_certificate_chunks(complex), path)


def write_text_chunks(chunks: Iterable[str], path: str | os.PathLike[str]) -> Path:
    """Write ``chunks`` and a newline to ``path`` atomically (nothing is left on failure)."""
    return write_chunks_atomic(path, itertools.chain(chunks, ("\n",)))


def _certificate_chunks(complex: CellComplex) -> Iterator[str]:
    """The canonical JSON of the certificate in pieces (same text as ``_canonical``)."""
    head = _certificate_data(complex, lists=False)
    volumes = head.pop("_volumes")
    head["cells"] = None
    head["adjacency"] = None
    yield "{"
    for n, key in enumerate(sorted(head)):
        yield ("," if n else "") + json.dumps(key) + ":"
        if key == "cells":
            yield "["
            for i, (cell, region, vol) in enumerate(zip(complex.cells, complex.region_of,
                                                        volumes, strict=True)):
                # same bytes as _canonical of the cell's record, without building it
                head_text, tail_text = cell_text_parts(cell, vol)
                yield ("," if i else "") + head_text + str(region) + tail_text
            yield "]"
        elif key == "adjacency":
            yield "["
            for i, a in enumerate(complex.adjacency):
                yield ("," if i else "") + adjacency_text(a.first, a.second, wall_text(a.wall))
            yield "]"
        else:
            yield json.dumps(head[key], sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    yield "}"


def adjacency_text(first: int, second: int, wall: str) -> str:
    """The canonical JSON of one adjacency record, ``wall`` already encoded."""
    return f'{{"cells":[{first},{second}],"wall":{wall}}}'


def certificate_digest(data: Mapping[str, Any]) -> str:
    """Return the SHA-256 hex digest of the canonical JSON of a certificate dict.

    Examples
    --------
    >>> from polyexact.cells.certificate import certificate_digest
    >>> one, two = {"b": 1, "a": [1, "1/2"]}, {"a": [1, "1/2"], "b": 1}
    >>> certificate_digest(one) == certificate_digest(two)
    True
    >>> certificate_digest({})[:16]
    '44136fa355b3678a'
    """
    return hashlib.sha256(_canonical(data).encode()).hexdigest()


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


def _canonical(data: Mapping[str, Any]) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
