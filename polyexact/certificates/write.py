"""Writing certificates: the canonical JSON of a cell complex, in shards, streamed.

The format is described in :mod:`polyexact.certificates.read` (and docs/certificate.md), which
also reads it back. Files are canonical JSON (sorted keys, no spaces), so the same complex
always gives the same bytes. The text is assembled record by record
(:mod:`polyexact.certificates.cell_text`), never as one giant string.
"""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from polyexact.atomic import write_chunks_atomic
from polyexact.certificates.canonical import canonical_json, model_digest
from polyexact.certificates.cell_text import cell_text_parts, wall_text
from polyexact.certificates.complex import component_ids
from polyexact.certificates.read import (
    CERTIFICATE_FORMAT,
    REGION_DEFINITION,
    decode_certificate_text,
)
from polyexact.certificates.subject import CellRecords, Subject, subject_to_data

__all__ = [
    "adjacency_text",
    "certificate_chunks",
    "certificate_text",
    "certificate_to_data",
    "manifest_fields",
    "write_certificate",
    "write_text_chunks",
]


def manifest_fields(model: Subject, n_cells: int, n_regions: int) -> dict[str, Any]:
    """The certificate's fields other than ``shards`` and ``adjacency``.

    Examples
    --------
    >>> from polyexact.models import construction
    >>> sorted(manifest_fields(construction(1, 2, 2, 1), 4, 4))
    ['counts', 'domain', 'format', 'model', 'model_digest', 'region_definition']
    """
    model_data = subject_to_data(model)
    return {
        "format": CERTIFICATE_FORMAT,
        "model": model_data,
        "model_digest": model_digest(model),
        "domain": model_data["domain"],
        "region_definition": dict(REGION_DEFINITION),
        "counts": {"pattern_cells": n_cells, "linear_regions": n_regions},
    }


def certificate_to_data(complex: CellRecords, *, shard_cells: int | None = None
                        ) -> dict[str, Any]:
    """Return the certificate of a cell complex as a ``polyexact.certificate/2`` dict.

    Parameters
    ----------
    complex : CellComplex or NetworkComplex
        The enumerated complex.
    shard_cells : int, optional
        Cells per shard (the last may have fewer); one shard when omitted. Inside a shard,
        adjacency indices and region ids are the shard's own (docs/certificate.md).

    Examples
    --------
    >>> from polyexact.cells import enumerate_cells
    >>> from polyexact.models import construction
    >>> data = certificate_to_data(enumerate_cells(construction(1, 2, 2, 1)), shard_cells=2)
    >>> data["counts"], [len(s["cells"]) for s in data["shards"]], data["adjacency"][0]["cells"]
    ({'linear_regions': 4, 'pattern_cells': 4}, [2, 2], [1, 2])
    >>> [[c["region"] for c in s["cells"]] for s in data["shards"]]  # shard-local region ids
    [[0, 1], [0, 1]]
    """
    data: dict[str, Any] = decode_certificate_text(certificate_text(complex,
                                                                    shard_cells=shard_cells))
    return data


def certificate_text(complex: CellRecords, *, shard_cells: int | None = None) -> str:
    """The canonical JSON text of the certificate of ``complex`` (what :func:`write_certificate`
    writes, less the final newline).

    Examples
    --------
    >>> from polyexact.cells import enumerate_cells
    >>> from polyexact.models import construction
    >>> cx = enumerate_cells(construction(1, 2, 2, 1))
    >>> certificate_text(cx) == canonical_json(certificate_to_data(cx))
    True
    """
    return "".join(_complex_chunks(complex, shard_cells))


def write_certificate(complex: CellRecords, path: str | os.PathLike[str], *,
                      shard_cells: int | None = None) -> Path:
    """Write the certificate of ``complex`` to ``path`` atomically, as canonical JSON.

    Same complex, same bytes: exactly the canonical JSON of ``certificate_to_data(complex)``
    and a newline, streamed cell by cell. Nothing is left behind if writing fails or is
    interrupted.

    Parameters
    ----------
    complex : CellComplex or NetworkComplex
        The enumerated complex.
    path : str or path-like
        The destination.
    shard_cells : int, optional
        Cells per shard; one shard when omitted.

    Returns
    -------
    Path
        The path written.

    See Also
    --------
    polyexact.certificates.read_certificate, certificate_to_data

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from polyexact.certificates.canonical import canonical_json
    >>> from polyexact.cells import enumerate_cells
    >>> from polyexact.models import construction
    >>> cx = enumerate_cells(construction(1, 2, 2, 1))
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     text = write_certificate(cx, pathlib.Path(tmp) / "c.json").read_text()
    >>> text == canonical_json(certificate_to_data(cx)) + "\\n"
    True
    """
    return write_text_chunks(_complex_chunks(complex, shard_cells), path)


