"""Reading the folder form of a certificate: a manifest and one file per shard.

A certificate folder ``DIR`` holds ``DIR/manifest.json`` (the manifest, canonical JSON) and one
file per shard, ``shard-000000.json.gz``, ``shard-000001.json.gz``, ... (docs/certificate.md).
Each entry of the manifest's ``shards`` is ``{"cells": n, "digest": "sha256:<hex>", "file":
name}``: ``digest`` is the SHA-256 of the shard's **uncompressed** bytes, so a check does not
depend on the compressor; a name ending in ``.gz`` is gzip-compressed, any other is read as it
is. Names are plain file names inside ``DIR``. This module locates and checks the files; the
shards' contents are parsed by :mod:`polyexact.certificates.read` and the verifier.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from polyexact.certificates.folder import MANIFEST
from polyexact.certificates.serial import index_of
from polyexact.errors import FormatError
from polyexact.jsonfile import fields_of

__all__ = ["MANIFEST", "ShardFile", "folder_of", "read_shard_text", "shard_digest",
           "shard_files"]

@dataclass(frozen=True)
class ShardFile:
    """Shard ``index`` of a folder certificate: its file, cell count and digest as recorded.

    Examples
    --------
    >>> ShardFile(0, Path("d/shard-000000.json.gz"), 3, "sha256:00").compressed
    True
    """

    index: int
    path: Path
    cells: int
    digest: str

    @property
    def compressed(self) -> bool:
        """Whether the file is gzip-compressed (its name ends in ``.gz``)."""
        return self.path.name.endswith(".gz")


def folder_of(path: str | os.PathLike[str]) -> Path | None:
    """The certificate folder ``path`` names (a directory or its ``manifest.json``), else None.

    Examples
    --------
    >>> import tempfile
    >>> tmp = Path(tempfile.mkdtemp())
    >>> folder_of(tmp) == tmp, folder_of(tmp / "manifest.json") == tmp, folder_of(tmp / "c.json")
    (True, True, None)
    """
    p = Path(path)
    if p.is_dir():
        return p
    if p.name == MANIFEST and p.parent.is_dir():
        return p.parent
    return None


def shard_digest(data: bytes) -> str:
    """The digest recorded for a shard: ``"sha256:"`` and the hex SHA-256 of its bytes.

    Examples
    --------
    >>> shard_digest(b"")[:20]
    'sha256:e3b0c44298fc1'
    """
    return "sha256:" + hashlib.sha256(data).hexdigest()


def shard_files(raw: list[Any], directory: Path) -> list[ShardFile]:
    """Check the manifest's ``shards`` entries of a folder certificate; return the files.

    Raises
    ------
    FormatError
        A malformed entry, a file name that is not a plain name inside the folder, a name used
        twice, or a missing file; the field is named (``shards[k].file``, ...).

    Examples
    --------
    >>> import tempfile
    >>> tmp = Path(tempfile.mkdtemp())
    >>> _ = (tmp / "s.json").write_text("{}")
    >>> entry = {"cells": 0, "digest": "sha256:" + "a" * 64, "file": "s.json"}
    >>> shard_files([entry], tmp)[0].path.name
    's.json'
    >>> try:
    ...     shard_files([{**entry, "file": "../s.json"}], tmp)
    ... except FormatError as err:
    ...     print(err.field)
    shards[0].file
    """
    out: list[ShardFile] = []
    seen: set[str] = set()
    for k, item in enumerate(raw):
        field = f"shards[{k}]"
        obj = fields_of(item, field, ("cells", "digest", "file"))
        name = obj["file"]
        if not isinstance(name, str) or not _plain_name(name):
            raise FormatError(f"expected a plain file name inside the certificate folder, "
                              f"found {name!r}", field=f"{field}.file")
        if name in seen:
            raise FormatError(f"the file {name!r} is named by two shards", field=f"{field}.file")
        seen.add(name)
        digest = obj["digest"]
        if not isinstance(digest, str) or not digest.startswith("sha256:") \
                or len(digest) != 71 or any(c not in "0123456789abcdef" for c in digest[7:]):
            raise FormatError("expected 'sha256:' and 64 lowercase hex digits",
                              field=f"{field}.digest")
        path = directory / name
        if not path.is_file():
            raise FormatError(f"no such shard file {name!r} in the certificate folder",
                              field=f"{field}.file")
        out.append(ShardFile(k, path, index_of(obj["cells"], f"{field}.cells"), digest))
    return out


def _plain_name(name: str) -> bool:
    return (bool(name) and name not in (".", "..", MANIFEST) and ".." not in name
            and not any(c in name for c in "/\\\0") and not name.startswith("."))


def read_shard_text(shard: ShardFile) -> str:
    """The shard's JSON text, its digest checked against the uncompressed bytes.

    Raises
    ------
    FormatError
        Unreadable or not gzip (``shards[k].file``), or another digest (``shards[k].digest``).

    Examples
    --------
    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "s.json.gz"
    >>> _ = p.write_bytes(gzip.compress(b'{"cells":[]}\\n', mtime=0))
    >>> read_shard_text(ShardFile(0, p, 0, shard_digest(b'{"cells":[]}\\n')))
    '{"cells":[]}\\n'
    >>> try:
    ...     read_shard_text(ShardFile(0, p, 0, shard_digest(b"")))
    ... except FormatError as err:
    ...     print(err)
    shards[0].digest: the shard file's SHA-256 is sha256:1fb2bc7..., not the recorded one
    """
    field = f"shards[{shard.index}]"
    try:
        raw = shard.path.read_bytes()
        data = gzip.decompress(raw) if shard.compressed else raw
    except (OSError, EOFError, zlib.error) as err:
        raise FormatError(f"cannot read the shard file {shard.path.name!r} "
                          f"({err.__class__.__name__})", field=f"{field}.file") from err
    found = shard_digest(data)
    if found != shard.digest:
        raise FormatError(f"the shard file's SHA-256 is {found[:14]}..., not the recorded one",
                          field=f"{field}.digest")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise FormatError("the shard file is not UTF-8", field=f"{field}.file") from err
