"""Writing certificates: the canonical JSON of a cell complex, streamed, and its digest.

The format is described in :mod:`polyexact.cells.certificate`, which also reads it back. Files
are canonical JSON (sorted keys, no spaces), so the same complex always gives the same bytes and
:func:`certificate_digest` is a stable fingerprint for fixtures.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from polyexact.atomic import write_chunks_atomic
from polyexact.cells.cell_text import cell_text_parts, wall_text
from polyexact.cells.certificate import CERTIFICATE_FORMAT, REGION_DEFINITION
from polyexact.cells.complex import CellComplex
from polyexact.cells.coverage import (
    Box,
    cell_volumes,
    clipped_volume,
    coverage_box,
    is_bounded_domain,
)
from polyexact.cells.serial import cell_to_data, wall_to_data
from polyexact.models import model_to_data
from polyexact.numbers import format_rational, vector_to_data

__all__ = [
    "adjacency_text",
    "certificate_digest",
    "certificate_to_data",
    "write_certificate",
    "write_text_chunks",
]


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
    >>> from polyexact.cells.certificate_write import certificate_digest
    >>> one, two = {"b": 1, "a": [1, "1/2"]}, {"a": [1, "1/2"], "b": 1}
    >>> certificate_digest(one) == certificate_digest(two)
    True
    >>> certificate_digest({})[:16]
    '44136fa355b3678a'
    """
    return hashlib.sha256(_canonical(data).encode()).hexdigest()


def _canonical(data: Mapping[str, Any]) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
