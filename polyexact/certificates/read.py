"""Reading certificates (``"format": "polyexact.certificate/2"``): a count that can be re-checked.

The format is documented field by field in docs/certificate.md. In short, a certificate is a
manifest and shards:

- ``model`` (a ``polyexact.model/1`` dict, or ``polyexact.model/2`` for a block network),
  ``model_digest`` (SHA-256 of its canonical JSON,
  :func:`polyexact.certificates.canonical.model_digest`) and ``domain`` (repeated for readers);
- ``region_definition`` (docs/theory.md §5) and ``counts`` ``{"pattern_cells", "linear_regions"}``;
- ``shards``: consecutive blocks of cells, each ``{"cells": [...], "adjacency": [...]}`` with
  the adjacency inside the shard in **shard-local** indices. A cell is its ``pattern``,
  irredundant rows ``A x <= b`` with the ``walls`` they come from, an interior ``point``, the
  exact affine ``map`` ``{"A", "b"}`` and its **shard-local** linear ``region`` id (the
  components of the shard's same-map adjacency, in order of first cell);
- ``adjacency``: the adjacency between cells of different shards, in global indices (cells
  numbered shard after shard). An adjacency is ``{"cells": [i, j], "wall": ...}`` with
  ``i < j``: the two cells share a facet piece.

``counts.linear_regions`` is the number of components of the whole same-map adjacency graph;
global region ids are not stored (:attr:`Certificate.complex` computes them). In the folder
form (:mod:`polyexact.certificates.shard_files`) each shard is a file named by the manifest.

Rationals are ``"p/q"`` strings (integers as ints), files canonical JSON (sorted keys, no
spaces); numbers have no digit cap beyond :data:`MAX_DIGITS`. This module holds the schema and
the reader; :mod:`polyexact.certificates.write` writes certificates.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from polyexact.certificates.cell import Cell
from polyexact.certificates.complex import Adjacency, CellComplex, component_ids
from polyexact.certificates.decode import (
    MAX_DIGITS,
    decode_certificate_text,
    decode_json,
    raw_decode,
    read_json,
)
from polyexact.certificates.serial import cell_from_data, index_of, wall_from_data
from polyexact.certificates.shard_files import MANIFEST, folder_of, read_shard_text, shard_files
from polyexact.certificates.subject import Subject, input_dim, subject_from_data
from polyexact.errors import FormatError, InputError, ShapeError
from polyexact.jsonfile import fields_of
from polyexact.models import Domain
from polyexact.numbers import digit_limit

__all__ = [
    "CERTIFICATE_FORMAT",
    "MAX_DIGITS",
    "REGION_DEFINITION",
    "Certificate",
    "Shard",
    "certificate_from_data",
    "certificate_head",
    "decode_certificate_text",
    "decode_json",
    "load_certificate_data",
    "load_manifest",
    "raw_decode",
    "read_certificate",
    "shard_file_data",
    "shard_from_data",
]

#: The format tag of certificate files.
CERTIFICATE_FORMAT = "polyexact.certificate/2"

#: The region definitions the counts use (docs/theory.md §5), recorded in every certificate.
REGION_DEFINITION: dict[str, str] = {
    "pattern_cell": "full-dimensional set of inputs with constant routing indices (lowest index "
                    "wins ties) and ReLU signs (pre-activation 0 is inactive) in every layer",
    "linear_region": "connected component of pattern cells joined across shared facets "
                     "(closures meeting in dimension d-1) with identical exact affine maps",
}


@dataclass(frozen=True)
class Shard:
    """One block of consecutive cells: ``cells[k]`` is cell ``first + k`` of the certificate.

    ``regions`` are the shard-local region ids as recorded; ``adjacency`` holds the shard's
    internal adjacencies, translated to global cell indices.

    Examples
    --------
    >>> Shard(0, (), (), ()).first
    0
    """

    first: int
    cells: tuple[Cell, ...]
    regions: tuple[int, ...]
    adjacency: tuple[Adjacency, ...]


@dataclass(frozen=True)
class Certificate:
    """A parsed certificate: the manifest and its shards.

    Attributes
    ----------
    model : Model or Network
        The model the counts are of: a v1 transformer, or a block network (``polyexact.model/2``;
        :attr:`complex` then holds the network as its ``model``, and ``locate`` does not apply).
    model_digest : str
        The recorded digest of the model's canonical JSON.
    domain : Domain
        The domain the certificate claims to cover.
    region_definition : mapping of str to str
        The recorded definitions of a pattern cell and a linear region.
    pattern_cells, linear_regions : int
        The claimed counts.
    shards : tuple of Shard
        The cells, in order, with the adjacency inside each shard.
    adjacency : tuple of Adjacency
        The adjacency between cells of different shards.

    See Also
    --------
    read_certificate, certificate_from_data, polyexact.verify.verify_certificate

    Examples
    --------
    >>> from polyexact.certificates import certificate_from_data, certificate_to_data
    >>> from polyexact.cells import enumerate_cells
    >>> from polyexact.models import construction
    >>> complex_ = enumerate_cells(construction(1, 2, 2, 1))
    >>> cert = certificate_from_data(certificate_to_data(complex_))
    >>> cert.pattern_cells, cert.linear_regions, len(cert.shards)
    (4, 4, 1)
    >>> cert.complex == complex_
    True
    """

    model: Subject
    model_digest: str
    domain: Domain
    region_definition: Mapping[str, str]
    pattern_cells: int
    linear_regions: int
    shards: tuple[Shard, ...]
    adjacency: tuple[Adjacency, ...]

    @property
    def complex(self) -> CellComplex:
        """The recorded cells, all adjacency (sorted) and global region ids as one complex.

        The region ids are computed canonically (components of the same-map adjacency,
        numbered in order of first cell); the recorded shard-local ids are the verifier's.
        """
        cells = tuple(c for s in self.shards for c in s.cells)
        adjacency = tuple(sorted((*self.adjacency, *(a for s in self.shards
                                                      for a in s.adjacency))))
        regions = component_ids([c.affine_map for c in cells],
                                [(a.first, a.second) for a in adjacency])
        return CellComplex(self.model, cells, adjacency, tuple(regions))  # type: ignore[arg-type]


def read_certificate(path: str | os.PathLike[str]) -> Certificate:
    """Read and parse a certificate file or folder.

    Parameters
    ----------
    path : str or path-like
        The file to read, or a certificate folder (a directory or its ``manifest.json``).

    Returns
    -------
    Certificate
        The parsed certificate (types and shapes checked; the geometry is the verifier's).

    Raises
    ------
    FormatError
        If the file cannot be read, is not JSON, has another format tag or a bad schema.
    InputError
        Any other malformed field (numbers, shapes, the embedded model).

    See Also
    --------
    polyexact.certificates.write_certificate, certificate_from_data

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from polyexact.certificates import read_certificate, write_certificate
    >>> from polyexact.cells import enumerate_cells
    >>> from polyexact.models import construction
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = write_certificate(enumerate_cells(construction(1, 2, 2, 1)),
    ...                              pathlib.Path(tmp) / "c.json")
    ...     read_certificate(path).linear_regions
    4
    """
    return certificate_from_data(load_certificate_data(path))


def load_certificate_data(path: str | os.PathLike[str]) -> Any:
    """Return the JSON content of a certificate file (FormatError when unreadable).

    A certificate folder's content is returned in the one-file form: each shard file (its
    digest and cell count checked) inline in ``shards``.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     p = pathlib.Path(tmp) / "big.json"
    ...     _ = p.write_text('{"x": ' + "7" * 5000 + "}")
    ...     load_certificate_data(p)["x"] % 10**6
    777777
    """
    folder = folder_of(path)
    if folder is not None:
        return _load_folder(folder, str(path))
    return read_json(Path(path), "the certificate", str(path))


def _load_folder(folder: Path, given: str) -> Any:
    """A certificate folder's manifest with each shard file's content inline."""
    data = load_manifest(folder, given)
    if not isinstance(data, dict) or not isinstance(data.get("shards"), list):
        return data  # certificate_head names what is wrong
    shards = []
    for ref in shard_files(data["shards"], folder):
        shards.append(shard_file_data(read_shard_text(ref), ref.index, ref.cells))
    return {**data, "shards": shards}


def load_manifest(folder: Path, given: str) -> Any:
    """The JSON content of a certificate folder's manifest (``given``: the path as named).

    Examples
    --------
    >>> import tempfile
    >>> try:
    ...     load_manifest(Path(tempfile.mkdtemp()), "cert")
    ... except FormatError as err:
    ...     print(err)
    cert: cannot read the certificate (a folder without manifest.json)
    """
    manifest = folder / MANIFEST
    if not manifest.is_file():
        raise FormatError(f"cannot read the certificate (a folder without {MANIFEST})",
                          field=given)
    return read_json(manifest, "the certificate's manifest", str(manifest))


def shard_file_data(text: str, k: int, cells: int) -> Any:
    """Decode the text of shard file ``k``; its number of cells must be ``cells``.

    Examples
    --------
    >>> shard_file_data('{"adjacency":[],"cells":[]}', 0, 0)
    {'adjacency': [], 'cells': []}
    >>> try:
    ...     shard_file_data('{"adjacency":[],"cells":[]}', 2, 1)
    ... except FormatError as err:
    ...     print(err)
    shards[2].cells: the manifest records 1 cells, the shard file holds 0
    """
    data = decode_json(text, f"shards[{k}].file")
    if isinstance(data, dict) and isinstance(data.get("cells"), list) \
            and len(data["cells"]) != cells:
        raise FormatError(f"the manifest records {cells} cells, the shard file holds "
                          f"{len(data['cells'])}", field=f"shards[{k}].cells")
    return data


def certificate_head(data: object) -> tuple[Certificate, list[Any], list[Any]]:
    """Parse the manifest of a certificate dict; return it (no shards) with the raw shards and
    the raw cross-shard adjacency, for readers that parse one shard at a time.

    Raises
    ------
    FormatError, InputError
        As :func:`certificate_from_data`.

    Examples
    --------
    >>> from polyexact.certificates import certificate_to_data
    >>> from polyexact.cells import enumerate_cells
    >>> from polyexact.models import construction
    >>> head, shards, cross = certificate_head(certificate_to_data(
    ...     enumerate_cells(construction(1, 2, 2, 1)), shard_cells=3))
    >>> head.pattern_cells, [len(s["cells"]) for s in shards], len(cross)
    (4, [3, 1], 1)
    """
    if not isinstance(data, dict):
        raise FormatError(f"expected an object, found {type(data).__name__}", field="certificate")
    tag = data.get("format")
    if tag != CERTIFICATE_FORMAT:
        raise FormatError(f"expected {CERTIFICATE_FORMAT!r}, found {tag!r}", field="format")
    obj = fields_of(data, "certificate", ("format", "model", "model_digest", "domain",
                                          "region_definition", "counts", "shards", "adjacency"))
    try:
        model = subject_from_data(obj["model"])
        domain = subject_from_data({**obj["model"], "domain": obj["domain"]}).domain
    except InputError as err:
        # name the field inside the certificate, not inside a bare model file
        where = f"model.{err.field}" if err.field else "model"
        raise type(err)(err.message, field=where) from err
    digest = obj["model_digest"]
    if not isinstance(digest, str):
        raise FormatError("expected a string", field="model_digest")
    definition = obj["region_definition"]
    if not isinstance(definition, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in definition.items()):
        raise FormatError("expected an object of strings", field="region_definition")
    counts = fields_of(obj["counts"], "counts", ("pattern_cells", "linear_regions"))
    shards = _list(obj["shards"], "shards")
    cross = _list(obj["adjacency"], "adjacency")
    head = Certificate(
        model=model, model_digest=digest, domain=domain, region_definition=dict(definition),
        pattern_cells=index_of(counts["pattern_cells"], "counts.pattern_cells"),
        linear_regions=index_of(counts["linear_regions"], "counts.linear_regions"),
        shards=(), adjacency=())
    return head, shards, cross


def shard_from_data(data: object, k: int, first: int, d: int) -> Shard:
    """Parse ``shards[k]`` whose first cell is cell ``first`` (input dimension ``d``).

    Raises
    ------
    FormatError, ShapeError, NumberError
        Malformed fields, named ``shards[k]...``.

    Examples
    --------
    >>> shard_from_data({"cells": [], "adjacency": []}, 0, 0, 1).cells
    ()
    """
    field = f"shards[{k}]"
    obj = fields_of(data, field, ("cells", "adjacency"))
    cells: list[Cell] = []
    regions: list[int] = []
    for n, item in enumerate(_list(obj["cells"], f"{field}.cells")):
        where = f"cells[{first + n}]"
        cells.append(cell_from_data(item, where, d, extra=("region",)))
        if "region" not in item:
            raise FormatError("missing required field", field=f"{where}.region")
        regions.append(index_of(item["region"], f"{where}.region"))
    local = (adjacency_from_data(a, f"{field}.adjacency[{n}]")
             for n, a in enumerate(_list(obj["adjacency"], f"{field}.adjacency")))
    adjacency = tuple(Adjacency(first + a.first, first + a.second, a.wall) for a in local)
    return Shard(first, tuple(cells), tuple(regions), adjacency)


def certificate_from_data(data: object) -> Certificate:
    """Parse a ``polyexact.certificate/2`` dict (types and shapes only, no geometry).

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
    polyexact.certificates.certificate_to_data, read_certificate

    Examples
    --------
    >>> from polyexact.certificates import certificate_to_data
    >>> from polyexact.cells import enumerate_cells
    >>> from polyexact.models import construction
    >>> data = certificate_to_data(enumerate_cells(construction(1, 2, 2, 1)))
    >>> certificate_from_data(data).complex.n_regions
    4
    >>> from polyexact.errors import FormatError
    >>> try:
    ...     certificate_from_data({**data, "format": "polyexact.certificate/1"})
    ... except FormatError as err:
    ...     print(err.field)
    format
    """
    head, raw_shards, raw_cross = certificate_head(data)
    d = input_dim(head.model)
    shards: list[Shard] = []
    first = 0
    with digit_limit(MAX_DIGITS):
        for k, raw in enumerate(raw_shards):
            shard = shard_from_data(raw, k, first, d)
            shards.append(shard)
            first += len(shard.cells)
    cross = tuple(adjacency_from_data(a, f"adjacency[{n}]") for n, a in enumerate(raw_cross))
    return Certificate(head.model, head.model_digest, head.domain, head.region_definition,
                       head.pattern_cells, head.linear_regions, tuple(shards), cross)


def adjacency_from_data(data: object, field: str) -> Adjacency:
    """Read one adjacency record ``{"cells": [i, j], "wall": ...}``.

    Examples
    --------
    >>> adjacency_from_data({"cells": [0, 2], "wall": {"kind": "domain", "row": 1}}, "a").second
    2
    """
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