def write_text_chunks(chunks: Iterable[str], path: str | os.PathLike[str]) -> Path:
    """Write ``chunks`` and a newline to ``path`` atomically (nothing is left on failure).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     write_text_chunks(["{", "}"], pathlib.Path(tmp) / "x.json").read_text()
    '{}\\n'
    """
    return write_chunks_atomic(path, itertools.chain(chunks, ("\n",)))


def _complex_chunks(complex: CellRecords, shard_cells: int | None) -> Iterator[str]:
    n = complex.n_cells
    size = _shard_size(n, shard_cells)
    if size >= n:
        regions: Sequence[int] = complex.region_of  # one shard: local ids are the global ones
    else:
        # each shard's own ids: components of its same-map adjacency, in order of first cell
        inner: list[list[tuple[int, int]]] = [[] for _ in range(-(-n // size))]
        for a in complex.adjacency:
            k = a.first // size
            if a.second // size == k:
                inner[k].append((a.first - k * size, a.second - k * size))
        regions = [r for k, pairs in enumerate(inner) for r in component_ids(
            [c.affine_map for c in complex.cells[k * size:(k + 1) * size]], pairs)]

    def cells() -> Iterator[str]:
        for cell, region in zip(complex.cells, regions, strict=True):
            head, tail = cell_text_parts(cell)
            yield head + str(region) + tail

    adjacency = [(a.first, a.second, wall_text(a.wall)) for a in complex.adjacency]
    fields = manifest_fields(complex.model, complex.n_cells, complex.n_regions)
    return certificate_chunks(fields, complex.n_cells, cells(), adjacency, shard_cells)


def _shard_size(n_cells: int, shard_cells: int | None) -> int:
    size = max(n_cells, 1) if shard_cells is None else shard_cells
    if size < 1:
        raise ValueError("shard_cells must be positive")
    return size


def certificate_chunks(fields: dict[str, Any], n_cells: int, cells: Iterable[str],
                       adjacency: Sequence[tuple[int, int, str]], shard_cells: int | None
                       ) -> Iterator[str]:
    """The canonical JSON of a certificate in pieces.

    ``fields`` are :func:`manifest_fields`; ``cells`` the ``n_cells`` cell records' canonical
    texts in order, each with its **shard-local** region id (docs/certificate.md; with one
    shard these are the global ids); ``adjacency`` sorted ``(first, second, wall text)``
    triples in global cell indices; cells are cut into shards of ``shard_cells`` (one shard when
    ``None``). Inside a shard the adjacency is written with shard-local indices; across shards
    (the manifest's ``adjacency``) with global ones.

    Examples
    --------
    >>> "".join(certificate_chunks({"format": "x"}, 0, [], [], None))
    '{"adjacency":[],"format":"x","shards":[{"adjacency":[],"cells":[]}]}'
    >>> w = '{"kind":"neuron","layer":0,"neuron":0}'
    >>> text = "".join(certificate_chunks({}, 4, ["{}"] * 4, [(0, 1, w), (1, 2, w), (2, 3, w)], 2))
    >>> [a["cells"] for s in json.loads(text)["shards"] for a in s["adjacency"]]
    [[0, 1], [0, 1]]
    >>> [a["cells"] for a in json.loads(text)["adjacency"]]
    [[1, 2]]
    """
    size = _shard_size(n_cells, shard_cells)
    n_shards = max(1, -(-n_cells // size))
    inner: list[list[tuple[int, int, str]]] = [[] for _ in range(n_shards)]
    cross: list[tuple[int, int, str]] = []
    for i, j, w in adjacency:
        k = i // size
        if j // size == k:
            inner[k].append((i - k * size, j - k * size, w))
        else:
            cross.append((i, j, w))
    keys = sorted((*fields, "shards", "adjacency"))
    yield "{"
    texts = iter(cells)
    for n, key in enumerate(keys):
        yield ("," if n else "") + json.dumps(key) + ":"
        if key == "adjacency":
            yield _adjacency_list(cross)
        elif key == "shards":
            yield "["
            for k in range(n_shards):
                yield ("," if k else "") + '{"adjacency":' + _adjacency_list(inner[k])
                yield ',"cells":['
                for m, text in enumerate(itertools.islice(texts, size)):
                    yield ("," if m else "") + text
                yield "]}"
            yield "]"
        else:
            yield canonical_json(fields[key])
    yield "}"


def _adjacency_list(items: Sequence[tuple[int, int, str]]) -> str:
    return "[" + ",".join([adjacency_text(i, j, w) for i, j, w in items]) + "]"


def adjacency_text(first: int, second: int, wall: str) -> str:
    """The canonical JSON of one adjacency record, ``wall`` already encoded.

    Examples
    --------
    >>> adjacency_text(0, 3, '{"kind":"neuron","layer":0,"neuron":1}')
    '{"cells":[0,3],"wall":{"kind":"neuron","layer":0,"neuron":1}}'
    """
    return f'{{"cells":[{first},{second}],"wall":{wall}}}'
