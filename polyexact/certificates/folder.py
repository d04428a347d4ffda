"""Writing the folder form of a certificate: one gzip file per shard, and a manifest.

A certificate too big for one file (or for one process's memory) is a folder ``DIR``:

- ``DIR/shard-000000.json.gz``, ``DIR/shard-000001.json.gz``, ...: each shard's canonical JSON
  ``{"adjacency": [...], "cells": [...]}`` and a newline, gzip-compressed with ``mtime = 0``
  (the same shard always gives the same bytes). Indices and region ids inside a shard are
  local to it, so a worker can write its shard before it knows how many cells came before;
- ``DIR/manifest.json``: the one-file certificate's fields, with ``shards`` listing
  ``{"cells": n, "digest": "sha256:...", "file": name}`` (the digest is over the
  *uncompressed* bytes, so checking does not depend on the compressor) and ``adjacency`` the
  adjacencies across shards, in global cell indices.

The folder appears atomically (:class:`polyexact.atomic.AtomicFolder`): everything is written
into a temporary sibling folder, renamed to ``DIR`` once the manifest is complete. See
docs/certificate.md for the format and what a valid certificate proves.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from polyexact.atomic import write_atomic
from polyexact.certificates.canonical import canonical_json
from polyexact.errors import InputError

__all__ = [
    "MANIFEST",
    "ShardEntry",
    "check_folder_output",
    "manifest_chunks",
    "shard_chunks",
    "shard_file_name",
    "write_shard",
]

#: The manifest's file name inside a certificate folder.
MANIFEST = "manifest.json"

#: gzip level of shard files: most of the size gain of level 9 at a few times its speed.
GZIP_LEVEL = 6


@dataclass(frozen=True)
class ShardEntry:
    """A shard file as the manifest lists it.

    Examples
    --------
    >>> ShardEntry("shard-000000.json.gz", 4, "sha256:00").data()
    {'cells': 4, 'digest': 'sha256:00', 'file': 'shard-000000.json.gz'}
    """

    file: str
    cells: int
    digest: str

    def data(self) -> dict[str, Any]:
        """The manifest's record of this shard."""
        return {"cells": self.cells, "digest": self.digest, "file": self.file}


def shard_file_name(index: int) -> str:
    """The file name of shard ``index`` (six digits or more, so names sort in shard order).

    Examples
    --------
    >>> shard_file_name(0), shard_file_name(1234567)
    ('shard-000000.json.gz', 'shard-1234567.json.gz')
    """
    return f"shard-{index:06d}.json.gz"


def shard_chunks(adjacency: Iterable[str], cells: Iterable[str]) -> Iterator[str]:
    """The canonical JSON of one shard in pieces, from its records' canonical texts.

    Examples
    --------
    >>> "".join(shard_chunks(['{"cells":[0,1]}'], ['{"a":1}', '{"b":2}']))
    '{"adjacency":[{"cells":[0,1]}],"cells":[{"a":1},{"b":2}]}'
    """
    yield '{"adjacency":[' + ",".join(adjacency) + '],"cells":['
    for m, text in enumerate(cells):
        yield ("," if m else "") + text
    yield "]}"


def write_shard(folder: str | os.PathLike[str], index: int, chunks: Iterable[str],
                n_cells: int) -> ShardEntry:
    """Write shard ``index`` (its canonical JSON in ``chunks``) into ``folder``, gzip-compressed.

    The file is complete or absent (temporary file, then rename); the digest is the SHA-256 of
    the uncompressed text and its newline.

    Examples
    --------
    >>> import gzip, tempfile
    >>> d = tempfile.mkdtemp()
    >>> e = write_shard(d, 3, shard_chunks([], ['{"a":1}']), 1)
    >>> e.file, e.cells, e.digest[:15]
    ('shard-000003.json.gz', 1, 'sha256:84bcc3f0')
    >>> gzip.decompress((Path(d) / e.file).read_bytes())
    b'{"adjacency":[],"cells":[{"a":1}]}\\n'
    """
    data = ("".join(chunks) + "\n").encode()
    name = shard_file_name(index)
    digest = "sha256:" + hashlib.sha256(data).hexdigest()
    write_atomic(Path(folder) / name, gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))
    return ShardEntry(name, n_cells, digest)


def manifest_chunks(fields: dict[str, Any], shards: Sequence[ShardEntry],
                    adjacency: Iterable[str]) -> Iterator[str]:
    """The manifest's canonical JSON in pieces: ``fields``, the shard list, the cross adjacency.

    ``adjacency`` yields the canonical texts of the cross-shard adjacency records, in order.

    Examples
    --------
    >>> "".join(manifest_chunks({"format": "x"}, [ShardEntry("s", 1, "d")], []))
    '{"adjacency":[],"format":"x","shards":[{"cells":1,"digest":"d","file":"s"}]}'
    """
    keys = sorted((*fields, "shards", "adjacency"))
    yield "{"
    for n, key in enumerate(keys):
        yield ("," if n else "") + json.dumps(key) + ":"
        if key == "adjacency":
            yield "["
            for m, text in enumerate(adjacency):
                yield ("," if m else "") + text
            yield "]"
        elif key == "shards":
            yield canonical_json([s.data() for s in shards])
        else:
            yield canonical_json(fields[key])
    yield "}"


def check_folder_output(path: str | os.PathLike[str]) -> Path:
    """Check, before any work, that a certificate folder can be written at ``path``.

    Its parent must exist; ``path`` must be absent or a certificate folder (one with a
    manifest), which will be replaced. Anything else is refused: a folder of other files is
    never deleted.

    Raises
    ------
    InputError
        Naming the path as given.

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> check_folder_output(d / "cert") == d / "cert"
    True
    >>> _ = (d / "notes").mkdir(), (d / "notes" / "a.txt").write_text("keep me")
    >>> check_folder_output(d / "notes")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    polyexact.errors.InputError: .../notes: ... not a certificate folder ...
    """
    target = Path(path)
    if not target.parent.is_dir():
        raise InputError(f"cannot write here: no folder {target.parent}", field=str(path))
    replaceable = (target / MANIFEST).is_file() or (target.is_dir() and not any(target.iterdir()))
    if target.exists() and not replaceable:
        raise InputError("exists and is not a certificate folder (no manifest.json): "
                             "refusing to replace it", field=str(path))
    return target
